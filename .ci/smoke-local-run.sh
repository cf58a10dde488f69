#!/usr/bin/env bash
# The README's run command, as a new user would use it, twice: no JAVA_HOME and the machine's default java
# (older than 25) first on the PATH. The first ./run-local builds (it has no record of a build of its own) and
# answers; the second must answer without running Maven. Each time: curl gate, stop it, check both services are gone.
set -euo pipefail
cd "$(dirname "$0")/.."
unset JAVA_HOME
deadline_seconds=${RUN_LOCAL_DEADLINE:-300}

now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }

# run_once NAME: starts ./run-local, waits for its ready line, checks the answer, stops it; leaves its output in $log
run_once() {
  local name=$1 started runner headers body
  log=$(mktemp)
  started=$(now_ms)
  setsid ./run-local >"$log" 2>&1 &
  runner=$!
  trap 'kill -TERM -- -'"$runner"' 2>/dev/null || true' EXIT

  local deadline=$((SECONDS + deadline_seconds))
  until grep -q 'ready: curl' "$log"; do
    kill -0 "$runner" 2>/dev/null || { cat "$log"; echo "smoke-local-run: $name: run-local exited early" >&2; exit 1; }
    ((SECONDS < deadline)) || { tail -40 "$log"; echo "smoke-local-run: $name: not ready within ${deadline_seconds}s" >&2; exit 1; }
    sleep 0.2
  done
  headers=$(mktemp)
  body=$(curl -sS --max-time 5 -D "$headers" http://127.0.0.1:8080/)
  ready_ms=$(($(now_ms) - started))
  [[ $body == '응, 답!' ]] || { echo "smoke-local-run: $name: unexpected body: $body" >&2; exit 1; }
  grep -qi '^content-type: text/plain;charset=UTF-8' "$headers" \
    || { cat "$headers"; echo "smoke-local-run: $name: unexpected content type" >&2; exit 1; }

  # Ctrl-C in a terminal and TERM from outside take the same path: both services get SIGTERM.
  kill -TERM "$runner"
  for _ in $(seq 1 60); do kill -0 "$runner" 2>/dev/null || break; sleep 0.5; done
  if pgrep -f 'ecstest[.](data|gate)[.][A-Za-z]*Application' >/dev/null; then
    pgrep -fa 'ecstest[.](data|gate)[.][A-Za-z]*Application'; echo "smoke-local-run: $name: services still running after stop" >&2; exit 1
  fi
  trap - EXIT
  echo "smoke-local-run: $name: 응, 답! $ready_ms ms after ./run-local started; both services stopped"
}

rm -f target/run-local.built # what a clean clone has: no build of run-local's own
run_once first
grep -q 'building gate-server and data-server' "$log" || { cat "$log"; echo "smoke-local-run: the first run did not build" >&2; exit 1; }
grep -q '\[run-local\]   gate-server: ' "$log" || { cat "$log"; echo "smoke-local-run: the build printed no progress" >&2; exit 1; }
grep -E '^\[run-local\] (found|building|built)' "$log" || true

run_once second
if grep -qE 'building gate-server|\[run-local\]   [a-z-]+: ' "$log"; then
  cat "$log"; echo "smoke-local-run: the second run built again although nothing changed" >&2; exit 1
fi
grep -q 'up to date (no build)' "$log" || { cat "$log"; echo "smoke-local-run: the second run did not say it skipped the build" >&2; exit 1; }
echo "smoke-local-run: ok (the second run started without Maven, answering in $ready_ms ms)"
