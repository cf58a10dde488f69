#!/usr/bin/env bash
# The README's run command, as a new user would use it: ./run-local, curl gate, stop it, and check
# that both services are gone.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/java25.sh

log=$(mktemp)
setsid ./run-local >"$log" 2>&1 &
runner=$!
cleanup() { kill -TERM -- -"$runner" 2>/dev/null || true; }
trap cleanup EXIT

deadline=$((SECONDS + 180))
until grep -q 'ready: curl' "$log"; do
  kill -0 "$runner" 2>/dev/null || { cat "$log"; echo "smoke-local-run: run-local exited early" >&2; exit 1; }
  ((SECONDS < deadline)) || { tail -40 "$log"; echo "smoke-local-run: not ready within 180s" >&2; exit 1; }
  sleep 0.5
done

headers=$(mktemp)
body=$(curl -sS --max-time 5 -D "$headers" http://127.0.0.1:8080/)
[[ $body == '응, 답!' ]] || { echo "smoke-local-run: unexpected body: $body" >&2; exit 1; }
grep -qi '^content-type: text/plain;charset=UTF-8' "$headers" \
  || { cat "$headers"; echo "smoke-local-run: unexpected content type" >&2; exit 1; }

# Ctrl-C in a terminal and TERM from outside take the same path: both services get SIGTERM.
kill -TERM "$runner"
for _ in $(seq 1 60); do kill -0 "$runner" 2>/dev/null || break; sleep 0.5; done
if pgrep -f 'server-.*-exec.jar' >/dev/null; then
  pgrep -fa 'server-.*-exec.jar'; echo "smoke-local-run: services still running after stop" >&2; exit 1
fi
trap - EXIT
echo "smoke-local-run: ok (응, 답! via run-local; both services stopped)"
