#!/bin/bash
# Starts QEMU stopped with its gdb stub, attaches gdb in batch mode, breaks
# on the C entry by symbol, and checks that gdb stops there and reads the
# registers, CR3 included. Prints PASS/FAIL lines.
#   tools/gdb-test.sh KERNEL
set -u
KERNEL=$1
HERE=$(cd "$(dirname "$0")" && pwd)
NM=${NM:-$(command -v i686-elf-nm || echo i686-linux-gnu-nm)}
LOG=$(dirname "$KERNEL")/test-logs/gdb
mkdir -p "$(dirname "$LOG")"

entry=$("$NM" "$KERNEL" | awk '$3 == "KiSystemStartup" { print $1 }')
directory=$("$NM" "$KERNEL" | awk '$3 == "KiEarlyPageDirectory" { print $1 }')
cr3=$(printf '%08x' $((0x$directory - 0x80000000)))

# A port of our own, so that parallel runs and a user's `make debug` on
# the default 1234 do not collide.
port=$((20000 + $$ % 20000))
qemu-system-i386 -accel tcg -S -gdb "tcp:127.0.0.1:$port" -display none \
    -serial "file:$LOG.serial" -monitor none -no-reboot -kernel "$KERNEL" \
    </dev/null >"$LOG.qemu" 2>&1 &
qemu=$!
trap 'kill $qemu 2>/dev/null; wait $qemu 2>/dev/null' EXIT
sleep 0.5

timeout 60 gdb -batch -nx "$KERNEL" -x "$HERE/gdb/kernel.gdb" \
    -ex "target remote 127.0.0.1:$port" \
    -ex "hbreak KiSystemStartup" \
    -ex "continue" \
    -ex 'printf "EIP=%08x\n", $eip' \
    -ex 'printf "CR3=%08x\n", $cr3' \
    -ex 'printf "CS=%04x\n", $cs' \
    </dev/null >"$LOG.out" 2>&1

got_eip=$(sed -n 's/^EIP=//p' "$LOG.out")
got_cr3=$(sed -n 's/^CR3=//p' "$LOG.out")
got_cs=$(sed -n 's/^CS=//p' "$LOG.out")
status=0
if [ "$got_eip" = "$entry" ] && grep -q 'KiSystemStartup' "$LOG.out"; then
    echo "PASS gdb_breaks_at_c_entry (eip=$got_eip)"
else
    echo "FAIL gdb_breaks_at_c_entry: eip '$got_eip', expected $entry"
    status=1
fi
if [ "$got_cr3" = "$cr3" ] && [ "$got_cs" = "0008" ]; then
    echo "PASS gdb_reads_registers (cr3=$got_cr3 cs=$got_cs)"
else
    echo "FAIL gdb_reads_registers: cr3 '$got_cr3' (expected $cr3), cs '$got_cs' (expected 0008)"
    status=1
fi
[ $status -eq 0 ] || grep -v '^warning' "$LOG.out" | tail -n 15
exit $status
