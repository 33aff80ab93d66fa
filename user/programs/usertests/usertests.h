/*
 * usertests: what a user program can check of the kernel, each test a
 * function run in turn; each prints "PASS name" or "FAIL name: why", and
 * the program ends with "N passed, N failed" and the failure count as its
 * exit code. Every expectation is NT's documented behaviour. A CHECK
 * returns from the test, so none is used inside a __try (leaving a __try
 * by return would be an abnormal termination): tests record what happened
 * there in volatile locals and check it after.
 */
#ifndef USERTESTS_H
#define USERTESTS_H

#include <stdio.h>
#include <string.h>

#include "ntdll.h"
#include "windows.h"

#ifdef __cplusplus
extern "C" {
#endif

/* main.c: nonzero once main has begun (static constructors run before). */
extern int usertests_in_main;

void ut_fail(const char *File, int Line, const char *Message);
void ut_fail_eq(const char *File, int Line, const char *Expression,
                unsigned long long Actual, unsigned long long Expected);

#define CHECK(Condition)                                                       \
    do {                                                                       \
        if (!(Condition)) {                                                    \
            ut_fail(__FILE__, __LINE__, #Condition);                           \
            return;                                                            \
        }                                                                      \
    } while (0)
#define CHECK_EQ(Actual, Expected)                                             \
    do {                                                                       \
        unsigned long long Actual_ = (unsigned long long)(Actual);             \
        unsigned long long Expected_ = (unsigned long long)(Expected);         \
        if (Actual_ != Expected_) {                                            \
            ut_fail_eq(__FILE__, __LINE__, #Actual, Actual_, Expected_);       \
            return;                                                            \
        }                                                                      \
    } while (0)

/* raw_call.asm: int 0x2e with any service number and argument pointer. */
NTSTATUS __cdecl raw_system_call(ULONG Number, PVOID Arguments);

/* Addresses no user pointer may reach: the first kernel byte, and a
 * 4-byte-aligned object that starts in user space and ends in the
 * kernel's half (MmUserProbeAddress is 0x7FFF0000). */
#define KERNEL_ADDRESS ((PVOID)0x80000000)
#define STRADDLING_ADDRESS ((PVOID)0x7FFEFFFC)

/* Every test, in the order they run. */
#define USER_TESTS(X)                                                          \
    X(services_refuse_null_pointers)                                           \
    X(services_refuse_kernel_pointers)                                         \
    X(services_refuse_misaligned_pointers)                                     \
    X(services_refuse_unmapped_pointers)                                       \
    X(services_refuse_straddling_pointers)                                     \
    X(services_report_guard_pages_once)                                        \
    X(unknown_service_number_is_invalid)                                       \
    X(invalid_handles_are_refused)                                             \
    X(reservation_rounds_to_granularity)                                       \
    X(commit_is_zeroed_and_reserve_is_not_accessible)                          \
    X(decommit_keeps_the_reservation)                                          \
    X(release_needs_the_base_and_size_zero)                                    \
    X(protection_changes_take_effect)                                          \
    X(guard_page_fires_once)                                                   \
    X(invalid_protection_is_refused)                                           \
    X(top_down_allocates_higher)                                               \
    X(query_describes_free_and_kernel_addresses)                               \
    X(query_describes_the_shared_user_data_area)                               \
    X(manual_and_auto_reset_events)                                            \
    X(named_events_are_shared)                                                 \
    X(timer_routine_runs_in_an_alertable_wait)                                 \
    X(event_access_masks_are_enforced)                                         \
    X(wait_for_multiple_any_and_all)                                           \
    X(sleep_and_tick_count)                                                    \
    X(threads_run_on_their_own_stacks)                                         \
    X(thread_exit_codes_are_kept)                                              \
    X(threads_are_terminated_through_handles)                                  \
    X(suspended_threads_count_suspensions)                                     \
    X(fs_is_the_teb_selector)                                                  \
    X(shared_user_data_names_the_system_call_stub)                             \
    X(section_views_share_memory)                                              \
    X(named_sections_open_by_name)                                             \
    X(read_only_views_refuse_writes)                                           \
    X(seh_catches_access_violation)                                            \
    X(seh_catches_divide_error)                                                \
    X(seh_catches_breakpoint)                                                  \
    X(seh_catches_privileged_instructions)                                     \
    X(seh_finally_runs_on_unwind)                                              \
    X(seh_raise_and_continue)                                                  \
    X(seh_noncontinuable_cannot_continue)                                      \
    X(stack_grows_to_near_its_limit)                                           \
    X(stack_overflow_is_raised)                                                \
    X(ldt_selector_reads_through_its_base)                                     \
    X(ldt_refuses_system_descriptors)                                          \
    X(process_heap_and_private_heaps)                                          \
    X(int64_arithmetic_helpers)                                                \
    X(last_error_follows_nt_status)                                            \
    X(create_file_refuses_before_the_kernel)                                   \
    X(console_handles_write_and_refuse_reads)                                  \
    X(console_devices_open_by_name)                                            \
    X(overlapped_results_are_read_from_the_overlapped)                         \
    X(dos_path_names_become_nt_names)                                          \
    X(msvc_printf_and_strsafe)                                                 \
    X(crt_string_routines)                                                     \
    X(crt_number_routines)                                                     \
    X(cpp_static_objects_classes_and_seh)

#define DECLARE_TEST(Name) void Name(void);
USER_TESTS(DECLARE_TEST)
#undef DECLARE_TEST

#ifdef __cplusplus
}
#endif

#endif
