#!/usr/bin/env bash
# Builds the services' slim base image in the local Docker engine: a Java runtime of only the JDK modules the
# services use (jlink) on the few files of Debian it needs to run: the C library (libc6, with libgcc-s1) and a
# statically linked bash (bash-static), which the task definitions' and compose's container health checks run.
# No package manager, no coreutils, no other shell.
#
#   scripts/runtime-image.sh [--rebuild] [--platform linux/amd64|linux/arm64] [image]
#
# The image defaults to ecs-test/runtime:25 for this machine's platform and ecs-test/runtime:25-<arch> for the
# other one. Build the services on it with -Dbase.image=docker://<image> (with -Daot.cache=true the build runs this
# script itself when the image is missing or out of date).
#
# The runtime: for this machine's platform, linked from the build's JDK 25 (RUNTIME_JDK, default the one
# scripts/java.sh finds). For the other platform (an arm64 image for Graviton from an x86-64 machine, or the
# reverse), linked by the same jlink from the modules (jmods) of Debian's openjdk-25-jdk-headless for that
# platform: the JDK then is Debian's build (with its libstdc++6 and zlib1g), whose security updates Debian
# publishes. Training the AOT cache for that platform runs the image under QEMU (scripts/aot-cache.sh).
#
# It is rebuilt only when its inputs change (this script, the JDK, the Debian suite); --rebuild also takes
# Debian's current package versions, i.e. its security updates. Each package's control file is kept in
# /var/lib/dpkg/status.d/, as distroless images keep them, and /etc/os-release, so image scanners that read
# distroless images (Trivy, Grype) see the Debian packages and their versions; the runtime's version is in
# /opt/java/openjdk/release.
#
# Needs: docker, mmdebstrap and dpkg-deb (Debian/Ubuntu: apt-get install mmdebstrap), and root or user namespaces
# (mmdebstrap's unshare mode) to unpack the packages.
# Settings: RUNTIME_JDK, DEBIAN_SUITE (trixie), DEBIAN_MIRROR (http://deb.debian.org/debian), MMDEBSTRAP_MODE (auto).
set -euo pipefail

die() { echo "runtime-image: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
source "$here/platform.sh"

rebuild=false
image=
host_arch=$(debian_arch "$(uname -m)") || die "no runtime image for $(uname -m)"
arch=$host_arch
while (($#)); do
  case $1 in
    --rebuild) rebuild=true ;;
    --platform)
      (($# > 1)) || die "--platform needs a value: linux/amd64 or linux/arm64"
      arch=$(debian_arch "$2") || die "no runtime image for the platform '$2': linux/amd64 or linux/arm64"
      shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) image=$1 ;;
  esac
  shift
done
if [[ -z $image ]]; then
  image=ecs-test/runtime:25
  [[ $arch == "$host_arch" ]] || image+=-$arch
fi

# The JDK modules the services use: what `jdeps --print-module-deps` finds in their class paths (java.compiler,
# java.prefs and java.scripting are referenced by Spring's optional code paths; jdk.jfr by Micrometer), plus
# those loaded only by name at run time: java.xml (logback's configuration), java.management and
# jdk.management (JVM metrics), jdk.crypto.ec (TLS to AWS's endpoints on older JDKs; empty in 25, kept so a
# newer JDK's split of it cannot drop a cipher). A missing module shows as a service that does not start in
# the container tests (./mvnw verify -Pcontainers).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming
modules+=,java.net.http,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml
modules+=,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.net,jdk.unsupported
# What goes into the image; base-files gives only /etc/os-release and /etc/debian_version, by which scanners
# know the image is Debian's.
packages=(libc6 libgcc-s1 bash-static)
fetch=()
suite=${DEBIAN_SUITE:-trixie}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
jdk=${RUNTIME_JDK:-$("$here/java.sh" home)} || die "no JDK 25 found (set RUNTIME_JDK)"
[[ -x $jdk/bin/jlink ]] || die "no jlink in $jdk (RUNTIME_JDK must be a JDK, not a JRE)"
foreign=false
if [[ $arch != "$host_arch" ]]; then
  foreign=true
  # Debian's JDK links these dynamically; its jmods come with openjdk-25-jdk-headless, which stays out of the image
  packages+=(libstdc++6 zlib1g)
  fetch+=(openjdk-25-jdk-headless)
  emulation_registered "linux/$arch" \
    || die "an image for linux/$arch runs here only under QEMU, and $(binfmt_entry "linux/$arch") is not registered (with the F flag): apt-get install qemu-user-static (Debian/Ubuntu; it registers it)"
fi
command -v docker >/dev/null || die "no docker command on the PATH"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (docker info failed)"

key=$( {
  sha256sum "$0" | cut -d' ' -f1
  cat "$jdk/release"
  echo "$suite $arch $modules ${packages[*]} ${fetch[*]}"
} | sha256sum | cut -c1-16)
if ! $rebuild && [[ $(docker image inspect -f '{{index .Config.Labels "ecs-test.runtime.key"}}' "$image" 2>/dev/null) == "$key" ]]; then
  echo "runtime-image: $image is up to date ($(docker image inspect -f '{{.Id}}' "$image" | cut -c1-19))"
  exit 0
fi
command -v mmdebstrap >/dev/null || die "mmdebstrap is not on the PATH (Debian/Ubuntu: apt-get install mmdebstrap)"

work=$(mktemp -d "${TMPDIR:-/tmp}/runtime-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"

wanted=("${packages[@]}" "${fetch[@]}")
echo "runtime-image: fetching ${wanted[*]} ($suite, $arch) from $mirror"
# extract: unpack the packages and their dependencies without installing anything; the .debs stay in the
# cache (skip=cleanup/apt), and only the ones named above (with libgcc-s1's gcc-*-base) go into the image.
mmdebstrap --quiet --variant=extract --include="$(IFS=,; echo "${wanted[*]}"),base-files" \
  --architectures="$arch" --mode="${MMDEBSTRAP_MODE:-auto}" --skip=cleanup/apt "$suite" "$work/unpacked" "$mirror" \
  >"$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed (log above)"; }
debs=$work/unpacked/var/cache/apt/archives
deb_of() { # $1 = package (a glob); the .deb mmdebstrap fetched for it
  local found=("$debs"/$1_*_"$arch".deb)
  [[ -f ${found[0]} ]] || die "mmdebstrap fetched no $1 for $arch"
  printf '%s\n' "${found[@]}"
}
mkdir -p "$root/var/lib/dpkg/status.d" "$root/etc"
for package in "${packages[@]}" 'gcc-*-base'; do
  found=$(deb_of "$package") # (its own line: a failure stops the script here)
  while read -r deb; do
    dpkg-deb -x "$deb" "$root"
    dpkg-deb -f "$deb" >"$root/var/lib/dpkg/status.d/$(dpkg-deb -f "$deb" Package)"
  done <<<"$found"
done
base_files=$(deb_of base-files)
dpkg-deb -x "$base_files" "$work/base-files"
cp "$work/base-files/usr/lib/os-release" "$root/etc/os-release"
cp "$work/base-files/etc/debian_version" "$root/etc/debian_version"
dpkg-deb -f "$base_files" >"$root/var/lib/dpkg/status.d/base-files"
# Debian's merged /usr (trixie): the packages' files are under /usr, and binaries ask for their loader at /lib
# (arm64) or /lib64 (amd64)
for dir in bin lib lib64 sbin; do
  [[ -e $root/$dir || ! -e $root/usr/$dir ]] || ln -s "usr/$dir" "$root/$dir"
done
# What the JVM never opens: documentation but the licences, translations, iconv's converters, lintian notes.
find "$root/usr/share/doc" -type f ! -name copyright -delete
rm -rf "$root"/usr/share/{man,info,locale,lintian,bug} "$root"/usr/lib/*-linux-gnu/gconv
bash_dir=$(dirname "$(cd "$root" && ls usr/bin/bash-static bin/bash-static 2>/dev/null | head -1)")
[[ -x $root/$bash_dir/bash-static ]] || die "bash-static has no bash-static binary"
ln -s bash-static "$root/$bash_dir/bash"
ln -s bash-static "$root/$bash_dir/sh"
mkdir -p "$root/tmp" "$root/home/nonroot"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"

if $foreign; then
  jdk_deb=$(deb_of openjdk-25-jdk-headless)
  dpkg-deb -x "$jdk_deb" "$work/jdk"
  jmods=$(echo "$work"/jdk/usr/lib/jvm/java-25-openjdk-*/jmods)
  [[ -d $jmods ]] || die "openjdk-25-jdk-headless ($arch) has no jmods directory"
  echo "runtime-image: jlink Debian's $(dpkg-deb -f "$jdk_deb" Version) ($arch) with $jdk's jlink: $modules"
  # the Java debug attributes only: the host's objcopy cannot strip another platform's native libraries, and
  # the separate native debug files stay out
  link=(--module-path "$jmods" --strip-java-debug-attributes --exclude-files='**.debuginfo')
else
  echo "runtime-image: jlink $(sed -n 's/^IMPLEMENTOR_VERSION="\(.*\)"/\1/p' "$jdk/release") ($jdk): $modules"
  link=(--strip-debug)
fi
"$jdk/bin/jlink" "${link[@]}" --add-modules "$modules" --no-man-pages --no-header-files \
  --output "$root/opt/java/openjdk" || die "jlink failed"

# An image in `docker save`'s format, loaded as is: one layer, byte-for-byte the same for the same inputs (sorted,
# fixed times and owners), and a configuration with no date in it, so a rebuild with nothing new has the same
# image ID and pushes nothing; and the platform said right (docker import labels every image with the engine's).
image_dir=$work/image
mkdir -p "$image_dir/layer"
tar -C "$root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$image_dir/layer/layer.tar" .
diff_id=sha256:$(sha256sum "$image_dir/layer/layer.tar" | cut -d' ' -f1)
description="Java runtime ($modules) on Debian $suite's ${packages[*]}"
config=$(printf '{"architecture":"%s","os":"linux","config":{"User":"65532:65532","Env":["JAVA_HOME=/opt/java/openjdk","PATH=/opt/java/openjdk/bin:/usr/bin:/bin","LANG=C.UTF-8"],"Labels":{"ecs-test.runtime.key":"%s","org.opencontainers.image.description":"%s"}},"rootfs":{"type":"layers","diff_ids":["%s"]},"history":[{"created_by":"scripts/runtime-image.sh"}]}' \
  "$arch" "$key" "$description" "$diff_id")
config_id=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
printf '%s' "$config" >"$image_dir/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer/layer.tar"]}]' "$config_id" "$image" >"$image_dir/manifest.json"
tar -C "$image_dir" -c . | docker load -q >/dev/null || die "docker load failed"
if $foreign; then
  docker run --rm --platform "linux/$arch" --entrypoint java "$image" -version >/dev/null 2>&1 \
    || die "the linked runtime does not start under QEMU (docker run --platform linux/$arch $image java -version)"
else
  docker run --rm --entrypoint java "$image" -version >/dev/null 2>&1 || die "the linked runtime does not start ($image java -version)"
fi
echo "runtime-image: built $image (linux/$arch, $(($(docker image inspect -f '{{.Size}}' "$image") / 1000000)) MB unpacked)"
