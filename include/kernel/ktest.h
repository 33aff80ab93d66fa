/*
 * Kernel tests: functions linked into the kernel, selected by the command
 * line (test=all, test=NAME[,NAME...]) and run after boot. Each prints
 * "PASS name" or "FAIL name: why (file:line)"; the run ends with
 * "N passed, N failed" and leaves QEMU with a status that says which.
 *
 *     KTEST(gdt_layout) { KT_ASSERT(read_cs() == KGDT_R0_CODE); }
 *
 * Crash tests (crash=NAME) are expected to stop the machine; the runner in
 * tools/ boots each alone and checks the bug check code. External tests
 * (KTEST_EXTERNAL) need the runner to do something from outside, such as
 * typing keys; only naming them runs them, never test=all.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "ntddk.h"

typedef struct _KTEST_CONTEXT {
    PCSTR Name;
    BOOLEAN Failed;
} KTEST_CONTEXT;

typedef struct _KTEST {
    PCSTR Name;
    VOID (*Routine)(KTEST_CONTEXT *Context);
    UCHAR Kind;
} KTEST;

#define KTEST_KIND_NORMAL 0
#define KTEST_KIND_CRASH 1    /* expected to stop the machine: crash= only */
#define KTEST_KIND_EXTERNAL 2 /* needs help from outside: by name only */

VOID KtFail(KTEST_CONTEXT *Context, PCSTR File, ULONG Line, PCSTR Format, ...);

#define KTEST_DEFINE(Name_, Kind_)                                             \
    static VOID ktest_##Name_(KTEST_CONTEXT *KtContext_                        \
                              __attribute__((unused)));                        \
    static const KTEST ktest_entry_##Name_                                     \
        __attribute__((used, section(".ktests"), aligned(4))) = {              \
            #Name_, ktest_##Name_, Kind_};                                     \
    static VOID ktest_##Name_(KTEST_CONTEXT *KtContext_ __attribute__((unused)))

#define KTEST(Name_) KTEST_DEFINE(Name_, KTEST_KIND_NORMAL)
#define KTEST_CRASH(Name_) KTEST_DEFINE(Name_, KTEST_KIND_CRASH)
#define KTEST_EXTERNAL(Name_) KTEST_DEFINE(Name_, KTEST_KIND_EXTERNAL)

/* Records a failure with its reason and leaves the test. */
#define KT_ASSERT_MSG(Condition, ...)                                          \
    do {                                                                       \
        if (!(Condition)) {                                                    \
            KtFail(KtContext_, __FILE__, __LINE__, __VA_ARGS__);               \
            return;                                                            \
        }                                                                      \
    } while (0)
#define KT_ASSERT(Condition) KT_ASSERT_MSG(Condition, "%s", #Condition)
#define KT_ASSERT_EQ(Actual, Expected)                                         \
    do {                                                                       \
        ULONGLONG KtActual_ = (ULONGLONG)(Actual);                             \
        ULONGLONG KtExpected_ = (ULONGLONG)(Expected);                         \
        KT_ASSERT_MSG(KtActual_ == KtExpected_,                                \
                      "%s is 0x%llx, expected 0x%llx", #Actual, KtActual_,     \
                      KtExpected_);                                            \
    } while (0)

/* Called once during initialisation, from the INIT section: the tests
 * check that it ran there and that it is gone afterwards. */
VOID KtInitializeProbe(VOID);
ULONG KtInitProbe(VOID);
extern ULONG KtInitProbeRuns;

/* Runs the selection and prints the tally; returns the failures. */
ULONG KtRunTestSelection(PCSTR Selection, PULONG Passed);
/* The same, then leaves QEMU with the status tools/test.sh reads. */
extern BOOLEAN KtStartedByCommandLine; /* test=, not the shell's `test` */
VOID KtRunTests(PCSTR Selection);
VOID KtRunCrash(PCSTR Name);
/* Runs a benchmark (bench=NAME), prints its figures, leaves QEMU. */
VOID KtRunBenchmarks(PCSTR Name);

#endif
