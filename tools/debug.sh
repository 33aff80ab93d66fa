#!/bin/bash
# `make debug`: QEMU stopped at the first instruction with its gdb stub on
# port 1234 (GDB_PORT overrides), and gdb attached with the kernel's
# symbols, stopped at KiSystemStartup, the C entry.
#   tools/debug.sh KERNEL [KERNEL_COMMAND_LINE]
set -eu
KERNEL=$1
APPEND=${2:-}
PORT=${GDB_PORT:-1234}
HERE=$(cd "$(dirname "$0")" && pwd)
KERNEL=$(realpath "$KERNEL")
cd "$HERE/.." # kernel.gdb sources tools/gdb/lk.py from the root
SERIAL=$(dirname "$KERNEL")/debug-serial.log

qemu-system-i386 -m 128M -no-reboot -S -gdb "tcp:127.0.0.1:$PORT" \
    -display none -serial "file:$SERIAL" -monitor none \
    -kernel "$KERNEL" -append "$APPEND" </dev/null &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
echo "QEMU is waiting on port $PORT; the kernel's serial output goes to $SERIAL." >&2
gdb -q "$KERNEL" -x "$HERE/gdb/kernel.gdb" \
    -ex "target remote 127.0.0.1:$PORT" -ex "hbreak KiSystemStartup" \
    -ex "continue"
