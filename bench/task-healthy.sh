#!/usr/bin/env bash
# Each service started as its rendered task definition says (deploy/ecs-test render): the task's cpu and memory
# as the container's limits, its health check command and timings, the read-only root with a volume at /tmp, its
# environment. Per run, from docker run: the port accepting a connection (what the task definitions' health
# check, a TCP connect, asks), readiness answering 200 (what the target group asks), and Docker itself reporting
# "healthy" (its first check runs one interval after the start, as on ECS, so this figure moves in steps of the
# interval). The first two are probed from the host at the container's address every 0.1 s, outside the
# container's CPU quota. Prints min / median / max of N runs.
#
#   bench/task-healthy.sh [runs]     default 5; the images must be built (./mvnw -Pcontainers package -DskipTests
#                                    -Djib.from.platforms=linux/amd64)
#
# data-server runs first with the network alias gate's UPSTREAM_URL names (as Cloud Map does), then gate-server.
# Loopback and one bridge network only; every wait has a deadline.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
source bench/common.sh
command -v jq >/dev/null || { echo "task-healthy: needs jq (Debian: apt-get install jq)" >&2; exit 1; }
for image in "data-server:$version" "gate-server:$version"; do
  docker image inspect "$image" >/dev/null 2>&1 || { echo "task-healthy: no image $image; build it first (see the header)" >&2; exit 1; }
done

rendered=$(mktemp -d)
network=ecs-test-task-healthy
cleanup() { docker rm -f th-data th-data-server th-gate-server >/dev/null 2>&1 || true; docker network rm "$network" >/dev/null 2>&1 || true; rm -rf "$rendered"; }
trap cleanup EXIT
deploy/ecs-test render --set ACCOUNT_ID=123456789012 --out "$rendered" >/dev/null
task() { jq -c . "$rendered"/*-ecs-register-task-definition-"$1".json; }
docker network create "$network" >/dev/null

now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }
# docker run arguments for the task definition's one container ($1 = task JSON): only fields the runner in
# gate-server's tests (TaskDefinitionRunner) also models
docker_args() {
  jq -r '. as $t | .containerDefinitions[0] as $c | [
      "--cpus", (($t.cpu | tonumber) / 1024 | tostring),
      "--memory", "\($t.memory)m", "--memory-swap", "\($t.memory)m",
      (if $c.readonlyRootFilesystem then "--read-only" else empty end),
      ($c.mountPoints[]? | "--mount", "type=volume,dst=\(.containerPath)"),
      ($c.environment[]? | "--env", "\(.name)=\(.value)"),
      "--health-cmd", ($c.healthCheck.command[1:] | @sh),
      "--health-interval", "\($c.healthCheck.interval)s", "--health-timeout", "\($c.healthCheck.timeout)s",
      "--health-retries", "\($c.healthCheck.retries)", "--health-start-period", "\($c.healthCheck.startPeriod)s",
      "--stop-timeout", "\($c.stopTimeout)"
    ] | .[]' <<<"$1"
}
port_of() { jq -r '.containerDefinitions[0].portMappings[0].containerPort' <<<"$1"; }

# $1 = service, $2 = task JSON, extra docker args; prints "health_ms ready_ms healthy_ms"
run_once() {
  local name=$1 json=$2; shift 2
  local args; mapfile -t args < <(docker_args "$json")
  local port; port=$(port_of "$json")
  local start; start=$(now_ms)
  docker run -d --name "th-$name" --network "$network" "${args[@]}" "$@" "$name:$version" >/dev/null
  local ip; ip=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "th-$name")
  local health= ready= healthy= deadline=$((start + 120000))
  while [[ -z $healthy ]]; do
    (($(now_ms) < deadline)) || { echo "task-healthy: $name not healthy within 120 s" >&2; docker logs --tail 20 "th-$name" >&2; exit 1; }
    [[ -n $health ]] || { { exec {conn}<>"/dev/tcp/$ip/$port"; } 2>/dev/null && exec {conn}<&- && health=$(($(now_ms) - start)); } || true
    if [[ -n $health && -z $ready ]] && { exec {conn}<>"/dev/tcp/$ip/$port"; } 2>/dev/null; then
      printf 'GET /actuator/health/readiness HTTP/1.0\r\n\r\n' >&"$conn" 2>/dev/null || true
      IFS=' ' read -r -t 1 -u "$conn" _ status _ 2>/dev/null || status=
      exec {conn}<&-
      [[ $status != 200 ]] || ready=$(($(now_ms) - start))
    fi
    [[ $(docker inspect -f '{{.State.Health.Status}}' "th-$name") != healthy ]] || healthy=$(($(now_ms) - start))
    sleep 0.1
  done
  echo "${health:-$healthy} ${ready:-$healthy} $healthy"
}
stats() { sort -n | awk '{a[NR] = $1} END {printf "min %.1f / median %.1f / max %.1f s", a[1] / 1000, a[int((NR + 1) / 2)] / 1000, a[NR] / 1000}'; }
report() { # $1 = label, stdin = run_once lines
  local lines; lines=$(cat)
  printf '%-12s port accepts: %s   readiness 200: %s   Docker "healthy": %s\n' "$1" \
    "$(cut -d' ' -f1 <<<"$lines" | stats)" "$(cut -d' ' -f2 <<<"$lines" | stats)" "$(cut -d' ' -f3 <<<"$lines" | stats)"
}

data=$(task data-server)
gate=$(task gate-server)
upstream_host=$(jq -r '.containerDefinitions[0].environment[] | select(.name == "UPSTREAM_URL") | .value' <<<"$gate" | sed 's|^[a-z]*://||; s|[:/].*||')
echo "task-healthy, $runs runs each, $(nproc) cores, $(date -u +%FT%TZ): data-server cpu $(jq -r .cpu <<<"$data") memory $(jq -r .memory <<<"$data"), gate-server cpu $(jq -r .cpu <<<"$gate") memory $(jq -r .memory <<<"$gate")"
for _ in $(seq "$runs"); do
  run_once data-server "$data" --network-alias "$upstream_host"
  docker rm -f th-data-server >/dev/null
done | report data-server
docker run -d --name th-data --network "$network" --network-alias "$upstream_host" "data-server:$version" >/dev/null
for _ in $(seq "$runs"); do
  run_once gate-server "$gate"
  docker rm -f th-gate-server >/dev/null
done | report gate-server
