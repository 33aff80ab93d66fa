/* Semaphores: a count that each satisfied wait takes one from, up to a
 * limit that a release may not pass. */
#include "kernel/thread.h"

VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
    Semaphore->Header.Type = SemaphoreObject;
    Semaphore->Header.Size = sizeof(KSEMAPHORE) / sizeof(ULONG);
    Semaphore->Header.Inserted = 0;
    Semaphore->Header.Absolute = 0;
    Semaphore->Header.SignalState = Count;
    InitializeListHead(&Semaphore->Header.WaitListHead);
    Semaphore->Limit = Limit;
}

LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment,
                              LONG Adjustment, BOOLEAN Wait)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Semaphore->Header.SignalState;

    /* NT refuses a count past the limit or below the one it had; a zero
     * adjustment changes nothing and is no error. */
    if (Adjustment < 0 || Previous > Semaphore->Limit - Adjustment) {
        KiReleaseDispatcherLock(OldIrql);
        ExRaiseStatus(STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    }
    Semaphore->Header.SignalState = Previous + Adjustment;
    if (Previous == 0 && Adjustment != 0)
        KiWaitTest(Semaphore, Increment);
    KiExitDispatcher(OldIrql, Wait);
    return Previous;
}

LONG NTAPI KeReadStateSemaphore(PRKSEMAPHORE Semaphore)
{
    return Semaphore->Header.SignalState;
}
