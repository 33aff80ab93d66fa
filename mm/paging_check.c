/*
 * Paging's invariant checker (the randomised pressure test runs it after
 * every step): the page lists agree with the PFN records, every listed
 * frame's PTE names it in transition, each page-file slot in use is held
 * by exactly one PTE or one frame's copy (a user page's, paged pool's, a
 * page table's, a driver's or the kernel's pageable page's, or a
 * page-file section's prototype or frame), a section frame's share count
 * is the process PTEs that name it (mm/section_paging.c), and the
 * commit charge is what
 * the private regions and paged pool hold. It walks everything at
 * DISPATCH_LEVEL (one processor: nothing moves meanwhile); slots on
 * their way to disk count as the writer's.
 */
#include "kernel/paging.h"
#include "kernel/pool_pages.h"
#include "kernel/process.h"
#include "kernel/section.h"

#define USER_PDES (MM_SYSTEM_RANGE_START >> 22)

static ULONG list_problem(MI_PAGE_LIST *List, BOOLEAN Trimmed)
{
    PFN_NUMBER Frame, Previous = MI_NO_PAGE, Count = 0;

    for (Frame = List->Flink; Frame != MI_NO_PAGE;
         Frame = MiGetPfnEntry(Frame)->Flink) {
        PMMPFN Pfn = MiGetPfnEntry(Frame);
        PMMPTE Pte;

        if (Pfn == NULL || Pfn->Blink != Previous ||
            (Pfn->Flags & (MI_PFN_ON_LIST | MI_PFN_ZEROED)) != List->Flag ||
            ++Count > List->Total)
            return MI_PAGING_BAD_LIST;
        Pte = Trimmed ? MiPteOfFrame(Pfn) : NULL;
        if (Pte != NULL &&
            (!(*Pte & MI_PTE_TRANSITION) || MiGetPteFrame(*Pte) != Frame))
            return MI_PAGING_BAD_LIST_PTE;
        Previous = Frame;
    }
    return Count == List->Total && List->Blink == Previous ? 0
                                                           : MI_PAGING_BAD_LIST;
}

/* Slots the PTEs of one page table hold. */
static ULONG slots_in_table(PMMPTE Table)
{
    ULONG Index, Slots = 0;

    for (Index = 0; Index < MI_PTES_PER_TABLE; Index++)
        Slots += MiIsPageFilePte(Table[Index]);
    return Slots;
}

static PMMPTE table_of(MMPTE Pde)
{
    return (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(Pde & MI_PTE_FRAME_MASK);
}

/* Committed pages of a space's private regions, and the slots its PTEs
 * hold. */
static VOID count_space(PEPROCESS Process, PULONG Committed, PULONG Slots)
{
    PMMVAD Vad;
    ULONG Index;

    for (Index = 0; Index < USER_PDES; Index++) {
        MMPTE Pde = Process->PageDirectory[Index];

        if (Pde & MI_PTE_VALID)
            *Slots += slots_in_table(table_of(Pde));
        else /* a table out of memory holds its own slot */
            *Slots += MiIsPageFilePte(Pde);
    }
    /* What the tables out of memory hold, counted when they left. */
    *Slots += Process->OutSwappedSlots;
    *Committed += Process->OutSwappedCommitted;
    for (Vad = MiGetFirstVad(&Process->VadRoot); Vad != NULL;
         Vad = MiGetNextVad(Vad)) {
        ULONG Vpn;

        if (Vad->Section != NULL || Vad->PhysicalMapping)
            continue;
        for (Vpn = Vad->StartingVpn; Vpn <= Vad->EndingVpn; Vpn++) {
            MMPTE Pde = Process->PageDirectory[Vpn >> 10];

            if (Pde & MI_PTE_VALID)
                *Committed += table_of(Pde)[Vpn & 1023] != 0;
        }
    }
}

/* Paged pool: its allocated pages (each one page of charge) and the slots
 * its PTEs hold. */
static VOID count_paged_pool(PULONG Committed, PULONG Slots)
{
    ULONG Chunk, Index;

    for (Chunk = 0; Chunk < MI_PAGED_POOL_WORD_PAGES; Chunk++) {
        ULONG Va = MI_PAGED_POOL_START + (Chunk << 22);
        MMPTE Pde = *MiGetPdeAddress((PVOID)Va);

        if (MiPagedPoolWords[Chunk] != NULL)
            for (Index = 0; Index < MI_PTES_PER_TABLE; Index++)
                *Committed +=
                    MiPagedPoolWords[Chunk][Index] != MI_POOL_WORD_UNUSED;
        if (Pde & MI_PTE_VALID)
            *Slots += slots_in_table(table_of(Pde));
    }
}

/* The pageable pages in system PTE space (drivers', the kernel's PAGE
 * section): the slots their PTEs hold. They are charged nothing. */
static VOID count_system_ptes(PULONG Slots)
{
    ULONG Va;

    for (Va = MI_SYSTEM_PTE_BASE; Va < MI_SYSTEM_PTE_END; Va += MI_PDE_SPAN) {
        MMPTE Pde = *MiGetPdeAddress((PVOID)Va);

        if (Pde & MI_PTE_VALID)
            *Slots += slots_in_table(table_of(Pde));
    }
}

ULONG MiCheckPagingState(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    ULONG Problem, Committed = 0, Slots = 0;
    PFN_NUMBER Frame, Standby = 0, Modified = 0;
    PLIST_ENTRY Entry;

    Problem = list_problem(&MiStandbyList, TRUE);
    if (Problem == 0)
        Problem = list_problem(&MiModifiedList, TRUE);
    if (Problem == 0)
        Problem = list_problem(&MiZeroedList, FALSE);
    for (Frame = 0; Frame < MmPfnDatabaseSize && Problem == 0; Frame++) {
        PMMPFN Pfn = &MmPfnDatabase[Frame];

        if (Pfn->State != MiPfnActive ||
            (Pfn->Usage != MiUsageProcess && Pfn->Usage != MiUsagePool &&
             Pfn->Usage != MiUsagePageTable &&
             Pfn->Usage != MiUsageDriverPageable &&
             Pfn->Usage != MiUsageSectionPageable))
            continue;
        Standby += (Pfn->Flags & MI_PFN_STANDBY) != 0;
        Modified += (Pfn->Flags & MI_PFN_MODIFIED) != 0;
        Slots += MiIsPageFilePte(Pfn->OriginalPte);
    }
    if (Problem == 0 &&
        (Standby != MiStandbyList.Total || Modified != MiModifiedList.Total))
        Problem = MI_PAGING_BAD_LIST;
    for (Entry = MiAddressSpaceList.Flink; Entry != &MiAddressSpaceList;
         Entry = Entry->Flink) {
        PEPROCESS Process = CONTAINING_RECORD(Entry, EPROCESS, MmProcessLinks);

        if (Process != PsInitialSystemProcess)
            count_space(Process, &Committed, &Slots);
    }
    count_paged_pool(&Committed, &Slots);
    count_system_ptes(&Slots);
    if (Problem == 0)
        Problem = MiCheckSectionPages(&Slots, &Committed);
    else
        MiCheckSectionPages(&Slots, &Committed);
    Slots += MiSlotsBeingWritten;
    if (Problem == 0 && MiPageFilePresent &&
        Slots != MiPageFileSlots - 1 - MiPageFileFreeSlots)
        Problem = MI_PAGING_BAD_SLOTS;
    if (Problem == 0 && Committed != MmTotalCommittedPages)
        Problem = MI_PAGING_BAD_COMMIT;
    KfLowerIrql(OldIrql);
    if (Problem != 0)
        DbgPrint("mm: paging check %lu: lists %lu/%lu standby, %lu/%lu "
                 "modified; slots held %lu, in use %lu; committed %lu, "
                 "charged %lu\n",
                 Problem, Standby, MiStandbyList.Total, Modified,
                 MiModifiedList.Total, Slots,
                 MiPageFilePresent ? MiPageFileSlots - 1 - MiPageFileFreeSlots
                                   : 0,
                 Committed, MmTotalCommittedPages);
    return Problem;
}
