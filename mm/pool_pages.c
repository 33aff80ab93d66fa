/*
 * The kernel's page provider for the pool. Nonpaged pool is low memory
 * reached through the direct map: a slab or a big block is physically
 * contiguous frames from the buddy allocator, each frame's PFN Owner the
 * pool's page word. Paged pool is address space in 0xE0000000-0xEFFFFFFF
 * with a guard page before each run, backed by single frames from any
 * zone, high memory included, taken at allocation; the working-set
 * manager may trim them to the page file later (docs/paging.md); its page words
 * sit in MiPagedPoolWords (include/kernel/pool_pages.h). Either way the frames
 * say MiUsagePool.
 */
#include "kernel/pool_pages.h"
#include "kernel/bugcheck.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/pool.h"
#include "kernel/sections.h"

#define PAGED_POOL_PAGES                                                       \
    ((MI_PAGED_POOL_END - MI_PAGED_POOL_START) >> PAGE_SHIFT)

ULONG_PTR *MiPagedPoolWords[MI_PAGED_POOL_WORD_PAGES];
ULONG MiPagedPoolWordPages;
static MI_VIRTUAL_RANGE paged_pool_range;
static ULONG paged_pool_bitmap[PAGED_POOL_PAGES / 32];
static KSPIN_LOCK paged_range_lock;

ALLOC_TEXT(INIT) VOID MiInitializePoolPages(VOID)
{
    MiInitializeVirtualRange(&paged_pool_range, MI_PAGED_POOL_START,
                             PAGED_POOL_PAGES, paged_pool_bitmap);
}

static VOID set_usage(PFN_NUMBER Frame, UCHAR Usage)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);

    Pfn->Usage = Usage;
    Pfn->Owner = MI_POOL_WORD_NONE;
}

/* The buddy order of PageCount when it is a power of two, else -1. */
static LONG order_of(ULONG PageCount)
{
    LONG Order = 0;

    while ((1UL << Order) < PageCount)
        Order++;
    return (1UL << Order) == PageCount && Order <= MI_MAX_ORDER ? Order : -1;
}

static PVOID allocate_nonpaged(ULONG PageCount)
{
    LONG Order = order_of(PageCount);
    PFN_NUMBER Frame, Page;

    Frame = Order >= 0 ? MiAllocatePages(Order, MI_CONSTRAINT_LOW)
                       : MiAllocatePageRange(PageCount, MiDirectMapEndPage - 1);
    if (Frame == MI_NO_PAGE)
        return NULL;
    ASSERT(Frame + PageCount <= MiDirectMapEndPage);
    for (Page = 0; Page < PageCount; Page++)
        set_usage(Frame + Page, MiUsagePool);
    return (PVOID)KI_PHYSICAL_TO_VIRTUAL(Frame << PAGE_SHIFT);
}

static VOID free_nonpaged(PVOID Base, ULONG PageCount)
{
    PFN_NUMBER Frame = KI_VIRTUAL_TO_PHYSICAL(Base) >> PAGE_SHIFT, Page;
    LONG Order = order_of(PageCount);

    for (Page = 0; Page < PageCount; Page++)
        set_usage(Frame + Page, MiUsageNone);
    if (Order >= 0)
        MiFreePages(Frame, Order);
    else
        MiFreePageRange(Frame, PageCount);
}

static ULONG_PTR *paged_word(ULONG Va)
{
    return &MiPagedPoolWords[(Va - MI_PAGED_POOL_START) >> 22]
                            [(Va >> PAGE_SHIFT) & (MI_PTES_PER_TABLE - 1)];
}

/* The page of words for each 4 MiB stretch [Va, + PageCount pages)
 * touches; FALSE when a frame for one cannot be had. */
static BOOLEAN make_words(ULONG Va, ULONG PageCount)
{
    ULONG Chunk,
        Last = (Va + PageCount * PAGE_SIZE - 1 - MI_PAGED_POOL_START) >> 22;

    for (Chunk = (Va - MI_PAGED_POOL_START) >> 22; Chunk <= Last; Chunk++) {
        PFN_NUMBER Frame;
        ULONG_PTR *Words;
        ULONG Index;

        if (MiPagedPoolWords[Chunk] != NULL)
            continue;
        Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW);
        if (Frame == MI_NO_PAGE)
            return FALSE;
        Words = (ULONG_PTR *)KI_PHYSICAL_TO_VIRTUAL(Frame << PAGE_SHIFT);
        for (Index = 0; Index < MI_PTES_PER_TABLE; Index++)
            Words[Index] = MI_POOL_WORD_UNUSED;
        if (InterlockedCompareExchangePointer(
                (PVOID volatile *)&MiPagedPoolWords[Chunk], Words, NULL) !=
            NULL)
            MiFreePages(Frame, 0); /* another allocation made it first */
        else
            InterlockedIncrement((volatile LONG *)&MiPagedPoolWordPages);
    }
    return TRUE;
}

/* The pages of a paged run go, wherever paging has put them: mapped, on
 * a page list or in the page file. */
static VOID unmap_paged(ULONG Va, ULONG PageCount)
{
    ULONG Page;

    for (Page = 0; Page < PageCount; Page++, Va += PAGE_SIZE) {
        PMMPTE Pte = MiGetPteAddress((PVOID)Va);
        KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        MMPTE Old = *Pte;

        *Pte = 0;
        if (Old & MI_PTE_VALID)
            MiFlushSingleTb((PVOID)Va);
        MiDeletePageablePte(Old, MiUsagePool);
        *paged_word(Va) = MI_POOL_WORD_UNUSED;
        KfLowerIrql(OldIrql);
    }
}

/* Paged pool is commitment (mm/commit_charge.c): the range and its
 * charge go together. */
static VOID release_range(ULONG Va, ULONG PageCount)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&paged_range_lock, &OldIrql);
    MiReleaseVirtualRange(&paged_pool_range, Va, PageCount, FALSE);
    KeReleaseSpinLock(&paged_range_lock, OldIrql);
    MiReturnCommitment(PageCount);
}

static PVOID allocate_paged(ULONG PageCount)
{
    KIRQL OldIrql;
    ULONG Va, Page;

    if (!NT_SUCCESS(MiChargeCommitment(PageCount)))
        return NULL;
    KeAcquireSpinLock(&paged_range_lock, &OldIrql);
    Va = MiReserveVirtualRange(&paged_pool_range, PageCount);
    KeReleaseSpinLock(&paged_range_lock, OldIrql);
    if (Va == 0) {
        MiReturnCommitment(PageCount);
        return NULL;
    }
    if (!NT_SUCCESS(MiEnsurePageTables((PVOID)Va, PageCount)) ||
        !make_words(Va, PageCount)) {
        release_range(Va, PageCount);
        return NULL;
    }
    /* Each page's frame now, so that no touch of the pool's own can find
     * memory short (a fault in the kernel has no way out); when there is
     * none, the paging threads make room while the allocation waits. The
     * frames leave later only as the working-set manager trims them. */
    for (Page = 0; Page < PageCount; Page++) {
        PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
        ULONG Try;

        for (Try = 0; Frame == MI_NO_PAGE && Try < 50 && MiWaitForFreePages();
             Try++)
            Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
        if (Frame == MI_NO_PAGE ||
            !NT_SUCCESS(MiMapPage((PVOID)(Va + Page * PAGE_SIZE), Frame,
                                  PAGE_READWRITE))) {
            if (Frame != MI_NO_PAGE)
                MiFreePages(Frame, 0);
            unmap_paged(Va, Page);
            release_range(Va, PageCount);
            return NULL;
        }
        MiGetPfnEntry(Frame)->Usage = MiUsagePool;
        *paged_word(Va + Page * PAGE_SIZE) = MI_POOL_WORD_NONE;
    }
    return (PVOID)Va;
}

ULONG MiPagedPoolResidentPages(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    ULONG Va, Index, Resident = 0;

    for (Va = MI_PAGED_POOL_START; Va < MI_PAGED_POOL_END; Va += MI_PDE_SPAN) {
        PMMPTE Table = MiGetPteAddress((PVOID)Va);

        if (!(*MiGetPdeAddress((PVOID)Va) & MI_PTE_VALID))
            continue;
        for (Index = 0; Index < MI_PTES_PER_TABLE; Index++)
            Resident +=
                (Table[Index] & (MI_PTE_VALID | MI_PTE_TRANSITION)) != 0;
    }
    KfLowerIrql(OldIrql);
    return Resident;
}

PVOID MiPoolAllocatePages(ULONG BaseType, ULONG PageCount)
{
    return BaseType == NonPagedPool ? allocate_nonpaged(PageCount)
                                    : allocate_paged(PageCount);
}

VOID MiPoolFreePages(ULONG BaseType, PVOID Base, ULONG PageCount)
{
    if (BaseType == NonPagedPool) {
        free_nonpaged(Base, PageCount);
    } else {
        unmap_paged((ULONG)Base, PageCount);
        release_range((ULONG)Base, PageCount);
    }
}

VOID MiPoolBadAddress(PVOID Address)
{
    ULONG Va = (ULONG)Address;

    if (Va < MM_SYSTEM_RANGE_START)
        KeBugCheckEx(BAD_POOL_CALLER, 0x40, Va, MM_SYSTEM_RANGE_START, 0);
    if (Va - KI_KERNEL_VIRTUAL_BASE < (MiDirectMapEndPage << PAGE_SHIFT))
        KeBugCheckEx(BAD_POOL_CALLER, 0x41, Va,
                     (Va - KI_KERNEL_VIRTUAL_BASE) >> PAGE_SHIFT,
                     MmPfnDatabaseSize - 1);
    if (Va - MI_PAGED_POOL_START < MI_PAGED_POOL_END - MI_PAGED_POOL_START)
        KeBugCheckEx(BAD_POOL_CALLER, 0x50, Va,
                     (Va - MI_PAGED_POOL_START) >> PAGE_SHIFT,
                     MI_PAGED_POOL_END - MI_PAGED_POOL_START);
    KeBugCheckEx(BAD_POOL_CALLER, 0x42, Va, 0, 0);
}
