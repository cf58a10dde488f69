# Sourced by scripts/runtime-image.sh, scripts/aot-cache.sh and .ci/pipeline-emulator.sh: the platforms images are built
# for (linux/amd64, linux/arm64), and whether this machine can run the other one under QEMU.

# debian_arch <linux/amd64, amd64, x86_64, linux/arm64, arm64 or aarch64>: amd64 or arm64; fails for any other
debian_arch() {
  case ${1#linux/} in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) return 1 ;;
  esac
}

# binfmt_entry <platform>: the kernel's binfmt_misc entry through which QEMU runs that platform's binaries
binfmt_entry() {
  local arch; arch=$(debian_arch "$1") || return 1
  echo "/proc/sys/fs/binfmt_misc/qemu-$([[ $arch == arm64 ]] && echo aarch64 || echo x86_64)"
}

# emulation_registered <platform>: QEMU runs that platform's binaries here, also inside containers (the entry is
# enabled and has the F flag: the interpreter was opened when it was registered, so a container needs no copy)
emulation_registered() {
  local entry; entry=$(binfmt_entry "$1") || return 1
  grep -qx enabled "$entry" 2>/dev/null && grep -q '^flags: .*F' "$entry"
}
