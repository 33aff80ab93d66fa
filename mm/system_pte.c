/*
 * System PTEs: kernel virtual address space for mappings that need no
 * particular address (device memory, virtually contiguous allocations),
 * from MI_SYSTEM_PTE_BASE to MI_SYSTEM_PTE_END. kernel/virtual_range.h
 * keeps the books; this file maps. Each run has an unmapped guard page
 * before it, and that guard's PTE (never valid) remembers the run's
 * length, so a release can be checked and a free needs only the address.
 */
#include "kernel/bugcheck.h"
#include "kernel/mm.h"
#include "kernel/sections.h"

#define SYSTEM_PTE_PAGES                                                       \
    ((MI_SYSTEM_PTE_END - MI_SYSTEM_PTE_BASE) >> PAGE_SHIFT)
/* A guard PTE: not valid, the run's length above this mark. */
#define GUARD_MARK MI_PTE_PROTOTYPE /* never a page-file PTE */

MI_VIRTUAL_RANGE MiSystemPteRange;
/* The bitmap and the tables of the range: threads and the thread reaper
 * (a DPC) reserve and release concurrently. */
static KSPIN_LOCK system_pte_lock;
static ULONG system_pte_bitmap[(SYSTEM_PTE_PAGES + 31) / 32];

ALLOC_TEXT(INIT) VOID MiInitializeSystemPtes(VOID)
{
    MiInitializeVirtualRange(&MiSystemPteRange, MI_SYSTEM_PTE_BASE,
                             SYSTEM_PTE_PAGES, system_pte_bitmap);
}

static PMMPTE guard_pte(PVOID Base)
{
    return MiGetPteAddress((PVOID)((ULONG)Base - PAGE_SIZE));
}

PVOID MiReserveSystemPtes(ULONG PageCount)
{
    KIRQL OldIrql;
    ULONG Va;

    KeAcquireSpinLock(&system_pte_lock, &OldIrql);
    Va = MiReserveVirtualRange(&MiSystemPteRange, PageCount);
    /* Tables for the guard and the run, so mapping into it cannot fail. */
    if (Va != 0 && !NT_SUCCESS(MiEnsurePageTables((PVOID)(Va - PAGE_SIZE),
                                                  PageCount + 1))) {
        MiReleaseVirtualRange(&MiSystemPteRange, Va, PageCount, FALSE);
        Va = 0;
    }
    if (Va != 0)
        *guard_pte((PVOID)Va) = (PageCount << PAGE_SHIFT) | GUARD_MARK;
    KeReleaseSpinLock(&system_pte_lock, OldIrql);
    return (PVOID)Va;
}

/* The run's length from its guard PTE; 0 if Base does not start a run. */
static ULONG run_length(PVOID Base)
{
    MMPTE Guard;

    if (((ULONG)Base & (PAGE_SIZE - 1)) != 0 ||
        !MiIsInVirtualRange(&MiSystemPteRange, (ULONG)Base) ||
        (ULONG)Base == MI_SYSTEM_PTE_BASE)
        return 0;
    Guard = MiReadPte((PVOID)((ULONG)Base - PAGE_SIZE));
    if ((Guard & (MI_PTE_VALID | (PAGE_SIZE - 1))) != GUARD_MARK)
        return 0;
    return Guard >> PAGE_SHIFT;
}

VOID MiCheckSystemPteRun(PVOID Base, ULONG PageCount)
{
    if (run_length(Base) != PageCount || PageCount == 0)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, MI_PTE_MISUSE_BAD_RELEASE,
                     (ULONG_PTR)Base, PageCount,
                     MiIsInVirtualRange(&MiSystemPteRange, (ULONG)Base)
                         ? MiReadPte((PVOID)((ULONG)Base - PAGE_SIZE))
                         : 0);
}

VOID MiReleaseSystemPtes(PVOID Base, ULONG PageCount)
{
    KIRQL OldIrql;
    ULONG Page;

    MiCheckSystemPteRun(Base, PageCount);
    for (Page = 0; Page < PageCount; Page++) {
        PVOID Va = (PVOID)((ULONG)Base + Page * PAGE_SIZE);
        if (MiReadPte(Va) & MI_PTE_VALID)
            KeBugCheckEx(SYSTEM_PTE_MISUSE, MI_PTE_MISUSE_STILL_MAPPED,
                         (ULONG_PTR)Base, PageCount, (ULONG_PTR)Va);
    }
    KeAcquireSpinLock(&system_pte_lock, &OldIrql);
    *guard_pte(Base) = 0;
    MiReleaseVirtualRange(&MiSystemPteRange, (ULONG)Base, PageCount, FALSE);
    KeReleaseSpinLock(&system_pte_lock, OldIrql);
}

static VOID unmap_and_free(PVOID Base, ULONG PageCount)
{
    ULONG Page;

    for (Page = 0; Page < PageCount; Page++) {
        PFN_NUMBER Frame = MiUnmapPage((PVOID)((ULONG)Base + Page * PAGE_SIZE));
        if (Frame != MI_NO_PAGE)
            MiFreePages(Frame, 0);
    }
}

PVOID MiAllocateSystemPages(ULONG PageCount, ULONG Protection)
{
    PVOID Base;
    ULONG Page;

    if (!MiIsMappableProtection(Protection))
        return NULL;
    Base = MiReserveSystemPtes(PageCount);
    if (Base == NULL)
        return NULL;
    for (Page = 0; Page < PageCount; Page++) {
        PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);

        if (Frame == MI_NO_PAGE) {
            unmap_and_free(Base, Page);
            MiReleaseSystemPtes(Base, PageCount);
            return NULL;
        }
        MiZeroPhysicalPage(Frame);
        MiGetPfnEntry(Frame)->Usage = MiUsageSystemPages;
        MiMapPage((PVOID)((ULONG)Base + Page * PAGE_SIZE), Frame, Protection);
    }
    return Base;
}

VOID MiFreeSystemPages(PVOID Base)
{
    ULONG PageCount = run_length(Base);

    if (PageCount == 0)
        KeBugCheckEx(SYSTEM_PTE_MISUSE, MI_PTE_MISUSE_BAD_RELEASE,
                     (ULONG_PTR)Base, 0, 0);
    unmap_and_free(Base, PageCount);
    MiReleaseSystemPtes(Base, PageCount);
}
