/*
 * The kernel's own pageable code and data (PAGE, PAGEDATA), as NT pages
 * its own: linker.ld links them after INIT in the system PTE range, out
 * of the direct map, so their pages can change frames. When the kernel
 * has started, each page is copied to a frame of the buddy allocator's,
 * marked pageable (MiUsageDriverPageable: the working-set manager trims
 * it with the drivers' pageable pages, the fault path brings it back),
 * and the frames it was loaded in go back to the allocator as INIT's do.
 * From then on a PAGE routine run, or PAGEDATA touched, at DISPATCH_LEVEL
 * or above stops the machine with IRQL_NOT_LESS_OR_EQUAL whenever the
 * page happens to be out, as on NT.
 */
#include "kernel/buddy.h"
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/sections.h"

VOID MiMakeKernelSectionsPageable(VOID)
{
    ULONG InitPages = (ULONG)(__init_end - __init_start) >> PAGE_SHIFT;
    ULONG Pages = (ULONG)(__pagedata_end - __page_start) >> PAGE_SHIFT;
    PFN_NUMBER First = ((ULONG)__init_physical_start >> PAGE_SHIFT) + InitPages;
    ULONG Va;

    if (Pages == 0)
        return;
    for (Va = (ULONG)__page_start; Va < (ULONG)__pagedata_end;
         Va += PAGE_SIZE) {
        PFN_NUMBER Loaded = First + ((Va - (ULONG)__page_start) >> PAGE_SHIFT);
        ULONG Protection =
            Va < (ULONG)__page_end ? PAGE_EXECUTE_READ : PAGE_READWRITE;
        PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
        KIRQL OldIrql;
        PVOID Copy;

        if (Frame == MI_NO_PAGE ||
            MiGetPteFrame(MiReadPte((PVOID)Va)) != Loaded)
            KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_INIT_SECTION, Va, Frame,
                         Loaded);
        Copy = MiMapPageInHyperspace(Frame);
        RtlCopyMemory(Copy, (PVOID)Va, PAGE_SIZE);
        MiUnmapPageInHyperspace(Copy);
        /* Nothing runs between the copy's end and the new mapping. */
        OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        MiGetPfnEntry(Frame)->Usage = MiUsageDriverPageable;
        *MiGetPteAddress((PVOID)Va) =
            MiMakeValidPte(Frame, Protection, Va, MiGlobalPteBit);
        MiFlushSingleTb((PVOID)Va);
        KfLowerIrql(OldIrql);
    }
    MiBuddyAddRange(&MiBuddy, First, Pages);
    DbgPrint("mm: PAGE pageable: %lu KiB at %p, frames %lx-%lx back to the "
             "page allocator\n",
             Pages * (PAGE_SIZE / 1024), __page_start, First,
             First + Pages - 1);
}
