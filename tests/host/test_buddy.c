/*
 * The buddy allocator on the host: splitting, merging, zones, exact
 * ranges, the bug checks on bad frees, the invariant checker catching
 * corruption, and a randomised run against a simple model of who owns
 * each frame, with the checker after every step.
 */
#include "host_bugcheck.h"
#include "host_test.h"
#include "kernel/buddy.h"
#include "ntddk.h"

static MI_BUDDY buddy;
static PMMPFN database;

static void setup(PFN_NUMBER PageCount)
{
    free(database);
    database = calloc(PageCount, sizeof(MMPFN));
    MiBuddyInitialize(&buddy, database, PageCount);
}

static int consistent(void)
{
    MI_BUDDY_CHECK Result;

    if (MiBuddyCheck(&buddy, &Result))
        return 1;
    printf("    checker: %s at frame %#lx\n",
           MiBuddyProblemName(Result.Problem), (unsigned long)Result.Frame);
    return 0;
}

static void record_size_is_twenty_eight_bytes_on_x86(void)
{
    /* Flink, Blink, ReferenceCount, State, Order, Usage, Flags, LockCount:
     * 16 bytes everywhere; then Owner, a pointer-sized word (the pool's
     * slab), and the paging pair PteAddress, OriginalPte: 28 bytes in the
     * i686 kernel. */
    CHECK_EQ(FIELD_OFFSET(MMPFN, Owner), 16);
    CHECK_EQ(sizeof(MMPFN), 24 + sizeof(ULONG_PTR));
}

static void adding_a_range_builds_maximal_aligned_blocks(void)
{
    MI_BUDDY_STATISTICS Statistics;

    setup(4096);
    MiBuddyAddRange(&buddy, 1, 2047); /* frames 1..2047 */
    CHECK(consistent());
    MiBuddyQuery(&buddy, &Statistics);
    CHECK_EQ(Statistics.TotalFree, 2047);
    CHECK_EQ(Statistics.TotalManaged, 2047);
    /* 1 + 2 + 4 + ... + 512 + 1024: one block of each order 0..10. */
    for (ULONG Order = 0; Order <= MI_MAX_ORDER; Order++)
        CHECK_EQ(Statistics.FreeBlocks[MiZoneDma][Order], 1);
    CHECK_EQ(Statistics.LargestFreeOrder, MI_MAX_ORDER);
    CHECK_EQ(database[1024].State, MiPfnFree);
    CHECK_EQ(database[1024].Order, 10);
    CHECK_EQ(database[1025].State, MiPfnTail);
    CHECK_EQ(database[0].State, MiPfnReserved);
}

static void alloc_splits_and_free_merges_back(void)
{
    MI_BUDDY_STATISTICS Statistics;
    PFN_NUMBER Frame;

    setup(1024);
    MiBuddyAddRange(&buddy, 0, 1024);
    Frame = MiBuddyAllocate(&buddy, 3, MI_CONSTRAINT_ANY);
    CHECK_EQ(Frame, 0);
    CHECK(consistent());
    MiBuddyQuery(&buddy, &Statistics);
    /* 1024 = 8 taken + 8 + 16 + ... + 512 left. */
    for (ULONG Order = 3; Order < MI_MAX_ORDER; Order++)
        CHECK_EQ(Statistics.FreeBlocks[MiZoneDma][Order], 1);
    CHECK_EQ(Statistics.FreeBlocks[MiZoneDma][MI_MAX_ORDER], 0);
    CHECK_EQ(database[0].State, MiPfnActive);
    CHECK_EQ(database[0].ReferenceCount, 1);
    MiBuddyFree(&buddy, Frame, 3);
    CHECK(consistent());
    MiBuddyQuery(&buddy, &Statistics);
    CHECK_EQ(Statistics.FreeBlocks[MiZoneDma][MI_MAX_ORDER], 1);
    CHECK_EQ(Statistics.TotalFree, 1024);
}

static void order_zero_goes_through_the_cache(void)
{
    MI_BUDDY_STATISTICS Statistics;
    PFN_NUMBER Frame;

    setup(1024);
    MiBuddyAddRange(&buddy, 0, 1024);
    Frame = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    CHECK(Frame != MI_NO_PAGE);
    MiBuddyQuery(&buddy, &Statistics);
    CHECK_EQ(Statistics.CachedPages[MiZoneDma], MI_PAGE_CACHE_BATCH - 1);
    CHECK_EQ(Statistics.TotalFree, 1023);
    MiBuddyFree(&buddy, Frame, 0);
    CHECK_EQ(database[Frame].State, MiPfnCached);
    /* The freed frame is the next one handed out (hot in the CPU cache). */
    CHECK_EQ(MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY), Frame);
    MiBuddyFree(&buddy, Frame, 0);
    CHECK(consistent());
    MiBuddyDrainCache(&buddy);
    MiBuddyQuery(&buddy, &Statistics);
    CHECK_EQ(Statistics.CachedPages[MiZoneDma], 0);
    CHECK_EQ(Statistics.FreeBlocks[MiZoneDma][MI_MAX_ORDER], 1);
}

static void a_large_block_drains_the_cache_when_it_must(void)
{
    PFN_NUMBER Frames[16], Frame;

    setup(16);
    MiBuddyAddRange(&buddy, 0, 16);
    for (int Index = 0; Index < 16; Index++)
        Frames[Index] = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    for (int Index = 0; Index < 16; Index++)
        MiBuddyFree(&buddy, Frames[Index], 0); /* all sit in the cache */
    Frame = MiBuddyAllocate(&buddy, 4, MI_CONSTRAINT_ANY);
    CHECK_EQ(Frame, 0);
    CHECK(consistent());
}

static void exhaustion_hands_out_each_frame_once(void)
{
    static unsigned char Seen[3000];
    MI_BUDDY_STATISTICS Before, After;
    PFN_NUMBER Frame;
    ULONG Count = 0;

    setup(3000);
    MiBuddyAddRange(&buddy, 5, 1000);
    MiBuddyAddRange(&buddy, 1500, 1499);
    MiBuddyQuery(&buddy, &Before);
    memset(Seen, 0, sizeof(Seen));
    while ((Frame = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY)) !=
           MI_NO_PAGE) {
        CHECK(Frame < 3000 && !Seen[Frame]);
        CHECK((Frame >= 5 && Frame < 1005) || (Frame >= 1500 && Frame < 2999));
        Seen[Frame] = 1;
        Count++;
    }
    CHECK_EQ(Count, 2499);
    CHECK(consistent());
    CHECK_EQ(MiBuddyAllocate(&buddy, 1, MI_CONSTRAINT_ANY), MI_NO_PAGE);
    for (Frame = 0; Frame < 3000; Frame++) {
        if (Seen[Frame])
            MiBuddyFree(&buddy, Frame, 0);
    }
    MiBuddyDrainCache(&buddy);
    CHECK(consistent());
    MiBuddyQuery(&buddy, &After);
    CHECK(memcmp(&Before, &After, sizeof(Before)) == 0);
}

static void zones_are_honoured(void)
{
    PFN_NUMBER Frame;

    setup(MI_LOW_LIMIT_PAGE + 2048);
    MiBuddyAddRange(&buddy, 0x100, 0x100);             /* DMA */
    MiBuddyAddRange(&buddy, MI_DMA_LIMIT_PAGE, 0x400); /* low */
    MiBuddyAddRange(&buddy, MI_LOW_LIMIT_PAGE, 0x800); /* high */
    CHECK(consistent());
    Frame = MiBuddyAllocate(&buddy, 2, MI_CONSTRAINT_ANY);
    CHECK_EQ(MiZoneOfFrame(Frame), MiZoneHigh); /* high memory first */
    MiBuddyFree(&buddy, Frame, 2);
    Frame = MiBuddyAllocate(&buddy, 2, MI_CONSTRAINT_LOW);
    CHECK_EQ(MiZoneOfFrame(Frame), MiZoneLow);
    MiBuddyFree(&buddy, Frame, 2);
    Frame = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_DMA);
    CHECK_EQ(MiZoneOfFrame(Frame), MiZoneDma);
    MiBuddyFree(&buddy, Frame, 0);
    /* Only 0x100 frames below 16 MiB: a 2 MiB DMA block cannot exist. */
    CHECK_EQ(MiBuddyAllocate(&buddy, 9, MI_CONSTRAINT_DMA), MI_NO_PAGE);
    /* The whole DMA zone as one block, then nothing is left there. */
    Frame = MiBuddyAllocate(&buddy, 8, MI_CONSTRAINT_DMA);
    CHECK_EQ(Frame, 0x100);
    CHECK_EQ(MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_DMA), MI_NO_PAGE);
    MiBuddyFree(&buddy, Frame, 8);
    CHECK(consistent());
    /* Bad arguments fail instead of guessing. */
    CHECK_EQ(MiBuddyAllocate(&buddy, MI_MAX_ORDER + 1, MI_CONSTRAINT_ANY),
             MI_NO_PAGE);
    CHECK_EQ(MiBuddyAllocate(&buddy, 0, (MI_ZONE)7), MI_NO_PAGE);
    /* ... also when the fast path's cache has frames. */
    Frame = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    MiBuddyFree(&buddy, Frame, 0);
    CHECK(MiBuddyZoneCache(&buddy, MiZoneHigh)->Count != 0);
    CHECK_EQ(MiBuddyAllocate(&buddy, 0, (MI_ZONE)7), MI_NO_PAGE);
    CHECK(consistent());
}

static void exact_ranges_give_back_their_tail(void)
{
    MI_BUDDY_STATISTICS Statistics;
    PFN_NUMBER First;

    setup(2048);
    MiBuddyAddRange(&buddy, 1024, 1024);
    First = MiBuddyAllocateRange(&buddy, 5, 2047);
    CHECK(First != MI_NO_PAGE);
    CHECK_EQ(First % 8, 0);
    MiBuddyQuery(&buddy, &Statistics);
    CHECK_EQ(Statistics.TotalFree, 1024 - 5);
    CHECK(consistent());
    /* The kept pieces: 4 frames and 1. */
    CHECK_EQ(database[First].Order, 2);
    CHECK_EQ(database[First + 4].Order, 0);
    CHECK_EQ(database[First + 4].State, MiPfnActive);
    CHECK_EQ(database[First + 5].State, MiPfnFree);
    MiBuddyFreeRange(&buddy, First, 5);
    CHECK(consistent());
    MiBuddyQuery(&buddy, &Statistics);
    CHECK_EQ(Statistics.FreeBlocks[MiZoneDma][MI_MAX_ORDER], 1);
    /* The highest acceptable frame is honoured, and too low a limit fails. */
    First = MiBuddyAllocateRange(&buddy, 3, 1024 + 3);
    CHECK_EQ(First, 1024);
    CHECK_EQ(MiBuddyAllocateRange(&buddy, 3, 1023), MI_NO_PAGE);
    CHECK_EQ(MiBuddyAllocateRange(&buddy, 0, 2047), MI_NO_PAGE);
    CHECK_EQ(MiBuddyAllocateRange(&buddy, 1025, 2047), MI_NO_PAGE);
    MiBuddyFreeRange(&buddy, First, 3);
    CHECK(consistent());
}

static void bad_frees_stop_the_machine(void)
{
    PFN_NUMBER Frame;

    setup(1024);
    MiBuddyAddRange(&buddy, 512, 512);
    Frame = MiBuddyAllocate(&buddy, 2, MI_CONSTRAINT_ANY);
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, Frame, 3)));
    CHECK_EQ(bugcheck_code, PFN_LIST_CORRUPT);
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_WRONG_ORDER);
    CHECK_EQ(bugcheck_parameter[1], Frame);
    CHECK_EQ(bugcheck_parameter[2], 3);
    CHECK_EQ(bugcheck_parameter[3], 2);
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, Frame + 1, 0))); /* inside a block */
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_UNALLOCATED);
    CHECK_EQ(bugcheck_parameter[2], MiPfnTail);
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, 7, 0))); /* never managed */
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_RESERVED);
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, 5000, 0)));
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_OUT_OF_RANGE);
    CHECK(consistent()); /* nothing was touched by the refused frees */
    MiBuddyFree(&buddy, Frame, 2);
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, Frame, 2))); /* twice */
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_UNALLOCATED);
    CHECK_EQ(bugcheck_parameter[2], MiPfnFree);
    Frame = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    MiBuddyFree(&buddy, Frame, 0);
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, Frame, 0))); /* twice, cached */
    CHECK_EQ(bugcheck_parameter[2], MiPfnCached);
    Frame = MiBuddyAllocateRange(&buddy, 3, 1023);
    CHECK(BUGCHECKS(MiBuddyFreeRange(&buddy, Frame, 4))); /* wrong count */
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_WRONG_ORDER);
    CHECK_EQ(database[Frame].State, MiPfnActive); /* nothing freed */
    CHECK(consistent());
}

static void bad_frames_are_never_handed_out(void)
{
    MI_BUDDY_STATISTICS Statistics;

    setup(64);
    MiBuddyMarkBad(&buddy, 5);
    MiBuddyAddRange(&buddy, 0, 5);
    MiBuddyAddRange(&buddy, 6, 58);
    CHECK_EQ(database[5].State, MiPfnBad);
    CHECK(consistent());
    MiBuddyQuery(&buddy, &Statistics);
    CHECK_EQ(Statistics.TotalManaged, 63);
    for (int Index = 0; Index < 63; Index++)
        CHECK(MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY) != 5);
    CHECK_EQ(MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY), MI_NO_PAGE);
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, 5, 0)));
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_RESERVED);
    CHECK_EQ(bugcheck_parameter[2], MiPfnBad);
    /* A managed frame cannot be declared bad behind the allocator. */
    CHECK(BUGCHECKS(MiBuddyMarkBad(&buddy, 6)));
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_RESERVED);
}

static void the_checker_catches_corruption(void)
{
    MI_BUDDY_CHECK Result;
    PFN_NUMBER Frame;

    setup(256);
    MiBuddyAddRange(&buddy, 0, 256);
    Frame = MiBuddyAllocate(&buddy, 4, MI_CONSTRAINT_ANY);
    CHECK(consistent());

    database[Frame + 3].State = MiPfnActive; /* a stray write in a block */
    CHECK(!MiBuddyCheck(&buddy, &Result));
    CHECK_EQ(Result.Problem, MiBuddyBadTail);
    CHECK_EQ(Result.Frame, Frame + 3);
    database[Frame + 3].State = MiPfnTail;

    buddy.ListPages[MiZoneDma]++; /* a count off by one */
    CHECK(!MiBuddyCheck(&buddy, &Result));
    CHECK_EQ(Result.Problem, MiBuddyFreeCount);
    buddy.ListPages[MiZoneDma]--;

    database[128].Blink = 3; /* a broken back link */
    CHECK(!MiBuddyCheck(&buddy, &Result));
    CHECK_EQ(Result.Problem, MiBuddyBadLink);
    database[128].Blink = MI_NO_PAGE;

    database[16].Order = 3; /* a free head claiming another order */
    CHECK(!MiBuddyCheck(&buddy, &Result));
    CHECK_EQ(Result.Problem, MiBuddyWrongList);
    database[16].Order = 4;

    /* Two free buddies left unmerged: free the block behind the
     * allocator's back. */
    database[Frame].State = MiPfnFree;
    CHECK(!MiBuddyCheck(&buddy, &Result));
    CHECK_EQ(Result.Problem, MiBuddyFreeNotListed);
    database[Frame].State = MiPfnActive;
    CHECK(consistent());
    CHECK_EQ(database[Frame].Flags, 0); /* the checker's marks are gone */
}

/* With checking on, even the order-0 pair (the fast path's business)
 * goes through the slow path and the checker. */
static void checking_takes_order_zero_off_the_fast_path(void)
{
    PFN_NUMBER Frame, Other;

    setup(64);
    MiBuddyAddRange(&buddy, 0, 64);
    MiBuddySetChecking(&buddy, TRUE);
    Frame = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    Other = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    CHECK(Frame != MI_NO_PAGE && Other != MI_NO_PAGE);
    database[Other].Order = 3; /* corrupt a record the free does not touch */
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, Frame, 0)));
    CHECK_EQ(bugcheck_code, PFN_LIST_CORRUPT);
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_CORRUPT);
}

/* The top zone's cache changes place when checking starts or stops and
 * when a higher zone arrives; its frames go with it, still cached, and
 * the fast path serves them again once checking stops. */
static void the_top_cache_moves_with_its_frames(void)
{
    MI_BUDDY_STATISTICS Statistics;
    PFN_NUMBER Frame;

    setup(MI_DMA_LIMIT_PAGE + 64);
    MiBuddyAddRange(&buddy, 0, 64);
    Frame = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    MiBuddyFree(&buddy, Frame, 0);
    CHECK_EQ(buddy.TopCache.Count, MI_PAGE_CACHE_BATCH);
    MiBuddySetChecking(&buddy, TRUE);
    CHECK_EQ(buddy.TopCache.Count, 0);
    CHECK_EQ(buddy.Cache[MiZoneDma].Count, MI_PAGE_CACHE_BATCH);
    CHECK(consistent());
    /* Checked: the frame comes from the zone's own cache, slowly. */
    CHECK_EQ(MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY), Frame);
    CHECK_EQ(buddy.TopCache.Count, 0);
    MiBuddyFree(&buddy, Frame, 0);
    MiBuddySetChecking(&buddy, FALSE);
    CHECK_EQ(buddy.Cache[MiZoneDma].Count, 0);
    CHECK_EQ(buddy.TopCache.Count, MI_PAGE_CACHE_BATCH);
    CHECK_EQ(MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY), Frame);
    MiBuddyFree(&buddy, Frame, 0);
    /* A higher zone: the DMA frames move to the DMA zone's cache. */
    MiBuddyAddRange(&buddy, MI_DMA_LIMIT_PAGE, 64);
    CHECK_EQ(buddy.TopZone, MiZoneLow);
    CHECK_EQ(buddy.Cache[MiZoneDma].Count, MI_PAGE_CACHE_BATCH);
    CHECK_EQ(buddy.TopCache.Count, 0);
    CHECK(consistent());
    MiBuddyQuery(&buddy, &Statistics);
    CHECK_EQ(Statistics.CachedPages[MiZoneDma], MI_PAGE_CACHE_BATCH);
    CHECK_EQ(Statistics.TotalFree, 128);
    CHECK_EQ(MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_DMA), Frame);
    MiBuddyFree(&buddy, Frame, 0);
    CHECK_EQ(MiZoneOfFrame(MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY)),
             MiZoneLow);
}

/* The fast free checks state and order, not the reference count an
 * owner may have left (a page table's is its valid PTEs). */
static void the_fast_free_ignores_the_reference_count(void)
{
    PFN_NUMBER Frame, Other;

    setup(64);
    MiBuddyAddRange(&buddy, 0, 64);
    Frame = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    Other = MiBuddyAllocate(&buddy, 0, MI_CONSTRAINT_ANY);
    database[Frame].ReferenceCount = 0;
    database[Frame].Usage = MiUsagePageTable;
    database[Frame].Owner = 0x1234;
    MiBuddyFree(&buddy, Frame, 0);
    CHECK_EQ(database[Frame].State, MiPfnCached);
    CHECK_EQ(database[Frame].Usage, MiUsageNone);
    CHECK_EQ(database[Frame].Owner, 0);
    database[Other].Order = 1; /* the fast path refuses: the slow one stops */
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, Other, 0)));
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_FREE_WRONG_ORDER);
    CHECK_EQ(bugcheck_parameter[1], Other);
    CHECK_EQ(bugcheck_parameter[3], 1);
    database[Other].Order = 0;
    MiBuddyFree(&buddy, Other, 0);
    CHECK(consistent());
}

static void checking_every_operation_stops_on_corruption(void)
{
    PFN_NUMBER Frame;

    setup(64);
    MiBuddyAddRange(&buddy, 0, 64);
    MiBuddySetChecking(&buddy, TRUE);
    Frame = MiBuddyAllocate(&buddy, 1, MI_CONSTRAINT_ANY);
    database[Frame + 1].State = MiPfnFree; /* corrupt */
    CHECK(BUGCHECKS(MiBuddyFree(&buddy, Frame, 1)));
    CHECK_EQ(bugcheck_code, PFN_LIST_CORRUPT);
    CHECK_EQ(bugcheck_parameter[0], MI_PFN_CORRUPT);
}

/* The model: who owns each frame (0 free, -1 not managed, else an id). */
#define MODEL_MAX_ALLOCATIONS 4096

typedef struct _MODEL_ALLOCATION {
    PFN_NUMBER First, Count;
    int Range; /* MiBuddyAllocateRange rather than MiBuddyAllocate */
    ULONG Order;
} MODEL_ALLOCATION;

static int *owner;
static MODEL_ALLOCATION allocation[MODEL_MAX_ALLOCATIONS];
static int allocation_count;
static unsigned long long random_state;

static ULONG random_below(ULONG Limit)
{
    random_state =
        random_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (ULONG)((random_state >> 33) % Limit);
}

/* Is there an aligned, wholly free block of Order inside [Low, High)? */
static int model_has_block(ULONG Order, PFN_NUMBER Low, PFN_NUMBER High)
{
    PFN_NUMBER Size = (PFN_NUMBER)1 << Order, Frame, Index;

    for (Frame = (Low + Size - 1) & ~(Size - 1); Frame + Size <= High;
         Frame += Size) {
        for (Index = 0; Index < Size && owner[Frame + Index] == 0; Index++)
            ;
        if (Index == Size)
            return 1;
    }
    return 0;
}

static PFN_NUMBER zone_start(int Zone)
{
    return Zone == MiZoneDma   ? 0
           : Zone == MiZoneLow ? MI_DMA_LIMIT_PAGE
                               : MI_LOW_LIMIT_PAGE;
}

static int model_take(PFN_NUMBER First, PFN_NUMBER Count, int Id)
{
    for (PFN_NUMBER Index = 0; Index < Count; Index++) {
        if (owner[First + Index] != 0)
            return 0;
        owner[First + Index] = Id;
    }
    return 1;
}

static void random_run(PFN_NUMBER PageCount, const PFN_NUMBER (*Ranges)[2],
                       int RangeCount, int Operations, int CheckEvery)
{
    MI_BUDDY_STATISTICS Before, After;
    PFN_NUMBER Frame;
    int Step, Index, NextId = 1;

    setup(PageCount);
    free(owner);
    owner = malloc(PageCount * sizeof(int));
    for (Frame = 0; Frame < PageCount; Frame++)
        owner[Frame] = -1;
    for (Index = 0; Index < RangeCount; Index++) {
        MiBuddyAddRange(&buddy, Ranges[Index][0], Ranges[Index][1]);
        for (Frame = 0; Frame < Ranges[Index][1]; Frame++)
            owner[Ranges[Index][0] + Frame] = 0;
    }
    MiBuddyQuery(&buddy, &Before);
    allocation_count = 0;

    for (Step = 0; Step < Operations; Step++) {
        ULONG Choice = random_below(100);

        if (Choice < 50 && allocation_count < MODEL_MAX_ALLOCATIONS) {
            /* Small orders are common, large ones rare. */
            ULONG Order = random_below(4) ? random_below(3)
                                          : random_below(MI_ORDER_COUNT);
            MI_ZONE Zone = (MI_ZONE)random_below(MiZoneCount);
            PFN_NUMBER Limit = Zone == MiZoneDma   ? MI_DMA_LIMIT_PAGE
                               : Zone == MiZoneLow ? MI_LOW_LIMIT_PAGE
                                                   : PageCount;
            if (Limit > PageCount)
                Limit = PageCount;
            Frame = MiBuddyAllocate(&buddy, Order, Zone);
            if (Frame == MI_NO_PAGE) {
                CHECK_MSG(!model_has_block(Order, 0, Limit),
                          "step %d: order %lu in zone %d failed though a "
                          "block is free",
                          Step, (unsigned long)Order, Zone);
                continue;
            }
            CHECK_MSG(Frame < Limit && Frame % (1UL << Order) == 0,
                      "step %d: frame %#lx order %lu zone %d", Step,
                      (unsigned long)Frame, (unsigned long)Order, Zone);
            /* Nothing free in an allowed zone above the one chosen. */
            for (int Higher = MiZoneOfFrame(Frame) + 1;
                 Higher <= (int)Zone && zone_start(Higher) < Limit; Higher++)
                CHECK_MSG(!model_has_block(Order, zone_start(Higher), Limit),
                          "step %d: zone %d skipped", Step, Higher);
            CHECK_MSG(model_take(Frame, 1UL << Order, NextId),
                      "step %d: frame %#lx order %lu handed out twice", Step,
                      (unsigned long)Frame, (unsigned long)Order);
            allocation[allocation_count++] =
                (MODEL_ALLOCATION){Frame, 1UL << Order, 0, Order};
            NextId++;
        } else if (Choice < 60 && allocation_count < MODEL_MAX_ALLOCATIONS) {
            PFN_NUMBER Count = 1 + random_below(40);
            PFN_NUMBER Highest = random_below(PageCount);
            ULONG Order = 0;

            while ((1UL << Order) < Count)
                Order++;
            Frame = MiBuddyAllocateRange(&buddy, Count, Highest);
            if (Frame == MI_NO_PAGE) {
                CHECK_MSG(!model_has_block(Order, 0, Highest + 1),
                          "step %d: range of %lu below %#lx failed", Step,
                          (unsigned long)Count, (unsigned long)Highest);
                continue;
            }
            CHECK_MSG(Frame + Count - 1 <= Highest &&
                          Frame % (1UL << Order) == 0,
                      "step %d: range at %#lx", Step, (unsigned long)Frame);
            CHECK_MSG(model_take(Frame, Count, NextId),
                      "step %d: range at %#lx overlaps", Step,
                      (unsigned long)Frame);
            allocation[allocation_count++] =
                (MODEL_ALLOCATION){Frame, Count, 1, 0};
            NextId++;
        } else if (Choice < 99 && allocation_count > 0) {
            int Victim = (int)random_below((ULONG)allocation_count);
            MODEL_ALLOCATION *Freed = &allocation[Victim];

            if (Freed->Range)
                MiBuddyFreeRange(&buddy, Freed->First, Freed->Count);
            else
                MiBuddyFree(&buddy, Freed->First, Freed->Order);
            for (Frame = 0; Frame < Freed->Count; Frame++)
                owner[Freed->First + Frame] = 0;
            *Freed = allocation[--allocation_count];
        } else {
            MiBuddyDrainCache(&buddy);
        }
        if (Step % CheckEvery == 0)
            CHECK_MSG(consistent(), "step %d", Step);
    }

    while (allocation_count > 0) {
        MODEL_ALLOCATION *Freed = &allocation[--allocation_count];
        if (Freed->Range)
            MiBuddyFreeRange(&buddy, Freed->First, Freed->Count);
        else
            MiBuddyFree(&buddy, Freed->First, Freed->Order);
    }
    MiBuddyDrainCache(&buddy);
    CHECK(consistent());
    MiBuddyQuery(&buddy, &After);
    CHECK_MSG(memcmp(&Before, &After, sizeof(Before)) == 0,
              "statistics differ after freeing everything");
}

static void random_operations_match_the_model(void)
{
    /* A small machine's shape: low memory with the 640 KiB hole, a hole at
     * 15-16 MiB, and memory past 16 MiB (two zones). */
    static const PFN_NUMBER Ranges[][2] = {
        {1, 0x9E}, {0x100, 0xE00}, {0x1000, 0x500}};

    random_run(0x1500, Ranges, 3, 100000, 1);
}

static void random_operations_across_three_zones(void)
{
    static const PFN_NUMBER Ranges[][2] = {{0xC00, 0x400},
                                           {0x1000, 0x300},
                                           {MI_LOW_LIMIT_PAGE - 0x200, 0x200},
                                           {MI_LOW_LIMIT_PAGE, 0x433}};

    random_run(MI_LOW_LIMIT_PAGE + 0x433, Ranges, 4, 20000, 500);
}

int main(void)
{
    random_state = host_test_seed();
    RUN(record_size_is_twenty_eight_bytes_on_x86);
    RUN(adding_a_range_builds_maximal_aligned_blocks);
    RUN(alloc_splits_and_free_merges_back);
    RUN(order_zero_goes_through_the_cache);
    RUN(a_large_block_drains_the_cache_when_it_must);
    RUN(exhaustion_hands_out_each_frame_once);
    RUN(zones_are_honoured);
    RUN(exact_ranges_give_back_their_tail);
    RUN(bad_frees_stop_the_machine);
    RUN(bad_frames_are_never_handed_out);
    RUN(the_checker_catches_corruption);
    RUN(checking_every_operation_stops_on_corruption);
    RUN(checking_takes_order_zero_off_the_fast_path);
    RUN(the_top_cache_moves_with_its_frames);
    RUN(the_fast_free_ignores_the_reference_count);
    RUN(random_operations_match_the_model);
    RUN(random_operations_across_three_zones);
    free(database);
    free(owner);
    HOST_TEST_EXIT();
}
