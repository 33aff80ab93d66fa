/*
 * The kernel's PFN database and its buddy allocator. The database is one
 * MMPFN per frame from 0 to the highest usable frame, placed in low memory
 * (so the direct map reaches it) at the top of the highest range that
 * holds it, as Linux's memblock does: DMA memory stays free for drivers.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/sections.h"
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

PFN_NUMBER MiAllocatePages(ULONG Order, ULONG Constraint)
{
    KIRQL OldIrql;
    PFN_NUMBER Frame;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    Frame = MiBuddyAllocate(&MiBuddy, Order, (MI_ZONE)Constraint);
    KeReleaseSpinLock(&pfn_lock, OldIrql);
    return Frame;
}

VOID MiFreePages(PFN_NUMBER Frame, ULONG Order)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
    MiBuddyFree(&MiBuddy, Frame, Order);
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
    KIRQL OldIrql;

    KeAcquireSpinLock(&pfn_lock, &OldIrql);
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
