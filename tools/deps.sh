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
need qemu-system-x86_64 qemu-system-x86 # runs the 64-bit UEFI firmware
need bochs bochs bochsbios vgabios      # make test: the strict emulator
need gdb gdb
need socat socat # make debug-shell: the shell's TCP port on a raw terminal
need script bsdutils # make test: a terminal for debug-shell
need valgrind valgrind # make bench: instruction counts on the host
# PE images (user programs, drivers, the image layer's test samples):
# clang in MSVC mode and LLVM's linker and tools, version 16.
need clang-16 clang-16
need lld-link-16 lld-16
need llvm-dlltool-16 llvm-16
need timeout coreutils
# The hybrid ISO's three GRUB platforms, and the firmware make test boots
# it with: OVMF for UEFI (and its 32-bit build where Debian has one).
[ -d /usr/lib/grub/i386-pc ] || missing="$missing grub-pc-bin"
[ -d /usr/lib/grub/x86_64-efi ] || missing="$missing grub-efi-amd64-bin"
[ -d /usr/lib/grub/i386-efi ] || missing="$missing grub-efi-ia32-bin"
[ -f /usr/share/bochs/BIOS-bochs-latest ] || missing="$missing bochsbios"
[ -f /usr/share/vgabios/vgabios.bin ] || missing="$missing vgabios"
[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || missing="$missing ovmf"
if [ ! -f /usr/share/OVMF/OVMF32_CODE_4M.secboot.fd ] &&
    apt-cache show ovmf-ia32 >/dev/null 2>&1; then
    missing="$missing ovmf-ia32"
fi

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
