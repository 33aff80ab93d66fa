/*
 * MmAllocateContiguousMemory / MmFreeContiguousMemory: physically
 * contiguous runs of frames below a caller's limit, returned through the
 * direct map. The run's length lives in its first frame's PFN record, so
 * the free takes only the address, as NT's does.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"

PVOID NTAPI MmAllocateContiguousMemory(
    SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress)
{
    ULONGLONG Limit = (ULONGLONG)HighestAcceptableAddress.QuadPart;
    PFN_NUMBER Highest, First;
    PMMPFN Pfn;

    if (NumberOfBytes == 0 || NumberOfBytes > (PAGE_SIZE << MI_MAX_ORDER) ||
        Limit < PAGE_SIZE - 1)
        return NULL;
    /* The highest frame whose last byte is at or below the limit, and
     * reachable through the direct map. */
    Highest = MiDirectMapEndPage - 1;
    if (Limit < ((ULONGLONG)(Highest + 1) << PAGE_SHIFT) - 1)
        Highest = (PFN_NUMBER)((Limit + 1) >> PAGE_SHIFT) - 1;

    First = MiAllocatePageRange(BYTES_TO_PAGES(NumberOfBytes), Highest);
    if (First == MI_NO_PAGE)
        return NULL;
    Pfn = MiGetPfnEntry(First);
    Pfn->Usage = MiUsageContiguous;
    Pfn->Owner = BYTES_TO_PAGES(NumberOfBytes);
    return (PVOID)KI_PHYSICAL_TO_VIRTUAL(First << PAGE_SHIFT);
}

VOID NTAPI MmFreeContiguousMemory(PVOID BaseAddress)
{
    ULONG_PTR Address = (ULONG_PTR)BaseAddress;
    PFN_NUMBER Frame;
    PMMPFN Pfn = NULL;

    if (Address >= KI_KERNEL_VIRTUAL_BASE && (Address & (PAGE_SIZE - 1)) == 0) {
        Frame = KI_VIRTUAL_TO_PHYSICAL(Address) >> PAGE_SHIFT;
        if (Frame < MiDirectMapEndPage)
            Pfn = MiGetPfnEntry(Frame);
    }
    if (Pfn == NULL || Pfn->State != MiPfnActive ||
        Pfn->Usage != MiUsageContiguous)
        KeBugCheckEx(PFN_LIST_CORRUPT, MI_PFN_FREE_NOT_CONTIGUOUS, Address,
                     Pfn != NULL ? Pfn->State : MiPfnReserved,
                     Pfn != NULL ? Pfn->Usage : 0);
    MiFreePageRange(MiGetPfnFrame(Pfn), Pfn->Owner);
}
