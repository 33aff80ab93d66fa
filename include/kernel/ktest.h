/*
 * Kernel tests: functions linked into the kernel, selected by the command
 * line (test=all, test=NAME[,NAME...]) and run after boot. Each prints
 * "PASS name" or "FAIL name: why (file:line)", or "SKIP name: why" when
 * what it needs is not there (KT_SKIP: a disk, say); the run ends with
 * "N passed, N failed" (after "N skipped" when some were) and leaves QEMU
 * with a status that says which.
 *
 *     KTEST(gdt_layout) { KT_ASSERT(read_cs() == KGDT_R0_CODE); }
 *
 * Crash tests (crash=NAME) are expected to stop the machine; the runner in
 * tools/ boots each alone and checks the bug check code, and test= and the
 * shell refuse them by name. A name no test has is a failure. External tests
 * (KTEST_EXTERNAL) need the runner to do something from outside, such as
 * typing keys; only naming them runs them, never test=all.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "ntddk.h"

typedef struct _KTEST_CONTEXT {
    PCSTR Name;
    BOOLEAN Failed;
    BOOLEAN Quiet;   /* records the failure without printing it */
    ULONG Line;      /* of the first failed assertion */
    BOOLEAN Skipped; /* KT_SKIP: neither passed nor failed */
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
VOID KtSkip(KTEST_CONTEXT *Context, PCSTR Format, ...);

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

/*
 * A test that takes anything (frames, pool, an address space or an attach
 * to it, a raised IRQL, a connected interrupt, a queued DPC or timer) gives
 * it back on every path, or a failure would leave the running system
 * broken for whatever runs next (the shell, the next test). It declares a
 * cleanup section; a failed assertion before it jumps there instead of
 * leaving the test, whatever line failed:
 *
 *     KTEST(vm_example)
 *     {
 *         KT_CLEANUP_SECTION;       first: before any assertion
 *         PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
 *
 *         KT_ASSERT(Frame != MI_NO_PAGE);   no memory: fails, frees nothing
 *         ...
 *         KT_CLEANUP;               reached at the end or by a failure
 *         if (Frame != MI_NO_PAGE)
 *             MiFreePages(Frame, 0);
 *         KT_ASSERT(...);           after the cleanup: a failure just leaves
 *     }
 *
 * What the cleanup reads is declared and set before the first assertion.
 * A failed test goes on from the cleanup through the checks after it
 * (counts back where they were); only its first failure is reported, and
 * a failure after the section just leaves. Without a section a failed
 * assertion leaves the test at once: the file-scope target below is NULL,
 * and a section's local one hides it (GCC's labels as values).
 */
static void *const KtCleanupTarget_ __attribute__((unused)) = NULL;
#define KT_CLEANUP_SECTION void *KtCleanupTarget_ = &&KtCleanup_
#define KT_CLEANUP                                                             \
    KtCleanup_:                                                                \
    KtCleanupTarget_ = NULL

/* Records a failure with its reason and leaves the test, through its
 * cleanup section when it has one. */
#define KT_ASSERT_MSG(Condition, ...)                                          \
    do {                                                                       \
        if (!(Condition)) {                                                    \
            KtFail(KtContext_, __FILE__, __LINE__, __VA_ARGS__);               \
            if (KtCleanupTarget_ != NULL)                                      \
                goto *KtCleanupTarget_;                                        \
            return;                                                            \
        }                                                                      \
    } while (0)
#define KT_ASSERT(Condition) KT_ASSERT_MSG(Condition, "%s", #Condition)
/* The test cannot run here (no disk attached, say): "SKIP name: why",
 * counted as neither passed nor failed; it leaves the test as a failed
 * assertion does, through the cleanup section when there is one. */
#define KT_SKIP(...)                                                           \
    do {                                                                       \
        KtSkip(KtContext_, __VA_ARGS__);                                       \
        if (KtCleanupTarget_ != NULL)                                          \
            goto *KtCleanupTarget_;                                            \
        return;                                                                \
    } while (0)
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
/* The kernel's PAGE and PAGEDATA pages back in memory (mm/
 * pageable_kernel.c): before each test, so that a page an earlier test
 * trimmed does not come back in the middle of one that counts frames or
 * faults, and before the tests' counts of free frames. */
VOID KtTouchKernelPageablePages(VOID);
/* The same, then leaves QEMU with the status tools/test.sh reads. */
extern BOOLEAN KtStartedByCommandLine; /* test=, not the shell's `test` */
VOID KtRunTests(PCSTR Selection);
VOID KtRunCrash(PCSTR Name);
/* Runs a benchmark (bench=NAME), prints its figures, leaves QEMU. */
VOID KtRunBenchmarks(PCSTR Name);

#endif
