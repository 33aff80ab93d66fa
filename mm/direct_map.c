/*
 * The direct map: physical memory below 1 GiB ("low memory") appears at
 * 0x80000000 + its physical address, so the kernel reaches any low frame,
 * the PFN database included, without mapping it first. boot/entry.asm
 * mapped the first 16 MiB; this extends the same page directory over the
 * rest of low memory, one page table per 4 MiB, with tables taken from the
 * memory map before the buddy allocator exists. MmInitializeVirtualMemory
 * (mm/paging.c) later rewrites every entry with its protection and the
 * global bit, and cuts the map where described memory ends.
 *
 * The tables are written through the self-map (PDE 0x300), not the direct
 * map, so they may lie anywhere in low memory: the loader's modules can
 * fill all of the first 16 MiB (QEMU puts them right after the kernel).
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/sections.h"
#include "kernel/x86.h"

#define PAGES_PER_TABLE 1024

PFN_NUMBER MiDirectMapEndPage = KI_EARLY_MAP_SIZE >> PAGE_SHIFT;

ALLOC_TEXT(INIT) VOID MiMapLowMemory(MI_MEMORY_MAP *Map, PFN_NUMBER EndPage)
{
    PFN_NUMBER Page, TableCount, TablePage;

    if (EndPage > MI_LOW_LIMIT_PAGE)
        EndPage = MI_LOW_LIMIT_PAGE;
    /* Whole tables: the map ends on a 4 MiB boundary. */
    EndPage = (EndPage + PAGES_PER_TABLE - 1) & ~(PAGES_PER_TABLE - 1);
    if (EndPage <= MiDirectMapEndPage)
        return;
    TableCount = (EndPage - MiDirectMapEndPage) / PAGES_PER_TABLE;

    /* The directory's entry 0x300 points at itself: a table installed in
     * it is then at PTE_BASE + its index * 4 KiB, wherever its frame. The
     * range was not mapped before, so no stale TLB entry can exist. */
    KiEarlyPageDirectory[MI_SELF_MAP_PDE_INDEX] =
        KI_VIRTUAL_TO_PHYSICAL(KiEarlyPageDirectory) | MI_PTE_VALID |
        MI_PTE_WRITE;
    for (Page = MiDirectMapEndPage; Page < EndPage; Page += PAGES_PER_TABLE) {
        PVOID Va = (PVOID)KI_PHYSICAL_TO_VIRTUAL(Page << PAGE_SHIFT);
        PMMPTE Pte = MiGetPteAddress(Va);
        ULONG Index;

        /* One page at a time: no run of them has to be free. */
        TablePage = MiAllocateBootPages(Map, 1, EndPage);
        if (TablePage == 0)
            MiStopForWantOfMemory(Map, "the direct map's page tables",
                                  TableCount, EndPage, FALSE);
        *MiGetPdeAddress(Va) =
            (TablePage << PAGE_SHIFT) | MI_PTE_VALID | MI_PTE_WRITE;
        for (Index = 0; Index < PAGES_PER_TABLE; Index++)
            Pte[Index] =
                ((Page + Index) << PAGE_SHIFT) | MI_PTE_VALID | MI_PTE_WRITE;
    }
    flush_tlb();
    MiDirectMapEndPage = EndPage;
}
