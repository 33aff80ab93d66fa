#!/bin/bash
# `make debug`: QEMU stopped at the first instruction with its gdb stub on
# port 1234 (GDB_PORT overrides), and gdb attached with the kernel's
# symbols and the lk-* commands, stopped at KiSystemStartup, the C entry.
# The serial line (the shell) is on TCP port 4444 (SERIAL_PORT overrides):
# `make debug-shell` in another terminal; it is also logged to a file
# (build/debug-serial.log, or SERIAL_LOG). PAGEFILE=IMAGE attaches the
# page-file disk as the primary IDE master, as `make run` does.
# Ctrl-C here interrupts the guest and leaves QEMU running.
#   tools/debug.sh KERNEL [KERNEL_COMMAND_LINE]
set -eu
KERNEL=$1
APPEND=${2:-}
PORT=${GDB_PORT:-1234}
SERIAL_PORT=${SERIAL_PORT:-4444}
HERE=$(cd "$(dirname "$0")" && pwd)
KERNEL=$(realpath "$KERNEL")
SERIAL=$(realpath -m "${SERIAL_LOG:-$(dirname "$KERNEL")/debug-serial.log}")
disk=()
if [ -n "${PAGEFILE:-}" ]; then
    disk=(-drive "file=$(realpath "$PAGEFILE"),format=raw,if=ide,index=0,media=disk")
fi
cd "$HERE/.." # kernel.gdb sources tools/gdb/lk.py from the root
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    display=(-display default)
else
    display=(-display none)
fi

# QEMU in a session of its own: Ctrl-C reaches every process of the
# terminal's foreground group, and QEMU dies of it ("terminating on signal
# 2"); only gdb must get it, and it stops the guest through the stub.
setsid qemu-system-i386 -m 128M -no-reboot -S -gdb "tcp:127.0.0.1:$PORT" \
    "${display[@]}" -monitor none \
    -chardev "socket,id=com1,host=127.0.0.1,port=$SERIAL_PORT,server=on,wait=off,logfile=$SERIAL" \
    -serial chardev:com1 -kernel "$KERNEL" -append "$APPEND" "${disk[@]}" \
    </dev/null &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT
shell="make debug-shell"
[ "$SERIAL_PORT" = 4444 ] || shell="SERIAL_PORT=$SERIAL_PORT $shell"
echo "QEMU is waiting on port $PORT. The shell: $shell in another" \
    "terminal (Ctrl-] leaves it; logged to $SERIAL)." >&2
gdb -q "$KERNEL" -x tools/gdb/kernel.gdb \
    -ex "target remote 127.0.0.1:$PORT" -ex "hbreak KiSystemStartup" \
    -ex "continue"
