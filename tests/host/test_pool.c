/*
 * The pool on the host: a randomised run against a model (contents,
 * alignment, tags, the tracking table, quota, every page back at the
 * end), each error path's bug check and parameters, quota raising,
 * exhaustion, object caches, and lookaside lists with their depth.
 */
#include "host_bugcheck.h"
#include "host_test.h"
#include "pool_host.h"

static jmp_buf raise_return;
static int raise_armed;
static NTSTATUS raised_status;

VOID NTAPI ExRaiseStatus(NTSTATUS Status)
{
    raised_status = Status;
    if (!raise_armed) {
        printf("unexpected exception %#lx\n", (unsigned long)Status);
        abort();
    }
    raise_armed = 0;
    longjmp(raise_return, 1);
}

/* Runs Statement and yields TRUE when it raised an exception. */
#define RAISES(Statement)                                                      \
    (raised_status = 0, raise_armed = 1,                                       \
     setjmp(raise_return) ? 1 : ((Statement), raise_armed = 0, 0))

#define ARENA_PAGES 32768UL /* 128 MiB */
#define TAG_A 'AgaT'
#define TAG_B 'BgaT'

static void fresh_pool(void)
{
    MiHostPoolSetup(ARENA_PAGES);
}

static ULONG_PTR header_word(PVOID Block)
{
    return ((PPOOL_HEADER)Block - 1)->Ulong1;
}

/* A tag's counts as a query sees them: the front's memos folded in. */
static const MI_POOL_TRACKER_ENTRY *tracker(ULONG Base, ULONG Tag)
{
    MiPoolFrontFold();
    return MiPoolTrackerLookup(&MiPools[Base], Tag);
}

/* --- the model run ---------------------------------------------------- */

typedef struct _LIVE {
    PUCHAR Block;
    SIZE_T Size;
    ULONG Tag;
    UCHAR Type;
    UCHAR Fill;
    BOOLEAN Quota;
    SIZE_T Charge; /* what the tracker and quota count */
} LIVE;

typedef struct _MODEL_TAG {
    ULONG Tag;
    ULONG Allocations[2];
    ULONG Frees[2];
    SIZE_T Bytes[2];
} MODEL_TAG;

#define MODEL_TAGS 24
#define MODEL_LIVE 3000
static MODEL_TAG model_tags[MODEL_TAGS];
static LIVE live[MODEL_LIVE];
static ULONG live_count;
static SIZE_T model_quota[2];

static unsigned rand_state;
static unsigned next_random(void)
{
    rand_state = rand_state * 1103515245u + 12345u;
    return rand_state >> 8;
}

static const UCHAR types[] = {NonPagedPool,
                              PagedPool,
                              NonPagedPoolMustSucceed,
                              NonPagedPoolCacheAligned,
                              PagedPoolCacheAligned,
                              NonPagedPoolCacheAlignedMustS};

static SIZE_T random_size(void)
{
    unsigned Kind = next_random() % 16;

    if (Kind == 0)
        return next_random() % (64 * 1024 + 1); /* up to 64 KiB */
    if (Kind < 4)
        return next_random() % 65; /* 0 included */
    return next_random() % (POOL_SMALL_BLOCK_MAXIMUM + 1);
}

static BOOLEAN check_contents(const LIVE *Live)
{
    SIZE_T Index;

    for (Index = 0; Index < Live->Size; Index++)
        if (Live->Block[Index] != (UCHAR)(Live->Fill + Index))
            return FALSE;
    return TRUE;
}

static void model_allocate(void)
{
    LIVE *Live = &live[live_count];
    MODEL_TAG *Tag = &model_tags[next_random() % MODEL_TAGS];
    UCHAR Type = types[next_random() % sizeof(types)];
    ULONG Base = Type & BASE_POOL_TYPE_MASK;
    BOOLEAN Quota = next_random() % 5 == 0;
    BOOLEAN Charged, PageAligned;
    SIZE_T Size = random_size(), Usable, Index;

    MiHostIrql = (KIRQL)(next_random() % (Base == PagedPool ? 2 : 3));
    Live->Block = Quota ? ExAllocatePoolWithQuotaTag(Type, Size, Tag->Tag)
                        : ExAllocatePoolWithTag(Type, Size, Tag->Tag);
    MiHostIrql = PASSIVE_LEVEL;
    if (Live->Block == NULL) {
        printf("FAIL: allocation of %lu bytes type %u returned NULL\n",
               (unsigned long)Size, Type);
        host_test_failed = 1;
        return;
    }
    Usable = ExQueryPoolBlockSize(Live->Block, &Charged);
    Live->Size = Size;
    Live->Tag = Tag->Tag;
    Live->Type = Type;
    Live->Quota = Quota;
    Live->Fill = (UCHAR)next_random();
    PageAligned = ((ULONG_PTR)Live->Block & (PAGE_SIZE - 1)) == 0;
    /* Big blocks are charged whole pages; small ones header and all. */
    Live->Charge = PageAligned ? Usable
                               : Usable + sizeof(POOL_HEADER) +
                                     (Quota ? sizeof(PVOID) : 0);
    if (Usable < Size || Charged != Quota ||
        ((ULONG_PTR)Live->Block & 7) != 0 ||
        ((Type & 4) && ((ULONG_PTR)Live->Block & (MiPoolCacheLine - 1))) ||
        (Size > POOL_SMALL_BLOCK_MAXIMUM && !PageAligned) ||
        (Size + (Quota ? sizeof(PVOID) : 0) <= POOL_SMALL_BLOCK_MAXIMUM &&
         !(Type & 4) && PageAligned)) {
        printf("FAIL: block %p of %lu bytes, type %u: usable %lu, quota %d\n",
               (void *)Live->Block, (unsigned long)Size, Type,
               (unsigned long)Usable, Charged);
        host_test_failed = 1;
        return;
    }
    for (Index = 0; Index < Size; Index++)
        Live->Block[Index] = (UCHAR)(Live->Fill + Index);
    Tag->Allocations[Base]++;
    Tag->Bytes[Base] += Live->Charge;
    if (Quota)
        model_quota[Base] += Live->Charge;
    live_count++;
}

static void model_free(ULONG Index)
{
    LIVE *Live = &live[Index];
    ULONG Base = Live->Type & BASE_POOL_TYPE_MASK, Slot;

    if (!check_contents(Live)) {
        printf("FAIL: block %p (%lu bytes, tag %.4s) was clobbered\n",
               (void *)Live->Block, (unsigned long)Live->Size,
               (char *)&Live->Tag);
        host_test_failed = 1;
        return;
    }
    MiHostIrql = (KIRQL)(next_random() % (Base == PagedPool ? 2 : 3));
    if (next_random() & 1)
        ExFreePoolWithTag(Live->Block, Live->Tag);
    else
        ExFreePool(Live->Block);
    MiHostIrql = PASSIVE_LEVEL;
    for (Slot = 0; Slot < MODEL_TAGS; Slot++)
        if (model_tags[Slot].Tag == Live->Tag) {
            model_tags[Slot].Frees[Base]++;
            model_tags[Slot].Bytes[Base] -= Live->Charge;
        }
    if (Live->Quota)
        model_quota[Base] -= Live->Charge;
    live[Index] = live[--live_count];
}

/* The tracking table (read as the shell reads it) against the model. */
static BOOLEAN tracking_matches(void)
{
    static MI_POOL_TAG_INFO Tags[MI_POOL_TRACKER_SIZE * 2];
    ULONG Count = MiQueryPoolTags(Tags, ARRAYSIZE(Tags)), Index, Slot;

    for (Slot = 0; Slot < MODEL_TAGS; Slot++) {
        const MODEL_TAG *Model = &model_tags[Slot];
        for (Index = 0; Index < Count; Index++)
            if (Tags[Index].Tag == Model->Tag)
                break;
        if (Model->Allocations[0] + Model->Allocations[1] == 0)
            continue;
        if (Index == Count ||
            Tags[Index].NonPagedAllocations != Model->Allocations[0] ||
            Tags[Index].NonPagedFrees != Model->Frees[0] ||
            Tags[Index].NonPagedBytes != Model->Bytes[0] ||
            Tags[Index].PagedAllocations != Model->Allocations[1] ||
            Tags[Index].PagedFrees != Model->Frees[1] ||
            Tags[Index].PagedBytes != Model->Bytes[1]) {
            printf(
                "tag %.4s: pool says %lu/%lu/%lu %lu/%lu/%lu, model "
                "%lu/%lu/%lu %lu/%lu/%lu\n",
                (const char *)&Model->Tag,
                Index < Count ? (unsigned long)Tags[Index].NonPagedAllocations
                              : 0,
                Index < Count ? (unsigned long)Tags[Index].NonPagedFrees : 0,
                Index < Count ? (unsigned long)Tags[Index].NonPagedBytes : 0,
                Index < Count ? (unsigned long)Tags[Index].PagedAllocations : 0,
                Index < Count ? (unsigned long)Tags[Index].PagedFrees : 0,
                Index < Count ? (unsigned long)Tags[Index].PagedBytes : 0,
                (unsigned long)Model->Allocations[0],
                (unsigned long)Model->Frees[0], (unsigned long)Model->Bytes[0],
                (unsigned long)Model->Allocations[1],
                (unsigned long)Model->Frees[1], (unsigned long)Model->Bytes[1]);
            return FALSE;
        }
    }
    for (Index = 1; Index < Count && Index < ARRAYSIZE(Tags); Index++)
        if (Tags[Index].NonPagedBytes + Tags[Index].PagedBytes >
            Tags[Index - 1].NonPagedBytes + Tags[Index - 1].PagedBytes)
            return FALSE; /* not sorted by bytes */
    return TRUE;
}

static ULONG blocks_seen;
static VOID count_block(const MI_POOL_BLOCK_INFO *Info, PVOID Context)
{
    ULONG Tag = *(ULONG *)Context;

    if (Info->InUse && Info->Tag == Tag)
        blocks_seen++;
}

static void pool_model_randomised(void)
{
    const ULONG Operations = 250000;
    ULONG Op, Index;

    fresh_pool();
    rand_state = host_test_seed();
    live_count = 0;
    model_quota[0] = model_quota[1] = 0;
    for (Index = 0; Index < MODEL_TAGS; Index++) {
        RtlZeroMemory(&model_tags[Index], sizeof(model_tags[Index]));
        model_tags[Index].Tag =
            0x20202041 + Index + ((next_random() % 26) << 8);
    }
    for (Op = 0; Op < Operations && !host_test_failed; Op++) {
        /* Waves: fill towards a target, then drain, so slabs empty too. */
        ULONG Target = (Op / 20000) % 2 ? MODEL_LIVE / 10 : MODEL_LIVE - 1;
        BOOLEAN Allocate =
            live_count == 0 || (live_count < Target ? next_random() % 4 != 0
                                                    : next_random() % 4 == 0);

        if (Allocate && live_count < MODEL_LIVE)
            model_allocate();
        else if (live_count > 0)
            model_free(next_random() % live_count);
        if (Op % 10000 == 0) {
            CHECK_MSG(tracking_matches(), "tracking table differs at op %lu",
                      (unsigned long)Op);
            CHECK_EQ(MiHostProcess.QuotaUsage[0], model_quota[0]);
            CHECK_EQ(MiHostProcess.QuotaUsage[1], model_quota[1]);
        }
    }
    if (host_test_failed)
        return;
    /* Listing a tag's blocks finds exactly the live ones. */
    {
        ULONG Tag = model_tags[0].Tag, Expected = 0;
        for (Index = 0; Index < live_count; Index++)
            Expected += live[Index].Tag == Tag;
        blocks_seen = 0;
        MiEnumeratePoolBlocks(Tag, count_block, &Tag);
        CHECK_EQ(blocks_seen, Expected);
    }
    while (live_count > 0 && !host_test_failed)
        model_free(live_count - 1);
    CHECK(!host_test_failed);
    CHECK(tracking_matches());
    for (Index = 0; Index < MODEL_TAGS; Index++) {
        CHECK_EQ(tracker(0, model_tags[Index].Tag)->Bytes, 0);
        CHECK_EQ(tracker(1, model_tags[Index].Tag)->Bytes, 0);
    }
    CHECK_EQ(MiHostProcess.QuotaUsage[0], 0);
    CHECK_EQ(MiHostProcess.QuotaUsage[1], 0);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
    CHECK_EQ(MiPools[0].SlabPages + MiPools[1].SlabPages, 0);
    CHECK_EQ(MiPools[0].BigPages + MiPools[1].BigPages, 0);
    CHECK(MiHostPeakPages > 0);
}

/* --- behaviour -------------------------------------------------------- */

static void pool_header_is_nt_layout(void)
{
    PUCHAR A, B;
    PPOOL_HEADER Header;

    fresh_pool();
    CHECK_EQ(sizeof(POOL_HEADER), 8);
    A = ExAllocatePoolWithTag(PagedPool, 100, TAG_A);
    B = ExAllocatePoolWithTag(PagedPool, 100, TAG_A);
    Header = (PPOOL_HEADER)A - 1;
    CHECK_EQ(Header->PoolTag, TAG_A);
    CHECK_EQ(((PULONG)Header)[1], TAG_A); /* the tag is the second ULONG */
    CHECK_EQ(Header->BlockSize, 14);      /* 100 + 8 rounded to 112 */
    CHECK_EQ(Header->PoolType, PagedPool + 1);
    CHECK_EQ(Header->PreviousSize, 0); /* first in its slab */
    CHECK_EQ(((PPOOL_HEADER)B - 1)->PreviousSize, 14);
    CHECK_EQ(B - A, 112);
    CHECK_EQ(ExQueryPoolBlockSize(A, NULL), 104);
    ExFreePoolWithTag(A, TAG_A);
    CHECK_EQ(Header->PoolType, 0); /* free */
    ExFreePool(B);
}

static void pool_size_zero_and_limits(void)
{
    PVOID Zero, Small, Big;
    BOOLEAN Quota = TRUE;

    fresh_pool();
    Zero = ExAllocatePoolWithTag(NonPagedPool, 0, TAG_A);
    CHECK(Zero != NULL);
    CHECK_EQ(ExQueryPoolBlockSize(Zero, &Quota), 8);
    CHECK(!Quota);
    Small =
        ExAllocatePoolWithTag(NonPagedPool, POOL_SMALL_BLOCK_MAXIMUM, TAG_A);
    CHECK(((ULONG_PTR)Small & (PAGE_SIZE - 1)) != 0);
    CHECK_EQ(ExQueryPoolBlockSize(Small, NULL), 4080);
    Big = ExAllocatePoolWithTag(NonPagedPool, POOL_SMALL_BLOCK_MAXIMUM + 1,
                                TAG_A);
    CHECK(((ULONG_PTR)Big & (PAGE_SIZE - 1)) == 0);
    CHECK_EQ(ExQueryPoolBlockSize(Big, NULL), PAGE_SIZE);
    CHECK_EQ(tracker(0, TAG_A)->Bytes, 16 + 4088 + PAGE_SIZE);
    CHECK(ExAllocatePoolWithTag(DontUseThisType, 16, TAG_A) == NULL);
    CHECK(ExAllocatePoolWithTag(MaxPoolType, 16, TAG_A) == NULL);
    CHECK(ExAllocatePoolWithTag((POOL_TYPE)0x21, 16, TAG_A) == NULL);
    CHECK(ExAllocatePoolWithTag(NonPagedPool, (SIZE_T)-1, TAG_A) == NULL);
    ExFreePool(Zero);
    ExFreePool(Small);
    ExFreePoolWithTag(Big, TAG_A);
    CHECK_EQ(tracker(0, TAG_A)->Bytes, 0);
    CHECK_EQ(tracker(0, TAG_A)->Allocations, 3);
    CHECK_EQ(tracker(0, TAG_A)->Frees, 3);
}

/* Every request that fails is counted, in its pool and under its tag,
 * whatever the reason: a size no page count holds, a bad type or flag,
 * quota, or memory running out; raised failures too. */
static void pool_every_failure_is_counted_per_tag(void)
{
    MI_POOL_TAG_INFO Tags[8];
    ULONG Count, Index;

    fresh_pool();
    CHECK(ExAllocatePoolWithTag(NonPagedPool, (SIZE_T)-1, TAG_B) == NULL);
    CHECK(ExAllocatePoolWithTag(NonPagedPool, (SIZE_T)-PAGE_SIZE + 1, TAG_B) ==
          NULL);
    CHECK(ExAllocatePoolWithTag(NonPagedPool, (SIZE_T)1 << 30, TAG_B) == NULL);
    CHECK(ExAllocatePoolWithTag((POOL_TYPE)0x20, 16, TAG_B) == NULL);
    CHECK(ExAllocatePoolWithQuotaTag(
              NonPagedPool | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE, (SIZE_T)-2,
              TAG_B) == NULL); /* the quota pointer wraps the size */
    CHECK_EQ(MiPools[NonPagedPool].Failures, 5);
    CHECK_EQ(tracker(NonPagedPool, TAG_B)->Failures, 5);
    CHECK_EQ(tracker(NonPagedPool, TAG_B)->Allocations, 0);
    /* Paged pool keeps its own; the bad types 3 and 7 have its base. */
    CHECK(ExAllocatePoolWithTag(PagedPool, (SIZE_T)-1, TAG_B) == NULL);
    CHECK(ExAllocatePoolWithTag(DontUseThisType, 16, TAG_B) == NULL);
    CHECK(ExAllocatePoolWithTag(MaxPoolType, 16, TAG_B) == NULL);
    CHECK_EQ(MiPools[PagedPool].Failures, 3);
    CHECK_EQ(tracker(PagedPool, TAG_B)->Failures, 3);
    /* Quota refused, returned or raised. */
    MiHostProcess.QuotaLimit[NonPagedPool] = PAGE_SIZE;
    CHECK(ExAllocatePoolWithQuotaTag(NonPagedPool |
                                         POOL_QUOTA_FAIL_INSTEAD_OF_RAISE,
                                     2 * PAGE_SIZE, TAG_A) == NULL);
    CHECK(
        RAISES(ExAllocatePoolWithQuotaTag(NonPagedPool, 2 * PAGE_SIZE, TAG_A)));
    MiHostProcess.QuotaLimit[NonPagedPool] = (SIZE_T)-1;
    CHECK_EQ(tracker(NonPagedPool, TAG_A)->Failures, 2);
    /* Memory running out on the fast path (small blocks) and for pages. */
    MiHostPageLimit = 0;
    CHECK(ExAllocatePoolWithTag(NonPagedPool, 100, TAG_A) == NULL);
    CHECK(ExAllocatePoolWithTag(NonPagedPool, 3 * PAGE_SIZE, TAG_A) == NULL);
    CHECK(RAISES(ExAllocatePoolWithTag(
        NonPagedPool | POOL_RAISE_IF_ALLOCATION_FAILURE, 100, TAG_A)));
    MiHostPageLimit = ARENA_PAGES;
    CHECK_EQ(tracker(NonPagedPool, TAG_A)->Failures, 5);
    CHECK_EQ(MiPools[NonPagedPool].Failures, 10);
    /* What the shell and gdb read. */
    Count = MiQueryPoolTags(Tags, ARRAYSIZE(Tags));
    for (Index = 0; Index < Count && Tags[Index].Tag != TAG_B; Index++)
        ;
    CHECK(Index < Count);
    CHECK_EQ(Tags[Index].NonPagedFailures, 5);
    CHECK_EQ(Tags[Index].PagedFailures, 3);
}

static void pool_classes_are_close(void)
{
    ULONG Base, Class;

    fresh_pool();
    for (Base = 0; Base < 2; Base++) {
        MI_POOL *Pool = &MiPools[Base];
        CHECK_EQ(Pool->Classes[Pool->ClassCount - 1].Stride, 4088);
        for (Class = 1; Class < Pool->ClassCount; Class++) {
            ULONG Low = Pool->Classes[Class - 1].Stride;
            ULONG High = Pool->Classes[Class].Stride;
            CHECK_MSG(High - Low <= 8 || (High - Low) * 8 <= Low,
                      "classes %lu and %lu are more than 12.5%% apart",
                      (unsigned long)Low, (unsigned long)High);
        }
        for (Class = 0; Class < Pool->AlignedClassCount; Class++)
            CHECK_EQ(Pool->AlignedClasses[Class].Stride % 64, 0);
    }
}

static void pool_slabs_return_to_the_provider(void)
{
    PVOID Blocks[2000];
    ULONG Index, Peak;

    fresh_pool();
    for (Index = 0; Index < 2000; Index++)
        Blocks[Index] = ExAllocatePoolWithTag(NonPagedPool, 200, TAG_A);
    Peak = MiHostPagesInUse;
    CHECK(Peak >= 2000 * 208 / PAGE_SIZE);
    for (Index = 0; Index < 2000; Index++)
        ExFreePoolWithTag(Blocks[Index], TAG_A);
    /* The current slab, one empty one, and what the front's blocks
     * (under a slab's worth) keep; drained, the first two. */
    CHECK_MSG(MiHostPagesInUse <= 4 * MiPools[0].ClassOfUnits[26]->SlabPages,
              "%lu pages kept", (unsigned long)MiHostPagesInUse);
    CHECK(MiPoolFrontDrain() > 0);
    CHECK_MSG(MiHostPagesInUse <= 2 * MiPools[0].ClassOfUnits[26]->SlabPages,
              "%lu pages kept", (unsigned long)MiHostPagesInUse);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
}

static void pool_big_table_grows_and_shrinks(void)
{
    static PVOID Blocks[700];
    ULONG Index;
    MI_POOL_BLOCK_INFO Info;

    fresh_pool();
    for (Index = 0; Index < 700; Index++) {
        Blocks[Index] = ExAllocatePoolWithTag(PagedPool, 5000 + Index, TAG_B);
        CHECK(Blocks[Index] != NULL);
    }
    CHECK(MiPools[1].BigTableSize >= 700);
    CHECK(MiQueryPoolBlock((PUCHAR)Blocks[5] + 4100, &Info));
    CHECK(Info.Big && Info.Block == Blocks[5] && Info.Tag == TAG_B &&
          Info.Size == 2 * PAGE_SIZE);
    for (Index = 0; Index < 700; Index += 2)
        ExFreePoolWithTag(Blocks[Index], TAG_B);
    for (Index = 1; Index < 700; Index += 2)
        CHECK_EQ(ExQueryPoolBlockSize(Blocks[Index], NULL), 2 * PAGE_SIZE);
    for (Index = 1; Index < 700; Index += 2)
        ExFreePool(Blocks[Index]);
    CHECK_EQ(MiPools[1].BigCount, 0);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
}

/* --- error paths ------------------------------------------------------ */

#define EXPECT_STOP(Statement, Code, P1)                                       \
    do {                                                                       \
        CHECK_MSG(BUGCHECKS(Statement), "%s did not stop", #Statement);        \
        CHECK_EQ(bugcheck_code, Code);                                         \
        CHECK_EQ(bugcheck_parameter[0], P1);                                   \
    } while (0)

static void pool_double_free_stops(void)
{
    PVOID A, Big;
    ULONG_PTR Word;

    fresh_pool();
    A = ExAllocatePoolWithTag(NonPagedPool, 40, TAG_A);
    (void)ExAllocatePoolWithTag(NonPagedPool, 40, TAG_A); /* keeps the slab */
    Word = header_word(A);
    ExFreePool(A);
    EXPECT_STOP(ExFreePool(A), BAD_POOL_CALLER, 0x07);
    CHECK_EQ(bugcheck_parameter[2], Word & MI_POOL_SIZE_BITS);
    CHECK_EQ(bugcheck_parameter[3], (ULONG_PTR)A);

    Big = ExAllocatePoolWithTag(NonPagedPool, 3 * PAGE_SIZE, TAG_A);
    ExFreePool(Big);
    EXPECT_STOP(ExFreePool(Big), BAD_POOL_CALLER, 0x41);
    CHECK_EQ(bugcheck_parameter[1], (ULONG_PTR)Big);
}

static void pool_wrong_tag_stops(void)
{
    PVOID A, Big;

    fresh_pool();
    A = ExAllocatePoolWithTag(PagedPool, 64, TAG_A);
    EXPECT_STOP(ExFreePoolWithTag(A, TAG_B), BAD_POOL_CALLER, 0x0A);
    CHECK_EQ(bugcheck_parameter[1], (ULONG_PTR)A);
    CHECK_EQ(bugcheck_parameter[2], TAG_A);
    CHECK_EQ(bugcheck_parameter[3], TAG_B);
    CHECK_EQ(((PPOOL_HEADER)A - 1)->PoolType, PagedPool + 1); /* untouched */
    CHECK_EQ(tracker(1, TAG_A)->Frees, 0);

    fresh_pool();
    Big = ExAllocatePoolWithTag(PagedPool, 10000, TAG_A);
    EXPECT_STOP(ExFreePoolWithTag(Big, TAG_B), BAD_POOL_CALLER, 0x0A);
    CHECK_EQ(bugcheck_parameter[2], TAG_A);
}

static void pool_overrun_into_next_header_stops(void)
{
    PUCHAR A, B;
    PPOOL_HEADER BHeader;

    fresh_pool();
    A = ExAllocatePoolWithTag(NonPagedPool, 24, TAG_A);
    B = ExAllocatePoolWithTag(NonPagedPool, 24, TAG_A);
    BHeader = (PPOOL_HEADER)B - 1;
    CHECK_EQ((PUCHAR)BHeader, A + 24);
    memset(A, 0x41, 24 + 4); /* four bytes too many: B's Ulong1 */
    /* Freeing the victim: its own header is wrong. */
    EXPECT_STOP(ExFreePool(B), BAD_POOL_HEADER, 0x07);
    CHECK_EQ(bugcheck_parameter[2], 0x41414141);
    CHECK_EQ(bugcheck_parameter[3], (ULONG_PTR)BHeader);
    /* Freeing the culprit: its neighbour contradicts it, which the front
     * sees when it drains the block. */
    ExFreePool(A);
    EXPECT_STOP(MiPoolFrontDrain(), BAD_POOL_HEADER, 0x05);
    CHECK_EQ(bugcheck_parameter[1], (ULONG_PTR)((PPOOL_HEADER)A - 1));
    CHECK_EQ(bugcheck_parameter[3], (ULONG_PTR)BHeader);
}

static void pool_bad_addresses_stop(void)
{
    PUCHAR A;
    static UCHAR Outside[64];

    fresh_pool();
    A = ExAllocatePoolWithTag(NonPagedPool, 100, TAG_A);
    EXPECT_STOP(ExFreePool(Outside + 8), BAD_POOL_CALLER, 0x42);
    CHECK_EQ(bugcheck_parameter[1], (ULONG_PTR)(Outside + 8));
    EXPECT_STOP(ExFreePool(A + 16), BAD_POOL_CALLER, 0x46);
    EXPECT_STOP(ExFreePool(MiHostArena + 100 * PAGE_SIZE + 64), BAD_POOL_CALLER,
                0x41);
    /* A slab page's start is no block either. */
    EXPECT_STOP(ExFreePool((PVOID)((ULONG_PTR)A & ~(PAGE_SIZE - 1))),
                BAD_POOL_CALLER, 0x46);
}

static void pool_irql_rules_stop(void)
{
    PVOID A;

    fresh_pool();
    MiHostIrql = DISPATCH_LEVEL;
    EXPECT_STOP(ExAllocatePoolWithTag(PagedPool, 10, TAG_A), BAD_POOL_CALLER,
                0x08);
    CHECK_EQ(bugcheck_parameter[1], DISPATCH_LEVEL);
    CHECK_EQ(bugcheck_parameter[2], PagedPool);
    CHECK_EQ(bugcheck_parameter[3], 10);
    MiHostIrql = DISPATCH_LEVEL + 1;
    EXPECT_STOP(ExAllocatePoolWithTag(NonPagedPool, 10, TAG_A), BAD_POOL_CALLER,
                0x08);
    MiHostIrql = PASSIVE_LEVEL;
    A = ExAllocatePoolWithTag(PagedPool, 10, TAG_A);
    MiHostIrql = DISPATCH_LEVEL;
    EXPECT_STOP(ExFreePool(A), BAD_POOL_CALLER, 0x09);
    CHECK_EQ(bugcheck_parameter[3], (ULONG_PTR)A);
    MiHostIrql = APC_LEVEL;
    ExFreePool(A); /* APC_LEVEL is allowed */
    MiHostIrql = PASSIVE_LEVEL;
    EXPECT_STOP(ExAllocatePoolWithTag(NonPagedPool, 10, 0), BAD_POOL_CALLER,
                0x9B);
}

/* Paged pool's lock is a fast mutex: APC_LEVEL while held, and on the
 * host's one thread a second acquire can only be a recursion. */
static void pool_paged_lock_is_a_fast_mutex(void)
{
    MI_POOL *Pool = &MiPools[PagedPool];
    KIRQL OldIrql;

    fresh_pool();
    CHECK_EQ(Pool->Mutex.Count, FM_LOCK_BIT);
    OldIrql = MiLockPool(Pool);
    CHECK_EQ(MiHostIrql, APC_LEVEL);
    CHECK_EQ(Pool->Mutex.Count, 0);
    EXPECT_STOP(ExAllocatePoolWithTag(PagedPool, 10, TAG_A),
                MUTEX_ALREADY_OWNED, (ULONG_PTR)&Pool->Mutex);
    MiUnlockPool(Pool, OldIrql);
    CHECK_EQ(MiHostIrql, PASSIVE_LEVEL);
    CHECK_EQ(Pool->Mutex.Count, FM_LOCK_BIT);
}

static void pool_must_succeed_and_exhaustion(void)
{
    volatile ULONG Count = 0;
    PVOID Blocks[64];

    fresh_pool();
    MiHostPageLimit = 8;
    while (Count < 64 && (Blocks[Count] = ExAllocatePoolWithTag(
                              NonPagedPool, 2000, TAG_A)) != NULL)
        Count++;
    CHECK(Count > 0 && Count < 64);
    CHECK(ExAllocatePoolWithTag(NonPagedPool, 9000, TAG_A) == NULL);
    CHECK(MiPools[0].Failures >= 2);
    EXPECT_STOP(ExAllocatePoolWithTag(NonPagedPoolMustSucceed, 9000, TAG_A),
                MUST_SUCCEED_POOL_EMPTY, 9000);
    CHECK(RAISES(ExAllocatePoolWithTag(
        NonPagedPool | POOL_RAISE_IF_ALLOCATION_FAILURE, 9000, TAG_A)));
    CHECK_EQ(raised_status, STATUS_INSUFFICIENT_RESOURCES);
    while (Count > 0)
        ExFreePool(Blocks[--Count]);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
}

static void pool_quota_charges_and_raises(void)
{
    PVOID A, Big;
    BOOLEAN Quota = FALSE;

    fresh_pool();
    A = ExAllocatePoolWithQuotaTag(PagedPool, 100, TAG_A);
    CHECK_EQ(ExQueryPoolBlockSize(A, &Quota), 104);
    CHECK(Quota);
    CHECK_EQ(MiHostProcess.QuotaUsage[PagedPool], 120);
    Big = ExAllocatePoolWithQuotaTag(NonPagedPool, 3 * PAGE_SIZE, TAG_A);
    CHECK_EQ(MiHostProcess.QuotaUsage[NonPagedPool], 3 * PAGE_SIZE);
    MiHostProcess.QuotaLimit[NonPagedPool] = 4 * PAGE_SIZE;
    CHECK(ExAllocatePoolWithQuotaTag(NonPagedPool |
                                         POOL_QUOTA_FAIL_INSTEAD_OF_RAISE,
                                     2 * PAGE_SIZE, TAG_A) == NULL);
    CHECK(
        RAISES(ExAllocatePoolWithQuotaTag(NonPagedPool, 2 * PAGE_SIZE, TAG_A)));
    CHECK_EQ(raised_status, STATUS_QUOTA_EXCEEDED);
    CHECK_EQ(MiHostProcess.QuotaUsage[NonPagedPool], 3 * PAGE_SIZE);
    ExFreePool(Big);
    ExFreePoolWithTag(A, TAG_A);
    CHECK_EQ(MiHostProcess.QuotaUsage[0] + MiHostProcess.QuotaUsage[1], 0);
    /* Out of memory under quota raises too, and charges nothing. */
    MiHostProcess.QuotaLimit[NonPagedPool] = (SIZE_T)-1;
    MiHostPageLimit = 1;
    CHECK(
        RAISES(ExAllocatePoolWithQuotaTag(NonPagedPool, 3 * PAGE_SIZE, TAG_A)));
    CHECK_EQ(raised_status, STATUS_INSUFFICIENT_RESOURCES);
    CHECK_EQ(MiHostProcess.QuotaUsage[NonPagedPool], 0);
    /* A quota block whose process pointer was overwritten. */
    MiHostPageLimit = ARENA_PAGES;
    A = ExAllocatePoolWithQuotaTag(NonPagedPool, 32, TAG_B);
    memset((PUCHAR)A + 32, 0, sizeof(PVOID)); /* the process, at the end */
    EXPECT_STOP(ExFreePool(A), BAD_POOL_CALLER, 0x0D);
    CHECK_EQ(bugcheck_parameter[2], TAG_B);
}

/* --- object caches and lookaside lists -------------------------------- */

static void object_cache_blocks_are_pool_blocks(void)
{
    MI_SLAB_CACHE *Cache;
    PVOID A, B;
    MI_POOL_BLOCK_INFO Info;

    fresh_pool();
    Cache = MiCreateObjectCache("test objects", NonPagedPool, 52, TAG_B);
    CHECK(Cache != NULL);
    CHECK_EQ(Cache->Stride, 64);
    A = MiAllocateFromCache(Cache);
    B = MiAllocateFromCache(Cache);
    CHECK_EQ(((PPOOL_HEADER)A - 1)->PoolTag, TAG_B);
    CHECK(MiQueryPoolBlock((PUCHAR)A + 10, &Info) && Info.Block == A &&
          Info.InUse && Info.Tag == TAG_B && Info.Size == 56);
    CHECK_EQ(tracker(0, TAG_B)->Allocations, 2);
    EXPECT_STOP(MiDeleteObjectCache(Cache), BAD_POOL_CALLER,
                MI_POOL_CALLER_CACHE_IN_USE);
    fresh_pool();
    Cache = MiCreateObjectCache("test objects", NonPagedPool, 52, TAG_B);
    A = MiAllocateFromCache(Cache);
    B = ExAllocatePoolWithTag(NonPagedPool, 52, TAG_B);
    EXPECT_STOP(MiFreeToCache(Cache, B), BAD_POOL_CALLER,
                MI_POOL_CALLER_WRONG_CACHE);
    ExFreePool(A); /* ExFreePool takes a cache's block */
    CHECK_EQ(Cache->InUse, 0);
    MiDeleteObjectCache(Cache);
    CHECK(MiCreateObjectCache("too big", NonPagedPool, 5000, TAG_B) == NULL);
}

static ULONG custom_allocations, custom_frees;
static PVOID NTAPI custom_allocate(POOL_TYPE Type, SIZE_T Size, ULONG Tag)
{
    custom_allocations++;
    return ExAllocatePoolWithTag(Type, Size, Tag);
}
static VOID NTAPI custom_free(PVOID Buffer)
{
    custom_frees++;
    ExFreePool(Buffer);
}

static void lookaside_counts_and_depth(void)
{
    NPAGED_LOOKASIDE_LIST List;
    PVOID Entries[300];
    ULONG Index, Round;
    MI_SLAB_CACHE *Cache;

    fresh_pool();
    ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, 100, TAG_A, 0);
    CHECK_EQ(List.L.Depth, LOOKASIDE_MINIMUM_DEPTH);
    Cache = List.L.Cache;
    CHECK(Cache != NULL);
    Entries[0] = ExAllocateFromNPagedLookasideList(&List);
    ExFreeToNPagedLookasideList(&List, Entries[0]);
    CHECK(ExAllocateFromNPagedLookasideList(&List) == Entries[0]); /* a hit */
    CHECK_EQ(List.L.TotalAllocates, 2);
    CHECK_EQ(List.L.AllocateMisses, 1);
    ExFreeToNPagedLookasideList(&List, Entries[0]);
    /* Miss-heavy: 200 live at a time against a depth of 4. */
    for (Round = 0; Round < 2; Round++) {
        for (Index = 0; Index < 200; Index++)
            Entries[Index] = ExAllocateFromNPagedLookasideList(&List);
        for (Index = 0; Index < 200; Index++)
            ExFreeToNPagedLookasideList(&List, Entries[Index]);
    }
    CHECK_EQ(ExQueryDepthSList(&List.L.ListHead), 4);
    CHECK(List.L.FreeMisses >= 392);
    ExpAdjustLookasideDepth();
    CHECK_MSG(List.L.Depth > 100, "depth %u after a miss-heavy period",
              List.L.Depth);
    for (Index = 0; Index < 100; Index++)
        Entries[Index] = ExAllocateFromNPagedLookasideList(&List);
    for (Index = 0; Index < 100; Index++)
        ExFreeToNPagedLookasideList(&List, Entries[Index]);
    CHECK_EQ(ExQueryDepthSList(&List.L.ListHead), 100);
    /* Idle periods: the depth falls back and the excess goes back. */
    for (Round = 0; Round < 30; Round++)
        ExpAdjustLookasideDepth();
    CHECK_EQ(List.L.Depth, LOOKASIDE_MINIMUM_DEPTH);
    CHECK_EQ(ExQueryDepthSList(&List.L.ListHead), LOOKASIDE_MINIMUM_DEPTH);
    CHECK_EQ(Cache->InUse, LOOKASIDE_MINIMUM_DEPTH);
    ExDeleteNPagedLookasideList(&List);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
}

static void lookaside_callbacks_and_paged_trim(void)
{
    PAGED_LOOKASIDE_LIST List;
    PVOID Entries[20];
    ULONG Index;

    fresh_pool();
    custom_allocations = custom_frees = 0;
    ExInitializePagedLookasideList(&List, custom_allocate, custom_free, 0, 40,
                                   TAG_B, 0);
    CHECK(List.L.Cache == NULL);
    for (Index = 0; Index < 20; Index++)
        Entries[Index] = ExAllocateFromPagedLookasideList(&List);
    for (Index = 0; Index < 20; Index++)
        ExFreeToPagedLookasideList(&List, Entries[Index]);
    CHECK_EQ(custom_allocations, 20);
    CHECK_EQ(custom_frees, 16);
    /* Low memory: the reclaim empties the lists. */
    CHECK(MiPoolReclaim() > 0);
    CHECK_EQ(custom_frees, 20);
    CHECK_EQ(ExQueryDepthSList(&List.L.ListHead), 0);
    ExDeletePagedLookasideList(&List);
    CHECK_EQ(tracker(1, TAG_B)->Bytes, 0);
}

/* What a driver's inline routines (wdm.h, the WDK's) do on a list the
 * kernel runs on an object cache: misses through L.Allocate and L.Free,
 * which must be set, and blocks from both sources mixed on the list. */
static void lookaside_driver_inlines_mix_with_the_cache(void)
{
    NPAGED_LOOKASIDE_LIST List;
    PAGED_LOOKASIDE_LIST Paged;
    PVOID Entries[8];
    ULONG Index;

    fresh_pool();
    ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, 48, TAG_A, 0);
    CHECK(List.L.Cache != NULL);
    CHECK(List.L.Allocate == ExAllocatePoolWithTag);
    CHECK(List.L.Free == ExFreePool);
    /* Driver-style misses: the pool, with the list's tag. */
    for (Index = 0; Index < 4; Index++)
        Entries[Index] = List.L.Allocate(List.L.Type, List.L.Size, List.L.Tag);
    /* Kernel-style misses: the object cache. */
    for (; Index < 8; Index++)
        Entries[Index] = ExAllocateFromNPagedLookasideList(&List);
    /* Freed the kernel's way, past the depth: both kinds go back. */
    for (Index = 0; Index < 8; Index++)
        ExFreeToNPagedLookasideList(&List, Entries[Index]);
    CHECK_EQ(ExQueryDepthSList(&List.L.ListHead), LOOKASIDE_MINIMUM_DEPTH);
    /* A driver's free miss of a cache block: the pool finds its slab. */
    Entries[0] = ExAllocateFromNPagedLookasideList(&List);
    List.L.Free(Entries[0]);
    ExDeleteNPagedLookasideList(&List);
    CHECK_EQ(tracker(0, TAG_A)->Bytes, 0);
    /* The paged list's exported functions, as a driver calls them. */
    ExInitializePagedLookasideList(&Paged, NULL, NULL, 0, 48, TAG_B, 0);
    Entries[0] = (ExAllocateFromPagedLookasideList)(&Paged);
    CHECK(Entries[0] != NULL);
    CHECK_EQ(Paged.L.TotalAllocates, 1);
    (ExFreeToPagedLookasideList)(&Paged, Entries[0]);
    CHECK_EQ(Paged.L.TotalFrees, 1);
    CHECK((ExAllocateFromPagedLookasideList)(&Paged) == Entries[0]);
    (ExFreeToPagedLookasideList)(&Paged, Entries[0]);
    ExDeletePagedLookasideList(&Paged);
    CHECK_EQ(tracker(1, TAG_B)->Bytes, 0);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
}

int main(void)
{
    RUN(pool_header_is_nt_layout);
    RUN(pool_size_zero_and_limits);
    RUN(pool_every_failure_is_counted_per_tag);
    RUN(pool_classes_are_close);
    RUN(pool_slabs_return_to_the_provider);
    RUN(pool_big_table_grows_and_shrinks);
    RUN(pool_double_free_stops);
    RUN(pool_wrong_tag_stops);
    RUN(pool_overrun_into_next_header_stops);
    RUN(pool_bad_addresses_stop);
    RUN(pool_irql_rules_stop);
    RUN(pool_paged_lock_is_a_fast_mutex);
    RUN(pool_must_succeed_and_exhaustion);
    RUN(pool_quota_charges_and_raises);
    RUN(object_cache_blocks_are_pool_blocks);
    RUN(lookaside_counts_and_depth);
    RUN(lookaside_callbacks_and_paged_trim);
    RUN(lookaside_driver_inlines_mix_with_the_cache);
    RUN(pool_model_randomised);
    HOST_TEST_EXIT();
}
