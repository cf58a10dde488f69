# Sourced by the CI and bench scripts: points JAVA_HOME at a JDK 25 (the machine's default java is older).
if [[ -z ${JAVA_HOME:-} ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)
  [[ -n $JAVA_HOME ]] || { echo "ci: no JDK 25 under /usr/lib/jvm (install Temurin 25)" >&2; exit 1; }
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
