# Sourced by the bench scripts, from the repository's root: JAVA_HOME a JDK 25 and exported, for the JVMs the
# scripts start (scripts/java.sh finds one when the default java is older; ./mvnw does the same); java; the project's
# version (the images' tag); and build_services.
# shellcheck disable=SC2034 # used by the sourcing scripts
source scripts/java.sh && find_java25 || exit 1
java=$JAVA_HOME/bin/java
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)

# both services' jars and target/launch-local.args (the images' class path on this machine), unless built already
# and current: every jar the args name exists, and no source or pom of the services or the modules they use is newer
build_services() {
  local stale=
  stale=$(services_stale) || true
  [[ -n $stale ]] || return 0
  echo "building gate-server and data-server ($stale; ./mvnw package, tests skipped)" >&2
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl gate-server,data-server -am package >&2
}

# why the services' build is not current (empty when it is); each args file holds one line, "-cp <jar>:<jar>:..."
services_stale() {
  local module args entry newer entries
  for module in gate-server data-server; do
    args=$module/target/launch-local.args
    [[ -f $args ]] || { echo "no $args"; return; }
    grep -q '/service-support[^/:]*\.jar' "$args" || { echo "$args lacks the dependencies' jars"; return; }
    IFS=: read -r -a entries < <(sed 's/^-cp //' "$args")
    for entry in "${entries[@]}"; do
      [[ -f $entry ]] || { echo "$args names $entry, which is gone"; return; }
    done
    newer=$(find pom.xml "$module/pom.xml" "$module/src" service-support/pom.xml service-support/src \
      aot-training/pom.xml aot-training/src -newer "$args" -type f -print -quit 2>/dev/null)
    [[ -z $newer ]] || { echo "$newer is newer than $args"; return; }
  done
}

# A service's task size as the stack deploys it (its settings, `deploy/ecs-test settings --value`; stack $STACK, default
# ecs-test): sets task_cpus (e.g. 0.25, for docker run --cpus), task_memory (e.g. 512m) and task_threads, the request
# threads its task definition gives it (SERVER_TOMCAT_THREADS_MAX). TASK_CPUS and TASK_MEMORY override both services;
# TASK_CPUS=all runs without a CPU limit (the machine's cores).
task_size() { # $1 = gate-server or data-server
  local prefix units mib size
  prefix=$(tr '[:lower:]' '[:upper:]' <<<"${1%%-*}")
  size=$(deploy/ecs-test settings --stack "${STACK:-ecs-test}" --value "${prefix}_CPU" --value "${prefix}_MEMORY" \
    --value "${prefix}_REQUEST_THREADS") || { echo "cannot read ${prefix}'s task size from the stack's settings" >&2; return 1; }
  { read -r units; read -r mib; read -r task_threads; } <<<"$size"
  [[ $units =~ ^[0-9]+$ && $mib =~ ^[0-9]+$ && $task_threads =~ ^[0-9]+$ ]] \
    || { echo "${prefix}_CPU/${prefix}_MEMORY/${prefix}_REQUEST_THREADS are not numbers: $size" >&2; return 1; }
  task_cpus=${TASK_CPUS:-$(awk -v u="$units" 'BEGIN {printf "%g", u / 1024}')}
  [[ $task_cpus != all ]] || task_cpus=
  task_memory=${TASK_MEMORY:-${mib}m}
}
