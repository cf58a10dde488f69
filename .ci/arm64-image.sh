#!/usr/bin/env bash
# The Graviton image from this x86-64 machine, end to end: data-server built for linux/arm64 on the arm64 slim base
# (scripts/runtime-image.sh --platform linux/arm64), its AOT cache trained under QEMU, pushed to the local registry;
# then the pushed image must say arm64, hold its cache, and under QEMU start with the cache (-XX:AOTMode=on, which
# stops a JVM that cannot use it) and answer GET / with 200. Installs QEMU's user emulation (Debian's qemu-user-static) if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LOCAL_REGISTRY:?run ../shared/ci/container-env.sh up first}"
die() { echo "arm64-image: $*" >&2; exit 1; }

source scripts/platform.sh
if ! emulation_registered linux/arm64; then
  sudo -n true 2>/dev/null && SUDO=sudo || SUDO=
  [[ -e /proc/sys/fs/binfmt_misc/register ]] || $SUDO mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || true
  $SUDO apt-get install -y -q qemu-user-static binfmt-support >/dev/null \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q qemu-user-static binfmt-support >/dev/null; }
  $SUDO update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
fi
emulation_registered linux/arm64 || die "QEMU's aarch64 emulation is not registered ($(binfmt_entry linux/arm64), with the F flag)"

prefix=$LOCAL_REGISTRY/arm64-
version=$(./mvnw -q -N help:evaluate -Dexpression=project.version -DforceStdout)
started=$SECONDS
./mvnw -q -B -ntp -DskipTests -Dspotless.check.skip=true -pl data-server -am package jib:build \
  -Dimage.registry.prefix="$prefix" -Dbase.image=docker://ecs-test/runtime:25-arm64 \
  -Djib.allowInsecureRegistries=true -Djib.from.platforms=linux/arm64 -Daot.cache=true
echo "arm64-image: built and pushed in $((SECONDS - started)) s"

image=${prefix}data-server:$version
config=$(skopeo inspect --tls-verify=false --config "docker://$image")
arch=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["architecture"])' <<<"$config")
[[ $arch == arm64 ]] || die "$image says architecture '$arch', not arm64"

docker pull -q "$image" >/dev/null
name=ecs-test-arm64-smoke-$$
trap 'docker rm -f "$name" >/dev/null 2>&1 || true' EXIT
# AOTMode=on: a JVM that cannot map the cache stops instead of starting without it
docker run -d --name "$name" --platform linux/arm64 --memory 512m -p 127.0.0.1::4000 \
  -e JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$image" >/dev/null
port=$(docker port "$name" 4000/tcp | head -1 | sed 's/.*://')
docker run --rm --platform linux/arm64 --entrypoint bash "$image" -c '[[ -s /app/aot/app.aot ]]' \
  || die "$image holds no AOT cache (/app/aot/app.aot)"
started=$SECONDS
until curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
  ((SECONDS - started < 300)) || { docker logs --tail 30 "$name" >&2; die "no 200 from $image under QEMU within 300 s"; }
  [[ $(docker inspect -f '{{.State.Running}}' "$name") == true ]] || { docker logs --tail 30 "$name" >&2; die "$image exited under QEMU"; }
  sleep 2
done
echo "arm64-image: $image (arm64) answered 200 under QEMU $((SECONDS - started)) s after docker run, with its AOT cache"
