#!/bin/bash
# Starts QEMU stopped with its gdb stub, attaches gdb in batch mode, breaks
# on the C entry by symbol, and checks that gdb stops there and reads the
# registers, CR3 included; then, once paging is up, walks the kernel's
# entry address by hand (pte-walk in tools/gdb/kernel.gdb) and checks the
# result against QEMU's own `monitor info tlb`. On the way it stops in
# every assembly file and takes backtraces through them: gdb must find
# their lines and read their debug information without complaint.
# Prints PASS/FAIL lines.
#   tools/gdb-test.sh KERNEL
set -u
KERNEL=$1
HERE=$(cd "$(dirname "$0")" && pwd)
KERNEL=$(realpath "$KERNEL")
cd "$HERE/.." # kernel.gdb sources tools/gdb/lk.py from the root
NM=${NM:-$(command -v i686-elf-nm || echo i686-linux-gnu-nm)}
LOG=$(dirname "$KERNEL")/test-logs/gdb
mkdir -p "$(dirname "$LOG")"
status=0

entry=$("$NM" "$KERNEL" | awk '$3 == "KiSystemStartup" { print $1 }')
directory=$("$NM" "$KERNEL" | awk '$3 == "KiEarlyPageDirectory" { print $1 }')
cr3=$(printf '%08x' $((0x$directory - 0x80000000)))

# Before any target is connected, gdb would read the ELF file's bytes:
# every lk-* command must say there is no target instead of printing the
# zeros the image was linked with.
lk_commands=("lk-pte 0x80100000" "lk-pool" "lk-pool Tst?" "lk-pool-block 0x80100000"
    "lk-buddy" "lk-irql" "lk-bugcheck" "lk-lists &ExpLookasideListHead"
    "lk-lm" "lk-driver-symbols" "lk-vm")
args=()
for command in "${lk_commands[@]}"; do args+=(-ex "$command"); done
timeout 60 gdb -batch -nx "$KERNEL" -x "$HERE/gdb/kernel.gdb" "${args[@]}" \
    </dev/null >"$LOG.no-target" 2>&1
said=$(grep -c '^lk-[a-z-]*: no target, so no kernel to read' "$LOG.no-target")
other=$(grep -v '^lk-[a-z-]*: no target\|^The target architecture' "$LOG.no-target")
if [ "$said" -eq ${#lk_commands[@]} ] && [ -z "$other" ]; then
    echo "PASS gdb_lk_commands_without_a_target_say_so"
else
    echo "FAIL gdb_lk_commands_without_a_target_say_so: $said of ${#lk_commands[@]} said so; other output: $(echo "$other" | head -n 3 | tr '\n' '|')"
    status=1
fi

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
    -ex "hbreak *_start" \
    -ex "continue" \
    -ex 'info line *$pc' \
    -ex "delete" \
    -ex "hbreak KiStartHigh" \
    -ex "continue" \
    -ex 'info line *$pc' \
    -ex "delete" \
    -ex "hbreak KiSystemStartup" \
    -ex "continue" \
    -ex 'printf "EIP=%08x\n", $eip' \
    -ex 'printf "CR3=%08x\n", $cr3' \
    -ex 'printf "CS=%04x\n", $cs' \
    -ex "delete" \
    -ex "hbreak MmFreeInitSections" \
    -ex "continue" \
    -ex "pte-walk KiSystemStartup" \
    -ex "monitor info tlb" \
    -ex "bt" \
    -ex "delete" \
    -ex "hbreak KiTrapCommon" \
    -ex "continue" \
    -ex 'info line *$pc' \
    -ex "bt" \
    -ex "delete" \
    -ex "hbreak KfLowerIrql" \
    -ex "continue" \
    -ex 'info line *$pc' \
    -ex "bt" \
    -ex "info line KiSetJump" \
    </dev/null >"$LOG.out" 2>&1

got_eip=$(sed -n 's/^EIP=//p' "$LOG.out")
got_cr3=$(sed -n 's/^CR3=//p' "$LOG.out")
got_cs=$(sed -n 's/^CS=//p' "$LOG.out")
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
# The walk's frame for KiSystemStartup's page, and QEMU's TLB line for it:
# same physical page, present, global, not writable (kernel text).
page=$(printf '%016x' $((0x$entry & ~0xfff)))
walked=$(sed -n 's/^PTE -> frame [0-9a-f]*: physical address \([0-9a-f]*\),.*/\1/p' "$LOG.out")
tlb=$(grep "^$page: " "$LOG.out" | head -n 1)
want_physical=$(printf '%016x' $((0x${walked:-0} & ~0xfff)))
if [ -n "$walked" ] && grep -q 'read-only kernel' "$LOG.out" &&
    [ "${tlb#*: }" != "$tlb" ] && [ "$(echo "$tlb" | awk '{print $2}')" = "$want_physical" ] &&
    echo "$tlb" | awk '{print $3}' | grep -q '^-G' &&
    ! echo "$tlb" | awk '{print $3}' | grep -q 'W$'; then
    echo "PASS gdb_pte_walk_matches_qemu_tlb (${walked} = $tlb)"
else
    echo "FAIL gdb_pte_walk_matches_qemu_tlb: walk gave '${walked:-nothing}', QEMU's TLB '${tlb:-no line for $page}'"
    status=1
fi
# Each assembly file's lines are known (the stops above, and KiSetJump's
# line looked up), and no stop or backtrace made gdb complain about the
# debug information (NASM's DWARF for a file with two code sections made
# it print "Internal error: pc ... in read in CU, but not in symtab").
missing=
for file in boot/entry.asm boot/start_high.asm kernel/ke/trap_entry.asm \
    kernel/ke/irql_hot_path.asm kernel/ke/seh_jump.asm; do
    grep -q "^Line [0-9]* of \"$file\" starts at address" "$LOG.out" ||
        missing="$missing $file"
done
complaints=$(grep -c 'Internal error\|Error: pc\|not in symtab' "$LOG.out")
if [ -z "$missing" ] && [ "$complaints" -eq 0 ] &&
    grep -q '^#[0-9].* in KiStartHigh' "$LOG.out"; then
    echo "PASS gdb_reads_the_assembly_files_debug_information"
else
    echo "FAIL gdb_reads_the_assembly_files_debug_information: no lines for${missing:- (all found)}; $complaints complaint(s): $(grep -m 1 'Internal error\|Error: pc\|not in symtab' "$LOG.out")"
    status=1
fi
# ---- make debug as a user runs it: Ctrl-C in gdb stops the guest and
# leaves QEMU running. tools/debug.sh runs as a terminal's foreground job
# would, in a process group of its own, with gdb's commands coming from a
# FIFO; SIGINT goes to the whole group, as the terminal sends it.
wait_for() { # FILE PATTERN SECONDS: 0 once FILE matches PATTERN
    local tenths=$(($3 * 10))
    until grep -aq -- "$2" "$1" 2>/dev/null; do
        [ "$tenths" -gt 0 ] || return 1
        sleep 0.1
        tenths=$((tenths - 1))
    done
}
rm -f "$LOG.debug-in" "$LOG.debug-serial"
mkfifo "$LOG.debug-in"
GDB_PORT=$((port + 1)) SERIAL_PORT=$((port + 2)) SERIAL_LOG="$LOG.debug-serial" \
    setsid env -u DISPLAY -u WAYLAND_DISPLAY "$HERE/debug.sh" \
    "$KERNEL" <"$LOG.debug-in" >"$LOG.debug" 2>&1 &
debug=$! # setsid made it the leader of its group: the group's id
exec 9>"$LOG.debug-in"
why=
if ! wait_for "$LOG.debug" '^Breakpoint 1, KiSystemStartup' 60; then
    why="gdb did not stop at KiSystemStartup"
else
    echo "continue" >&9
    if ! wait_for "$LOG.debug-serial" 'nt> ' 60; then
        why="the shell did not start"
    else
        # The shell through `make debug-shell` (tools/debug-shell.sh) on a
        # terminal (script's): each line shows once, as the kernel echoes
        # it, and Up recalls the last line; Ctrl-] leaves.
        rm -f "$LOG.terminal-in"
        mkfifo "$LOG.terminal-in"
        SERIAL_PORT=$((port + 2)) timeout 60 script -qfec "$HERE/debug-shell.sh" \
            /dev/null <"$LOG.terminal-in" >"$LOG.terminal" 2>&1 &
        terminal=$!
        exec 8>"$LOG.terminal-in"
        sleep 1
        printf 'irql\r' >&8
        wait_for "$LOG.terminal" 'IRQL 0 (PASSIVE' 30
        printf '\033[A\r' >&8
        sleep 2
        printf '\035' >&8
        exec 8>&-
        wait "$terminal"
        answers=$(grep -c '^IRQL 0 (PASSIVE' "$LOG.terminal")
        echoes=$(grep -o 'irql' "$LOG.terminal" | wc -l)
        if [ "$answers" -eq 2 ] && [ "$echoes" -eq 2 ]; then
            echo "PASS make_debug_shell_is_a_raw_terminal"
        else
            echo "FAIL make_debug_shell_is_a_raw_terminal: $answers answer(s) to irql and Up (2 expected), the line shown $echoes time(s) (2 expected)"
            tr -d '\r' <"$LOG.terminal" | tail -n 8 | sed 's/^/    | /'
            status=1
        fi
        kill -INT -- "-$debug"
        wait_for "$LOG.debug" 'received signal SIGINT' 30 ||
            why="gdb did not stop the guest"
        echo 'printf "ALIVE at %08x\n", $eip' >&9
        wait_for "$LOG.debug" 'ALIVE at 8[0-9a-f]' 30 ||
            why="${why:+$why; }QEMU no longer answers gdb"
        ! grep -q 'terminating on signal' "$LOG.debug" ||
            why="${why:+$why; }QEMU says: $(grep -m 1 'terminating on signal' "$LOG.debug")"
    fi
fi
echo "quit" >&9
exec 9>&-
for _ in $(seq 100); do
    kill -0 "$debug" 2>/dev/null || break
    sleep 0.1
done
kill -- "-$debug" 2>/dev/null # only if gdb did not quit
wait "$debug" 2>/dev/null
if [ -z "$why" ]; then
    echo "PASS make_debug_ctrl_c_interrupts_the_guest_and_keeps_qemu ($(grep -o -m 1 'ALIVE at [0-9a-f]*' "$LOG.debug"))"
else
    echo "FAIL make_debug_ctrl_c_interrupts_the_guest_and_keeps_qemu: $why"
    tail -n 8 "$LOG.debug" | sed 's/^/    | /'
    status=1
fi

[ $status -eq 0 ] || grep -v '^warning' "$LOG.out" | tail -n 15
exit $status
