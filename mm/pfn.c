/*
 * The kernel's PFN database and its buddy allocator. The database is one
 * MMPFN per frame from 0 to the highest usable frame, placed in low memory
 * (so the direct map reaches it) at the top of the highest range that
 * holds it, as Linux's memblock does: DMA memory stays free for drivers.
 */
#include "kernel/bugcheck.h"
#include "kernel/gdt.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/sections.h"
#include "kernel/x86.h"
#include "ntrtl.h"

PMMPFN MmPfnDatabase;
PFN_NUMBER MmPfnDatabaseSize;
MI_BUDDY MiBuddy;
MI_BUDDY_STATISTICS MiBootStatistics;

ALLOC_TEXT(INIT)
VOID MiInitializePfnDatabase(MI_MEMORY_MAP *Map, PFN_NUMBER HighestPage,
                             BOOLEAN CheckEveryOperation)
{
    PFN_NUMBER Pages = BYTES_TO_PAGES(HighestPage * sizeof(MMPFN));
    PFN_NUMBER First = MiAllocateBootPages(Map, Pages, MiDirectMapEndPage);
    ULONG Index;

    if (First == 0)
        MiStopForWantOfMemory(Map, "the PFN database", Pages,
                              MiDirectMapEndPage, TRUE);
    MmPfnDatabase = (PMMPFN)KI_PHYSICAL_TO_VIRTUAL(First << PAGE_SHIFT);
    MmPfnDatabaseSize = HighestPage;

    /* Every record starts reserved; the map's usable ranges (which no
     * longer include the database itself) go to the allocator. */
    MiBuddyInitialize(&MiBuddy, MmPfnDatabase, HighestPage);
    for (Index = 0; Index < Map->Count; Index++) {
        const MI_PHYSICAL_RANGE *Range = &Map->Range[Index];
        PFN_NUMBER Frame, End = Range->BasePage + Range->PageCount;

        if (End > HighestPage)
            End = HighestPage;
        if (Range->Type == MiMemoryFree)
            MiBuddyAddRange(&MiBuddy, Range->BasePage, End - Range->BasePage);
        else if (Range->Type == MiMemoryBad)
            for (Frame = Range->BasePage; Frame < End; Frame++)
                MiBuddyMarkBad(&MiBuddy, Frame);
    }
    MiBuddySetChecking(&MiBuddy, CheckEveryOperation);
    MiBuddyQuery(&MiBuddy, &MiBootStatistics);
}

/* The PFN lock: the buddy allocator is called from DISPATCH_LEVEL (the
 * nonpaged pool, DPCs) as well as below it. */
static KSPIN_LOCK pfn_lock;

KIRQL MiAcquirePfnLock(VOID)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    return OldIrql;
}

VOID MiReleasePfnLock(KIRQL OldIrql)
{
    KeReleaseSpinLock(&pfn_lock, OldIrql);
}

PFN_NUMBER MiFreePageCount(VOID)
{
    PFN_NUMBER Free = 0;
    ULONG Zone;

    for (Zone = 0; Zone < MiZoneCount; Zone++)
        Free +=
            MiBuddy.ListPages[Zone] + MiBuddyZoneCache(&MiBuddy, Zone)->Count;
    return Free + MiZeroedList.Total;
}

/*
 * The order-0 pair without the PFN lock: the buddy's fast paths
 * (kernel/buddy.h) with interrupts off instead, as the pool's front runs.
 * On this one processor that keeps everything else out of the buddy: the
 * lock's holders run at DISPATCH_LEVEL, which no caller of these (at or
 * below DISPATCH_LEVEL, checked) can have interrupted, no interrupt
 * service routine takes frames, and a lock found held (by the caller
 * itself) sends the request to the slow path, which stops as before.
 * Each side does what the locked path would: the allocation also clears
 * the page lists' flags and OriginalPte, and takes the fast path only
 * while the top zone's free lists hold MI_LOW_MEMORY_PAGES frames (so
 * the low-memory test the locked path makes would find nothing); the free
 * only for a frame no MDL holds. The frames in the cache count as free
 * (MiFreePageCount), and the buddy drains the cache before it fails.
 */
static BOOLEAN fast_pair_allowed(VOID)
{
    return pfn_lock == 0 && KiReadPcrIrql() <= DISPATCH_LEVEL;
}

static PFN_NUMBER allocate_page_fast(ULONG Constraint)
{
    ULONG Flags = save_and_disable_interrupts();
    LONG Last = MiBuddyLastCached(&MiBuddy);
    PFN_NUMBER Frame = MI_NO_PAGE;

    if (Last >= 0 && MiBuddyFastConstraint(&MiBuddy, (MI_ZONE)Constraint) &&
        MiBuddy.ListPages[MiBuddy.TopZone] >= MI_LOW_MEMORY_PAGES &&
        fast_pair_allowed()) {
        PMMPFN Pfn;

        Frame = MiBuddyPopPage(&MiBuddy, Last);
        Pfn = MiBuddyRecord(&MiBuddy, Frame);
        Pfn->Flags &=
            (UCHAR) ~(MI_PFN_ON_LIST | MI_PFN_WRITING | MI_PFN_DELETED);
        Pfn->OriginalPte = 0;
    }
    write_eflags(Flags); /* the interrupt flag as it was */
    return Frame;
}

static BOOLEAN free_page_fast(PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiBuddyRecord(&MiBuddy, Frame);
    ULONG Flags = save_and_disable_interrupts();
    BOOLEAN Freed = Pfn->LockCount == 0 && fast_pair_allowed() &&
                    MiBuddyPushPage(&MiBuddy, Pfn, Frame);

    write_eflags(Flags);
    return Freed;
}

static DECLSPEC_NOINLINE PFN_NUMBER allocate_pages_locked(ULONG Order,
                                                          ULONG Constraint)
{
    KIRQL OldIrql;
    PFN_NUMBER Frame;
    BOOLEAN Low;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    Frame = MiBuddyAllocate(&MiBuddy, Order, (MI_ZONE)Constraint);
    /* Out of free frames, a single one can still come off the zeroed
     * list, or the standby list: its page keeps its copy in the page file. */
    if (Frame == MI_NO_PAGE && Order == 0)
        Frame = MiTakeZeroedPage(Constraint);
    if (Frame == MI_NO_PAGE && Order == 0)
        Frame = MiTakeStandbyPage(Constraint);
    if (Frame != MI_NO_PAGE) {
        PMMPFN Pfn = MiGetPfnEntry(Frame);
        Pfn->Flags &=
            (UCHAR) ~(MI_PFN_ON_LIST | MI_PFN_WRITING | MI_PFN_DELETED);
        Pfn->OriginalPte = 0;
    }
    Low = MiPageFilePresent && MiFreePageCount() < MI_LOW_MEMORY_PAGES;
    KeReleaseSpinLock(&pfn_lock, OldIrql);
    if (Low) /* the working-set manager makes room before it is gone */
        KeSetEvent(&MiLowMemoryEvent, 0, FALSE);
    return Frame;
}

PFN_NUMBER MiAllocatePages(ULONG Order, ULONG Constraint)
{
    if (Order == 0) {
        PFN_NUMBER Frame = allocate_page_fast(Constraint);

        if (Frame != MI_NO_PAGE)
            return Frame;
    }
    return allocate_pages_locked(Order, Constraint);
}

/* A block with a locked frame cannot go back: a single frame waits for
 * its last unlock (NT keeps a locked page referenced whoever drops it);
 * a larger block freed under an MDL is a caller's bug. */
static BOOLEAN free_is_deferred(PFN_NUMBER Frame, ULONG Order)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    PFN_NUMBER Index;

    if (Pfn == NULL || Order > MI_MAX_ORDER)
        return FALSE; /* MiBuddyFree says what is wrong */
    if (Order == 0) {
        if (Pfn->LockCount == 0)
            return FALSE;
        if (Pfn->Flags & MI_PFN_FREE_ON_UNLOCK) /* freed twice */
            KeBugCheckEx(PFN_LIST_CORRUPT, MI_PFN_FREE_UNALLOCATED, Frame,
                         Pfn->State, Order);
        Pfn->Flags |= MI_PFN_FREE_ON_UNLOCK;
        return TRUE;
    }
    for (Index = 0; Index < (1UL << Order); Index++) {
        PMMPFN Each = MiGetPfnEntry(Frame + Index);
        if (Each != NULL && Each->LockCount != 0)
            KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_FREE_LOCKED_BLOCK,
                         Frame + Index, Each->LockCount, Order);
    }
    return FALSE;
}

VOID MiFreePageLocked(PFN_NUMBER Frame)
{
    if (!free_is_deferred(Frame, 0))
        MiBuddyFree(&MiBuddy, Frame, 0);
}

static DECLSPEC_NOINLINE VOID free_pages_locked(PFN_NUMBER Frame, ULONG Order)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    if (!free_is_deferred(Frame, Order))
        MiBuddyFree(&MiBuddy, Frame, Order);
    KeReleaseSpinLock(&pfn_lock, OldIrql);
}

VOID MiFreePages(PFN_NUMBER Frame, ULONG Order)
{
    if (Order != 0 || !MiBuddyFastFrame(&MiBuddy, Frame) ||
        !free_page_fast(Frame))
        free_pages_locked(Frame, Order);
}

ULONG MiLockedPageCount;

NTSTATUS MiLockPageFrame(PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    NTSTATUS Status = STATUS_SUCCESS;
    KIRQL OldIrql;

    if (Pfn == NULL)
        return STATUS_SUCCESS; /* device memory: no record to hold */
    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    if (Pfn->LockCount == 0xFFFF) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        Pfn->LockCount++;
        MiLockedPageCount++;
    }
    KeReleaseSpinLock(&pfn_lock, OldIrql);
    return Status;
}

VOID MiUnlockPageFrame(PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    KIRQL OldIrql;

    if (Pfn == NULL)
        return;
    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    if (Pfn->LockCount == 0) /* NT's "unlocked more times than locked" */
        KeBugCheckEx(PFN_LIST_CORRUPT, MI_PFN_UNLOCKED_TOO_OFTEN, Frame, 0, 0);
    Pfn->LockCount--;
    MiLockedPageCount--;
    if (Pfn->LockCount == 0 && (Pfn->Flags & MI_PFN_FREE_ON_UNLOCK)) {
        Pfn->Flags &= (UCHAR)~MI_PFN_FREE_ON_UNLOCK;
        MiBuddyFree(&MiBuddy, Frame, 0);
    }
    KeReleaseSpinLock(&pfn_lock, OldIrql);
}

PFN_NUMBER MiAllocatePageRange(PFN_NUMBER PageCount, PFN_NUMBER HighestFrame)
{
    KIRQL OldIrql;
    PFN_NUMBER Frame;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    Frame = MiBuddyAllocateRange(&MiBuddy, PageCount, HighestFrame);
    KeReleaseSpinLock(&pfn_lock, OldIrql);
    return Frame;
}

VOID MiFreePageRange(PFN_NUMBER First, PFN_NUMBER PageCount)
{
    PFN_NUMBER Frame;
    KIRQL OldIrql;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    for (Frame = First; Frame - First < PageCount; Frame++) {
        PMMPFN Pfn = MiGetPfnEntry(Frame);
        if (Pfn != NULL && Pfn->LockCount != 0) /* a run under an MDL */
            KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_FREE_LOCKED_BLOCK, Frame,
                         Pfn->LockCount, PageCount);
    }
    MiBuddyFreeRange(&MiBuddy, First, PageCount);
    KeReleaseSpinLock(&pfn_lock, OldIrql);
}

VOID MiReleaseBootFrames(PFN_NUMBER First, PFN_NUMBER Count)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    MiBuddyAddRange(&MiBuddy, First, Count);
    KeReleaseSpinLock(&pfn_lock, OldIrql);
}

VOID MiQueryPhysicalMemory(MI_BUDDY_STATISTICS *Statistics)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    MiBuddyQuery(&MiBuddy, Statistics);
    KeReleaseSpinLock(&pfn_lock, OldIrql);
}

static PCSTR const zone_names[MiZoneCount] = {
    "DMA  (< 16 MiB)",
    "low  (< 1 GiB) ",
    "high (> 1 GiB) ",
};

VOID MiPrintBuddyStatistics(const MI_BUDDY_STATISTICS *Statistics)
{
    ULONG Zone, Order;

    DbgPrint("mm: free blocks per order  ");
    for (Order = 0; Order < MI_ORDER_COUNT; Order++)
        DbgPrint("%5lu", Order);
    DbgPrint("   frames\n");
    for (Zone = 0; Zone < MiZoneCount; Zone++) {
        DbgPrint("mm:   %s     ", zone_names[Zone]);
        for (Order = 0; Order < MI_ORDER_COUNT; Order++)
            DbgPrint("%5lu", Statistics->FreeBlocks[Zone][Order]);
        DbgPrint("  %7lu\n", Statistics->FreePages[Zone]);
    }
    DbgPrint("mm: %lu of %lu managed frames free (%lu KiB), largest free "
             "block order %ld\n",
             Statistics->TotalFree, Statistics->TotalManaged,
             Statistics->TotalFree * (PAGE_SIZE / 1024),
             Statistics->LargestFreeOrder);
}
