/*
 * Physical memory in the running kernel: the boot map and reservations,
 * the PFN database, the buddy allocator driven to exhaustion and back,
 * zones, and MmAllocateContiguousMemory. Run under several -m sizes by
 * tools/test.sh; every test leaves the free counts as it found them.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/sections.h"
#include "ntrtl.h"
#include "tests/kernel/kt_paging.h"

static BOOLEAN statistics_equal(const MI_BUDDY_STATISTICS *A,
                                const MI_BUDDY_STATISTICS *B)
{
    return RtlCompareMemory(A, B, sizeof(*A)) == sizeof(*A);
}

static BOOLEAN consistent(VOID)
{
    MI_BUDDY_CHECK Result;

    if (MiBuddyCheck(&MiBuddy, &Result))
        return TRUE;
    DbgPrint("    checker: %s at frame %lx\n",
             MiBuddyProblemName(Result.Problem), Result.Frame);
    return FALSE;
}

static BOOLEAN frame_is_reserved(PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);
    return Pfn == NULL || Pfn->State == MiPfnReserved;
}

KTEST(mm_map_is_sorted_and_reserves_what_is_in_use)
{
    const KI_BOOT_INFORMATION *Boot = KiGetBootInformation();
    PFN_NUMBER Kernel = KI_VIRTUAL_TO_PHYSICAL(__kernel_start) >> PAGE_SHIFT;
    /* The INIT section, the image's last pages, is freed after boot. */
    PFN_NUMBER KernelEnd = (ULONG)__init_physical_start >> PAGE_SHIFT;
    PFN_NUMBER Frame, Database;
    ULONG Index;

    KT_ASSERT(MiMemoryMap.Count > 0);
    for (Index = 1; Index < MiMemoryMap.Count; Index++) {
        const MI_PHYSICAL_RANGE *Before = &MiMemoryMap.Range[Index - 1];
        KT_ASSERT(Before->BasePage + Before->PageCount <=
                  MiMemoryMap.Range[Index].BasePage);
    }
    /* The first MiB, the kernel, the loader's data: reserved in the map
     * and in the PFN database. */
    for (Frame = 0; Frame < 0x100; Frame++)
        KT_ASSERT_MSG(frame_is_reserved(Frame), "frame %lx", Frame);
    for (Frame = Kernel; Frame < KernelEnd; Frame++) {
        KT_ASSERT_EQ(MiGetMemoryType(&MiMemoryMap, Frame), MiMemoryKernelImage);
        KT_ASSERT(frame_is_reserved(Frame));
    }
    KT_ASSERT_EQ(
        MiGetMemoryType(&MiMemoryMap, Boot->InfoPhysical >> PAGE_SHIFT),
        MiMemoryLoaderData);
    if (Boot->MemoryMap != NULL)
        KT_ASSERT(frame_is_reserved(Boot->MemoryMapPhysical >> PAGE_SHIFT));
    /* The PFN database does not manage its own frames. */
    Database = KI_VIRTUAL_TO_PHYSICAL(MmPfnDatabase) >> PAGE_SHIFT;
    KT_ASSERT_EQ(MiGetMemoryType(&MiMemoryMap, Database), MiMemoryKernelData);
    KT_ASSERT(frame_is_reserved(Database));
    KT_ASSERT(MmPfnDatabaseSize >= MiHighestFreePage(&MiMemoryMap));
    KT_ASSERT(MiGetPfnEntry(MmPfnDatabaseSize) == NULL);
    /* Records and frames map both ways, for the last frame too (whatever
     * the machine's size). */
    Frame = MmPfnDatabaseSize - 1;
    KT_ASSERT_EQ(MiGetPfnFrame(MiGetPfnEntry(Frame)), Frame);
    KT_ASSERT_EQ(MiGetPfnFrame(MiGetPfnEntry(Kernel)), Kernel);
}

/* tools/test.sh marks the module it passes with this word on the module's
 * line (-initrd "FILE ktest-module"); the file starts with the text. */
#define TEST_MODULE_WORD "ktest-module"
#define TEST_MODULE_TEXT "NT mini-kernel test module"

/* The module's line holds TEST_MODULE_WORD (read through the direct map,
 * where the kernel keeps the loader's strings it reserved). */
static BOOLEAN is_test_module(const MULTIBOOT_MODULE *Module)
{
    const ULONG WordLength = sizeof(TEST_MODULE_WORD) - 1;
    PCSTR Line;
    ULONG Length, Index;

    if (Module->String == 0 || Module->String >= MiDirectMapEndPage
                                                     << PAGE_SHIFT)
        return FALSE;
    Line = (PCSTR)KI_PHYSICAL_TO_VIRTUAL(Module->String);
    for (Length = 0; Length < PAGE_SIZE && Line[Length] != '\0'; Length++)
        ;
    for (Index = 0; Index + WordLength <= Length; Index++) {
        if (RtlCompareMemory(Line + Index, TEST_MODULE_WORD, WordLength) ==
            WordLength)
            return TRUE;
    }
    return FALSE;
}

/* Whatever modules the loader passed, none or several: once copied under
 * \SystemRoot their frames are the page allocator's, but the pages the
 * Multiboot information shares, which stay reserved; the test module's
 * bytes are intact in its copy. */
KTEST(mm_module_frames_go_back_after_the_copy)
{
    const KI_BOOT_INFORMATION *Boot = KiGetBootInformation();
    const ULONG TextLength = sizeof(TEST_MODULE_TEXT) - 1;
    PFN_NUMBER Reserved = 0, Released = 0;
    ULONG Index;

    for (Index = 0; Index < Boot->ModuleCount; Index++) {
        const MULTIBOOT_MODULE *Module = &Boot->Modules[Index];
        WCHAR Text[KI_BOOT_FILE_NAME_MAX];
        UNICODE_STRING Name;
        PVOID Data;
        SIZE_T Size;
        PFN_NUMBER Frame;

        if (Module->ModEnd <= Module->ModStart)
            continue; /* an empty file: nothing to keep */
        for (Frame = Module->ModStart >> PAGE_SHIFT;
             Frame <= (Module->ModEnd - 1) >> PAGE_SHIFT; Frame++) {
            if (!frame_is_reserved(Frame)) {
                Released++;
                continue;
            }
            /* Kept: it holds the Multiboot information too. */
            KT_ASSERT_MSG(MiGetMemoryType(&MiMemoryMap, Frame) ==
                              MiMemoryLoaderData,
                          "module %lu, frame %lx", Index, Frame);
            Reserved++;
        }
        if (!is_test_module(Module))
            continue;
        KT_ASSERT_EQ(
            KiParseBootModuleName((PCSTR)KI_PHYSICAL_TO_VIRTUAL(Module->String),
                                  Text, &Name.Length),
            STATUS_SUCCESS);
        Name.Buffer = Text;
        Name.MaximumLength = Name.Length;
        KT_ASSERT_EQ(MmGetBootFile(&Name, &Data, &Size), STATUS_SUCCESS);
        KT_ASSERT_EQ(Size, Module->ModEnd - Module->ModStart);
        KT_ASSERT_MSG(RtlCompareMemory(Data, TEST_MODULE_TEXT, TextLength) ==
                          TextLength,
                      "module %lu is not intact", Index);
    }
    /* The loaders here never overlap modules: each frame counted once. */
    KT_ASSERT_EQ(Released, MiBootFramesReleased);
    KT_ASSERT(Reserved <= 2 * Boot->ModuleCount);
}

KTEST(mm_boot_state_is_consistent)
{
    MI_BUDDY_STATISTICS Now;

    KT_ASSERT(consistent());
    MiBuddyQuery(&MiBuddy, &Now);
    /* The map's usable frames, and the INIT section's, the PAGE section's
     * load frames and the boot modules', freed after boot. */
    KT_ASSERT_EQ(Now.TotalManaged,
                 MiCountFreePages(&MiMemoryMap) +
                     ((ULONG)(__init_end - __init_start) >> PAGE_SHIFT) +
                     ((ULONG)(__pagedata_end - __page_start) >> PAGE_SHIFT) +
                     MiBootFramesReleased);
    /* All free at the end of boot but the PAGE section's new frames. */
    KT_ASSERT_EQ(MiBootStatistics.TotalFree,
                 MiBootStatistics.TotalManaged -
                     ((ULONG)(__pagedata_end - __page_start) >> PAGE_SHIFT));
    KT_ASSERT(MiBootStatistics.LargestFreeOrder >= 8);
}

/* Every page table of the direct map is a frame the map gave the kernel
 * (the boot's tables are in its image, the others kernel data), which
 * the page allocator never hands out, and it maps its 4 MiB in order. */
KTEST(mm_direct_map_tables_are_the_kernels)
{
    ULONG Va;

    for (Va = KI_KERNEL_VIRTUAL_BASE;
         Va < KI_PHYSICAL_TO_VIRTUAL(MiDirectMapEndPage << PAGE_SHIFT);
         Va += MI_PDE_SPAN) {
        PFN_NUMBER Table = MiGetPteFrame(*MiGetPdeAddress((PVOID)Va));
        MI_MEMORY_TYPE Type = MiGetMemoryType(&MiMemoryMap, Table);

        KT_ASSERT_MSG(*MiGetPdeAddress((PVOID)Va) & MI_PTE_VALID, "va %lx", Va);
        KT_ASSERT_MSG(Type == MiMemoryKernelData || Type == MiMemoryKernelImage,
                      "table %lx of va %lx is %s", Table, Va,
                      MiMemoryTypeName(Type));
        KT_ASSERT_MSG(frame_is_reserved(Table), "table %lx", Table);
        KT_ASSERT_EQ(MiGetPteFrame(*MiGetPteAddress((PVOID)(Va + PAGE_SIZE))),
                     KI_VIRTUAL_TO_PHYSICAL(Va + PAGE_SIZE) >> PAGE_SHIFT);
    }
}

/* Takes every frame as single pages, chaining them through the records'
 * owner word (no other memory could hold the list on a 3 GiB machine). */
/* Blocks the exhaustion tests hold, chained through their records' owner
 * word (no other memory could hold the list on a 3 GiB machine). */
static VOID chain_block(PFN_NUMBER *Chain, PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);

    Pfn->Usage = MiUsageTest;
    Pfn->Owner = *Chain;
    *Chain = Frame;
}

static VOID free_chain(PFN_NUMBER *Chain)
{
    while (*Chain != MI_NO_PAGE) {
        PMMPFN Pfn = MiGetPfnEntry(*Chain);
        PFN_NUMBER Frame = *Chain;

        *Chain = Pfn->Owner;
        MiFreePages(Frame, Pfn->Order);
    }
}

/* Only the buddy allocator's frames: MiAllocatePages, out of them, would
 * take the zeroed list's and the standby list's too. The test thread does
 * not wait afterwards, so the zero-page thread cannot refill its list;
 * with a page file the working-set manager would answer the exhaustion
 * by trimming, so those tests skip there. */
static VOID buddy_frames_only(VOID)
{
    MiDrainZeroedList();
    KtStealStandby(0xFFFFFFFF);
    MiBuddyDrainCache(&MiBuddy);
}

/* Takes every frame as single pages. */
KTEST(mm_order0_exhaustion_and_back)
{
    KT_CLEANUP_SECTION;
    MI_BUDDY_STATISTICS Before, After;
    PFN_NUMBER Frame, Chain = MI_NO_PAGE, Count = 0;

    buddy_frames_only();
    MiBuddyQuery(&MiBuddy, &Before); /* the cleanup compares with it */
    if (MiPageFilePresent)
        KT_SKIP("a page file refills memory as it runs out");
    while ((Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY)) != MI_NO_PAGE) {
        PMMPFN Pfn = MiGetPfnEntry(Frame);

        /* A frame handed out twice would already carry the test's mark
         * (and is in the chain: not freed a second time). */
        KT_ASSERT_MSG(Pfn != NULL && Pfn->State == MiPfnActive &&
                          Pfn->Usage == MiUsageNone,
                      "frame %lx", Frame);
        chain_block(&Chain, Frame);
        Count++;
    }
    KT_ASSERT_EQ(Count, Before.TotalFree);
    KT_ASSERT_EQ(MiAllocatePages(0, MI_CONSTRAINT_DMA), MI_NO_PAGE);
    KT_ASSERT(consistent());
    KT_CLEANUP;
    free_chain(&Chain);
    MiBuddyDrainCache(&MiBuddy);
    MiBuddyQuery(&MiBuddy, &After);
    KT_ASSERT(statistics_equal(&After, &Before));
    KT_ASSERT(consistent());
}

/* Largest blocks first, then smaller ones, until nothing is left: every
 * block aligned, inside its zone, and the total equal to the free count. */
KTEST(mm_every_order_exhaustion_and_back)
{
    KT_CLEANUP_SECTION;
    MI_BUDDY_STATISTICS Before, After;
    PFN_NUMBER Frame, Chain = MI_NO_PAGE, Pages = 0;
    LONG Order;

    buddy_frames_only();
    MiBuddyQuery(&MiBuddy, &Before); /* the cleanup compares with it */
    if (MiPageFilePresent)
        KT_SKIP("a page file refills memory as it runs out");
    for (Order = MI_MAX_ORDER; Order >= 0; Order--) {
        while ((Frame = MiAllocatePages(Order, MI_CONSTRAINT_ANY)) !=
               MI_NO_PAGE) {
            chain_block(&Chain, Frame);
            Pages += 1UL << Order;
            KT_ASSERT_MSG((Frame & ((1UL << Order) - 1)) == 0,
                          "frame %lx order %ld", Frame, Order);
            KT_ASSERT_EQ(MiGetPfnEntry(Frame)->Order, Order);
            KT_ASSERT_EQ(MiZoneOfFrame(Frame),
                         MiZoneOfFrame(Frame + (1UL << Order) - 1));
        }
    }
    KT_ASSERT_EQ(Pages, Before.TotalFree);
    KT_ASSERT(consistent());
    KT_CLEANUP;
    free_chain(&Chain);
    MiBuddyDrainCache(&MiBuddy);
    MiBuddyQuery(&MiBuddy, &After);
    KT_ASSERT(statistics_equal(&After, &Before));
    KT_ASSERT(consistent());
}

KTEST(mm_zones_are_honoured)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Dma = MiAllocatePages(2, MI_CONSTRAINT_DMA);
    PFN_NUMBER Low = MiAllocatePages(0, MI_CONSTRAINT_LOW);
    PFN_NUMBER TooBig = MiAllocatePages(MI_MAX_ORDER + 1, MI_CONSTRAINT_ANY);
    PFN_NUMBER Any = MI_NO_PAGE;
    MI_BUDDY_STATISTICS Free;
    volatile PULONG Mapped;

    MiBuddyQuery(&MiBuddy, &Free);
    Any = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    KT_ASSERT(Dma != MI_NO_PAGE && Low != MI_NO_PAGE && Any != MI_NO_PAGE);
    KT_ASSERT_EQ(TooBig, MI_NO_PAGE);
    KT_ASSERT(Dma + 4 <= MI_DMA_LIMIT_PAGE);
    KT_ASSERT(Low < MiDirectMapEndPage);
    /* Low frames are reachable through the direct map. */
    Mapped = (PULONG)KI_PHYSICAL_TO_VIRTUAL(Low << PAGE_SHIFT);
    Mapped[0] = 0x600DF00D;
    Mapped[1023] = Low;
    KT_ASSERT_EQ(Mapped[0], 0x600DF00D);
    KT_ASSERT_EQ(Mapped[1023], Low);
    /* Unconstrained requests keep low memory for those who need it: they
     * come from the highest zone that has a free frame. */
    if (Free.FreePages[MiZoneHigh] != 0)
        KT_ASSERT_EQ(MiZoneOfFrame(Any), MiZoneHigh);
    else if (Free.FreePages[MiZoneLow] != 0)
        KT_ASSERT_EQ(MiZoneOfFrame(Any), MiZoneLow);
    KT_CLEANUP;
    if (Dma != MI_NO_PAGE)
        MiFreePages(Dma, 2);
    if (Low != MI_NO_PAGE)
        MiFreePages(Low, 0);
    if (Any != MI_NO_PAGE)
        MiFreePages(Any, 0);
    if (TooBig != MI_NO_PAGE)
        MiFreePages(TooBig, MI_MAX_ORDER + 1);
    KT_ASSERT(consistent());
}

/* Requests nothing can satisfy: NULL. Each block that came anyway is kept
 * in Wrong[] for the cleanup. */
static BOOLEAN contiguous_refused(PVOID Wrong[], ULONG Index, SIZE_T Bytes,
                                  LONGLONG Highest)
{
    PHYSICAL_ADDRESS Limit;

    Limit.QuadPart = Highest;
    Wrong[Index] = MmAllocateContiguousMemory(Bytes, Limit);
    return Wrong[Index] == NULL;
}

KTEST(mm_contiguous_memory)
{
    KT_CLEANUP_SECTION;
    MI_BUDDY_STATISTICS Before, After;
    PHYSICAL_ADDRESS Limit;
    PUCHAR Block = NULL, Other = NULL;
    PVOID Wrong[4] = {NULL, NULL, NULL, NULL};
    PFN_NUMBER Frame;
    ULONG Index;

    MiBuddyDrainCache(&MiBuddy);
    MiBuddyQuery(&MiBuddy, &Before);
    /* Impossible requests: NULL, and nothing changes. */
    KT_ASSERT(contiguous_refused(Wrong, 0, PAGE_SIZE, 0xFFF));
    /* The first MiB is all reserved. */
    KT_ASSERT(contiguous_refused(Wrong, 1, PAGE_SIZE, 0xFFFFF));
    KT_ASSERT(contiguous_refused(Wrong, 2, 0, -1));
    KT_ASSERT(
        contiguous_refused(Wrong, 3, (PAGE_SIZE << MI_MAX_ORDER) + 1, -1));
    MiBuddyQuery(&MiBuddy, &After);
    KT_ASSERT(statistics_equal(&After, &Before));

    Limit.QuadPart = 0xFFFFFF; /* ISA DMA: below 16 MiB */
    Block = MmAllocateContiguousMemory(5 * PAGE_SIZE + 1, Limit);
    KT_ASSERT(Block != NULL);
    KT_ASSERT(((ULONG_PTR)Block & (PAGE_SIZE - 1)) == 0);
    Frame = KI_VIRTUAL_TO_PHYSICAL(Block) >> PAGE_SHIFT;
    KT_ASSERT(Frame + 6 <= MI_DMA_LIMIT_PAGE);
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->Usage, MiUsageContiguous);
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->Owner, 6);
    for (Index = 0; Index < 6 * PAGE_SIZE; Index++)
        Block[Index] = (UCHAR)Index;
    for (Index = 0; Index < 6 * PAGE_SIZE; Index++)
        KT_ASSERT_EQ(Block[Index], (UCHAR)Index);
    MiBuddyQuery(&MiBuddy, &After);
    KT_ASSERT_EQ(After.TotalFree, Before.TotalFree - 6);

    /* A second one does not overlap the first. */
    Limit.QuadPart = -1; /* anywhere */
    Other = MmAllocateContiguousMemory(3 * PAGE_SIZE, Limit);
    KT_ASSERT(Other != NULL);
    KT_ASSERT(Other + 3 * PAGE_SIZE <= Block || Other >= Block + 6 * PAGE_SIZE);
    KT_CLEANUP;
    for (Index = 0; Index < ARRAYSIZE(Wrong); Index++) {
        if (Wrong[Index] != NULL)
            MmFreeContiguousMemory(Wrong[Index]);
    }
    if (Other != NULL)
        MmFreeContiguousMemory(Other);
    if (Block != NULL)
        MmFreeContiguousMemory(Block);
    MiBuddyDrainCache(&MiBuddy);
    MiBuddyQuery(&MiBuddy, &After);
    KT_ASSERT(statistics_equal(&After, &Before));
    KT_ASSERT(consistent());
}

/* The order-0 pair without the PFN lock (mm/pfn.c): the frame comes off
 * the top zone's cache and goes back on it, the free count moves by one
 * and back, and what the page lists left in the record is cleared as the
 * locked path clears it. With every operation checked (mmcheck=1, or
 * switched on here) the pair takes the locked path: the top zone's cache
 * stays empty and the checker runs. */
KTEST(mm_page_pair_without_the_lock_keeps_the_counts)
{
    KT_CLEANUP_SECTION;
    BOOLEAN Checking = MiBuddy.CheckEveryOperation, Switched = FALSE;
    PFN_NUMBER Frame, Again = MI_NO_PAGE, Before;
    ULONG Cached;
    KIRQL OldIrql;

    MiFreePages(MiAllocatePages(0, MI_CONSTRAINT_ANY), 0); /* one cached */
    Before = MiFreePageCount();
    Cached = MiBuddy.TopCache.Count;
    Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    KT_ASSERT(Frame != MI_NO_PAGE);
    KT_ASSERT_EQ(MiFreePageCount(), Before - 1);
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->State, MiPfnActive);
    if (!Checking && MiBuddy.ListPages[MiBuddy.TopZone] >= MI_LOW_MEMORY_PAGES)
        KT_ASSERT_EQ(MiBuddy.TopCache.Count, Cached - 1);
    MiGetPfnEntry(Frame)->Flags |= MI_PFN_STANDBY;
    MiGetPfnEntry(Frame)->OriginalPte = 0x1234;
    MiFreePages(Frame, 0);
    KT_ASSERT_EQ(MiFreePageCount(), Before);
    KT_ASSERT_EQ(MiBuddy.TopCache.Count, Cached);
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->State, MiPfnCached);
    Again = MiAllocatePages(0, MI_CONSTRAINT_ANY); /* the same: last in */
    KT_ASSERT(Again == Frame);
    KT_ASSERT_EQ(MiGetPfnEntry(Again)->Flags & MI_PFN_STANDBY, 0);
    KT_ASSERT_EQ(MiGetPfnEntry(Again)->OriginalPte, 0);
    MiFreePages(Again, 0);
    Again = MI_NO_PAGE;

    OldIrql = MiAcquirePfnLock();
    MiBuddySetChecking(&MiBuddy, TRUE);
    MiReleasePfnLock(OldIrql);
    Switched = !Checking;
    KT_ASSERT_EQ(MiBuddy.TopCache.Count, 0);
    Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    KT_ASSERT(Frame != MI_NO_PAGE);
    MiFreePages(Frame, 0);
    KT_ASSERT_EQ(MiBuddy.TopCache.Count, 0);
    KT_ASSERT_EQ(MiFreePageCount(), Before);
    KT_ASSERT(consistent());
    KT_CLEANUP;
    if (Again != MI_NO_PAGE)
        MiFreePages(Again, 0);
    if (Switched) {
        OldIrql = MiAcquirePfnLock();
        MiBuddySetChecking(&MiBuddy, FALSE);
        MiReleasePfnLock(OldIrql);
    }
}

KTEST(mm_check_every_operation_follows_the_command_line)
{
    KT_ASSERT_EQ(MiBuddy.CheckEveryOperation,
                 KiGetBooleanOption(KiGetCommandLine(), "mmcheck"));
}

/* Crash tests: each bad free must stop the machine with PFN_LIST_CORRUPT
 * and the first parameter that names the mistake (tools/test.sh). */
KTEST_CRASH(crash_free_twice)
{
    PFN_NUMBER Frame = MiAllocatePages(1, MI_CONSTRAINT_ANY);

    MiFreePages(Frame, 1);
    MiFreePages(Frame, 1);
}

/* A single frame freed twice through the pair round the PFN lock: the
 * first free caches it, the second finds its state Cached, which the
 * fast path refuses, and the locked path stops: PFN_LIST_CORRUPT 0x07
 * (frame, state Cached, order 0). */
KTEST_CRASH(crash_page_freed_twice)
{
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);

    MiFreePages(Frame, 0);
    MiFreePages(Frame, 0);
}

KTEST_CRASH(crash_free_wrong_order)
{
    PFN_NUMBER Frame = MiAllocatePages(2, MI_CONSTRAINT_ANY);

    MiFreePages(Frame, 1);
}

KTEST_CRASH(crash_free_reserved_frame)
{
    MiFreePages(KI_VIRTUAL_TO_PHYSICAL(__kernel_start) >> PAGE_SHIFT, 0);
}

KTEST_CRASH(crash_free_contiguous_not_allocated)
{
    PHYSICAL_ADDRESS Limit;
    PVOID Block;

    Limit.QuadPart = -1;
    Block = MmAllocateContiguousMemory(PAGE_SIZE, Limit);
    MmFreeContiguousMemory((PUCHAR)Block + PAGE_SIZE);
}

/* A loader that gives no memory map: mem_lower/mem_upper are used. */
static MI_MEMORY_MAP scratch_map;

static VOID fake_boot(KI_BOOT_INFORMATION *Boot)
{
    RtlZeroMemory(Boot, sizeof(*Boot));
    Boot->WindowBase = KI_KERNEL_VIRTUAL_BASE;
}

KTEST(mm_without_a_map_the_memory_sizes_are_used)
{
    KI_BOOT_INFORMATION Boot;

    fake_boot(&Boot);
    Boot.HasMemorySizes = TRUE;
    Boot.MemLowerKb = 639;
    Boot.MemUpperKb = 7 * 1024;
    MiBuildMemoryMap(&scratch_map, &Boot);
    KT_ASSERT_EQ(MiHighestFreePage(&scratch_map), 0x800);
    KT_ASSERT_EQ(MiGetMemoryType(&scratch_map, 0x50), MiMemoryFirmware);
    KT_ASSERT_EQ(MiGetMemoryType(&scratch_map, 0x100), MiMemoryKernelImage);
    KT_ASSERT_EQ(MiGetMemoryType(&scratch_map, 0x7FF), MiMemoryFree);
    KT_ASSERT_EQ(MiGetMemoryType(&scratch_map, 0x800), MiMemoryReserved);
}

KTEST(mm_a_malformed_map_is_not_half_used)
{
    /* One good entry, then one whose size field is too small. */
    static ULONG Entries[12] = {20, 0, 0, 0x9F000, 0, 1, 8, 0, 0, 0, 0, 0};
    KI_BOOT_INFORMATION Boot;

    fake_boot(&Boot);
    Boot.MemoryMap = (const UCHAR *)Entries;
    Boot.MemoryMapPhysical = KI_VIRTUAL_TO_PHYSICAL(Entries);
    Boot.MemoryMapLength = sizeof(Entries);
    Boot.HasMemorySizes = TRUE;
    Boot.MemLowerKb = 639;
    Boot.MemUpperKb = 3 * 1024;
    MiBuildMemoryMap(&scratch_map, &Boot);
    KT_ASSERT_EQ(MiHighestFreePage(&scratch_map), 0x400);
    /* The buffer that held the bad map is reserved like any loader map. */
    KT_ASSERT(MiGetMemoryType(&scratch_map, Boot.MemoryMapPhysical >>
                                                PAGE_SHIFT) != MiMemoryFree);
}

KTEST_CRASH(crash_boot_without_memory_information)
{
    KI_BOOT_INFORMATION Boot;

    fake_boot(&Boot);
    MiBuildMemoryMap(&scratch_map, &Boot); /* LOADER_BLOCK_MISMATCH */
}
