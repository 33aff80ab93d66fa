#!/bin/bash
# `make test`: every kind of test, one line per test as it goes
# ("PASS name" / "FAIL name: why"), then "N passed, N failed".
#   tools/test.sh KERNEL ISO HOST_TEST_BINARY...
set -u
KERNEL=$1
ISO=$2
shift 2
HOST_TESTS=("$@")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/qemu.sh"
LOGS=$(dirname "$KERNEL")/test-logs
rm -rf "$LOGS" && mkdir -p "$LOGS"

passed=0
failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# Counts the PASS/FAIL lines in FILE, printing them with SUFFIX appended.
relay_results() {
    local file=$1 suffix=$2 line
    while IFS= read -r line; do
        line=${line%$'\r'}
        case "$line" in
        "PASS "*) pass "${line#PASS }$suffix" ;;
        "FAIL "*) fail "${line#FAIL }$suffix" ;;
        "seed "*) echo "    $line" ;;
        esac
    done <"$file"
}

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

# run_suite LABEL QEMU_ARGS... : the kernel suite in one QEMU boot.
run_suite() {
    local label=$1 log status summary
    shift
    log="$LOGS/suite-$(echo "$label" | tr -c 'A-Za-z0-9\n' '_')"
    echo "== kernel tests [$label]"
    qemu_boot "$log" "$@"
    status=$?
    relay_results "$log.serial" " [$label]"
    summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log.serial" | tail -n 1)
    case "$status:$summary" in
    "33:"*" 0 failed"*) ;;
    "35:"*) show_tails "$log" ;;
    *)
        fail "kernel suite [$label]: QEMU exit status $status, summary '${summary:-none}' (124 is the time limit, 0 a reset or shutdown)"
        show_tails "$log"
        ;;
    esac
}

# Memory sizes from the smallest supported to one whose map goes past
# 4 GiB; the small machines also run the buddy allocator's invariant
# checker after every operation (mmcheck), and one boot carries a module.
printf 'NT mini-kernel test module\n' >"$LOGS/module.bin"
run_suite "qemu -m 128M" -m 128M -kernel "$KERNEL" -append "test=all"
run_suite "qemu -m 8M -cpu 486 mmcheck" -m 8M -cpu 486 -kernel "$KERNEL" \
    -append "test=all mmcheck=1"
run_suite "qemu -m 32M -initrd mmcheck" -m 32M -kernel "$KERNEL" \
    -initrd "$LOGS/module.bin" -append "test=all mmcheck=1 expect_module=1"
run_suite "qemu -m 1G" -m 1G -kernel "$KERNEL" -append "test=all"
run_suite "qemu -m 2G (high memory through hyperspace)" -m 2G -kernel "$KERNEL" \
    -append "test=all"
run_suite "qemu -m 3G" -m 3G -kernel "$KERNEL" -append "test=all"
run_suite "qemu -m 3584M (RAM above 4 GiB)" -m 3584M -kernel "$KERNEL" \
    -append "test=all"

echo "== crash tests (each in its own boot, must stop with the bug check)"
# name, bug check code, first parameter (- for any), function the
# backtrace must name
while read -r name code p1 frame; do
    log="$LOGS/$name"
    qemu_boot "$log" -m 32M -kernel "$KERNEL" -append "crash=$name"
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
        pass "$name ($code)"
    fi
done <<'LIST'
crash_divide_error 0x0000001E 0xC0000094 ktest_crash_divide_error
crash_null_dereference 0x00000050 0x00000000 ktest_crash_null_dereference
crash_stack_overflow 0x0000007F 0x00000008 overflow_stack
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

echo "== end to end: the ISO through GRUB"
log="$LOGS/iso-banner"
if qemu_wait_for "$log" "Boot complete" 60 -m 64M -cdrom "$ISO" &&
    grep -aq 'NT mini-kernel [0-9]' "$log.serial"; then
    pass "iso_boots_to_banner"
else
    fail "iso_boots_to_banner: no banner and 'Boot complete' within 60 s"
    show_tails "$log"
fi

# The same ISO with the menu's test-suite entry as default.
TEST_ISO="$LOGS/test.iso"
rm -rf "$LOGS/iso-tree" && cp -r "$(dirname "$KERNEL")/iso" "$LOGS/iso-tree"
sed -i 's/^set default=0/set default=1/; s/^set timeout=.*/set timeout=0/' \
    "$LOGS/iso-tree/boot/grub/grub.cfg"
if grub-mkrescue -o "$TEST_ISO" "$LOGS/iso-tree" >"$LOGS/test-iso.log" 2>&1; then
    run_suite "iso via GRUB -cdrom" -m 64M -cdrom "$TEST_ISO"
    if grep -aq '^Loaded by: GRUB' "$LOGS/suite-iso_via_GRUB__cdrom.serial"; then
        pass "iso_loaded_by_grub"
    else
        fail "iso_loaded_by_grub: the kernel did not report GRUB as its loader"
    fi
else
    fail "test_iso: grub-mkrescue failed"
    sed 's/^/    | /' "$LOGS/test-iso.log"
fi

echo "== end to end: gdb on QEMU's stub"
if "$HERE/gdb-test.sh" "$KERNEL" >"$LOGS/gdb.log" 2>&1; then
    relay_results "$LOGS/gdb.log" ""
else
    relay_results "$LOGS/gdb.log" ""
    grep -q '^FAIL ' "$LOGS/gdb.log" || fail "gdb_attach: gdb-test.sh failed"
    tail -n 20 "$LOGS/gdb.log" | sed 's/^/    | /'
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
