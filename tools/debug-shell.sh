#!/bin/sh
# `make debug-shell`: the shell of the kernel `make debug` runs, on this
# terminal, through its serial line on TCP port 4444 (SERIAL_PORT
# overrides). The terminal is put in raw mode, as a serial terminal is:
# the kernel echoes and edits the line itself, and keys such as the arrows
# reach it as they are (nc leaves the terminal cooked: every line shows
# twice and the arrows do nothing). Ctrl-] leaves.
#   tools/debug-shell.sh
set -eu
PORT=${SERIAL_PORT:-4444}
if [ ! -t 0 ]; then
    echo "debug-shell: the standard input is not a terminal" >&2
    exit 1
fi
echo "The kernel's shell on 127.0.0.1:$PORT; Ctrl-] leaves." >&2
exec socat -,rawer,escape=0x1d "TCP:127.0.0.1:$PORT"
