/*
 * The dispatcher's pure parts on the host: the ready queues and their
 * summary bitmap (checked against a model under random operations), what
 * a wait does to each object type, WaitAll over a ring of wait blocks,
 * boosts, decay and quantum arithmetic.
 */
#include "host_test.h"
#include "kernel/quantum.h"
#include "kernel/ready_queue.h"
#include "kernel/thread.h"
#include "kernel/wait_object.h"

/* A corrupt list would bug check in the kernel; here it ends the run. */
void RtlFailFast(ULONG Code)
{
    printf("list corruption %#lx\n", (unsigned long)Code);
    abort();
}

static KPRCB prcb;
static KTHREAD threads[64];

static void reset_prcb(void)
{
    ULONG Index;

    memset(&prcb, 0, sizeof(prcb));
    for (Index = 0; Index < MAXIMUM_PRIORITY; Index++)
        InitializeListHead(&prcb.DispatcherReadyListHead[Index]);
}

static void ready_queue_order_and_summary(void)
{
    PKTHREAD Taken;

    reset_prcb();
    CHECK_EQ(KiHighestReadyPriorityOf(&prcb), -1);
    CHECK(KiTakeReadyThread(&prcb, 0) == NULL);
    threads[0].Priority = 8;
    threads[1].Priority = 8;
    threads[2].Priority = 20;
    threads[3].Priority = 8;
    KiInsertReadyQueue(&prcb, &threads[0], FALSE);
    KiInsertReadyQueue(&prcb, &threads[1], FALSE);
    KiInsertReadyQueue(&prcb, &threads[2], FALSE);
    KiInsertReadyQueue(&prcb, &threads[3], TRUE); /* preempted: first */
    CHECK_EQ(prcb.ReadySummary, (1UL << 8) | (1UL << 20));
    CHECK_EQ(threads[0].State, Ready);
    CHECK(KiTakeReadyThread(&prcb, 21) == NULL); /* none that high */
    CHECK(KiTakeReadyThread(&prcb, 0) == &threads[2]);
    CHECK_EQ(prcb.ReadySummary, 1UL << 8);
    Taken = KiTakeReadyThread(&prcb, 8);
    CHECK(Taken == &threads[3]);
    KiRemoveReadyQueue(&prcb, &threads[1]);
    CHECK(KiTakeReadyThread(&prcb, 0) == &threads[0]);
    CHECK_EQ(prcb.ReadySummary, 0);
    CHECK_EQ(KiHighestReadyPriorityOf(&prcb), -1);
}

/* Random inserts, removals and takes against a model: per priority a FIFO
 * of thread numbers. */
static void ready_queue_random_against_a_model(void)
{
    static int Model[MAXIMUM_PRIORITY][64];
    int Length[MAXIMUM_PRIORITY] = {0};
    int Queued[64] = {0};
    unsigned Seed = host_test_seed();
    int Step;

    srand(Seed);
    reset_prcb();
    for (Step = 0; Step < 200000; Step++) {
        int Which = rand() % 64, Action = rand() % 3, Priority, Index;

        if (Action == 0 && !Queued[Which]) {
            BOOLEAN AtHead = rand() % 4 == 0;
            Priority = rand() % MAXIMUM_PRIORITY;
            threads[Which].Priority = (SCHAR)Priority;
            KiInsertReadyQueue(&prcb, &threads[Which], AtHead);
            if (AtHead) {
                memmove(&Model[Priority][1], &Model[Priority][0],
                        Length[Priority] * sizeof(int));
                Model[Priority][0] = Which;
            } else {
                Model[Priority][Length[Priority]] = Which;
            }
            Length[Priority]++;
            Queued[Which] = 1;
        } else if (Action == 1 && Queued[Which]) {
            Priority = threads[Which].Priority;
            KiRemoveReadyQueue(&prcb, &threads[Which]);
            for (Index = 0; Model[Priority][Index] != Which; Index++)
                ;
            memmove(&Model[Priority][Index], &Model[Priority][Index + 1],
                    (Length[Priority] - Index - 1) * sizeof(int));
            Length[Priority]--;
            Queued[Which] = 0;
        } else if (Action == 2) {
            int Floor = rand() % MAXIMUM_PRIORITY, Highest = -1;
            PKTHREAD Taken = KiTakeReadyThread(&prcb, Floor);

            for (Priority = 0; Priority < MAXIMUM_PRIORITY; Priority++)
                if (Length[Priority] != 0)
                    Highest = Priority;
            if (Highest < Floor) {
                CHECK_MSG(Taken == NULL, "step %d: took below the floor", Step);
                continue;
            }
            CHECK_MSG(Taken == &threads[Model[Highest][0]],
                      "step %d: took thread %ld, the model says %d", Step,
                      Taken ? (long)(Taken - threads) : -1L, Model[Highest][0]);
            memmove(&Model[Highest][0], &Model[Highest][1],
                    (Length[Highest] - 1) * sizeof(int));
            Length[Highest]--;
            Queued[Taken - threads] = 0;
        }
        for (Priority = 0; Priority < MAXIMUM_PRIORITY; Priority++) {
            int Bit = (prcb.ReadySummary >> Priority) & 1;
            CHECK_MSG(Bit == (Length[Priority] != 0),
                      "step %d: summary bit %d is %d", Step, Priority, Bit);
        }
    }
}

static void initialize_header(PDISPATCHER_HEADER Header, UCHAR Type, LONG State)
{
    memset(Header, 0, sizeof(*Header));
    Header->Type = Type;
    Header->SignalState = State;
    InitializeListHead(&Header->WaitListHead);
}

static void initialize_thread(PKTHREAD Thread)
{
    memset(Thread, 0, sizeof(*Thread));
    InitializeListHead(&Thread->MutantListHead);
}

static void wait_objects_consume_their_signal(void)
{
    KEVENT Notification, Synchronization;
    KSEMAPHORE Semaphore;
    KTHREAD Thread;

    initialize_thread(&Thread);
    initialize_header(&Notification.Header, EventNotificationObject, 1);
    initialize_header(&Synchronization.Header, EventSynchronizationObject, 1);
    initialize_header(&Semaphore.Header, SemaphoreObject, 2);
    CHECK_EQ(KiSatisfyObject(&Notification.Header, &Thread), STATUS_SUCCESS);
    CHECK_EQ(Notification.Header.SignalState, 1);
    KiSatisfyObject(&Synchronization.Header, &Thread);
    CHECK_EQ(Synchronization.Header.SignalState, 0);
    CHECK(!KiIsObjectSignaled(&Synchronization.Header, &Thread));
    KiSatisfyObject(&Semaphore.Header, &Thread);
    CHECK(KiIsObjectSignaled(&Semaphore.Header, &Thread));
    KiSatisfyObject(&Semaphore.Header, &Thread);
    CHECK(!KiIsObjectSignaled(&Semaphore.Header, &Thread));
}

static void mutant_ownership_recursion_and_abandonment(void)
{
    KTHREAD Owner, Other;
    KMUTANT Mutant;

    initialize_thread(&Owner);
    initialize_thread(&Other);
    initialize_header(&Mutant.Header, MutantObject, 1);
    Mutant.OwnerThread = NULL;
    Mutant.Abandoned = FALSE;
    Mutant.ApcDisable = 1;
    CHECK(KiIsObjectSignaled(&Mutant.Header, &Owner));
    CHECK_EQ(KiSatisfyObject(&Mutant.Header, &Owner), STATUS_SUCCESS);
    CHECK(Mutant.OwnerThread == &Owner);
    CHECK_EQ(Owner.KernelApcDisable, -1);
    CHECK(Owner.MutantListHead.Flink == &Mutant.MutantListEntry);
    CHECK(!KiIsObjectSignaled(&Mutant.Header, &Other));
    CHECK(KiIsObjectSignaled(&Mutant.Header, &Owner)); /* recursion */
    KiSatisfyObject(&Mutant.Header, &Owner);
    CHECK_EQ(Mutant.Header.SignalState, -1);
    CHECK_EQ(Owner.KernelApcDisable, -1); /* once, not per recursion */

    initialize_header(&Mutant.Header, MutantObject, 1);
    Mutant.Abandoned = TRUE;
    Mutant.ApcDisable = 0;
    CHECK_EQ(KiSatisfyObject(&Mutant.Header, &Other), STATUS_ABANDONED);
    CHECK(!Mutant.Abandoned);
    CHECK_EQ(Other.KernelApcDisable, 0);
}

/* A WaitAll over three objects and the timeout timer, as wait.c links it. */
static void wait_all_needs_every_object(void)
{
    KEVENT Event;
    KSEMAPHORE Semaphore;
    KTHREAD Thread;
    PVOID Objects[2] = {&Event, &Semaphore};
    KWAIT_BLOCK *Blocks = Thread.WaitBlock;
    ULONG Index;

    initialize_thread(&Thread);
    initialize_header(&Event.Header, EventSynchronizationObject, 1);
    initialize_header(&Semaphore.Header, SemaphoreObject, 0);
    for (Index = 0; Index < 2; Index++) {
        Blocks[Index].Object = Objects[Index];
        Blocks[Index].Thread = &Thread;
        Blocks[Index].WaitType = WaitAll;
        Blocks[Index].NextWaitBlock = &Blocks[Index + 1];
    }
    Blocks[2].Object = &Thread.Timer; /* the timeout, not an object */
    Blocks[2].NextWaitBlock = &Blocks[0];
    Thread.WaitBlockList = &Blocks[0];
    initialize_header(&Thread.Timer.Header, TimerNotificationObject, 0);
    CHECK(!KiIsWaitAllSatisfied(&Thread));
    Semaphore.Header.SignalState = 1;
    CHECK(KiIsWaitAllSatisfied(&Thread)); /* the unsignalled timer aside */
    CHECK_EQ(KiSatisfyWaitAll(&Thread), STATUS_WAIT_0);
    CHECK_EQ(Event.Header.SignalState, 0);
    CHECK_EQ(Semaphore.Header.SignalState, 0);
    CHECK(!KiIsWaitAllSatisfied(&Thread));
}

static void boosts_decay_and_quanta(void)
{
    KTHREAD Thread;

    CHECK_EQ(KiBoostedPriority(8, 8, 2), 10);
    CHECK_EQ(KiBoostedPriority(12, 8, 2), 12); /* never lowers */
    CHECK_EQ(KiBoostedPriority(8, 8, 10), 15); /* not into real time */
    CHECK_EQ(KiBoostedPriority(20, 20, 5), 20);
    CHECK_EQ(KiBoostedPriority(8, 8, 0), 8);
    CHECK_EQ(KiDecayedPriority(12, 8), 11);
    CHECK_EQ(KiDecayedPriority(8, 8), 8);
    CHECK_EQ(KiDecayedPriority(24, 16), 24);
    initialize_thread(&Thread);
    Thread.Quantum = THREAD_QUANTUM;
    CHECK(!KiChargeQuantum(&Thread));
    CHECK_EQ(Thread.Quantum, 3);
    CHECK(KiChargeQuantum(&Thread)); /* two ticks a quantum */
    CHECK_EQ(Thread.Quantum, 0);
}

int main(void)
{
    RUN(ready_queue_order_and_summary);
    RUN(ready_queue_random_against_a_model);
    RUN(wait_objects_consume_their_signal);
    RUN(mutant_ownership_recursion_and_abandonment);
    RUN(wait_all_needs_every_object);
    RUN(boosts_decay_and_quanta);
    HOST_TEST_EXIT();
}
