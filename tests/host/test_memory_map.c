/*
 * The memory map sanitizer against the shapes real firmware produces:
 * holes at 640 KiB and 15 MiB, ACPI ranges at the top of RAM, the PCI hole
 * of a 3.5 GiB machine, memory above 4 GiB, overlapping, repeated,
 * unsorted, zero-length and unaligned entries.
 */
#include "host_test.h"
#include "kernel/memory_map.h"
#include "ntstatus.h"

#define KIB 1024ULL
#define MIB (1024ULL * KIB)
#define GIB (1024ULL * MIB)

static MI_MEMORY_MAP map;

static void add(ULONGLONG Base, ULONGLONG Length, MI_MEMORY_TYPE Type)
{
    NTSTATUS Status = MiAddMemoryRange(&map, Base, Length, Type);
    if (!NT_SUCCESS(Status)) {
        printf("MiAddMemoryRange failed: %#x\n", (unsigned)Status);
        abort();
    }
}

/* Range Index is [First, First + Count) pages of Type. */
#define CHECK_RANGE(Index_, First_, Count_, Type_)                             \
    do {                                                                       \
        CHECK_MSG((Index_) < map.Count, "only %lu ranges",                     \
                  (unsigned long)map.Count);                                   \
        CHECK_MSG(map.Range[Index_].BasePage == (First_) &&                    \
                      map.Range[Index_].PageCount == (Count_) &&               \
                      map.Range[Index_].Type == (Type_),                       \
                  "range %d is %#lx+%#lx %s, expected %#lx+%#lx %s",           \
                  (int)(Index_), (unsigned long)map.Range[Index_].BasePage,    \
                  (unsigned long)map.Range[Index_].PageCount,                  \
                  MiMemoryTypeName(map.Range[Index_].Type),                    \
                  (unsigned long)(First_), (unsigned long)(Count_),            \
                  MiMemoryTypeName(Type_));                                    \
    } while (0)

/* Sorted, non-overlapping, page counts non-zero, neighbours of one type
 * merged: what every cleaned map must look like. */
static int well_formed(void)
{
    for (ULONG Index = 0; Index < map.Count; Index++) {
        const MI_PHYSICAL_RANGE *Range = &map.Range[Index];
        if (Range->PageCount == 0 ||
            Range->BasePage + Range->PageCount > MI_FRAME_LIMIT)
            return 0;
        if (Index > 0) {
            const MI_PHYSICAL_RANGE *Before = &map.Range[Index - 1];
            if (Before->BasePage + Before->PageCount > Range->BasePage)
                return 0;
            if (Before->BasePage + Before->PageCount == Range->BasePage &&
                Before->Type == Range->Type)
                return 0;
        }
    }
    return 1;
}

static void qemu_128m(void)
{
    MiInitializeMemoryMap(&map);
    add(0, 0x9FC00, MiMemoryFree);
    add(0x9FC00, 0x400, MiMemoryReserved);
    add(0xF0000, 0x10000, MiMemoryReserved);
    add(0x100000, 0x7EE0000, MiMemoryFree);
    add(0x7FE0000, 0x20000, MiMemoryReserved);
    add(0xFFFC0000, 0x40000, MiMemoryReserved);
    CHECK(well_formed());
    CHECK_EQ(map.Count, 6);
    CHECK_RANGE(0, 0, 0x9F, MiMemoryFree);
    CHECK_RANGE(1, 0x9F, 1, MiMemoryReserved);
    CHECK_RANGE(2, 0xF0, 0x10, MiMemoryReserved);
    CHECK_RANGE(3, 0x100, 0x7EE0, MiMemoryFree);
    CHECK_RANGE(4, 0x7FE0, 0x20, MiMemoryReserved);
    CHECK_RANGE(5, 0xFFFC0, 0x40, MiMemoryReserved);
    CHECK_EQ(MiCountFreePages(&map), 0x9F + 0x7EE0);
    CHECK_EQ(MiHighestFreePage(&map), 0x7FE0);
    CHECK_EQ(MiGetMemoryType(&map, 0xA0), MiMemoryReserved); /* a hole */
    CHECK_EQ(MiGetMemoryType(&map, 0x200), MiMemoryFree);
}

static void only_8m(void)
{
    MiInitializeMemoryMap(&map);
    add(0x100000, 7 * MIB, MiMemoryFree);
    add(0, 639 * KIB, MiMemoryFree);
    CHECK(well_formed());
    CHECK_EQ(map.Count, 2);
    CHECK_EQ(MiCountFreePages(&map), 0x9F + 0x700);
    CHECK_EQ(MiHighestFreePage(&map), 0x800);
}

static void hole_at_15m_unsorted_and_repeated(void)
{
    MiInitializeMemoryMap(&map);
    add(16 * MIB, 48 * MIB, MiMemoryFree);
    add(1 * MIB, 14 * MIB, MiMemoryFree);
    add(0, 640 * KIB, MiMemoryFree);
    add(1 * MIB, 14 * MIB, MiMemoryFree); /* the same entry twice */
    add(15 * MIB, 1 * MIB, MiMemoryReserved);
    CHECK(well_formed());
    CHECK_EQ(map.Count, 4);
    CHECK_RANGE(0, 0, 0xA0, MiMemoryFree);
    CHECK_RANGE(1, 0x100, 0xE00, MiMemoryFree);
    CHECK_RANGE(2, 0xF00, 0x100, MiMemoryReserved);
    CHECK_RANGE(3, 0x1000, 0x3000, MiMemoryFree);
}

static void overlaps_favour_not_usable(void)
{
    MiInitializeMemoryMap(&map);
    add(0, 64 * MIB, MiMemoryFree);
    /* Unaligned reserved and bad ranges inside usable memory grow to the
     * pages they touch. */
    add(0x200800, 0x1000, MiMemoryReserved); /* touches pages 0x200, 0x201 */
    add(0x300000, 1, MiMemoryBad);
    /* Reserved and NVS over each other: NVS is kept. */
    add(0x400000, 0x4000, MiMemoryReserved);
    add(0x402000, 0x4000, MiMemoryAcpiNvs);
    CHECK(well_formed());
    CHECK_RANGE(0, 0, 0x200, MiMemoryFree);
    CHECK_RANGE(1, 0x200, 2, MiMemoryReserved);
    CHECK_RANGE(2, 0x202, 0xFE, MiMemoryFree);
    CHECK_RANGE(3, 0x300, 1, MiMemoryBad);
    CHECK_RANGE(4, 0x301, 0xFF, MiMemoryFree);
    CHECK_RANGE(5, 0x400, 2, MiMemoryReserved);
    CHECK_RANGE(6, 0x402, 4, MiMemoryAcpiNvs);
    CHECK_RANGE(7, 0x406, 0x4000 - 0x406, MiMemoryFree);
}

static void usable_ranges_shrink_to_whole_pages(void)
{
    MiInitializeMemoryMap(&map);
    add(0x1800, 0x2000, MiMemoryFree); /* 0x1800-0x3800: only page 2 */
    add(0x10000, 0x800, MiMemoryFree); /* less than a page */
    add(0x20000, 0, MiMemoryReserved); /* zero length */
    CHECK(well_formed());
    CHECK_EQ(map.Count, 1);
    CHECK_RANGE(0, 2, 1, MiMemoryFree);
    CHECK_EQ(map.IgnoredEmpty, 2);
}

static void above_4g_is_ignored_and_straddlers_clipped(void)
{
    MiInitializeMemoryMap(&map);
    add(1 * MIB, 3 * GIB, MiMemoryFree);
    add(4 * GIB, 2 * GIB, MiMemoryFree);
    add(0xE0000000, 0x30000000, MiMemoryFree); /* 3.5 GiB to 4.25 GiB */
    add(0xFFFFF000, ~0ULL, MiMemoryReserved);  /* the length wraps */
    CHECK(well_formed());
    CHECK_EQ(map.IgnoredAbove4G, 1);
    CHECK_RANGE(0, 0x100, 0xC0000, MiMemoryFree);
    CHECK_RANGE(1, 0xE0000, 0x1FFFF, MiMemoryFree);
    CHECK_RANGE(2, 0xFFFFF, 1, MiMemoryReserved);
    CHECK_EQ(MiHighestFreePage(&map), 0xFFFFF);
}

static void pci_hole_of_a_3_5g_machine(void)
{
    MiInitializeMemoryMap(&map);
    add(0, 0x9F000, MiMemoryFree);
    add(0x9F000, 0x1000, MiMemoryReserved);
    add(0xE0000, 0x20000, MiMemoryReserved);
    add(0x100000, 0xBFEF0000 - 0x100000, MiMemoryFree);
    add(0xBFEF0000, 0xE000, MiMemoryAcpiReclaimable);
    add(0xBFEFE000, 0x2000, MiMemoryAcpiNvs);
    add(0xBFF00000, 0x100000, MiMemoryReserved);
    add(0xE0000000, 0x10000000, MiMemoryReserved); /* PCI MMCONFIG */
    add(0xFEC00000, 0x1000, MiMemoryReserved);     /* IO-APIC */
    add(0xFEE00000, 0x1000, MiMemoryReserved);     /* local APIC */
    add(0xFFF00000, 0x100000, MiMemoryReserved);   /* BIOS ROM */
    add(0x100000000ULL, 0x20000000, MiMemoryFree); /* 512 MiB above 4 GiB */
    CHECK(well_formed());
    CHECK_EQ(MiHighestFreePage(&map), 0xBFEF0);
    CHECK_EQ(MiCountFreePages(&map), 0x9F + 0xBFEF0 - 0x100);
    CHECK_EQ(MiGetMemoryType(&map, 0xBFEF0), MiMemoryAcpiReclaimable);
    CHECK_EQ(MiGetMemoryType(&map, 0xBFEFF), MiMemoryAcpiNvs);
    CHECK_EQ(MiGetMemoryType(&map, 0xE8000), MiMemoryReserved);
    CHECK_EQ(map.IgnoredAbove4G, 1);
}

static void kernel_reservations_win(void)
{
    MiInitializeMemoryMap(&map);
    add(0, 640 * KIB, MiMemoryFree);
    add(1 * MIB, 31 * MIB, MiMemoryFree);
    add(0, 1 * MIB, MiMemoryFirmware);
    add(0x100000, 0x23456, MiMemoryKernelImage);
    add(0x9000 + 0x200000, 0x58, MiMemoryLoaderData);
    CHECK(well_formed());
    CHECK_RANGE(0, 0, 0x100, MiMemoryFirmware);
    CHECK_RANGE(1, 0x100, 0x24, MiMemoryKernelImage);
    CHECK_RANGE(2, 0x124, 0x209 - 0x124, MiMemoryFree);
    CHECK_RANGE(3, 0x209, 1, MiMemoryLoaderData);
    CHECK_RANGE(4, 0x20A, 0x2000 - 0x20A, MiMemoryFree);
}

static void boot_pages_come_from_the_top_below_the_limit(void)
{
    PFN_NUMBER First;

    MiInitializeMemoryMap(&map);
    add(0, 640 * KIB, MiMemoryFree);
    add(1 * MIB, 63 * MIB, MiMemoryFree);
    add(0, 1 * MIB, MiMemoryFirmware);
    First = MiAllocateBootPages(&map, 16, 0x1000);
    CHECK_EQ(First, 0x1000 - 16);
    CHECK_EQ(MiGetMemoryType(&map, First), MiMemoryKernelData);
    CHECK_EQ(MiGetMemoryType(&map, 0x1000), MiMemoryFree);
    First = MiAllocateBootPages(&map, 0x100, 0x10000);
    CHECK_EQ(First, 0x4000 - 0x100);
    CHECK_EQ(MiCountFreePages(&map), 0x4000 - 0x100 - 16 - 0x100);
    /* Too much, too low, or nothing: 0, and the map is unchanged. */
    CHECK_EQ(MiAllocateBootPages(&map, 0x4000, 0x10000), 0);
    CHECK_EQ(MiAllocateBootPages(&map, 1, 0x100), 0);
    CHECK_EQ(MiAllocateBootPages(&map, 0, 0x10000), 0);
    CHECK_EQ(MiCountFreePages(&map), 0x4000 - 0x100 - 16 - 0x100);
    CHECK(well_formed());
}

/* What a boot allocation below a limit could have had: free pages there,
 * and the longest run, cut at the limit. */
static void free_pages_and_runs_below_a_limit(void)
{
    MiInitializeMemoryMap(&map);
    add(0, 640 * KIB, MiMemoryFree);
    add(1 * MIB, 127 * MIB, MiMemoryFree);
    add(0, 1 * MIB, MiMemoryFirmware);
    /* A module from 1.5 MiB to 101.5 MiB, as QEMU places one. */
    add(0x180000, 100 * MIB, MiMemoryLoaderData);
    CHECK_EQ(MiCountFreePagesBelow(&map, 0x1000), 0x80);
    CHECK_EQ(MiLargestFreeRunBelow(&map, 0x1000), 0x80);
    CHECK_EQ(MiCountFreePagesBelow(&map, 0x8000), 0x80 + 0x8000 - 0x6580);
    CHECK_EQ(MiLargestFreeRunBelow(&map, 0x8000), 0x8000 - 0x6580);
    /* The limit cuts the run it falls in. */
    CHECK_EQ(MiLargestFreeRunBelow(&map, 0x6600), 0x80);
    CHECK_EQ(MiCountFreePagesBelow(&map, 0x6600), 0x100);
    CHECK_EQ(MiCountFreePagesBelow(&map, MI_FRAME_LIMIT),
             MiCountFreePages(&map));
    CHECK_EQ(MiCountFreePagesBelow(&map, 0x100), 0);
    CHECK_EQ(MiLargestFreeRunBelow(&map, 0x100), 0);
    CHECK_EQ(MiLargestFreeRunBelow(&map, 0), 0);
}

static void many_entries_are_compacted_not_lost(void)
{
    MiInitializeMemoryMap(&map);
    /* 300 adjacent pages given one by one, plus a reserved page among them:
     * more than the raw table holds. */
    for (ULONGLONG Page = 0x100; Page < 0x100 + 300; Page++)
        add(Page << 12, 4096, MiMemoryFree);
    add(0x180000, 4096, MiMemoryReserved);
    CHECK(map.RawCount <= MI_MAX_RAW_RANGES);
    CHECK(well_formed());
    CHECK_EQ(map.Count, 3);
    CHECK_RANGE(0, 0x100, 0x80, MiMemoryFree);
    CHECK_RANGE(1, 0x180, 1, MiMemoryReserved);
    CHECK_RANGE(2, 0x181, 300 - 0x81, MiMemoryFree);
    CHECK_EQ(MiAddMemoryRange(&map, 0, 1, MiMemoryTypeCount),
             STATUS_INVALID_PARAMETER);
}

static void random_maps_are_always_well_formed(void)
{
    unsigned Seed = host_test_seed();
    srand(Seed);
    for (int Round = 0; Round < 2000; Round++) {
        int Entries = rand() % 40;
        MiInitializeMemoryMap(&map);
        for (int Index = 0; Index < Entries; Index++) {
            ULONGLONG Base = ((ULONGLONG)rand() << 3) % (5 * GIB);
            ULONGLONG Length = ((ULONGLONG)rand() << (rand() % 8)) % GIB;
            add(Base, Length, (MI_MEMORY_TYPE)(rand() % MiMemoryTypeCount));
        }
        CHECK_MSG(well_formed(), "round %d", Round);
        /* Every page has the highest type any raw entry gives it. */
        for (int Probe = 0; Probe < 50; Probe++) {
            PFN_NUMBER Page = (PFN_NUMBER)(rand() % MI_FRAME_LIMIT);
            int Want = -1;
            for (ULONG Index = 0; Index < map.RawCount; Index++) {
                const MI_RAW_RANGE *Raw = &map.Raw[Index];
                ULONGLONG Start = (ULONGLONG)Page << 12, End = Start + 4096;
                ULONGLONG RawEnd = Raw->Base + Raw->Length;
                int Covers = Raw->Type == MiMemoryFree
                                 ? Raw->Base <= Start && RawEnd >= End
                                 : Raw->Base < End && RawEnd > Start;
                if (Covers && (int)Raw->Type > Want)
                    Want = Raw->Type;
            }
            CHECK_MSG(MiGetMemoryType(&map, Page) ==
                          (Want < 0 ? MiMemoryReserved : (MI_MEMORY_TYPE)Want),
                      "round %d page %#lx", Round, (unsigned long)Page);
        }
    }
}

int main(void)
{
    RUN(qemu_128m);
    RUN(only_8m);
    RUN(hole_at_15m_unsorted_and_repeated);
    RUN(overlaps_favour_not_usable);
    RUN(usable_ranges_shrink_to_whole_pages);
    RUN(above_4g_is_ignored_and_straddlers_clipped);
    RUN(pci_hole_of_a_3_5g_machine);
    RUN(kernel_reservations_win);
    RUN(boot_pages_come_from_the_top_below_the_limit);
    RUN(free_pages_and_runs_below_a_limit);
    RUN(many_entries_are_compacted_not_lost);
    RUN(random_maps_are_always_well_formed);
    HOST_TEST_EXIT();
}
