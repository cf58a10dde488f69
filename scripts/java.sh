# Sourced by run-local and deploy/ecs-test: finds a Java 25 (JAVA_HOME, else java on the PATH) or says
# how to get one. Sets JAVA (the java binary) and JAVA_HOME (for ./mvnw).
find_java25() {
  local java=${JAVA_HOME:+$JAVA_HOME/bin/}java version
  if ! command -v "$java" >/dev/null 2>&1; then
    echo "error: no java found: install a JDK 25 (e.g. Eclipse Temurin 25) and set JAVA_HOME to it" >&2
    return 1
  fi
  version=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if ! [[ ${version%%.*} -ge 25 ]] 2>/dev/null; then
    echo "error: found Java ${version:-?} at $(command -v "$java"); ecs-test needs Java 25:" \
      "set JAVA_HOME to a JDK 25 (e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)" >&2
    return 1
  fi
  JAVA=$(command -v "$java")
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
  export JAVA_HOME
}

# True when a build output ($1) is missing or older than any source below the given paths.
stale() {
  local output=$1; shift
  [[ ! -e $output ]] || [[ -n $(find "$@" -newer "$output" -print -quit 2>/dev/null) ]]
}
