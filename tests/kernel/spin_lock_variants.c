/*
 * The spin lock's other forms: in-stack queued spin locks, the raise to
 * SYNCH_LEVEL, the try at DISPATCH_LEVEL, and the HAL's stdcall
 * KeRaiseIrql/KeLowerIrql/KeAcquireSpinLock/KeReleaseSpinLock functions.
 */
#include "kernel/ktest.h"

#define OWNED(Lock) ((PKSPIN_LOCK)((ULONG_PTR)(Lock) | LOCK_QUEUE_OWNER))

KTEST(queued_spin_lock_raises_and_gives_back)
{
    KSPIN_LOCK Lock;
    KLOCK_QUEUE_HANDLE Handle;
    KIRQL Inside;
    KSPIN_LOCK Word;
    PKSPIN_LOCK QueueLock;

    KeInitializeSpinLock(&Lock);
    KeAcquireInStackQueuedSpinLock(&Lock, &Handle);
    Inside = KeGetCurrentIrql();
    Word = Lock;
    QueueLock = Handle.LockQueue.Lock;
    KeReleaseInStackQueuedSpinLock(&Handle);

    KT_ASSERT_EQ(Inside, DISPATCH_LEVEL);
    KT_ASSERT_EQ(Handle.OldIrql, PASSIVE_LEVEL);
    /* The lock word points at the owner's queue entry, which says so. */
    KT_ASSERT_EQ(Word, (KSPIN_LOCK)&Handle.LockQueue);
    KT_ASSERT(QueueLock == OWNED(&Lock));
    KT_ASSERT(Handle.LockQueue.Next == NULL);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT_EQ(Lock, 0);
    KT_ASSERT(Handle.LockQueue.Lock == &Lock);
}

KTEST(queued_spin_locks_nest_with_a_handle_each)
{
    KSPIN_LOCK First, Second;
    KLOCK_QUEUE_HANDLE Outer, Inner;
    BOOLEAN BothHeld, FirstHeldAlone;
    KIRQL Between;

    KeInitializeSpinLock(&First);
    KeInitializeSpinLock(&Second);
    KeAcquireInStackQueuedSpinLock(&First, &Outer);
    KeAcquireInStackQueuedSpinLock(&Second, &Inner);
    BothHeld = !KeTestSpinLock(&First) && !KeTestSpinLock(&Second);
    KeReleaseInStackQueuedSpinLock(&Inner);
    Between = KeGetCurrentIrql();
    FirstHeldAlone = !KeTestSpinLock(&First) && KeTestSpinLock(&Second);
    KeReleaseInStackQueuedSpinLock(&Outer);

    KT_ASSERT(BothHeld);
    KT_ASSERT_EQ(Inner.OldIrql, DISPATCH_LEVEL);
    KT_ASSERT_EQ(Between, DISPATCH_LEVEL);
    KT_ASSERT(FirstHeldAlone);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(KeTestSpinLock(&First));
}

/* Taken inside a DPC, where the IRQL already is DISPATCH_LEVEL. */
static KSPIN_LOCK dpc_lock;
static volatile ULONG dpc_done;
static KIRQL dpc_irql_inside;
static KSPIN_LOCK dpc_word_inside;

static VOID NTAPI take_in_dpc(PKDPC Dpc, PVOID Context, PVOID Argument1,
                              PVOID Argument2)
{
    KLOCK_QUEUE_HANDLE Handle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&dpc_lock, &Handle);
    dpc_irql_inside = KeGetCurrentIrql();
    dpc_word_inside = dpc_lock == (KSPIN_LOCK)&Handle.LockQueue;
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&Handle);
    dpc_done = KeGetCurrentIrql() == DISPATCH_LEVEL && dpc_lock == 0;
}

KTEST(queued_spin_lock_at_dpc_level_leaves_the_irql)
{
    KDPC Dpc;
    KIRQL Old;

    KeInitializeSpinLock(&dpc_lock);
    dpc_done = 0;
    KeInitializeDpc(&Dpc, take_in_dpc, NULL);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    KeLowerIrql(Old); /* the DPC runs here */
    KT_ASSERT_EQ(dpc_done, 1);
    KT_ASSERT_EQ(dpc_irql_inside, DISPATCH_LEVEL);
    KT_ASSERT(dpc_word_inside);
}

KTEST(spin_lock_raise_to_synch_level)
{
    KSPIN_LOCK Lock;
    KIRQL Old, Inside;
    BOOLEAN Held;

    KeInitializeSpinLock(&Lock);
    Old = KeAcquireSpinLockRaiseToSynch(&Lock);
    Inside = KeGetCurrentIrql();
    Held = !KeTestSpinLock(&Lock);
    KeReleaseSpinLock(&Lock, Old);
    KT_ASSERT_EQ(Old, PASSIVE_LEVEL);
    KT_ASSERT_EQ(Inside, SYNCH_LEVEL);
    KT_ASSERT(Held);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(KeTestSpinLock(&Lock));
}

/* A held lock is refused, not a reason to stop the machine. */
KTEST(spin_lock_try_at_dpc_level)
{
    KSPIN_LOCK Lock;
    KIRQL Old;
    BOOLEAN First, Second, HeldBetween;

    KeInitializeSpinLock(&Lock);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    First = KeTryToAcquireSpinLockAtDpcLevel(&Lock);
    HeldBetween = !KeTestSpinLock(&Lock);
    Second = KeTryToAcquireSpinLockAtDpcLevel(&Lock);
    if (First)
        KeReleaseSpinLockFromDpcLevel(&Lock);
    KeLowerIrql(Old);
    KT_ASSERT(First);
    KT_ASSERT(HeldBetween);
    KT_ASSERT(!Second);
    KT_ASSERT(KeTestSpinLock(&Lock));
}

KTEST(hal_stdcall_irql_and_spin_lock_functions)
{
    KSPIN_LOCK Lock;
    KIRQL Old, Raised, Locked, OldForLock;

    KeInitializeSpinLock(&Lock);
    (KeRaiseIrql)(APC_LEVEL, &Old);
    Raised = KeGetCurrentIrql();
    (KeLowerIrql)(Old);
    (KeAcquireSpinLock)(&Lock, &OldForLock);
    Locked = KeGetCurrentIrql();
    KT_ASSERT(!KeTestSpinLock(&Lock));
    (KeReleaseSpinLock)(&Lock, OldForLock);
    KT_ASSERT_EQ(Old, PASSIVE_LEVEL);
    KT_ASSERT_EQ(Raised, APC_LEVEL);
    KT_ASSERT_EQ(OldForLock, PASSIVE_LEVEL);
    KT_ASSERT_EQ(Locked, DISPATCH_LEVEL);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(KeTestSpinLock(&Lock));
}

KTEST_CRASH(crash_queued_spin_lock_acquired_twice)
{
    static KSPIN_LOCK Lock;
    KLOCK_QUEUE_HANDLE First, Second;

    KeInitializeSpinLock(&Lock);
    KeAcquireInStackQueuedSpinLock(&Lock, &First);
    KeAcquireInStackQueuedSpinLock(&Lock, &Second); /* 0x0F */
}

/* A handle that once held the lock releases it while another holds it. */
KTEST_CRASH(crash_queued_spin_lock_released_by_non_owner)
{
    static KSPIN_LOCK Lock;
    KLOCK_QUEUE_HANDLE Stale, Owner;

    KeInitializeSpinLock(&Lock);
    KeAcquireInStackQueuedSpinLock(&Lock, &Stale);
    KeReleaseInStackQueuedSpinLock(&Stale);
    KeAcquireInStackQueuedSpinLock(&Lock, &Owner);
    KeReleaseInStackQueuedSpinLock(&Stale); /* 0x10 */
}
