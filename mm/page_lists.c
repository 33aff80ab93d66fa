/*
 * NT's standby and modified lists. A trimmed page keeps its frame for a
 * while: its PTE turns into a transition PTE naming the frame, and the
 * frame joins the modified list when its contents exist nowhere else, or
 * the standby list when the page file has a current copy. A fault on the
 * page takes the frame back (a soft fault); a new owner needing a frame
 * takes the oldest standby one, and the old page's PTE becomes the
 * page-file PTE of its copy. Free and zeroed frames stay the buddy
 * allocator's (docs/paging.md says why). Everything here runs under the
 * PFN lock.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/paging.h"
#include "kernel/section.h"

MI_PAGE_LIST MiStandbyList = {0, MI_NO_PAGE, MI_NO_PAGE, MI_PFN_STANDBY};
MI_PAGE_LIST MiModifiedList = {0, MI_NO_PAGE, MI_NO_PAGE, MI_PFN_MODIFIED};
MI_PAGING_COUNTERS MiPagingCounters;

/* PFN_LIST_CORRUPT's first parameter for the page lists. */
#define MI_PFN_LIST_LINK 0x200 /* frame, flags: a list link is wrong */

static MI_PAGE_LIST *list_of(const MMPFN *Pfn)
{
    if (Pfn->Flags & MI_PFN_STANDBY)
        return &MiStandbyList;
    if (Pfn->Flags & MI_PFN_MODIFIED)
        return &MiModifiedList;
    if (Pfn->Flags & MI_PFN_ZEROED)
        return &MiZeroedList;
    return NULL;
}

VOID MiInsertPageList(MI_PAGE_LIST *List, PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);

    if (Pfn->Flags & (MI_PFN_ON_LIST | MI_PFN_ZEROED))
        KeBugCheckEx(PFN_LIST_CORRUPT, MI_PFN_LIST_LINK, Frame, Pfn->Flags,
                     List->Flag);
    Pfn->Flags |= List->Flag;
    Pfn->Flink = MI_NO_PAGE;
    Pfn->Blink = List->Blink;
    if (List->Blink == MI_NO_PAGE)
        List->Flink = Frame;
    else
        MiGetPfnEntry(List->Blink)->Flink = Frame;
    List->Blink = Frame;
    List->Total++;
}

VOID MiUnlinkPageList(PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    MI_PAGE_LIST *List = list_of(Pfn);

    if (List == NULL || List->Total == 0)
        KeBugCheckEx(PFN_LIST_CORRUPT, MI_PFN_LIST_LINK, Frame, Pfn->Flags, 0);
    if (Pfn->Blink == MI_NO_PAGE)
        List->Flink = Pfn->Flink;
    else
        MiGetPfnEntry(Pfn->Blink)->Flink = Pfn->Flink;
    if (Pfn->Flink == MI_NO_PAGE)
        List->Blink = Pfn->Blink;
    else
        MiGetPfnEntry(Pfn->Flink)->Blink = Pfn->Blink;
    Pfn->Flags &= (UCHAR) ~(MI_PFN_ON_LIST | MI_PFN_ZEROED);
    Pfn->Flink = Pfn->Blink = MI_NO_PAGE;
    List->Total--;
}

PMMPTE MiPteOfFrame(PMMPFN Pfn)
{
    return (PMMPTE)(KI_PHYSICAL_TO_VIRTUAL(Pfn->Owner << PAGE_SHIFT) +
                    (Pfn->PteAddress & (PAGE_SIZE - 1)));
}

PFN_NUMBER MiRemoveFirstPageInZone(MI_PAGE_LIST *List, ULONG HighestZone)
{
    PFN_NUMBER Frame;

    for (Frame = List->Flink; Frame != MI_NO_PAGE;
         Frame = MiGetPfnEntry(Frame)->Flink)
        if ((ULONG)MiZoneOfFrame(Frame) <= HighestZone) {
            MiUnlinkPageList(Frame);
            break;
        }
    return Frame;
}

PFN_NUMBER MiTakeStandbyPage(ULONG HighestZone)
{
    PFN_NUMBER Frame = MiRemoveFirstPageInZone(&MiStandbyList, HighestZone);
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    PMMPTE Pte;

    if (Frame == MI_NO_PAGE)
        return MI_NO_PAGE;
    /* The page lives on in its copy; the PTE keeps its protection (it is
     * not valid, so no TLB holds it). */
    Pte = MiPteOfFrame(Pfn);
    if (!(*Pte & MI_PTE_TRANSITION) || MiGetPteFrame(*Pte) != Frame)
        KeBugCheckEx(PFN_LIST_CORRUPT, MI_PFN_LIST_LINK, Frame, *Pte,
                     Pfn->PteAddress);
    *Pte = MiMakePageFilePte(MiGetPageFileSlot(Pfn->OriginalPte),
                             MiGetPteProtectionMask(*Pte));
    if (Pfn->Usage == MiUsageSectionPageable) { /* a section's prototype */
        MiSectionPages.Trimmed--;
        MiSectionPages.PagedOut++;
    }
    MiPagingCounters.StandbyReused++;
    return Frame;
}

VOID MiReleasePageableFrame(PFN_NUMBER Frame, UCHAR Usage)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    KIRQL OldIrql = MiAcquirePfnLock();

    /* Device memory, a section's page: not the owner's to free. */
    if (Pfn != NULL && Pfn->State == MiPfnActive && Pfn->Usage == Usage) {
        if (Pfn->Flags & MI_PFN_ON_LIST)
            MiUnlinkPageList(Frame);
        if (Pfn->Flags & MI_PFN_WRITING) {
            /* The writer frees it when the disk is done with it. */
            Pfn->Flags |= MI_PFN_DELETED;
        } else {
            if (MiIsPageFilePte(Pfn->OriginalPte))
                MiFreePageFileSlot(MiGetPageFileSlot(Pfn->OriginalPte));
            Pfn->OriginalPte = 0;
            Pfn->Usage = MiUsageNone;
            MiFreePageLocked(Frame);
        }
    }
    MiReleasePfnLock(OldIrql);
}

VOID MiDeletePageablePte(MMPTE Old, UCHAR Usage)
{
    PMMPFN Pfn = MiGetPfnEntry(MiGetPteFrame(Old));

    /* A view's PTE naming its section's frame: one share fewer. */
    if (Usage == MiUsageProcess && (Old & (MI_PTE_VALID | MI_PTE_TRANSITION)) &&
        Pfn != NULL && Pfn->State == MiPfnActive &&
        MiIsSectionUsage(Pfn->Usage)) {
        MiDropSectionShare(MiGetPteFrame(Old),
                           (Old & (MI_PTE_VALID | MI_PTE_DIRTY)) ==
                               (MI_PTE_VALID | MI_PTE_DIRTY));
        return;
    }
    if (MiIsPageFilePte(Old))
        MiFreePageFileSlot(MiGetPageFileSlot(Old));
    else if (Old & (MI_PTE_VALID | MI_PTE_TRANSITION))
        MiReleasePageableFrame(MiGetPteFrame(Old), Usage);
}

BOOLEAN MiReclaimTransitionFrame(PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    BOOLEAN Trimmed = FALSE;
    KIRQL OldIrql;

    if (Pfn == NULL)
        return FALSE;
    OldIrql = MiAcquirePfnLock();
    if (Pfn->Flags & MI_PFN_ON_LIST) {
        MiUnlinkPageList(Frame);
        Trimmed = TRUE;
    }
    if ((Pfn->Flags & (MI_PFN_WRITING | MI_PFN_RECLAIMED)) == MI_PFN_WRITING) {
        /* The writer finds it back in the working set when it is done. */
        Pfn->Flags |= MI_PFN_RECLAIMED;
        Trimmed = TRUE;
    }
    MiReleasePfnLock(OldIrql);
    return Trimmed;
}

VOID MiPrintPagingStatistics(VOID)
{
    const MI_PAGING_COUNTERS *Count = &MiPagingCounters;

    DbgPrint("mm: page lists: free %lu (zeroed %lu), standby %lu, modified "
             "%lu pages\n",
             MiFreePageCount(), MiZeroedList.Total, MiStandbyList.Total,
             MiModifiedList.Total);
    DbgPrint("mm: commit charge %lu KiB of a %lu KiB limit (peak %lu KiB)\n",
             MmTotalCommittedPages * (PAGE_SIZE / 1024),
             MmTotalCommitLimit * (PAGE_SIZE / 1024),
             MmPeakCommitment * (PAGE_SIZE / 1024));
    if (MiPageFilePresent)
        DbgPrint("mm: page file %lu of %lu pages in use\n",
                 MiPageFileSlots - 1 - MiPageFileFreeSlots,
                 MiPageFileSlots - 1);
    else
        DbgPrint("mm: no page file\n");
    DbgPrint("mm: faults soft %lu, hard %lu, in-page errors %lu; trimmed %lu, "
             "written %lu in %lu clusters, standby reused %lu\n",
             Count->SoftFaults, Count->HardFaults, Count->InPageErrors,
             Count->PagesTrimmed, Count->PagesWritten, Count->WriteClusters,
             Count->StandbyReused);
    DbgPrint("mm: idle processes' page tables out %lu, back in %lu\n",
             Count->PageTablesOut, Count->PageTablesIn);
    DbgPrint("mm: page-file sections' pages: resident %lu, trimmed %lu, in "
             "the page file %lu\n",
             MiSectionPages.Resident, MiSectionPages.Trimmed,
             MiSectionPages.PagedOut);
}
