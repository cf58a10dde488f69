#!/usr/bin/env bash
# docs/containers.md's compose section, with docker-compose v1 (the one on these machines): up, curl the
# published port, down, and nothing of the project left behind. Expects the images in the daemon.
set -euo pipefail
cd "$(dirname "$0")/.."
project=ecs-test-ci
port=${GATE_PORT:-80}
compose() { GATE_PORT=$port docker-compose -p "$project" "$@"; }
trap 'compose down --remove-orphans >/dev/null 2>&1 || true' EXIT

compose up -d
deadline=$((SECONDS + 120))
until body=$(curl -fsS --max-time 3 "http://localhost:$port/" 2>/dev/null); do
  ((SECONDS < deadline)) || { compose ps; compose logs --tail 40; echo "smoke-compose: no answer on :$port" >&2; exit 1; }
  sleep 1
done
[[ $body == '응, 답!' ]] || { echo "smoke-compose: unexpected body: $body" >&2; exit 1; }

compose down --remove-orphans
trap - EXIT
left=$(docker ps -aq --filter "label=com.docker.compose.project=$project")
nets=$(docker network ls -q --filter name='^ecs-test$')
[[ -z $left && -z $nets ]] || { docker ps -a; docker network ls; echo "smoke-compose: down left containers or networks" >&2; exit 1; }
echo "smoke-compose: ok (응, 답! on :$port; down left nothing)"
