/*
 * SLISTs in the kernel: NT's x86 header, both ways of exchanging it
 * (cmpxchg8b, and interrupts off where a 486 has no cmpxchg8b), and a
 * stress run of threads and DPCs popping and pushing the same entries;
 * the kernel's nonpaged lookaside pair (interrupts off, include/ntex.h)
 * on a header the interlocked routines share.
 */
#include "kernel/cpu.h"
#include "kernel/ktest.h"
#include "kernel/x86.h"
#include "tests/kernel/test_devices.h"

KTEST(slist_header_is_nt_x86_layout)
{
    SLIST_HEADER Header;

    KT_ASSERT_EQ(sizeof(SLIST_HEADER), 8);
    KT_ASSERT_EQ(FIELD_OFFSET(SLIST_HEADER, Next), 0);
    KT_ASSERT_EQ(FIELD_OFFSET(SLIST_HEADER, Depth), 4);
    KT_ASSERT_EQ(FIELD_OFFSET(SLIST_HEADER, Sequence), 6);
    Header.Alignment = 0x0003000212345678ULL;
    KT_ASSERT_EQ((ULONG_PTR)Header.Next.Next, 0x12345678);
    KT_ASSERT_EQ(Header.Depth, 2);
    KT_ASSERT_EQ(Header.Sequence, 3);
    ExInitializeSListHead(&Header);
    KT_ASSERT_EQ(Header.Alignment, 0);
}

KTEST(slist_push_pop_flush_with_and_without_cmpxchg8b)
{
    static SLIST_ENTRY Entries[3];
    ULONG Saved = KeFeatureBits;
    ULONG Pass;

    for (Pass = 0; Pass < 2; Pass++) {
        SLIST_HEADER List;
        PSLIST_ENTRY Popped[3], Flushed, Previous;
        USHORT Depth, Sequence;
        ULONG Flags = read_eflags() & EFLAGS_IF;

        if (Pass == 1)
            KeFeatureBits &= ~KF_CMPXCHG8B;
        ExInitializeSListHead(&List);
        InterlockedPushEntrySList(&List, &Entries[0]);
        InterlockedPushEntrySList(&List, &Entries[1]);
        Previous = ExInterlockedPushEntrySList(&List, &Entries[2], NULL);
        Depth = ExQueryDepthSList(&List);
        Sequence = List.Sequence;
        Popped[0] = InterlockedPopEntrySList(&List);
        Popped[1] = ExInterlockedPopEntrySList(&List, NULL);
        InterlockedPushEntrySList(&List, Popped[1]);
        Flushed = InterlockedFlushSList(&List);
        Popped[2] = InterlockedPopEntrySList(&List);
        KeFeatureBits = Saved;

        KT_ASSERT(Previous == &Entries[1]);
        KT_ASSERT_EQ(Depth, 3);
        KT_ASSERT_EQ(Sequence, 3); /* one per push */
        KT_ASSERT(Popped[0] == &Entries[2]);
        KT_ASSERT(Popped[1] == &Entries[1]);
        KT_ASSERT(Flushed == &Entries[1] && Flushed->Next == &Entries[0] &&
                  Entries[0].Next == NULL);
        KT_ASSERT(Popped[2] == NULL);
        KT_ASSERT_EQ(ExQueryDepthSList(&List), 0);
        KT_ASSERT_EQ(List.Sequence, 4);
        KT_ASSERT_EQ(read_eflags() & EFLAGS_IF, Flags);
    }
}

/*
 * The stress run: three threads of equal priority (the clock's quantum
 * ends switch between them) and a DPC the RTC queues about a thousand
 * times a second. Each holds one entry at a time: a round pops a new one,
 * marks it as its own, and pushes back the one it held, so the list's
 * order and membership keep changing. An entry handed out twice shows as
 * a mark already set; a lost or duplicated one, in the count at the end.
 */
#define STRESS_ENTRIES 6
#define STRESS_THREADS 3
/* With the lookaside pair nobody may find the list empty (a miss would
 * bring a block of the pool): four holders take at most two each. */
#define STRESS_LOOKASIDE_ENTRIES 10

typedef struct _STRESS_ENTRY {
    SLIST_ENTRY Link; /* first: the entry's address is its link's */
    volatile LONG Holder;
} STRESS_ENTRY;

static SLIST_HEADER stress_header;
static PSLIST_HEADER stress_list;
/* Set: odd holders and every other DPC round use the lookaside pair. */
static PNPAGED_LOOKASIDE_LIST stress_lookaside;
static ULONG stress_entry_count;
static STRESS_ENTRY stress_entries[STRESS_LOOKASIDE_ENTRIES];
static volatile LONG stress_double_holds;
static volatile ULONG stress_dpc_rounds;
static STRESS_ENTRY *stress_dpc_held;
static ULONGLONG stress_until;
static KDPC stress_dpc;

static STRESS_ENTRY *stress_pop(BOOLEAN Lookaside)
{
    if (Lookaside)
        return (STRESS_ENTRY *)ExAllocateFromNPagedLookasideList(
            stress_lookaside);
    return (STRESS_ENTRY *)InterlockedPopEntrySList(stress_list);
}

static VOID stress_push(STRESS_ENTRY *Entry, BOOLEAN Lookaside)
{
    InterlockedExchange(&Entry->Holder, 0);
    if (Lookaside)
        ExFreeToNPagedLookasideList(stress_lookaside, Entry);
    else
        InterlockedPushEntrySList(stress_list, &Entry->Link);
}

/* One round: returns the entry now held (Held when the list was empty). */
static STRESS_ENTRY *stress_round(STRESS_ENTRY *Held, LONG Holder,
                                  BOOLEAN Lookaside)
{
    STRESS_ENTRY *Entry = stress_pop(Lookaside);

    if (Entry == NULL)
        return Held;
    if (InterlockedExchange(&Entry->Holder, Holder) != 0)
        InterlockedIncrement(&stress_double_holds);
    if (Held != NULL)
        stress_push(Held, Lookaside);
    return Entry;
}

static VOID stress_release(STRESS_ENTRY *Held)
{
    if (Held != NULL)
        stress_push(Held, FALSE);
}

static VOID NTAPI stress_dpc_routine(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                     PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    stress_dpc_held =
        stress_round(stress_dpc_held, -1,
                     stress_lookaside != NULL && (stress_dpc_rounds & 1));
    stress_dpc_rounds++;
}

static BOOLEAN NTAPI stress_isr(PKINTERRUPT Interrupt, PVOID Context)
{
    UNREFERENCED_PARAMETER(Interrupt);
    UNREFERENCED_PARAMETER(Context);
    KtRtcAcknowledge();
    KeInsertQueueDpc(&stress_dpc, NULL, NULL);
    return TRUE;
}

static VOID NTAPI stress_thread(PVOID Context)
{
    LONG Holder = (LONG)(ULONG_PTR)Context;
    STRESS_ENTRY *Held = NULL;

    while (KeQueryInterruptTime() < stress_until)
        Held = stress_round(Held, Holder,
                            stress_lookaside != NULL && (Holder & 1));
    stress_release(Held);
}

/* Runs Count threads of Routine(index + 1) and waits for all of them. */
static NTSTATUS run_threads(ULONG Count, PKSTART_ROUTINE Routine)
{
    PVOID Threads[STRESS_THREADS];
    KWAIT_BLOCK Blocks[STRESS_THREADS];
    HANDLE Handle;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Index, Started = 0;

    for (Index = 0; Index < Count && NT_SUCCESS(Status); Index++) {
        Status =
            PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                 Routine, (PVOID)(ULONG_PTR)(Index + 1));
        if (!NT_SUCCESS(Status))
            break;
        Status =
            ObReferenceObjectByHandle(Handle, THREAD_ALL_ACCESS, *PsThreadType,
                                      KernelMode, &Threads[Started], NULL);
        ZwClose(Handle);
        if (NT_SUCCESS(Status))
            Started++;
    }
    if (Started != 0)
        KeWaitForMultipleObjects(Started, Threads, WaitAll, Executive,
                                 KernelMode, FALSE, NULL, Blocks);
    for (Index = 0; Index < Started; Index++)
        ObDereferenceObject(Threads[Index]);
    return Status;
}

static VOID stress(BOOLEAN WithoutCmpxchg8b, PNPAGED_LOOKASIDE_LIST Lookaside,
                   KTEST_CONTEXT *KtContext_)
{
    static KINTERRUPT Interrupt;
    ULONG Saved = KeFeatureBits, Index, Count = 0;
    PSLIST_ENTRY Entry;
    NTSTATUS Status;
    BOOLEAN Connected;

    stress_lookaside = Lookaside;
    stress_list = Lookaside != NULL ? &Lookaside->L.ListHead : &stress_header;
    stress_entry_count =
        Lookaside != NULL ? STRESS_LOOKASIDE_ENTRIES : STRESS_ENTRIES;
    ExInitializeSListHead(stress_list);
    for (Index = 0; Index < stress_entry_count; Index++) {
        stress_entries[Index].Holder = 0;
        InterlockedPushEntrySList(stress_list, &stress_entries[Index].Link);
    }
    stress_double_holds = 0;
    stress_dpc_rounds = 0;
    stress_dpc_held = NULL;
    KeInitializeDpc(&stress_dpc, stress_dpc_routine, NULL);
    Connected =
        KtConnect(&Interrupt, KT_RTC_IRQ, stress_isr, NULL, Latched, FALSE);
    if (WithoutCmpxchg8b)
        KeFeatureBits &= ~KF_CMPXCHG8B;
    stress_until = KeQueryInterruptTime() + 3000000; /* 300 ms */
    if (Connected)
        KtRtcStart();
    Status = run_threads(STRESS_THREADS, stress_thread);
    KtRtcStop();
    KeFeatureBits = Saved;
    if (Connected)
        KeDisconnectInterrupt(&Interrupt);
    KeRemoveQueueDpc(&stress_dpc);
    stress_release(stress_dpc_held);

    KT_ASSERT(Connected);
    KT_ASSERT_EQ(Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(stress_double_holds, 0);
    KT_ASSERT_EQ(ExQueryDepthSList(stress_list), stress_entry_count);
    while ((Entry = InterlockedPopEntrySList(stress_list)) != NULL) {
        KT_ASSERT(Entry >= &stress_entries[0].Link &&
                  Entry <= &stress_entries[stress_entry_count - 1].Link);
        Count++;
        KT_ASSERT(Count <= stress_entry_count);
    }
    KT_ASSERT_EQ(Count, stress_entry_count);
    KT_ASSERT_MSG(stress_dpc_rounds > 50, "only %lu DPC rounds",
                  stress_dpc_rounds);
}

KTEST(slist_stress_threads_and_dpcs)
{
    stress(FALSE, NULL, KtContext_);
}

KTEST(slist_stress_threads_and_dpcs_without_cmpxchg8b)
{
    stress(TRUE, NULL, KtContext_);
}

/* The lookaside pair (interrupts off) and the interlocked routines
 * (cmpxchg8b) on one header, each interrupting the other: a thread's
 * interlocked pop whose exchange a DPC's lookaside pop got in before, a
 * DPC's interlocked push between a thread's lookaside pops. */
KTEST(lookaside_pair_shares_its_slist_with_the_interlocked_routines)
{
    static NPAGED_LOOKASIDE_LIST List;
    KT_CLEANUP_SECTION;

    ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, sizeof(STRESS_ENTRY),
                                    'tslS', 0);
    /* Every free goes on the list (the clock lowers it by 1 at most). */
    List.L.Depth = LOOKASIDE_MAXIMUM_DEPTH;
    stress(FALSE, &List, KtContext_);
    KT_ASSERT_EQ(List.L.AllocateMisses, 0);
    KT_ASSERT_EQ(List.L.FreeMisses, 0);
    KT_ASSERT(List.L.TotalAllocates > 0);
    KT_ASSERT(List.L.TotalFrees > 0);
    KT_CLEANUP;
    ExInitializeSListHead(&List.L.ListHead); /* the entries are not pool's */
    ExDeleteNPagedLookasideList(&List);
}

/* The header after the lookaside pair is what the interlocked routines
 * leave: a push counts depth and sequence up, a pop the depth down; an
 * empty list's pop (a miss) leaves it as it was; the interrupt flag comes
 * back as it was. */
KTEST(lookaside_pair_changes_the_header_as_the_interlocked_routines)
{
    static NPAGED_LOOKASIDE_LIST List;
    static SLIST_ENTRY Mine[2];
    PVOID Entry, Missed = NULL;
    ULONG Pass;

    ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, 32, 'tslS', 0);
    for (Pass = 0; Pass < 2; Pass++) {
        PSLIST_ENTRY First, Second, Last;
        USHORT Depth[2], Sequence[2];
        ULONG Flags, After;

        /* The second pass with interrupts off: recorded, then checked. */
        if (Pass == 1)
            cpu_disable_interrupts();
        Flags = read_eflags() & EFLAGS_IF;
        ExInitializeSListHead(&List.L.ListHead);
        InterlockedPushEntrySList(&List.L.ListHead, &Mine[0]);
        ExFreeToNPagedLookasideList(&List, &Mine[1]);
        First = List.L.ListHead.Next.Next;
        Depth[0] = List.L.ListHead.Depth;
        Sequence[0] = List.L.ListHead.Sequence;
        Entry = ExAllocateFromNPagedLookasideList(&List);
        Depth[1] = List.L.ListHead.Depth;
        Sequence[1] = List.L.ListHead.Sequence;
        Second = List.L.ListHead.Next.Next;
        Last = InterlockedPopEntrySList(&List.L.ListHead);
        After = read_eflags() & EFLAGS_IF;
        if (Pass == 1)
            cpu_enable_interrupts();

        KT_ASSERT(First == &Mine[1] && Mine[1].Next == &Mine[0]);
        KT_ASSERT_EQ(Depth[0], 2);
        KT_ASSERT_EQ(Sequence[0], 2);
        KT_ASSERT(Entry == &Mine[1]);
        KT_ASSERT(Second == &Mine[0]);
        KT_ASSERT_EQ(Depth[1], 1);
        KT_ASSERT_EQ(Sequence[1], 2);
        KT_ASSERT(Last == &Mine[0]);
        KT_ASSERT_EQ(After, Flags);
        KT_ASSERT_EQ(Flags, Pass == 0 ? EFLAGS_IF : 0);
    }
    /* Empty: the miss takes a block from the list's object cache. */
    KT_ASSERT_EQ(List.L.AllocateMisses, 0);
    Missed = ExAllocateFromNPagedLookasideList(&List);
    KT_ASSERT(Missed != NULL);
    KT_ASSERT_EQ(List.L.AllocateMisses, 1);
    KT_ASSERT_EQ(List.L.ListHead.Depth, 0);
    KT_ASSERT_EQ(List.L.ListHead.Sequence, 2);
    KT_ASSERT(List.L.ListHead.Next.Next == NULL);
    ExFreeToNPagedLookasideList(&List, Missed);
    KT_ASSERT_EQ(List.L.ListHead.Depth, 1);
    ExDeleteNPagedLookasideList(&List);
}
