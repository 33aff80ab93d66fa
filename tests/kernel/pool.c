/*
 * The pool on real memory: a randomised run with fill patterns, tags and
 * tracking; paged pool in its range and backed by any frame; nonpaged
 * exhaustion returning NULL and every frame coming back; lookaside depth
 * moved by the clock. The bug checks are crash tests (separate boots).
 */
#include "kernel/pool.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/pool_pages.h"
#include "kernel/process.h"
#include "tests/kernel/kt_pool.h"

#define TAG_MODEL 'ldoM'
#define TAG_FILL 'lliF'

typedef struct _KT_BLOCK {
    PUCHAR Block;
    ULONG Size;
    ULONG Tag;
    UCHAR Fill;
    UCHAR Type;
} KT_BLOCK;

#define KT_LIVE 400
static KT_BLOCK kt_live[KT_LIVE];
static ULONG kt_seed = 0x2545F491;

static ULONG kt_random(VOID)
{
    kt_seed = kt_seed * 1103515245u + 12345u;
    return kt_seed >> 8;
}

static BOOLEAN intact(const KT_BLOCK *Live)
{
    ULONG Index;

    for (Index = 0; Index < Live->Size; Index++)
        if (Live->Block[Index] != (UCHAR)(Live->Fill + Index))
            return FALSE;
    return TRUE;
}

KTEST(pool_model_on_real_memory)
{
    static const UCHAR Types[] = {NonPagedPool, PagedPool,
                                  NonPagedPoolCacheAligned,
                                  PagedPoolCacheAligned};
    KT_CLEANUP_SECTION;
    PFN_NUMBER Before;
    ULONG Tables = KtPagedPoolFrames(), Count = 0, Op, Index;
    MI_POOL_TRACKER_ENTRY *Entry;
    SIZE_T SlabPages;

    /* What others hold (the shell's, when run from it) stays. */
    MiPoolReclaim();
    Tables = KtPagedPoolFrames();
    Before = KtFreeFrames();
    SlabPages = MiPools[0].SlabPages + MiPools[1].SlabPages;

    DbgPrint("pool model seed %08lx\n", kt_seed);
    for (Op = 0; Op < 20000; Op++) {
        if (Count < KT_LIVE && (Count == 0 || kt_random() % 3 != 0)) {
            KT_BLOCK *Live = &kt_live[Count];
            ULONG Kind = kt_random() % 20;

            Live->Size = Kind == 0  ? kt_random() % 40000
                         : Kind < 5 ? kt_random() % 64
                                    : kt_random() % 4081;
            Live->Type = Types[kt_random() % ARRAYSIZE(Types)];
            Live->Tag = TAG_MODEL + (kt_random() % 8);
            Live->Fill = (UCHAR)kt_random();
            Live->Block =
                ExAllocatePoolWithTag(Live->Type, Live->Size, Live->Tag);
            KT_ASSERT_MSG(Live->Block != NULL, "%lu bytes", Live->Size);
            Count++;
            KT_ASSERT(((ULONG_PTR)Live->Block & 7) == 0);
            KT_ASSERT(!(Live->Type & 4) ||
                      ((ULONG_PTR)Live->Block & (MiPoolCacheLine - 1)) == 0);
            KT_ASSERT((Live->Size > POOL_SMALL_BLOCK_MAXIMUM) <=
                      (((ULONG_PTR)Live->Block & (PAGE_SIZE - 1)) == 0));
            KT_ASSERT(ExQueryPoolBlockSize(Live->Block, NULL) >= Live->Size);
            for (Index = 0; Index < Live->Size; Index++)
                Live->Block[Index] = (UCHAR)(Live->Fill + Index);
        } else {
            KT_BLOCK *Live = &kt_live[kt_random() % Count];

            KT_ASSERT_MSG(intact(Live), "block %p clobbered", Live->Block);
            ExFreePoolWithTag(Live->Block, Live->Tag);
            *Live = kt_live[--Count];
        }
    }
    for (Index = 0; Index < Count; Index++)
        KT_ASSERT_MSG(intact(&kt_live[Index]), "block %p clobbered",
                      kt_live[Index].Block);
    KT_CLEANUP;
    while (Count > 0)
        ExFreePool(kt_live[--Count].Block);
    MiPoolFrontFold(); /* as a query does: the front's tag memos */
    for (Index = 0; Index < 8; Index++) {
        Entry = MiPoolTrackerLookup(&MiPools[NonPagedPool], TAG_MODEL + Index);
        KT_ASSERT_EQ(Entry->Bytes, 0);
        KT_ASSERT_EQ(Entry->Allocations, Entry->Frees);
        Entry = MiPoolTrackerLookup(&MiPools[PagedPool], TAG_MODEL + Index);
        KT_ASSERT_EQ(Entry->Bytes, 0);
        KT_ASSERT(Entry->Allocations > 0);
    }
    MiPoolReclaim();
    KT_ASSERT_EQ(MiPools[0].SlabPages + MiPools[1].SlabPages, SlabPages);
    KT_ASSERT_EQ(KtFreeFrames() + (KtPagedPoolFrames() - Tables), Before);
}

static VOID free_block(PVOID Block)
{
    if (Block != NULL)
        ExFreePoolWithTag(Block, TAG_FILL);
}

KTEST(pool_paged_lives_in_its_range)
{
    KT_CLEANUP_SECTION;
    PUCHAR Paged = ExAllocatePoolWithTag(PagedPool, 300, TAG_FILL);
    PUCHAR NonPaged = ExAllocatePoolWithTag(NonPagedPool, 300, TAG_FILL);
    PUCHAR Big = ExAllocatePoolWithTag(PagedPool, 3 * PAGE_SIZE, TAG_FILL);
    PUCHAR Freed;
    PFN_NUMBER Frame;
    ULONG Protection;

    KT_ASSERT(Paged != NULL && NonPaged != NULL && Big != NULL);
    KT_ASSERT((ULONG_PTR)Paged - MI_PAGED_POOL_START <
              MI_PAGED_POOL_END - MI_PAGED_POOL_START);
    KT_ASSERT((ULONG_PTR)Big - MI_PAGED_POOL_START <
              MI_PAGED_POOL_END - MI_PAGED_POOL_START);
    KT_ASSERT((ULONG_PTR)NonPaged - KI_KERNEL_VIRTUAL_BASE < MiDirectMapEndPage
                                                                 << PAGE_SHIFT);
    KT_ASSERT(MiQueryPage(Paged, &Frame, &Protection));
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->Usage, MiUsagePool);
    KT_ASSERT_EQ(Protection, PAGE_READWRITE);
    /* A guard page before each paged run: the page below Big is empty. */
    KT_ASSERT(!MiQueryPage(Big - PAGE_SIZE, &Frame, &Protection));
    Big[3 * PAGE_SIZE - 1] = 1;
    Freed = Big;
    ExFreePoolWithTag(Big, TAG_FILL);
    Big = NULL;
    KT_ASSERT(!MiQueryPage(Freed, &Frame, &Protection));
    KT_CLEANUP;
    free_block(Big);
    free_block(Paged);
    free_block(NonPaged);
    MiPoolReclaim();
}

/* Nonpaged pool until it runs out: big blocks, then one-page blocks,
 * then small ones; each failure is a clean NULL. Blocks are chained
 * through their first word. */
KTEST(pool_nonpaged_exhaustion_returns_null_and_frees_back)
{
    static const SIZE_T Sizes[] = {64 * 1024, 4000, 200, 0};
    KT_CLEANUP_SECTION;
    PFN_NUMBER Before = 0;
    PVOID Chain = NULL, Block;
    ULONG Counts[4] = {0, 0, 0, 0}, Size, Failures = MiPools[0].Failures;

    /* With a page file the paging threads move frames while memory runs
     * out (the kernel's own PAGE pages among them): no exact count. */
    if (MiPageFilePresent)
        KT_SKIP("a page file refills memory as it runs out");
    MiPoolReclaim();
    Before = KtFreeFrames();

    for (Size = 0; Size < ARRAYSIZE(Sizes); Size++) {
        while ((Block = ExAllocatePoolWithTag(NonPagedPool, Sizes[Size],
                                              TAG_FILL)) != NULL) {
            *(PVOID *)Block = Chain;
            Chain = Block;
            Counts[Size]++;
        }
    }
    DbgPrint("pool: exhausted after %lu x 64 KiB, %lu x 4000, %lu x 200, "
             "%lu x 0 bytes\n",
             Counts[0], Counts[1], Counts[2], Counts[3]);
    KT_ASSERT(Counts[0] > 0);
    KT_ASSERT(MiPools[0].Failures >= Failures + 4);
    /* Paged pool may still have frames from high memory, never low ones
     * for a slab here: nothing is left below the direct map's end. */
    Block = ExAllocatePoolWithTag(NonPagedPoolCacheAligned, 100, TAG_FILL);
    if (Block != NULL) {
        *(PVOID *)Block = Chain;
        Chain = Block;
    }
    KT_ASSERT(Block == NULL);
    KT_CLEANUP;
    while (Chain != NULL) {
        Block = Chain;
        Chain = *(PVOID *)Block;
        ExFreePoolWithTag(Block, TAG_FILL);
    }
    MiPoolFrontFold();
    KT_ASSERT_EQ(MiPoolTrackerLookup(&MiPools[0], TAG_FILL)->Bytes, 0);
    MiPoolReclaim();
    if (!MiPageFilePresent) /* skipped: nothing was taken */
        KT_ASSERT_EQ(KtFreeFrames(), Before);
}

KTEST(pool_quota_charges_the_current_process)
{
    KT_CLEANUP_SECTION;
    PEPROCESS Process = PsGetCurrentProcess();
    SIZE_T Before = Process->QuotaUsage[PagedPool];
    PVOID Block = ExAllocatePoolWithQuotaTag(PagedPool, 100, TAG_FILL);
    BOOLEAN Quota = FALSE;

    KT_ASSERT(Block != NULL);
    KT_ASSERT(ExQueryPoolBlockSize(Block, &Quota) >= 100 && Quota);
    KT_ASSERT(Process->QuotaUsage[PagedPool] > Before);
    KT_CLEANUP;
    free_block(Block);
    KT_ASSERT_EQ(Process->QuotaUsage[PagedPool], Before);
}

/* Waits until the clock has adjusted the depths Start times in all. */
static BOOLEAN adjustments_after(ULONG Start)
{
    ULONG Waited;

    for (Waited = 0; Waited < 3 * EXP_LOOKASIDE_PERIOD_MS; Waited += 10) {
        if (*(volatile ULONG *)&ExpLookasideAdjustments >= Start)
            return TRUE;
        KeStallExecutionProcessor(10000);
    }
    return FALSE;
}

/* Entries a test holds from its lookaside list, each checked: a list
 * whose pool ran out hands out NULL. */
typedef struct _KT_HELD {
    ULONG Count;
    PVOID Entries[200];
} KT_HELD;

static BOOLEAN take_entries(PNPAGED_LOOKASIDE_LIST List, KT_HELD *Held,
                            ULONG Count)
{
    while (Held->Count < Count) {
        PVOID Entry = ExAllocateFromNPagedLookasideList(List);

        if (Entry == NULL)
            return FALSE;
        Held->Entries[Held->Count++] = Entry;
    }
    return TRUE;
}

static VOID give_back_entries(PNPAGED_LOOKASIDE_LIST List, KT_HELD *Held)
{
    while (Held->Count > 0)
        ExFreeToNPagedLookasideList(List, Held->Entries[--Held->Count]);
}

KTEST(lookaside_depth_follows_the_clock)
{
    static NPAGED_LOOKASIDE_LIST List;
    static KT_HELD Held;
    KT_CLEANUP_SECTION;
    ULONG Round, Start;
    USHORT Grown;

    Held.Count = 0;
    ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, 48, TAG_FILL, 0);
    KT_ASSERT_EQ(List.L.Depth, LOOKASIDE_MINIMUM_DEPTH);
    /* Start right after an adjustment, so the burst falls in one period. */
    KT_ASSERT(adjustments_after(ExpLookasideAdjustments + 1));
    Start = ExpLookasideAdjustments;
    for (Round = 0; Round < 2; Round++) {
        KT_ASSERT_MSG(take_entries(&List, &Held, 200),
                      "no memory for entry %lu", Held.Count);
        give_back_entries(&List, &Held);
    }
    KT_ASSERT(adjustments_after(Start + 1));
    Grown = List.L.Depth;
    KT_ASSERT_MSG(Grown > LOOKASIDE_MINIMUM_DEPTH + 50,
                  "depth %u after 400 allocations, %lu misses", Grown,
                  List.L.AllocateMisses);
    KT_ASSERT_MSG(take_entries(&List, &Held, 100), "no memory for entry %lu",
                  Held.Count);
    give_back_entries(&List, &Held);
    KT_ASSERT_EQ(ExQueryDepthSList(&List.L.ListHead), 100);
    /* The period of that burst, then an idle one: the depth drops. */
    KT_ASSERT(adjustments_after(ExpLookasideAdjustments + 1));
    Grown = List.L.Depth;
    KT_ASSERT(adjustments_after(ExpLookasideAdjustments + 1));
    KT_ASSERT_MSG(List.L.Depth < Grown, "depth %u, was %u", List.L.Depth,
                  Grown);
    /* More idle periods (run here, not waited for): down to the minimum,
     * and what is above the depth goes back to the object cache. */
    for (Round = 0; Round < 30; Round++)
        ExpAdjustLookasideDepth();
    KT_ASSERT_EQ(List.L.Depth, LOOKASIDE_MINIMUM_DEPTH);
    KT_ASSERT_EQ(ExQueryDepthSList(&List.L.ListHead), LOOKASIDE_MINIMUM_DEPTH);
    KT_ASSERT_EQ(((MI_SLAB_CACHE *)List.L.Cache)->InUse,
                 LOOKASIDE_MINIMUM_DEPTH);
    KT_CLEANUP;
    give_back_entries(&List, &Held);
    ExDeleteNPagedLookasideList(&List);
    MiPoolReclaim();
}

KTEST_CRASH(crash_pool_paged_at_dispatch_level)
{
    KIRQL OldIrql;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    ExAllocatePoolWithTag(PagedPool, 16, TAG_FILL); /* BAD_POOL_CALLER 8 */
}

KTEST_CRASH(crash_pool_free_above_dispatch_level)
{
    PVOID Block = ExAllocatePoolWithTag(NonPagedPool, 16, TAG_FILL);
    KIRQL OldIrql;

    KeRaiseIrql(DISPATCH_LEVEL + 1, &OldIrql);
    ExFreePool(Block); /* BAD_POOL_CALLER 9 */
}

/* The second free finds the header the front's first free cleared (the
 * block waits in the front): BAD_POOL_CALLER 7, as before the front. */
KTEST_CRASH(crash_pool_free_twice)
{
    PVOID Block = ExAllocatePoolWithTag(NonPagedPool, 16, TAG_FILL);

    ExAllocatePoolWithTag(NonPagedPool, 16, TAG_FILL);
    ExFreePool(Block);
    ExFreePool(Block); /* BAD_POOL_CALLER 7 */
}

/* A block over 512 bytes: the export's front refuses it by its header
 * and jumps to the checked free that skips the big-block test; the second
 * free stops there, BAD_POOL_CALLER 7. */
KTEST_CRASH(crash_pool_free_twice_over_512_bytes)
{
    PVOID Block = ExAllocatePoolWithTag(NonPagedPool, 600, TAG_FILL);

    ExAllocatePoolWithTag(NonPagedPool, 600, TAG_FILL);
    ExFreePoolWithTag(Block, TAG_FILL);
    ExFreePoolWithTag(Block, TAG_FILL); /* BAD_POOL_CALLER 7 */
}

/* The front's free compares the tag before it takes the block. */
KTEST_CRASH(crash_pool_free_wrong_tag)
{
    ExFreePoolWithTag(ExAllocatePoolWithTag(PagedPool, 16, TAG_FILL),
                      TAG_MODEL); /* BAD_POOL_CALLER 0x0A */
}

KTEST_CRASH(crash_pool_overrun_into_next_header)
{
    PUCHAR Block = ExAllocatePoolWithTag(NonPagedPool, 24, TAG_FILL);

    ExAllocatePoolWithTag(NonPagedPool, 24, TAG_FILL);
    RtlFillMemory(Block, 24 + 8, 0x5A);
    ExFreePool(Block); /* into the front: its neighbour is not checked yet */
    MiPoolReclaim();   /* the drain checks it: BAD_POOL_HEADER 5 */
}

/* A front that fills drains its oldest half: the overrun is found there,
 * within two drains of the free. */
KTEST_CRASH(crash_pool_overrun_found_when_the_front_drains)
{
    PVOID Blocks[65];
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(Blocks); Index++)
        Blocks[Index] = ExAllocatePoolWithTag(NonPagedPool, 24, TAG_FILL);
    RtlFillMemory(Blocks[0], 24 + 8, 0x5A);
    ExFreePool(Blocks[0]);
    /* The victim stays out: a drain would find its own header first. */
    for (Index = 1; Index < ARRAYSIZE(Blocks); Index++)
        if ((PUCHAR)Blocks[Index] != (PUCHAR)Blocks[0] + 24 + 8)
            ExFreePool(Blocks[Index]); /* BAD_POOL_HEADER 5 at a drain */
}

KTEST_CRASH(crash_pool_free_kernel_data)
{
    static ULONG NotPool[4];

    ExFreePool(&NotPool[2]); /* BAD_POOL_CALLER 0x41 */
}
