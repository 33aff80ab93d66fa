#!/bin/bash
# `make run`: boots the kernel into its shell in QEMU, with the serial line on this
# terminal; a VGA window as well when there is a display.
#   tools/run.sh KERNEL [KERNEL_COMMAND_LINE [FILE...]]
# Each FILE is a Multiboot module: \SystemRoot\NAME in the kernel.
# PAGEFILE=IMAGE (the Makefile's page-file disk) is attached as the
# primary IDE master; the default CD-ROM stays the secondary master.
# `make run-uefi`: the ISO under 64-bit UEFI (OVMF), as a PC sold today
# starts it: GRUB's menu, then the kernel on a framebuffer console.
#   tools/run.sh --uefi ISO
set -eu
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    display=(-display default)
else
    display=(-display none)
fi
if [ "$1" = --uefi ]; then
    vars=$(dirname "$2")/run-uefi-vars.fd
    cp /usr/share/OVMF/OVMF_VARS_4M.fd "$vars"
    echo "Booting $2 under OVMF in QEMU. Quit with Ctrl-A then X." >&2
    exec qemu-system-x86_64 -M q35 -m 512M "${display[@]}" -serial mon:stdio \
        -drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
        -drive "if=pflash,format=raw,unit=1,file=$vars" -cdrom "$2"
fi
KERNEL=$1
APPEND=${2:-}
shift 2 || shift $#
# The files after the command line (USER_IMAGES): one module each.
modules=()
if [ $# -gt 0 ]; then
    . "$(dirname "$0")/qemu.sh"
    modules=(-initrd "$(initrd_list "$@")") || exit 1
fi
disk=()
if [ -n "${PAGEFILE:-}" ]; then
    disk=(-drive "file=$PAGEFILE,format=raw,if=ide,index=0,media=disk")
fi
echo "Booting $KERNEL in QEMU. Quit with Ctrl-A then X." >&2
exec qemu-system-i386 -m 128M "${display[@]}" \
    -serial mon:stdio -kernel "$KERNEL" -append "$APPEND" "${modules[@]}" \
    "${disk[@]}"
