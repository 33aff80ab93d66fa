/*
 * The kernel's own list of physical memory ranges, built from what the
 * loader reports plus what the kernel itself reserves. Loader maps are
 * unsorted, overlapping and unaligned; MiSanitizeMemoryMap turns the raw
 * entries into sorted, page-aligned, non-overlapping ranges below 4 GiB.
 * Pure: the host tests feed it real firmware shapes.
 */
#ifndef KERNEL_MEMORY_MAP_H
#define KERNEL_MEMORY_MAP_H

#include "ntddk.h" /* PAGE_SIZE, PAGE_SHIFT */
/* No PAE: frames at or above this one cannot be addressed. */
#define MI_FRAME_LIMIT 0x100000UL

/* In order of precedence: where entries overlap, the higher type wins, so
 * memory is never "usable" if anything says otherwise. */
typedef enum _MI_MEMORY_TYPE {
    MiMemoryFree = 0,        /* usable RAM */
    MiMemoryAcpiReclaimable, /* ACPI tables: usable once parsed (not yet) */
    MiMemoryReserved,        /* firmware said reserved, or an unknown type */
    MiMemoryAcpiNvs,         /* ACPI non-volatile storage */
    MiMemoryBad,             /* firmware found it defective */
    MiMemoryFirmware,        /* below 1 MiB: real-mode IVT, BDA, EBDA, ROMs */
    MiMemoryLoaderData,      /* Multiboot information and modules */
    MiMemoryKernelImage,     /* the kernel's sections */
    MiMemoryKernelData,      /* taken at boot: page tables, PFN database */
    MiMemoryTypeCount
} MI_MEMORY_TYPE;

/* What the loader or the kernel said, as said: bytes, 64-bit. */
typedef struct _MI_RAW_RANGE {
    ULONGLONG Base;
    ULONGLONG Length;
    MI_MEMORY_TYPE Type;
} MI_RAW_RANGE;

/* The cleaned result: whole pages, below 4 GiB. */
typedef struct _MI_PHYSICAL_RANGE {
    PFN_NUMBER BasePage;
    PFN_NUMBER PageCount;
    MI_MEMORY_TYPE Type;
} MI_PHYSICAL_RANGE;

#define MI_MAX_RAW_RANGES 128
#define MI_MAX_RANGES (2 * MI_MAX_RAW_RANGES + 1)

typedef struct _MI_MEMORY_MAP {
    ULONG RawCount;
    MI_RAW_RANGE Raw[MI_MAX_RAW_RANGES];
    ULONG Count; /* valid after MiSanitizeMemoryMap */
    MI_PHYSICAL_RANGE Range[MI_MAX_RANGES];
    ULONG IgnoredAbove4G; /* raw entries that lay wholly above 4 GiB */
    ULONG IgnoredEmpty;   /* raw entries with no whole page in them */
    /* Usable frames as the loader reported them, before the kernel's own
     * reservations (set by MiBuildMemoryMap). */
    PFN_NUMBER LoaderFreePages;
} MI_MEMORY_MAP;

VOID MiInitializeMemoryMap(MI_MEMORY_MAP *Map);

/* Adds a raw entry and re-sanitizes. When the raw table is full it is
 * compacted to the sanitized ranges first; STATUS_INSUFFICIENT_RESOURCES
 * only if even that leaves no room. */
NTSTATUS MiAddMemoryRange(MI_MEMORY_MAP *Map, ULONGLONG Base, ULONGLONG Length,
                          MI_MEMORY_TYPE Type);

/* Rebuilds Range[] from Raw[]: clip to 4 GiB, round usable ranges inward
 * and the others outward to pages, resolve overlaps by precedence, merge
 * neighbours of one type, sort by address. */
VOID MiSanitizeMemoryMap(MI_MEMORY_MAP *Map);

/* Usable frames in total, and one past the highest usable frame. */
PFN_NUMBER MiCountFreePages(const MI_MEMORY_MAP *Map);
PFN_NUMBER MiHighestFreePage(const MI_MEMORY_MAP *Map);

/* Usable frames below LimitPage, and the longest run of them: what a boot
 * allocation below that limit could have had. */
PFN_NUMBER MiCountFreePagesBelow(const MI_MEMORY_MAP *Map,
                                 PFN_NUMBER LimitPage);
PFN_NUMBER MiLargestFreeRunBelow(const MI_MEMORY_MAP *Map,
                                 PFN_NUMBER LimitPage);

/* The type of one frame (MiMemoryReserved for holes). */
MI_MEMORY_TYPE MiGetMemoryType(const MI_MEMORY_MAP *Map, PFN_NUMBER Page);

/*
 * Boot-time allocation before the PFN database exists: takes PageCount
 * usable frames, all below LimitPage, from the top of the highest range
 * that fits (as Linux's memblock does, keeping low frames for DMA), and
 * records them as MiMemoryKernelData. Returns the first frame, or 0 when
 * nothing fits (frame 0 is never usable: it is firmware's).
 */
PFN_NUMBER MiAllocateBootPages(MI_MEMORY_MAP *Map, PFN_NUMBER PageCount,
                               PFN_NUMBER LimitPage);

PCSTR MiMemoryTypeName(MI_MEMORY_TYPE Type);

#endif
