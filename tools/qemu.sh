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
