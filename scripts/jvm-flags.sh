# Sourced by run-local and the bench scripts: the images' JVM flags (pom.xml jvm.flag.*) as a Fargate task of
# TASK_MEMORY (default 512m) runs them, for a plain JVM on this machine: -XX:MaxRAM stands in for the
# container's memory limit (the heap is sized from it) and, below 2 vCPU or 1792 MiB, the JVM picks the
# Serial collector. Sets the array jvm_flags, and exports the images' MALLOC_ARENA_MAX (pom.xml) for the JVMs
# the script starts.
# shellcheck disable=SC2034,SC2207 # used by the sourcing script; the flags are single words
jvm_flags=(-XX:MaxRAM="${TASK_MEMORY:-512m}" -XX:+UseSerialGC
  $(sed -n 's|.*<jvm\.flag\.[a-z-]*>\(.*\)</jvm\.flag.*|\1|p' pom.xml))
MALLOC_ARENA_MAX=$(sed -n 's|.*<MALLOC_ARENA_MAX>\(.*\)</MALLOC_ARENA_MAX>.*|\1|p' pom.xml)
export MALLOC_ARENA_MAX
