/*
 * A page-file section's pages leave memory as NT's do behind a segment's
 * prototype PTEs (include/kernel/section.h has the formats). A view's
 * PTE names the section's frame while it is valid, and the frame's share
 * count (its PFN's ReferenceCount) counts such PTEs. The working-set
 * manager trims a view's page like a private one, but the PTE becomes
 * MI_PTE_PROTOTYPE (the page is the section's, found through the VAD)
 * and the share count drops; at none the prototype goes to transition
 * and the frame to the modified list, or to the standby list when its
 * page-file copy is current. The frame's PFN names the prototype, so the
 * modified page writer and MiTakeStandbyPage (the prototype becomes the
 * page-file PTE of its copy) treat it as any pageable page. A fault in a
 * view resolves through the prototype: a soft fault from a list, a hard
 * fault from the page file, a zeroed frame for a page not made yet.
 * Prototypes and share counts change under the PFN lock.
 */
#include "kernel/bugcheck.h"
#include "kernel/paging.h"
#include "kernel/process.h"
#include "kernel/section.h"

MI_SECTION_PAGE_COUNTS MiSectionPages;
LIST_ENTRY MiPagedSections = {&MiPagedSections, &MiPagedSections};

#define USER_PDES (MM_SYSTEM_RANGE_START >> 22)

static BOOLEAN is_view_marker(MMPTE Pte)
{
    return (Pte & (MI_PTE_VALID | MI_PTE_TRANSITION | MI_PTE_PROTOTYPE)) ==
           MI_PTE_PROTOTYPE;
}

VOID MiMapViewPage(ULONG Va, PFN_NUMBER Frame, ULONG Mask)
{
    PMMPTE Pte = MiGetPteAddress((PVOID)Va);
    MMPTE Old = *Pte, New;
    ULONG Access = Mask & MM_PROTECT_ACCESS;
    KIRQL OldIrql;

    if (Old != 0 && !is_view_marker(Old))
        return; /* mapped already, or the view's own copy */
    New = MiIsReachableMask(Mask) ? MiMakeUserValidPte(Frame, Mask, Va)
                                  : MiMakeTransitionPte(Frame, Mask);
    if (Access == MM_WRITECOPY || Access == MM_EXECUTE_WRITECOPY)
        New &= ~MI_PTE_WRITE;
    OldIrql = MiAcquirePfnLock();
    MiGetPfnEntry(Frame)->ReferenceCount++;
    *Pte = New;
    MiReleasePfnLock(OldIrql);
    if (Old == 0) /* a marker was counted already */
        MiGetPfnEntry(MiGetPteFrame(*MiGetPdeAddress((PVOID)Va)))
            ->ReferenceCount++;
}

/* Under the PFN lock. */
static BOOLEAN drop_share(PFN_NUMBER Frame, BOOLEAN Dirty)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    PMMPTE Prototype = MiPteOfFrame(Pfn);

    if (Pfn->ReferenceCount == 0 || !(*Prototype & MI_PTE_VALID) ||
        MiGetPteFrame(*Prototype) != Frame)
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_SECTION_SHARE, Frame, *Prototype,
                     Pfn->ReferenceCount);
    if (Dirty)
        *Prototype |= MI_PTE_DIRTY; /* its copy, if any, is stale */
    if (--Pfn->ReferenceCount != 0 || Pfn->Usage != MiUsageSectionPageable ||
        Pfn->LockCount != 0 || (Pfn->Flags & MI_PFN_WRITING))
        return FALSE; /* an MDL or the writer holds it: it stays valid */
    if ((*Prototype & MI_PTE_DIRTY) && MiIsPageFilePte(Pfn->OriginalPte)) {
        MiFreePageFileSlot(MiGetPageFileSlot(Pfn->OriginalPte));
        Pfn->OriginalPte = 0;
    }
    *Prototype = MiMakeTransitionPte(Frame, MM_READWRITE);
    MiInsertPageList(Pfn->OriginalPte ? &MiStandbyList : &MiModifiedList,
                     Frame);
    MiSectionPages.Resident--;
    MiSectionPages.Trimmed++;
    return TRUE;
}

BOOLEAN MiDropSectionShare(PFN_NUMBER Frame, BOOLEAN Dirty)
{
    KIRQL OldIrql = MiAcquirePfnLock();
    BOOLEAN Listed = drop_share(Frame, Dirty);

    MiReleasePfnLock(OldIrql);
    return Listed;
}

BOOLEAN MiTrimViewPte(PMMPTE Pte, MMPTE Old)
{
    *Pte = MI_PTE_PROTOTYPE |
           (MiGetPteProtectionMask(Old) << MI_PTE_PROTECTION_SHIFT);
    return drop_share(MiGetPteFrame(Old), (Old & MI_PTE_DIRTY) != 0);
}

/* A frame the section lets go, under the PFN lock: off its list, freed
 * with its copy's slot, or left to the writer to free. */
static VOID release_frame(PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);

    if (Pfn->ReferenceCount != 0)
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_SECTION_SHARE, Frame, 0,
                     Pfn->ReferenceCount);
    if (Pfn->Flags & MI_PFN_ON_LIST)
        MiUnlinkPageList(Frame);
    if (Pfn->Flags & MI_PFN_WRITING) {
        Pfn->Flags |= MI_PFN_DELETED; /* the writer frees it and its slot */
        return;
    }
    if (MiIsPageFilePte(Pfn->OriginalPte))
        MiFreePageFileSlot(MiGetPageFileSlot(Pfn->OriginalPte));
    Pfn->OriginalPte = 0;
    Pfn->Usage = MiUsageNone;
    MiFreePageLocked(Frame);
}

VOID MiDeletePrototype(PSECTION Section, ULONG Page)
{
    PMMPTE Prototype = MiSectionPrototype(Section, Page);
    KIRQL OldIrql = MiAcquirePfnLock();
    MMPTE Entry = *Prototype;

    *Prototype = 0;
    if (Entry & (MI_PTE_VALID | MI_PTE_TRANSITION)) {
        if (Section->Pageable && (Entry & MI_PTE_VALID))
            MiSectionPages.Resident--;
        else if (Section->Pageable)
            MiSectionPages.Trimmed--;
        release_frame(MiGetPteFrame(Entry));
    } else if (MiIsPageFilePte(Entry)) {
        MiSectionPages.PagedOut--;
        MiFreePageFileSlot(MiGetPageFileSlot(Entry));
    }
    MiReleasePfnLock(OldIrql);
}

/* A new frame of a section's at Prototype, under the PFN lock;
 * OriginalPte its page-file copy (0: none). */
static VOID own_frame(PMMPTE Prototype, PFN_NUMBER Frame, MMPTE OriginalPte)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);

    Pfn->Usage = MiUsageSectionPageable;
    Pfn->ReferenceCount = 0;
    Pfn->Owner = KI_VIRTUAL_TO_PHYSICAL(Prototype) >> PAGE_SHIFT;
    Pfn->PteAddress = (ULONG)Prototype;
    Pfn->OriginalPte = OriginalPte;
    *Prototype = (Frame << PAGE_SHIFT) | MI_PTE_VALID;
    MiSectionPages.Resident++;
}

/* The view's protection for a PTE that is 0 or a marker. */
static ULONG view_mask(PMMVAD Vad, MMPTE Old)
{
    return Old != 0 ? MiGetPteProtectionMask(Old)
                    : MiMakeProtectionMask(Vad->AllocationProtect);
}

NTSTATUS MiResolveViewFault(PMMVAD Vad, ULONG Va, MMPTE Old)
{
    PSECTION Section = Vad->Section;
    ULONG Page = Vad->SectionPage + ((Va >> PAGE_SHIFT) - Vad->StartingVpn);
    PMMPTE Prototype = MiSectionPrototype(Section, Page);
    ULONG Mask = view_mask(Vad, Old);
    PFN_NUMBER Frame;
    KIRQL OldIrql;
    MMPTE Entry;

    if (Old != 0 && (Mask & MM_PROTECT_SPECIAL) == MM_GUARD_PAGE) {
        /* The guard goes; the next touch finds the page. */
        *MiGetPteAddress((PVOID)Va) =
            MiSetInvalidPteProtection(Old, Mask & ~MM_GUARD_PAGE);
        return STATUS_GUARD_PAGE_VIOLATION;
    }
    Entry = *Prototype;
    if (Entry == 0)
        return STATUS_ACCESS_VIOLATION; /* SEC_RESERVE, not committed */
    if (MiIsPageFilePte(Entry))
        return MI_HARD_FAULT;
    if (Entry & MI_PTE_VALID) {
        Frame = MiGetPteFrame(Entry);
    } else if (Entry & MI_PTE_TRANSITION) {
        Frame = MiGetPteFrame(Entry);
        OldIrql = MiAcquirePfnLock();
        if (MiGetPfnEntry(Frame)->Flags & MI_PFN_ON_LIST)
            MiUnlinkPageList(Frame);
        if ((MiGetPfnEntry(Frame)->Flags &
             (MI_PFN_WRITING | MI_PFN_RECLAIMED)) == MI_PFN_WRITING)
            MiGetPfnEntry(Frame)->Flags |= MI_PFN_RECLAIMED;
        *Prototype = (Frame << PAGE_SHIFT) | MI_PTE_VALID;
        MiSectionPages.Trimmed--;
        MiSectionPages.Resident++;
        MiPagingCounters.SoftFaults++;
        MiReleasePfnLock(OldIrql);
    } else { /* committed, not made yet */
        Frame = MiAllocateZeroedPage();
        if (Frame == MI_NO_PAGE)
            return STATUS_NO_MEMORY;
        OldIrql = MiAcquirePfnLock();
        own_frame(Prototype, Frame, 0);
        MiReleasePfnLock(OldIrql);
    }
    MiMapViewPage(Va & ~(PAGE_SIZE - 1), Frame, Mask);
    return STATUS_SUCCESS;
}

/* The prototype behind the current space's view page at Va, when a
 * page-file section's view is there. At DISPATCH_LEVEL. */
static PMMPTE view_prototype(ULONG Va, PMMVAD *VadOut)
{
    PMMVAD Vad = MiLocateAddress(PsGetCurrentProcess(), (PVOID)Va);

    if (Vad == NULL || Vad->Section == NULL || !Vad->Section->Pageable)
        return NULL;
    *VadOut = Vad;
    return MiSectionPrototype(Vad->Section,
                              Vad->SectionPage +
                                  ((Va >> PAGE_SHIFT) - Vad->StartingVpn));
}

NTSTATUS MiReadViewPage(ULONG Va)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL), PfnIrql;
    PMMVAD Vad;
    PMMPTE Prototype = view_prototype(Va, &Vad);
    MMPTE Expected = Prototype != NULL ? *Prototype : 0;
    PFN_NUMBER Frame;
    NTSTATUS Status;

    KfLowerIrql(OldIrql);
    if (!MiIsPageFilePte(Expected))
        return STATUS_SUCCESS; /* it changed: the instruction runs again */
    Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    if (Frame == MI_NO_PAGE)
        return STATUS_NO_MEMORY;
    Status = MiPageFileTransfer(FALSE, MiGetPageFileSlot(Expected), &Frame, 1);
    OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    /* Another thread may have brought it back, or the view gone. */
    Prototype = view_prototype(Va, &Vad);
    if (Prototype == NULL || *Prototype != Expected) {
        KfLowerIrql(OldIrql);
        MiFreePages(Frame, 0);
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(Status)) {
        MiPagingCounters.InPageErrors++;
        KfLowerIrql(OldIrql);
        MiFreePages(Frame, 0);
        return STATUS_IN_PAGE_ERROR;
    }
    PfnIrql = MiAcquirePfnLock();
    /* The copy stays the page's until a view writes to it. */
    own_frame(Prototype, Frame,
              MiMakePageFilePte(MiGetPageFileSlot(Expected), 0));
    MiSectionPages.PagedOut--;
    MiPagingCounters.HardFaults++;
    MiReleasePfnLock(PfnIrql);
    MiMapViewPage(Va & ~(PAGE_SIZE - 1), Frame,
                  view_mask(Vad, MiReadPte((PVOID)Va)));
    KfLowerIrql(OldIrql);
    return STATUS_SUCCESS;
}

/*
 * The invariant checker's part. Every prototype of a page-file section
 * is counted by state and must agree with MiSectionPages; a resident or
 * trimmed frame's PFN must name its prototype; and each resident frame's
 * share count must be the number of process PTEs naming it (tallied in
 * the frame's Flink, which a frame off the lists does not use, and put
 * back after).
 */
static BOOLEAN bad_frame(PMMPTE Prototype, PFN_NUMBER Frame, BOOLEAN Trimmed)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);

    return Pfn == NULL || Pfn->State != MiPfnActive ||
           Pfn->Usage != MiUsageSectionPageable ||
           MiPteOfFrame(Pfn) != Prototype ||
           (Trimmed ? !MiIsFrameTrimmed(Pfn)
                    : (Pfn->Flags & MI_PFN_ON_LIST) != 0);
}

/* Every resident frame's Flink: Tally 0 before the walk, or compared
 * with its share count and put back after. */
static ULONG for_resident_frames(BOOLEAN Before)
{
    PLIST_ENTRY Entry;
    ULONG Page, Problem = 0;

    for (Entry = MiPagedSections.Flink; Entry != &MiPagedSections;
         Entry = Entry->Flink) {
        PSECTION Section = CONTAINING_RECORD(Entry, SECTION, Links);

        for (Page = 0; Page < Section->PageCount; Page++) {
            MMPTE Prototype = *MiSectionPrototype(Section, Page);
            PMMPFN Pfn = MiGetPfnEntry(MiGetPteFrame(Prototype));

            if (!(Prototype & MI_PTE_VALID))
                continue;
            if (Before) {
                Pfn->Flink = 0;
                continue;
            }
            if (Pfn->Flink != Pfn->ReferenceCount) {
                DbgPrint("mm: section frame %lx shared %lu times, counted "
                         "%lu\n",
                         MiGetPteFrame(Prototype), Pfn->Flink,
                         Pfn->ReferenceCount);
                Problem = MI_PAGING_BAD_SECTION;
            }
            Pfn->Flink = MI_NO_PAGE;
        }
    }
    return Problem;
}

static ULONG tally_shares(VOID)
{
    PLIST_ENTRY Entry;
    ULONG Index, Slot, Problem = 0;

    for (Entry = MiAddressSpaceList.Flink; Entry != &MiAddressSpaceList;
         Entry = Entry->Flink) {
        PEPROCESS Process = CONTAINING_RECORD(Entry, EPROCESS, MmProcessLinks);

        if (Process == PsInitialSystemProcess)
            continue;
        for (Index = 0; Index < USER_PDES; Index++) {
            MMPTE Pde = Process->PageDirectory[Index];
            PMMPTE Table;

            if (!(Pde & MI_PTE_VALID))
                continue;
            Table = (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(Pde & MI_PTE_FRAME_MASK);
            for (Slot = 0; Slot < MI_PTES_PER_TABLE; Slot++) {
                MMPTE Pte = Table[Slot];
                PMMPFN Pfn = MiGetPfnEntry(MiGetPteFrame(Pte));

                if (!(Pte & (MI_PTE_VALID | MI_PTE_TRANSITION)) ||
                    Pfn == NULL || Pfn->State != MiPfnActive ||
                    Pfn->Usage != MiUsageSectionPageable)
                    continue;
                if (!(*MiPteOfFrame(Pfn) & MI_PTE_VALID))
                    Problem = MI_PAGING_BAD_SECTION; /* mapped, yet listed */
                else
                    Pfn->Flink++;
            }
        }
    }
    return Problem;
}

ULONG MiCheckSectionPages(PULONG Slots, PULONG Committed)
{
    MI_SECTION_PAGE_COUNTS Count = {0};
    PLIST_ENTRY Entry;
    ULONG Page, Problem = 0;

    for (Entry = MiPagedSections.Flink; Entry != &MiPagedSections;
         Entry = Entry->Flink) {
        PSECTION Section = CONTAINING_RECORD(Entry, SECTION, Links);
        ULONG InSection = 0;

        for (Page = 0; Page < Section->PageCount; Page++) {
            PMMPTE Prototype = MiSectionPrototype(Section, Page);
            MMPTE Pte = *Prototype;

            InSection += Pte != 0; /* committed: charged */

            if (Pte & (MI_PTE_VALID | MI_PTE_TRANSITION)) {
                BOOLEAN Trimmed = !(Pte & MI_PTE_VALID);

                Count.Resident += !Trimmed;
                Count.Trimmed += Trimmed;
                if (bad_frame(Prototype, MiGetPteFrame(Pte), Trimmed))
                    Problem = MI_PAGING_BAD_SECTION;
            } else if (MiIsPageFilePte(Pte)) {
                Count.PagedOut++;
                (*Slots)++;
            }
        }
        if (InSection != Section->ChargedPages) {
            DbgPrint("mm: section %p holds %lu committed pages, charged %lu\n",
                     Section, InSection, Section->ChargedPages);
            Problem = MI_PAGING_BAD_SECTION;
        }
        *Committed += Section->ChargedPages;
    }
    if (Count.Resident != MiSectionPages.Resident ||
        Count.Trimmed != MiSectionPages.Trimmed ||
        Count.PagedOut != MiSectionPages.PagedOut) {
        DbgPrint("mm: section pages resident %lu/%lu, trimmed %lu/%lu, paged "
                 "out %lu/%lu\n",
                 Count.Resident, MiSectionPages.Resident, Count.Trimmed,
                 MiSectionPages.Trimmed, Count.PagedOut,
                 MiSectionPages.PagedOut);
        Problem = MI_PAGING_BAD_SECTION;
    }
    if (Problem == 0) {
        for_resident_frames(TRUE);
        Problem = tally_shares();
        if (for_resident_frames(FALSE) != 0)
            Problem = MI_PAGING_BAD_SECTION;
    }
    return Problem;
}
