/*
 * devtest's tests and their runner, as usertests has them: each test
 * prints "PASS name" or "FAIL name: why", the program ends with
 * "N passed, N failed" and exits with the failure count. A CHECK returns
 * from the test; CHECK_METHOD names the method that failed.
 */
#ifndef DEVTESTS_H
#define DEVTESTS_H

#include <stdio.h>
#include <string.h>

#include "devtest.h"

void dt_fail(const char *File, int Line, const char *Message);
void dt_fail_eq(const char *File, int Line, const char *Expression,
                unsigned long long Actual, unsigned long long Expected);
/* The method a test is looking at, for the failure message (-1: none). */
extern int dt_method;

#define CHECK(Condition)                                                       \
    do {                                                                       \
        if (!(Condition)) {                                                    \
            dt_fail(__FILE__, __LINE__, #Condition);                           \
            return;                                                            \
        }                                                                      \
    } while (0)
#define CHECK_EQ(Actual, Expected)                                             \
    do {                                                                       \
        unsigned long long Actual_ = (unsigned long long)(Actual);             \
        unsigned long long Expected_ = (unsigned long long)(Expected);         \
        if (Actual_ != Expected_) {                                            \
            dt_fail_eq(__FILE__, __LINE__, #Actual, Actual_, Expected_);       \
            return;                                                            \
        }                                                                      \
    } while (0)

#define PAGE_SIZE_BYTES 0x1000

/* ioctl.c's helpers: the device, opened on first use for the rest of the
 * run (NULL if it cannot be), the pattern of input byte i, and the check
 * of one request's output. */
extern HANDLE dt_device;
HANDLE dt_open(void);
/* Why dt_open failed, for the test's failure line. */
const char *dt_open_failure(void);
UCHAR dt_pattern(ULONG Index);
#define DT_CANARY 0xA5
/* Fills In with the pattern and Out with DT_CANARY, sends method Method's
 * code on dt_device, and says what went wrong (NULL: the driver's
 * contract held). */
const char *dt_reverse(ULONG Method, PUCHAR In, ULONG InLength, PUCHAR Out,
                       ULONG OutLength);

/* Every test, in the order they run. */
#define DEV_TESTS(X)                                                           \
    X(missing_device_is_file_not_found)                                        \
    X(open_the_device)                                                         \
    X(each_method_reverses_the_input)                                          \
    X(zero_length_buffers)                                                     \
    X(unequal_lengths_return_the_shorter)                                      \
    X(page_straddling_buffers)                                                 \
    X(large_buffers)                                                           \
    X(read_only_output_buffer)                                                 \
    X(unmapped_input_buffer)                                                   \
    X(unmapped_output_buffer)                                                  \
    X(unknown_code_is_invalid_function)                                        \
    X(file_system_codes_travel_as_fsctl)                                       \
    X(overlapped_request_with_an_event)                                        \
    X(overlapped_request_without_an_event)                                     \
    X(cancel_io_with_nothing_pending)                                          \
    X(inverted_call_completes_a_waiting_request)                               \
    X(inverted_call_with_nobody_waiting_is_not_ready)                          \
    X(inverted_call_waits_end_when_their_handle_closes)                        \
    X(apc_routine_runs_when_the_request_completes)                             \
    X(close_the_device)

/* Run by name only, with the filter sample loaded above the device. */
void filter_counts_what_passes(void);
void refused_requests_never_reach_the_driver(void);
void hang_in_a_wait(void);

#define CHECK_DEVICE()                                                         \
    do {                                                                       \
        if (dt_open() == NULL) {                                               \
            dt_fail(__FILE__, __LINE__, dt_open_failure());                    \
            return;                                                            \
        }                                                                      \
    } while (0)

/* A dt_reverse that must succeed, for the method dt_method names. */
#define CHECK_REVERSE(In, InLength, Out, OutLength)                            \
    do {                                                                       \
        const char *Why_ =                                                     \
            dt_reverse((ULONG)dt_method, In, InLength, Out, OutLength);        \
        if (Why_ != NULL) {                                                    \
            dt_fail(__FILE__, __LINE__, Why_);                                 \
            return;                                                            \
        }                                                                      \
    } while (0)

#define DECLARE_TEST(Name) void Name(void);
DEV_TESTS(DECLARE_TEST)
#undef DECLARE_TEST

#endif
