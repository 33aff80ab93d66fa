/*
 * Paging to disk (docs/paging.md): the page file, NT's standby and
 * modified page lists, the modified page writer, working-set trimming and
 * the faults that bring pages back. The lists and every pageable page's
 * PFN fields change under the PFN lock.
 */
#ifndef KERNEL_PAGING_H
#define KERNEL_PAGING_H

#include "kernel/mm.h"

/* A page list (NT's MMPFNLIST): frames linked through their records'
 * Flink/Blink, oldest first. */
typedef struct _MI_PAGE_LIST {
    PFN_NUMBER Total;
    PFN_NUMBER Flink; /* MI_NO_PAGE when empty */
    PFN_NUMBER Blink;
    UCHAR Flag; /* MI_PFN_STANDBY or MI_PFN_MODIFIED */
} MI_PAGE_LIST;

extern MI_PAGE_LIST MiStandbyList;
extern MI_PAGE_LIST MiModifiedList;
extern MI_PAGE_LIST MiZeroedList; /* free frames already zeroed */

/* The zeroed list (mm/zero_page.c). A zeroed frame for a demand-zero
 * fault: off the list, or from the buddy allocator and zeroed now;
 * MI_NO_PAGE when there is none. Any IRQL up to DISPATCH_LEVEL. */
PFN_NUMBER MiAllocateZeroedPage(VOID);
/* Under the PFN lock: a zeroed frame whose zone HighestZone allows. */
PFN_NUMBER MiTakeZeroedPage(ULONG HighestZone);
VOID MiStartZeroPageThread(VOID);
/* Every zeroed frame back to the buddy allocator (tests of the buddy
 * allocator alone; the thread refills the list when it next runs). */
VOID MiDrainZeroedList(VOID);

/* The PFN lock (mm/pfn.c): the buddy allocator, the page lists and the
 * pageable pages' records. */
KIRQL MiAcquirePfnLock(VOID);
VOID MiReleasePfnLock(KIRQL OldIrql);
/* Frees an order-0 frame with the PFN lock held. */
VOID MiFreePageLocked(PFN_NUMBER Frame);
/* Free frames, the buddy allocator's and the zeroed list's, at this
 * instant. */
PFN_NUMBER MiFreePageCount(VOID);

/* Under the PFN lock. */
VOID MiInsertPageList(MI_PAGE_LIST *List, PFN_NUMBER Frame);
VOID MiUnlinkPageList(PFN_NUMBER Frame);
/* The oldest frame on List whose zone HighestZone allows, unlinked;
 * MI_NO_PAGE when there is none. */
PFN_NUMBER MiRemoveFirstPageInZone(MI_PAGE_LIST *List, ULONG HighestZone);
/* The oldest standby frame whose zone HighestZone allows, its PTE turned
 * into the page-file PTE of its copy; MI_NO_PAGE when there is none. */
PFN_NUMBER MiTakeStandbyPage(ULONG HighestZone);
/* The PTE that maps a pageable frame, through the direct map of its page
 * table (every page table is low memory). */
PMMPTE MiPteOfFrame(PMMPFN Pfn);

/* A transition PTE's frame back into the working set: off its list, or
 * out of the writer's hands. TRUE when it had been trimmed (a soft
 * fault); FALSE for a page PAGE_NOACCESS or PAGE_GUARD hid. */
BOOLEAN MiReclaimTransitionFrame(PFN_NUMBER Frame);

/* Off the working set: on a list, or on its way to disk and not faulted
 * back meanwhile. */
static inline BOOLEAN MiIsFrameTrimmed(const MMPFN *Pfn)
{
    return (Pfn->Flags & MI_PFN_ON_LIST) ||
           (Pfn->Flags & (MI_PFN_WRITING | MI_PFN_RECLAIMED)) == MI_PFN_WRITING;
}

/* A pageable page's PTE that goes (decommit, a space's end, paged pool
 * freed): its frame back to the allocator when its PFN's usage is Usage
 * (MiUsageProcess: the space's own; MiUsagePool) and its page-file copy's
 * slot back to the page file, whatever list or write the frame was on. */
VOID MiDeletePageablePte(MMPTE Old, UCHAR Usage);
/* The frame part of it, for a frame a valid PTE no longer maps. */
VOID MiReleasePageableFrame(PFN_NUMBER Frame, UCHAR Usage);

/*
 * The page file (mm/page_file.c): one ATA disk whose first sector starts
 * with MI_PAGE_FILE_SIGNATURE; slot N is the disk's bytes
 * [N * PAGE_SIZE, + PAGE_SIZE); slot 0 holds the signature.
 */
#define MI_PAGE_FILE_SIGNATURE "NTPAGEFILE-DISK1"
#define MI_PAGE_FILE_CLUSTER 16 /* pages the writer sends at once */
extern BOOLEAN MiPageFilePresent;
extern ULONG MiPageFileSlots;     /* slots in all, the header's included */
extern ULONG MiPageFileFreeSlots; /* free now */
/* After the boot drivers: looks for the page-file disk and says what it
 * found. */
VOID MmInitializePageFile(VOID);
/* Count contiguous free slots, marked used; 0 when there is no such run. */
ULONG MiAllocatePageFileSlots(ULONG Count);
VOID MiFreePageFileSlot(ULONG Slot);
BOOLEAN MiIsPageFileSlotInUse(ULONG Slot);
/* Reads or writes Count pages (the frames) at Slot, waiting for the disk.
 * Below DISPATCH_LEVEL. */
NTSTATUS MiPageFileTransfer(BOOLEAN Write, ULONG Slot, PPFN_NUMBER Frames,
                            ULONG Count);
/* Time stamp counter ticks spent in transfers, request to completion (the
 * benchmarks take the disk's share out of a hard fault's cost). */
extern ULONGLONG MiPageFileTransferTicks;

/* Commitment (mm/commit_charge.c), in pages. */
extern ULONG MmTotalCommittedPages;
extern ULONG MmTotalCommitLimit; /* free memory at boot + the page file */
extern ULONG MmPeakCommitment;
/* STATUS_COMMITMENT_LIMIT when Pages more would pass the limit. */
NTSTATUS MiChargeCommitment(ULONG Pages);
/* More than is charged: MEMORY_MANAGEMENT (MI_MM_COMMIT_UNDERFLOW,
 * charged, pages, 0). */
VOID MiReturnCommitment(ULONG Pages);
/* After the PFN database and again when the page file appears. */
VOID MiUpdateCommitLimit(VOID);

/* Below DISPATCH_LEVEL, out of frames: wakes the working-set manager and
 * waits (100 ms at most) for frames to come back; FALSE at once when
 * there is nobody to make any (no page file). */
BOOLEAN MiWaitForFreePages(VOID);

/* Paging's threads (mm/modified_writer.c, mm/working_set.c). */
extern KEVENT MiModifiedPageWriterEvent; /* there is work on the list */
extern KEVENT MiLowMemoryEvent;          /* free frames ran low */
extern KEVENT MiPagesAvailableEvent;     /* frames came back */
extern ULONG MiPagesBeingWritten;        /* off the list, not yet on disk */
extern ULONG MiSlotsBeingWritten;        /* the slots those are going to */
VOID MiInitializePagingEvents(VOID);
VOID MiStartPagingThreads(VOID);
VOID NTAPI MiWorkingSetManager(PVOID Context);
/* Trims the working sets until Goal frames more are on the standby and
 * modified lists (or nothing is left to trim); returns how many moved. */
ULONG MiTrimWorkingSets(ULONG Goal);
/* One pass of the clock over every user space and, when System, the
 * system's pageable pages, at DISPATCH_LEVEL: pages used since the last
 * pass lose their Accessed bit and stay, the others (all of them when
 * Force) are trimmed, until Goal were. */
ULONG MiTrimPass(BOOLEAN Force, BOOLEAN System, ULONG Goal);
/* Every pageable system page (paged pool, drivers' pageable pages)
 * trimmed, below DISPATCH_LEVEL; returns how many (Driver Verifier's
 * forced IRQL checking). */
ULONG MiTrimAllSystemPagableMemory(VOID);

/* A process's user pages by where they are: mapped, trimmed (on a list
 * or on the way to disk), or only in the page file. */
typedef struct _MI_WORKING_SET_INFORMATION {
    ULONG Resident;
    ULONG Trimmed;
    ULONG PagedOut;
    ULONG TablesOut; /* its page tables out of memory */
} MI_WORKING_SET_INFORMATION;
struct _EPROCESS;
VOID MiQueryWorkingSet(struct _EPROCESS *Process,
                       MI_WORKING_SET_INFORMATION *Info);
/* `mem`'s paging lines: lists, commitment, the page file, the counters. */
VOID MiPrintPagingStatistics(VOID);

/* The invariants (mm/paging_check.c): 0 when the page lists, the PFN
 * records, the page-file bitmap and the commit charge agree, else which
 * disagree (and a line saying how). */
#define MI_PAGING_BAD_LIST 1     /* a list's links, flags or count */
#define MI_PAGING_BAD_LIST_PTE 2 /* a listed frame's PTE does not name it */
#define MI_PAGING_BAD_SLOTS 3    /* slots in use != slots PTEs and PFNs hold */
#define MI_PAGING_BAD_COMMIT 4   /* the charge != what regions and pool hold */
#define MI_PAGING_BAD_SECTION 5  /* a section's counts or share counts */
ULONG MiCheckPagingState(VOID);

/* Fault counters (the shell's `mem`, gdb's lk-vm). */
typedef struct _MI_PAGING_COUNTERS {
    ULONG SoftFaults;   /* a trimmed page taken back from a list */
    ULONG HardFaults;   /* a page read back from the page file */
    ULONG InPageErrors; /* a read that failed */
    ULONG PagesWritten; /* by the modified page writer */
    ULONG WriteClusters;
    ULONG PagesTrimmed;
    ULONG StandbyReused; /* standby frames given to new owners */
    ULONG PageTablesOut; /* idle processes' tables that left memory */
    ULONG PageTablesIn;  /* and came back */
} MI_PAGING_COUNTERS;
extern MI_PAGING_COUNTERS MiPagingCounters;

/* Below this many free frames the working-set manager trims. */
#define MI_LOW_MEMORY_PAGES 64

#endif
