/*
 * Kernel virtual ranges with guard pages (see kernel/virtual_range.h).
 */
#include "kernel/virtual_range.h"

#define RANGE_PAGE_SHIFT 12
#define NOT_FOUND 0xFFFFFFFFUL

VOID MiInitializeVirtualRange(MI_VIRTUAL_RANGE *Range, ULONG Base,
                              ULONG PageCount, PULONG Buffer)
{
    Range->Base = Base;
    Range->PageCount = PageCount;
    RtlInitializeBitMap(&Range->InUse, Buffer, PageCount);
    RtlClearAllBits(&Range->InUse);
    Range->Hint = 0;
    Range->FreePages = PageCount;
    if (PageCount != 0) {
        RtlSetBits(&Range->InUse, PageCount - 1, 1);
        Range->FreePages--;
    }
}

BOOLEAN MiIsInVirtualRange(const MI_VIRTUAL_RANGE *Range, ULONG Address)
{
    return Address >= Range->Base &&
           ((Address - Range->Base) >> RANGE_PAGE_SHIFT) < Range->PageCount;
}

ULONG MiReserveVirtualRange(MI_VIRTUAL_RANGE *Range, ULONG PageCount)
{
    ULONG First;

    if (PageCount == 0 || PageCount >= Range->FreePages)
        return 0;
    First = RtlFindClearBitsAndSet(&Range->InUse, PageCount + 1, Range->Hint);
    if (First == NOT_FOUND)
        return 0;
    Range->Hint = First + PageCount + 1;
    Range->FreePages -= PageCount + 1;
    return Range->Base + ((First + 1) << RANGE_PAGE_SHIFT);
}

/* The page index of Address, or NOT_FOUND unless Address is a page inside
 * the range with PageCount pages from it also inside. */
static ULONG page_index(const MI_VIRTUAL_RANGE *Range, ULONG Address,
                        ULONG PageCount)
{
    ULONG Index;

    if ((Address & ((1UL << RANGE_PAGE_SHIFT) - 1)) != 0 ||
        !MiIsInVirtualRange(Range, Address))
        return NOT_FOUND;
    Index = (Address - Range->Base) >> RANGE_PAGE_SHIFT;
    if (PageCount == 0 || PageCount > Range->PageCount - Index)
        return NOT_FOUND;
    return Index;
}

BOOLEAN MiReserveFixedRange(MI_VIRTUAL_RANGE *Range, ULONG Address,
                            ULONG PageCount)
{
    ULONG Index = page_index(Range, Address, PageCount);

    if (Index == NOT_FOUND || !RtlAreBitsClear(&Range->InUse, Index, PageCount))
        return FALSE;
    RtlSetBits(&Range->InUse, Index, PageCount);
    Range->FreePages -= PageCount;
    return TRUE;
}

BOOLEAN MiReleaseVirtualRange(MI_VIRTUAL_RANGE *Range, ULONG Address,
                              ULONG PageCount, BOOLEAN Fixed)
{
    ULONG Index = page_index(Range, Address, PageCount);

    if (Index == NOT_FOUND || (!Fixed && Index == 0))
        return FALSE;
    if (!Fixed) {
        Index--; /* the guard */
        PageCount++;
    }
    if (!RtlAreBitsSet(&Range->InUse, Index, PageCount))
        return FALSE;
    RtlClearBits(&Range->InUse, Index, PageCount);
    Range->FreePages += PageCount;
    return TRUE;
}
