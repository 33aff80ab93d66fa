/*
 * The paged pool's lock is a fast mutex: held at APC_LEVEL, and a second
 * thread that wants paged pool meanwhile waits for it instead of finding
 * the lock taken (which, with threads that preempt each other, would be
 * a stop).
 */
#include "kernel/ktest.h"
#include "kernel/pool.h"
#include "tests/kernel/kt_thread.h"

#define TAG_LOCK 'kcLT'

typedef struct _ALLOCATOR {
    KEVENT Go;
    PVOID Block;
    volatile BOOLEAN Done;
} ALLOCATOR;

static VOID NTAPI allocate_paged(PVOID Context)
{
    ALLOCATOR *Allocator = Context;

    KeWaitForSingleObject(&Allocator->Go, Executive, KernelMode, FALSE, NULL);
    Allocator->Block = ExAllocatePoolWithTag(PagedPool, 100, TAG_LOCK);
    Allocator->Done = TRUE;
}

KTEST(pool_paged_lock_is_a_fast_mutex_others_wait_for)
{
    static ALLOCATOR Allocator;
    MI_POOL *Pool = &MiPools[PagedPool];
    ULONG Contention = Pool->Mutex.Contention;
    PVOID Thread;
    KIRQL OldIrql;

    RtlZeroMemory(&Allocator, sizeof(Allocator));
    KeInitializeEvent(&Allocator.Go, NotificationEvent, FALSE);
    Thread = KtStartThread(allocate_paged, &Allocator, 8);
    KT_ASSERT(Thread != NULL);

    OldIrql = MiLockPool(Pool);
    KT_ASSERT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KT_ASSERT(Pool->Mutex.Owner == KeGetCurrentThread());
    KeSetEvent(&Allocator.Go, 0, FALSE);
    /* The allocator asks for the lock and sleeps on it. */
    KT_ASSERT(KT_WAIT_UNTIL(Pool->Mutex.Count < 0));
    KT_ASSERT_EQ(Pool->Mutex.Contention, Contention + 1);
    KT_ASSERT(!Allocator.Done);
    MiUnlockPool(Pool, OldIrql);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);

    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT(Allocator.Done);
    KT_ASSERT(Allocator.Block != NULL);
    ExFreePoolWithTag(Allocator.Block, TAG_LOCK);
    KT_ASSERT_EQ(Pool->Mutex.Count, 1);
}
