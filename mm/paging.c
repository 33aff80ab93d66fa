/*
 * Phase 1 of the memory manager: from the boot page tables to the NT
 * layout. The boot directory gets its self-map and becomes the system
 * process's; the direct map is cut to the memory that exists and the
 * kernel image gets its protections (text and read-only data read-only,
 * enforced in ring 0 by CR0.WP); kernel mappings become global where the
 * CPU allows; hyperspace and the system PTE range come up. When the
 * kernel has started, MmFreeInitSections unmaps INIT and frees its frames
 * (its addresses stay reserved, so a stale call always faults), and PAGE
 * becomes pageable.
 */
#include "kernel/bugcheck.h"
#include "kernel/cpu.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/process.h"
#include "kernel/sections.h"
#include "kernel/x86.h"

#define HYPERSPACE_PDE_INDEX (MI_HYPERSPACE_BASE >> 22)

/* One past the last frame the memory map describes below 1 GiB: the
 * direct map covers RAM and the firmware ranges between, nothing more. */
ALLOC_TEXT(INIT) static PFN_NUMBER direct_map_end(VOID)
{
    PFN_NUMBER End = 0;
    ULONG Index;

    for (Index = 0; Index < MiMemoryMap.Count; Index++) {
        const MI_PHYSICAL_RANGE *Range = &MiMemoryMap.Range[Index];
        PFN_NUMBER RangeEnd = Range->BasePage + Range->PageCount;
        if (Range->BasePage < MI_LOW_LIMIT_PAGE && RangeEnd > End)
            End = RangeEnd;
    }
    if (End > MI_LOW_LIMIT_PAGE)
        End = MI_LOW_LIMIT_PAGE;
    return End;
}

/* Rewrites every direct-map PTE: read-only for the image's code and
 * constants, global, and absent past the end of described memory. The
 * boot stack's guard page stays absent. */
ALLOC_TEXT(INIT) static VOID protect_kernel_image(VOID)
{
    PFN_NUMBER End = direct_map_end(), TableEnd = MiDirectMapEndPage, Frame;

    for (Frame = 0; Frame < TableEnd; Frame++) {
        ULONG Va = KI_PHYSICAL_TO_VIRTUAL(Frame << PAGE_SHIFT);
        PMMPTE Pte = MiGetPteAddress((PVOID)Va);
        ULONG Protection = PAGE_READWRITE;

        if (!(*Pte & MI_PTE_VALID))
            continue;
        if (Frame >= End) {
            *Pte = 0;
            continue;
        }
        if (Va >= (ULONG)__kernel_start && Va < (ULONG)__rodata_end)
            Protection = PAGE_EXECUTE_READ;
        *Pte = MiMakeValidPte(Frame, Protection, Va, MiGlobalPteBit);
    }
    /* Firmware ranges past the last 4 MiB that MiMapLowMemory filled
     * (the top of RAM under OVMF) have no page table: not in the map. */
    MiDirectMapEndPage = End < TableEnd ? End : TableEnd;
}

ALLOC_TEXT(INIT) VOID MmInitializeVirtualMemory(VOID)
{
    /* INIT and PAGE, one after the other at the bottom of the range. */
    ULONG HighPages = (ULONG)(__pagedata_end - __init_start) >> PAGE_SHIFT;

    MiInitializeSystemProcess(); /* self-map at PDE 0x300 */
    KiEarlyPageDirectory[HYPERSPACE_PDE_INDEX] =
        KI_VIRTUAL_TO_PHYSICAL(MiHyperspaceTable) | MI_PTE_VALID | MI_PTE_WRITE;
    if (KeFeatureBits & KF_GLOBAL_PAGE) {
        write_cr4(read_cr4() | CR4_PGE);
        MiGlobalPteBit = MI_PTE_GLOBAL;
    }
    protect_kernel_image();
    write_cr0(read_cr0() | CR0_WP);
    MiFlushEntireTb();

    MiInitializeSystemPtes();
    if (HighPages != 0 &&
        !MiReserveFixedRange(&MiSystemPteRange, (ULONG)__init_start, HighPages))
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_INIT_SECTION, (ULONG)__init_start,
                     HighPages, 0);
    MiPagingReady = TRUE;
    MiInitializeSharedUserData(); /* KUSER_SHARED_DATA at 0xFFDF0000 */
    MiPrintAddressMap();
}

VOID MmFreeInitSections(VOID)
{
    ULONG Va, Pages = (ULONG)(__init_end - __init_start) >> PAGE_SHIFT;
    PFN_NUMBER First = (ULONG)__init_physical_start >> PAGE_SHIFT;

    MiMakeKernelSectionsPageable();
    if (Pages == 0)
        return;
    /* INIT was loaded after the BSS, in order. */
    for (Va = (ULONG)__init_start; Va < (ULONG)__init_end; Va += PAGE_SIZE) {
        PFN_NUMBER Frame = MiUnmapPage((PVOID)Va);
        PFN_NUMBER Expected =
            First + ((Va - (ULONG)__init_start) >> PAGE_SHIFT);
        if (Frame != Expected)
            KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_INIT_SECTION, Va, Frame,
                         Expected);
    }
    /* The addresses stay reserved and unmapped: a late call into INIT
     * faults, rather than run whatever a reuse mapped there. */
    MiBuddyAddRange(&MiBuddy, First, Pages);
    MiBuddyQuery(&MiBuddy, &MiBootStatistics);
    DbgPrint("mm: INIT freed: %lu KiB at %p unmapped, frames %lx-%lx back to "
             "the page allocator\n",
             Pages * (PAGE_SIZE / 1024), __init_start, First,
             First + Pages - 1);
}

VOID MiPrintAddressMap(VOID)
{
    ULONG DirectEnd =
        KI_PHYSICAL_TO_VIRTUAL(MiDirectMapEndPage << PAGE_SHIFT) - 1;

    DbgPrint("mm: virtual address map (CR3 %08lx, self-map at PDE 0x%x):\n",
             read_cr3(), MI_SELF_MAP_PDE_INDEX);
    DbgPrint("mm:   00000000-0000ffff  no access: NULL guard\n");
    DbgPrint("mm:   00010000-7ffeffff  user space of the current process\n");
    DbgPrint("mm:   7fff0000-7fffffff  no access: user/kernel guard\n");
    DbgPrint("mm:   80000000-%08lx  direct map of physical 0-%lu KiB; "
             "kernel image from %p, text and rodata read-only\n",
             DirectEnd, MiDirectMapEndPage * (PAGE_SIZE / 1024),
             __kernel_start);
    DbgPrint("mm:   c0000000-c03fffff  page tables (PTE_BASE), directory at "
             "c0300000 (PDE_BASE)\n");
    DbgPrint("mm:   c0400000-c07fffff  hyperspace: temporary mappings\n");
    DbgPrint("mm:   c0800000-dfffffff  system PTEs: %lu of %lu pages free%s\n",
             MiSystemPteRange.FreePages, MiSystemPteRange.PageCount,
             MmIsAddressValid(__init_start)
                 ? "; INIT and PAGE sections at the bottom, INIT unmapped "
                   "once freed"
                 : "; PAGE section at the bottom, pageable");
    DbgPrint("mm:   e0000000-efffffff  paged pool (mm/pool_pages.c)\n");
    DbgPrint("mm:   f0000000-ffbfffff  reserved: nonpaged pool expansion\n");
    DbgPrint("mm:   ffc00000-ffffffff  reserved: HAL; KUSER_SHARED_DATA at "
             "ffdf0000 (read-only at 7ffe0000 in every process)\n");
    DbgPrint("mm: global pages %s; CR0.WP on\n",
             MiGlobalPteBit ? "on" : "off (the CPU has no PGE)");
}
