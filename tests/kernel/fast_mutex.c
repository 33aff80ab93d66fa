/*
 * Fast mutexes and guarded mutexes: held at APC_LEVEL or in a guarded
 * region, exclusive between threads, handed over to a waiter on release,
 * and the checked build's stops for misuse.
 */
#include "kernel/ktest.h"
#include "kernel/thread.h"
#include "tests/kernel/kt_thread.h"

#define WORKERS 3
#define ROUNDS 200

KTEST(fast_mutex_raises_to_apc_level_and_gives_back)
{
    FAST_MUTEX Mutex;
    KIRQL Old;

    ExInitializeFastMutex(&Mutex);
    KT_ASSERT_EQ(Mutex.Count, 1);
    ExAcquireFastMutex(&Mutex);
    KT_ASSERT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KT_ASSERT(Mutex.Owner == KeGetCurrentThread());
    KT_ASSERT_EQ(Mutex.Count, 0);
    ExReleaseFastMutex(&Mutex);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(Mutex.Owner == NULL);
    KT_ASSERT_EQ(Mutex.Count, 1);

    /* From APC_LEVEL it stays there, and so does the release. */
    KeRaiseIrql(APC_LEVEL, &Old);
    ExAcquireFastMutex(&Mutex);
    KT_ASSERT_EQ(Mutex.OldIrql, APC_LEVEL);
    ExReleaseFastMutex(&Mutex);
    KT_ASSERT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KeLowerIrql(Old);

    KT_ASSERT(ExTryToAcquireFastMutex(&Mutex));
    KT_ASSERT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KT_ASSERT(Mutex.Owner == KeGetCurrentThread());
    ExReleaseFastMutex(&Mutex);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT_EQ(Mutex.Contention, 0);
}

KTEST(fast_mutex_unsafe_leaves_the_irql_alone)
{
    FAST_MUTEX Mutex;

    ExInitializeFastMutex(&Mutex);
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&Mutex);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(Mutex.Owner == KeGetCurrentThread());
    KT_ASSERT_EQ(Mutex.Count, 0);
    ExReleaseFastMutexUnsafe(&Mutex);
    KT_ASSERT(Mutex.Owner == NULL);
    KT_ASSERT_EQ(Mutex.Count, 1);
    KeLeaveCriticalRegion();
}

/* A thread that holds a lock until told to let go. */
typedef struct _HOLDER {
    PFAST_MUTEX FastMutex;
    PKGUARDED_MUTEX GuardedMutex;
    KEVENT Holding;
    KEVENT LetGo;
    volatile BOOLEAN TryFailed;  /* a try while someone held it */
    volatile BOOLEAN RegionLeft; /* ... and left no guarded region */
    volatile BOOLEAN Acquired;   /* a wait that ended owning it */
    volatile KIRQL IrqlInside;
} HOLDER;

static VOID NTAPI hold_fast_mutex(PVOID Context)
{
    HOLDER *Holder = Context;

    ExAcquireFastMutex(Holder->FastMutex);
    KeSetEvent(&Holder->Holding, 0, FALSE);
    KeWaitForSingleObject(&Holder->LetGo, Executive, KernelMode, FALSE, NULL);
    ExReleaseFastMutex(Holder->FastMutex);
}

static VOID initialize_holder(HOLDER *Holder)
{
    RtlZeroMemory(Holder, sizeof(*Holder));
    KeInitializeEvent(&Holder->Holding, NotificationEvent, FALSE);
    KeInitializeEvent(&Holder->LetGo, NotificationEvent, FALSE);
}

KTEST(fast_mutex_try_fails_while_another_thread_holds_it)
{
    static FAST_MUTEX Mutex;
    static HOLDER Holder;
    PVOID Thread;

    ExInitializeFastMutex(&Mutex);
    initialize_holder(&Holder);
    Holder.FastMutex = &Mutex;
    Thread = KtStartThread(hold_fast_mutex, &Holder, 8);
    KT_ASSERT(Thread != NULL);
    KeWaitForSingleObject(&Holder.Holding, Executive, KernelMode, FALSE, NULL);
    KT_ASSERT(!ExTryToAcquireFastMutex(&Mutex));
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL); /* raised and back */
    KT_ASSERT_EQ(Mutex.Count, 0);                    /* the try took nothing */
    KeSetEvent(&Holder.LetGo, 0, FALSE);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT(ExTryToAcquireFastMutex(&Mutex));
    ExReleaseFastMutex(&Mutex);
}

/* Workers that take the mutex in turns and count who is inside. */
typedef struct _CROWD {
    FAST_MUTEX Mutex;
    KEVENT Go;
    volatile LONG Inside;
    volatile LONG MostInside;
    volatile ULONG Rounds;
    volatile BOOLEAN WrongIrql;
    volatile BOOLEAN WrongOwner;
} CROWD;

static VOID NTAPI take_turns(PVOID Context)
{
    CROWD *Crowd = Context;
    ULONG Round;

    KeWaitForSingleObject(&Crowd->Go, Executive, KernelMode, FALSE, NULL);
    for (Round = 0; Round < ROUNDS; Round++) {
        ExAcquireFastMutex(&Crowd->Mutex);
        if (++Crowd->Inside > Crowd->MostInside)
            Crowd->MostInside = Crowd->Inside;
        if (KeGetCurrentIrql() != APC_LEVEL)
            Crowd->WrongIrql = TRUE;
        if (Crowd->Mutex.Owner != KeGetCurrentThread())
            Crowd->WrongOwner = TRUE;
        if (Round % 8 == 0)
            ZwYieldExecution(); /* the others get to want it */
        Crowd->Rounds++;
        Crowd->Inside--;
        ExReleaseFastMutex(&Crowd->Mutex);
    }
}

KTEST(fast_mutex_excludes_and_hands_over_between_threads)
{
    static CROWD Crowd;
    PVOID Threads[WORKERS];
    PKTHREAD Self = KeGetCurrentThread();
    KPRIORITY Priority;
    ULONG Index;

    RtlZeroMemory(&Crowd, sizeof(Crowd));
    ExInitializeFastMutex(&Crowd.Mutex);
    KeInitializeEvent(&Crowd.Go, NotificationEvent, FALSE);
    for (Index = 0; Index < WORKERS; Index++) {
        Threads[Index] = KtStartThread(take_turns, &Crowd, 8);
        KT_ASSERT(Threads[Index] != NULL);
    }
    /* Above the waiters, so that the hand-over can be watched before
     * the new owner runs. */
    Priority = KeSetPriorityThread(Self, 15);
    ExAcquireFastMutex(&Crowd.Mutex);
    KeSetEvent(&Crowd.Go, 0, FALSE);
    /* Each worker counted itself in and sleeps on the event. */
    KT_ASSERT(KT_WAIT_UNTIL(Crowd.Mutex.Count == 1 - 1 - WORKERS));
    KT_ASSERT_EQ(Crowd.Mutex.Contention, WORKERS);
    KT_ASSERT(Crowd.Mutex.Owner == Self);
    ExReleaseFastMutex(&Crowd.Mutex);
    /* Handed over, not freed: one waiter owns it before it even runs, so
     * nobody can take it in between. */
    KT_ASSERT_EQ(Crowd.Mutex.Count, 1 - WORKERS);
    KT_ASSERT(!ExTryToAcquireFastMutex(&Crowd.Mutex));
    KT_ASSERT_EQ(Crowd.Rounds, 0);
    KeSetPriorityThread(Self, Priority);

    for (Index = 0; Index < WORKERS; Index++)
        KT_ASSERT(KtJoinThread(Threads[Index]));
    KT_ASSERT_EQ(Crowd.Rounds, WORKERS * ROUNDS);
    KT_ASSERT_EQ(Crowd.MostInside, 1);
    KT_ASSERT(!Crowd.WrongIrql);
    KT_ASSERT(!Crowd.WrongOwner);
    KT_ASSERT_EQ(Crowd.Mutex.Count, 1);
    KT_ASSERT(Crowd.Mutex.Owner == NULL);
    KT_ASSERT(Crowd.Mutex.Contention > WORKERS); /* they met again */
}

static volatile LONG special_apcs_run;

static VOID NTAPI count_special_apc(PKAPC Apc, PKNORMAL_ROUTINE *Normal,
                                    PVOID *Context, PVOID *Argument1,
                                    PVOID *Argument2)
{
    UNREFERENCED_PARAMETER(Apc);
    UNREFERENCED_PARAMETER(Normal);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    special_apcs_run++;
}

KTEST(guarded_mutex_holds_off_special_apcs_at_passive_level)
{
    KGUARDED_MUTEX Mutex;
    KAPC Apc;

    KeInitializeGuardedMutex(&Mutex);
    special_apcs_run = 0;
    KeAcquireGuardedMutex(&Mutex);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(KeAreAllApcsDisabled());
    KT_ASSERT(Mutex.Owner == KeGetCurrentThread());
    KeInitializeApc(&Apc, KeGetCurrentThread(), OriginalApcEnvironment,
                    count_special_apc, NULL, NULL, KernelMode, NULL);
    KT_ASSERT(KeInsertQueueApc(&Apc, NULL, NULL, 0));
    KtSleep(20); /* a wait would run it, were it not held off */
    KT_ASSERT_EQ(special_apcs_run, 0);
    KeReleaseGuardedMutex(&Mutex);
    KT_ASSERT_EQ(special_apcs_run, 1); /* delivered on the way out */
    KT_ASSERT(!KeAreAllApcsDisabled());
    KT_ASSERT(Mutex.Owner == NULL);
    KT_ASSERT_EQ(Mutex.Count, 1);
}

static VOID NTAPI want_guarded_mutex(PVOID Context)
{
    HOLDER *Holder = Context;

    if (!KeTryToAcquireGuardedMutex(Holder->GuardedMutex)) {
        Holder->TryFailed = TRUE;
        Holder->RegionLeft = !KeAreAllApcsDisabled();
    }
    KeSetEvent(&Holder->Holding, 0, FALSE);
    KeAcquireGuardedMutex(Holder->GuardedMutex);
    Holder->Acquired = Holder->GuardedMutex->Owner == KeGetCurrentThread();
    Holder->IrqlInside = KeGetCurrentIrql();
    KeReleaseGuardedMutex(Holder->GuardedMutex);
}

KTEST(guarded_mutex_excludes_between_threads)
{
    static KGUARDED_MUTEX Mutex;
    static HOLDER Holder;
    PVOID Thread;

    KeInitializeGuardedMutex(&Mutex);
    initialize_holder(&Holder);
    Holder.GuardedMutex = &Mutex;
    KeAcquireGuardedMutex(&Mutex);
    Thread = KtStartThread(want_guarded_mutex, &Holder, 8);
    KT_ASSERT(Thread != NULL);
    KT_ASSERT(KT_WAIT_UNTIL(Mutex.Count == -1));
    KT_ASSERT(Holder.TryFailed);
    KT_ASSERT(Holder.RegionLeft);
    KT_ASSERT(!Holder.Acquired);
    KeReleaseGuardedMutex(&Mutex);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT(Holder.Acquired);
    KT_ASSERT_EQ(Holder.IrqlInside, PASSIVE_LEVEL);
    KT_ASSERT_EQ(Mutex.Contention, 1);
    KT_ASSERT_EQ(Mutex.Count, 1);
}

KTEST_CRASH(crash_fast_mutex_acquired_twice)
{
    static FAST_MUTEX Mutex;

    ExInitializeFastMutex(&Mutex);
    ExAcquireFastMutex(&Mutex);
    ExAcquireFastMutex(&Mutex); /* MUTEX_ALREADY_OWNED, not a hang */
}

KTEST_CRASH(crash_fast_mutex_above_apc_level)
{
    static FAST_MUTEX Mutex;
    KIRQL Old;

    ExInitializeFastMutex(&Mutex);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    ExAcquireFastMutex(&Mutex); /* IRQL_NOT_GREATER_OR_EQUAL */
}

KTEST_CRASH(crash_fast_mutex_unsafe_with_apcs_enabled)
{
    static FAST_MUTEX Mutex;

    ExInitializeFastMutex(&Mutex);
    ExAcquireFastMutexUnsafe(&Mutex); /* ASSERTION_FAILURE: APCs are on */
}

KTEST_CRASH(crash_guarded_mutex_acquired_twice)
{
    static KGUARDED_MUTEX Mutex;

    KeInitializeGuardedMutex(&Mutex);
    KeAcquireGuardedMutex(&Mutex);
    KeAcquireGuardedMutex(&Mutex); /* MUTEX_ALREADY_OWNED */
}
