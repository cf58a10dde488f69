#!/usr/bin/env bash
# Before/after: the Java pair built from two revisions, both running at once, measured in alternating
# rounds of one run (on these noisy machines, only a same-run comparison says anything about a few percent),
# with the CPU time both services spent per request (user + system, from /proc), which neighbours disturb less.
#
#   bench/compare.sh <rev-a> <rev-b> [rounds]      default 5 rounds; wrk -c64 -t2, WRK_SECONDS (15) each
#
#   A_ARGS / B_ARGS   extra arguments for both services of that side, e.g. the task definitions' settings:
#                     B_ARGS="--logging.structured.format.console=ecs"
#   A_JVM / B_JVM     extra JVM flags for both services of that side, after the images' flags (a flag given twice:
#                     the later wins), e.g. B_JVM="-XX:CompileThresholdScaling=8"
#
# Each revision is built in a temporary git worktree (tests skipped) and run on the image's class path
# (target/launch-local.args; a revision older than that file runs its exec jar's contents). Side A listens on
# 8080 -> 4000, side B on 8081 -> 4001; both run with the images' JVM flags (scripts/jvm-flags.sh of this
# checkout). Loopback only, every load bounded in time. Prints a table like RESULTS.md's and B/A.
set -euo pipefail
cd "$(dirname "$0")/.."
if (($# < 2)); then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
rev_a=$1 rev_b=$2 rounds=${3:-5}
seconds=${WRK_SECONDS:-15}
source bench/common.sh
command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
for rev in "$rev_a" "$rev_b"; do
  git rev-parse --verify -q "$rev^{commit}" >/dev/null || { echo "compare: $rev is not a revision" >&2; exit 2; }
done

work=$(mktemp -d /tmp/ecs-test-compare.XXXXXX)
pids=()
cleanup() {
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null || true
  for side in a b; do [[ -d $work/$side ]] && git worktree remove --force "$work/$side" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT

build() { # $1 side, $2 revision: the worktree $work/<side>, built
  echo "building $2 ($(git rev-parse --short "$2")) as side $1" >&2
  git worktree add -q --detach "$work/$1" "$2"
  (cd "$work/$1" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl gate-server,data-server -am package) >&2
}
launch() { # $1 side, $2 service: how to start it on a flat class path, as the image does
  local module=$work/$1/$2 main
  main=$(sed -n 's|.*<start-class>\(.*\)</start-class>.*|\1|p' "$module/pom.xml")
  if [[ -f $module/target/launch-local.args ]]; then
    echo "@$module/target/launch-local.args $main"
  else # a revision from before launch-local.args: its exec jar, unpacked
    mkdir -p "$module/target/flat" && (cd "$module/target/flat" && unzip -q -o ../*-exec.jar)
    echo "-cp $module/target/flat/BOOT-INF/classes:$module/target/flat/BOOT-INF/lib/* $main"
  fi
}
build a "$rev_a"
build b "$rev_b"

await_200() {
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null && return; sleep 0.1; done
  echo "no 200 on :$1" >&2; exit 1
}
source scripts/jvm-flags.sh
source bench/warmup.sh
start() { # $1 side, $2 gate port, $3 data port, $4 extra args, $5 extra JVM flags
  local extra jvm data gate; read -r -a extra <<<"$4"; read -r -a jvm <<<"$5"
  read -r -a data <<<"$(launch "$1" data-server)"
  read -r -a gate <<<"$(launch "$1" gate-server)"
  "$java" "${jvm_flags[@]}" "${jvm[@]}" "${data[@]}" --server.port="$3" "${extra[@]}" >"$work/$1-data.log" 2>&1 & pids+=($!)
  side_pids[$1]="$!"
  await_200 "$3"
  "$java" "${jvm_flags[@]}" "${jvm[@]}" "${gate[@]}" --server.port="$2" --data-server.url="http://127.0.0.1:$3" \
    "${extra[@]}" >"$work/$1-gate.log" 2>&1 & pids+=($!)
  side_pids[$1]+=" $!"
  await_200 "$2"
}
declare -A side_pids
start a 8080 4000 "${A_ARGS:-}" "${A_JVM:-}"
start b 8081 4001 "${B_ARGS:-}" "${B_JVM:-}"
warm_up http://127.0.0.1:8080/ ${side_pids[a]}
warm_up http://127.0.0.1:8081/ ${side_pids[b]}

declare -A rps p99 errors cpu
measure() { # $1 side, $2 port
  local out before; before=$(process_ticks ${side_pids[$1]})
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$2/")
  # CPU both services spent per request, in microseconds: steadier than requests/s when neighbours steal time
  cpu[$1]+="$(awk -v t=$(($(process_ticks ${side_pids[$1]}) - before)) -v hz="$(getconf CLK_TCK)" \
    '/requests in/ {printf "%.1f", t / hz * 1e6 / $1}' <<<"$out") "
  rps[$1]+="$(awk '/Requests\/sec/ {print $2}' <<<"$out") "
  p99[$1]+="$(awk '$1 == "99%" {print $2}' <<<"$out") "
  errors[$1]+="$(awk '/Socket errors/ {gsub(",", ""); s += $4 + $6 + $8 + $10} /Non-2xx/ {s += $5} END {print s + 0}' <<<"$out") "
}
for round in $(seq "$rounds"); do
  echo "round $round/$rounds" >&2
  if ((round % 2)); then measure a 8080; measure b 8081; else measure b 8081; measure a 8080; fi
done

values() { tr ' ' '\n' | grep -v '^$' | awk '/us$/ {print $0 / 1000; next} /ms$/ {print $0 + 0; next} /s$/ {print $0 * 1000; next} {print $0 + 0}' | sort -g; }
spread() { values | awk '{a[NR] = $1} END {printf "%s / %s / %s", a[1], a[int((NR + 1) / 2)], a[NR]}'; }
median() { values | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "| side (min / median / max of $rounds rounds, wrk -c64 ${seconds}s) | requests/s | p99 ms | errors | pair CPU µs per request |"
echo "| --- | --- | --- | --- | --- |"
for side in a b; do
  rev=rev_$side args=${side^}_ARGS jvm=${side^}_JVM
  echo "| ${side^} $(git rev-parse --short "${!rev}") ${!jvm:-} ${!args:-} | $(spread <<<"${rps[$side]}") | $(spread <<<"${p99[$side]}") |" \
    "$(spread <<<"${errors[$side]}") | $(spread <<<"${cpu[$side]}") |"
done
awk -v a="$(median <<<"${rps[a]}")" -v b="$(median <<<"${rps[b]}")" -v ca="$(median <<<"${cpu[a]}")" \
  -v cb="$(median <<<"${cpu[b]}")" 'BEGIN {printf "\nB/A median requests/s: %.3f (%+.1f %%); median CPU per request: %.3f (%+.1f %%)\n",
    b / a, (b / a - 1) * 100, cb / ca, (cb / ca - 1) * 100}'
echo "JVM flags: ${jvm_flags[*]}"
echo "$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(date -u +%FT%TZ)"
