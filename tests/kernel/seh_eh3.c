/*
 * An _except_handler3 frame as clang lays out __try in MSVC mode
 * (seh_eh3.asm), on the kernel's fs:[0] chain beside SEH_TRY frames: the
 * filter through the frame's EXCEPTION_POINTERS slot, __finally on the
 * way out and on unwinds, __except after the unwind.
 */
#include "kernel/ktest.h"
#include "kernel/seh.h"
#include "kernel/x86.h"
#include "kt_seh.h"

/* seh_eh3.asm: a function with one __try/__except around one
 * __try/__finally, as clang lays out an EH3 frame. */
LONG __cdecl KtEh3Guarded(VOID (*Routine)(VOID));
extern LONG KtEh3FilterResult;   /* what the filter says */
extern NTSTATUS KtEh3FilterCode; /* what the filter saw */
extern ULONG KtEh3Step, KtEh3FinallyAt, KtEh3ExceptAt;

static VOID reset_eh3(LONG FilterResult)
{
    KtEh3FilterResult = FilterResult;
    KtEh3FilterCode = 0;
    KtEh3Step = KtEh3FinallyAt = KtEh3ExceptAt = 0;
}

static VOID nothing(VOID) {}

KTEST(seh_eh3_no_exception_runs_the_finally)
{
    reset_eh3(EXCEPTION_EXECUTE_HANDLER);
    KT_ASSERT_EQ(KtEh3Guarded(nothing), 0);
    KT_ASSERT_EQ(KtEh3FinallyAt, 1);
    KT_ASSERT_EQ(KtEh3ExceptAt, 0);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* The filter sees the code through the frame's EXCEPTION_POINTERS slot,
 * the __finally runs (unwind) before the __except block. */
KTEST(seh_eh3_except_after_finally)
{
    reset_eh3(EXCEPTION_EXECUTE_HANDLER);
    KT_ASSERT_EQ(KtEh3Guarded(KtRaiseQuota), 1);
    KT_ASSERT_EQ(KtEh3FilterCode, STATUS_QUOTA_EXCEEDED);
    KT_ASSERT_EQ(KtEh3FinallyAt, 1);
    KT_ASSERT_EQ(KtEh3ExceptAt, 2);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);

    /* From a trap: the __except block is jumped to from the trap's
     * dispatch, and keeps the interrupt flag the trapped code had. */
    reset_eh3(EXCEPTION_EXECUTE_HANDLER);
    KT_ASSERT_EQ(KtEh3Guarded(KtFaultAtLowAddress), 1);
    KT_ASSERT(read_eflags() & EFLAGS_IF);
    KT_ASSERT_EQ(KtEh3FilterCode, STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(KtEh3ExceptAt, 2);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* A filter that searches on: the SEH_TRY outside takes the exception, and
 * its unwind runs the EH3 frame's __finally (EXCEPTION_UNWINDING). */
KTEST(seh_eh3_continue_search_to_seh_try)
{
    volatile NTSTATUS Code = 0;
    volatile LONG Result = 0x77;

    reset_eh3(EXCEPTION_CONTINUE_SEARCH);
    SEH_TRY
    {
        Result = KtEh3Guarded(KtRaiseQuota);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Code, STATUS_QUOTA_EXCEEDED);
    KT_ASSERT_EQ(Result, 0x77);
    KT_ASSERT_EQ(KtEh3FilterCode, STATUS_QUOTA_EXCEEDED);
    KT_ASSERT_EQ(KtEh3FinallyAt, 1);
    KT_ASSERT_EQ(KtEh3ExceptAt, 0);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* A filter that says EXCEPTION_CONTINUE_EXECUTION resumes a continuable
 * raise; the body then ends normally. */
KTEST(seh_eh3_continue_execution)
{
    reset_eh3(EXCEPTION_CONTINUE_EXECUTION);
    KT_ASSERT_EQ(KtEh3Guarded(KtRaiseTestStatus), 0);
    KT_ASSERT_EQ(KtEh3FilterCode, KT_STATUS_TEST);
    KT_ASSERT_EQ(KtEh3FinallyAt, 1);
    KT_ASSERT_EQ(KtEh3ExceptAt, 0);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}
