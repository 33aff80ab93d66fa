/*
 * Dispatcher objects and waits: what each object does to its waiters,
 * WaitAny and WaitAll, timeouts relative, absolute and zero, alerts.
 */
#include "kernel/irql.h"
#include "kernel/ktest.h"
#include "kernel/seh.h"
#include "kernel/shell.h"
#include "tests/kernel/kt_thread.h"

#define WAITERS 3

static LARGE_INTEGER zero_timeout;

/* Waits on one object with a timeout of 2 s and counts who got through. */
typedef struct _WAITER {
    PVOID Object;
    volatile NTSTATUS Status;
    volatile LONG *Through;
} WAITER;

static VOID NTAPI wait_once(PVOID Context)
{
    WAITER *Waiter = Context;
    LARGE_INTEGER Timeout = KtMilliseconds(2000);

    Waiter->Status = KeWaitForSingleObject(Waiter->Object, Executive,
                                           KernelMode, FALSE, &Timeout);
    if (Waiter->Status == STATUS_WAIT_0)
        __atomic_add_fetch(Waiter->Through, 1, __ATOMIC_RELAXED);
}

/* Starts waiters on Object at priority 9 (each is waiting on return). */
static BOOLEAN start_waiters(WAITER *Waiters, PKTHREAD *Threads, ULONG Count,
                             PVOID Object, volatile LONG *Through)
{
    ULONG Index;
    BOOLEAN Started = TRUE;

    for (Index = 0; Index < Count; Index++) {
        Waiters[Index].Object = Object;
        Waiters[Index].Status = STATUS_PENDING;
        Waiters[Index].Through = Through;
        Threads[Index] = KtStartThread(wait_once, &Waiters[Index], 9);
        Started &= Threads[Index] != NULL;
    }
    return Started;
}

static BOOLEAN join_all(PKTHREAD *Threads, ULONG Count)
{
    BOOLEAN Joined = TRUE;
    ULONG Index;

    for (Index = 0; Index < Count; Index++)
        Joined &= Threads[Index] != NULL && KtJoinThread(Threads[Index]);
    return Joined;
}

KTEST(event_notification_releases_every_waiter_and_stays_set)
{
    WAITER Waiters[WAITERS];
    PKTHREAD Threads[WAITERS];
    volatile LONG Through = 0;
    KEVENT Event;
    BOOLEAN Joined;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KT_ASSERT_EQ(Event.Header.Type, EventNotificationObject);
    KT_ASSERT_EQ(Event.Header.Size, sizeof(KEVENT) / sizeof(ULONG));
    start_waiters(Waiters, Threads, WAITERS, &Event, &Through);
    KT_ASSERT_EQ(Through, 0);
    KT_ASSERT_EQ(KeSetEvent(&Event, 0, FALSE), 0);
    Joined = join_all(Threads, WAITERS);
    KT_ASSERT(Joined);
    KT_ASSERT_EQ(Through, WAITERS);
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 1);
    KT_ASSERT_EQ(KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE,
                                       &zero_timeout),
                 STATUS_WAIT_0);
    KT_ASSERT_EQ(KeResetEvent(&Event), 1);
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 0);
}

KTEST(event_synchronization_releases_one_waiter_per_set)
{
    WAITER Waiters[WAITERS];
    PKTHREAD Threads[WAITERS];
    volatile LONG Through = 0;
    KEVENT Event;
    ULONG Round;
    BOOLEAN Joined;

    KeInitializeEvent(&Event, SynchronizationEvent, FALSE);
    start_waiters(Waiters, Threads, WAITERS, &Event, &Through);
    for (Round = 1; Round <= WAITERS; Round++) {
        KeSetEvent(&Event, 0, FALSE); /* the waiter runs at once (9 > 8) */
        KT_ASSERT_EQ(Through, Round);
        KT_ASSERT_EQ(KeReadStateEvent(&Event), 0); /* reset by the wait */
    }
    Joined = join_all(Threads, WAITERS);
    KT_ASSERT(Joined);
    KeSetEvent(&Event, 0, FALSE); /* nobody waits: it stays set */
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 1);
    KT_ASSERT_EQ(KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE,
                                       &zero_timeout),
                 STATUS_WAIT_0);
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 0);
}

KTEST(event_pulse_releases_the_current_waiters_and_leaves_it_reset)
{
    WAITER Waiters[WAITERS];
    PKTHREAD Threads[WAITERS];
    volatile LONG Through = 0;
    KEVENT Event;
    BOOLEAN Joined;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    start_waiters(Waiters, Threads, WAITERS, &Event, &Through);
    KT_ASSERT_EQ(KePulseEvent(&Event, 0, FALSE), 0);
    Joined = join_all(Threads, WAITERS);
    KT_ASSERT(Joined);
    KT_ASSERT_EQ(Through, WAITERS);
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 0);
    KeClearEvent(&Event);
    KT_ASSERT_EQ(KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE,
                                       &zero_timeout),
                 STATUS_TIMEOUT);
}

/* KeSetEvent(..., Wait = TRUE) returns with the dispatcher held for the
 * wait that follows: nothing can run in between. */
static volatile ULONG marks[4];
static volatile ULONG mark_count;

static VOID NTAPI answer(PVOID Context)
{
    PKEVENT *Events = Context;

    KeWaitForSingleObject(Events[0], Executive, KernelMode, FALSE, NULL);
    marks[mark_count++] = 2;
    KeSetEvent(Events[1], 0, FALSE);
}

KTEST(event_set_with_wait_true_keeps_the_dispatcher_for_the_wait)
{
    KEVENT Request, Reply;
    PKEVENT Events[2] = {&Request, &Reply};
    PKTHREAD Thread;
    NTSTATUS Status;

    mark_count = 0;
    KeInitializeEvent(&Request, SynchronizationEvent, FALSE);
    KeInitializeEvent(&Reply, SynchronizationEvent, FALSE);
    Thread = KtStartThread(answer, Events, 12);
    KT_ASSERT(Thread != NULL);
    KeSetEvent(&Request, 0, TRUE);
    KT_ASSERT(KeGetCurrentIrql() >= DISPATCH_LEVEL); /* the 12 waits */
    marks[mark_count++] = 1;
    Status = KeWaitForSingleObject(&Reply, Executive, KernelMode, FALSE, NULL);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(Status, STATUS_WAIT_0);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT_EQ(mark_count, 2);
    KT_ASSERT_EQ(marks[0], 1);
    KT_ASSERT_EQ(marks[1], 2);
}

KTEST(semaphore_counts_and_refuses_to_pass_its_limit)
{
    WAITER Waiters[WAITERS];
    PKTHREAD Threads[WAITERS];
    volatile LONG Through = 0;
    volatile NTSTATUS Raised = STATUS_SUCCESS;
    KSEMAPHORE Semaphore;
    BOOLEAN Joined;

    KeInitializeSemaphore(&Semaphore, 1, 2);
    KT_ASSERT_EQ(Semaphore.Header.Type, SemaphoreObject);
    KT_ASSERT_EQ(KeWaitForSingleObject(&Semaphore, Executive, KernelMode, FALSE,
                                       &zero_timeout),
                 STATUS_WAIT_0);
    KT_ASSERT_EQ(KeReadStateSemaphore(&Semaphore), 0);
    start_waiters(Waiters, Threads, WAITERS, &Semaphore, &Through);
    KT_ASSERT_EQ(KeReleaseSemaphore(&Semaphore, 0, 2, FALSE), 0);
    KT_ASSERT_EQ(Through, 2); /* two of the three */
    KT_ASSERT_EQ(KeReadStateSemaphore(&Semaphore), 0);
    KT_ASSERT_EQ(KeReleaseSemaphore(&Semaphore, 0, 1, FALSE), 0);
    Joined = join_all(Threads, WAITERS);
    KT_ASSERT(Joined);
    KT_ASSERT_EQ(Through, 3);
    KeReleaseSemaphore(&Semaphore, 0, 2, FALSE);
    SEH_TRY
    {
        KeReleaseSemaphore(&Semaphore, 0, 1, FALSE);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Raised = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Raised, STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    KT_ASSERT_EQ(KeReadStateSemaphore(&Semaphore), 2); /* unchanged */
    /* Releasing nothing is no error, even at the limit (NT's rule); a
     * negative adjustment is refused like one past the limit. */
    KT_ASSERT_EQ(KeReleaseSemaphore(&Semaphore, 0, 0, FALSE), 2);
    Raised = STATUS_SUCCESS;
    SEH_TRY
    {
        KeReleaseSemaphore(&Semaphore, 0, -1, FALSE);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Raised = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Raised, STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    KT_ASSERT_EQ(KeReadStateSemaphore(&Semaphore), 2);
}

/* Takes the mutex, counts, gives it back (a thread may not end holding a
 * KMUTEX). */
static VOID NTAPI take_mutex_once(PVOID Context)
{
    WAITER *Waiter = Context;

    Waiter->Status = KeWaitForMutexObject(Waiter->Object, Executive, KernelMode,
                                          FALSE, NULL);
    (*Waiter->Through)++;
    KeReleaseMutex(Waiter->Object, FALSE);
}

KTEST(mutex_recursion_owner_and_apcs_held_off)
{
    volatile LONG Through = 0;
    KMUTEX Mutex;
    WAITER Waiter = {&Mutex, STATUS_PENDING, &Through};
    PKTHREAD Thread;
    BOOLEAN Joined;

    KeInitializeMutex(&Mutex, 0);
    KT_ASSERT_EQ(KeReadStateMutex(&Mutex), 1);
    KT_ASSERT_EQ(
        KeWaitForMutexObject(&Mutex, Executive, KernelMode, FALSE, NULL),
        STATUS_WAIT_0);
    KT_ASSERT_EQ(
        KeWaitForMutexObject(&Mutex, Executive, KernelMode, FALSE, NULL),
        STATUS_WAIT_0); /* recursion */
    KT_ASSERT(Mutex.OwnerThread == KeGetCurrentThread());
    KT_ASSERT(KeAreApcsDisabled());
    KT_ASSERT_EQ(KeReadStateMutex(&Mutex), -1);
    Thread = KtStartThread(take_mutex_once, &Waiter, 9);
    KT_ASSERT_EQ(KeReleaseMutex(&Mutex, FALSE), -1);
    KT_ASSERT_EQ(Through, 0); /* still owned once */
    KT_ASSERT_EQ(KeReleaseMutex(&Mutex, FALSE), 0);
    KT_ASSERT(!KeAreApcsDisabled());
    Joined = join_all(&Thread, 1);
    KT_ASSERT(Joined);
    KT_ASSERT_EQ(Through, 1);
    KT_ASSERT_EQ(Waiter.Status, STATUS_WAIT_0);
    KT_ASSERT_EQ(KeReadStateMutex(&Mutex), 1);
}

static VOID NTAPI take_and_leave(PVOID Context)
{
    KeWaitForSingleObject(Context, Executive, KernelMode, FALSE, NULL);
}

KTEST(mutant_abandoned_by_its_owner_tells_the_next_one)
{
    PKTHREAD Thread;
    KMUTANT Mutant;
    KEVENT Never;
    PVOID Objects[2] = {&Never, &Mutant};
    NTSTATUS Status;

    KeInitializeMutant(&Mutant, FALSE);
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    Thread = KtStartThread(take_and_leave, &Mutant, 12);
    KT_ASSERT(Thread != NULL);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT(Mutant.Abandoned);
    KT_ASSERT(Mutant.OwnerThread == NULL);
    Status = KeWaitForMultipleObjects(2, Objects, WaitAny, Executive,
                                      KernelMode, FALSE, NULL, NULL);
    KT_ASSERT_EQ(Status, STATUS_ABANDONED_WAIT_0 + 1);
    KT_ASSERT(!Mutant.Abandoned); /* said once */
    KT_ASSERT_EQ(KeReleaseMutant(&Mutant, 0, FALSE, FALSE), 0);
}

KTEST(mutex_release_by_a_non_owner_raises)
{
    volatile NTSTATUS Raised = STATUS_SUCCESS;
    KMUTANT Mutant;

    KeInitializeMutant(&Mutant, FALSE);
    SEH_TRY
    {
        KeReleaseMutant(&Mutant, 0, FALSE, FALSE);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Raised = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Raised, STATUS_MUTANT_NOT_OWNED);
    KT_ASSERT_EQ(KeReadStateMutant(&Mutant), 1);
}

/* WaitAll: nothing is taken until everything can be, then all at once. */
static VOID NTAPI wait_all(PVOID Context)
{
    WAITER *Waiter = Context;
    PVOID *Objects = Waiter->Object;
    PKMUTEX Mutex = Objects[2];

    Waiter->Status = KeWaitForMultipleObjects(3, Objects, WaitAll, Executive,
                                              KernelMode, FALSE, NULL, NULL);
    *Waiter->Through = Mutex->OwnerThread == KeGetCurrentThread();
    KeReleaseMutex(Mutex, FALSE);
}

KTEST(wait_all_over_mixed_states_is_atomic)
{
    KEVENT Event;
    KSEMAPHORE Semaphore;
    KMUTEX Mutex;
    PVOID Objects[3] = {&Event, &Semaphore, &Mutex};
    volatile LONG Owned = 0;
    WAITER Waiter = {Objects, STATUS_PENDING, &Owned};
    PKTHREAD Thread;
    NTSTATUS Status;

    KeInitializeEvent(&Event, SynchronizationEvent, TRUE);
    KeInitializeSemaphore(&Semaphore, 0, 1);
    KeInitializeMutex(&Mutex, 0);
    Status = KeWaitForMultipleObjects(3, Objects, WaitAll, Executive,
                                      KernelMode, FALSE, &zero_timeout, NULL);
    KT_ASSERT_EQ(Status, STATUS_TIMEOUT);
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 1); /* nothing was taken */
    KT_ASSERT_EQ(KeReadStateMutex(&Mutex), 1);
    Thread = KtStartThread(wait_all, &Waiter, 12);
    KT_ASSERT(Thread != NULL);
    KT_ASSERT_EQ(Waiter.Status, STATUS_PENDING); /* still waiting */
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 1);
    KeReleaseSemaphore(&Semaphore, 0, 1, FALSE); /* the last one */
    KT_ASSERT_EQ(Waiter.Status, STATUS_WAIT_0);
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 0);
    KT_ASSERT_EQ(KeReadStateSemaphore(&Semaphore), 0);
    KT_ASSERT_EQ(Owned, 1); /* the mutex was the waiter's */
    KT_ASSERT(KtJoinThread(Thread));
}

KTEST(wait_any_index_and_caller_wait_blocks)
{
    KEVENT Events[10];
    PVOID Objects[10];
    KWAIT_BLOCK Blocks[10];
    ULONG Index;
    NTSTATUS Status;

    for (Index = 0; Index < 10; Index++) {
        KeInitializeEvent(&Events[Index], NotificationEvent, FALSE);
        Objects[Index] = &Events[Index];
    }
    KeSetEvent(&Events[6], 0, FALSE);
    KeSetEvent(&Events[8], 0, FALSE);
    Status = KeWaitForMultipleObjects(10, Objects, WaitAny, Executive,
                                      KernelMode, FALSE, NULL, Blocks);
    KT_ASSERT_EQ(Status, STATUS_WAIT_0 + 6); /* the lowest index */
    Status = KeWaitForMultipleObjects(10, Objects, WaitAll, Executive,
                                      KernelMode, FALSE, &zero_timeout, Blocks);
    KT_ASSERT_EQ(Status, STATUS_TIMEOUT);
}

typedef struct _MANY_WAIT {
    PVOID Objects[40];
    KWAIT_BLOCK Blocks[40];
    volatile NTSTATUS Status;
} MANY_WAIT;

static VOID NTAPI wait_on_forty(PVOID Context)
{
    MANY_WAIT *Wait = Context;
    LARGE_INTEGER Timeout = KtMilliseconds(5000);

    Wait->Status =
        KeWaitForMultipleObjects(40, Wait->Objects, WaitAny, Executive,
                                 KernelMode, FALSE, &Timeout, Wait->Blocks);
}

/* What `thread ID` and lk-thread print: every block of a wait on more
 * objects than the built-in blocks, the timeout's last. */
KTEST(wait_blocks_of_a_forty_object_wait_are_all_listed)
{
    static KEVENT Events[40];
    static MANY_WAIT Wait;
    PKWAIT_BLOCK Listed[MAXIMUM_WAIT_OBJECTS + 1];
    PKTHREAD Thread;
    ULONG Index, Count = 0, Matched = 0;
    BOOLEAN TimerLast;
    KIRQL OldIrql;

    for (Index = 0; Index < 40; Index++) {
        KeInitializeEvent(&Events[Index], NotificationEvent, FALSE);
        Wait.Objects[Index] = &Events[Index];
    }
    Wait.Status = STATUS_PENDING;
    Thread = KtStartThread(wait_on_forty, &Wait, 8);
    KT_ASSERT(Thread != NULL);
    KT_ASSERT(KT_WAIT_UNTIL(Thread->State == Waiting));
    OldIrql = KiAcquireDispatcherLock();
    if (Thread->State == Waiting)
        Count = KiCollectWaitBlocks(Thread, Listed, ARRAYSIZE(Listed));
    KiReleaseDispatcherLock(OldIrql);
    /* Read while the thread still waits: its timer block is its own. */
    for (Index = 0; Index < Count && Index < 40; Index++)
        Matched += Listed[Index]->Object == Wait.Objects[Index];
    TimerLast = Count == 41 && Listed[40]->Object == &Thread->Timer;
    KeSetEvent(&Events[39], 0, FALSE);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(Wait.Status, STATUS_WAIT_0 + 39);
    KT_ASSERT_EQ(Count, 41);
    KT_ASSERT_EQ(Matched, 40);
    KT_ASSERT(TimerLast);
}

KTEST(wait_timeouts_relative_absolute_and_zero)
{
    KEVENT Event;
    LARGE_INTEGER Timeout = KtMilliseconds(50);
    ULONGLONG Start = KeQueryInterruptTime(), Elapsed;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KT_ASSERT_EQ(
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout),
        STATUS_TIMEOUT);
    Elapsed = KeQueryInterruptTime() - Start;
    KT_ASSERT_MSG(Elapsed >= 500000, "a 50 ms wait took %llu", Elapsed);
    /* Positive is an absolute system time, KeQuerySystemTime's clock
     * (100 ns since 1601), not the interrupt time since boot. */
    KeQuerySystemTime(&Timeout);
    Timeout.QuadPart += 300000;
    Start = KeQueryInterruptTime();
    KT_ASSERT_EQ(
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout),
        STATUS_TIMEOUT);
    Elapsed = KeQueryInterruptTime() - Start;
    KT_ASSERT_MSG(Elapsed >= 200000 && Elapsed < 100000000,
                  "an absolute wait 30 ms ahead took %llu", Elapsed);
    {
        LARGE_INTEGER SystemNow;

        KeQuerySystemTime(&SystemNow);
        KT_ASSERT(SystemNow.QuadPart >= Timeout.QuadPart);
    }
    /* An absolute time already past: no wait at all. */
    KT_ASSERT_EQ(
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout),
        STATUS_TIMEOUT);
    Timeout = KtMilliseconds(30);
    Start = KeQueryInterruptTime();
    KT_ASSERT_EQ(KeDelayExecutionThread(KernelMode, FALSE, &Timeout),
                 STATUS_SUCCESS);
    KT_ASSERT(KeQueryInterruptTime() - Start >= 300000);
    /* A zero timeout polls, at DISPATCH_LEVEL too. */
    {
        KIRQL OldIrql;
        NTSTATUS Status;

        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        Status = KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE,
                                       &zero_timeout);
        KeLowerIrql(OldIrql);
        KT_ASSERT_EQ(Status, STATUS_TIMEOUT);
    }
}

KTEST(timer_objects_release_waiters_when_due)
{
    KTIMER Notification, Synchronization;
    LARGE_INTEGER Due = KtMilliseconds(30);
    LARGE_INTEGER Timeout = KtMilliseconds(2000);
    ULONG Rounds;

    KeInitializeTimer(&Notification);
    KT_ASSERT_EQ(Notification.Header.Type, TimerNotificationObject);
    KT_ASSERT_EQ(sizeof(KTIMER), 40);
    KT_ASSERT(!KeSetTimer(&Notification, Due, NULL));
    KT_ASSERT_EQ(KeWaitForSingleObject(&Notification, Executive, KernelMode,
                                       FALSE, &Timeout),
                 STATUS_WAIT_0);
    KT_ASSERT(KeReadStateTimer(&Notification)); /* stays signalled */
    KT_ASSERT_EQ(KeWaitForSingleObject(&Notification, Executive, KernelMode,
                                       FALSE, &zero_timeout),
                 STATUS_WAIT_0);
    /* A periodic synchronization timer: one wait per period. */
    KeInitializeTimerEx(&Synchronization, SynchronizationTimer);
    KeSetTimerEx(&Synchronization, Due, 20, NULL);
    for (Rounds = 0; Rounds < 3; Rounds++)
        KT_ASSERT_EQ(KeWaitForSingleObject(&Synchronization, Executive,
                                           KernelMode, FALSE, &Timeout),
                     STATUS_WAIT_0);
    KT_ASSERT(KeCancelTimer(&Synchronization));
    KT_ASSERT(!KeReadStateTimer(&Synchronization)); /* reset by the wait */
    /* Setting a timer again resets it. */
    KeSetTimer(&Notification, KtMilliseconds(1000), NULL);
    KT_ASSERT(!KeReadStateTimer(&Notification));
    KT_ASSERT(KeCancelTimer(&Notification));
}

static VOID NTAPI note_expiry_time(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                   PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    *(volatile ULONGLONG *)Context =
        ((ULONGLONG)(ULONG_PTR)Argument2 << 32) | (ULONG_PTR)Argument1;
}

/* A positive due time is a system time (100 ns since 1601), as
 * KeQuerySystemTime gives it, and the DPC gets the expiry's system time. */
KTEST(timer_due_at_an_absolute_system_time)
{
    KTIMER Timer;
    KDPC Dpc;
    volatile ULONGLONG Expired = 0;
    LARGE_INTEGER Set, Due, Timeout = KtMilliseconds(2000), After;

    KeInitializeTimer(&Timer);
    KeInitializeDpc(&Dpc, note_expiry_time, (PVOID)&Expired);
    KeQuerySystemTime(&Set);
    Due.QuadPart = Set.QuadPart + 400000; /* 40 ms */
    KT_ASSERT(!KeSetTimer(&Timer, Due, &Dpc));
    KT_ASSERT(Timer.Header.Absolute);
    KT_ASSERT_EQ(
        KeWaitForSingleObject(&Timer, Executive, KernelMode, FALSE, &Timeout),
        STATUS_WAIT_0);
    KeQuerySystemTime(&After);
    KT_ASSERT_MSG(After.QuadPart >= Due.QuadPart,
                  "signalled %lld before its due time",
                  Due.QuadPart - After.QuadPart);
    if (Expired == 0) { /* the DPC is queued right after the signal */
        LARGE_INTEGER Moment = KtMilliseconds(20);

        KeDelayExecutionThread(KernelMode, FALSE, &Moment);
    }
    KT_ASSERT_MSG(Expired >= (ULONGLONG)Due.QuadPart &&
                      Expired <= (ULONGLONG)After.QuadPart + 200000,
                  "the DPC was given %llu for a due time of %lld", Expired,
                  Due.QuadPart);
    /* A system time already past (the year 1601) expires at once. */
    Due.QuadPart = 1;
    KeSetTimer(&Timer, Due, NULL);
    KT_ASSERT_EQ(
        KeWaitForSingleObject(&Timer, Executive, KernelMode, FALSE, &Timeout),
        STATUS_WAIT_0);
    /* Relative due times stay relative. */
    KeSetTimer(&Timer, KtMilliseconds(60000), NULL);
    KT_ASSERT(!Timer.Header.Absolute);
    KT_ASSERT(KeCancelTimer(&Timer));
}

static VOID NTAPI wait_alertable(PVOID Context)
{
    WAITER *Waiter = Context;
    LARGE_INTEGER Timeout = KtMilliseconds(2000);

    Waiter->Status = KeWaitForSingleObject(Waiter->Object, Executive,
                                           KernelMode, TRUE, &Timeout);
}

static VOID NTAPI wait_not_alertable(PVOID Context)
{
    WAITER *Waiter = Context;
    LARGE_INTEGER Timeout = KtMilliseconds(50);

    Waiter->Status = KeWaitForSingleObject(Waiter->Object, Executive,
                                           KernelMode, FALSE, &Timeout);
    /* The alert waited for the next alertable moment. */
    *Waiter->Through = KeTestAlertThread(KernelMode);
}

KTEST(wait_alertable_ends_with_status_alerted)
{
    KEVENT Event;
    WAITER Waiter = {&Event, STATUS_PENDING, NULL};
    volatile LONG Pending = 0;
    PKTHREAD Thread;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Thread = KtStartThread(wait_alertable, &Waiter, 12);
    KT_ASSERT(Thread != NULL);
    KT_ASSERT(!KeAlertThread(Thread, KernelMode));
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(Waiter.Status, STATUS_ALERTED);

    Waiter.Status = STATUS_PENDING;
    Waiter.Through = &Pending;
    Thread = KtStartThread(wait_not_alertable, &Waiter, 12);
    KT_ASSERT(Thread != NULL);
    KT_ASSERT(!KeAlertThread(Thread, KernelMode));
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(Waiter.Status, STATUS_TIMEOUT);
    KT_ASSERT_EQ(Pending, 1);
}

/* The service over KeDelayExecutionThread: the time passes, an alert
 * ends an alertable delay early, a NULL interval is refused. */
KTEST(nt_delay_execution_waits_or_is_alerted)
{
    LARGE_INTEGER Interval, Before, After;

    Interval.QuadPart = -30 * 10000LL; /* 30 ms */
    KeQueryTickCount(&Before);
    KT_ASSERT_EQ(NtDelayExecution(FALSE, &Interval), STATUS_SUCCESS);
    KeQueryTickCount(&After);
    KT_ASSERT_MSG(After.QuadPart - Before.QuadPart >= 2,
                  "only %lld ticks passed in a 30 ms delay",
                  After.QuadPart - Before.QuadPart);

    Interval.QuadPart = -10 * 1000 * 10000LL; /* 10 s: the alert ends it */
    KeAlertThread(KeGetCurrentThread(), KernelMode);
    KeQueryTickCount(&Before);
    KT_ASSERT_EQ(NtDelayExecution(TRUE, &Interval), STATUS_ALERTED);
    KeQueryTickCount(&After);
    KT_ASSERT(After.QuadPart - Before.QuadPart < 100);
    KT_ASSERT_EQ(NtDelayExecution(FALSE, NULL), STATUS_INVALID_PARAMETER);
}

KTEST(dispatcher_object_layouts_are_nt_x86)
{
    KT_ASSERT_EQ(sizeof(DISPATCHER_HEADER), 16);
    KT_ASSERT_EQ(offsetof(DISPATCHER_HEADER, SignalState), 4);
    KT_ASSERT_EQ(offsetof(DISPATCHER_HEADER, WaitListHead), 8);
    KT_ASSERT_EQ(sizeof(KEVENT), 16);
    KT_ASSERT_EQ(sizeof(KSEMAPHORE), 20);
    KT_ASSERT_EQ(offsetof(KMUTANT, OwnerThread), 24);
    KT_ASSERT_EQ(offsetof(KMUTANT, Abandoned), 28);
    KT_ASSERT_EQ(sizeof(KMUTANT), 32);
    KT_ASSERT_EQ(offsetof(KTIMER, DueTime), 16);
    KT_ASSERT_EQ(offsetof(KTIMER, Dpc), 32);
    KT_ASSERT_EQ(sizeof(KWAIT_BLOCK), 24);
    KT_ASSERT_EQ(sizeof(KAPC), 48);
    KT_ASSERT_EQ(offsetof(KAPC, Thread), 8);
    KT_ASSERT_EQ(offsetof(KAPC, KernelRoutine), 20);
    KT_ASSERT_EQ(offsetof(KAPC, NormalContext), 32);
    KT_ASSERT_EQ(offsetof(KAPC, ApcStateIndex), 44);
    KT_ASSERT_EQ(sizeof(KAPC_STATE), 24);
    KT_ASSERT_EQ(sizeof(KDPC), 32);
}
