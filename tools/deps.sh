#!/bin/sh
# Installs what the build, `make run` and `make test` need, from Debian's
# packages. As root it runs apt-get; otherwise it prints the command and
# fails, so that nothing half-works.
set -eu

missing=""
# `tools/deps.sh bench`: the allocators make bench compares the pool with.
if [ "${1:-}" = bench ]; then
    for package in libjemalloc2 libmimalloc2.0 libtcmalloc-minimal4; do
        dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
    done
fi
need() { # need COMMAND PACKAGE...
    command -v "$1" >/dev/null 2>&1 && return 0
    shift
    missing="$missing $*"
}

if ! command -v i686-elf-gcc >/dev/null 2>&1; then
    need i686-linux-gnu-gcc gcc-i686-linux-gnu binutils-i686-linux-gnu
fi
need nasm nasm
need make make
need cc gcc libc6-dev
need grub-mkrescue grub-common grub-pc-bin xorriso mtools
need xorriso xorriso
need mformat mtools
need qemu-system-i386 qemu-system-x86
need gdb gdb
need nc netcat-openbsd # make debug: the shell on a TCP port
need valgrind valgrind # make bench: instruction counts on the host
need timeout coreutils
[ -d /usr/lib/grub/i386-pc ] || missing="$missing grub-pc-bin"

[ -z "$missing" ] && exit 0
# Each package once, in a stable order.
packages=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')

if [ "$(id -u)" -ne 0 ]; then
    echo "Missing tools. Install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends $packages" >&2
    exit 1
fi
echo "Installing:$packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages >&2
