#!/usr/bin/env bash
# Builds the services' slim base image in the local Docker engine: a Java runtime of only the JDK modules the
# services use (jlink of the build's JDK 25) on the few files of Debian it needs to run: the C library (libc6,
# with libgcc-s1) and a statically linked bash (bash-static), which the task definitions' and compose's container
# health checks run. No package manager, no coreutils, no other shell.
#
#   scripts/runtime-image.sh [--rebuild] [image]      default image: ecs-test/runtime:25
#
# Then build the services on it: -Dbase.image=docker://ecs-test/runtime:25 (with -Daot.cache=true the build runs
# this script itself when the image is missing). The image is for this machine's platform only (jlink links the
# JDK it runs from, and the AOT cache is trained on this platform anyway). It is rebuilt only when its inputs
# change (this script, the JDK, the Debian suite); --rebuild also takes Debian's current package versions, i.e.
# its security updates. Each package's control file is kept in /var/lib/dpkg/status.d/, as distroless images
# keep them, and /etc/os-release, so image scanners that read distroless images (Trivy, Grype) see the Debian
# packages and their versions; the runtime's version is in /opt/java/openjdk/release.
#
# Needs: docker, mmdebstrap and dpkg-deb (Debian/Ubuntu: apt-get install mmdebstrap), and root or user namespaces
# (mmdebstrap's unshare mode) to unpack the packages.
# Settings: RUNTIME_JDK (default: the JDK 25 scripts/java.sh finds), DEBIAN_SUITE (bookworm), DEBIAN_MIRROR
# (http://deb.debian.org/debian), MMDEBSTRAP_MODE (auto).
set -euo pipefail

die() { echo "runtime-image: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)

rebuild=false
image=ecs-test/runtime:25
while (($#)); do
  case $1 in
    --rebuild) rebuild=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) image=$1 ;;
  esac
  shift
done

# The JDK modules the services use: what `jdeps --print-module-deps` finds in their class paths (java.compiler,
# java.prefs and java.scripting are referenced by Spring's optional code paths; jdk.jfr by Micrometer), plus
# those loaded only by name at run time: java.xml (logback's configuration), java.management and
# jdk.management (JVM metrics), jdk.crypto.ec (TLS to AWS's endpoints on older JDKs; empty in 25, kept so a
# newer JDK's split of it cannot drop a cipher). A missing module shows as a service that does not start in
# the container tests (./mvnw verify -Pcontainers).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming
modules+=,java.net.http,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml
modules+=,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.net,jdk.unsupported
packages=(libc6 libgcc-s1 bash-static)
# base-files gives only /etc/os-release and /etc/debian_version, by which scanners know the image is Debian's

suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
jdk=${RUNTIME_JDK:-$("$here/java.sh" home)} || die "no JDK 25 found (set RUNTIME_JDK)"
[[ -x $jdk/bin/jlink ]] || die "no jlink in $jdk (RUNTIME_JDK must be a JDK, not a JRE)"
case $(uname -m) in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) die "no runtime image for $(uname -m)" ;;
esac
command -v docker >/dev/null || die "no docker command on the PATH"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (docker info failed)"

key=$( {
  sha256sum "$0" | cut -d' ' -f1
  cat "$jdk/release"
  echo "$suite $arch $modules ${packages[*]}"
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

echo "runtime-image: fetching ${packages[*]} ($suite, $arch) from $mirror"
# extract: unpack the packages and their dependencies without installing anything; the .debs stay in the
# cache (skip=cleanup/apt), and only the ones named above (with libgcc-s1's gcc-*-base) go into the image.
mmdebstrap --quiet --variant=extract --include="$(IFS=,; echo "${packages[*]}"),base-files" --architectures="$arch" \
  --mode="${MMDEBSTRAP_MODE:-auto}" --skip=cleanup/apt "$suite" "$work/unpacked" "$mirror" >"$work/mmdebstrap.log" 2>&1 \
  || { tail -20 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed (log above)"; }
debs=$work/unpacked/var/cache/apt/archives
mkdir -p "$root/var/lib/dpkg/status.d"
for package in "${packages[@]}" 'gcc-*-base'; do
  # shellcheck disable=SC2206 # the glob is the point
  found=($debs/${package}_*_"$arch".deb)
  [[ -f ${found[0]} ]] || die "mmdebstrap fetched no $package for $arch"
  for deb in "${found[@]}"; do
    name=$(dpkg-deb -f "$deb" Package)
    dpkg-deb -x "$deb" "$root"
    dpkg-deb -f "$deb" >"$root/var/lib/dpkg/status.d/$name"
  done
done
base_files=("$debs"/base-files_*_"$arch".deb)
[[ -f ${base_files[0]} ]] || die "mmdebstrap fetched no base-files for $arch"
dpkg-deb -x "${base_files[0]}" "$work/base-files"
mkdir -p "$root/etc"
cp "$work/base-files/usr/lib/os-release" "$root/etc/os-release"
cp "$work/base-files/etc/debian_version" "$root/etc/debian_version"
dpkg-deb -f "${base_files[0]}" >"$root/var/lib/dpkg/status.d/base-files"
# What the JVM never opens: documentation but the licences, translations, iconv's converters, lintian notes.
find "$root/usr/share/doc" -type f ! -name copyright -delete
rm -rf "$root"/usr/share/{man,info,locale,lintian,bug} "$root"/usr/lib/*-linux-gnu/gconv
ln -s bash-static "$root/bin/bash"
ln -s bash-static "$root/bin/sh"
mkdir -p "$root/etc" "$root/tmp" "$root/home/nonroot"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"

echo "runtime-image: jlink $(sed -n 's/^IMPLEMENTOR_VERSION="\(.*\)"/\1/p' "$jdk/release") ($jdk): $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$root/opt/java/openjdk" || die "jlink failed"
"$root/opt/java/openjdk/bin/java" -version >/dev/null 2>&1 || die "the linked runtime does not start"

# One layer, byte-for-byte the same for the same inputs (sorted, fixed times and owners), so a rebuild with
# nothing new pushes nothing.
tar -C "$root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -c . \
  | docker import \
    -c 'ENV JAVA_HOME=/opt/java/openjdk' \
    -c 'ENV PATH=/opt/java/openjdk/bin:/usr/bin:/bin' \
    -c 'ENV LANG=C.UTF-8' \
    -c 'USER 65532:65532' \
    -c "LABEL ecs-test.runtime.key=$key" \
    -c "LABEL org.opencontainers.image.description=\"Java runtime ($modules) on Debian $suite's libc6 and bash-static\"" \
    --platform "linux/$arch" - "$image" >/dev/null \
  || die "docker import failed"
size=$(docker image inspect -f '{{.Size}}' "$image")
echo "runtime-image: built $image ($((size / 1000000)) MB uncompressed)"
