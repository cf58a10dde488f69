# Sourced by the bench scripts, from the repository's root: JAVA_HOME a JDK 25 and exported, for the JVMs the
# scripts start (scripts/java.sh finds one when the default java is older; ./mvnw does the same); java; the project's
# version (the images' tag); and build_services.
# shellcheck disable=SC2034 # used by the sourcing scripts
source scripts/java.sh && find_java25 || exit 1
java=$JAVA_HOME/bin/java
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)

# both services' jars and target/launch-local.args (the images' class path on this machine), unless built already
build_services() {
  [[ -f gate-server/target/launch-local.args && -f data-server/target/launch-local.args ]] && return
  echo "building gate-server and data-server (./mvnw package, tests skipped)" >&2
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl gate-server,data-server -am package >&2
}

# A service's task size as the stack deploys it (deploy/stacks/$STACK.properties, default ecs-test): sets task_cpus
# (e.g. 0.25, for docker run --cpus), task_memory (e.g. 512m) and task_threads, the request threads its task
# definition gives it (SERVER_TOMCAT_THREADS_MAX). TASK_CPUS and TASK_MEMORY override both services; TASK_CPUS=all
# runs without a CPU limit (the machine's cores).
task_size() { # $1 = gate-server or data-server
  local properties=deploy/stacks/${STACK:-ecs-test}.properties prefix
  prefix=$(tr '[:lower:]' '[:upper:]' <<<"${1%%-*}")
  local units mib
  units=$(sed -n "s/^${prefix}_CPU=//p" "$properties")
  mib=$(sed -n "s/^${prefix}_MEMORY=//p" "$properties")
  [[ $units =~ ^[0-9]+$ && $mib =~ ^[0-9]+$ ]] || { echo "no ${prefix}_CPU/${prefix}_MEMORY in $properties" >&2; return 1; }
  task_cpus=${TASK_CPUS:-$(awk -v u="$units" 'BEGIN {printf "%g", u / 1024}')}
  [[ $task_cpus != all ]] || task_cpus=
  task_memory=${TASK_MEMORY:-${mib}m}
  task_threads=$(sed -n "s/^${prefix}_REQUEST_THREADS=//p" "$properties")
  [[ $task_threads =~ ^[0-9]+$ ]] || { echo "no ${prefix}_REQUEST_THREADS in $properties" >&2; return 1; }
}
