/*
 * The kernel's own pageable code and data (PAGE, PAGEDATA;
 * mm/pageable_kernel.c): after boot their pages are the buddy
 * allocator's, trimmed with the drivers' pageable pages, and brought back
 * by the fault that needs them, from the standby or modified list or from
 * the page file. Run at DISPATCH_LEVEL while out, they stop the machine.
 */
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kernel/sections.h"
#include "kt_paging.h"

#define PAGED_ANSWER 0x5A6E0042UL

ALLOC_DATA(PAGEDATA) static volatile ULONG paged_variable = 0x0DDBA11UL;

/* noipa: the calls must run it, not a value the compiler worked out. */
static ALLOC_TEXT(PAGE) __attribute__((noipa)) ULONG paged_routine(VOID)
{
    return PAGED_ANSWER;
}

static BOOLEAN is_trimmed(PVOID Address)
{
    MMPTE Pte = MiReadPte(Address);
    PMMPFN Pfn = MiGetPfnEntry(MiGetPteFrame(Pte));

    return (Pte & MI_PTE_TRANSITION) && Pfn != NULL && MiIsFrameTrimmed(Pfn);
}

KTEST(paging_kernel_page_section_leaves_and_comes_back)
{
    ULONG Soft = MiPagingCounters.SoftFaults;
    PFN_NUMBER Loaded =
        ((ULONG)__init_physical_start + (ULONG)(__init_end - __init_start)) >>
        PAGE_SHIFT;
    ULONG Answer = paged_routine(); /* in, whatever an earlier test did */
    MMPTE Pte = MiReadPte((PVOID)paged_routine);

    /* Out of the direct map, in pageable frames of the buddy allocator's;
     * code read-only, data writable; the load frames given back. */
    KT_ASSERT((ULONG)paged_routine >= (ULONG)__page_start &&
              (ULONG)paged_routine < (ULONG)__page_end);
    KT_ASSERT((ULONG)&paged_variable >= (ULONG)__page_end &&
              (ULONG)&paged_variable < (ULONG)__pagedata_end);
    KT_ASSERT((ULONG)MiCommitVirtualMemory >= (ULONG)__page_start &&
              (ULONG)MiCommitVirtualMemory < (ULONG)__page_end);
    KT_ASSERT_EQ(Answer, PAGED_ANSWER);
    KT_ASSERT(Pte & MI_PTE_VALID);
    KT_ASSERT(!(Pte & MI_PTE_WRITE));
    KT_ASSERT_EQ(MiGetPfnEntry(MiGetPteFrame(Pte))->Usage,
                 MiUsageDriverPageable);
    KT_ASSERT(MiReadPte((PVOID)&paged_variable) & MI_PTE_WRITE);
    KT_ASSERT(MiGetPfnEntry(Loaded)->State != MiPfnReserved);
    KT_ASSERT(MiGetPteFrame(Pte) != Loaded);

    /* Trimmed: the next call and the next read are soft faults. */
    KtTrimEverything();
    KT_ASSERT(is_trimmed((PVOID)paged_routine));
    KT_ASSERT(is_trimmed((PVOID)&paged_variable));
    KT_ASSERT_EQ(paged_routine(), PAGED_ANSWER);
    KT_ASSERT_EQ(paged_variable, 0x0DDBA11UL);
    paged_variable = 0xFEEDUL;
    KT_ASSERT(MiPagingCounters.SoftFaults - Soft >= 2);
    KT_ASSERT(MiReadPte((PVOID)paged_routine) & MI_PTE_VALID);
    KtTrimEverything();
    KT_ASSERT_EQ(paged_variable, 0xFEEDUL);
    paged_variable = 0x0DDBA11UL;
}

/* With the page file: written, its frame taken, read back by a hard
 * fault. */
KTEST_EXTERNAL(paging_kernel_page_section_comes_back_from_the_page_file)
{
    ULONG Hard = MiPagingCounters.HardFaults;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    KtTrimEverything();
    KT_ASSERT(KtWaitForWriter());
    KtStealStandby(0xFFFFFFFF);
    KT_ASSERT(MiIsPageFilePte(MiReadPte((PVOID)paged_routine)));
    KT_ASSERT(MiIsPageFilePte(MiReadPte((PVOID)&paged_variable)));
    KT_ASSERT_EQ(paged_routine(), PAGED_ANSWER);
    KT_ASSERT_EQ(paged_variable, 0x0DDBA11UL);
    KT_ASSERT(MiPagingCounters.HardFaults - Hard >= 2);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
}

/* The rule bites the kernel too: its PAGE routine, out, at
 * DISPATCH_LEVEL: IRQL_NOT_LESS_OR_EQUAL naming the routine. */
KTEST_CRASH(crash_kernel_paged_code_at_dispatch_level)
{
    volatile ULONG Answer;

    KtTrimEverything();
    KfRaiseIrql(DISPATCH_LEVEL);
    Answer = paged_routine();
    (void)Answer;
}
