/* The pool tests' counts (kt_pool.h). */
#include "kt_pool.h"
#include "kernel/buddy.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/pool_pages.h"

PFN_NUMBER KtFreeFrames(VOID)
{
    MI_BUDDY_STATISTICS Statistics;
    KIRQL OldIrql;

    KtTouchKernelPageablePages(); /* memory pressure may have paged them */
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    MiBuddyDrainCache(&MiBuddy);
    KeLowerIrql(OldIrql);
    MiQueryPhysicalMemory(&Statistics);
    return Statistics.TotalFree + MiZeroedList.Total;
}

ULONG KtPagedPoolFrames(VOID)
{
    ULONG Va, Count = MiPagedPoolWordPages + MiPagedPoolResidentPages();

    for (Va = MI_PAGED_POOL_START; Va < MI_PAGED_POOL_END; Va += MI_PDE_SPAN)
        Count += (*MiGetPdeAddress((PVOID)Va) & MI_PTE_VALID) != 0;
    return Count;
}
