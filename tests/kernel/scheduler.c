/*
 * The scheduler: threads start and end, the highest priority runs, equals
 * take turns by quantum, a thread readied from a DPC preempts before the
 * interrupted thread resumes, boosts on wake-up decay by one a quantum.
 */
#include "kernel/irql.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "tests/kernel/kt_thread.h"

static volatile ULONG sequence;

static VOID NTAPI set_flag(PVOID Context)
{
    *(volatile ULONG *)Context = 0x600D;
}

static VOID NTAPI end_with_status(PVOID Context)
{
    PsTerminateSystemThread((NTSTATUS)(ULONG_PTR)Context);
    *(volatile ULONG *)0 = 0; /* never reached */
}

KTEST(thread_runs_its_routine_and_ends_signalled)
{
    volatile ULONG Flag = 0;
    PKTHREAD Thread = KtStartThread(set_flag, (PVOID)&Flag, 8);
    PETHREAD Ethread = CONTAINING_RECORD(Thread, ETHREAD, Tcb);
    LARGE_INTEGER Zero = {.QuadPart = 0};
    NTSTATUS ExitStatus;

    KT_ASSERT(Thread != NULL);
    ObReferenceObject(Thread);
    KT_ASSERT(KtJoinThread(Thread));
    ExitStatus = PsGetThreadExitStatus(Ethread);
    KT_ASSERT_EQ(Flag, 0x600D);
    KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
    /* Signalled for good: a second wait does not block. */
    KT_ASSERT_EQ(
        KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Zero),
        STATUS_WAIT_0);
    KT_ASSERT_EQ((ULONG)(ULONG_PTR)PsGetThreadId(Ethread) % 4, 0);
    ObDereferenceObject(Thread);
}

KTEST(thread_ends_with_the_status_it_gives)
{
    PKTHREAD Thread = KtStartThread(end_with_status, (PVOID)0x1234, 8);
    NTSTATUS ExitStatus;

    KT_ASSERT(Thread != NULL);
    ObReferenceObject(Thread);
    KT_ASSERT(KtJoinThread(Thread));
    ExitStatus = PsGetThreadExitStatus(CONTAINING_RECORD(Thread, ETHREAD, Tcb));
    ObDereferenceObject(Thread);
    KT_ASSERT_EQ(ExitStatus, 0x1234);
}

KTEST(thread_handles_open_close_and_refuse_bad_ones)
{
    ULONG Before = ObpHandleCount();
    PVOID Object, Thread;
    HANDLE Handle;

    KT_ASSERT_EQ(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL,
                                      NULL, set_flag, (PVOID)&sequence),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ObpHandleCount(), Before + 1);
    KT_ASSERT((ULONG)(ULONG_PTR)Handle & 0x80000000); /* a kernel handle */
    KT_ASSERT_EQ(ObReferenceObjectByHandle(Handle, THREAD_ALL_ACCESS,
                                           *PsThreadType, KernelMode, &Thread,
                                           NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwClose(Handle), STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwClose(Handle), STATUS_INVALID_HANDLE);
    KT_ASSERT_EQ(ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &Object,
                                           NULL) == STATUS_SUCCESS,
                 0);
    KT_ASSERT(Object == NULL);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(ObpHandleCount(), Before);
    KT_ASSERT_EQ(ObReferenceObjectByHandle(NtCurrentThread(), 0, *PsThreadType,
                                           KernelMode, &Object, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT(Object == PsGetCurrentThread());
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(
        PsCreateSystemThread(NULL, 0, NULL, NULL, NULL, set_flag, NULL),
        STATUS_INVALID_PARAMETER);
}

/* Records, in running order, the priority each thread ran at. */
static volatile LONG order[8];

static VOID NTAPI record_priority(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    order[sequence++] = KeQueryPriorityThread(KeGetCurrentThread());
}

KTEST(scheduler_runs_the_highest_priority_first)
{
    static const KPRIORITY Priorities[] = {5, 10, 7, 20, 1};
    PKTHREAD Threads[ARRAYSIZE(Priorities)];
    PKTHREAD Current = KeGetCurrentThread();
    KPRIORITY Saved = KeQueryPriorityThread(Current);
    ULONG Index;
    BOOLEAN Joined = TRUE;

    sequence = 0;
    KeSetPriorityThread(Current, HIGH_PRIORITY); /* none runs yet */
    for (Index = 0; Index < ARRAYSIZE(Priorities); Index++)
        Threads[Index] =
            KtStartThread(record_priority, NULL, Priorities[Index]);
    KeSetPriorityThread(Current, Saved); /* 20 runs at once, then us */
    for (Index = 0; Index < ARRAYSIZE(Priorities); Index++)
        Joined &= Threads[Index] != NULL && KtJoinThread(Threads[Index]);
    KT_ASSERT(Joined);
    KT_ASSERT_EQ(sequence, 5);
    KT_ASSERT_EQ(order[0], 20);
    KT_ASSERT_EQ(order[1], 10);
    KT_ASSERT_EQ(order[2], 7);
    KT_ASSERT_EQ(order[3], 5);
    KT_ASSERT_EQ(order[4], 1);
}

/* Two busy threads of one priority: each turn lasts one quantum, 6 units
 * at 3 a tick, so 2 clock ticks. */
#define TURNS_WATCHED 12
static volatile ULONG last_runner;
static volatile ULONG turn_ticks[TURNS_WATCHED + 1];
static volatile ULONG turns;

static VOID NTAPI take_turns(PVOID Context)
{
    ULONG Me = (ULONG)(ULONG_PTR)Context;

    while (turns < TURNS_WATCHED) {
        if (last_runner != Me) {
            last_runner = Me;
            turn_ticks[turns++] = (ULONG)KiTickCount;
        }
    }
}

KTEST(scheduler_round_robin_among_equals_by_quantum)
{
    PKTHREAD Current = KeGetCurrentThread();
    KPRIORITY Saved = KeQueryPriorityThread(Current);
    PKTHREAD First, Second;
    ULONG Index, Exact = 0;
    BOOLEAN Joined;

    turns = 0;
    last_runner = 0;
    KeSetPriorityThread(Current, HIGH_PRIORITY);
    First = KtStartThread(take_turns, (PVOID)1, 9);
    Second = KtStartThread(take_turns, (PVOID)2, 9);
    KeSetPriorityThread(Current, Saved);
    Joined = First != NULL && Second != NULL && KtJoinThread(First) &&
             KtJoinThread(Second);
    KT_ASSERT(Joined);
    /* Turn 0 starts part-way into a tick; the others last a quantum. */
    for (Index = 1; Index + 1 < TURNS_WATCHED; Index++) {
        ULONG Ticks = turn_ticks[Index + 1] - turn_ticks[Index];

        KT_ASSERT_MSG(Ticks >= 1 && Ticks <= 3, "turn %lu lasted %lu ticks",
                      Index, Ticks);
        Exact += Ticks == 2;
    }
    KT_ASSERT_MSG(Exact * 2 >= TURNS_WATCHED - 2,
                  "only %lu of %u turns lasted 2 ticks", Exact,
                  TURNS_WATCHED - 2);
}

/* A DPC readies a higher-priority thread while we spin at PASSIVE_LEVEL:
 * the thread runs before the spin loop sees anything. */
static KEVENT wake_event;
static volatile ULONG dpc_mark, thread_mark, spinner_mark, dpc_ran;

static VOID NTAPI wake_from_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(A1);
    UNREFERENCED_PARAMETER(A2);
    dpc_mark = ++sequence;
    KeSetEvent(&wake_event, 0, FALSE);
    dpc_ran = 1;
}

static VOID NTAPI wait_for_wake(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&wake_event, Executive, KernelMode, FALSE, NULL);
    thread_mark = ++sequence;
}

KTEST(scheduler_thread_readied_by_a_dpc_preempts_at_once)
{
    PKTHREAD Waiter;
    KTIMER Timer;
    KDPC Dpc;
    LARGE_INTEGER Due = KtMilliseconds(30);
    ULONGLONG Deadline = KeQueryInterruptTime() + 10000000;

    sequence = dpc_mark = thread_mark = spinner_mark = dpc_ran = 0;
    KeInitializeEvent(&wake_event, SynchronizationEvent, FALSE);
    Waiter = KtStartThread(wait_for_wake, NULL, 20); /* now waiting */
    KT_ASSERT(Waiter != NULL);
    KeInitializeDpc(&Dpc, wake_from_dpc, NULL);
    KeInitializeTimer(&Timer);
    KeSetTimer(&Timer, Due, &Dpc);
    while (!dpc_ran && KeQueryInterruptTime() < Deadline)
        ; /* spinning at PASSIVE_LEVEL; the clock's DPC comes in */
    spinner_mark = ++sequence;
    KT_ASSERT(KtJoinThread(Waiter));
    KT_ASSERT_EQ(dpc_mark, 1);
    KT_ASSERT_EQ(thread_mark, 2);
    KT_ASSERT_EQ(spinner_mark, 3);
}

/* Woken with an increment, a variable-priority thread runs boosted, then
 * loses a level at each quantum end until it is back at its base. */
static volatile LONG priorities_seen[8];

static VOID NTAPI watch_decay(PVOID Context)
{
    ULONG Seen = 0;
    LONG Last;

    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&wake_event, Executive, KernelMode, FALSE, NULL);
    Last = priorities_seen[Seen++] =
        KeQueryPriorityThread(KeGetCurrentThread());
    while (Seen < ARRAYSIZE(priorities_seen)) {
        LONG Now = KeQueryPriorityThread(KeGetCurrentThread());

        if (Now != Last)
            Last = priorities_seen[Seen++] = Now;
        if (Now == 8) /* back at the base: stays there */
            break;
    }
}

KTEST(scheduler_boost_on_wake_decays_by_one_per_quantum)
{
    PKTHREAD Thread;
    ULONG Index;

    RtlZeroMemory((PVOID)priorities_seen, sizeof(priorities_seen));
    KeInitializeEvent(&wake_event, SynchronizationEvent, FALSE);
    Thread = KtStartThread(watch_decay, NULL, 8);
    KT_ASSERT(Thread != NULL);
    /* An equal: it starts its wait once we give way. */
    KT_ASSERT_EQ(ZwYieldExecution(), STATUS_SUCCESS);
    KeSetEvent(&wake_event, 4, FALSE); /* base 8 + 4 */
    KT_ASSERT(KtJoinThread(Thread));
    for (Index = 0; Index <= 4; Index++)
        KT_ASSERT_EQ(priorities_seen[Index], 12 - Index);
}

static VOID NTAPI report_priority_after_wake(PVOID Context)
{
    KeWaitForSingleObject(&wake_event, Executive, KernelMode, FALSE, NULL);
    *(volatile LONG *)Context = KeQueryPriorityThread(KeGetCurrentThread());
}

KTEST(scheduler_no_boost_for_real_time_and_never_past_15)
{
    volatile LONG Seen = 0;
    PKTHREAD Thread;

    KeInitializeEvent(&wake_event, SynchronizationEvent, FALSE);
    Thread = KtStartThread(report_priority_after_wake, (PVOID)&Seen, 20);
    KT_ASSERT(Thread != NULL);
    KeSetEvent(&wake_event, 6, FALSE);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(Seen, 20);

    Thread = KtStartThread(report_priority_after_wake, (PVOID)&Seen, 12);
    KT_ASSERT(Thread != NULL);
    KeSetEvent(&wake_event, 8, FALSE); /* 8 + 8 would be 16 */
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(Seen, 15);
}

KTEST(scheduler_base_priority_moves_within_its_class)
{
    PKTHREAD Current = KeGetCurrentThread();
    LONG Old = KeSetBasePriorityThread(Current, 2);

    KT_ASSERT_EQ(KeQueryPriorityThread(Current), 10);
    KT_ASSERT_EQ(KeSetBasePriorityThread(Current, 100), 2);
    KT_ASSERT_EQ(KeQueryPriorityThread(Current), 15); /* not real-time */
    KT_ASSERT_EQ(KeSetBasePriorityThread(Current, -100), 7);
    KT_ASSERT_EQ(KeQueryPriorityThread(Current), 1);
    KeSetBasePriorityThread(Current, Old);
    KT_ASSERT_EQ(KeQueryPriorityThread(Current), 8);
}

KTEST(scheduler_yield_gives_way_to_an_equal)
{
    volatile ULONG Flag = 0;
    PKTHREAD Thread = KtStartThread(set_flag, (PVOID)&Flag, 8);

    KT_ASSERT(Thread != NULL);
    KT_ASSERT_EQ(Flag, 0); /* an equal does not preempt */
    KT_ASSERT_EQ(ZwYieldExecution(), STATUS_SUCCESS);
    KT_ASSERT_EQ(Flag, 0x600D);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(ZwYieldExecution(), STATUS_NO_YIELD_PERFORMED);
}

KTEST(thread_current_thread_is_at_fs_124_and_its_stack_is_guarded)
{
    PKTHREAD Thread = KeGetCurrentThread();
    ULONG Local;

    KT_ASSERT_EQ(read_fs_ulong(KPCR_CURRENT_THREAD), (ULONG)Thread);
    KT_ASSERT(PsGetCurrentThread() == CONTAINING_RECORD(Thread, ETHREAD, Tcb));
    KT_ASSERT((ULONG)&Local < (ULONG)Thread->InitialStack &&
              (ULONG)&Local >= (ULONG)Thread->StackLimit);
    KT_ASSERT_EQ((ULONG)Thread->InitialStack - (ULONG)Thread->StackLimit,
                 KERNEL_STACK_SIZE);
    KT_ASSERT(!MmIsAddressValid((PUCHAR)Thread->StackLimit - 1));
    KT_ASSERT(KiStackHighWater(Thread) > 0 &&
              KiStackHighWater(Thread) <= KERNEL_STACK_SIZE);
    KT_ASSERT_EQ(KeGetPcr()->TSS->Esp0, (ULONG)Thread->InitialStack);
}
