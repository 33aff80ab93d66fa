/*
 * In-stack queued spin locks. The lock word holds the address of the last
 * queue entry (in a KLOCK_QUEUE_HANDLE on its owner's stack), and the
 * entry's Lock field the lock with LOCK_QUEUE_OWNER set while it is held,
 * as NT's. A multiprocessor queues behind a held lock and is handed it by
 * the owner; on this one processor a held lock can only be held by the
 * code asking for it again, which stops the machine, as the ordinary
 * spin lock's does. The same word works with KeTestSpinLock.
 */
#include "kernel/bugcheck.h"
#include "kernel/spin_lock.h"
#include "ntddk.h"

#define QUEUE_BITS (LOCK_QUEUE_WAIT | LOCK_QUEUE_OWNER)

static VOID acquire(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle,
                    PVOID Caller)
{
    PKSPIN_LOCK_QUEUE Queue = &LockHandle->LockQueue;
    KSPIN_LOCK Tail;

    Queue->Next = NULL;
    Queue->Lock = SpinLock;
    Tail = __atomic_exchange_n(SpinLock, (KSPIN_LOCK)Queue, __ATOMIC_ACQUIRE);
    if (Tail != 0)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)SpinLock, Tail,
                     (ULONG_PTR)Caller, (ULONG_PTR)Queue);
    Queue->Lock = (PKSPIN_LOCK)((ULONG_PTR)SpinLock | LOCK_QUEUE_OWNER);
}

/* Only the owner's entry, still the last one, may free the lock. */
static VOID release(PKLOCK_QUEUE_HANDLE LockHandle)
{
    PKSPIN_LOCK_QUEUE Queue = &LockHandle->LockQueue;
    ULONG_PTR Lock = (ULONG_PTR)Queue->Lock;
    PKSPIN_LOCK SpinLock = (PKSPIN_LOCK)(Lock & ~(ULONG_PTR)QUEUE_BITS);
    KSPIN_LOCK Word = (KSPIN_LOCK)Queue;

    if (!(Lock & LOCK_QUEUE_OWNER) ||
        !__atomic_compare_exchange_n(SpinLock, &Word, 0, FALSE,
                                     __ATOMIC_RELEASE, __ATOMIC_RELAXED))
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock,
                     (Lock & LOCK_QUEUE_OWNER) ? Word : 0, (ULONG_PTR)Queue, 0);
    Queue->Lock = SpinLock;
}

VOID FASTCALL KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
                                             PKLOCK_QUEUE_HANDLE LockHandle)
{
    LockHandle->OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    acquire(SpinLock, LockHandle, __builtin_return_address(0));
}

VOID FASTCALL KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    release(LockHandle);
    KfLowerIrql(LockHandle->OldIrql);
}

VOID FASTCALL KeAcquireInStackQueuedSpinLockAtDpcLevel(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    KiCheckSpinLockAtDpcLevel(SpinLock);
    acquire(SpinLock, LockHandle, __builtin_return_address(0));
}

VOID FASTCALL
KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
{
    KiCheckSpinLockAtDpcLevel(
        (PKSPIN_LOCK)((ULONG_PTR)LockHandle->LockQueue.Lock &
                      ~(ULONG_PTR)QUEUE_BITS));
    release(LockHandle);
}
