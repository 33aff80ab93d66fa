/*
 * Commitment, as NT counts it: every page a program commits and every
 * page of paged pool is a promise of a place to keep its contents, in
 * memory or in the page file. The promises may not pass the commit limit:
 * the memory free at boot plus the page file's slots. A commit past it
 * fails with STATUS_COMMITMENT_LIMIT, before any page is touched, instead
 * of running out of frames in a page fault later.
 */
#include "kernel/bugcheck.h"
#include "kernel/paging.h"

ULONG MmTotalCommittedPages;
ULONG MmTotalCommitLimit;
ULONG MmPeakCommitment;

VOID MiUpdateCommitLimit(VOID)
{
    MmTotalCommitLimit = MiBootStatistics.TotalFree +
                         (MiPageFilePresent ? MiPageFileSlots - 1 : 0);
}

NTSTATUS MiChargeCommitment(ULONG Pages)
{
    ULONG Old, New;

    do {
        Old = *(volatile ULONG *)&MmTotalCommittedPages;
        New = Old + Pages;
        if (New < Old || New > MmTotalCommitLimit)
            return STATUS_COMMITMENT_LIMIT;
    } while ((ULONG)InterlockedCompareExchange(
                 (volatile LONG *)&MmTotalCommittedPages, (LONG)New,
                 (LONG)Old) != Old);
    if (New > MmPeakCommitment)
        MmPeakCommitment = New; /* a figure for the shell: races harmless */
    return STATUS_SUCCESS;
}

VOID MiReturnCommitment(ULONG Pages)
{
    ULONG Old;

    do {
        Old = *(volatile ULONG *)&MmTotalCommittedPages;
        if (Old < Pages)
            KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_COMMIT_UNDERFLOW, Old, Pages,
                         0);
    } while ((ULONG)InterlockedCompareExchange(
                 (volatile LONG *)&MmTotalCommittedPages, (LONG)(Old - Pages),
                 (LONG)Old) != Old);
}
