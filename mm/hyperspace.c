/*
 * Hyperspace: temporary mappings of single frames, for the frames the
 * direct map does not reach (high memory, above 1 GiB). Each processor
 * owns MI_HYPERSPACE_SLOTS PTEs in the hyperspace table and uses them as
 * a stack, as Linux's kmap_atomic: map, use, unmap in reverse order.
 * The table lives in the kernel image, so hyperspace works before (and
 * without) the buddy allocator handing out page tables.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"

#define MI_HYPERSPACE_SLOTS 16

MMPTE MiHyperspaceTable[MI_PTES_PER_TABLE] __attribute__((aligned(4096)));
static ULONG slots_in_use; /* processor 0's; one per processor with SMP */
/* A thread holding slots must not be switched away (another would push
 * onto the same stack): the first slot raises to DISPATCH_LEVEL and the
 * last one given back lowers again, as NT's hyperspace does. */
static KIRQL irql_before_slots;

static ULONG slot_address(ULONG Slot)
{
    return MI_HYPERSPACE_BASE + Slot * PAGE_SIZE;
}

PVOID MiMapPageInHyperspace(PFN_NUMBER Frame)
{
    ULONG Va;

    if (slots_in_use == MI_HYPERSPACE_SLOTS)
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_HYPERSPACE_FULL, Frame, 0, 0);
    if (slots_in_use == 0) {
        KIRQL Irql = KeGetCurrentIrql();
        irql_before_slots =
            KfRaiseIrql(Irql > DISPATCH_LEVEL ? Irql : DISPATCH_LEVEL);
    }
    Va = slot_address(slots_in_use++);
    /* Not global: a slot is rewritten often, and invlpg below covers it. */
    *MiGetPteAddress((PVOID)Va) = MiMakeValidPte(Frame, PAGE_READWRITE, Va, 0);
    return (PVOID)Va;
}

VOID MiUnmapPageInHyperspace(PVOID Address)
{
    ULONG Expected = slots_in_use ? slot_address(slots_in_use - 1) : 0;

    if (Expected == 0 || (ULONG)Address >> PAGE_SHIFT != Expected >> PAGE_SHIFT)
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_HYPERSPACE_ORDER,
                     (ULONG_PTR)Address, Expected, 0);
    *MiGetPteAddress((PVOID)Expected) = 0;
    MiFlushSingleTb((PVOID)Expected);
    if (--slots_in_use == 0)
        KfLowerIrql(irql_before_slots);
}

VOID MiZeroPhysicalPage(PFN_NUMBER Frame)
{
    PVOID Page;

    if (Frame < MiDirectMapEndPage) {
        RtlZeroMemory((PVOID)KI_PHYSICAL_TO_VIRTUAL(Frame << PAGE_SHIFT),
                      PAGE_SIZE);
        return;
    }
    Page = MiMapPageInHyperspace(Frame);
    RtlZeroMemory(Page, PAGE_SIZE);
    MiUnmapPageInHyperspace(Page);
}
