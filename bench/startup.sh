#!/usr/bin/env bash
# Launch -> first 200 on GET /, for each service as a plain JVM and (with a Docker engine and the
# images built) as a container; RSS once idle. Prints min / median / max of N runs.
#
#   bench/startup.sh [runs]        default 5; set MODES="jvm" or "container" to run one kind only. Containers run at
#                                  each service's task size in the stack's settings (GATE_CPU=256 and
#                                  GATE_MEMORY=512: --cpus 0.25 --memory 512m), as Fargate runs them
#   TASK_CPUS=all bench/startup.sh [runs]
#                                  containers without a CPU limit (this machine's cores); TASK_CPUS=1 TASK_MEMORY=2g
#                                  another size for both services
#   CONTAINER_JVM_FLAGS="-XX:..." bench/startup.sh [runs]
#                                  containers with more JVM flags (JAVA_TOOL_OPTIONS), e.g. -XX:TieredStopAtLevel=1
#   BASELINE_TAG=<tag> bench/startup.sh [runs]
#                                  containers only, before/after: each run starts <service>:<tag> and then the
#                                  current image, so both see the same neighbours (tag the old images first:
#                                  docker tag gate-server:0.1.0 gate-server:before, and data-server likewise)
#
# data-server is measured alone on :4000; gate-server on :8080 with data-server already up (its first
# 200 needs the relay). Loopback only; every wait has a deadline.
#
# A container's launch -> first 200 counts from `docker run`. Issue 6's target, "container start -> first 200",
# counts from the container's start: "started -> first 200", from the moment the engine started the container's
# process (docker inspect's State.StartedAt), the counterpart of the moment ECS reports a task RUNNING (its
# startedAt), which is what the image and its JVM govern. The engine's own part before it (creating the container,
# its network namespace and port forwarding, starting its process: 0.35-1.0 s on these machines, depending on the
# day) is printed too, and measured alone in the same run: the same image, network, port and memory limit, with
# `bash -c 'exit 0'` instead of the JVM ("no JVM").
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
modes=${MODES:-"jvm container"}
[[ -z ${BASELINE_TAG:-} ]] || modes=container
source bench/common.sh
[[ $modes != *jvm* ]] || build_services

source scripts/jvm-flags.sh
now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }
# Polling costs no process per try: each curl (and sleep, and date) is a fork and an exec, and a curl every 10 ms
# took ~60 % of a core here, which a starting JVM on 2 cores then did not get. Bash's /dev/tcp and a read timeout
# on a FIFO no one writes to poll every 10 ms in the shell itself.
sleep_fifo=$(mktemp -u /tmp/ecs-test-startup.XXXXXX) && mkfifo "$sleep_fifo" && exec {sleep_fd}<>"$sleep_fifo" && rm "$sleep_fifo"
trap '' PIPE # a port that accepts and closes at once (Docker's proxy before the service listens) fails the write
poll_status() { # $1 = port: sets status to the status code of GET / on 127.0.0.1, or to nothing
  status=
  { exec {conn}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 0
  printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$conn" 2>/dev/null
  IFS=' ' read -r -t 1 -u "$conn" _ status _ 2>/dev/null || status=
  exec {conn}<&-
}
first_200_ms() { # $1 = port, $2 = start time; polls until 200 or 60 s (no subshell in the loop: each is a fork)
  local deadline=$(($2 + 60000))
  while poll_status "$1"; [[ $status != 200 ]]; do
    ((${EPOCHREALTIME/./} / 1000 < deadline)) || { echo "no 200 on :$1 within 60 s" >&2; return 1; }
    read -r -t 0.01 -u "$sleep_fd" _ || true
  done
  echo $((${EPOCHREALTIME/./} / 1000 - $2))
}
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# CPU seconds a process's threads have used, as "total main jit other": the main thread (class loading, Spring's
# start), the JIT compilers' threads (C1 and C2), and every other thread (GC, Tomcat, logging, the VM thread)
cpu_split() { # $1 = pid
  awk '{ name = substr($0, index($0, "(") + 1); name = substr(name, 1, index(name, ")") - 1)
         rest = substr($0, index($0, ") ") + 2); split(rest, f, " "); cpu = (f[12] + f[13]) / 100
         total += cpu; if (name == "java") main += cpu; else if (name ~ /^C[12] CompilerThre/) jit += cpu; else other += cpu }
       END { printf "%.2f %.2f %.2f %.2f", total, main, jit, other }' /proc/"$1"/task/*/stat
}
stats() { sort -n | awk '{a[NR] = $1} END {printf "min %s / median %s / max %s", a[1], a[int((NR + 1) / 2)], a[NR]}'; }

# the service's main class (its <start-class>); the plain-JVM runs use the image's class path
main_of() { sed -n 's|.*<start-class>\(.*\)</start-class>.*|\1|p' "$1/pom.xml"; }
jvm_run() { # $1 = service, $2 = port, extra args...; prints "ms rss"
  local name=$1 port=$2; shift 2
  local start; start=$(now_ms)
  "$java" "${jvm_flags[@]}" @"$name/target/launch-local.args" "$(main_of "$name")" --server.port="$port" "$@" >/dev/null 2>&1 &
  local pid=$!
  local ms; ms=$(first_200_ms "$port" "$start")
  sleep 2; local rss; rss=$(rss_mib "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms $rss"
}

container_run() { # $1 = service, $2 = port, $3 = image tag, extra docker args...; prints "ms rss started_ms cpu_split"
  local name=$1 port=$2 tag=$3; shift 3
  local start; start=$(now_ms)
  # the service's task size (task_size, bench/common.sh): the JVM sizes its heap and its threads from it; request
  # threads as the task definition sets them
  local task_cpus task_memory task_threads; task_size "$name"
  local id; id=$(docker run -d --rm --memory "$task_memory" ${task_cpus:+--cpus "$task_cpus"} --network ecs-test-bench -p "127.0.0.1:$port:$port" \
    -e SERVER_TOMCAT_THREADS_MAX="$task_threads" \
    ${CONTAINER_JVM_FLAGS:+-e JAVA_TOOL_OPTIONS="$CONTAINER_JVM_FLAGS"} "$@" "$name:$tag")
  local ms; ms=$(first_200_ms "$port" "$start")
  local cpu; cpu=$(cpu_split "$(docker inspect -f '{{.State.Pid}}' "$id")")
  # after the measurement, so these forks cost the starting JVM nothing
  local started; started=$(date -d "$(docker inspect -f '{{.State.StartedAt}}' "$id")" +%s%3N)
  sleep 2; local rss; rss=$(rss_mib "$(docker inspect -f '{{.State.Pid}}' "$id")")
  docker stop -t 10 "$id" >/dev/null
  echo "$ms $rss $((start + ms - started)) $cpu"
}

engine_run() { # $1 = image; prints the ms from `docker run` until the engine started the container's process
  local start; start=$(now_ms)
  local task_cpus task_memory task_threads; task_size data-server
  # bash, which exits at once (the slim base has no sleep); without --rm, so the container is there to inspect
  local id; id=$(docker run -d --memory "$task_memory" ${task_cpus:+--cpus "$task_cpus"} --network ecs-test-bench \
    -p 127.0.0.1:4000:4000 --entrypoint bash "$1" -c 'exit 0')
  local started; started=$(date -d "$(docker inspect -f '{{.State.StartedAt}}' "$id")" +%s%3N)
  docker rm -f "$id" >/dev/null
  echo $((started - start))
}

report() { # $1 = label, stdin = "ms rss [started_ms total main jit other]" lines
  local lines; lines=$(cat)
  printf '%-34s launch->first 200 ms: %s   idle RSS MiB: %s\n' "$1" \
    "$(cut -d' ' -f1 <<<"$lines" | stats)" "$(cut -d' ' -f2 <<<"$lines" | stats)"
  [[ $(cut -d' ' -f3 <<<"$lines" | head -1) ]] || return 0
  printf '%-34s started->first 200 ms: %s   engine (docker run->started) ms: %s\n' "" \
    "$(cut -d' ' -f3 <<<"$lines" | stats)" "$(awk '{print $1 - $3}' <<<"$lines" | stats)"
  printf '%-34s CPU s by the first 200: %s; median main thread %s, JIT compilers %s, other threads %s\n' "" \
    "$(cut -d' ' -f4 <<<"$lines" | stats)" "$(cut -d' ' -f5 <<<"$lines" | median)" \
    "$(cut -d' ' -f6 <<<"$lines" | median)" "$(cut -d' ' -f7 <<<"$lines" | median)"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

[[ -f data-server/target/launch-local.args && -f gate-server/target/launch-local.args ]] \
  || ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl gate-server,data-server -am package

task_size data-server && data_size="--cpus ${task_cpus:-all} --memory $task_memory"
task_size gate-server && gate_size="--cpus ${task_cpus:-all} --memory $task_memory"
echo "startup, $runs runs each, $(nproc) cores, $(date -u +%FT%TZ); JVM flags: ${jvm_flags[*]}; containers: data-server $data_size, gate-server $gate_size"
if [[ $modes == *jvm* ]]; then
  for _ in $(seq "$runs"); do jvm_run data-server 4000; done | report "data-server (JVM)"
  "$java" @data-server/target/launch-local.args "$(main_of data-server)" >/dev/null 2>&1 & data_pid=$!
  first_200_ms 4000 "$(now_ms)" >/dev/null
  for _ in $(seq "$runs"); do jvm_run gate-server 8080 --data-server.url=http://127.0.0.1:4000; done | report "gate-server (JVM)"
  kill "$data_pid"; wait "$data_pid" 2>/dev/null || true
fi
if [[ $modes == *container* ]]; then
  tags=("$version")
  if [[ -n ${BASELINE_TAG:-} ]]; then
    for image in "data-server:$BASELINE_TAG" "gate-server:$BASELINE_TAG"; do
      docker image inspect "$image" >/dev/null 2>&1 || { echo "no image $image to compare with (BASELINE_TAG)" >&2; exit 1; }
    done
    tags=("$BASELINE_TAG" "$version")
  fi
  docker network inspect ecs-test-bench >/dev/null 2>&1 || docker network create ecs-test-bench >/dev/null
  results=$(mktemp -d)
  trap 'docker rm -f bench-data >/dev/null 2>&1; docker network rm ecs-test-bench >/dev/null 2>&1; rm -rf "$results"' EXIT
  for _ in $(seq "$runs"); do
    for tag in "${tags[@]}"; do container_run data-server 4000 "$tag" >>"$results/data-$tag"; done
    engine_run "data-server:$version" >>"$results/engine"
  done
  # gate's first 200 needs the relay: the current data-server answers for every gate image
  docker run -d --rm --name bench-data --network ecs-test-bench --network-alias data-server.ecs-test "data-server:$version" >/dev/null
  for _ in $(seq "$runs"); do
    for tag in "${tags[@]}"; do container_run gate-server 8080 "$tag" >>"$results/gate-$tag"; done
  done
  for tag in "${tags[@]}"; do report "data-server:$tag (container)" <"$results/data-$tag"; done
  for tag in "${tags[@]}"; do report "gate-server:$tag (container)" <"$results/gate-$tag"; done
  printf '%-34s engine (docker run->started) ms: %s\n' "no JVM (bash, data-server:$version)" "$(stats <"$results/engine")"
fi
