/*
 * Guarded mutexes (Server 2003 SP1's): the fast mutex's count and
 * hand-over (kernel/ex/fast_mutex.c), held in a guarded region rather than
 * at APC_LEVEL. The owner's IRQL stays where it was, PASSIVE_LEVEL most of
 * the time, and no APC of any kind runs in it until the release leaves the
 * region, which then delivers what was queued meanwhile.
 */
#include "kernel/bugcheck.h"
#include "kernel/thread.h"

VOID FASTCALL KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    Mutex->Count = FM_LOCK_BIT;
    Mutex->Owner = NULL;
    Mutex->Contention = 0;
    KeInitializeEvent(&Mutex->Event, SynchronizationEvent, FALSE);
    Mutex->CombinedApcDisable = 0;
}

static VOID wait_for_hand_over(PKGUARDED_MUTEX Mutex)
{
#if DBG
    if (Mutex->Owner == KiCurrentThread())
        KeBugCheckEx(MUTEX_ALREADY_OWNED, (ULONG_PTR)Mutex,
                     (ULONG_PTR)KiCurrentThread(), 0, 0);
#endif
    Mutex->Contention++;
    KeWaitForSingleObject(&Mutex->Event, WrGuardedMutex, KernelMode, FALSE,
                          NULL);
}

VOID FASTCALL KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex)
{
    ASSERT(KeGetCurrentIrql() == APC_LEVEL ||
           KiCurrentThread()->SpecialApcDisable != 0);
    if (__atomic_sub_fetch(&Mutex->Count, 1, __ATOMIC_ACQUIRE) != 0)
        wait_for_hand_over(Mutex);
    Mutex->Owner = KiCurrentThread();
}

VOID FASTCALL KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex)
{
    Mutex->Owner = NULL;
    if (__atomic_add_fetch(&Mutex->Count, 1, __ATOMIC_RELEASE) <= 0)
        KeSetEvent(&Mutex->Event, EVENT_INCREMENT, FALSE);
}

VOID FASTCALL KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    KeEnterGuardedRegion();
    KeAcquireGuardedMutexUnsafe(Mutex);
}

VOID FASTCALL KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    KeReleaseGuardedMutexUnsafe(Mutex);
    KeLeaveGuardedRegion();
}

BOOLEAN FASTCALL KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    LONG Free = FM_LOCK_BIT;

    KeEnterGuardedRegion();
    if (!__atomic_compare_exchange_n(&Mutex->Count, &Free, 0, FALSE,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        KeLeaveGuardedRegion();
        return FALSE;
    }
    Mutex->Owner = KiCurrentThread();
    return TRUE;
}
