/*
 * Work items: each queue's items run in its worker threads at NT's
 * priority for it, at PASSIVE_LEVEL, in the order queued; a blocked item
 * does not hold up the others; an item may queue itself again; and the
 * crash tests for what a routine must give back.
 */
#include "kernel/worker.h"
#include "kernel/ktest.h"
#include "kernel/thread.h"

static const KPRIORITY expected_priority[MaximumWorkQueue] = {
    [CriticalWorkQueue] = 13,
    [DelayedWorkQueue] = 12,
    [HyperCriticalWorkQueue] = 15,
};

/* What an item saw while it ran. */
typedef struct _SEEN {
    WORK_QUEUE_ITEM Item;
    KEVENT Done;
    PKTHREAD Thread;
    KPRIORITY Priority;
    KPRIORITY BasePriority;
    KIRQL Irql;
    BOOLEAN SystemThread;
    BOOLEAN ApcsDisabled;
    BOOLEAN Unlinked; /* List.Flink was NULL inside the routine */
} SEEN;

static VOID NTAPI record(PVOID Parameter)
{
    SEEN *Seen = Parameter;

    Seen->Thread = KeGetCurrentThread();
    Seen->Priority = KeQueryPriorityThread(KeGetCurrentThread());
    Seen->BasePriority = KeGetCurrentThread()->BasePriority;
    Seen->Irql = KeGetCurrentIrql();
    Seen->SystemThread = PsIsSystemThread(PsGetCurrentThread());
    Seen->ApcsDisabled = KeAreApcsDisabled();
    Seen->Unlinked = Seen->Item.List.Flink == NULL;
    KeSetEvent(&Seen->Done, IO_NO_INCREMENT, FALSE);
}

static LARGE_INTEGER timeout_of(LONG Milliseconds)
{
    LARGE_INTEGER Timeout;

    Timeout.QuadPart = -10000LL * Milliseconds;
    return Timeout;
}

KTEST(work_items_run_in_worker_threads_at_each_queues_priority)
{
    ULONG Type;

    for (Type = 0; Type < MaximumWorkQueue; Type++) {
        SEEN Seen;
        LARGE_INTEGER Timeout = timeout_of(2000);
        NTSTATUS Status;

        RtlZeroMemory(&Seen, sizeof(Seen));
        KeInitializeEvent(&Seen.Done, NotificationEvent, FALSE);
        ExInitializeWorkItem(&Seen.Item, record, &Seen);
        ExQueueWorkItem(&Seen.Item, (WORK_QUEUE_TYPE)Type);
        Status = KeWaitForSingleObject(&Seen.Done, Executive, KernelMode, FALSE,
                                       &Timeout);
        KT_ASSERT_MSG(Status == STATUS_SUCCESS, "queue %lu: status %08lx", Type,
                      (ULONG)Status);
        KT_ASSERT(Seen.Thread != KeGetCurrentThread());
        KT_ASSERT(Seen.SystemThread);
        KT_ASSERT_MSG(Seen.Priority == expected_priority[Type] &&
                          Seen.BasePriority == expected_priority[Type],
                      "queue %lu ran at priority %ld, base %ld", Type,
                      Seen.Priority, Seen.BasePriority);
        KT_ASSERT_EQ(Seen.Irql, PASSIVE_LEVEL);
        KT_ASSERT(!Seen.ApcsDisabled);
        KT_ASSERT(Seen.Unlinked);
        KT_ASSERT(ExWorkerQueue[Type].ThreadCount >= 1);
    }
    KT_ASSERT(ExWorkerQueue[CriticalWorkQueue].ThreadCount >= 2);
    KT_ASSERT(ExWorkerQueue[DelayedWorkQueue].ThreadCount >= 2);
}

/*
 * Order: every worker of the queue but one is kept busy by an item that
 * blocks on an event; the items queued next (all at once, at
 * DISPATCH_LEVEL) are then run by the last worker alone, in order. That
 * the blocked ones hold nothing up is part of what this shows.
 */
#define ORDERED_ITEMS 8

static KEVENT release_blockers;
static volatile LONG blockers_running, blockers_done;
static volatile LONG next_ticket;
static LONG tickets[ORDERED_ITEMS];
static KEVENT ordered_done;

static VOID NTAPI blocker(PVOID Parameter)
{
    UNREFERENCED_PARAMETER(Parameter);
    InterlockedIncrement(&blockers_running);
    KeWaitForSingleObject(&release_blockers, Executive, KernelMode, FALSE,
                          NULL);
    InterlockedIncrement(&blockers_done);
}

static VOID NTAPI take_ticket(PVOID Parameter)
{
    LONG Ticket = InterlockedIncrement(&next_ticket) - 1;

    tickets[(ULONG_PTR)Parameter] = Ticket;
    if (Ticket == ORDERED_ITEMS - 1)
        KeSetEvent(&ordered_done, IO_NO_INCREMENT, FALSE);
}

static VOID check_order(WORK_QUEUE_TYPE Type, KTEST_CONTEXT *KtContext_)
{
    static WORK_QUEUE_ITEM Blockers[4], Ordered[ORDERED_ITEMS];
    ULONG Blocking = ExWorkerQueue[Type].ThreadCount - 1, Index;
    LARGE_INTEGER Timeout = timeout_of(2000);
    NTSTATUS Status;
    KIRQL Old;

    KT_ASSERT(Blocking < ARRAYSIZE(Blockers));
    KeInitializeEvent(&release_blockers, NotificationEvent, FALSE);
    KeInitializeEvent(&ordered_done, NotificationEvent, FALSE);
    blockers_running = blockers_done = 0;
    next_ticket = 0;
    for (Index = 0; Index < Blocking; Index++) {
        ExInitializeWorkItem(&Blockers[Index], blocker, NULL);
        /* Workers outrank this thread: each blocks before this returns. */
        ExQueueWorkItem(&Blockers[Index], Type);
    }
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    for (Index = 0; Index < ORDERED_ITEMS; Index++) {
        tickets[Index] = -1;
        ExInitializeWorkItem(&Ordered[Index], take_ticket,
                             (PVOID)(ULONG_PTR)Index);
        ExQueueWorkItem(&Ordered[Index], Type);
    }
    KeLowerIrql(Old);
    Status = KeWaitForSingleObject(&ordered_done, Executive, KernelMode, FALSE,
                                   &Timeout);
    KeSetEvent(&release_blockers, IO_NO_INCREMENT, FALSE);
    while (blockers_done != (LONG)Blocking) {
        LARGE_INTEGER Tick = timeout_of(10);

        KeDelayExecutionThread(KernelMode, FALSE, &Tick);
    }
    KT_ASSERT_EQ(blockers_running, Blocking);
    KT_ASSERT_EQ(Status, STATUS_SUCCESS);
    for (Index = 0; Index < ORDERED_ITEMS; Index++)
        KT_ASSERT_MSG(tickets[Index] == (LONG)Index,
                      "queue %u: item %lu started as number %ld", Type, Index,
                      tickets[Index]);
}

KTEST(work_items_start_in_queue_order_past_a_blocked_worker)
{
    ULONG Type;

    for (Type = 0; Type < MaximumWorkQueue; Type++) {
        check_order((WORK_QUEUE_TYPE)Type, KtContext_);
        if (KtContext_->Failed)
            return;
    }
}

/* The item is unlinked before its routine runs, so it may go again. */
static volatile LONG requeue_runs;
static KEVENT requeue_done;

static VOID NTAPI requeue_self(PVOID Parameter)
{
    PWORK_QUEUE_ITEM Item = Parameter;

    if (InterlockedIncrement(&requeue_runs) < 5)
        ExQueueWorkItem(Item, DelayedWorkQueue);
    else
        KeSetEvent(&requeue_done, IO_NO_INCREMENT, FALSE);
}

KTEST(work_item_may_queue_itself_again)
{
    static WORK_QUEUE_ITEM Item;
    LARGE_INTEGER Timeout = timeout_of(2000);
    NTSTATUS Status;

    requeue_runs = 0;
    KeInitializeEvent(&requeue_done, NotificationEvent, FALSE);
    ExInitializeWorkItem(&Item, requeue_self, &Item);
    ExQueueWorkItem(&Item, DelayedWorkQueue);
    Status = KeWaitForSingleObject(&requeue_done, Executive, KernelMode, FALSE,
                                   &Timeout);
    KT_ASSERT_EQ(Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(requeue_runs, 5);
}

/* A routine that changes its thread's priority does not change the next
 * item's (the hyper-critical queue has one worker: the same thread). */
static VOID NTAPI lower_own_priority(PVOID Parameter)
{
    SEEN *Seen = Parameter;

    KeSetPriorityThread(KeGetCurrentThread(), 4);
    Seen->Thread = KeGetCurrentThread();
    Seen->Priority = KeQueryPriorityThread(KeGetCurrentThread());
}

KTEST(worker_sets_its_priority_back_after_an_item)
{
    SEEN First, Second;
    LARGE_INTEGER Timeout = timeout_of(2000);
    NTSTATUS Status;
    KIRQL Old;

    RtlZeroMemory(&First, sizeof(First));
    RtlZeroMemory(&Second, sizeof(Second));
    KeInitializeEvent(&Second.Done, NotificationEvent, FALSE);
    ExInitializeWorkItem(&First.Item, lower_own_priority, &First);
    ExInitializeWorkItem(&Second.Item, record, &Second);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    ExQueueWorkItem(&First.Item, HyperCriticalWorkQueue);
    ExQueueWorkItem(&Second.Item, HyperCriticalWorkQueue);
    KeLowerIrql(Old);
    Status = KeWaitForSingleObject(&Second.Done, Executive, KernelMode, FALSE,
                                   &Timeout);
    KT_ASSERT_EQ(Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(First.Priority, 4);
    KT_ASSERT(Second.Thread == First.Thread);
    KT_ASSERT_EQ(Second.Priority, 15);
}

/* Queued from a DPC, at DISPATCH_LEVEL. */
static SEEN from_dpc;

static VOID NTAPI queue_from_dpc(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                 PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    ExQueueWorkItem(&from_dpc.Item, CriticalWorkQueue);
}

KTEST(work_item_queued_from_a_dpc_runs_at_passive_level)
{
    KDPC Dpc;
    LARGE_INTEGER Timeout = timeout_of(2000);
    NTSTATUS Status;

    RtlZeroMemory(&from_dpc, sizeof(from_dpc));
    KeInitializeEvent(&from_dpc.Done, NotificationEvent, FALSE);
    ExInitializeWorkItem(&from_dpc.Item, record, &from_dpc);
    KeInitializeDpc(&Dpc, queue_from_dpc, NULL);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
    Status = KeWaitForSingleObject(&from_dpc.Done, Executive, KernelMode, FALSE,
                                   &Timeout);
    KT_ASSERT_EQ(Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(from_dpc.Irql, PASSIVE_LEVEL);
    KT_ASSERT_EQ(from_dpc.Priority, 13);
}

/*
 * Crash tests: the routine breaks a rule and returns; the worker stops
 * the machine. The test thread waits meanwhile.
 */
static VOID queue_and_wait(PWORKER_THREAD_ROUTINE Routine, WORK_QUEUE_TYPE Type)
{
    static WORK_QUEUE_ITEM Item;
    static KEVENT Never;

    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    ExInitializeWorkItem(&Item, Routine, NULL);
    ExQueueWorkItem(&Item, Type);
    KeWaitForSingleObject(&Never, Executive, KernelMode, FALSE, NULL);
}

static VOID NTAPI return_at_dispatch_level(PVOID Parameter)
{
    KIRQL Old;

    UNREFERENCED_PARAMETER(Parameter);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
}

KTEST_CRASH(crash_worker_returns_at_dispatch_level)
{
    queue_and_wait(return_at_dispatch_level, DelayedWorkQueue); /* 0xE1 */
}

static VOID NTAPI return_in_critical_region(PVOID Parameter)
{
    UNREFERENCED_PARAMETER(Parameter);
    KeEnterCriticalRegion();
}

KTEST_CRASH(crash_worker_returns_in_critical_region)
{
    queue_and_wait(return_in_critical_region, CriticalWorkQueue); /* 0x01 */
}

static VOID NTAPI return_owning_mutex(PVOID Parameter)
{
    static KMUTEX Mutex;

    UNREFERENCED_PARAMETER(Parameter);
    KeInitializeMutex(&Mutex, 0);
    KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL);
}

KTEST_CRASH(crash_worker_returns_owning_mutex)
{
    queue_and_wait(return_owning_mutex, HyperCriticalWorkQueue); /* 0x39 */
}

static VOID NTAPI do_nothing(PVOID Parameter)
{
    UNREFERENCED_PARAMETER(Parameter);
}

KTEST_CRASH(crash_work_item_queued_twice)
{
    static WORK_QUEUE_ITEM Item;
    KIRQL Old;

    ExInitializeWorkItem(&Item, do_nothing, NULL);
    KeRaiseIrql(DISPATCH_LEVEL, &Old); /* no worker takes it meanwhile */
    ExQueueWorkItem(&Item, DelayedWorkQueue);
    ExQueueWorkItem(&Item, DelayedWorkQueue); /* 0xE4 (1) */
}

KTEST_CRASH(crash_work_item_bad_queue_type)
{
    static WORK_QUEUE_ITEM Item;

    ExInitializeWorkItem(&Item, do_nothing, NULL);
    ExQueueWorkItem(&Item, MaximumWorkQueue); /* 0xE4 (6) */
}

KTEST_CRASH(crash_work_item_routine_outside_system_space)
{
    static WORK_QUEUE_ITEM Item;

    ExInitializeWorkItem(&Item, NULL, NULL);
    ExQueueWorkItem(&Item, CriticalWorkQueue); /* 0xE4 (7) */
}

/* As if the queues were not set up yet (phase 1 sets them up). */
KTEST_CRASH(crash_work_item_queued_before_the_queues_exist)
{
    static WORK_QUEUE_ITEM Item;

    ExInitializeWorkItem(&Item, do_nothing, NULL);
    ExWorkerQueue[DelayedWorkQueue].Ready = FALSE;
    ExQueueWorkItem(&Item, DelayedWorkQueue); /* 0xE4 (5) */
}
