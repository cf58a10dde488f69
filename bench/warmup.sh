# Sourced by the bench scripts. warm_up <url> <pid>...: load <url> with wrk -c64 until the JIT of the given
# JVMs has settled: at least WARMUP_SECONDS (30), then 10 s slices until their compiler threads used under 3 %
# of the processes' CPU in a slice, at most WARMUP_MAX_SECONDS (180) in all. On a busy 2-core machine 30 s is
# not enough: C2 was still taking a fifth of the pair's CPU after it, and more so for the build with more code,
# which made before/after comparisons report a JIT backlog as a cost per request.
process_ticks() { # user + system clock ticks of the given processes, all their threads (exited ones too)
  local pid stat total=0
  for pid in "$@"; do read -r -a stat <"/proc/$pid/stat"; total=$((total + stat[13] + stat[14])); done
  echo "$total"
}
jit_and_total_ticks() { # "compiler-ticks total-ticks" of the given pids
  local pid task stat jit=0 name
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      name=$(<"$task/comm") 2>/dev/null || continue
      [[ $name == C[12]\ CompilerThre* ]] || continue
      read -r -a stat < <(sed 's/.*) //' "$task/stat" 2>/dev/null) || continue
      ((${#stat[@]} > 12)) && jit=$((jit + stat[11] + stat[12]))
    done
  done
  echo "$jit $(process_ticks "$@")"
}
warm_up() {
  local url=$1 spent=${WARMUP_SECONDS:-30} before after share
  shift
  wrk -t2 -c64 -d"${spent}s" "$url" >/dev/null
  while ((spent < ${WARMUP_MAX_SECONDS:-180})); do
    read -r -a before < <(jit_and_total_ticks "$@")
    wrk -t2 -c64 -d10s "$url" >/dev/null
    spent=$((spent + 10))
    read -r -a after < <(jit_and_total_ticks "$@")
    share=$(((after[0] - before[0]) * 100 / (after[1] - before[1] + 1)))
    ((share < 3)) && break
  done
  echo "warm-up of $url: ${spent} s (JIT share of CPU in the last slice: ${share:-?} %)" >&2
}
