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
# sizes), the variants: the smallest machine (8 MiB, README) also runs the
# buddy allocator's invariant checker after every operation (mmcheck), once
# with two modules (the suite finds the one marked ktest-module intact,
# whatever else the loader passed), and hal=pic forces the 8259s where the
# APIC is the default (the 486, which has none, must fall back to them).
# The first suite also has a disk: a fresh page-file image (8 MiB,
# sparse) as the primary IDE master, which the disk tests write; the
# others have none, and those tests skip.
printf 'NT mini-kernel test module\n' >"$LOGS/module.bin"
printf 'another module\n' >"$LOGS/module2.bin"
"$HERE/mkpagefile.sh" 8 "$LOGS/pagefile.img"
run_suite "qemu -m 128M hal=pic" -m 128M -kernel "$KERNEL" \
    -drive "file=$LOGS/pagefile.img,format=raw,if=ide,index=0,media=disk" \
    -append "test=all hal=pic"
rm -f "$LOGS/pagefile.img"
run_suite "qemu -m 8M -cpu 486 mmcheck hal=apic (falls back to pic)" -m 8M \
    -cpu 486 -kernel "$KERNEL" -append "test=all mmcheck=1 hal=apic"
run_suite "qemu -m 8M -initrd (two modules) mmcheck hal=pic" -m 8M \
    -kernel "$KERNEL" \
    -initrd "$LOGS/module.bin ktest-module,$LOGS/module2.bin" \
    -append "test=all mmcheck=1 hal=pic"
run_suite "qemu -m 1G" -m 1G -kernel "$KERNEL" -append "test=all"
if grep -aq '^ata: no disks' "$SUITE_LOG.serial"; then
    pass "ata_boot_without_a_disk_says_so"
else
    fail "ata_boot_without_a_disk_says_so: no 'ata: no disks' line in $SUITE_LOG.serial"
fi
if grep -aq '^ahci: no controller' "$SUITE_LOG.serial"; then
    pass "ahci_boot_without_a_controller_says_so"
else
    fail "ahci_boot_without_a_controller_says_so: no 'ahci: no controller' line in $SUITE_LOG.serial"
fi
run_suite "qemu -m 2G hal=pic (high memory through hyperspace)" -m 2G \
    -kernel "$KERNEL" -append "test=all hal=pic"
run_suite "qemu -m 3G" -m 3G -kernel "$KERNEL" -append "test=all"

echo "== the disk: a read error from QEMU's blkdebug, a controller that never answers"
# blkdebug fails every read of sector 100 of a page-file image; the
# tests (by name: tests/kernel/ata_faults.c) read around it, and time out
# a disk on ports nothing decodes, in the same boot.
log="$LOGS/ata_faults"
printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "100"\n' \
    >"$log.blkdebug"
"$HERE/mkpagefile.sh" 8 "$log.img"
qemu_boot "$log" -m 64M -kernel "$KERNEL" \
    -drive "file=blkdebug:$log.blkdebug:$log.img,format=raw,if=ide,index=0,media=disk" \
    -append "test=ata_read_error_is_a_status_and_the_next_read_works,ata_controller_that_never_answers_times_out"
status=$?
rm -f "$log.img"
relay_results "$log.serial" " [blkdebug]"
if [ $status -ne 33 ] || ! grep -aq '^2 passed, 0 failed' "$log.serial"; then
    fail "ata_faults: QEMU exit status $status"
    show_tails "$log"
fi

echo "== the disk on AHCI: q35's SATA controller, by the APIC and by the PIC"
# q35 has no legacy IDE: its disk is on the ICH9's AHCI controller
# (drivers/ahci*.c), disk 0 as an ATA disk would be, so the ATA tests on
# disk 0 run on it too (those the command line's 511 characters hold). The same page-file image, once per HAL: the
# controller's PCI line through the IO-APIC, then through the 8259s.
AHCI_DISK_TESTS=ahci_disk_has_the_disk_names_after_the_ata_disks,ahci_irp_writes_read_back_and_complete_by_interrupt,ahci_scattered_mdl_pages_round_trip,ahci_out_of_range_requests_are_refused,ata_geometry_and_length_describe_the_disk,ata_irp_write_then_read_round_trip,ata_paging_io_round_trips_pool_and_unmapped_frames,ata_paging_io_goes_before_waiting_requests,ata_asynchronous_page_write_calls_back_in_the_writer
for hal in apic pic; do
    log="$LOGS/ahci_$hal"
    "$HERE/mkpagefile.sh" 8 "$log.img"
    kernel_tests_boot "q35 AHCI, hal=$hal" -M q35 -m 64M -kernel "$KERNEL" \
        -drive "file=$log.img,format=raw,if=none,id=d0" \
        -device ide-hd,drive=d0,bus=ide.0 \
        -append "test=$AHCI_DISK_TESTS hal=$hal"
    rm -f "$log.img"
done
# The blkdebug rule of the ATA faults on the AHCI disk (its error is the
# request's status), and a port with nothing on its link timing out.
log="$LOGS/ahci_faults"
printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "100"\n' \
    >"$log.blkdebug"
"$HERE/mkpagefile.sh" 8 "$log.img"
kernel_tests_boot "q35 AHCI, blkdebug" -M q35 -m 64M -kernel "$KERNEL" \
    -drive "file=blkdebug:$log.blkdebug:$log.img,format=raw,if=none,id=d0" \
    -device ide-hd,drive=d0,bus=ide.0 \
    -append "test=ata_read_error_is_a_status_and_the_next_read_works,ahci_port_that_never_answers_times_out"
rm -f "$log.img"

echo "== boot modules: wherever the loader puts them, as long as memory suffices"
# QEMU loads a module right after the kernel, so a big one fills the
# first 16 MiB the boot page tables map. The modules are sparse files.
MODULE_TESTS=mm_module_frames_go_back_after_the_copy,mm_map_is_sorted_and_reserves_what_is_in_use
MODULE_TESTS=$MODULE_TESTS,mm_boot_state_is_consistent,mm_direct_map_tables_are_the_kernels
big_module_boot() {
    local memory=$1 size=$2 name="big_module_$1_$2" log module status
    log="$LOGS/$name"
    module="$LOGS/$name.bin"
    printf 'NT mini-kernel test module\n' >"$module" && truncate -s "$size" "$module"
    qemu_boot "$log" -m "$memory" -kernel "$KERNEL" -initrd "$module" \
        -append "test=$MODULE_TESTS expect_module=1"
    status=$?
    rm -f "$module"
    if [ $status -eq 33 ] && grep -aq '^4 passed, 0 failed' "$log.serial"; then
        pass "boot_with_a_${size}_module_at_$memory"
    else
        fail "boot_with_a_${size}_module_at_$memory: QEMU exit status $status"
        show_tails "$log"
    fi
}
big_module_boot 1G 14M
big_module_boot 3G 20M
big_module_boot 128M 100M
# Where memory truly does not suffice: what was needed, on the console.
log="$LOGS/big_module_16M_14M"
printf 'NT mini-kernel test module\n' >"$log.bin" && truncate -s 14M "$log.bin"
qemu_boot "$log" -m 16M -kernel "$KERNEL" -initrd "$log.bin" -append "test=all"
status=$?
rm -f "$log.bin"
if [ $status -eq 65 ] &&
    grep -aq '^mm: the loader reports [0-9]* KiB of usable memory, 14336 KiB of it holding boot modules; the kernel needs 7168 KiB beside the modules' "$log.serial" &&
    grep -aq '^\*\*\* STOP: 0x0000007D ' "$log.serial"; then
    pass "boot_with_too_little_memory_left_by_a_module_says_what_was_needed"
else
    fail "boot_with_too_little_memory_left_by_a_module_says_what_was_needed: QEMU exit status $status"
    show_tails "$log"
fi

echo "== user programs: hello and usertests in ring 3, with ntdll and kernel32"
# The user images as boot files; usertests prints its own PASS and FAIL
# lines, relayed here, and the kernel test checks its exit status. Then
# a thousand lives of a whole PE program, and two programs meeting by
# name. (fuzz_seed=N on the command line replays a fuzzer run.)
if [ -n "${USER_IMAGES:-}" ]; then
    log="$LOGS/user_programs"
    # shellcheck disable=SC2086
    kernel_tests_boot "ring 3" -m 64M -kernel "$KERNEL" \
        -initrd "$(initrd_list ${USER_IMAGES})" \
        -append "test=user_programs_hello_and_usertests,user_pe_program_lives_give_everything_back,user_two_programs_share_a_section_and_events_by_name"
else
    fail "user_programs: the Makefile passed no USER_IMAGES"
fi

echo "== paging: a 16 MiB machine with a 64 MiB page file"
# The page-file disk (tools/mkpagefile.sh) on the first IDE channel. A
# program commits three times the machine's memory, two programs share
# it, paged pool outgrows it, and every page comes back intact; the
# lists, the page-file bitmap and the commit charge are checked after.
if [ -n "${USER_IMAGES:-}" ]; then
    log="$LOGS/paging"
    "$HERE/mkpagefile.sh" 64 "$LOGS/pagefile-16M.img"
    # shellcheck disable=SC2086
    # -d cpu_reset alone: every fault of 48 MiB paged twice in the
    # interrupt log would be a hundred megabytes.
    BOOT_TIMEOUT=300 kernel_tests_boot "paging, 16M" -m 16M -kernel "$KERNEL" -d cpu_reset \
        -drive "file=$LOGS/pagefile-16M.img,format=raw,if=ide,index=0,media=disk" \
        -initrd "$(initrd_list ${USER_IMAGES})" \
        -append "test=paging_program_commits_three_times_memory,paging_two_programs_at_once,paging_commit_limit_refuses_what_cannot_be_kept,paging_driver_paged_pool_larger_than_memory,paging_paged_pool_larger_than_memory,paging_page_travels_to_the_page_file_and_back,paging_paged_pool_leaves_memory_and_comes_back,paging_trimmed_page_comes_back_by_a_soft_fault,paging_section_larger_than_memory_between_two_processes,paging_section_view_page_comes_back_soft_and_hard"
    rm -f "$LOGS/pagefile-16M.img"
    # The same page file on q35's AHCI disk.
    log="$LOGS/paging_ahci"
    "$HERE/mkpagefile.sh" 64 "$LOGS/pagefile-ahci.img"
    # shellcheck disable=SC2086
    BOOT_TIMEOUT=300 kernel_tests_boot "paging, 16M, q35 AHCI" -M q35 -m 16M -kernel "$KERNEL" -d cpu_reset \
        -drive "file=$LOGS/pagefile-ahci.img,format=raw,if=none,id=d0" \
        -device ide-hd,drive=d0,bus=ide.0 \
        -initrd "$(initrd_list ${USER_IMAGES})" \
        -append "test=paging_program_commits_three_times_memory,paging_two_programs_at_once,paging_commit_limit_refuses_what_cannot_be_kept,paging_driver_paged_pool_larger_than_memory,paging_paged_pool_larger_than_memory,paging_page_travels_to_the_page_file_and_back,paging_paged_pool_leaves_memory_and_comes_back,paging_trimmed_page_comes_back_by_a_soft_fault"
    rm -f "$LOGS/pagefile-ahci.img"
    # Idle processes' page tables and the kernel's own PAGE section
    # through the page file (mm/process_swap.c, mm/pageable_kernel.c).
    log="$LOGS/paging_tables"
    "$HERE/mkpagefile.sh" 64 "$LOGS/pagefile-tables.img"
    # shellcheck disable=SC2086
    kernel_tests_boot "paging, page tables, 16M" -m 16M -kernel "$KERNEL" -d cpu_reset \
        -drive "file=$LOGS/pagefile-tables.img,format=raw,if=ide,index=0,media=disk" \
        -initrd "$(initrd_list ${USER_IMAGES})" \
        -append "test=paging_idle_process_page_tables_leave_and_come_back,paging_idle_process_ended_while_out_leaks_nothing,paging_kernel_page_section_comes_back_from_the_page_file"
    rm -f "$LOGS/pagefile-tables.img"
    # The randomised pressure test, with the buddy allocator checked after
    # every operation (mmcheck=1); its seed is in the log.
    log="$LOGS/paging_pressure"
    "$HERE/mkpagefile.sh" 64 "$LOGS/pagefile-pressure.img"
    BOOT_TIMEOUT=300 kernel_tests_boot "paging, pressure, mmcheck" -m 16M -kernel "$KERNEL" -d cpu_reset \
        -drive "file=$LOGS/pagefile-pressure.img,format=raw,if=ide,index=0,media=disk" \
        -append "test=paging_pressure_randomised mmcheck=1"
    rm -f "$LOGS/pagefile-pressure.img"
    # In-page errors: QEMU's blkdebug fails every read of slot 1 (sectors
    # 8-15), where the first page written goes.
    log="$LOGS/paging_in_page_error"
    "$HERE/mkpagefile.sh" 64 "$LOGS/pagefile-errors.img"
    printf '[inject-error]\nevent = "read_aio"\niotype = "read"\nsector = "8"\nerrno = "5"\nonce = "off"\n' \
        >"$LOGS/blkdebug-slot1.conf"
    kernel_tests_boot "paging, in-page errors" -m 128M -kernel "$KERNEL" \
        -drive "file=blkdebug:$LOGS/blkdebug-slot1.conf:$LOGS/pagefile-errors.img,format=raw,if=ide,index=0,media=disk" \
        -append "test=paging_in_page_error_reaches_the_access"
    rm -f "$LOGS/pagefile-errors.img"
fi

echo "== exports: the kernel's export lists and the import libraries"
# tools/gen-exports.sh refuses a malformed list; the test driver built
# against the import libraries imports NT's plain names (stdcall,
# fastcall and data alike).
bad="$LOGS/exports-bad.tbl"
why=
for line in "ntoskrnl stdcall KeSetEvent" "ntoskrnl stdcall KeSetEvent 6" \
    "ntoskrnl cdecl DbgPrint 4" "win32k stdcall NtUserFoo 4" \
    "ntoskrnl pascal KeSetEvent 12" "hal fastcall Kf-RaiseIrql 4"; do
    echo "$line" >"$bad"
    "$HERE/gen-exports.sh" c "$bad" >/dev/null 2>&1 && why="$why; accepted '$line'"
done
printf 'ntoskrnl stdcall KeSetEvent 12\nhal stdcall KeSetEvent 12\n' >"$bad"
"$HERE/gen-exports.sh" c "$bad" >/dev/null 2>&1 && why="$why; accepted a name twice"
printf 'ntoskrnl fastcall IofCompleteRequest 8 # a comment\nntoskrnl data PsProcessType\n' >"$bad"
def=$("$HERE/gen-exports.sh" def ntoskrnl "$bad")
echo "$def" | grep -q '^    @IofCompleteRequest@8$' &&
    echo "$def" | grep -q '^    PsProcessType DATA$' || why="$why; def: $(echo "$def" | tr '\n' '|')"
for image in ${USER_IMAGES:-}; do
    case "$image" in
    */loadtest.sys)
        imports=$(llvm-readobj-16 --coff-imports "$image")
        for name in ExAllocatePoolWithTag KfRaiseIrql KeGetCurrentIrql PsProcessType; do
            echo "$imports" | grep -q "Symbol: $name (" || why="$why; loadtest.sys does not import $name"
        done
        ;;
    esac
done
if [ -z "$why" ]; then
    pass "exports_lists_are_checked_and_import_names_are_nts"
else
    fail "exports_lists_are_checked_and_import_names_are_nts: ${why#; }"
fi

echo "== drivers: the system-image loader on the test drivers"
# The test drivers (tests/drivers/, DRIVER_IMAGES in drivers/drivers.mk)
# travel in USER_IMAGES. The refusals must name the DLL and the routine.
drivers=
for image in ${USER_IMAGES:-}; do
    case "$image" in *.sys) drivers="$drivers $image" ;; esac
done
if [ -n "$drivers" ]; then
    log="$LOGS/sysldr"
    # shellcheck disable=SC2086
    qemu_boot "$log" -m 64M -kernel "$KERNEL" \
        -initrd "$(initrd_list ${USER_IMAGES})" \
        -append "test=sysldr_loads_relocates_binds_and_unloads_a_driver,sysldr_load_and_unload_a_thousand_times_leaks_nothing,sysldr_export_driver_stays_while_imported,sysldr_export_driver_loaded_for_its_importer,sysldr_driver_entry_failure_undoes_the_load,sysldr_refuses_broken_images_leaving_nothing"
    status=$?
    relay_results "$log.serial" " [drivers]"
    if [ $status -eq 33 ] &&
        grep -aq '^sysldr: missing.sys imports ntoskrnl.exe!KeNoSuchRoutine, which it does not export: refused (status c000007a)' "$log.serial" &&
        grep -aq '^sysldr: nodll.sys imports from nosuch.dll, which is not loaded: refused' "$log.serial"; then
        pass "sysldr_refusals_name_the_dll_and_the_routine"
    else
        fail "sysldr: QEMU exit status $status, or a refusal not logged"
        show_tails "$log"
    fi
    log="$LOGS/crash_in_driver"
    # shellcheck disable=SC2086
    qemu_boot "$log" -m 32M -kernel "$KERNEL" \
        -initrd "$(initrd_list $drivers)" -append "crash=crash_in_driver"
    status=$?
    if [ $status -eq 65 ] &&
        grep -aq '^\*\*\* STOP: 0x000000E2 (0x00005157,' "$log.serial" &&
        grep -Eaq '^  [0-9a-f]{8}  loadtest\.sys!LoadTestCrash\+0x[0-9a-f]+' "$log.serial"; then
        pass "crash_in_driver (0x000000E2): the backtrace names loadtest.sys!LoadTestCrash"
    else
        fail "crash_in_driver: QEMU exit status $status, or the backtrace does not name loadtest.sys!LoadTestCrash"
        show_tails "$log"
    fi
    log="$LOGS/crash_write_driver_text"
    # shellcheck disable=SC2086
    qemu_boot "$log" -m 32M -kernel "$KERNEL" \
        -initrd "$(initrd_list $drivers)" -append "crash=crash_write_driver_text"
    status=$?
    if [ $status -eq 65 ] &&
        grep -Eaq '^\*\*\* STOP: 0x000000BE \(0x[CD][0-9A-F]{7},' "$log.serial"; then
        pass "crash_write_driver_text (0x000000BE): a driver's code is read-only"
    else
        fail "crash_write_driver_text: QEMU exit status $status, expected ATTEMPTED_WRITE_TO_READONLY_MEMORY in system PTE space"
        show_tails "$log"
    fi
    # A driver's pageable pages: paged out and back (with a page file), the
    # DDK's controls, and the stops for a pageable touch at DISPATCH_LEVEL.
    log="$LOGS/paging_drivers"
    "$HERE/mkpagefile.sh" 16 "$LOGS/pagefile-drivers.img"
    # shellcheck disable=SC2086
    kernel_tests_boot "drivers, paging" -m 32M -kernel "$KERNEL" \
        -drive "file=$LOGS/pagefile-drivers.img,format=raw,if=ide,index=0,media=disk" \
        -initrd "$(initrd_list $drivers)" \
        -append "test=paging_driver_page_routine_leaves_and_runs_again,paging_driver_controls_what_may_leave"
    rm -f "$LOGS/pagefile-drivers.img"
    # Driver Verifier (mm/verifier.c, docs/verifier.md): a correct driver
    # tracked, a leak unnoticed without it; vfbroken.sys's mistakes, each
    # in its own boot with verifier=vfbroken.sys, stop with 0xC4 and NT's
    # subcode, the backtrace naming the routine (but for the unload).
    log="$LOGS/verifier"
    # shellcheck disable=SC2086
    kernel_tests_boot "drivers, verifier" -m 64M -kernel "$KERNEL" \
        -initrd "$(initrd_list $drivers)" \
        -append "test=verifier_tracks_a_correct_driver_and_finds_no_leak,verifier_off_a_leak_goes_unnoticed,verifier_off_special_pool_mistakes_run_on,verifier_default_flags_track_pool"
    # The IRQL and lock checks (mm/verifier_irql.c, docs/verifier.md) on
    # vflocks.sys: forced IRQL checking's trim and deadlock detection's
    # graph on a correct driver (verifier_flags=2B), and the broken
    # routines without the verifier running on.
    log="$LOGS/verifier_locks"
    # shellcheck disable=SC2086
    kernel_tests_boot "drivers, verifier locks" -m 64M -kernel "$KERNEL" \
        -initrd "$(initrd_list $drivers)" \
        -append "test=verifier_locks_forced_irql_trims_before_a_spin_lock,verifier_locks_deadlock_detection_follows_a_correct_driver,verifier_off_paged_touch_under_spin_lock_runs_on,verifier_off_lock_inversion_completes verifier_flags=2B"
    # I/O verification and low-resources simulation (mm/verifier_io.c,
    # mm/verifier_fault.c) on vfio.sys and the samples: without the
    # verifier vfio.sys's mistakes run on; under it correct requests pass,
    # and the samples, seed after seed of simulated failures, fail
    # gracefully and leak nothing (the seeds are in the logs).
    log="$LOGS/verifier_io"
    # shellcheck disable=SC2086
    kernel_tests_boot "drivers, verifier I/O" -m 64M -kernel "$KERNEL" \
        -initrd "$(initrd_list $drivers)" \
        -append "test=verifier_io_off_double_completion_frees_the_drivers_own_irp,verifier_io_off_pending_unmarked_goes_unnoticed,verifier_io_off_wrong_status_tells_two_stories,verifier_io_correct_requests_pass verifier_flags=19"
    log="$LOGS/verifier_low_resources"
    # shellcheck disable=SC2086
    kernel_tests_boot "drivers, verifier low resources" -m 64M -kernel "$KERNEL" \
        -initrd "$(initrd_list $drivers)" \
        -append "test=verifier_low_resources_fails_each_routine_reproducibly,verifier_samples_fail_gracefully_under_low_resources verifier_flags=3F"
    # Each driver crash in its own boot: the stop line as an extended
    # regular expression, and the frame the backtrace must name (- none).
    # Options: - for none; a + stands for a space between two.
    while read -r name options stop frame; do
        log="$LOGS/$name"
        [ "$options" = - ] && options=
        options=${options//+/ } # several options: joined by +
        # shellcheck disable=SC2086
        qemu_boot "$log" -m 32M -kernel "$KERNEL" \
            -initrd "$(initrd_list $drivers)" -append "crash=$name $options"
        status=$?
        if [ $status -eq 65 ] &&
            grep -Eaq "^\*\*\* STOP: $stop" "$log.serial" &&
            { [ "$frame" = - ] ||
                grep -Eaq "^  [0-9a-f]{8}  ${frame//./\\.}\+0x[0-9a-f]+" "$log.serial"; }; then
            pass "$name (${stop%%\[*}): the stop, and the frame ${frame}"
        else
            fail "$name: QEMU exit status $status, expected the stop '$stop' at $frame"
            show_tails "$log"
        fi
    done <<'CRASHES'
crash_driver_paged_code_at_dispatch_level - 0x000000D3[[:space:]]\(0x[0-9A-F]{8},0x00000002,0x00000000, loadtest.sys!LoadTestPaged
crash_driver_reads_paged_pool_at_dispatch_level - 0x000000D1[[:space:]]\(0x[0-9A-F]{8},0x00000002,0x00000000, loadtest.sys!LoadTestReadAtDispatch
crash_verifier_leak_at_unload verifier=vfbroken.sys 0x000000C4[[:space:]]\(0x00000062, -
crash_verifier_double_free verifier=vfbroken.sys 0x000000C4[[:space:]]\(0x00000010, vfbroken.sys!VfBrokenDoubleFree
crash_verifier_free_foreign verifier=vfbroken.sys 0x000000C4[[:space:]]\(0x00000010, vfbroken.sys!VfBrokenFreeForeign
crash_verifier_zero_bytes verifier=vfbroken.sys 0x000000C4[[:space:]]\(0x00000000, vfbroken.sys!VfBrokenZeroBytes
crash_verifier_zero_tag verifier=vfbroken.sys 0x000000C2[[:space:]]\(0x0000009D,0x00000000,0x00000000,0xC[0-9A-F]{7}\) vfbroken.sys!VfBrokenZeroTag
crash_verifier_overrun verifier=vfbroken.sys 0x000000CD[[:space:]]\(0xC[0-9A-F]{4}000,0x00000001, vfbroken.sys!VfBrokenOverrun
crash_verifier_use_after_free verifier=vfbroken.sys 0x000000CC[[:space:]]\(0xC[0-9A-F]{7},0x00000000, vfbroken.sys!VfBrokenUseAfterFree
crash_verifier_overrun_slack verifier=vfbroken.sys 0x000000C1[[:space:]]\(0xC[0-9A-F]{7},0xC[0-9A-F]{7},0x00000000,0x00000024\) vfbroken.sys!VfBrokenOverrunSlack
crash_verifier_underrun verifier=vfbroken.sys 0x000000C1[[:space:]]\(0xC[0-9A-F]{7},0xC[0-9A-F]{7},0x00000000,0x00000023\) vfbroken.sys!VfBrokenUnderrun
crash_unverified_underrun - 0x000000C2[[:space:]]\(0x0000000A, vfbroken.sys!VfBrokenUnderrun
crash_verifier_underrun_verify_start verifier=vfbroken.sys+verifier_align=start 0x000000CD[[:space:]]\(0xC[0-9A-F]{4}FFF,0x00000001, vfbroken.sys!VfBrokenUnderrun
crash_verifier_overrun_verify_start verifier=vfbroken.sys+verifier_align=start 0x000000C1[[:space:]]\(0xC[0-9A-F]{4}000,0xC[0-9A-F]{4}018,0x00000000,0x00000024\) vfbroken.sys!VfBrokenOverrun
crash_verifier_paged_touch_under_spin_lock verifier=vflocks.sys+verifier_flags=2 0x000000D1[[:space:]]\(0x[0-9A-F]{8},0x00000002,0x00000000,0xC[0-9A-F]{7}\) vflocks.sys!VfLocksPagedTouch
crash_verifier_lock_inversion verifier=vflocks.sys+verifier_flags=20 0x000000C4[[:space:]]\(0x00001001,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x00000000\) vflocks.sys!_VfLocksThreadTwo@4
crash_verifier_spin_lock_released_at_passive verifier=vflocks.sys 0x000000C4[[:space:]]\(0x00000032,0x00000000,0xC[0-9A-F]{7},0x00000000\) vflocks.sys!VfLocksReleaseAtPassive
crash_verifier_lower_irql_to_higher verifier=vflocks.sys 0x000000C4[[:space:]]\(0x00000031,0x00000000,0x00000002,0x00000000\) vflocks.sys!VfLocksLowerToHigher
crash_verifier_raise_irql_to_lower verifier=vflocks.sys 0x000000C4[[:space:]]\(0x00000030,0x00000002,0x00000001,0x00000000\) vflocks.sys!VfLocksRaiseToLower
crash_verifier_release_lock_not_held verifier=vflocks.sys+verifier_flags=20 0x000000C4[[:space:]]\(0x00001007,0xC[0-9A-F]{7},0x00000000,0x00000000\) vflocks.sys!VfLocksReleaseNotHeld
crash_verifier_fast_mutex_self_deadlock verifier=vflocks.sys+verifier_flags=20 0x000000C4[[:space:]]\(0x00001000,0xC[0-9A-F]{7},0x00000000,0x00000000\) vflocks.sys!VfLocksSelfDeadlock
crash_verifier_fast_mutex_at_dispatch_level verifier=vflocks.sys 0x000000C4[[:space:]]\(0x00000033,0x00000002,0xC[0-9A-F]{7},0x00000000\) vflocks.sys!VfLocksFastMutexAtDispatch
crash_verifier_spin_lock_at_dpc_level_at_passive verifier=vflocks.sys 0x000000C4[[:space:]]\(0x00000040,0x00000000,0xC[0-9A-F]{7},0x00000000\) vflocks.sys!VfLocksAtDpcLevelAtPassive
crash_verifier_resource_with_apcs_enabled verifier=vflocks.sys 0x000000C4[[:space:]]\(0x00000037,0x00000000,0x00000000,0xC[0-9A-F]{7}\) vflocks.sys!VfLocksResourceWithApcsEnabled
crash_verifier_release_by_another_thread verifier=vflocks.sys+verifier_flags=20 0x000000C4[[:space:]]\(0x00001004,0xC[0-9A-F]{7},0x[0-9A-F]{8},0x[0-9A-F]{8}\) vflocks.sys!_VfLocksReleaser@4
crash_verifier_io_double_completion verifier=vfio.sys+verifier_flags=19 0x00000044[[:space:]]\(0x8[0-9A-F]{7},0x00000000,0x00000000,0x00000000\) vfio.sys!VfIoDoubleCompletion
crash_verifier_io_pending_unmarked verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x0000023D,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x8[0-9A-F]{7}\) -
crash_verifier_io_pending_unmarked_later verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x0000023D,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x8[0-9A-F]{7}\) vfio.sys!VfIoCompleteHeld
crash_verifier_io_wrong_status verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000224,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x8[0-9A-F]{7}\) -
crash_verifier_io_complete_pending verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000006,0x00000103,0x8[0-9A-F]{7},0x00000000\) vfio.sys!VfIoCompletePending
crash_verifier_io_cancel_routine_set verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000007,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x00000000\) vfio.sys!VfIoCancelRoutineSet
crash_verifier_io_complete_high_irql verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x0000000E,0x0000001F,0x8[0-9A-F]{7},0x00000000\) vfio.sys!VfIoCompleteAtHighIrql
crash_verifier_io_irql_changed verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000005,0x8[0-9A-F]{7},0x00000000,0x00000002\) -
crash_verifier_io_free_irp verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000002,0x8[0-9A-F]{7},0x00000000,0x00000000\) vfio.sys!VfIoFreeIrp
crash_verifier_io_pending_not_propagated verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000228,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x8[0-9A-F]{7}\) -
crash_verifier_io_not_handled verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000226,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x8[0-9A-F]{7}\) -
crash_verifier_io_marked_not_pending verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x0000023E,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x8[0-9A-F]{7}\) -
crash_verifier_io_call_not_an_irp verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000003,0x8[0-9A-F]{7},0x00000000,0x00000000\) vfio.sys!_VfIoDispatch@8
crash_verifier_io_call_bad_device verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000004,0x8[0-9A-F]{7},0x00000000,0x00000000\) vfio.sys!_VfIoDispatch@8
crash_verifier_io_call_high_irql verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000010,0x0000001F,0x00000000,0x00000000\) vfio.sys!VfIoCallAtHighIrql
crash_verifier_io_free_not_an_irp verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000001,0x8[0-9A-F]{7},0x00000000,0x00000000\) vfio.sys!VfIoFreeNotAnIrp
crash_verifier_io_free_irp_in_use verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x0000020B,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x00000000\) vfio.sys!VfIoFreeIrp
crash_verifier_io_copied_stack verifier=vfio.sys+verifier_flags=19 0x000000C9[[:space:]]\(0x00000207,0xC[0-9A-F]{7},0x8[0-9A-F]{7},0x8[0-9A-F]{7}\) -
CRASHES
    # Deadlock detection's stop screen shows the cycle: both orders, with
    # the threads and the routines that took each lock.
    log="$LOGS/crash_verifier_lock_inversion"
    if grep -aEq '^  thread [0-9]+ holds fast mutex [0-9a-f]{8}, taken at vflocks\.sys!_VfLocksThreadOne@4\+0x' "$log.serial" &&
        grep -aEq '^    and took fast mutex [0-9a-f]{8} at vflocks\.sys!_VfLocksThreadOne@4\+0x' "$log.serial" &&
        grep -aEq '^  thread [0-9]+ holds fast mutex [0-9a-f]{8}, taken at vflocks\.sys!_VfLocksThreadTwo@4\+0x' "$log.serial" &&
        grep -aEq '^    and now asks for fast mutex [0-9a-f]{8} at vflocks\.sys!_VfLocksThreadTwo@4\+0x' "$log.serial"; then
        pass "crash_verifier_lock_inversion_shows_the_cycle"
    else
        fail "crash_verifier_lock_inversion_shows_the_cycle: no cycle lines naming VfLocksThreadOne and VfLocksThreadTwo"
    fi
    # Forced IRQL checking's stop has its name on the stop screen.
    if grep -aq '^DRIVER_IRQL_NOT_LESS_OR_EQUAL' "$LOGS/crash_verifier_paged_touch_under_spin_lock.serial"; then
        pass "crash_verifier_paged_touch_under_spin_lock_names_the_stop"
    else
        fail "crash_verifier_paged_touch_under_spin_lock_names_the_stop: no DRIVER_IRQL_NOT_LESS_OR_EQUAL line"
    fi
    # The I/O checks that find a mistake after the routine returned name
    # it on the line before the stop, as NT's "WDM DRIVER ERROR".
    while read -r name routine; do
        if grep -Eaq "^WDM DRIVER ERROR [0-9A-F]+: vfio\.sys!${routine}\+0x[0-9a-f]+ " "$LOGS/$name.serial"; then
            pass "${name}_names_the_routine"
        else
            fail "${name}_names_the_routine: no WDM DRIVER ERROR line naming vfio.sys!$routine"
        fi
    done <<'WDM'
crash_verifier_io_pending_unmarked _VfIoDispatch@8
crash_verifier_io_pending_unmarked_later _VfIoDispatch@8
crash_verifier_io_wrong_status _VfIoDispatch@8
crash_verifier_io_pending_not_propagated _VfIoForgetsPending@12
crash_verifier_io_not_handled _VfIoDispatch@8
crash_verifier_io_marked_not_pending _VfIoDispatch@8
crash_verifier_io_copied_stack _VfIoDispatch@8
WDM
else
    fail "sysldr: the Makefile passed no driver in USER_IMAGES"
fi

echo "== drivers: the samples with their programs, through NtLoadDriver"
# drivers/samples/ with devtest.exe and sharedtest.exe (user/programs/):
# the programs print their own PASS and FAIL lines, relayed here; the
# kernel test checks their exit statuses, a process killed mid-IOCTL and
# 1,000 loads and unloads.
if [ -n "$drivers" ]; then
    log="$LOGS/driver_samples"
    # shellcheck disable=SC2086
    kernel_tests_boot "drivers, ring 3" -m 64M -kernel "$KERNEL" \
        -initrd "$(initrd_list ${USER_IMAGES})" \
        -append "test=driver_samples_with_their_programs"
    # The same under Driver Verifier's I/O checks, special pool and pool
    # tracking: the samples are correct, so nothing stops.
    log="$LOGS/driver_samples_verified"
    # shellcheck disable=SC2086
    kernel_tests_boot "drivers, ring 3, verified" -m 64M -kernel "$KERNEL" \
        -initrd "$(initrd_list ${USER_IMAGES})" \
        -append "test=driver_samples_with_their_programs verifier=ioctl.sys,filter.sys,shared.sys verifier_flags=19"
fi

echo "== boot files: modules under \\SystemRoot, malformed ones refused"
# One module per file, named by its last path component; the user images
# (USER_IMAGES from the Makefile) go along. An empty file, an absurd name
# and a second file of the same name (in another case) are refused with a
# message, and the boot goes on.
mkdir -p "$LOGS/boot-files/other"
printf 'NT mini-kernel boot file\n' >"$LOGS/boot-files/boot-file.txt"
printf 'second\n' >"$LOGS/boot-files/other/BOOT-FILE.TXT"
: >"$LOGS/boot-files/empty.bin"
printf 'x' >"$LOGS/boot-files/bad|name"
log="$LOGS/boot_files"
# shellcheck disable=SC2086
modules=$(initrd_list "$LOGS/boot-files/boot-file.txt" \
    "$LOGS/boot-files/empty.bin" "$LOGS/boot-files/bad|name" \
    "$LOGS/boot-files/other/BOOT-FILE.TXT" ${USER_IMAGES:-})
qemu_boot "$log" -m 64M -kernel "$KERNEL" -initrd "$modules" \
    -append "test=boot_files_hold_the_modules_read_only,boot_files_directory_exists_and_names_are_checked,mm_module_frames_go_back_after_the_copy,mm_boot_state_is_consistent"
status=$?
relay_results "$log.serial" " [boot files]"
if [ $status -eq 33 ] &&
    grep -aq '^boot: module 0: \\SystemRoot\\boot-file.txt, 25 bytes' "$log.serial" &&
    grep -aq '^boot: module 1 (".*empty.bin", [0-9a-f]*-[0-9a-f]*) refused: it is empty' "$log.serial" &&
    grep -aq '^boot: module 2 (".*bad|name", [0-9a-f]*-[0-9a-f]*) refused: it has no usable file name' "$log.serial" &&
    grep -aq '^boot: module 3 (".*other/BOOT-FILE.TXT") refused: a file of that name came first' "$log.serial" &&
    grep -aq '^mm: boot files: [0-9]* of [0-9]* modules under \\SystemRoot; [1-9][0-9]* module frames' "$log.serial"; then
    pass "boot_files_are_named_and_malformed_modules_refused"
else
    fail "boot_files_are_named_and_malformed_modules_refused: QEMU exit status $status"
    show_tails "$log"
    grep -a '^boot: \|^mm: boot' "$log.serial" | sed 's/^/    | /'
fi

echo "== below the smallest machine: refused at once"
# Less usable memory than an 8 MiB machine has, beside the modules, stops
# the boot before anything is built on it: INSTALL_MORE_MEMORY, and a line
# saying what the loader reported and what the kernel needs.
head -c 600000 /dev/zero >"$LOGS/module-600k.bin"
below_minimum() { # LABEL QEMU_ARGS...
    local label=$1 log status stop
    shift
    log="$LOGS/minimum-$(echo "$label" | tr -c 'A-Za-z0-9\n' '_')"
    qemu_boot "$log" "$@" -kernel "$KERNEL" -append "test=all"
    status=$?
    stop=$(grep -a '^\*\*\* STOP: ' "$log.serial" | head -n 1)
    if [ $status -eq 65 ] && [ "${stop#'*** STOP: 0x0000007D ('}" != "$stop" ] &&
        grep -aq '^mm: the loader reports [0-9]* KiB of usable memory, [0-9]* KiB of it holding boot modules; the kernel needs 7168 KiB beside the modules (an 8 MiB machine)' "$log.serial" &&
        ! grep -aq '^Running kernel tests' "$log.serial"; then
        pass "smaller_than_the_minimum_is_refused [$label]"
    else
        fail "smaller_than_the_minimum_is_refused [$label]: QEMU exit status $status, '$stop'"
        show_tails "$log"
    fi
}
below_minimum "-m 3M" -m 3M
below_minimum "-m 7M" -m 7M
below_minimum "-m 8M, a 600 KiB module" -m 8M -initrd "$LOGS/module-600k.bin"

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
crash_paged_out_page_touched_at_dispatch_level 0x0000000A 0x00500000 ktest_crash_paged_out_page_touched_at_dispatch_level
crash_paged_pool_touched_at_dispatch_level 0x0000000A - ktest_crash_paged_pool_touched_at_dispatch_level
crash_trimmed_view_page_touched_at_dispatch_level 0x0000000A - ktest_crash_trimmed_view_page_touched_at_dispatch_level
crash_kernel_paged_code_at_dispatch_level 0x0000000A - paged_routine
crash_null_dereference 0x00000050 0x00000000 ktest_crash_null_dereference
crash_stack_overflow 0x0000007F 0x00000008 overflow_stack
crash_x87_instruction 0x0000007F 0x00000007 ktest_crash_x87_instruction
crash_raise_unhandled 0x0000001E 0xC000009A ktest_crash_raise_unhandled
crash_list_corruption 0x00000139 0x00000003 ktest_crash_list_corruption
crash_seh_chain_corrupt 0xE0000002 - KiSehPop
crash_seh_frame_outside_the_stack 0x0000001E 0xC0000094 ktest_crash_seh_frame_outside_the_stack
crash_assert 0xE0000001 - ktest_crash_assert
crash_manual 0x000000E2 0x00000001 ktest_crash_manual
crash_free_twice 0x0000004E 0x00000007 ktest_crash_free_twice
crash_page_freed_twice 0x0000004E 0x00000007 ktest_crash_page_freed_twice
crash_free_wrong_order 0x0000004E 0x00000100 ktest_crash_free_wrong_order
crash_free_reserved_frame 0x0000004E 0x00000101 ktest_crash_free_reserved_frame
crash_free_contiguous_not_allocated 0x0000004E 0x00000103 ktest_crash_free_contiguous_not_allocated
crash_mdl_unlock_twice 0x0000004E 0x00000007 MmUnlockPages
crash_mdl_map_unlocked 0x0000001A 0x00000109 MmMapLockedPagesSpecifyCache
crash_mdl_map_without_ptes 0x0000003F 0x00000000 MmMapLockedPagesSpecifyCache
crash_mdl_unmap_invalid_view 0x000000D7 0x00500000 MmUnmapLockedPages
crash_mdl_partial_outside_source 0x0000001A 0x00000107 IoBuildPartialMdl
crash_mdl_nonpaged_user_address 0x0000001A 0x00000108 MmBuildMdlForNonPagedPool
crash_mdl_free_pages_not_its_own 0x0000001A 0x0000010A MmFreePagesFromMdl
crash_mdl_free_locked_block 0x0000001A 0x00000106 MiFreePages
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
crash_fast_mutex_acquired_twice 0x000000BF - ExpWaitForFastMutex
crash_fast_mutex_above_apc_level 0x00000009 0x00000002 ktest_crash_fast_mutex_above_apc_level
crash_fast_mutex_unsafe_with_apcs_enabled 0xE0000001 - ExAcquireFastMutexUnsafe
crash_guarded_mutex_acquired_twice 0x000000BF - ktest_crash_guarded_mutex_acquired_twice
crash_resource_release_not_owned 0x000000E3 - ExReleaseResourceForThreadLite
crash_resource_release_of_another_threads_exclusive 0x000000E3 - ktest_crash_resource_release_of_another_threads_exclusive
crash_resource_convert_by_a_shared_owner 0x000000E3 - ExConvertExclusiveToSharedLite
crash_resource_acquire_outside_critical_region 0x000001C6 0x00000007 ktest_crash_resource_acquire_outside_critical_region
crash_resource_acquire_above_apc_level 0x000001C6 0x00000000 ktest_crash_resource_acquire_above_apc_level
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
crash_pool_free_twice_over_512_bytes 0x000000C2 0x00000007 ktest_crash_pool_free_twice_over_512_bytes
crash_pool_free_wrong_tag 0x000000C2 0x0000000A ktest_crash_pool_free_wrong_tag
crash_irp_completed_twice 0x00000044 - IofCompleteRequest
crash_irp_without_a_stack_location 0x00000035 - IofCallDriver
crash_pool_overrun_into_next_header 0x00000019 0x00000005 ktest_crash_pool_overrun_into_next_header
crash_pool_overrun_found_when_the_front_drains 0x00000019 0x00000005 ktest_crash_pool_overrun_found_when_the_front_drains
crash_pool_free_kernel_data 0x000000C2 0x00000041 ktest_crash_pool_free_kernel_data
crash_wait_at_dispatch_level_with_a_timeout 0x0000000A - wait_at_irql
crash_wait_at_dispatch_level_with_a_timeout 0x0000000A - wait_at_irql hal=pic
crash_mutex_released_by_a_non_owner 0x0000001E 0xC0000046 KeReleaseMutex
crash_wait_for_too_many_objects 0x0000000C 0x00000004 ktest_crash_wait_for_too_many_objects
crash_wait_for_more_than_64_objects 0x0000000C 0x00000041 ktest_crash_wait_for_more_than_64_objects
crash_wait_above_dispatch_level 0x0000000A - wait_at_irql
crash_wait_forever_at_dispatch_level 0x0000000A - wait_at_irql
crash_thread_ends_holding_a_mutex 0x00000020 0x00000000 PsTerminateSystemThread
crash_thread_ends_in_a_critical_region 0x00000020 0x00000000 PsTerminateSystemThread
crash_thread_stack_overflow 0x0000007F 0x00000008 recurse_in_thread
crash_ready_queue_corrupt 0x00000139 0x00000003 ktest_crash_ready_queue_corrupt
crash_object_dereferenced_too_often 0x00000018 - ObfDereferenceObject
LIST

# A thread that overflows its stack is named on the stop screen.
if grep -aq '^Thread .* start overflow_thread_stack' \
    "$LOGS/crash_thread_stack_overflow.serial" &&
    grep -aq '^The thread overflowed its kernel stack' \
        "$LOGS/crash_thread_stack_overflow.serial"; then
    pass "crash_thread_stack_overflow_names_the_thread"
else
    fail "crash_thread_stack_overflow_names_the_thread: no thread line"
fi

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

echo "== command line: what a bad word costs, limits, unknown options"
# boot_says NAME STATUS APPEND TEXT...: one boot with -append APPEND; QEMU
# must exit with STATUS (33 passed, 35 failed) and the console show each TEXT.
boot_says() {
    local name=$1 want=$2 append=$3 log="$LOGS/$1" status text
    shift 3
    qemu_boot "$log" -m 32M -kernel "$KERNEL" -append "$append"
    status=$?
    if [ $status -ne "$want" ]; then
        fail "$name: QEMU exit status $status, expected $want"
        show_tails "$log"
        return
    fi
    for text in "$@"; do
        if ! grep -aqF -- "$text" "$log.serial"; then
            fail "$name: the console does not say \"$text\""
            show_tails "$log"
            return
        fi
    done
    pass "$name"
}
# QEMU puts the kernel's path first: character N of -append is this one.
at() { echo $((${#KERNEL} + 2 + $1)); }
boot_says cmdline_bad_words_cost_only_themselves 33 \
    '=oops test=running_in_high_half note="open rest' \
    "'=oops' (at character $(at 0)) has no name before '='; ignored" \
    "'note=\"open rest' (at character $(at 32)) opens a quote that is never closed" \
    "1 passed, 0 failed"
boot_says cmdline_longer_than_511_keeps_the_words_before 33 \
    "test=running_in_high_half note=$(printf '%0500d' 0) hal=pic" \
    "longer than 511 characters; 'note=$(printf '%032d' 0)...' (at character $(at 26))" \
    "1 passed, 0 failed"
boot_says cmdline_more_than_32_options_keeps_the_first 33 \
    "test=running_in_high_half $(printf 'mmcheck=%d ' $(seq 1 32))" \
    "more than 32 options; 'mmcheck=32' (at character" \
    "1 passed, 0 failed"
boot_says cmdline_unknown_options_and_values_are_reported 33 \
    "tests=all mmcheck=maybe test=running_in_high_half" \
    "boot: unknown option 'tests' ignored" \
    "boot: the options the kernel reads: test crash bench hal mmcheck" \
    "boot: mmcheck=maybe is not 1 or 0" "1 passed, 0 failed"
# The kernel test compares the checker's state with the option's value.
boot_says cmdline_mmcheck_0_is_off 33 \
    "test=mm_check_every_operation_follows_the_command_line mmcheck=0" \
    "1 passed, 0 failed"
# Driver Verifier's low-resources options: read, and the seed printed
# at boot (docs/verifier.md); a seed that is no number is named.
boot_says verifier_low_resources_options_are_read_and_printed 33 \
    "test=running_in_high_half verifier_flags=1D verifier_seed=1234 verifier_fault_rate=250 verifier_fault_delay=2" \
    "verifier: low-resources simulation: verifier_seed=1234, 250 failures in 10000 calls, from 2 s after boot" \
    "1 passed, 0 failed"
boot_says verifier_seed_that_is_no_number_is_reported 33 \
    "test=running_in_high_half verifier_flags=1D verifier_seed=zz" \
    "boot: command line: verifier_seed=zz is not a number; " "1 passed, 0 failed"
boot_says bench_unknown_name_fails 35 "bench=nosuch" \
    "bench: no benchmark named 'nosuch'; there are: buddy irql pool dispatcher fastmutex interlocked user"
echo "== the test runner: what test= may name"
# A crash test stops the machine and boot_wrong_magic halts it: test=
# refuses both by name (they run only alone, through crash=) and exits
# with the failure status at once. A name no test has is a failure that
# names it; the rest of the list still runs.
for name in crash_free_twice boot_wrong_magic; do
    log="$LOGS/refuse-$name"
    qemu_boot "$log" -m 32M -kernel "$KERNEL" -append "test=$name"
    status=$?
    if [ $status -eq 35 ] &&
        grep -aq "^FAIL selection: $name is a crash test, which stops the machine; it runs alone, at boot, with crash=$name" "$log.serial" &&
        grep -aq '^0 passed, 1 failed' "$log.serial" &&
        ! grep -aq 'STOP\|must be started by a Multiboot loader' "$log.serial"; then
        pass "test_option_refuses_crash_tests [$name]"
    else
        fail "test_option_refuses_crash_tests [$name]: QEMU exit status $status (35 is the failure status)"
        show_tails "$log"
    fi
done
log="$LOGS/unknown-name"
qemu_boot "$log" -m 32M -kernel "$KERNEL" -append "test=running_in_high_half,nosuch"
status=$?
if [ $status -eq 35 ] && grep -aq "^FAIL selection: no test named 'nosuch'" "$log.serial" &&
    grep -aq '^PASS running_in_high_half' "$log.serial" &&
    grep -aq '^1 passed, 1 failed' "$log.serial"; then
    pass "test_option_fails_unknown_names"
else
    fail "test_option_fails_unknown_names: QEMU exit status $status (35 is the failure status)"
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
grep -v '^PASS \|^FAIL \|^SKIP \|^[0-9]* passed, ' "$LOGS/matrix.log" | sed 's/^/    /'
grep -qE '^[0-9]+ passed, [0-9]+ failed' "$LOGS/matrix.log" ||
    fail "matrix: tools/matrix.sh stopped before its tally"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
