/*
 * Fast mutexes: the parts beside the uncontended pair
 * (fast_mutex_hot_path.asm). A fast mutex is free while Count is 1. Each
 * acquirer decrements it; whoever does not reach 0 is a waiter, already
 * counted as the next owner, and sleeps on the synchronization event. A
 * release increments Count and, when it stays at or below 0, sets the
 * event: exactly one waiter wakes, owning the mutex (the hand-over), and
 * gets a priority boost of one as NT's KeSetEventBoostPriority gives. No
 * dispatcher lock is taken unless someone waits.
 */
#include "kernel/bugcheck.h"
#include "kernel/thread.h"

/* The slow halves of the hot pair (fast_mutex_hot_path.asm). */
VOID FASTCALL ExpWaitForFastMutex(PFAST_MUTEX FastMutex);
VOID FASTCALL ExpWakeFastMutexWaiter(PFAST_MUTEX FastMutex);

VOID FASTCALL ExpWaitForFastMutex(PFAST_MUTEX FastMutex)
{
#if DBG
    /* Waiting for oneself never ends: stop instead, as for spin locks. */
    if (FastMutex->Owner == KiCurrentThread())
        KeBugCheckEx(MUTEX_ALREADY_OWNED, (ULONG_PTR)FastMutex,
                     (ULONG_PTR)KiCurrentThread(), 0, 0);
#endif
    FastMutex->Contention++;
    KeWaitForSingleObject(&FastMutex->Event, WrFastMutex, KernelMode, FALSE,
                          NULL);
}

VOID FASTCALL ExpWakeFastMutexWaiter(PFAST_MUTEX FastMutex)
{
    KeSetEvent(&FastMutex->Event, EVENT_INCREMENT, FALSE);
}

BOOLEAN FASTCALL ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL OldIrql = KfRaiseIrql(APC_LEVEL);
    LONG Free = FM_LOCK_BIT;

    if (!__atomic_compare_exchange_n(&FastMutex->Count, &Free, 0, FALSE,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        KfLowerIrql(OldIrql);
        return FALSE;
    }
    FastMutex->Owner = KiCurrentThread();
    FastMutex->OldIrql = OldIrql;
    return TRUE;
}

/* Without the raise, a normal kernel APC could run in the owner and ask
 * for the same mutex: the caller must have APCs off already. */
VOID FASTCALL ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    ASSERT(KeGetCurrentIrql() == APC_LEVEL || KeAreApcsDisabled());
    if (__atomic_sub_fetch(&FastMutex->Count, 1, __ATOMIC_ACQUIRE) != 0)
        ExpWaitForFastMutex(FastMutex);
    FastMutex->Owner = KiCurrentThread();
}

VOID FASTCALL ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    FastMutex->Owner = NULL;
    if (__atomic_add_fetch(&FastMutex->Count, 1, __ATOMIC_RELEASE) <= 0)
        ExpWakeFastMutexWaiter(FastMutex);
}
