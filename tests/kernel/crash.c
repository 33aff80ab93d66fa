/*
 * Crash tests: each must stop the machine with a given bug check. The
 * runner boots each alone (crash=NAME) and checks the STOP line and QEMU's
 * exit status; the expected codes are listed in tools/test.sh.
 */
#include "kernel/ktest.h"
#include "kernel/seh.h"
#include "kernel/x86.h"

static volatile ULONG zero;

KTEST_CRASH(crash_divide_error)
{
    zero = divide(1, zero); /* KMODE_EXCEPTION_NOT_HANDLED */
}

/* The kernel never enabled the FPU (CR0.EM): x87 code in the kernel is a
 * bug, stopped as NT stops it (#NM in kernel mode). */
KTEST_CRASH(crash_x87_instruction)
{
    execute_x87_instruction(); /* UNEXPECTED_KERNEL_MODE_TRAP (7) */
}

KTEST_CRASH(crash_null_dereference)
{
    static volatile ULONG_PTR Null;

    zero = *(volatile ULONG *)Null; /* PAGE_FAULT_IN_NONPAGED_AREA */
}

static __attribute__((noinline)) ULONG overflow_stack(ULONG Depth)
{
    volatile UCHAR Frame[512];

    Frame[0] = (UCHAR)Depth;
    if (Depth == 0xFFFFFFFF) /* never: the stack runs out long before */
        return 0;
    return overflow_stack(Depth + 1) + Frame[0];
}

KTEST_CRASH(crash_stack_overflow)
{
    zero = overflow_stack(0); /* UNEXPECTED_KERNEL_MODE_TRAP (8) */
}

KTEST_CRASH(crash_raise_unhandled)
{
    ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
}

KTEST_CRASH(crash_list_corruption)
{
    LIST_ENTRY Head, Entry;

    InitializeListHead(&Head);
    InsertTailList(&Head, &Entry);
    Entry.Blink = &Entry;    /* a stray write breaks the back link */
    RemoveEntryList(&Entry); /* KERNEL_SECURITY_CHECK_FAILURE (3) */
}

static __attribute__((noinline)) VOID leave_try_early(VOID)
{
    SEH_TRY
    {
        return;
    } /* breaks the rule: the frame stays linked */
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER) {}
    SEH_END;
}

KTEST_CRASH(crash_seh_chain_corrupt)
{
    SEH_TRY
    {
        leave_try_early();
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER) {}
    SEH_END; /* the unlink finds the stale frame: EXCEPTION_CHAIN_CORRUPT */
}

KTEST_CRASH(crash_assert)
{
    ASSERT(zero == 1); /* ASSERTION_FAILURE in the checked build */
}

KTEST_CRASH(crash_manual)
{
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, 1, 2, 3, 4);
}

/* Not a bug check: a kernel entered without the Multiboot magic must say
 * why and halt. The runner waits for the message; QEMU must not reset. */
VOID KiSystemStartup(ULONG Magic, ULONG InfoPhysical);

KTEST_CRASH(boot_wrong_magic)
{
    KiSystemStartup(0x12345678, 0);
}
