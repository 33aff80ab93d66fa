/*
 * MmMapIoSpace / MmUnmapIoSpace: a physical range (device registers, a
 * framebuffer, firmware tables) mapped into system PTE space, uncached
 * unless the caller asks otherwise. The frames are not the allocator's:
 * unmapping gives back only the address space.
 */
#include "kernel/mm.h"

PVOID NTAPI MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
                         MEMORY_CACHING_TYPE CacheType)
{
    ULONGLONG Start = (ULONGLONG)PhysicalAddress.QuadPart;
    ULONG Offset = (ULONG)Start & (PAGE_SIZE - 1);
    ULONG Protection = PAGE_READWRITE, PageCount, Page;
    PFN_NUMBER First = (PFN_NUMBER)(Start >> PAGE_SHIFT);
    PUCHAR Base;

    /* No PAE: nothing at or above 4 GiB can be mapped. */
    if (NumberOfBytes == 0 || PhysicalAddress.QuadPart < 0 ||
        Start + NumberOfBytes > 0x100000000ULL)
        return NULL;
    if (CacheType == MmNonCached)
        Protection |= PAGE_NOCACHE;
    else if (CacheType == MmWriteCombined)
        Protection |= PAGE_WRITECOMBINE;
    else if (CacheType != MmCached)
        return NULL;

    PageCount = BYTES_TO_PAGES(Offset + NumberOfBytes);
    Base = MiReserveSystemPtes(PageCount);
    if (Base == NULL)
        return NULL;
    for (Page = 0; Page < PageCount; Page++)
        MiMapPage(Base + Page * PAGE_SIZE, First + Page, Protection);
    return Base + Offset;
}

VOID NTAPI MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
    ULONG Offset = (ULONG)BaseAddress & (PAGE_SIZE - 1);
    PUCHAR Base = (PUCHAR)BaseAddress - Offset;
    ULONG PageCount = BYTES_TO_PAGES(Offset + NumberOfBytes), Page;

    /* A wrong address or size stops the machine before anything of a
     * neighbouring run is touched. */
    MiCheckSystemPteRun(Base, PageCount);
    for (Page = 0; Page < PageCount; Page++)
        MiUnmapPage(Base + Page * PAGE_SIZE);
    MiReleaseSystemPtes(Base, PageCount);
}
