/*
 * Working-set trimming, by the clock: the working-set manager (NT's
 * balance set manager's part, priority 16) wakes when free frames run
 * low and walks every process's user page tables, then the system's
 * (paged pool's). A valid private page
 * whose Accessed bit is set was used since the last pass: the bit is
 * cleared and the page stays; one whose bit is still clear is trimmed:
 * its PTE becomes a transition PTE and its frame joins the modified list
 * (or the standby list when its page-file copy is current). A view's
 * page of a page-file section is trimmed from each view that maps it
 * and leaves at the last (mm/section_paging.c). A frame an MDL has
 * locked, an image section's page or device memory is never trimmed.
 *
 * The walk runs at DISPATCH_LEVEL on one processor, so no thread of the
 * process runs or changes its tables meanwhile, and the process cannot
 * be deleted under it; its PTEs are reached through the direct map of
 * its page tables (every page table is low memory). The trimmer never
 * runs in a user process, whose TLB entries its next CR3 load drops.
 */
#include "kernel/memory_layout.h"
#include "kernel/paging.h"
#include "kernel/pool_pages.h"
#include "kernel/process.h"
#include "kernel/section.h"

KEVENT MiLowMemoryEvent;

#define MI_WORKING_SET_MANAGER_PRIORITY 16
#define USER_PDES (MM_SYSTEM_RANGE_START >> 22)

/* Trims the pages of Usage one page table maps; Force ignores the
 * Accessed bits. System pages are global: each changed PTE's TLB entry
 * goes at once (a user space's go with its next CR3 load). */
static ULONG trim_table(PFN_NUMBER TableFrame, ULONG PdeIndex, BOOLEAN Force,
                        UCHAR Usage)
{
    PMMPTE Table = (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(TableFrame << PAGE_SHIFT);
    BOOLEAN System = Usage != MiUsageProcess;
    KIRQL OldIrql = MiAcquirePfnLock();
    ULONG Index, Trimmed = 0;

    for (Index = 0; Index < MI_PTES_PER_TABLE; Index++) {
        ULONG Va = (PdeIndex << 22) | (Index << PAGE_SHIFT);
        MMPTE Pte = Table[Index];
        PFN_NUMBER Frame = MiGetPteFrame(Pte);
        PMMPFN Pfn = MiGetPfnEntry(Frame);

        if (!(Pte & MI_PTE_VALID) || Pfn == NULL || Pfn->State != MiPfnActive ||
            (Pfn->Usage != Usage && (Usage != MiUsageProcess ||
                                     Pfn->Usage != MiUsageSectionPageable)) ||
            Pfn->LockCount != 0 || (Pfn->Flags & MI_PFN_WRITING))
            continue;
        if ((Pte & MI_PTE_ACCESSED) && !Force) {
            Table[Index] = Pte & ~MI_PTE_ACCESSED; /* aged once */
            if (System)
                MiFlushSingleTb((PVOID)Va);
            continue;
        }
        if (Pfn->Usage == MiUsageSectionPageable) {
            /* A view's page: the section's frame leaves at its last
             * share (mm/section_paging.c). */
            Trimmed += MiTrimViewPte(&Table[Index], Pte);
            continue;
        }
        Table[Index] = MiMakeTransitionPte(Frame, MiGetPteProtectionMask(Pte));
        if (System)
            MiFlushSingleTb((PVOID)Va);
        Pfn->Owner = TableFrame;
        Pfn->PteAddress = MiGetPteAddressOf(Va);
        /* Written to since it came back: its old copy is stale. */
        if ((Pte & MI_PTE_DIRTY) && MiIsPageFilePte(Pfn->OriginalPte)) {
            MiFreePageFileSlot(MiGetPageFileSlot(Pfn->OriginalPte));
            Pfn->OriginalPte = 0;
        }
        MiInsertPageList(Pfn->OriginalPte ? &MiStandbyList : &MiModifiedList,
                         Frame);
        Trimmed++;
    }
    MiReleasePfnLock(OldIrql);
    return Trimmed;
}

static ULONG trim_process(PEPROCESS Process, BOOLEAN Force, ULONG Goal)
{
    ULONG Index, Trimmed = 0;

    for (Index = 0; Index < USER_PDES && Trimmed < Goal; Index++) {
        MMPTE Pde = Process->PageDirectory[Index];

        if (Pde & MI_PTE_VALID)
            Trimmed +=
                trim_table(MiGetPteFrame(Pde), Index, Force, MiUsageProcess);
    }
    return Trimmed;
}

/* The pages of Usage in the system range [Start, End). */
static ULONG trim_system_range(ULONG Start, ULONG End, UCHAR Usage,
                               BOOLEAN Force, ULONG Goal)
{
    ULONG Index, Trimmed = 0;

    for (Index = MiGetPdeIndex(Start);
         Index < MiGetPdeIndex(End) && Trimmed < Goal; Index++) {
        MMPTE Pde = *MiGetPdeAddress((PVOID)(Index << 22));

        if (Pde & MI_PTE_VALID)
            Trimmed += trim_table(MiGetPteFrame(Pde), Index, Force, Usage);
    }
    return Trimmed;
}

/* The system working set: paged pool, and drivers' pageable pages (in
 * system PTE space). */
static ULONG trim_system(BOOLEAN Force, ULONG Goal)
{
    ULONG Trimmed = trim_system_range(MI_PAGED_POOL_START, MI_PAGED_POOL_END,
                                      MiUsagePool, Force, Goal);

    if (Trimmed < Goal)
        Trimmed +=
            trim_system_range(MI_SYSTEM_PTE_BASE, MI_SYSTEM_PTE_END,
                              MiUsageDriverPageable, Force, Goal - Trimmed);
    return Trimmed;
}

ULONG MiTrimPass(BOOLEAN Force, BOOLEAN System, ULONG Goal)
{
    PLIST_ENTRY Entry;
    ULONG Trimmed = 0;

    for (Entry = MiAddressSpaceList.Flink;
         Entry != &MiAddressSpaceList && Trimmed < Goal; Entry = Entry->Flink) {
        PEPROCESS Process = CONTAINING_RECORD(Entry, EPROCESS, MmProcessLinks);

        if (Process == PsInitialSystemProcess)
            continue;
        /* An idle process gives everything: its pages, and each table
         * whose pages have all gone (mm/process_swap.c). */
        if (MiIsProcessIdle(Process)) {
            Trimmed += trim_process(Process, TRUE, Goal - Trimmed);
            MiOutSwapPageTables(Process);
        } else {
            Trimmed += trim_process(Process, Force, Goal - Trimmed);
        }
    }
    if (System && Trimmed < Goal)
        Trimmed += trim_system(Force, Goal - Trimmed);
    return Trimmed;
}

ULONG MiTrimWorkingSets(ULONG Goal)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    ULONG Trimmed;

    /* Two aging passes: what the first leaves, the second takes unless it
     * was used in between; a forced pass only when both found too little. */
    Trimmed = MiTrimPass(FALSE, TRUE, Goal);
    if (Trimmed < Goal)
        Trimmed += MiTrimPass(FALSE, TRUE, Goal - Trimmed);
    if (Trimmed < Goal)
        Trimmed += MiTrimPass(TRUE, TRUE, Goal - Trimmed);
    KfLowerIrql(OldIrql);
    MiPagingCounters.PagesTrimmed += Trimmed;
    return Trimmed;
}

/* Driver Verifier's forced IRQL checking (mm/verifier_irql.c): every
 * pageable system page out at once, used or not, as NT's
 * MmTrimAllSystemPagableMemory. The caller is below DISPATCH_LEVEL: the
 * walk takes the PFN lock. */
ULONG MiTrimAllSystemPagableMemory(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    ULONG Trimmed = trim_system(TRUE, 0xFFFFFFFF);

    KfLowerIrql(OldIrql);
    MiPagingCounters.PagesTrimmed += Trimmed;
    return Trimmed;
}

VOID NTAPI MiWorkingSetManager(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeSetPriorityThread(KeGetCurrentThread(), MI_WORKING_SET_MANAGER_PRIORITY);
    for (;;) {
        KeWaitForSingleObject(&MiLowMemoryEvent, WrFreePage, KernelMode, FALSE,
                              NULL);
        if (MiFreePageCount() + MiStandbyList.Total < 2 * MI_LOW_MEMORY_PAGES)
            MiTrimWorkingSets(2 * MI_LOW_MEMORY_PAGES);
        if (MiModifiedList.Total != 0)
            KeSetEvent(&MiModifiedPageWriterEvent, 0, FALSE);
        if (MiStandbyList.Total != 0)
            KeSetEvent(&MiPagesAvailableEvent, 0, FALSE);
    }
}

VOID MiQueryWorkingSet(PEPROCESS Process, MI_WORKING_SET_INFORMATION *Info)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    ULONG Index, Entry;

    RtlZeroMemory(Info, sizeof(*Info));
    for (Index = 0; Index < USER_PDES && Process->PageDirectory != NULL;
         Index++) {
        MMPTE Pde = Process->PageDirectory[Index];
        PMMPTE Table;

        Info->TablesOut += Pde != 0 && !(Pde & MI_PTE_VALID);
        if (!(Pde & MI_PTE_VALID))
            continue;
        Table = (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(Pde & MI_PTE_FRAME_MASK);
        for (Entry = 0; Entry < MI_PTES_PER_TABLE; Entry++) {
            MMPTE Pte = Table[Entry];
            PMMPFN Pfn = MiGetPfnEntry(MiGetPteFrame(Pte));

            if (Pte & MI_PTE_VALID)
                Info->Resident++;
            else if ((Pte & MI_PTE_TRANSITION) && Pfn != NULL &&
                     MiIsFrameTrimmed(Pfn))
                Info->Trimmed++;
            else if (MiIsPageFilePte(Pte))
                Info->PagedOut++;
        }
    }
    if (Process->PageDirectory != NULL)
        Info->PagedOut += Process->OutSwappedSlots;
    KfLowerIrql(OldIrql);
}
