#!/usr/bin/env bash
# The README's test command on a user's machine that has a JDK 25 and nothing else: no moto_server, no AWS CLI,
# no docker on the PATH, CI unset. ./mvnw verify must pass, and every test class that needs what is missing must
# be skipped with a line saying what and how to install it. Runs deploy and system-tests (the modules with such
# tests) and builds what they need (-am) without running its tests: the services' own tests need nothing but the JDK
# and ran in the full build before this (a surefire excludes file, which adds to each module's excludes).
set -euo pipefail
cd "$(dirname "$0")/.."

# A PATH with every program of this one except the three: links in a folder of its own.
bare=$(mktemp -d /tmp/ecs-test-bare-path.XXXXXX)
log=$(mktemp /tmp/ecs-test-verify-without-tools.XXXXXX)
services_tests=$(mktemp /tmp/ecs-test-services-tests.XXXXXX)
trap 'rm -rf "$bare" "$log" "$services_tests"' EXIT
printf '%s\n' 'ecstest/data/**' 'ecstest/gate/**' 'ecstest/support/**' >"$services_tests"
IFS=: read -r -a dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [[ -d $dir ]] || continue
  for program in "$dir"/*; do
    name=${program##*/}
    case $name in moto_server | aws | docker) continue ;; esac
    [[ -x $program && ! -e $bare/$name ]] && ln -s "$program" "$bare/$name"
  done
done
for program in moto_server aws docker; do
  if PATH=$bare command -v "$program" >/dev/null; then echo "verify-without-tools: $program is still on the PATH" >&2; exit 1; fi
done

status=0
env -u CI -u JAVA_HOME PATH="$bare" ./mvnw -B -ntp verify -pl deploy,system-tests -am \
  -Dsurefire.excludesFile="$services_tests" >"$log" 2>&1 || status=$?
if ((status != 0)); then
  tail -60 "$log" >&2
  echo "verify-without-tools: ./mvnw verify failed (exit $status) without moto_server, aws and docker" >&2
  exit 1
fi
expected=(
  "[SKIPPED] StackLifecycleEmulatorTests: moto_server not on PATH: pip install 'moto[server]'"
  "[SKIPPED] TemplatesAgainstEmulatorTests: moto_server not on PATH: pip install 'moto[server]'; aws not on PATH"
  "[SKIPPED] RehearseEmulatorTests: moto_server not on PATH"
  "[SKIPPED] DeployerPolicyTests: moto_server not on PATH"
  "[SKIPPED] AwsEmulatorTests: moto_server not on PATH"
  "[SKIPPED] PairContainerTests: container tests need fresh images: run ./mvnw verify -Pcontainers"
)
for line in "${expected[@]}"; do
  grep -qF -- "$line" "$log" || { grep -F '[SKIPPED]' "$log" >&2; echo "verify-without-tools: no line: $line" >&2; exit 1; }
done
grep -E '^\[SKIPPED\]|Skipped: [1-9]|BUILD' "$log"
echo "verify-without-tools: ok ($(grep -cF '[SKIPPED]' "$log") classes skipped, each with its reason; build green)"
