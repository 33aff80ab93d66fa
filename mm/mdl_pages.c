/*
 * MmAllocatePagesForMdl(Ex): frames for a driver, unmapped, described by
 * an MDL from nonpaged pool (the caller frees it with ExFreePool after
 * MmFreePagesFromMdl). The frames may be fewer than asked; each is marked
 * MiUsageMdlPages so that freeing anything else through the MDL stops the
 * machine.
 */
#include "kernel/mm.h"

#define MI_MDL_PAGES_TAG 'pldM' /* "Mdlp" */
/* The most frames one MDL's 16-bit Size can describe. */
#define MI_MDL_MAXIMUM_PAGES ((0xFFFF - sizeof(MDL)) / sizeof(PFN_NUMBER))

/* One frame at or below HighestFrame: from any zone when every frame is
 * acceptable, else the buddy's search below a limit. */
static PFN_NUMBER take_frame(PFN_NUMBER HighestFrame)
{
    if (HighestFrame >= MmPfnDatabaseSize - 1)
        return MiAllocatePages(0, MI_CONSTRAINT_ANY);
    return MiAllocatePageRange(1, HighestFrame);
}

PMDL NTAPI MmAllocatePagesForMdlEx(PHYSICAL_ADDRESS LowAddress,
                                   PHYSICAL_ADDRESS HighAddress,
                                   PHYSICAL_ADDRESS SkipBytes,
                                   SIZE_T TotalBytes,
                                   MEMORY_CACHING_TYPE CacheType, ULONG Flags)
{
    ULONGLONG Low = (ULONGLONG)LowAddress.QuadPart;
    ULONGLONG High = (ULONGLONG)HighAddress.QuadPart;
    PFN_NUMBER LowFrame, HighFrame, Frame, Rejected = MI_NO_PAGE;
    ULONG Pages = (ULONG)BYTES_TO_PAGES(TotalBytes), Count = 0;
    PPFN_NUMBER Frames;
    PMDL Mdl;

    /* SkipBytes only steers where NT looks first; it must be whole
     * pages. Above 4 GiB there is nothing without PAE. */
    if ((SkipBytes.QuadPart & (PAGE_SIZE - 1)) != 0 || Pages == 0 ||
        LowAddress.QuadPart < 0 || High < Low || Low >= 0x100000000ULL ||
        CacheType >= MmMaximumCacheType)
        return NULL;
    LowFrame = (PFN_NUMBER)((Low + PAGE_SIZE - 1) >> PAGE_SHIFT);
    HighFrame =
        High >= 0x100000000ULL ? 0xFFFFF : (PFN_NUMBER)(High >> PAGE_SHIFT);
    if (Pages > MI_MDL_MAXIMUM_PAGES)
        Pages = MI_MDL_MAXIMUM_PAGES;
    Mdl = ExAllocatePoolWithTag(NonPagedPool,
                                sizeof(MDL) + Pages * sizeof(PFN_NUMBER),
                                MI_MDL_PAGES_TAG);
    if (Mdl == NULL)
        return NULL;
    MmInitializeMdl(Mdl, NULL, (SIZE_T)Pages << PAGE_SHIFT);
    Mdl->Process = NULL;
    Mdl->MappedSystemVa = NULL;
    Frames = MmGetMdlPfnArray(Mdl);
    while (Count < Pages && (Frame = take_frame(HighFrame)) != MI_NO_PAGE) {
        PMMPFN Pfn = MiGetPfnEntry(Frame);

        if (Frame < LowFrame) { /* below the range: kept aside till the end */
            Pfn->Owner = Rejected;
            Rejected = Frame;
            continue;
        }
        Pfn->Usage = MiUsageMdlPages;
        if (!(Flags & MM_DONT_ZERO_ALLOCATION))
            MiZeroPhysicalPage(Frame);
        Frames[Count++] = Frame;
    }
    while (Rejected != MI_NO_PAGE) {
        Frame = Rejected;
        Rejected = MiGetPfnEntry(Frame)->Owner;
        MiFreePages(Frame, 0);
    }
    Mdl->ByteCount = Count << PAGE_SHIFT;
    Mdl->MdlFlags |= MDL_PAGES_LOCKED; /* the PFN array is filled, as NT */
    if (Count == 0 || ((Flags & MM_ALLOCATE_FULLY_REQUIRED) && Count < Pages)) {
        MmFreePagesFromMdl(Mdl);
        ExFreePoolWithTag(Mdl, MI_MDL_PAGES_TAG);
        return NULL;
    }
    return Mdl;
}

PMDL NTAPI MmAllocatePagesForMdl(PHYSICAL_ADDRESS LowAddress,
                                 PHYSICAL_ADDRESS HighAddress,
                                 PHYSICAL_ADDRESS SkipBytes, SIZE_T TotalBytes)
{
    return MmAllocatePagesForMdlEx(LowAddress, HighAddress, SkipBytes,
                                   TotalBytes, MmCached, 0);
}

VOID NTAPI MmFreePagesFromMdl(PMDL MemoryDescriptorList)
{
    PMDL Mdl = MemoryDescriptorList;
    PPFN_NUMBER Frames = MmGetMdlPfnArray(Mdl);
    ULONG Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl),
                                                 Mdl->ByteCount);
    ULONG Page;

    for (Page = 0; Page < Pages; Page++) {
        PMMPFN Pfn = MiGetPfnEntry(Frames[Page]);

        if (Pfn == NULL || Pfn->State != MiPfnActive ||
            Pfn->Usage != MiUsageMdlPages)
            KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_NOT_MDL_PAGE, (ULONG_PTR)Mdl,
                         Frames[Page], Pfn != NULL ? Pfn->Usage : 0);
        Pfn->Usage = MiUsageNone;
        MiFreePages(Frames[Page], 0);
    }
    Mdl->ByteCount = 0;
    Mdl->MdlFlags &= ~MDL_PAGES_LOCKED;
}
