/*
 * Idle processes leave memory, page tables and all (NT's process
 * outswap; docs/paging.md). When every thread of a process has waited in
 * user mode for a while, the working-set manager takes all its pages;
 * once a page table's entries hold no frame (none valid, none in
 * transition: its pages are all in the page file or demand zero), the
 * table goes the way of a page: its frame joins the modified list, its
 * PDE becomes a transition PDE, later a page-file PDE. The process is
 * then ProcessOutOfMemory.
 *
 * Nothing reads the PTEs of a process that is out of memory: the first
 * of its threads to wake (kernel/ke/wait.c), a thread attaching to it
 * (kernel/ke/attach.c), a fault in its user half and its deletion call
 * MmInSwapProcess first, which brings every table back. So a process in
 * memory has all its page tables, and the rest of the memory manager
 * never meets a table that is not there.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/paging.h"
#include "kernel/process.h"

#define USER_PDES (MM_SYSTEM_RANGE_START >> 22)

/* How long every thread must have waited: NT's outswap waits for the
 * kernel stacks, which go after some seconds of a user-mode wait. */
#define MI_OUTSWAP_IDLE_MS 1000

/* One inswap at a time: a second thread of the process waits for it. */
static FAST_MUTEX swap_mutex;

static PMMPTE table_of(MMPTE Pde)
{
    return (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(Pde & MI_PTE_FRAME_MASK);
}

/* At DISPATCH_LEVEL (the trimmer's): every thread in the process's space,
 * its own and any attached to it, waits in user mode and has for a
 * while. A process without threads is being made or deleted. */
BOOLEAN MiIsProcessIdle(PEPROCESS Process)
{
    ULONG Idle =
        (ULONG)((MI_OUTSWAP_IDLE_MS * 10000ULL) / KeQueryTimeIncrement());
    PLIST_ENTRY Entry;
    ULONG Threads = 0;

    if (Process == PsInitialSystemProcess || Process->ActiveThreads == 0 ||
        Process->ProcessExiting ||
        KeGetCurrentThread()->ApcState.Process == &Process->Pcb)
        return FALSE;
    for (Entry = PspActiveThreads.Flink; Entry != &PspActiveThreads;
         Entry = Entry->Flink) {
        PKTHREAD Thread =
            &CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry)->Tcb;

        if (Thread->Process != &Process->Pcb &&
            Thread->ApcState.Process != &Process->Pcb)
            continue;
        if (Thread->State == Terminated)
            continue;
        if (Thread->State != Waiting || Thread->WaitMode != UserMode ||
            (ULONG)KiTickCount - Thread->WaitTime < Idle)
            return FALSE;
        Threads++;
    }
    return Threads != 0;
}

/* Whether a table may leave, and what its PTEs hold: page-file slots and
 * committed private pages (the invariant checker's figures). */
static BOOLEAN table_may_leave(PEPROCESS Process, ULONG Index, PMMPTE Table,
                               PULONG Slots, PULONG Committed)
{
    ULONG Entry;

    *Slots = *Committed = 0;
    for (Entry = 0; Entry < MI_PTES_PER_TABLE; Entry++) {
        MMPTE Pte = Table[Entry];
        PMMVAD Vad;

        if (Pte == 0)
            continue;
        if (Pte & (MI_PTE_VALID | MI_PTE_TRANSITION))
            return FALSE; /* a frame's PFN names this table */
        *Slots += MiIsPageFilePte(Pte);
        Vad = MiLocateAddress(Process,
                              (PVOID)(Index << 22 | Entry << PAGE_SHIFT));
        *Committed +=
            Vad != NULL && Vad->Section == NULL && !Vad->PhysicalMapping;
    }
    return TRUE;
}

ULONG MiOutSwapPageTables(PEPROCESS Process)
{
    PFN_NUMBER Directory = Process->Pcb.DirectoryTableBase >> PAGE_SHIFT;
    KIRQL OldIrql = MiAcquirePfnLock();
    ULONG Index, Out = 0;

    for (Index = 0; Index < USER_PDES; Index++) {
        MMPTE Pde = Process->PageDirectory[Index];
        PFN_NUMBER Frame = MiGetPteFrame(Pde);
        PMMPFN Pfn = MiGetPfnEntry(Frame);
        ULONG Slots, Committed;

        if (!(Pde & MI_PTE_VALID) || Pfn == NULL ||
            Pfn->Usage != MiUsagePageTable || Pfn->LockCount != 0 ||
            !table_may_leave(Process, Index, table_of(Pde), &Slots, &Committed))
            continue;
        /* The table is a page now: its PTE is the PDE, in the directory;
         * its entries change while it is in, so it is always written. */
        Process->PageDirectory[Index] =
            MiMakeTransitionPte(Frame, MM_READWRITE);
        Pfn->Owner = Directory;
        Pfn->PteAddress = MiGetPdeAddressOf(Index << 22);
        if (MiIsPageFilePte(Pfn->OriginalPte))
            MiFreePageFileSlot(MiGetPageFileSlot(Pfn->OriginalPte));
        Pfn->OriginalPte = 0;
        MiInsertPageList(&MiModifiedList, Frame);
        Process->OutSwappedSlots += Slots;
        Process->OutSwappedCommitted += Committed;
        Out++;
    }
    if (Out != 0) {
        Process->Pcb.State = ProcessOutOfMemory;
        MiPagingCounters.PageTablesOut += Out;
    }
    MiReleasePfnLock(OldIrql);
    return Out;
}

/* A table back in the directory: its PFN record as make_page_table keeps
 * it (the count of its non-zero entries, which nothing kept meanwhile),
 * and no copy: its entries are about to change. At DISPATCH_LEVEL. */
static VOID table_is_back(PEPROCESS Process, ULONG Index, PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    PMMPTE Table = (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(Frame << PAGE_SHIFT);
    ULONG Entry, Used = 0;

    for (Entry = 0; Entry < MI_PTES_PER_TABLE; Entry++)
        Used += Table[Entry] != 0;
    Pfn->Usage = MiUsagePageTable;
    Pfn->ReferenceCount = (USHORT)Used;
    Pfn->Owner = Index;
    /* A table reclaimed while the writer has it keeps no copy either: the
     * writer drops the slot when it is done (mm/modified_writer.c). */
    if (!(Pfn->Flags & MI_PFN_WRITING) && MiIsPageFilePte(Pfn->OriginalPte))
        MiFreePageFileSlot(MiGetPageFileSlot(Pfn->OriginalPte));
    if (!(Pfn->Flags & MI_PFN_WRITING))
        Pfn->OriginalPte = 0;
    Process->PageDirectory[Index] =
        (Frame << PAGE_SHIFT) | MI_PTE_VALID | MI_PTE_WRITE | MI_PTE_OWNER;
}

/* Reads a paged-out table into a new low frame (the direct map reaches
 * every table) and puts it back, unless its PDE changed meanwhile. A
 * table that cannot be read stops the machine: every page it maps would
 * be lost with it. */
static VOID read_table_back(PEPROCESS Process, ULONG Index, MMPTE Pde)
{
    ULONG Slot = MiGetPageFileSlot(Pde);
    PFN_NUMBER Frame;
    NTSTATUS Status;
    KIRQL OldIrql;

    while ((Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW)) == MI_NO_PAGE)
        MiWaitForFreePages();
    Status = MiPageFileTransfer(FALSE, Slot, &Frame, 1);
    OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    if (Process->PageDirectory[Index] != Pde) {
        KfLowerIrql(OldIrql);
        MiFreePages(Frame, 0);
        return;
    }
    if (!NT_SUCCESS(Status)) {
        MiPagingCounters.InPageErrors++;
        KeBugCheckEx(KERNEL_DATA_INPAGE_ERROR, Pde, (ULONG_PTR)Status,
                     MiGetPdeAddressOf(Index << 22),
                     MiGetPteAddressOf(Index << 22));
    }
    MiFreePageFileSlot(Slot);
    table_is_back(Process, Index, Frame);
    MiPagingCounters.HardFaults++;
    KfLowerIrql(OldIrql);
}

VOID MmInSwapProcess(PKPROCESS Pcb)
{
    PEPROCESS Process = CONTAINING_RECORD(Pcb, EPROCESS, Pcb);
    ULONG Index, In = 0;
    KIRQL OldIrql;

    if (Pcb->State == ProcessInMemory)
        return;
    ExAcquireFastMutex(&swap_mutex);
    for (Index = 0; Index < USER_PDES && Pcb->State != ProcessInMemory;
         Index++) {
        MMPTE Pde;

        OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        Pde = Process->PageDirectory[Index];
        if (Pde == 0 || (Pde & MI_PTE_VALID)) {
            KfLowerIrql(OldIrql);
            continue;
        }
        In++;
        if (Pde & MI_PTE_TRANSITION) {
            /* Still in memory, on a list or on its way to disk. */
            MiReclaimTransitionFrame(MiGetPteFrame(Pde));
            MiPagingCounters.SoftFaults++;
            table_is_back(Process, Index, MiGetPteFrame(Pde));
            KfLowerIrql(OldIrql);
            continue;
        }
        KfLowerIrql(OldIrql);
        read_table_back(Process, Index, Pde);
    }
    OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    if (Pcb->State != ProcessInMemory)
        MiPagingCounters.PageTablesIn += In;
    Process->OutSwappedSlots = 0;
    Process->OutSwappedCommitted = 0;
    Pcb->State = ProcessInMemory;
    KfLowerIrql(OldIrql);
    ExReleaseFastMutex(&swap_mutex);
}

VOID MiInitializeProcessSwap(VOID)
{
    ExInitializeFastMutex(&swap_mutex);
}
