#!/usr/bin/env bash
# Prepares a service image's launch files under target/jib-extra/app/aot/ (Jib copies them into the
# image as one layer), and with AOT_CACHE=true trains a JDK AOT cache for it.
#
#   scripts/aot-cache.sh <module dir> <service jar> <main class> <runtime classpath> <base image> \
#                        <platforms> <jvm flags> [training arguments...]
#
# Called by the build (`package` phase of each service; see the exec plugin in the parent pom), not by
# hand. The image starts with `java <jvm flags> @/app/aot/launch.args <main class>`, where launch.args
# holds the class path, the dependencies first and the service's jar last, and, when a cache was
# trained, -XX:AOTCache=/app/aot/app.aot.
#
# The cache (JDK 25, JEP 483/514/515) holds the JDK's and the dependencies' classes, already loaded and
# linked, and their method profiles. It is trained by ecstest.aot.TrainingRun inside the base image (the
# cache only fits the JVM that wrote it), with the dependencies at the paths, sizes and timestamps they
# have in the image. The service's own classes stay out of it, so a change to them leaves the cache
# valid and its layer byte-for-byte the same: caches are kept under $AOT_CACHE_HOME
# (default ~/.cache/ecs-test/aot), keyed by base image, platform, dependencies and flags, and reused.
#
# A cache serves one platform, so AOT_CACHE=true needs the image built for exactly one
# (-Djib.from.platforms=linux/amd64 or linux/arm64). This machine's trains natively; the other one (arm64 for
# Graviton from an x86-64 machine) trains in that platform's base image under QEMU user emulation, which must be
# registered with the kernel (Debian/Ubuntu: apt-get install qemu-user-static).
set -euo pipefail

die() { echo "aot-cache: $*" >&2; exit 1; }
(($# >= 7)) || die "usage: $0 <module dir> <service jar> <main class> <runtime classpath> <base image> <platforms> <jvm flags> [training args...]"
module_dir=$1 jar=$2 main_class=$3 classpath=$4 base_image=$5 platforms=$6 jvm_flags=$7
shift 7
read -r -a training_args <<<"$*"
enabled=${AOT_CACHE:-false}
# The cache's second phase (writing it) needs more than a 512 MiB task; Serial GC, as a 512 MiB
# or 1 GiB task runs with, is set explicitly so the training matches what the task will run.
memory=${AOT_TRAINING_MEMORY:-2g}
store=${AOT_CACHE_HOME:-$HOME/.cache/ecs-test/aot}

[[ -f $jar ]] || die "no service jar at $jar: run the package phase (./mvnw package ...), not jib:* alone"
out=$module_dir/target/jib-extra/app/aot
rm -rf "$module_dir/target/jib-extra" "$module_dir/target/aot-training"
mkdir -p "$out"

# The runtime class path in Maven's order, as Jib lays it out: /app/libs/<file name>.
libs=()
lib_paths=()
IFS=: read -r -a entries <<<"$classpath"
for entry in "${entries[@]}"; do
  [[ $entry == *.jar ]] || continue   # target/classes: the service's own classes come from its jar
  libs+=("/app/libs/$(basename "$entry")")
  lib_paths+=("$entry")
done
duplicates=$(printf '%s\n' "${libs[@]}" | sort | uniq -d)
[[ -z $duplicates ]] || die "two dependencies share a file name, which Jib would rename: $duplicates"
jar_in_image=/app/classpath/$(basename "$jar")
runtime_cp=$(IFS=:; echo "${libs[*]}"):$jar_in_image

# Spring AOT (process-aot) writes some generated classes into the dependencies' packages
# (org/springframework/...__BeanDefinitions). They go into their own jar, on the class path with the
# dependencies (and into the AOT cache, which must not hold the service's own classes); the service's jar
# leaves them out (maven-jar-plugin excludes in the parent pom), so a code change re-pushes only the
# service's own classes. The logging configuration Spring AOT compiles (META-INF/spring/logback-*) is left
# out of both: logback reads logback-spring.xml at start instead, which measured no slower (its <if>, text or
# JSON lines, is decided at run time either way).
own=$(cut -d. -f1 <<<"$main_class")
classes=$module_dir/target/classes
generated=$( (cd "$classes" && find . -name '*.class' ! -path "./$own/*" -type f | sed 's|^\./||' | LC_ALL=C sort) )
strays=$("${JAVA_HOME:?}/bin/jar" --list --file "$jar" | grep '\.class$' | grep -v "^$own/" || true)
[[ -z $strays ]] || die "$jar holds classes outside $own/ that belong in spring-aot.jar; add their packages to the maven-jar-plugin excludes in pom.xml: $(head -3 <<<"$strays" | tr '\n' ' ')"
local_libs=("${lib_paths[@]}")
if [[ -n $generated ]]; then
  spring_aot_jar=$out/spring-aot.jar
  (cd "$classes" && xargs "${JAVA_HOME:?}/bin/jar" --create --no-manifest --date=2026-01-01T00:00:02Z \
    --file "$(cd "$out" && pwd)/spring-aot.jar" <<<"$generated")
  libs+=(/app/aot/spring-aot.jar)
  lib_paths+=("$spring_aot_jar")
  local_libs+=("$(cd "$out" && pwd)/spring-aot.jar")
  runtime_cp=$(IFS=:; echo "${libs[*]}"):$jar_in_image
fi
# The image's class path with this machine's paths, for running the service as the image does without a
# container (bench/): java <jvm flags> @target/launch-local.args <main class>
printf -- '-cp %s:%s\n' "$(IFS=:; echo "${local_libs[*]}")" "$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")" \
  >"$module_dir/target/launch-local.args"

if [[ $enabled != true ]]; then
  printf -- '-cp %s\n' "$runtime_cp" >"$out/launch.args"
  echo "aot-cache: no AOT cache (build with -Daot.cache=true to train one); wrote launch.args"
  exit 0
fi

command -v docker >/dev/null || die "-Daot.cache=true trains in a container: no docker command on PATH"
docker info >/dev/null 2>&1 || die "-Daot.cache=true trains in a container: the Docker engine does not answer (docker info failed)"
source "$(dirname "$0")/platform.sh"
host_platform=linux/$(debian_arch "$(uname -m)") || die "no AOT cache for $(uname -m)"
# The other platform (an arm64 image from an x86-64 machine): trained in that platform's base image under QEMU user
# emulation, many times slower (bench/RESULTS.md, "Images and pushes"), so with fewer requests (the one-shot ones and AOT_EMULATED_LOAD_REQUESTS kept-alive
# ones) and a longer deadline.
emulated=false
case $platforms in
  "$host_platform") ;;
  linux/amd64 | linux/arm64)
    emulation_registered "$platforms" \
      || die "an AOT cache serves the platform it was trained on; to train one for $platforms on this $host_platform machine, QEMU user emulation must be registered ($(binfmt_entry "$platforms"), with the F flag): apt-get install qemu-user-static (Debian/Ubuntu). Or add -Djib.from.platforms=$host_platform, or build on a machine of the image's platform"
    emulated=true ;;
  *) die "an AOT cache serves one platform, and the image is built for '$platforms': add -Djib.from.platforms=$host_platform (or linux/arm64 with QEMU)" ;;
esac
platform=$platforms

image=${base_image#docker://}
if [[ $image == ecs-test/runtime:* ]]; then
  # the slim base (docs/containers.md): built here, from this machine's JDK, and kept up to date with it
  "$(dirname "$0")/runtime-image.sh" --platform "$platform" "$image" || die "could not build the base image $image (scripts/runtime-image.sh)"
elif ! docker image inspect "$image" >/dev/null 2>&1; then
  echo "aot-cache: pulling $image to train in it"
  docker pull -q --platform "$platform" "$image" >/dev/null || die "cannot pull the base image $image"
fi
image_id=$(docker image inspect -f '{{.Id}}' "$image")
image_arch=$(docker image inspect -f '{{.Architecture}}' "$image")
[[ linux/$image_arch == "$platform" ]] \
  || die "the base image $image is for linux/$image_arch, not $platform (-Djib.from.platforms): an AOT cache fits only the JVM it was trained in"
if $emulated; then
  jvm_flags+=" -Dtraining.load.requests=${AOT_EMULATED_LOAD_REQUESTS:-2000} -Dtraining.read.timeout.seconds=120"
  : "${AOT_TRAINING_TIMEOUT:=2400}"
fi

key=$( {
  echo "$image_id $platform $memory $jvm_flags ${training_args[*]}"
  sha256sum "$0" | cut -d' ' -f1
  for path in "${lib_paths[@]}"; do sha256sum "$path" | cut -d' ' -f1; done
  printf '%s\n' "${libs[@]}"
} | sha256sum | cut -c1-16)
name=$(basename "$module_dir")
cached=$store/$name-$key.aot

if [[ -s $cached ]]; then
  echo "aot-cache: reusing $cached (same base image, dependencies and flags)"
else
  # Lay the dependencies out as the image will: same paths, same sizes, Jib's timestamp (epoch + 1 s).
  stage=$module_dir/target/aot-training
  mkdir -p "$stage/app/libs" "$stage/app/classpath" "$stage/out"
  for i in "${!libs[@]}"; do
    mkdir -p "$stage$(dirname "${libs[i]}")" && cp "${lib_paths[i]}" "$stage${libs[i]}"
  done
  cp "$jar" "$stage/app/classpath/"
  find "$stage/app" -name '*.jar' -exec touch -d @1 {} +
  chmod 0777 "$stage/out"
  training_cp=$(IFS=:; echo "${libs[*]}")
  echo "aot-cache: training run for $name in $image ($platform$($emulated && echo ", under QEMU: ~5 min"), --memory $memory)"
  started=$(date +%s)
  # shellcheck disable=SC2086 # jvm_flags is a list of flags
  container=ecs-test-aot-training-$name-$$
  trap 'docker rm -f "$container" >/dev/null 2>&1 || true' EXIT
  if ! timeout "${AOT_TRAINING_TIMEOUT:-600}" docker run --rm --name "$container" --platform "$platform" --memory "$memory" --network none \
    --user "$(id -u):$(id -g)" \
    -v "$(cd "$stage" && pwd)/app:/app:ro" -v "$(cd "$stage" && pwd)/out:/aot-out" \
    --entrypoint java "$image" \
    $jvm_flags -XX:+UseSerialGC -XX:AOTCacheOutput=/aot-out/app.aot -Xlog:aot=warning:file=/aot-out/aot.log \
    -cp "$training_cp" ecstest.aot.TrainingRun "$jar_in_image" "$main_class" "${training_args[@]}" \
    >"$stage/training.log" 2>&1; then
    tail -n 30 "$stage/training.log" >&2
    die "the training run failed or outlasted ${AOT_TRAINING_TIMEOUT:-600} s (whole log: $stage/training.log)"
  fi
  [[ -s $stage/out/app.aot ]] || die "the training run wrote no cache (log: $stage/training.log)"
  mkdir -p "$store"
  mv "$stage/out/app.aot" "$cached.tmp" && mv "$cached.tmp" "$cached"
  echo "aot-cache: trained in $(($(date +%s) - started)) s: $(du -h "$cached" | cut -f1) kept as $cached"
fi
cp "$cached" "$out/app.aot"
printf -- '-XX:AOTCache=/app/aot/app.aot\n-cp %s\n' "$runtime_cp" >"$out/launch.args"
