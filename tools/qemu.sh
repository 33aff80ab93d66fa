# Shared by the test scripts: how the kernel is booted under QEMU for a
# test, and what is shown when a boot goes wrong. Source it from bash.

QEMU=${QEMU:-qemu-system-i386}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}

# qemu_boot LOG_PREFIX QEMU_ARGS... : boots headless under TCG with the
# debug-exit device, serial to LOG_PREFIX.serial, interrupts and resets to
# LOG_PREFIX.qemu; returns QEMU's exit status (124 on timeout).
qemu_boot() {
    local log=$1
    shift
    timeout "$BOOT_TIMEOUT" "$QEMU" -accel tcg -display none -no-reboot \
        -serial "file:$log.serial" -monitor none \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -d int,cpu_reset -D "$log.qemu" "$@" </dev/null >"$log.stdout" 2>&1
}

# The last lines of the serial log and of QEMU's interrupt/reset log.
show_tails() {
    local log=$1
    echo "    --- last serial lines ($log.serial) ---"
    tail -n 25 "$log.serial" 2>/dev/null | tr -d "\r" | sed "s/\x1b\[[0-9;?]*[A-Za-z]//g" | sed 's/^/    | /'
    echo "    --- last exceptions and resets ($log.qemu) ---"
    grep -E 'check_exception|^ *[0-9]+: v=|CPU Reset|Triple fault' "$log.qemu" 2>/dev/null |
        tail -n 10 | sed 's/^/    | /'
    if [ -s "$log.stdout" ]; then
        echo "    --- QEMU said ---"
        tail -n 5 "$log.stdout" | sed 's/^/    | /'
    fi
}

# qemu_wait_for LOG_PREFIX PATTERN SECONDS QEMU_ARGS... : boots a kernel that
# does not exit by itself, waits until the serial log matches PATTERN,
# then stops QEMU. Returns 0 when the pattern was seen.
qemu_wait_for() {
    local log=$1 pattern=$2 seconds=$3 pid waited=0 seen=1
    shift 3
    "$QEMU" -accel tcg -display none -no-reboot -serial "file:$log.serial" \
        -monitor none -d int,cpu_reset -D "$log.qemu" "$@" \
        </dev/null >"$log.stdout" 2>&1 &
    pid=$!
    while [ "$waited" -lt "$((seconds * 10))" ]; do
        if grep -aq -- "$pattern" "$log.serial" 2>/dev/null; then
            seen=0
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
        waited=$((waited + 1))
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    grep -aq -- "$pattern" "$log.serial" 2>/dev/null && seen=0
    return $seen
}

# qemu_with_pipes LOG_PREFIX SECONDS QEMU_ARGS... : starts QEMU in the
# background (for at most SECONDS) with COM1 and the monitor on FIFOs, so
# that a test can type: fd 7 writes to COM1, fd 8 to the monitor; what
# they answer lands in LOG_PREFIX.serial and LOG_PREFIX.monitor. Sets
# QEMU_PID; qemu_pipes_close closes the pipes once QEMU is gone.
QEMU_PID=
PIPE_READERS=
qemu_with_pipes() {
    local log=$1 seconds=$2
    shift 2
    rm -f "$log".*
    mkfifo "$log.com1.in" "$log.com1.out" "$log.mon.in" "$log.mon.out"
    cat "$log.com1.out" >"$log.serial" &
    PIPE_READERS=$!
    cat "$log.mon.out" >"$log.monitor" &
    PIPE_READERS="$PIPE_READERS $!"
    exec 7<>"$log.com1.in" 8<>"$log.mon.in"
    timeout "$seconds" "$QEMU" -accel tcg -display none -no-reboot \
        -serial "pipe:$log.com1" -monitor "pipe:$log.mon" \
        -d int,cpu_reset -D "$log.qemu" "$@" </dev/null >"$log.stdout" 2>&1 &
    QEMU_PID=$!
}

qemu_pipes_close() {
    exec 7>&- 8>&-
    # shellcheck disable=SC2086
    kill $PIPE_READERS 2>/dev/null
}

# initrd_list FILE[:ARGS]... : QEMU's -initrd value for these files, one
# Multiboot module each ("FILE ARGS", comma-separated); the kernel names
# each module after its file's last path component (\SystemRoot\NAME).
# Fails for a path holding a comma, which -initrd cannot carry.
initrd_list() {
    local list= file
    for file in "$@"; do
        case "$file" in
        *,*)
            echo "initrd_list: a comma in '$file' cannot pass through -initrd" >&2
            return 1
            ;;
        esac
        list="${list:+$list,}$file"
    done
    printf '%s' "$list"
}
