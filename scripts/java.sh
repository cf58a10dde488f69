#!/usr/bin/env bash
# The one way every script here finds its JDK 25: ./mvnw, run-local, deploy/ecs-test, .ci and bench/ source it
# (or run `scripts/java.sh home`). JAVA_HOME when it is a JDK 25 or newer, else `java` on the PATH when it is,
# else the newest JDK 25+ in the places JDKs are installed (Debian/Ubuntu and RPM packages, SDKMAN!, IntelliJ,
# asdf, mise, Homebrew, macOS), so a machine whose default java is older needs no setting at all.
# Sets JAVA (the java binary) and JAVA_HOME (exported, for ./mvnw and the JVMs the scripts start).

JAVA25_MIN=25

# The feature version of the JDK at $1 (25 for 25.0.3), from its `release` file; empty if $1 is not a JDK.
jdk_feature() {
  local home=$1 version
  [[ -x $home/bin/java && -x $home/bin/javac ]] || return 0
  version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)"/\1/p' "$home/release" 2>/dev/null)
  [[ -n $version ]] || version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {print $2}')
  version=${version#1.} # 1.8 -> 8
  echo "${version%%[.+-]*}"
}

# Every JDK home this machine may have, as "user HOME" (JAVA_HOME, the PATH's java) or "installed HOME".
jdk_candidates() {
  local java dir
  [[ -n ${JAVA_HOME:-} ]] && echo "user $JAVA_HOME"
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java" 2>/dev/null || echo "$java")
    echo "user $(dirname "$(dirname "$java")")"
  fi
  for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/* \
    "$HOME"/.local/share/mise/installs/java/* /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
    /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -d $dir && ! -L $dir ]] && echo "installed $dir"
  done
}

# The user's JAVA_HOME or PATH java when it is a JDK 25+; else the installed JDK nearest to 25 (25 before 26).
find_java25() {
  local kind home feature chosen='' chosen_feature=999 found='' found_feature=0
  while read -r kind home; do
    feature=$(jdk_feature "$home")
    [[ -n $feature ]] || continue
    ((feature > found_feature)) && found="the newest found is Java $feature ($home)" found_feature=$feature
    ((feature >= JAVA25_MIN)) || continue
    if [[ $kind == user ]]; then
      chosen=$home
      break
    fi
    if ((feature < chosen_feature)); then
      chosen=$home chosen_feature=$feature
    fi
  done < <(jdk_candidates)
  if [[ -z $chosen ]]; then
    echo "error: ecs-test needs a JDK $JAVA25_MIN but ${found:-found no JDK}" \
      "(looked at JAVA_HOME, the PATH, /usr/lib/jvm, ~/.sdkman, ~/.jdks, Homebrew, /Library/Java): install Eclipse" \
      "Temurin $JAVA25_MIN (apt-get install temurin-$JAVA25_MIN-jdk from Adoptium's repository," \
      "sdk install java $JAVA25_MIN-tem, or brew install --cask temurin@$JAVA25_MIN) and run again" >&2
    return 1
  fi
  JAVA_HOME=$chosen
  JAVA=$JAVA_HOME/bin/java
  export JAVA_HOME
}

# True when a build output ($1) is missing or older than any file below the given paths. The output is a stamp
# a script touches after its build succeeds, not the jar: jars carry the fixed date of reproducible builds
# (project.build.outputTimestamp), which says nothing about when they were built.
stale() {
  local output=$1
  shift
  [[ ! -e $output ]] || [[ -n $(find "$@" -newer "$output" -print -quit 2>/dev/null) ]]
}

# `scripts/java.sh home` prints the chosen JDK's home (for POSIX sh callers such as ./mvnw)
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  case ${1:-} in
    home) find_java25 && echo "$JAVA_HOME" ;;
    *) echo "usage: scripts/java.sh home" >&2; exit 2 ;;
  esac
fi
