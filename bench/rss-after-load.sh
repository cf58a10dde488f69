#!/usr/bin/env bash
# gate-server's memory after load, as the image runs it: the pair's images started on one bridge network (memory
# limit from the task definition, CPUs the machine's unless TASK_CPUS), then rounds of `wrk -c64` for 15 s and the
# tutorial's `ab -n 20000 -c 1000` through gate; gate's VmRSS (anonymous / file-backed) from the host's /proc after
# each and 10 s after the last, gate's collections in each stretch (counts and pause time from its -Xlog:gc lines,
# which the script adds to its flags), and where its resident memory lies (the largest mappings of
# /proc/<pid>/smaps) at the end. bench/pair.sh measures the same for the exec JVMs on this machine; this is the
# image, with its AOT cache.
#
#   bench/rss-after-load.sh [rounds]       default 3 (the images must be built, see bench/warmup-curve.sh)
#   GATE_JVM_FLAGS="-Xmx48m"               more JVM flags for gate-server (JAVA_TOOL_OPTIONS)
#   GATE_ENV="MALLOC_TRIM_THRESHOLD_=0"    more environment for gate-server's container (NAME=VALUE, space-separated)
#   SETTLE=30                              read the last RSS that many seconds after the last load (default 10)
#   GC_LOG=/tmp/gate-gc.log               keep gate's whole log (its -Xlog:gc lines among them) there
#   TASK_CPUS=0.25                         a CPU limit for both containers (default none: the machine's cores)
#   TAG=before                             the images <service>:<tag> (default the project's version)
#
# Loopback and one bridge network only; each load is bounded (wrk -d15s, ab -n 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
settle=${SETTLE:-10}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "rss-after-load: rounds is a whole number of at least 1, not '$rounds'" >&2; exit 1; }
[[ $settle =~ ^[0-9]+$ ]] || { echo "rss-after-load: SETTLE takes whole seconds, not '$settle'" >&2; exit 1; }
source bench/common.sh
need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need ab apache2-utils
{ command -v docker && docker info; } >/dev/null 2>&1 || { echo "rss-after-load: no Docker engine answers (eval \"\$(../shared/ci/container-env.sh up)\")" >&2; exit 1; }
TASK_CPUS=${TASK_CPUS:-all} task_size data-server
data_threads=$task_threads
TASK_CPUS=${TASK_CPUS:-all} task_size gate-server
gate_env=()
for pair in ${GATE_ENV:-}; do
  [[ $pair == [A-Za-z_]*=* ]] || { echo "rss-after-load: GATE_ENV takes NAME=VALUE pairs, not '$pair'" >&2; exit 1; }
  gate_env+=(-e "$pair")
done
tag=${TAG:-$version}
for image in gate-server:"$tag" data-server:"$tag"; do
  docker image inspect "$image" >/dev/null 2>&1 || { echo "rss-after-load: no image $image (./mvnw -Pcontainers package -DskipTests ...)" >&2; exit 1; }
done

network=ecs-test-rss
cleanup() { docker rm -f rss-data rss-gate >/dev/null 2>&1 || true; docker network rm "$network" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup
docker network create "$network" >/dev/null
limits=(--memory "$task_memory" --memory-swap "$task_memory" --network "$network" ${task_cpus:+--cpus "$task_cpus"})
# each with its task definition's request threads, as the task runs it
docker run -d --name rss-data "${limits[@]}" -e SERVER_TOMCAT_THREADS_MAX="$data_threads" \
  --network-alias data-server.ecs-test "data-server:$tag" >/dev/null
# one line per collection on stdout (-Xlog:gc), read back with docker logs for the pause summaries below
docker run -d --name rss-gate "${limits[@]}" -e UPSTREAM_URL=http://data-server.ecs-test:4000 \
  -e SERVER_TOMCAT_THREADS_MAX="$task_threads" "${gate_env[@]}" \
  -e JAVA_TOOL_OPTIONS="${GATE_JVM_FLAGS:+$GATE_JVM_FLAGS }-Xlog:gc:stdout" "gate-server:$tag" >/dev/null
ip=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" rss-gate)
url="http://$ip:8080/"
start=$SECONDS
until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true) == 200 ]]; do
  ((SECONDS - start < 120)) || { echo "rss-after-load: no 200 from gate within 120 s" >&2; docker logs --tail 20 rss-gate >&2; exit 1; }
  sleep 0.2
done
pid=$(docker inspect -f '{{.State.Pid}}' rss-gate)
gc_log=$(mktemp)
trap 'cleanup; rm -f "$gc_log"' EXIT
gc_seen=0
# "<label> collections: ..." for the collections since the last call: count and pause time by kind
# ("Pause Young (Normal) (...) 50M->20M(94M) 3.456ms"); awk's last line is how many pauses it has seen in all
gc() {
  local out
  docker logs rss-gate >"$gc_log" 2>/dev/null || { echo "$1 collections: gate's log unreadable"; return; }
  out=$(awk -v skip="$gc_seen" '/\[gc *\] GC\([0-9]+\) Pause / && ++n > skip {
      kind = $0; sub(/.* Pause /, "", kind); sub(/ .*/, "", kind); ms = $NF; sub(/ms$/, "", ms)
      c[kind]++; t[kind] += ms; total += ms; k++; heap = $(NF - 1) }
    END { line = sprintf("collections: %d pauses, %.2f s", k, total / 1000) (k ? ", heap after the last " heap : "")
      for (x in c) line = line sprintf("; %s %d (%.2f s)", x, c[x], t[x] / 1000)
      print line; print n + 0 }' "$gc_log")
  gc_seen=${out##*$'\n'}
  echo "$1 ${out%$'\n'*}"
}
rss() { awk '/^VmRSS/ {t = $2} /^RssAnon/ {a = $2} /^RssFile/ {f = $2} END {printf "%d MiB (anon %d, file %d)", t / 1024, a / 1024, f / 1024}' "/proc/$pid/status"; }

echo "rss-after-load, $(nproc) cores, $(date -u +%FT%TZ): gate-server:$tag, --memory $task_memory${task_cpus:+ --cpus $task_cpus}, $task_threads request threads${GATE_JVM_FLAGS:+, JAVA_TOOL_OPTIONS=$GATE_JVM_FLAGS}${GATE_ENV:+, $GATE_ENV}"
echo "idle: $(rss)"
gc "  start-up"
for round in $(seq 1 "$rounds"); do
  rps=$(wrk -t2 -c64 -d15s "$url" | awk '/Requests\/sec/ {print $2}')
  echo "round $round, after wrk -c64 ($rps requests/s): $(rss)"
  # ab stops at the first socket error; its last line says which, and the RSS after it is still a figure
  ab_out=$(ab -q -n 20000 -c 1000 "$url" 2>&1) || echo "round $round: ab stopped: $(tail -1 <<<"$ab_out")"
  failed=$(awk '/^Failed requests/ {print $3}' <<<"$ab_out")
  echo "round $round, after ab -c 1000 (${failed:-?} failed): $(rss)"
  gc "  round $round"
done
# the JVM gives freed native memory back every 2 s (TrimNativeHeapInterval): what stays is what a task keeps
sleep "$settle"
echo "$settle s after the last load: $(rss)"
gc "  idle"
[[ -z ${GC_LOG:-} ]] || { cp "$gc_log" "$GC_LOG" && echo "gate's log: $GC_LOG"; }
echo "largest resident mappings (KiB resident / anonymous):"
awk '/^[0-9a-f]+-[0-9a-f]+ / {name = ($6 == "" ? "[anonymous]" : $6)} /^Rss:/ {r[name] += $2} /^Anonymous:/ {a[name] += $2}
  END {for (n in r) printf "%8d %8d  %s\n", r[n], a[n], n}' "/proc/$pid/smaps" | sort -rn | head -5
awk '/^[0-9a-f]+-[0-9a-f]+ / {h = ($6 == "[heap]")} h && /^Rss:/ {r += $2} END {printf "glibc main arena ([heap]): %d MiB resident\n", r / 1024}' "/proc/$pid/smaps"
