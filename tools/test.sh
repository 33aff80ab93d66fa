#!/bin/bash
# `make test`: every kind of test, one line per test as it goes
# ("PASS name" / "FAIL name: why"), then "N passed, N failed".
#   tools/test.sh KERNEL ISO SCREEN_TEXT HOST_TEST_BINARY...
set -u
KERNEL=$1
ISO=$2
SCREEN_TEXT=$3
shift 3
HOST_TESTS=("$@")
HERE=$(cd "$(dirname "$0")" && pwd)
LOGS=$(dirname "$KERNEL")/test-logs
rm -rf "$LOGS" && mkdir -p "$LOGS"
. "$HERE/testlib.sh"

echo "== host unit tests (AddressSanitizer, UBSan)"
for test in "${HOST_TESTS[@]}"; do
    name=$(basename "$test")
    "$test" >"$LOGS/$name.log" 2>&1
    status=$?
    relay_results "$LOGS/$name.log" ""
    if [ $status -ne 0 ] && ! grep -q '^FAIL ' "$LOGS/$name.log"; then
        fail "$name: exited with status $status"
        tail -n 20 "$LOGS/$name.log" | sed 's/^/    | /'
    fi
done

# Beside the matrix (tools/matrix.sh: firmware, CPU models, memory
# sizes), the variants: the small machines also run the buddy allocator's
# invariant checker after every operation (mmcheck), one boot carries a
# module, and hal=pic forces the 8259s where the APIC is the default (the
# 486, which has none, must fall back to them).
printf 'NT mini-kernel test module\n' >"$LOGS/module.bin"
run_suite "qemu -m 128M hal=pic" -m 128M -kernel "$KERNEL" \
    -append "test=all hal=pic"
run_suite "qemu -m 8M -cpu 486 mmcheck hal=apic (falls back to pic)" -m 8M \
    -cpu 486 -kernel "$KERNEL" -append "test=all mmcheck=1 hal=apic"
run_suite "qemu -m 32M -initrd mmcheck hal=pic" -m 32M -kernel "$KERNEL" \
    -initrd "$LOGS/module.bin" \
    -append "test=all mmcheck=1 expect_module=1 hal=pic"
run_suite "qemu -m 1G" -m 1G -kernel "$KERNEL" -append "test=all"
run_suite "qemu -m 2G hal=pic (high memory through hyperspace)" -m 2G \
    -kernel "$KERNEL" -append "test=all hal=pic"
run_suite "qemu -m 3G" -m 3G -kernel "$KERNEL" -append "test=all"

echo "== crash tests (each in its own boot, must stop with the bug check)"
# name, bug check code, first parameter (- for any), function the
# backtrace must name, and optionally more command-line options
while read -r name code p1 frame options; do
    log="$LOGS/$name${options:+-${options//[^a-z]/}}"
    qemu_boot "$log" -m 32M -kernel "$KERNEL" -append "crash=$name $options"
    status=$?
    stop=$(grep -a '^\*\*\* STOP: ' "$log.serial" | head -n 1)
    want="*** STOP: $code ("
    [ "$p1" != "-" ] && want="$want$p1,"
    if [ $status -ne 65 ]; then
        fail "$name: QEMU exit status $status, expected 65 (bug check)"
        show_tails "$log"
    elif [ "${stop#"$want"}" = "$stop" ]; then
        fail "$name: stopped with '$stop', expected '$want...'"
        show_tails "$log"
    elif ! grep -aq "  $frame+0x" "$log.serial"; then
        fail "$name: the backtrace does not name $frame"
        show_tails "$log"
    else
        pass "$name ($code)${options:+ [$options]}"
    fi
done <<'LIST'
crash_divide_error 0x0000001E 0xC0000094 ktest_crash_divide_error
crash_null_dereference 0x00000050 0x00000000 ktest_crash_null_dereference
crash_stack_overflow 0x0000007F 0x00000008 overflow_stack
crash_x87_instruction 0x0000007F 0x00000007 ktest_crash_x87_instruction
crash_raise_unhandled 0x0000001E 0xC000009A ktest_crash_raise_unhandled
crash_list_corruption 0x00000139 0x00000003 ktest_crash_list_corruption
crash_seh_chain_corrupt 0xE0000002 - KiSehPop
crash_assert 0xE0000001 - ktest_crash_assert
crash_manual 0x000000E2 0x00000001 ktest_crash_manual
crash_free_twice 0x0000004E 0x00000007 ktest_crash_free_twice
crash_free_wrong_order 0x0000004E 0x00000100 ktest_crash_free_wrong_order
crash_free_reserved_frame 0x0000004E 0x00000101 ktest_crash_free_reserved_frame
crash_free_contiguous_not_allocated 0x0000004E 0x00000103 ktest_crash_free_contiguous_not_allocated
crash_boot_without_memory_information 0x00000100 0x00000001 ktest_crash_boot_without_memory_information
crash_write_kernel_text 0x000000BE - ktest_crash_write_kernel_text
crash_call_init_after_boot 0x00000050 - ktest_crash_call_init_after_boot
crash_release_system_ptes_twice 0x000000DA 0x00000100 MiReleaseSystemPtes
crash_unmap_io_space_wrong_size 0x000000DA 0x00000100 MmUnmapIoSpace
crash_delete_current_space 0x0000001A 0x00000101 MmDeleteProcessAddressSpace
crash_hyperspace_out_of_order 0x0000001A 0x00000102 MiUnmapPageInHyperspace
crash_irql_raise_below_current 0x00000009 0x00000002 ktest_crash_irql_raise_below_current
crash_irql_raise_below_current 0x00000009 0x00000002 ktest_crash_irql_raise_below_current hal=pic
crash_irql_lower_above_current 0x0000000A 0x00000000 ktest_crash_irql_lower_above_current
crash_irql_lower_above_current 0x0000000A 0x00000000 ktest_crash_irql_lower_above_current hal=pic
crash_paged_code_at_dispatch_level 0x0000000A - pageable_routine
crash_paged_code_at_dispatch_level 0x0000000A - pageable_routine hal=pic
crash_spin_lock_acquired_twice 0x0000000F - ktest_crash_spin_lock_acquired_twice
crash_spin_lock_released_by_non_owner 0x00000010 - ktest_crash_spin_lock_released_by_non_owner
crash_spin_lock_above_dispatch_level 0x00000009 0x0000001C ktest_crash_spin_lock_above_dispatch_level
crash_queued_spin_lock_acquired_twice 0x0000000F - ktest_crash_queued_spin_lock_acquired_twice
crash_queued_spin_lock_released_by_non_owner 0x00000010 - ktest_crash_queued_spin_lock_released_by_non_owner
crash_worker_returns_at_dispatch_level 0x000000E1 - ExpWorkerThread
crash_worker_returns_in_critical_region 0x00000001 - ExpWorkerThread
crash_worker_returns_owning_mutex 0x00000039 - ExpWorkerThread
crash_work_item_queued_twice 0x000000E4 0x00000001 ktest_crash_work_item_queued_twice
crash_work_item_bad_queue_type 0x000000E4 0x00000006 ktest_crash_work_item_bad_queue_type
crash_work_item_routine_outside_system_space 0x000000E4 0x00000007 ktest_crash_work_item_routine_outside_system_space
crash_work_item_queued_before_the_queues_exist 0x000000E4 0x00000005 ktest_crash_work_item_queued_before_the_queues_exist
crash_dpc_returns_at_raised_irql 0x000000C8 0x001C0200 KiRetireDpcList
crash_dpc_returns_at_raised_irql 0x000000C8 0x001C0200 KiRetireDpcList hal=pic
crash_pool_paged_at_dispatch_level 0x000000C2 0x00000008 ktest_crash_pool_paged_at_dispatch_level
crash_pool_paged_at_dispatch_level 0x000000C2 0x00000008 ktest_crash_pool_paged_at_dispatch_level hal=pic
crash_pool_free_above_dispatch_level 0x000000C2 0x00000009 ktest_crash_pool_free_above_dispatch_level
crash_pool_free_twice 0x000000C2 0x00000007 ktest_crash_pool_free_twice
crash_pool_free_wrong_tag 0x000000C2 0x0000000A ktest_crash_pool_free_wrong_tag
crash_pool_overrun_into_next_header 0x00000019 0x00000005 ktest_crash_pool_overrun_into_next_header
crash_pool_free_kernel_data 0x000000C2 0x00000041 ktest_crash_pool_free_kernel_data
LIST

# A NULL dereference is named as such on the stop screen.
if grep -aq '^NULL pointer dereference: address 00000000 is in the no-access' \
    "$LOGS/crash_null_dereference.serial"; then
    pass "crash_null_dereference_is_reported_as_null"
else
    fail "crash_null_dereference_is_reported_as_null: no NULL message"
fi

# INIT code is named on the stop screen too (the symbol lookup covers it).
if grep -aq '  KtInitProbe+0x0[^0-9a-f]*$' "$LOGS/crash_call_init_after_boot.serial"; then
    pass "crash_call_init_after_boot_names_the_init_routine"
else
    fail "crash_call_init_after_boot_names_the_init_routine: no KtInitProbe frame"
fi

# A worker routine's mistakes name the routine (the first parameter);
# APC_INDEX_MISMATCH also gives the environment index, the disable
# counts (special << 16 | kernel) and 1 for "a worker routine".
worker_stop() { # worker_stop TEST ROUTINE CODE PARAMETERS-AFTER-THE-FIRST
    local address
    address=$(nm "$KERNEL" | awk -v r="$2" '$3 == r { print toupper($1) }')
    if grep -aq "^\*\*\* STOP: $3 (0x$address,$4" "$LOGS/$1.serial"; then
        pass "${1}_names_the_routine"
    else
        fail "${1}_names_the_routine: no 'STOP: $3 (0x$address,$4' line"
    fi
}
worker_stop crash_worker_returns_at_dispatch_level return_at_dispatch_level \
    0x000000E1 '0x00000002,'
worker_stop crash_worker_returns_in_critical_region \
    return_in_critical_region 0x00000001 '0x00000000,0x0000FFFF,0x00000001)'
worker_stop crash_worker_returns_owning_mutex return_owning_mutex \
    0x00000039 '0x00000000,'

# Entered without the Multiboot magic: a clear message, then a halt (no
# bug check, no reset).
log="$LOGS/boot_wrong_magic"
if qemu_wait_for "$log" "must be started by a Multiboot loader" 30 \
    -m 32M -kernel "$KERNEL" -append "crash=boot_wrong_magic" &&
    grep -aq 'eax was 12345678' "$log.serial" &&
    ! grep -aq 'STOP' "$log.serial" &&
    [ "$(grep -c 'CPU Reset' "$log.qemu")" -le 2 ]; then
    pass "boot_wrong_magic"
else
    fail "boot_wrong_magic: no clear message and halt"
    show_tails "$log"
fi

echo "== console input: keys through QEMU's monitor, bytes through COM1"
# console_input HAL: the kernel waits for "Hi, you!" typed with sendkey and
# then "serial 42" written to the serial line, in that order.
console_input() {
    local hal=$1 log="$LOGS/console_input_$1" pid status waited=0
    qemu_with_pipes "$log" 90 -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -m 32M -kernel "$KERNEL" \
        -append "test=console_input_from_keys_and_serial hal=$hal"
    pid=$QEMU_PID
    while ! grep -aq '^READY console_input' "$log.serial" 2>/dev/null &&
        [ "$waited" -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.1
        waited=$((waited + 1))
    done
    for key in shift-h i comma spc y o u shift-1 ret; do
        echo "sendkey $key" >&8
    done
    sleep 3 # every key is in before the first serial byte
    printf 'serial 42\r' >&7
    wait "$pid"
    status=$?
    qemu_pipes_close
    relay_results "$log.serial" " [hal=$hal]"
    if [ $status -ne 33 ] && ! grep -aq '^FAIL ' "$log.serial"; then
        fail "console_input_from_keys_and_serial [hal=$hal]: QEMU exit status $status"
        show_tails "$log"
    fi
}
console_input apic
console_input pic

echo "== end to end: the ISO through GRUB"
log="$LOGS/iso-banner"
if qemu_wait_for "$log" "Boot complete" 60 -m 64M -cdrom "$ISO" &&
    grep -aq 'NT mini-kernel [0-9]' "$log.serial"; then
    pass "iso_boots_to_banner"
else
    fail "iso_boots_to_banner: no banner and 'Boot complete' within 60 s"
    show_tails "$log"
fi

echo "== end to end: the shell over the serial line and the keyboard, gdb's lk-* commands"
"$HERE/shell-test.sh" "$KERNEL" >"$LOGS/shell.log" 2>&1
relay_results "$LOGS/shell.log" ""
grep -v '^PASS \|^FAIL \|^shell-test: complete' "$LOGS/shell.log" | sed 's/^/    /'
grep -q '^shell-test: complete' "$LOGS/shell.log" ||
    fail "shell_session: shell-test.sh stopped before its last test"

echo "== end to end: gdb on QEMU's stub"
if "$HERE/gdb-test.sh" "$KERNEL" >"$LOGS/gdb.log" 2>&1; then
    relay_results "$LOGS/gdb.log" ""
else
    relay_results "$LOGS/gdb.log" ""
    grep -q '^FAIL ' "$LOGS/gdb.log" || fail "gdb_attach: gdb-test.sh failed"
    tail -n 20 "$LOGS/gdb.log" | sed 's/^/    | /'
fi

echo "== the machines: firmware, CPU models, memory sizes, Bochs"
"$HERE/matrix.sh" "$KERNEL" "$ISO" "$SCREEN_TEXT" >"$LOGS/matrix.log" 2>&1
relay_results "$LOGS/matrix.log" ""
grep -v '^PASS \|^FAIL \|^[0-9]* passed, ' "$LOGS/matrix.log" | sed 's/^/    /'
grep -qE '^[0-9]+ passed, [0-9]+ failed' "$LOGS/matrix.log" ||
    fail "matrix: tools/matrix.sh stopped before its tally"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
