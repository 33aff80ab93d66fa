/*
 * When memory truly does not suffice at boot: before the page allocator
 * exists there is nothing to fall back on, so the boot stops, as NT's does,
 * with INSTALL_MORE_MEMORY (0x7D). The console says first what was needed,
 * below which address, what was free there, and shows the map, where the
 * loader's modules (often the cause) are the "loader data" ranges.
 */
#include "kernel/bugcheck.h"
#include "kernel/mm.h"
#include "kernel/sections.h"

#define KIB_PER_PAGE (PAGE_SIZE / 1024)

ALLOC_TEXT(INIT)
VOID MiStopForWantOfMemory(const MI_MEMORY_MAP *Map, PCSTR What,
                           PFN_NUMBER Pages, PFN_NUMBER LimitPage,
                           BOOLEAN OnePiece)
{
    PFN_NUMBER Free = MiCountFreePagesBelow(Map, LimitPage);
    PFN_NUMBER Largest = MiLargestFreeRunBelow(Map, LimitPage);

    DbgPrint("mm: not enough memory for %s: %lu KiB needed", What,
             Pages * KIB_PER_PAGE);
    if (OnePiece)
        DbgPrint(" in one piece");
    if (LimitPage < MI_FRAME_LIMIT)
        DbgPrint(" below %lu MiB", LimitPage >> (20 - PAGE_SHIFT));
    DbgPrint("; %lu KiB free %s", Free * KIB_PER_PAGE,
             LimitPage < MI_FRAME_LIMIT ? "there" : "in all");
    if (OnePiece)
        DbgPrint(", the largest piece %lu KiB", Largest * KIB_PER_PAGE);
    DbgPrint("\n");
    MiPrintMemoryRanges(Map);
    DbgPrint("mm: the loader's modules are among its \"loader data\"; the "
             "machine needs more memory or the loader smaller modules\n");
    KeBugCheckEx(INSTALL_MORE_MEMORY, MiCountFreePages(Map), Pages, LimitPage,
                 Largest);
}
