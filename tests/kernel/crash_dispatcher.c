/*
 * Crash tests for the rules the dispatcher enforces (tools/test.sh lists
 * each with the bug check it must stop with).
 */
#include "kernel/ktest.h"
#include "tests/kernel/kt_thread.h"

/* Waits on an event no one sets, at Irql (the stop names this routine). */
static DECLSPEC_NOINLINE VOID wait_at_irql(KIRQL Irql, PLARGE_INTEGER Timeout)
{
    KEVENT Event;
    KIRQL OldIrql;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KeRaiseIrql(Irql, &OldIrql);
    KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, Timeout);
}

KTEST_CRASH(crash_wait_at_dispatch_level_with_a_timeout)
{
    LARGE_INTEGER Timeout = KtMilliseconds(10);

    wait_at_irql(DISPATCH_LEVEL, &Timeout);
}

/* Above DISPATCH_LEVEL not even a zero timeout may wait. */
KTEST_CRASH(crash_wait_above_dispatch_level)
{
    LARGE_INTEGER Zero = {.QuadPart = 0};

    wait_at_irql(HIGH_LEVEL, &Zero);
}

/* At DISPATCH_LEVEL a wait without a timeout would block for ever. */
KTEST_CRASH(crash_wait_forever_at_dispatch_level)
{
    wait_at_irql(DISPATCH_LEVEL, NULL);
}

KTEST_CRASH(crash_mutex_released_by_a_non_owner)
{
    KMUTEX Mutex;

    KeInitializeMutex(&Mutex, 0);
    KeReleaseMutex(&Mutex, FALSE); /* STATUS_MUTANT_NOT_OWNED, unhandled */
}

KTEST_CRASH(crash_wait_for_too_many_objects)
{
    PVOID Objects[4] = {NULL, NULL, NULL, NULL};

    /* More than THREAD_WAIT_OBJECTS without a wait block array. */
    KeWaitForMultipleObjects(4, Objects, WaitAny, Executive, KernelMode, FALSE,
                             NULL, NULL);
}

KTEST_CRASH(crash_wait_for_more_than_64_objects)
{
    static PVOID Objects[MAXIMUM_WAIT_OBJECTS + 1];
    static KWAIT_BLOCK Blocks[MAXIMUM_WAIT_OBJECTS + 1];

    /* Even with the caller's blocks, 64 is the most. */
    KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, Objects, WaitAny,
                             Executive, KernelMode, FALSE, NULL, Blocks);
}

static VOID NTAPI end_holding_a_mutex(PVOID Context)
{
    KeWaitForMutexObject(Context, Executive, KernelMode, FALSE, NULL);
}

KTEST_CRASH(crash_thread_ends_holding_a_mutex)
{
    static KMUTEX Mutex;

    KeInitializeMutex(&Mutex, 0);
    KtJoinThread(KtStartThread(end_holding_a_mutex, &Mutex, 8));
}

static VOID NTAPI end_in_a_critical_region(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeEnterCriticalRegion();
}

KTEST_CRASH(crash_thread_ends_in_a_critical_region)
{
    KtJoinThread(KtStartThread(end_in_a_critical_region, NULL, 8));
}

static __attribute__((noinline, noipa)) ULONG recurse_in_thread(ULONG Depth)
{
    volatile UCHAR Frame[256];

    Frame[0] = (UCHAR)Depth;
    if (Depth == 0xFFFFFFFF)
        return 0;
    return recurse_in_thread(Depth + 1) + Frame[0];
}

static VOID NTAPI overflow_thread_stack(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    recurse_in_thread(0);
}

KTEST_CRASH(crash_thread_stack_overflow)
{
    KtJoinThread(KtStartThread(overflow_thread_stack, NULL, 8));
}

static VOID NTAPI never_runs(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
}

/* KiSwapThread (kernel/ke/context_switch.asm) takes the next thread off
 * its ready queue with RemoveHeadList's checks: links that no longer
 * agree stop the machine (KERNEL_SECURITY_CHECK_FAILURE, 3) instead of
 * switching to a thread found through a wild pointer. */
KTEST_CRASH(crash_ready_queue_corrupt)
{
    PKTHREAD Thread;
    KEVENT Event;

    KeSetPriorityThread(KeGetCurrentThread(), 20);
    Thread = KtStartThread(never_runs, NULL, 19); /* ready, outranked */
    if (Thread == NULL)
        return;
    Thread->WaitListEntry.Blink = &Thread->WaitListEntry; /* not the head */
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
}
