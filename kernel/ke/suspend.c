/*
 * Suspending and resuming threads, as NT does it: suspension is a kernel
 * APC to the thread itself, whose normal routine waits on the thread's
 * suspend semaphore; resuming to a count of zero signals the semaphore.
 * So a thread stops only at a point where it may take a kernel APC, never
 * while it holds a lock a critical region protects.
 */
#include "kernel/dispatcher.h"
#include "kernel/thread.h"

#define MAXIMUM_SUSPEND_COUNT 127

static VOID NTAPI suspend_kernel_routine(PKAPC Apc,
                                         PKNORMAL_ROUTINE *NormalRoutine,
                                         PVOID *NormalContext,
                                         PVOID *SystemArgument1,
                                         PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(Apc);
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
}

static VOID NTAPI suspend_normal_routine(PVOID NormalContext,
                                         PVOID SystemArgument1,
                                         PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    KeWaitForSingleObject(&KiCurrentThread()->SuspendSemaphore, Suspended,
                          KernelMode, FALSE, NULL);
}

VOID KiInitializeSuspend(PKTHREAD Thread)
{
    Thread->SuspendCount = 0;
    KeInitializeApc(&Thread->SuspendApc, Thread, OriginalApcEnvironment,
                    suspend_kernel_routine, NULL, suspend_normal_routine,
                    KernelMode, NULL);
    KeInitializeSemaphore(&Thread->SuspendSemaphore, 0, 2);
}

/* The counts change at DISPATCH_LEVEL: no other thread runs meanwhile. */
NTSTATUS KeSuspendThread(PKTHREAD Thread, PULONG PreviousCount)
{
    ULONG Previous;
    KIRQL OldIrql;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    if (Thread->SuspendCount == MAXIMUM_SUSPEND_COUNT) {
        KeLowerIrql(OldIrql);
        *PreviousCount = (ULONG)-1;
        return STATUS_SUSPEND_COUNT_EXCEEDED;
    }
    Previous = (ULONG)Thread->SuspendCount++;
    /* The first suspension sends the APC, or takes back the signal a
     * resume left while the APC was still on its way. */
    if (Previous == 0 &&
        !KeInsertQueueApc(&Thread->SuspendApc, NULL, NULL, 0)) {
        KIRQL LockIrql = KiAcquireDispatcherLock();

        if (Thread->SuspendSemaphore.Header.SignalState > 0)
            Thread->SuspendSemaphore.Header.SignalState--;
        KiReleaseDispatcherLock(LockIrql);
    }
    KeLowerIrql(OldIrql);
    *PreviousCount = Previous;
    return STATUS_SUCCESS;
}

static VOID release_suspended(PKTHREAD Thread)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();

    Thread->SuspendSemaphore.Header.SignalState++;
    KiWaitTest(&Thread->SuspendSemaphore.Header, 0);
    KiReleaseDispatcherLock(OldIrql);
}

ULONG KeResumeThread(PKTHREAD Thread)
{
    ULONG Previous;
    KIRQL OldIrql;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    Previous = (ULONG)Thread->SuspendCount;
    if (Previous != 0 && --Thread->SuspendCount == 0)
        release_suspended(Thread);
    KeLowerIrql(OldIrql);
    return Previous;
}

ULONG KeForceResumeThread(PKTHREAD Thread)
{
    ULONG Previous;
    KIRQL OldIrql;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    Previous = (ULONG)Thread->SuspendCount;
    if (Previous != 0) {
        Thread->SuspendCount = 0;
        release_suspended(Thread);
    }
    KeLowerIrql(OldIrql);
    return Previous;
}
