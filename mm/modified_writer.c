/*
 * The modified page writer (NT's MiModifiedPageWriter): a thread at
 * priority 17 that takes pages off the modified list a cluster at a time,
 * writes them to consecutive page-file slots in one request, and moves
 * each to the standby list with its slot as the copy. A page faulted back
 * or deleted while its write is on the way is left where the fault or the
 * deletion put it (MI_PFN_RECLAIMED, MI_PFN_DELETED).
 */
#include "kernel/paging.h"
#include "kernel/process.h"

KEVENT MiModifiedPageWriterEvent;
KEVENT MiPagesAvailableEvent;
ULONG MiPagesBeingWritten;
ULONG MiSlotsBeingWritten;

#define MI_WRITER_PRIORITY 17

/* Up to a cluster of the oldest modified pages, marked as being written. */
static ULONG gather(PFN_NUMBER *Frames)
{
    KIRQL OldIrql = MiAcquirePfnLock();
    ULONG Count = 0;

    while (Count < MI_PAGE_FILE_CLUSTER && MiModifiedList.Flink != MI_NO_PAGE) {
        PFN_NUMBER Frame = MiModifiedList.Flink;

        MiUnlinkPageList(Frame);
        MiGetPfnEntry(Frame)->Flags |= MI_PFN_WRITING;
        Frames[Count++] = Frame;
    }
    MiPagesBeingWritten += Count;
    MiReleasePfnLock(OldIrql);
    return Count;
}

/* After the write (Slot 0: none was possible): each page to where it
 * belongs now. */
static VOID finish(PFN_NUMBER *Frames, ULONG Count, ULONG Slot, NTSTATUS Status)
{
    KIRQL OldIrql = MiAcquirePfnLock();
    ULONG Index;

    for (Index = 0; Index < Count; Index++) {
        PMMPFN Pfn = MiGetPfnEntry(Frames[Index]);
        UCHAR Flags = Pfn->Flags;
        BOOLEAN Written = Slot != 0 && NT_SUCCESS(Status);

        Pfn->Flags &=
            (UCHAR) ~(MI_PFN_WRITING | MI_PFN_RECLAIMED | MI_PFN_DELETED);
        if ((Flags & MI_PFN_DELETED) || !Written) {
            if (Slot != 0)
                MiFreePageFileSlot(Slot + Index);
            if (Flags & MI_PFN_DELETED) {
                Pfn->Usage = MiUsageNone;
                MiFreePageLocked(Frames[Index]);
            } else if (!(Flags & MI_PFN_RECLAIMED))
                MiInsertPageList(&MiModifiedList, Frames[Index]);
            continue;
        }
        if ((Flags & MI_PFN_RECLAIMED) && Pfn->Usage == MiUsagePageTable) {
            /* A table back in its directory keeps no copy: its entries
             * change while it is in (mm/process_swap.c). */
            MiFreePageFileSlot(Slot + Index);
            continue;
        }
        Pfn->OriginalPte = MiMakePageFilePte(Slot + Index, 0);
        if (!(Flags & MI_PFN_RECLAIMED))
            MiInsertPageList(&MiStandbyList, Frames[Index]);
    }
    MiPagesBeingWritten -= Count;
    if (Slot != 0)
        MiSlotsBeingWritten -= Count;
    MiReleasePfnLock(OldIrql);
}

/* Consecutive slots for Count pages, or for as many of them as a run
 * allows (the rest go back to the list). Taken under the PFN lock, so
 * the slots are always held by someone the checker counts. */
static ULONG reserve_slots(PFN_NUMBER *Frames, PULONG Count)
{
    KIRQL OldIrql;
    ULONG Slot;

    for (;;) {
        OldIrql = MiAcquirePfnLock();
        Slot = MiAllocatePageFileSlots(*Count);
        if (Slot != 0)
            MiSlotsBeingWritten += *Count;
        MiReleasePfnLock(OldIrql);
        if (Slot != 0 || *Count == 1)
            break;
        finish(Frames + *Count / 2, *Count - *Count / 2, 0, STATUS_SUCCESS);
        *Count /= 2;
    }
    return Slot;
}

static VOID NTAPI modified_page_writer(PVOID Context)
{
    PFN_NUMBER Frames[MI_PAGE_FILE_CLUSTER];

    UNREFERENCED_PARAMETER(Context);
    KeSetPriorityThread(KeGetCurrentThread(), MI_WRITER_PRIORITY);
    for (;;) {
        ULONG Count, Slot;
        NTSTATUS Status;

        KeWaitForSingleObject(&MiModifiedPageWriterEvent, WrFreePage,
                              KernelMode, FALSE, NULL);
        while ((Count = gather(Frames)) != 0) {
            Slot = reserve_slots(Frames, &Count);
            Status = Slot == 0 ? STATUS_DISK_FULL
                               : MiPageFileTransfer(TRUE, Slot, Frames, Count);
            finish(Frames, Count, Slot, Status);
            if (!NT_SUCCESS(Status))
                break; /* full or failing: the pages wait on the list */
            MiPagingCounters.PagesWritten += Count;
            MiPagingCounters.WriteClusters++;
            KeSetEvent(&MiPagesAvailableEvent, 0, FALSE);
        }
    }
}

static VOID start(PKSTART_ROUTINE Routine)
{
    HANDLE Handle;

    if (NT_SUCCESS(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL,
                                        NULL, Routine, NULL)))
        ZwClose(Handle);
}

VOID MiInitializePagingEvents(VOID)
{
    KeInitializeEvent(&MiModifiedPageWriterEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&MiPagesAvailableEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&MiLowMemoryEvent, SynchronizationEvent, FALSE);
    MiInitializeProcessSwap();
}

VOID MiStartPagingThreads(VOID)
{
    start(modified_page_writer);
    start(MiWorkingSetManager);
}
