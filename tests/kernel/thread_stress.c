/*
 * Stress: 16 threads bouncing events and passing items through
 * semaphores, with counters that show a lost or a doubled wake-up; and
 * 10,000 threads made and ended, after which every frame, system PTE and
 * pool byte is back.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/paging.h"
#include "kernel/pool.h"
#include "tests/kernel/kt_thread.h"

#define PAIRS 4     /* ping-pong pairs: 8 threads */
#define PRODUCERS 4 /* and 4 producers, 4 consumers */
#define ROUND_TRIPS 100000UL
#define ITEMS 20000UL
#define RING 16

/* Every thread waits at the gate until all of them exist; if one could
 * not be made (memory is short), they are told to leave at once instead
 * of waiting for a partner that never comes. */
static KEVENT start_gate;
static volatile BOOLEAN abandon_run;

static BOOLEAN pass_the_gate(VOID)
{
    KeWaitForSingleObject(&start_gate, Executive, KernelMode, FALSE, NULL);
    return !abandon_run;
}

typedef struct _PING_PONG {
    KEVENT Ping, Pong;
    ULONG Rounds;
    volatile ULONG Pings, Pongs;
} PING_PONG;

static VOID NTAPI pinger(PVOID Context)
{
    PING_PONG *Pair = Context;
    ULONG Round;

    if (!pass_the_gate())
        return;
    for (Round = 0; Round < Pair->Rounds; Round++) {
        Pair->Pings++;
        KeSetEvent(&Pair->Ping, 0, FALSE);
        KeWaitForSingleObject(&Pair->Pong, Executive, KernelMode, FALSE, NULL);
    }
}

static VOID NTAPI ponger(PVOID Context)
{
    PING_PONG *Pair = Context;
    ULONG Round;

    if (!pass_the_gate())
        return;
    for (Round = 0; Round < Pair->Rounds; Round++) {
        KeWaitForSingleObject(&Pair->Ping, Executive, KernelMode, FALSE, NULL);
        /* Exactly one ping ahead: a doubled wake-up would be two. */
        if (Pair->Pings != Pair->Pongs + 1)
            return;
        Pair->Pongs++;
        KeSetEvent(&Pair->Pong, 0, FALSE);
    }
}

/* A bounded ring guarded by a mutex, counted by two semaphores. */
typedef struct _QUEUE {
    KSEMAPHORE Free, Used;
    KMUTEX Lock;
    ULONG Items[RING];
    ULONG Head, Tail;
    ULONG PerProducer;
    volatile ULONGLONG Sum;
    volatile ULONG Consumed;
} QUEUE;

static VOID NTAPI producer(PVOID Context)
{
    QUEUE *Queue = Context;
    ULONG Item;

    if (!pass_the_gate())
        return;
    for (Item = 1; Item <= Queue->PerProducer; Item++) {
        KeWaitForSingleObject(&Queue->Free, Executive, KernelMode, FALSE, NULL);
        KeWaitForMutexObject(&Queue->Lock, Executive, KernelMode, FALSE, NULL);
        Queue->Items[Queue->Tail++ % RING] = Item;
        KeReleaseMutex(&Queue->Lock, FALSE);
        KeReleaseSemaphore(&Queue->Used, 0, 1, FALSE);
    }
}

static VOID NTAPI consumer(PVOID Context)
{
    QUEUE *Queue = Context;
    ULONG Count;

    if (!pass_the_gate())
        return;
    for (Count = 0; Count < Queue->PerProducer; Count++) {
        ULONG Item;

        KeWaitForSingleObject(&Queue->Used, Executive, KernelMode, FALSE, NULL);
        KeWaitForMutexObject(&Queue->Lock, Executive, KernelMode, FALSE, NULL);
        Item = Queue->Items[Queue->Head++ % RING];
        Queue->Sum += Item;
        Queue->Consumed++;
        KeReleaseMutex(&Queue->Lock, FALSE);
        KeReleaseSemaphore(&Queue->Free, 0, 1, FALSE);
    }
}

/* A small generator for the threads' priorities; the seed is printed. */
static ULONG next_random(ULONG *State)
{
    *State = *State * 1103515245 + 12345;
    return *State >> 16;
}

KTEST(thread_stress_ping_pong_and_producer_consumer)
{
    static PING_PONG Pairs[PAIRS];
    static QUEUE Queue;
    PKTHREAD Threads[2 * PAIRS + 2 * PRODUCERS];
    ULONG Seed = KiGetNumberOption(
              "thread_seed", 16,
              (ULONG)KeQueryPerformanceCounter(NULL).QuadPart),
          State;
    ULONG Index, Count = 0;
    ULONGLONG Expected;
    BOOLEAN Joined = TRUE;

    DbgPrint("thread stress seed %08lx (thread_seed=%08lx replays it)\n", Seed,
             Seed);
    State = Seed;
    KeInitializeEvent(&start_gate, NotificationEvent, FALSE);
    abandon_run = FALSE;
    KeInitializeSemaphore(&Queue.Free, RING, RING);
    KeInitializeSemaphore(&Queue.Used, 0, RING);
    KeInitializeMutex(&Queue.Lock, 0);
    Queue.Head = Queue.Tail = 0;
    Queue.Sum = 0;
    Queue.Consumed = 0;
    Queue.PerProducer = ITEMS / PRODUCERS;
    for (Index = 0; Index < PAIRS; Index++) {
        PING_PONG *Pair = &Pairs[Index];

        KeInitializeEvent(&Pair->Ping, SynchronizationEvent, FALSE);
        KeInitializeEvent(&Pair->Pong, SynchronizationEvent, FALSE);
        Pair->Rounds = ROUND_TRIPS / PAIRS;
        Pair->Pings = Pair->Pongs = 0;
        Threads[Count++] =
            KtStartThread(ponger, Pair, 6 + next_random(&State) % 8);
        Threads[Count++] =
            KtStartThread(pinger, Pair, 6 + next_random(&State) % 8);
    }
    for (Index = 0; Index < PRODUCERS; Index++) {
        Threads[Count++] =
            KtStartThread(producer, &Queue, 6 + next_random(&State) % 8);
        Threads[Count++] =
            KtStartThread(consumer, &Queue, 6 + next_random(&State) % 8);
    }
    for (Index = 0; Index < Count; Index++)
        abandon_run |= Threads[Index] == NULL;
    KeSetEvent(&start_gate, 0, FALSE);
    for (Index = 0; Index < Count; Index++) {
        LARGE_INTEGER Timeout = KtMilliseconds(120000);

        if (Threads[Index] == NULL ||
            KeWaitForSingleObject(Threads[Index], Executive, KernelMode, FALSE,
                                  &Timeout) != STATUS_WAIT_0)
            Joined = FALSE;
        else
            ObDereferenceObject(Threads[Index]);
    }
    KT_ASSERT_MSG(!abandon_run, "a thread could not be made");
    KT_ASSERT_MSG(Joined, "a thread did not end (seed %08lx)", Seed);
    for (Index = 0; Index < PAIRS; Index++) {
        KT_ASSERT_EQ(Pairs[Index].Pings, ROUND_TRIPS / PAIRS);
        KT_ASSERT_EQ(Pairs[Index].Pongs, ROUND_TRIPS / PAIRS);
    }
    Expected =
        (ULONGLONG)PRODUCERS * Queue.PerProducer * (Queue.PerProducer + 1) / 2;
    KT_ASSERT_EQ(Queue.Consumed, ITEMS);
    KT_ASSERT_EQ(Queue.Sum, Expected);
    KT_ASSERT_EQ(KeReadStateSemaphore(&Queue.Free), RING);
    KT_ASSERT_EQ(KeReadStateSemaphore(&Queue.Used), 0);
    KT_ASSERT_EQ(KeReadStateMutex(&Queue.Lock), 1);
}

static VOID NTAPI do_nothing(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
}

/* Bytes in use under every nonpaged tag (threads, handles, objects). */
static SIZE_T nonpaged_bytes(VOID)
{
    MI_POOL *Pool = &MiPools[NonPagedPool];
    SIZE_T Bytes = 0;
    ULONG Index;
    KIRQL OldIrql = MiLockPool(Pool);

    for (Index = 0; Index < MI_POOL_TRACKER_SIZE; Index++)
        Bytes += Pool->Tracker[Index].Bytes;
    MiUnlockPool(Pool, OldIrql);
    return Bytes;
}

/* Page tables of the system PTE range: made as stacks move through it,
 * kept for good (they are shared by every address space). */
static ULONG system_pte_tables(VOID)
{
    ULONG Va, Tables = 0;

    for (Va = MI_SYSTEM_PTE_BASE; Va < MI_SYSTEM_PTE_END; Va += 0x400000)
        Tables += (*MiGetPdeAddress((PVOID)Va) & MI_PTE_VALID) != 0;
    return Tables;
}

KTEST(thread_ten_thousand_lives_give_everything_back)
{
    MI_BUDDY_STATISTICS Before, After;
    ULONG PtesBefore = MiSystemPteRange.FreePages, Cycle, TablesBefore;
    SIZE_T BytesBefore;
    BOOLEAN Ok = TRUE;

    /* One thread first: the handle table and the object's cache exist. */
    Ok &= KtJoinThread(KtStartThread(do_nothing, NULL, 8));
    KiReapTerminatedThreads();
    PtesBefore = MiSystemPteRange.FreePages;
    BytesBefore = nonpaged_bytes();
    TablesBefore = system_pte_tables();
    MiQueryPhysicalMemory(&Before);
    Before.TotalFree += MiZeroedList.Total; /* free as well */
    for (Cycle = 0; Cycle < 10000 && Ok; Cycle++) {
        HANDLE Handle;
        PVOID Thread;

        Ok = NT_SUCCESS(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL,
                                             NULL, NULL, do_nothing, NULL)) &&
             NT_SUCCESS(ObReferenceObjectByHandle(Handle, 0, *PsThreadType,
                                                  KernelMode, &Thread, NULL));
        if (Ok) {
            ZwClose(Handle);
            Ok = KtJoinThread(Thread);
        }
    }
    KiReapTerminatedThreads();
    MiQueryPhysicalMemory(&After);
    After.TotalFree += MiZeroedList.Total;
    KT_ASSERT_MSG(Ok, "cycle %lu failed", Cycle);
    KT_ASSERT_EQ(MiSystemPteRange.FreePages, PtesBefore);
    KT_ASSERT_EQ(nonpaged_bytes(), BytesBefore);
    KT_ASSERT_EQ(After.TotalFree + (system_pte_tables() - TablesBefore),
                 Before.TotalFree);
}
