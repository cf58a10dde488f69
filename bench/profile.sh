#!/usr/bin/env bash
# Where the pair's CPU goes under load: both services of this checkout's build, wrk -c64 through gate, a
# Java Flight Recorder recording of each service during the measured window, then per service the share of
# CPU samples by thread kind, by what the request threads were inside (tracing, metrics, logging, the HTTP
# client, ...) and the hottest frames. Shares of samples are steadier on a noisy machine than requests/s.
#
#   bench/profile.sh [seconds]        default 20 s recorded, after warming up (bench/warmup.sh)
#
#   ARGS   extra arguments for both services, e.g. the task definitions' JSON logs:
#          ARGS="--logging.structured.format.console=ecs" bench/profile.sh
#   PROFILER=async   async-profiler's cpu sampling instead of JFR (tools.profiler:async-profiler from Maven Central,
#          downloaded once to ~/.cache/ecs-test; Linux x64 or arm64): it sees the kernel as well, where ~40 % of the
#          pair's CPU goes (loopback TCP, the scheduler), and samples every millisecond of CPU time. Prints per service
#          the kernel's share, the share by library (with the kernel time spent under it) and the hottest frames.
#
# Runs target/launch-local.args with scripts/jvm-flags.sh, as the other scripts do (building both services first
# if this checkout has not been built). Loopback only, the load bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
source bench/common.sh
jfr=$JAVA_HOME/bin/jfr
command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
build_services
source scripts/jvm-flags.sh
source bench/warmup.sh
extra_jvm=()
# the library of a frame (the innermost one outside the JDK), for both reports; frames as JFR prints them
area_awk='
  function area(f) {
    if (f ~ /^io\.opentelemetry|^io\.micrometer\.tracing/) return "tracing (Micrometer Tracing, OpenTelemetry)"
    if (f ~ /^io\.micrometer\.cloudwatch2|^io\.awspring\.cloud|^software\.amazon/) return "CloudWatch registry, AWS SDK"
    if (f ~ /^io\.micrometer/) return "metrics, observations (Micrometer)"
    if (f ~ /^ch\.qos\.logback|^org\.slf4j|^org\.springframework\.boot\.logging|^ecstest\.support\.Batching/) return "logging"
    if (f ~ /^org\.apache\.hc/) return "HTTP client (HttpClient 5)"
    if (f ~ /^org\.apache\.(tomcat|catalina|coyote)/) return "Tomcat"
    if (f ~ /^org\.springframework/) return "Spring"
    if (f ~ /^ecstest\./) return "service code"
    if (f == "") return "JDK only"
    return "other: " f
  }'
report_collapsed() { # $1 service: async-profiler's stacks ("frame;frame;... count", the leaf last, kernel frames _[k])
  awk -v svc="$1" "$area_awk"'
    {
      n = $NF; stack = $0; sub(/ [0-9]+$/, "", stack); k = split(stack, fr, ";"); total += n
      in_kernel = fr[k] ~ /_\[k\]$/; if (in_kernel) kernel += n
      own = "" # the innermost Java frame outside the JDK (native, stub and kernel frames: no "/", a space, _[k])
      for (i = k; i >= 1 && own == ""; i--)
        if (fr[i] ~ /\// && fr[i] !~ / |_\[k\]$/ && fr[i] !~ /^(java|javax|jdk|sun)\//) own = fr[i]
      gsub(/\//, ".", own)
      a = own == "" ? "JVM and JDK only (JIT compiler, GC, ...)" : area(own)
      if (a ~ /^other: /) sub(/\.[^.]*$/, "", a)
      areas[a] += n; if (in_kernel) kernel_areas[a] += n
      top = fr[k]; gsub(/\//, ".", top); frames[top] += n
    }
    END {
      printf "\n== %s: %d CPU samples, %.1f %% of them in the kernel\n", svc, total, 100 * kernel / total
      printf "  by the innermost library outside the JDK (and the kernel time under it):\n"
      for (a in areas) printf "    %5.1f %%  %s (kernel %.1f %%)\n", 100 * areas[a] / total, a, 100 * kernel_areas[a] / total | "sort -rn | head -12"
      close("sort -rn | head -12")
      printf "  hottest frames (the leaf):\n"
      for (f in frames) printf "    %5.1f %%  %s\n", 100 * frames[f] / total, f | "sort -rn | head -15"
      close("sort -rn | head -15")
    }' "$work/$1.collapsed"
}
profiler=${PROFILER:-jfr}
case $profiler in
  jfr) ;;
  async)
    # async-profiler's native library for this machine, from Maven Central once
    ap_version=4.2 arch=
    case $(uname -m) in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; esac
    [[ -n $arch ]] || { echo "profile: async-profiler has no build for $(uname -m)" >&2; exit 2; }
    async_lib=${XDG_CACHE_HOME:-$HOME/.cache}/ecs-test/async-profiler-$ap_version-linux-$arch/libasyncProfiler.so
    if [[ ! -f $async_lib ]]; then
      mkdir -p "$(dirname "$async_lib")"
      url=https://repo1.maven.org/maven2/tools/profiler/async-profiler/$ap_version/async-profiler-$ap_version-linux-$arch.jar
      curl -fsSL -o "$async_lib.jar" "$url" || { echo "profile: cannot download $url" >&2; exit 1; }
      unzip -q -o -j "$async_lib.jar" "linux-$arch/libasyncProfiler.so" -d "$(dirname "$async_lib")"
      rm -f "$async_lib.jar"
    fi
    # loaded into running JVMs: allowed, and without the JVM's warning
    extra_jvm=(-XX:+EnableDynamicAgentLoading) ;;
  *) echo "profile: PROFILER is jfr or async, not $profiler" >&2; exit 2 ;;
esac
work=$(mktemp -d /tmp/ecs-test-profile.XXXXXX)
pids=()
cleanup() { ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; [[ -n ${KEEP:-} ]] && echo "recordings kept in $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT
read -r -a extra <<<"${ARGS:-}"
await_200() {
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null && return; sleep 0.1; done
  echo "profile: no 200 on :$1" >&2; exit 1
}
main() { sed -n 's|.*<start-class>\(.*\)</start-class>.*|\1|p' "$1/pom.xml"; }
"$java" "${jvm_flags[@]}" "${extra_jvm[@]}" @data-server/target/launch-local.args "$(main data-server)" --server.port=4000 \
  "${extra[@]}" >"$work/data.log" 2>&1 & pids+=($!); data_pid=$!
await_200 4000
"$java" "${jvm_flags[@]}" "${extra_jvm[@]}" @gate-server/target/launch-local.args "$(main gate-server)" --server.port=8080 \
  --data-server.url=http://127.0.0.1:4000 "${extra[@]}" >"$work/gate.log" 2>&1 & pids+=($!); gate_pid=$!
await_200 8080
warm_up http://127.0.0.1:8080/ "$data_pid" "$gate_pid"
load() { wrk -t2 -c64 -d"${seconds}s" --latency http://127.0.0.1:8080/ | grep -E 'Requests/sec|99%|Socket|Non-2xx' || true; }
if [[ $profiler == async ]]; then
  # JVMTI.agent_load's option is one quoted word: unquoted, jcmd would read "start,event=cpu" as a key and a value
  agent() { # $1 pid, $2 async-profiler command
    "$JAVA_HOME/bin/jcmd" "$1" JVMTI.agent_load "$async_lib" "\"$2\"" | grep -q 'return code: 0' \
      || { echo "profile: async-profiler's $2 failed in pid $1" >&2; exit 1; }
  }
  for pid in "$data_pid" "$gate_pid"; do agent "$pid" start,event=cpu,interval=1ms; done
  load
  for s in data gate; do pid=${s}_pid; agent "${!pid}" "stop,file=$work/$s.collapsed,collapsed"; done
  for s in data gate; do report_collapsed "$s"; done
  exit 0
fi
for s in data gate; do
  pid=${s}_pid
  "$JAVA_HOME/bin/jcmd" "${!pid}" JFR.start name=p settings=profile filename="$work/$s.jfr" >/dev/null
done
load
for s in data gate; do
  pid=${s}_pid
  "$JAVA_HOME/bin/jcmd" "${!pid}" JFR.stop name=p >/dev/null
done

report() { # $1 service: samples by thread kind, by area inside request threads, top frames
  "$jfr" print --stack-depth 96 --events jdk.ExecutionSample "$work/$1.jfr" | awk -v svc="$1" "$area_awk"'
    /^jdk.ExecutionSample/ { own = ""; top = ""; thread = "" }
    /sampledThread = / { thread = $0; sub(/.*sampledThread = "/, "", thread); sub(/".*/, "", thread)
      gsub(/[0-9]+/, "N", thread); if (thread == "") thread = "(virtual thread)" }
    /line:/ { f = $1; if (top == "") top = f; if (own == "" && f !~ /^(java|javax|jdk|sun)\./) own = f }
    /^}/ {
      n++; threads[thread]++; c = own; sub(/\.[^.(]*\(.*/, "", c); frames[c == "" ? top : c]++
      if (thread ~ /tomcat-handler|-exec-|virtual/) { req++; a = area(own); areas[a]++; m = own; sub(/\(.*/, "", m); inside[a " <- " m]++ }
    }
    END {
      printf "\n== %s: %d CPU samples\n", svc, n
      printf "  by thread:\n"
      for (t in threads) printf "    %5.1f %%  %s\n", 100 * threads[t] / n, t | "sort -rn"
      close("sort -rn")
      printf "  request threads (%d samples), by the innermost frame outside the JDK:\n", req
      for (a in areas) printf "    %5.1f %%  %s\n", 100 * areas[a] / req, a | "sort -rn"
      close("sort -rn")
      printf "  hottest methods inside tracing, metrics and logging (request threads):\n"
      for (m in inside) if (m ~ /^(tracing|metrics|logging)/) printf "    %5.1f %%  %s\n", 100 * inside[m] / req, m | "sort -rn | head -20"
      close("sort -rn | head -20")
      printf "  hottest classes (innermost frame outside the JDK, else the top frame):\n"
      for (f in frames) printf "    %6.2f %%  %s\n", 100 * frames[f] / n, f | "sort -rn | head -15"
      close("sort -rn | head -15")
    }'
}
report data
report gate
