/*
 * The direct map: physical memory below 1 GiB ("low memory") appears at
 * 0x80000000 + its physical address, so the kernel reaches any low frame,
 * the PFN database included, without mapping it first. boot/entry.asm
 * mapped the first 16 MiB; this extends the same page directory over the
 * rest of low memory, one page table per 4 MiB, with tables taken from the
 * memory map before the buddy allocator exists. MmInitializeVirtualMemory
 * (mm/paging.c) later rewrites every entry with its protection and the
 * global bit, and cuts the map where described memory ends.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/sections.h"
#include "kernel/x86.h"

#define PTE_PRESENT 0x001
#define PTE_WRITABLE 0x002
#define PAGES_PER_TABLE 1024
#define KERNEL_PDE_INDEX (KI_KERNEL_VIRTUAL_BASE >> 22)

extern ULONG KiEarlyPageDirectory[1024];

PFN_NUMBER MiDirectMapEndPage = KI_EARLY_MAP_SIZE >> PAGE_SHIFT;

ALLOC_TEXT(INIT) VOID MiMapLowMemory(MI_MEMORY_MAP *Map, PFN_NUMBER EndPage)
{
    PFN_NUMBER Page = MiDirectMapEndPage, TableCount, TablePage;
    ULONG Table;

    if (EndPage > MI_LOW_LIMIT_PAGE)
        EndPage = MI_LOW_LIMIT_PAGE;
    /* Whole tables: the map ends on a 4 MiB boundary. */
    EndPage = (EndPage + PAGES_PER_TABLE - 1) & ~(PAGES_PER_TABLE - 1);
    if (EndPage <= Page)
        return;
    TableCount = (EndPage - Page) / PAGES_PER_TABLE;
    /* The new tables must already be reachable: below 16 MiB. */
    TablePage = MiAllocateBootPages(Map, TableCount, MiDirectMapEndPage);
    if (TablePage == 0)
        KeBugCheckEx(INSTALL_MORE_MEMORY, MiCountFreePages(Map), TableCount,
                     EndPage, 0);

    for (Table = 0; Table < TableCount; Table++) {
        PULONG Pte =
            (PULONG)KI_PHYSICAL_TO_VIRTUAL((TablePage + Table) << PAGE_SHIFT);
        ULONG Index;

        for (Index = 0; Index < PAGES_PER_TABLE; Index++, Page++)
            Pte[Index] = (Page << PAGE_SHIFT) | PTE_PRESENT | PTE_WRITABLE;
        KiEarlyPageDirectory[KERNEL_PDE_INDEX + (Page >> 10) - 1] =
            ((TablePage + Table) << PAGE_SHIFT) | PTE_PRESENT | PTE_WRITABLE;
    }
    flush_tlb();
    MiDirectMapEndPage = EndPage;
}
