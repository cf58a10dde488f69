#!/usr/bin/env bash
# Where a service's start goes inside Spring: runs its image's JVM, with the image's flags and AOT cache, on
# bench/startup-steps/StartupSteps.java, which starts the service with Spring's BufferingApplicationStartup and
# prints the run time and the steps (environment preparation, each bean, the web server) that took longest.
#
#   bench/startup-steps.sh <data-server|gate-server> [runs] [service arguments...]     default 1 run
#
# Needs Docker and the images built (./mvnw -Pcontainers package -DskipTests -Djib.from.platforms=linux/amd64),
# and the module built for compiling the class (target/launch-local.args). The service starts on its port inside
# a container of its own (gate-server needs no data-server to start); nothing is published. Bounded: each run
# ends when the service has started.
set -euo pipefail
cd "$(dirname "$0")/.."
service=${1:?usage: bench/startup-steps.sh <data-server|gate-server> [runs] [service arguments...]}
[[ $service == data-server || $service == gate-server ]] || { echo "no service $service: data-server or gate-server" >&2; exit 1; }
runs=${2:-1}
shift $(($# >= 2 ? 2 : 1))
source bench/common.sh
image=$service:$version
[[ -f $service/target/launch-local.args ]] || { echo "no $service/target/launch-local.args: run ./mvnw -DskipTests package first" >&2; exit 1; }
docker image inspect "$image" >/dev/null 2>&1 || { echo "no image $image: build it with ./mvnw -Pcontainers package -DskipTests -Djib.from.platforms=linux/amd64" >&2; exit 1; }

classes=$(mktemp -d /tmp/ecs-test-startup-steps.XXXXXX)
trap 'rm -rf "$classes"' EXIT
"$JAVA_HOME/bin/javac" -d "$classes" -cp "$(sed -n 's/^-cp //p' "$service/target/launch-local.args")" bench/startup-steps/StartupSteps.java
chmod -R a+rX "$classes"

# the image's own command: java <flags> @/app/aot/launch.args <main class>; its class path, this class appended
entrypoint=$(docker inspect -f '{{range .Config.Entrypoint}}{{.}} {{end}}' "$image")
flags=$(sed 's/ @.*//; s/^java //' <<<"$entrypoint")
main=$(awk '{print $NF}' <<<"$entrypoint")
launch=$(docker run --rm --entrypoint bash "$image" -c 'printf "%s\n" "$(</app/aot/launch.args)"') # no cat in the image
cache=$(sed -n 's/^\(-XX:AOTCache=.*\)$/\1/p' <<<"$launch")
classpath=$(sed -n 's/^-cp //p' <<<"$launch")
for run in $(seq "$runs"); do
  echo "== $image, run $run of $runs (--memory ${TASK_MEMORY:-512m})"
  # shellcheck disable=SC2086 # flags is a list of flags
  docker run --rm --memory "${TASK_MEMORY:-512m}" -v "$classes:/startup-steps:ro" --entrypoint java "$image" \
    $flags $cache -cp "$classpath:/startup-steps" StartupSteps "$main" --logging.level.root=WARN "$@"
done
