#!/usr/bin/env bash
# How fast a cold task serves: the pair started cold at the task's size (--cpus and --memory, default the task
# definition's 0.25 vCPU / 512 MiB), gate-server loaded from its first 200 on, requests/s and p99 per 5 s window.
# Prints each variant's curve, its warm peak and when it first held 90 % of it; with gnuplot on the PATH, draws
# the curves to bench/warmup-curve.svg.
#
#   bench/warmup-curve.sh [seconds]     default 180 s of load per variant (the images must be built:
#                                       ./mvnw -Pcontainers package -DskipTests -Djib.from.platforms=linux/amd64
#                                       -Dbase.image=docker://ecs-test/runtime:25)
#   VARIANTS="image jit8 no-aot"        image: as built, with the request threads the task definitions give each
#                                       service (GATE_/DATA_REQUEST_THREADS); jit8: + -XX:CompileThresholdScaling=8;
#                                       no-aot: without the JDK AOT cache (-XX:AOTMode=off); c1: C1 only
#                                       (-XX:TieredStopAtLevel=1); threads=<n>: both services with n request threads
#                                       (server.tomcat.threads.max; threads=16 is gate's own default).
#                                       JAVA_TOOL_OPTIONS adds each flag. tag=<tag>: the images <service>:<tag>
#                                       as built, for before/after (docker tag gate-server:0.1.0 gate-server:before).
#                                       Join with + to combine: tag=before+threads=4
#   TASK_CPUS=1 TASK_MEMORY=2g          another task size (default: the stack's settings GATE_CPU and
#                                       GATE_MEMORY; TASK_CPUS=all: the machine's cores)
#   CONNECTIONS=16                      the load: wrk's connections, kept busy
#
# The load: wrk with CONNECTIONS (16) connections, each sending its next request when the last is answered. A
# task behind the ALB gets its share of the service's requests over reused connections; 16 is more than gate-server's
# request threads (4 at 0.25 vCPU, 16 in the image), so every thread has work and the curve shows what the task can
# serve, not a fixed rate it may not reach (a closed loop: a slow window sends fewer requests rather than queueing
# them). That is a task given more than it can serve from its first 200 on, as without the load balancer's slow
# start: the worst case.
# Loopback and one bridge network only; each window is bounded (wrk -d5s), as is the wait for the first 200.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-180}
variants=${VARIANTS:-"image jit8"}
connections=${CONNECTIONS:-16}
source bench/common.sh
task_size data-server && data_threads=$task_threads
task_size gate-server # both services at gate-server's task size (the stack gives both the same)
cpus=${task_cpus:-$(nproc)}
memory=$task_memory
gate_threads=$task_threads
# a variant is one or more of these joined by +, e.g. tag=before+threads=4
tag_of() { # $1 = variant: the images' tag
  local part
  for part in ${1//+/ }; do [[ $part != tag=* ]] || { echo "${part#tag=}"; return; }; done
  echo "$version"
}
for variant in $variants; do
  for image in "data-server:$(tag_of "$variant")" "gate-server:$(tag_of "$variant")"; do
    docker image inspect "$image" >/dev/null 2>&1 || { echo "warmup-curve: no image $image; build it first (see the header)" >&2; exit 1; }
  done
done
command -v wrk >/dev/null || { echo "warmup-curve: needs wrk (Debian: apt-get install wrk)" >&2; exit 1; }

flag_of() { # $1 = variant: its JVM flags
  local part flags=""
  for part in ${1//+/ }; do flags+="${flags:+ }$(part_flag "$part")" || exit 1; done
  echo "${flags% }"
}
part_flag() {
  case $1 in
    image | tag=*) echo "" ;;
    c1) echo "-XX:TieredStopAtLevel=1" ;;
    threads=*) echo "-Dserver.tomcat.threads.max=${1#threads=}" ;;
    jit8) echo "-XX:CompileThresholdScaling=8" ;;
    no-aot) echo "-XX:AOTMode=off" ;;
    *) echo "warmup-curve: unknown variant $1 (image, jit8, no-aot, c1, threads=<n>, tag=<tag>)" >&2; exit 1 ;;
  esac
}
for variant in $variants; do flag_of "$variant" >/dev/null || exit 1; done # an unknown one stops before any run

network=ecs-test-warmup
out=$(mktemp -d)
cleanup() { docker rm -f wc-data wc-gate >/dev/null 2>&1 || true; docker network rm "$network" >/dev/null 2>&1 || true; }
trap 'cleanup; rm -rf "$out"' EXIT
cleanup
docker network create "$network" >/dev/null

# $1 = variant; writes "$out/$1": "t_seconds requests_per_second p99_ms" per window, t from gate's first 200
run_variant() {
  local variant=$1 flag tag
  flag=$(flag_of "$variant")
  tag=$(tag_of "$variant")
  cleanup
  docker network create "$network" >/dev/null
  local limits=(--cpus "$cpus" --memory "$memory" --memory-swap "$memory" --network "$network")
  # request threads as the task definitions set them (a threads=<n> variant's system property outranks them)
  docker run -d --name wc-data "${limits[@]}" --network-alias data-server.ecs-test -e SERVER_TOMCAT_THREADS_MAX="$data_threads" \
    ${flag:+-e JAVA_TOOL_OPTIONS="$flag"} "data-server:$tag" >/dev/null
  docker run -d --name wc-gate "${limits[@]}" -e UPSTREAM_URL=http://data-server.ecs-test:4000 -e SERVER_TOMCAT_THREADS_MAX="$gate_threads" \
    ${flag:+-e JAVA_TOOL_OPTIONS="$flag"} "gate-server:$tag" >/dev/null
  local ip url start
  ip=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" wc-gate)
  url="http://$ip:8080/"
  start=$(date +%s)
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true) == 200 ]]; do
    (($(date +%s) - start < 120)) || { echo "warmup-curve: $variant: no 200 from gate within 120 s" >&2; docker logs --tail 20 wc-gate >&2; exit 1; }
    sleep 0.2
  done
  echo "$variant: gate's first 200 after $(($(date +%s) - start)) s; loading with $connections connections for $seconds s" >&2
  local t=0 report rps p99
  : >"$out/$variant"
  while ((t < seconds)); do
    report=$(wrk -t1 -c"$connections" -d5s --latency "$url" 2>&1)
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$report")
    p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; print v}' <<<"$report")
    t=$((t + 5))
    echo "$t ${rps:-0} ${p99:-0}" >>"$out/$variant"
  done
  cleanup
}

# "peak t90": the warm peak (the median of the last 6 windows' requests/s) and the first t from which three
# windows in a row held 90 % of it
summarise() {
  awk '{t[NR] = $1; r[NR] = $2} END {
    n = 0; for (i = NR - 5; i <= NR; i++) if (i > 0) last[++n] = r[i];
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (last[j] < last[i]) {x = last[i]; last[i] = last[j]; last[j] = x}
    peak = (n % 2) ? last[(n + 1) / 2] : (last[n / 2] + last[n / 2 + 1]) / 2;
    t90 = "never";
    for (i = 1; i + 2 <= NR; i++) if (r[i] >= 0.9 * peak && r[i + 1] >= 0.9 * peak && r[i + 2] >= 0.9 * peak) {t90 = t[i]; break}
    printf "%.0f %s\n", peak, t90
  }' "$1"
}

echo "warmup-curve, $(nproc) cores, $(date -u +%FT%TZ): --cpus $cpus --memory $memory, wrk -c$connections, $seconds s per variant"
for variant in $variants; do run_variant "$variant"; done

printf '\n%-8s' "t (s)"
for variant in $variants; do printf '  %22s' "$variant req/s | p99 ms"; done
echo
paste $(for variant in $variants; do echo "$out/$variant"; done) | awk -v n="$(wc -w <<<"$variants")" '{
  printf "%-8s", $1; for (i = 0; i < n; i++) printf "  %13.0f | %6.1f", $(3 * i + 2), $(3 * i + 3); printf "\n" }'
echo
for variant in $variants; do
  read -r peak t90 < <(summarise "$out/$variant")
  echo "$variant: warm peak $peak req/s; 90 % of it held from t = $t90 s"
done

if command -v gnuplot >/dev/null; then
  plot=""
  for variant in $variants; do plot+="${plot:+, }'$out/$variant' using 1:2 with linespoints title '$variant'"; done
  gnuplot -e "set terminal svg size 800,450; set output 'bench/warmup-curve.svg'; set xlabel 's since the first 200';
    set ylabel 'requests/s (gate-server, wrk -c$connections)'; set title 'cold pair at --cpus $cpus --memory $memory';
    set key bottom right; plot $plot"
  echo "picture: bench/warmup-curve.svg"
fi
