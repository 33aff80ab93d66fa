/*
 * Phase 0 of the memory manager: from the loader's word to a working page
 * allocator. The order matters: the memory map must be complete (every
 * reservation in it) before the first boot allocation, and the direct map
 * must cover the PFN database before the database is written.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/sections.h"
#include "ntrtl.h"

MI_MEMORY_MAP MiMemoryMap;

static MI_MEMORY_TYPE type_from_multiboot(ULONG Type)
{
    switch (Type) {
    case MULTIBOOT_MEMORY_AVAILABLE:
        return MiMemoryFree;
    case MULTIBOOT_MEMORY_ACPI_RECLAIMABLE:
        return MiMemoryAcpiReclaimable;
    case MULTIBOOT_MEMORY_NVS:
        return MiMemoryAcpiNvs;
    case MULTIBOOT_MEMORY_BADRAM:
        return MiMemoryBad;
    default: /* 2, and types this kernel does not know */
        return MiMemoryReserved;
    }
}

/* The loader's map, entry by entry. FALSE (and an empty map) when it is
 * malformed: a map read halfway may lack the reserved ranges that follow. */
static BOOLEAN add_loader_map(MI_MEMORY_MAP *Map,
                              const KI_BOOT_INFORMATION *Boot)
{
    MULTIBOOT_MEMORY_ENTRY Entry;
    ULONG Offset = 0, Entries = 0;
    NTSTATUS Status;

    while ((Status = KiNextMemoryMapEntry(Boot, &Offset, &Entry)) ==
           STATUS_SUCCESS) {
        Status = MiAddMemoryRange(Map, Entry.BaseAddress, Entry.Length,
                                  type_from_multiboot(Entry.Type));
        if (!NT_SUCCESS(Status))
            break;
        Entries++;
    }
    if (Status != STATUS_NO_MORE_ENTRIES) {
        DbgPrint("mm: the loader's memory map is malformed at byte %lu "
                 "(status %08lx); not used\n",
                 Offset, (ULONG)Status);
        MiInitializeMemoryMap(Map);
        return FALSE;
    }
    DbgPrint("mm: %lu entries in the loader's memory map\n", Entries);
    return Entries != 0;
}

static VOID add_memory_sizes(MI_MEMORY_MAP *Map,
                             const KI_BOOT_INFORMATION *Boot)
{
    DbgPrint("mm: no usable memory map from the loader; using mem_lower "
             "(%lu KiB) and mem_upper (%lu KiB)\n",
             Boot->MemLowerKb, Boot->MemUpperKb);
    MiAddMemoryRange(Map, 0, (ULONGLONG)Boot->MemLowerKb * 1024, MiMemoryFree);
    MiAddMemoryRange(Map, 0x100000, (ULONGLONG)Boot->MemUpperKb * 1024,
                     MiMemoryFree);
}

static VOID reserve(MI_MEMORY_MAP *Map, ULONG Physical, ULONG Length,
                    MI_MEMORY_TYPE Type)
{
    if (!NT_SUCCESS(MiAddMemoryRange(Map, Physical, Length, Type)))
        KeBugCheckEx(INSTALL_MORE_MEMORY, Physical, Length, Type, 0);
}

static VOID reserve_string(MI_MEMORY_MAP *Map, const KI_BOOT_INFORMATION *Boot,
                           PCSTR String)
{
    if (String != NULL)
        reserve(Map, KiBootPhysical(Boot, String), strlen(String) + 1,
                MiMemoryLoaderData);
}

/*
 * What the kernel keeps using, in the map before anything is allocated:
 * all of the first MiB (the real-mode IVT, the BIOS data area, the EBDA
 * whose size the map rarely states, video memory and ROMs: Linux likewise
 * keeps the first MiB away from its allocator), the kernel image, and
 * everything the loader handed over (the command line is parsed in place).
 */
static VOID reserve_in_use(MI_MEMORY_MAP *Map, const KI_BOOT_INFORMATION *Boot)
{
    ULONG Index;

    reserve(Map, 0, 0x100000, MiMemoryFirmware);
    reserve(Map, KI_VIRTUAL_TO_PHYSICAL(__kernel_start),
            (ULONG)(__kernel_end - __kernel_start), MiMemoryKernelImage);
    if (Boot->InfoPhysical != 0)
        reserve(Map, Boot->InfoPhysical, sizeof(MULTIBOOT_INFO),
                MiMemoryLoaderData);
    reserve_string(Map, Boot, Boot->CommandLine);
    reserve_string(Map, Boot, Boot->BootLoaderName);
    if (Boot->MemoryMap != NULL)
        reserve(Map, Boot->MemoryMapPhysical, Boot->MemoryMapLength,
                MiMemoryLoaderData);
    if (Boot->Modules == NULL)
        return;
    reserve(Map, Boot->ModulesPhysical,
            Boot->ModuleCount * sizeof(MULTIBOOT_MODULE), MiMemoryLoaderData);
    for (Index = 0; Index < Boot->ModuleCount; Index++) {
        const MULTIBOOT_MODULE *Module = &Boot->Modules[Index];
        if (Module->ModEnd > Module->ModStart)
            reserve(Map, Module->ModStart, Module->ModEnd - Module->ModStart,
                    MiMemoryLoaderData);
        /* The string is reserved by its first page; one page covers any
         * sane module string. */
        if (Module->String != 0)
            reserve(Map, Module->String, 1, MiMemoryLoaderData);
    }
}

VOID MiBuildMemoryMap(MI_MEMORY_MAP *Map, const KI_BOOT_INFORMATION *Boot)
{
    MiInitializeMemoryMap(Map);
    if (!add_loader_map(Map, Boot)) {
        if (!Boot->HasMemorySizes)
            KeBugCheckEx(LOADER_BLOCK_MISMATCH, 1, Boot->InfoPhysical,
                         Boot->MemoryMap != NULL, 0);
        add_memory_sizes(Map, Boot);
    }
    Map->LoaderFreePages = MiCountFreePages(Map);
    reserve_in_use(Map, Boot);
}

/* Frames the loader's modules cover. */
static PFN_NUMBER module_pages(const KI_BOOT_INFORMATION *Boot)
{
    PFN_NUMBER Pages = 0;
    ULONG Index;

    for (Index = 0; Boot->Modules != NULL && Index < Boot->ModuleCount;
         Index++) {
        const MULTIBOOT_MODULE *Module = &Boot->Modules[Index];

        if (Module->ModEnd > Module->ModStart)
            Pages += ((Module->ModEnd - 1) >> PAGE_SHIFT) -
                     (Module->ModStart >> PAGE_SHIFT) + 1;
    }
    return Pages;
}

static PFN_NUMBER lowest_free_page(const MI_MEMORY_MAP *Map)
{
    ULONG Index;

    for (Index = 0; Index < Map->Count; Index++) {
        if (Map->Range[Index].Type == MiMemoryFree)
            return Map->Range[Index].BasePage;
    }
    return 0;
}

/* README's smallest machine, checked before anything is built on it. */
ALLOC_TEXT(INIT)
static VOID require_minimum_memory(const MI_MEMORY_MAP *Map,
                                   const KI_BOOT_INFORMATION *Boot)
{
    PFN_NUMBER Modules = module_pages(Boot), Highest = MiHighestFreePage(Map);
    PFN_NUMBER Usable =
        Map->LoaderFreePages > Modules ? Map->LoaderFreePages - Modules : 0;

    if (Usable >= MI_MINIMUM_USABLE_PAGES)
        return;
    DbgPrint("mm: the loader reports %lu KiB of usable memory, %lu KiB of it "
             "holding boot modules; the kernel needs %lu KiB beside the "
             "modules (an 8 MiB machine). Install more memory.\n",
             Map->LoaderFreePages * (PAGE_SIZE / 1024),
             Modules * (PAGE_SIZE / 1024),
             (ULONG)MI_MINIMUM_USABLE_PAGES * (PAGE_SIZE / 1024));
    KeBugCheckEx(INSTALL_MORE_MEMORY, Usable, lowest_free_page(Map),
                 Highest != 0 ? Highest - 1 : 0, 0);
}

ALLOC_TEXT(INIT)
VOID MmInitializePhysicalMemory(const KI_BOOT_INFORMATION *Boot,
                                BOOLEAN CheckEveryOperation)
{
    MI_MEMORY_MAP *Map = &MiMemoryMap;
    PFN_NUMBER HighestPage;

    MiBuildMemoryMap(Map, Boot);
    require_minimum_memory(Map, Boot);
    HighestPage = MiHighestFreePage(Map);
    MiMapLowMemory(Map, HighestPage);
    MiReserveSharedUserDataPages(Map); /* kernel data, like the database */
    MiInitializePfnDatabase(Map, HighestPage, CheckEveryOperation);
    MiUpdateCommitLimit(); /* memory alone until a page file appears */

    MiPrintMemoryMap(Map);
    MiPrintBuddyStatistics(&MiBootStatistics);
}

VOID MiPrintMemoryMap(const MI_MEMORY_MAP *Map)
{
    MiPrintMemoryRanges(Map);
    DbgPrint("mm: %lu KiB usable; PFN database: %lu records of %lu bytes at "
             "%p; direct map to %lu MiB\n",
             MiCountFreePages(Map) * (PAGE_SIZE / 1024), MmPfnDatabaseSize,
             (ULONG)sizeof(MMPFN), MmPfnDatabase,
             MiDirectMapEndPage >> (20 - PAGE_SHIFT));
}

VOID MiPrintMemoryRanges(const MI_MEMORY_MAP *Map)
{
    ULONG Index;

    DbgPrint("mm: physical memory map:\n");
    for (Index = 0; Index < Map->Count; Index++) {
        const MI_PHYSICAL_RANGE *Range = &Map->Range[Index];
        ULONGLONG End = (ULONGLONG)(Range->BasePage + Range->PageCount)
                        << PAGE_SHIFT;

        DbgPrint("mm:   [mem 0x%08llx-0x%08llx] %s\n",
                 (ULONGLONG)Range->BasePage << PAGE_SHIFT, End - 1,
                 MiMemoryTypeName(Range->Type));
    }
    if (Map->IgnoredAbove4G != 0)
        DbgPrint("mm:   %lu range(s) above 4 GiB ignored (no PAE)\n",
                 Map->IgnoredAbove4G);
}
