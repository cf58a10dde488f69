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
