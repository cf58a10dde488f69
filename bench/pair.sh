#!/usr/bin/env bash
# Throughput and latency through gate -> data, side by side with the tutorial's Node pair and with
# data-server alone, interleaved in one run; then the tutorial's scale-test shape (ab -n 20000 -c 1000).
#
#   bench/pair.sh [rounds]       default 3; wrk -c64 -t2 for 15 s per measurement (WRK_SECONDS)
#
# Loopback only, every load bounded in time or count. Installs wrk and ab (Debian packages) if missing.
# Prints a markdown table: min / median / max over the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${WRK_SECONDS:-15}
source bench/common.sh
node_ref=${NODE_REFERENCE:-../shared/bench/node-reference/run.sh}

need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need ab apache2-utils
build_services

pids=()
cleanup() { ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
await_200() {
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null && return; sleep 0.1; done
  echo "no 200 on :$1" >&2; exit 1
}

source scripts/jvm-flags.sh
source bench/warmup.sh
# Java pair on 8080 -> 4000, on the images' class path (target/launch-local.args: dependencies, Spring AOT's
# generated classes, the service's jar), console logging to a file, as a container's stdout would be collected
"$java" "${jvm_flags[@]}" @data-server/target/launch-local.args ecstest.data.DataServerApplication --server.port=4000 >/tmp/bench-data.log 2>&1 & pids+=($!)
data_java=$!
await_200 4000
"$java" "${jvm_flags[@]}" @gate-server/target/launch-local.args ecstest.gate.GateServerApplication --server.port=8080 \
  --data-server.url=http://127.0.0.1:4000 >/tmp/bench-gate.log 2>&1 & pids+=($!)
gate_java=$!
await_200 8080
# Node pair on 18080 -> 14000
read -r gate_pid data_pid < <("$node_ref" 18080 14000 | sed 's/gate=\([0-9]*\) data=\([0-9]*\)/\1 \2/')
pids+=("$gate_pid" "$data_pid")

# warm-up: both runtimes compile their hot paths before anything is measured (the Java pair until its JIT has
# settled, bench/warmup.sh; Node's JIT needs no more than WARMUP_SECONDS)
warm_up http://127.0.0.1:8080/ "$data_java" "$gate_java"
for port in 18080 4000; do wrk -t2 -c64 -d"${WARMUP_SECONDS:-30}s" "http://127.0.0.1:$port/" >/dev/null; done

declare -A rps p50 p99 errors
measure() { # $1 label, $2 port: appends one round's figures
  local out; out=$(wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$2/")
  rps[$1]+="$(awk '/Requests\/sec/ {print $2}' <<<"$out") "
  p50[$1]+="$(awk '$1 == "50%" {print $2}' <<<"$out") "
  p99[$1]+="$(awk '$1 == "99%" {print $2}' <<<"$out") "
  errors[$1]+="$(awk '/Socket errors/ {gsub(",", ""); s += $4 + $6 + $8 + $10} /Non-2xx/ {s += $5} END {print s + 0}' <<<"$out") "
}
last() { local -a all; read -r -a all <<<"$1"; echo "${all[-1]}"; } # the last of a list of figures
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
declare -A rss
declare -A ab_p50 ab_p99 ab_failed
measure_ab() { # $1 label, $2 port
  local out; out=$(ab -q -r -s 30 -n 20000 -c 1000 "http://127.0.0.1:$2/" 2>&1 || true)
  ab_failed[$1]+="$(awk '/Failed requests/ {print $3}' <<<"$out") "
  ab_p50[$1]+="$(awk '$1 == "50%" {print $2}' <<<"$out") "
  ab_p99[$1]+="$(awk '$1 == "99%" {print $2}' <<<"$out") "
}

for round in $(seq "$rounds"); do
  echo "round $round/$rounds" >&2
  measure "java pair" 8080
  rss[gate]+="$(rss_mib "$gate_java") "; rss[data]+="$(rss_mib "$data_java") "
  measure "node pair" 18080; measure "data-server alone" 4000
  measure_ab "java pair" 8080; measure_ab "node pair" 18080
  # each round's figures as they come (the table gives only the spread): which rounds a noisy machine disturbed
  echo "round $round: requests/s java pair $(last "${rps[java pair]}"), node pair $(last "${rps[node pair]}")," \
    "data-server alone $(last "${rps[data-server alone]}")" >&2
done

# min / median / max of a list of numbers with units (wrk prints 1.23ms, 450.00us, 1.02s)
spread() {
  tr ' ' '\n' | grep -v '^$' | awk '
    /us$/ {v = $0 + 0; print v / 1000; next} /ms$/ {print $0 + 0; next} /s$/ {print ($0 + 0) * 1000; next} {print $0 + 0}' |
    sort -g | awk '{a[NR] = $1} END {printf "%s / %s / %s", a[1], a[int((NR + 1) / 2)], a[NR]}'
}

echo "| measurement (min / median / max of $rounds rounds) | requests/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | --- | --- | --- |"
for label in "java pair" "node pair" "data-server alone"; do
  echo "| wrk -c64 ${seconds}s: $label | $(spread <<<"${rps[$label]}") | $(spread <<<"${p50[$label]}") | $(spread <<<"${p99[$label]}") | $(spread <<<"${errors[$label]}") |"
done
for label in "java pair" "node pair"; do
  echo "| ab -n 20000 -c 1000: $label | | $(spread <<<"${ab_p50[$label]}") | $(spread <<<"${ab_p99[$label]}") | $(spread <<<"${ab_failed[$label]}") failed |"
done
echo
echo "| RSS at the end of each java-pair wrk run | gate-server $(spread <<<"${rss[gate]}") MiB | data-server $(spread <<<"${rss[data]}") MiB |"
echo
echo "JVM flags: ${jvm_flags[*]}"
echo "$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(date -u +%FT%TZ); JVM $("$java" -version 2>&1 | head -1)"
