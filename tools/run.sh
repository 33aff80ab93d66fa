#!/bin/bash
# `make run`: boots the kernel into its shell in QEMU, with the serial line on this
# terminal; a VGA window as well when there is a display.
#   tools/run.sh KERNEL [KERNEL_COMMAND_LINE]
set -eu
KERNEL=$1
APPEND=${2:-}
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    display=(-display default)
else
    display=(-display none)
fi
echo "Booting $KERNEL in QEMU. Quit with Ctrl-A then X." >&2
exec qemu-system-i386 -m 128M "${display[@]}" \
    -serial mon:stdio -kernel "$KERNEL" -append "$APPEND"
