/*
 * Executive resources between threads: readers together, a writer alone,
 * no writer starvation, conversion, recursion, owner tables that grow,
 * and the stops for a release by a non-owner and for callers that left
 * normal kernel APCs on.
 */
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kernel/thread.h"
#include "tests/kernel/kt_thread.h"

extern LIST_ENTRY ExpSystemResourcesList;

typedef enum _HOW { Shared, Exclusive, StarveExclusive, WaitForExclusive } HOW;

/* A thread that takes the resource one way, holds it until told, and
 * says what it saw inside. */
typedef struct _ACTOR {
    PERESOURCE Resource;
    HOW How;
    CHAR Mark;    /* written to the order log when it gets in */
    BOOLEAN Keep; /* leaves still owning it: another thread releases */
    KEVENT In;
    KEVENT LetGo;
    PVOID Thread;
    volatile BOOLEAN Owned;
    volatile ULONG SharedCount; /* ExIsResourceAcquiredSharedLite inside */
    volatile BOOLEAN OwnedExclusive;
    volatile LONG ReadersSeen; /* readers inside when it got in */
} ACTOR;

static volatile LONG readers_inside;
static CHAR order[16];
static volatile ULONG order_length;

static VOID NTAPI act(PVOID Context)
{
    ACTOR *Actor = Context;
    PERESOURCE Resource = Actor->Resource;
    BOOLEAN Reader = Actor->How != Exclusive;

    KeEnterCriticalRegion();
    if (Actor->How == Shared)
        ExAcquireResourceSharedLite(Resource, TRUE);
    else if (Actor->How == Exclusive)
        ExAcquireResourceExclusiveLite(Resource, TRUE);
    else if (Actor->How == StarveExclusive)
        ExAcquireSharedStarveExclusive(Resource, TRUE);
    else
        ExAcquireSharedWaitForExclusive(Resource, TRUE);
    Actor->ReadersSeen = readers_inside;
    if (Reader)
        readers_inside++;
    Actor->SharedCount = ExIsResourceAcquiredSharedLite(Resource);
    Actor->OwnedExclusive = ExIsResourceAcquiredExclusiveLite(Resource);
    if (order_length < sizeof(order) - 1)
        order[order_length++] = Actor->Mark;
    Actor->Owned = TRUE;
    KeSetEvent(&Actor->In, 0, FALSE);
    KeWaitForSingleObject(&Actor->LetGo, Executive, KernelMode, FALSE, NULL);
    if (Reader)
        readers_inside--;
    if (!Actor->Keep)
        ExReleaseResourceLite(Resource);
    KeLeaveCriticalRegion();
}

/* Starts an actor; LetGo already set makes it release as soon as it is
 * in. */
static BOOLEAN start_actor(ACTOR *Actor, PERESOURCE Resource, HOW How,
                           CHAR Mark, BOOLEAN LetGo)
{
    RtlZeroMemory(Actor, sizeof(*Actor));
    Actor->Resource = Resource;
    Actor->How = How;
    Actor->Mark = Mark;
    KeInitializeEvent(&Actor->In, NotificationEvent, FALSE);
    KeInitializeEvent(&Actor->LetGo, NotificationEvent, LetGo);
    Actor->Thread = KtStartThread(act, Actor, 8);
    return Actor->Thread != NULL;
}

static BOOLEAN finish_actor(ACTOR *Actor)
{
    KeSetEvent(&Actor->LetGo, 0, FALSE);
    return KtJoinThread(Actor->Thread);
}

static VOID reset_log(VOID)
{
    RtlZeroMemory(order, sizeof(order));
    order_length = 0;
    readers_inside = 0;
}

static BOOLEAN on_system_list(PERESOURCE Resource)
{
    PLIST_ENTRY Entry;

    for (Entry = ExpSystemResourcesList.Flink; Entry != &ExpSystemResourcesList;
         Entry = Entry->Flink) {
        if (Entry == &Resource->SystemResourcesList)
            return TRUE;
    }
    return FALSE;
}

KTEST(resource_initialize_and_delete_keep_the_system_list)
{
    ERESOURCE Resource;

    KT_ASSERT_EQ(ExInitializeResourceLite(&Resource), STATUS_SUCCESS);
    KT_ASSERT(on_system_list(&Resource));
    KT_ASSERT_EQ(Resource.ActiveCount, 0);
    KT_ASSERT(Resource.SharedWaiters == NULL); /* made at first contention */
    KT_ASSERT(Resource.ExclusiveWaiters == NULL);
    KT_ASSERT(Resource.OwnerTable == NULL);
    KT_ASSERT(Resource.Address != NULL); /* who made it */
    KT_ASSERT_EQ(ExDeleteResourceLite(&Resource), STATUS_SUCCESS);
    KT_ASSERT(!on_system_list(&Resource));
}

KTEST(resource_recursion_shared_and_exclusive)
{
    ERESOURCE Resource;
    KIRQL Old;

    ExInitializeResourceLite(&Resource);
    KeEnterCriticalRegion();
    KT_ASSERT(ExAcquireResourceSharedLite(&Resource, TRUE));
    KT_ASSERT(ExAcquireResourceSharedLite(&Resource, FALSE));
    KT_ASSERT_EQ(ExIsResourceAcquiredSharedLite(&Resource), 2);
    KT_ASSERT(!ExIsResourceAcquiredExclusiveLite(&Resource));
    KT_ASSERT_EQ(Resource.ActiveCount, 1); /* one owner, twice */
    ExReleaseResourceLite(&Resource);
    ExReleaseResourceLite(&Resource);
    KT_ASSERT_EQ(ExIsResourceAcquiredSharedLite(&Resource), 0);
    KT_ASSERT_EQ(Resource.ActiveCount, 0);

    KT_ASSERT(ExAcquireResourceExclusiveLite(&Resource, TRUE));
    KT_ASSERT(ExAcquireResourceExclusiveLite(&Resource, FALSE));
    KT_ASSERT(ExAcquireResourceSharedLite(&Resource, FALSE)); /* as owner */
    KT_ASSERT(ExTryToAcquireResourceExclusiveLite(&Resource));
    KT_ASSERT(ExIsResourceAcquiredExclusiveLite(&Resource));
    KT_ASSERT_EQ(ExIsResourceAcquiredSharedLite(&Resource), 4);
    KT_ASSERT(Resource.Flag & ResourceOwnedExclusive);
    ExReleaseResourceLite(&Resource);
    ExReleaseResourceLite(&Resource);
    ExReleaseResourceLite(&Resource);
    KT_ASSERT(ExIsResourceAcquiredExclusiveLite(&Resource));
    ExReleaseResourceLite(&Resource);
    KT_ASSERT(!ExIsResourceAcquiredExclusiveLite(&Resource));
    KT_ASSERT(!(Resource.Flag & ResourceOwnedExclusive));
    KT_ASSERT_EQ(Resource.ActiveCount, 0);
    KeLeaveCriticalRegion();

    /* APC_LEVEL serves as well as a critical region. */
    KeRaiseIrql(APC_LEVEL, &Old);
    KT_ASSERT(ExAcquireResourceExclusiveLite(&Resource, TRUE));
    ExReleaseResourceLite(&Resource);
    KeLowerIrql(Old);
    KT_ASSERT(Resource.SharedWaiters == NULL); /* never contended */
    ExDeleteResourceLite(&Resource);
}

KTEST(resource_readers_together_writer_alone)
{
    static ERESOURCE Resource;
    static ACTOR Reader1, Reader2, Writer;

    ExInitializeResourceLite(&Resource);
    reset_log();
    KT_ASSERT(start_actor(&Reader1, &Resource, Shared, '1', FALSE));
    KT_ASSERT(start_actor(&Reader2, &Resource, Shared, '2', FALSE));
    KT_ASSERT(KT_WAIT_UNTIL(Reader1.Owned && Reader2.Owned));
    KT_ASSERT_EQ(Resource.ActiveCount, 2); /* together */
    KT_ASSERT_EQ(Reader1.SharedCount, 1);
    KT_ASSERT(!Reader2.OwnedExclusive);

    KT_ASSERT(start_actor(&Writer, &Resource, Exclusive, 'W', FALSE));
    KT_ASSERT(KT_WAIT_UNTIL(ExGetExclusiveWaiterCount(&Resource) == 1));
    KT_ASSERT(Resource.ExclusiveWaiters != NULL);
    KtSleep(20);
    KT_ASSERT(!Writer.Owned); /* not while the readers are in */

    /* A new reader would wait behind the writer; one that starves
     * writers gets in. */
    KeEnterCriticalRegion();
    KT_ASSERT(!ExAcquireResourceSharedLite(&Resource, FALSE));
    KT_ASSERT(ExAcquireSharedStarveExclusive(&Resource, FALSE));
    KT_ASSERT_EQ(Resource.ActiveCount, 3);
    ExReleaseResourceLite(&Resource);
    KeLeaveCriticalRegion();

    KT_ASSERT(finish_actor(&Reader1));
    KtSleep(20);
    KT_ASSERT(!Writer.Owned); /* one reader is still in */
    KT_ASSERT(finish_actor(&Reader2));
    KT_ASSERT(KT_WAIT_UNTIL(Writer.Owned));
    KT_ASSERT_EQ(Writer.ReadersSeen, 0); /* alone */
    KT_ASSERT(Writer.OwnedExclusive);
    KT_ASSERT_EQ(Resource.ActiveCount, 1);
    KT_ASSERT_EQ(ExGetExclusiveWaiterCount(&Resource), 0);
    KeEnterCriticalRegion();
    KT_ASSERT(!ExAcquireSharedStarveExclusive(&Resource, FALSE));
    KT_ASSERT(!ExTryToAcquireResourceExclusiveLite(&Resource));
    KeLeaveCriticalRegion();
    KT_ASSERT(finish_actor(&Writer));
    KT_ASSERT_EQ(Resource.ActiveCount, 0);
    KT_ASSERT_EQ(Resource.ContentionCount, 1);
    ExDeleteResourceLite(&Resource);
}

KTEST(resource_reader_after_a_waiting_writer_waits)
{
    static ERESOURCE Resource;
    static ACTOR Writer, Reader;

    ExInitializeResourceLite(&Resource);
    reset_log();
    KeEnterCriticalRegion();
    KT_ASSERT(ExAcquireResourceSharedLite(&Resource, TRUE));
    KT_ASSERT(start_actor(&Writer, &Resource, Exclusive, 'W', TRUE));
    KT_ASSERT(KT_WAIT_UNTIL(ExGetExclusiveWaiterCount(&Resource) == 1));

    /* An owner is never held back by the writer it holds back... */
    KT_ASSERT(ExAcquireResourceSharedLite(&Resource, FALSE));
    ExReleaseResourceLite(&Resource);
    /* ...unless it asks to be. */
    KT_ASSERT(!ExAcquireSharedWaitForExclusive(&Resource, FALSE));

    KT_ASSERT(start_actor(&Reader, &Resource, Shared, 'R', TRUE));
    KT_ASSERT(KT_WAIT_UNTIL(ExGetSharedWaiterCount(&Resource) == 1));
    KtSleep(20);
    KT_ASSERT(!Reader.Owned); /* behind the writer */
    KT_ASSERT_EQ(Resource.ActiveCount, 1);

    ExReleaseResourceLite(&Resource);
    KeLeaveCriticalRegion();
    KT_ASSERT(KtJoinThread(Writer.Thread));
    KT_ASSERT(KtJoinThread(Reader.Thread));
    KT_ASSERT_MSG(strcmp(order, "WR") == 0, "order '%s', expected 'WR'", order);
    KT_ASSERT_EQ(Writer.ReadersSeen, 0);
    KT_ASSERT_EQ(Resource.ActiveCount, 0);
    KT_ASSERT_EQ(Resource.ContentionCount, 2);
    ExDeleteResourceLite(&Resource);
}

KTEST(resource_wait_for_exclusive_waits_behind_the_writer)
{
    static ERESOURCE Resource;
    static ACTOR Holder, Writer, Reader;

    ExInitializeResourceLite(&Resource);
    reset_log();
    KT_ASSERT(start_actor(&Holder, &Resource, Shared, 'H', FALSE));
    KT_ASSERT(KT_WAIT_UNTIL(Holder.Owned));
    KT_ASSERT(start_actor(&Writer, &Resource, Exclusive, 'W', TRUE));
    KT_ASSERT(KT_WAIT_UNTIL(ExGetExclusiveWaiterCount(&Resource) == 1));
    KT_ASSERT(start_actor(&Reader, &Resource, WaitForExclusive, 'R', TRUE));
    KT_ASSERT(KT_WAIT_UNTIL(ExGetSharedWaiterCount(&Resource) == 1));
    KT_ASSERT(finish_actor(&Holder));
    KT_ASSERT(KtJoinThread(Writer.Thread));
    KT_ASSERT(KtJoinThread(Reader.Thread));
    KT_ASSERT_MSG(strcmp(order, "HWR") == 0, "order '%s', expected 'HWR'",
                  order);
    KT_ASSERT_EQ(Reader.SharedCount, 1); /* its own entry, after the wait */
    KT_ASSERT_EQ(Resource.ActiveCount, 0);
    ExDeleteResourceLite(&Resource);
}

KTEST(resource_convert_exclusive_to_shared_lets_readers_in)
{
    static ERESOURCE Resource;
    static ACTOR Reader1, Reader2;

    ExInitializeResourceLite(&Resource);
    reset_log();
    KeEnterCriticalRegion();
    KT_ASSERT(ExAcquireResourceExclusiveLite(&Resource, TRUE));
    KT_ASSERT(start_actor(&Reader1, &Resource, Shared, '1', FALSE));
    KT_ASSERT(start_actor(&Reader2, &Resource, Shared, '2', FALSE));
    KT_ASSERT(KT_WAIT_UNTIL(ExGetSharedWaiterCount(&Resource) == 2));
    KT_ASSERT(!Reader1.Owned && !Reader2.Owned);

    ExConvertExclusiveToSharedLite(&Resource);
    KT_ASSERT(!ExIsResourceAcquiredExclusiveLite(&Resource));
    KT_ASSERT_EQ(ExIsResourceAcquiredSharedLite(&Resource), 1);
    KT_ASSERT_EQ(ExGetSharedWaiterCount(&Resource), 0);
    KT_ASSERT(KT_WAIT_UNTIL(Reader1.Owned && Reader2.Owned));
    KT_ASSERT_EQ(Resource.ActiveCount, 3); /* all three share it */
    KT_ASSERT(!Reader1.OwnedExclusive);

    KT_ASSERT(finish_actor(&Reader1));
    KT_ASSERT(finish_actor(&Reader2));
    ExReleaseResourceLite(&Resource);
    KeLeaveCriticalRegion();
    KT_ASSERT_EQ(Resource.ActiveCount, 0);
    ExDeleteResourceLite(&Resource);
}

#define MANY_READERS 10

KTEST(resource_owner_table_grows_with_the_readers)
{
    static ERESOURCE Resource;
    static ACTOR Readers[MANY_READERS];
    ULONG Index;

    ExInitializeResourceLite(&Resource);
    reset_log();
    for (Index = 0; Index < MANY_READERS; Index++)
        KT_ASSERT(start_actor(&Readers[Index], &Resource, Shared, 'r', FALSE));
    KT_ASSERT(KT_WAIT_UNTIL(Resource.ActiveCount == MANY_READERS));
    /* OwnerThreads[1] and nine table entries: 3, then 7, then 11. */
    KT_ASSERT(Resource.OwnerTable != NULL);
    KT_ASSERT_EQ(Resource.OwnerTable->TableSize, 11);
    for (Index = 0; Index < MANY_READERS; Index++) {
        KT_ASSERT(KT_WAIT_UNTIL(Readers[Index].Owned));
        KT_ASSERT_EQ(Readers[Index].SharedCount, 1);
    }
    KT_ASSERT_EQ(readers_inside, MANY_READERS);
    for (Index = 0; Index < MANY_READERS; Index++)
        KT_ASSERT(finish_actor(&Readers[Index]));
    KT_ASSERT_EQ(Resource.ActiveCount, 0);
    KT_ASSERT_EQ(Resource.ContentionCount, 0); /* nobody waited */
    ExDeleteResourceLite(&Resource);
}

KTEST(resource_released_for_another_thread)
{
    static ERESOURCE Resource;
    static ACTOR Owner;

    ExInitializeResourceLite(&Resource);
    reset_log();
    KT_ASSERT(start_actor(&Owner, &Resource, Exclusive, 'O', FALSE));
    Owner.Keep = TRUE; /* read once it is let go */
    KT_ASSERT(finish_actor(&Owner));
    KT_ASSERT(Resource.Flag & ResourceOwnedExclusive); /* it left owning */
    ExReleaseResourceForThreadLite(&Resource, (ERESOURCE_THREAD)Owner.Thread);
    KT_ASSERT_EQ(Resource.ActiveCount, 0);
    KT_ASSERT(!(Resource.Flag & ResourceOwnedExclusive));
    ExDeleteResourceLite(&Resource);
}

/* A waiter in a critical region with a normal kernel APC queued: the APC
 * may not run there, so the wait must sleep rather than go round asking
 * for it; the APC runs when the region ends. */
typedef struct _APC_WAITER {
    PERESOURCE Resource;
    KEVENT Ready;
    KEVENT Go;
    volatile BOOLEAN Owned;
    volatile LONG ApcsInRegion;
} APC_WAITER;

static volatile LONG normal_apcs_run;

static VOID NTAPI keep_normal_routine(PKAPC Apc, PKNORMAL_ROUTINE *Normal,
                                      PVOID *Context, PVOID *Argument1,
                                      PVOID *Argument2)
{
    UNREFERENCED_PARAMETER(Apc);
    UNREFERENCED_PARAMETER(Normal);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
}

static VOID NTAPI count_normal_apc(PVOID Context, PVOID Argument1,
                                   PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    normal_apcs_run++;
}

static VOID NTAPI wait_with_apc_queued(PVOID Context)
{
    APC_WAITER *Waiter = Context;

    KeEnterCriticalRegion();
    KeSetEvent(&Waiter->Ready, 0, FALSE);
    KeWaitForSingleObject(&Waiter->Go, Executive, KernelMode, FALSE, NULL);
    ExAcquireResourceExclusiveLite(Waiter->Resource, TRUE);
    Waiter->Owned = TRUE;
    ExReleaseResourceLite(Waiter->Resource);
    Waiter->ApcsInRegion = normal_apcs_run;
    KeLeaveCriticalRegion(); /* the APC runs here */
}

KTEST(resource_waiter_sleeps_with_a_normal_apc_held_off)
{
    static ERESOURCE Resource;
    static APC_WAITER Waiter;
    static KAPC Apc;
    PKTHREAD Thread;

    ExInitializeResourceLite(&Resource);
    RtlZeroMemory(&Waiter, sizeof(Waiter));
    Waiter.Resource = &Resource;
    KeInitializeEvent(&Waiter.Ready, NotificationEvent, FALSE);
    KeInitializeEvent(&Waiter.Go, NotificationEvent, FALSE);
    normal_apcs_run = 0;
    KeEnterCriticalRegion();
    KT_ASSERT(ExAcquireResourceExclusiveLite(&Resource, TRUE));
    Thread = KtStartThread(wait_with_apc_queued, &Waiter, 8);
    KT_ASSERT(Thread != NULL);
    KeWaitForSingleObject(&Waiter.Ready, Executive, KernelMode, FALSE, NULL);
    KeInitializeApc(&Apc, Thread, OriginalApcEnvironment, keep_normal_routine,
                    NULL, count_normal_apc, KernelMode, NULL);
    KT_ASSERT(KeInsertQueueApc(&Apc, NULL, NULL, 0));
    KeSetEvent(&Waiter.Go, 0, FALSE);
    KT_ASSERT(KT_WAIT_UNTIL(ExGetExclusiveWaiterCount(&Resource) == 1));
    KtSleep(30);
    KT_ASSERT_EQ(Thread->State, Waiting);
    KT_ASSERT_EQ(Thread->WaitReason, WrResource);
    KT_ASSERT_EQ(normal_apcs_run, 0);
    ExReleaseResourceLite(&Resource);
    KeLeaveCriticalRegion();
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT(Waiter.Owned);
    KT_ASSERT_EQ(Waiter.ApcsInRegion, 0);
    KT_ASSERT_EQ(normal_apcs_run, 1);
    ExDeleteResourceLite(&Resource);
}

/* The first contention makes the waiters' semaphore; with nonpaged pool
 * gone the reader may not fail, so it waits for memory, as NT's does. */
typedef struct _LATE_READER {
    PERESOURCE Resource;
    KEVENT Go;
    volatile BOOLEAN Owned;
} LATE_READER;

static VOID NTAPI read_when_told(PVOID Context)
{
    LATE_READER *Reader = Context;

    KeWaitForSingleObject(&Reader->Go, Executive, KernelMode, FALSE, NULL);
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(Reader->Resource, TRUE);
    Reader->Owned = TRUE;
    ExReleaseResourceLite(Reader->Resource);
    KeLeaveCriticalRegion();
}

#define TAG_FILL 'lliF'

KTEST(resource_waiter_waits_for_pool_memory)
{
    /* The semaphore's own size too: long-lived blocks (the object
     * manager's) may leave room in its class's slabs. */
    static const SIZE_T Sizes[] = {64 * 1024, 4000, 200, sizeof(KSEMAPHORE), 0};
    static ERESOURCE Resource;
    static LATE_READER Reader;
    PVOID Chain = NULL, Block, Semaphore;
    PKTHREAD Thread;
    ULONG Size, WaitReason;

    /* With a page file, the working-set manager answers the shortage by
     * trimming, and the pool grows again: no pool stays empty. */
    if (MiPageFilePresent)
        KT_SKIP("a page file makes room whenever the pool runs dry");
    ExInitializeResourceLite(&Resource);
    RtlZeroMemory(&Reader, sizeof(Reader));
    Reader.Resource = &Resource;
    KeInitializeEvent(&Reader.Go, NotificationEvent, FALSE);
    Thread = KtStartThread(read_when_told, &Reader, 8);
    KT_ASSERT(Thread != NULL);
    KeEnterCriticalRegion();
    KT_ASSERT(ExAcquireResourceExclusiveLite(&Resource, TRUE));
    for (Size = 0; Size < ARRAYSIZE(Sizes); Size++) {
        while ((Block = ExAllocatePoolWithTag(NonPagedPool, Sizes[Size],
                                              TAG_FILL)) != NULL) {
            *(PVOID *)Block = Chain;
            Chain = Block;
        }
    }
    KeSetEvent(&Reader.Go, 0, FALSE);
    KtSleep(50);
    Semaphore = Resource.SharedWaiters;
    WaitReason = Thread->WaitReason;
    while (Chain != NULL) { /* before any check can leave the test */
        Block = Chain;
        Chain = *(PVOID *)Block;
        ExFreePoolWithTag(Block, TAG_FILL);
    }
    KT_ASSERT(Semaphore == NULL);
    KT_ASSERT_EQ(WaitReason, DelayExecution); /* 10 ms at a time */
    KT_ASSERT(KT_WAIT_UNTIL(ExGetSharedWaiterCount(&Resource) == 1));
    KT_ASSERT(Resource.SharedWaiters != NULL);
    KT_ASSERT(!Reader.Owned);
    ExReleaseResourceLite(&Resource);
    KeLeaveCriticalRegion();
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT(Reader.Owned);
    ExDeleteResourceLite(&Resource);
}

KTEST_CRASH(crash_resource_release_not_owned)
{
    static ERESOURCE Resource;

    ExInitializeResourceLite(&Resource);
    KeEnterCriticalRegion();
    ExReleaseResourceLite(&Resource); /* RESOURCE_NOT_OWNED */
}

KTEST_CRASH(crash_resource_release_of_another_threads_exclusive)
{
    static ERESOURCE Resource;
    static ACTOR Owner;

    ExInitializeResourceLite(&Resource);
    start_actor(&Owner, &Resource, Exclusive, 'O', FALSE);
    KeWaitForSingleObject(&Owner.In, Executive, KernelMode, FALSE, NULL);
    KeEnterCriticalRegion();
    ExReleaseResourceLite(&Resource); /* RESOURCE_NOT_OWNED */
}

KTEST_CRASH(crash_resource_convert_by_a_shared_owner)
{
    static ERESOURCE Resource;

    ExInitializeResourceLite(&Resource);
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Resource, TRUE);
    ExConvertExclusiveToSharedLite(&Resource); /* RESOURCE_NOT_OWNED */
}

KTEST_CRASH(crash_resource_acquire_outside_critical_region)
{
    static ERESOURCE Resource;

    ExInitializeResourceLite(&Resource);
    ExAcquireResourceSharedLite(&Resource, TRUE); /* 0x1C6 (7) */
}

KTEST_CRASH(crash_resource_acquire_above_apc_level)
{
    static ERESOURCE Resource;
    KIRQL Old;

    ExInitializeResourceLite(&Resource);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    ExAcquireResourceExclusiveLite(&Resource, FALSE); /* 0x1C6 (0) */
}
