/*
 * The pool's per-processor front on the host (mm/pool_front.c): what the
 * fast paths still stop (a double free, a wrong tag), tag counts exact
 * after a query while blocks sit in the front, the checks the drain makes
 * instead of the free, reclaim and low memory draining the front, blocks
 * the front must leave alone, and the slabs' hysteresis under churn.
 */
#include "host_bugcheck.h"
#include "host_test.h"
#include "kernel/pool_cpu.h"
#include "kernel/pool_inline.h"
#include "pool_host.h"

VOID NTAPI ExRaiseStatus(NTSTATUS Status)
{
    printf("unexpected exception %#lx\n", (unsigned long)Status);
    abort();
}

#define ARENA_PAGES 4096UL
#define TAG_A 'AgaT'
#define TAG_B 'BgaT'

#define EXPECT_STOP(Statement, Code, P1)                                       \
    do {                                                                       \
        CHECK_MSG(BUGCHECKS(Statement), "%s did not stop", #Statement);        \
        CHECK_EQ(bugcheck_code, Code);                                         \
        CHECK_EQ(bugcheck_parameter[0], P1);                                   \
    } while (0)

/* The list a block of Units * 8 bytes (header included) goes on. */
static MI_POOL_FRONT_LIST *list_of(ULONG Base, ULONG Units)
{
    return &MiHostPoolFront.Lists[Base][Units - 1];
}

static MI_SLAB *slab_of(PVOID Block)
{
    return (MI_SLAB *)*MiPoolPageWord(Block);
}

static ULONG blocks_held(VOID)
{
    ULONG Base, Units, Count = 0;

    for (Base = 0; Base < 2; Base++)
        for (Units = 1; Units <= MI_POOL_FRONT_UNITS; Units++)
            Count += MI_POOL_FRONT_HELD(list_of(Base, Units));
    return Count;
}

static const MI_POOL_TAG_INFO *queried(ULONG Tag)
{
    static MI_POOL_TAG_INFO Tags[64];
    ULONG Count = MiQueryPoolTags(Tags, ARRAYSIZE(Tags)), Index;

    for (Index = 0; Index < Count && Index < ARRAYSIZE(Tags); Index++)
        if (Tags[Index].Tag == Tag)
            return &Tags[Index];
    return NULL;
}

static void front_takes_a_freed_block_and_gives_it_back(void)
{
    PVOID A, B;
    MI_POOL_FRONT_LIST *List;

    MiHostPoolSetup(ARENA_PAGES);
    List = list_of(NonPagedPool, 8);
    A = ExAllocatePoolWithTag(NonPagedPool, 56, TAG_A);
    CHECK(MI_POOL_FRONT_HELD(List) > 0); /* the refill's batch waits there */
    ExFreePoolWithTag(A, TAG_A);
    CHECK(List->Head == A);
    CHECK_EQ(((PPOOL_HEADER)A - 1)->PoolType, 0); /* free to its callers */
    B = ExAllocatePoolWithTag(NonPagedPool, 50, TAG_A);
    CHECK(B == A); /* LIFO: the block still in the cache comes first */
    CHECK_EQ(((PPOOL_HEADER)B - 1)->PoolType, NonPagedPool + 1);
    CHECK_EQ(((PPOOL_HEADER)B - 1)->PoolTag, TAG_A);
    ExFreePool(B);
}

static void front_double_free_stops(void)
{
    PVOID A;
    ULONG Word;

    MiHostPoolSetup(ARENA_PAGES);
    A = ExAllocatePoolWithTag(PagedPool, 64, TAG_A);
    ExFreePoolWithTag(A, TAG_A);
    CHECK(list_of(PagedPool, 9)->Head == A);
    Word = ((PPOOL_HEADER)A - 1)->Ulong1;
    EXPECT_STOP(ExFreePoolWithTag(A, TAG_A), BAD_POOL_CALLER, 0x07);
    CHECK_EQ(bugcheck_parameter[1], 0);
    CHECK_EQ(bugcheck_parameter[2], Word);
    CHECK_EQ(bugcheck_parameter[3], (ULONG_PTR)A);
    MiHostPoolSetup(ARENA_PAGES);
    A = ExAllocatePoolWithTag(NonPagedPool, 16, TAG_A);
    ExFreePool(A);
    EXPECT_STOP(ExFreePool(A), BAD_POOL_CALLER, 0x07);
}

static void front_wrong_tag_stops(void)
{
    PVOID A;
    ULONG Held;

    MiHostPoolSetup(ARENA_PAGES);
    A = ExAllocatePoolWithTag(NonPagedPool, 200, TAG_A);
    Held = MI_POOL_FRONT_HELD(list_of(NonPagedPool, 26));
    EXPECT_STOP(ExFreePoolWithTag(A, TAG_B), BAD_POOL_CALLER, 0x0A);
    CHECK_EQ(bugcheck_parameter[1], (ULONG_PTR)A);
    CHECK_EQ(bugcheck_parameter[2], TAG_A);
    CHECK_EQ(bugcheck_parameter[3], TAG_B);
    CHECK_EQ(MI_POOL_FRONT_HELD(list_of(NonPagedPool, 26)),
             Held); /* not taken */
    CHECK_EQ(((PPOOL_HEADER)A - 1)->PoolType, NonPagedPool + 1);
}

static void front_irql_rules_stop(void)
{
    PVOID A;

    MiHostPoolSetup(ARENA_PAGES);
    A = ExAllocatePoolWithTag(PagedPool, 32, TAG_A);
    MiHostIrql = DISPATCH_LEVEL;
    EXPECT_STOP(ExFreePool(A), BAD_POOL_CALLER, 0x09);
    EXPECT_STOP(ExAllocatePoolWithTag(PagedPool, 32, TAG_A), BAD_POOL_CALLER,
                0x08);
    MiHostIrql = DISPATCH_LEVEL + 1;
    EXPECT_STOP(ExAllocatePoolWithTag(NonPagedPool, 32, TAG_A), BAD_POOL_CALLER,
                0x08);
    MiHostIrql = PASSIVE_LEVEL;
}

/* The memo holds the latest counts; a query folds them in, and so does a
 * miss (another tag on the same list). */
static void front_counts_are_exact_after_a_query(void)
{
    PVOID Blocks[40];
    const MI_POOL_TAG_INFO *Info;
    ULONG Index;

    MiHostPoolSetup(ARENA_PAGES);
    for (Index = 0; Index < 40; Index++)
        Blocks[Index] = ExAllocatePoolWithTag(NonPagedPool, 100, TAG_A);
    for (Index = 0; Index < 30; Index++)
        ExFreePoolWithTag(Blocks[Index], TAG_A);
    CHECK(blocks_held() > 0);
    /* The table itself lags: the memo has the counts. */
    CHECK(MiPoolTrackerLookup(&MiPools[0], TAG_A)->Allocations < 40);
    Info = queried(TAG_A);
    CHECK(Info != NULL);
    CHECK_EQ(Info->NonPagedAllocations, 40);
    CHECK_EQ(Info->NonPagedFrees, 30);
    CHECK_EQ(Info->NonPagedBytes, 10 * 112);
    /* A miss folds: TAG_B on the same list, and TAG_A's are in the table. */
    ExFreePoolWithTag(Blocks[30], TAG_A);
    Blocks[30] = ExAllocatePoolWithTag(NonPagedPool, 100, TAG_B);
    CHECK_EQ(MiPoolTrackerLookup(&MiPools[0], TAG_A)->Frees, 31);
    CHECK_EQ(MiPoolTrackerLookup(&MiPools[0], TAG_A)->Bytes, 9 * 112);
    ExFreePoolWithTag(Blocks[30], TAG_B);
    for (Index = 31; Index < 40; Index++)
        ExFreePoolWithTag(Blocks[Index], TAG_A);
    Info = queried(TAG_A);
    CHECK_EQ(Info->NonPagedAllocations, 40);
    CHECK_EQ(Info->NonPagedFrees, 40);
    CHECK_EQ(Info->NonPagedBytes, 0);
    Info = queried(TAG_B);
    CHECK_EQ(Info->NonPagedAllocations, 1);
    CHECK_EQ(Info->NonPagedBytes, 0);
}

static void front_reclaim_gives_the_pages_back(void)
{
    PVOID Blocks[500];
    ULONG Index;

    MiHostPoolSetup(ARENA_PAGES);
    for (Index = 0; Index < 500; Index++)
        Blocks[Index] = ExAllocatePoolWithTag(
            Index % 2 ? PagedPool : NonPagedPool, 8 + Index % 400, TAG_A);
    for (Index = 0; Index < 500; Index++)
        ExFreePool(Blocks[Index]);
    CHECK(blocks_held() > 0);
    CHECK(MiHostPagesInUse > 0);
    MiPoolReclaim();
    CHECK_EQ(blocks_held(), 0);
    CHECK_EQ(MiHostPagesInUse, 0);
    CHECK_EQ(MiPools[0].SlabPages + MiPools[1].SlabPages, 0);
}

/* The one page left is held by a front's blocks: the allocation that
 * needs a page drains the fronts before it gives up. */
static void front_low_memory_drains_before_failing(void)
{
    PVOID A, B;

    MiHostPoolSetup(ARENA_PAGES);
    A = ExAllocatePoolWithTag(NonPagedPool, 56, TAG_A);
    ExFreePoolWithTag(A, TAG_A);
    CHECK_EQ(MiHostPagesInUse, 1);
    CHECK(MI_POOL_FRONT_HELD(list_of(NonPagedPool, 8)) > 0);
    MiHostPageLimit = 1;
    B = ExAllocatePoolWithTag(NonPagedPool, 100, TAG_B);
    CHECK(B != NULL);
    CHECK_EQ(MI_POOL_FRONT_HELD(list_of(NonPagedPool, 8)), 0);
    CHECK_EQ(MiPools[0].Failures, 0);
    ExFreePoolWithTag(B, TAG_B);
}

/* What the free no longer checks, the drain does: a block written after
 * its free, an overrun, and a forged pointer the header check let in. */
static void front_drain_checks_what_the_free_did_not(void)
{
    PUCHAR A, B, Big;
    PPOOL_HEADER Forged;

    MiHostPoolSetup(ARENA_PAGES);
    A = ExAllocatePoolWithTag(NonPagedPool, 24, TAG_A);
    ExFreePool(A);
    ((PPOOL_HEADER)A - 1)->Ulong1 |= 1 << MI_POOL_TYPE_SHIFT; /* after free */
    EXPECT_STOP(MiPoolFrontDrain(), BAD_POOL_HEADER, 0x07);
    CHECK_EQ(bugcheck_parameter[3], (ULONG_PTR)((PPOOL_HEADER)A - 1));

    MiHostPoolSetup(ARENA_PAGES);
    A = ExAllocatePoolWithTag(NonPagedPool, 24, TAG_A);
    B = ExAllocatePoolWithTag(NonPagedPool, 24, TAG_A);
    CHECK(B == A + 32);
    memset(A, 0x41, 24 + 4);
    ExFreePool(A); /* taken: its own header is intact */
    EXPECT_STOP(MiPoolFrontDrain(), BAD_POOL_HEADER, 0x05);
    CHECK_EQ(bugcheck_parameter[1], (ULONG_PTR)((PPOOL_HEADER)A - 1));

    /* A header forged inside a 504-byte block passes the free's checks;
     * the drain finds it at no slot of its slab. */
    MiHostPoolSetup(ARENA_PAGES);
    Big = ExAllocatePoolWithTag(NonPagedPool, 504, TAG_A);
    Forged = (PPOOL_HEADER)(Big + 64);
    Forged->Ulong1 = 8 << 16 | 8 | (NonPagedPool + 1) << MI_POOL_TYPE_SHIFT;
    Forged->PoolTag = TAG_A;
    ExFreePoolWithTag(Forged + 1, TAG_A);
    CHECK(list_of(NonPagedPool, 8)->Head == Forged + 1);
    EXPECT_STOP(MiPoolFrontDrain(), BAD_POOL_CALLER, 0x46);
    CHECK_EQ(bugcheck_parameter[1], (ULONG_PTR)(Forged + 1));
}

/* Cache-aligned and object-cache blocks carry PoolIndex 1 and quota
 * blocks their quota bit: all go the checked way, never into a list. */
static void front_leaves_other_blocks_alone(void)
{
    MI_SLAB_CACHE *Cache;
    PVOID Aligned, Object, Quota;
    ULONG Held;

    MiHostPoolSetup(ARENA_PAGES);
    Cache = MiCreateObjectCache("front test", NonPagedPool, 56, TAG_B);
    Aligned = ExAllocatePoolWithTag(NonPagedPoolCacheAligned, 56, TAG_A);
    Object = MiAllocateFromCache(Cache);
    Quota = ExAllocatePoolWithQuotaTag(NonPagedPool, 56, TAG_A);
    Held = blocks_held(); /* the cache's descriptor's refill */
    CHECK_EQ(((PPOOL_HEADER)Aligned - 1)->PoolIndex, MI_POOL_INDEX_OTHER);
    CHECK_EQ(((PPOOL_HEADER)Object - 1)->PoolIndex, MI_POOL_INDEX_OTHER);
    CHECK_EQ(((PPOOL_HEADER)Aligned - 1)->BlockSize, 8);
    CHECK_EQ(MiPools[0].AlignedClasses[0].InUse, 1);
    ExFreePool(Aligned);
    ExFreePool(Object);
    ExFreePool(Quota);
    CHECK_EQ(blocks_held(), Held);
    CHECK_EQ(MiPools[0].AlignedClasses[0].InUse, 0);
    CHECK_EQ(Cache->InUse, 0);
    MiDeleteObjectCache(Cache);
}

/* A block the front refuses by its header (here over 512 bytes) goes to
 * the checked free that skips the big-block test the front made: every
 * other check still stops it, and an address inside a big block (not
 * page-aligned) still stops as one no slab holds. */
static void front_refused_blocks_keep_every_check(void)
{
    PVOID A, B, Big;

    MiHostPoolSetup(ARENA_PAGES);
    A = ExAllocatePoolWithTag(NonPagedPool, 600, TAG_A);
    B = ExAllocatePoolWithTag(NonPagedPool, 600, TAG_A);
    Big = ExAllocatePoolWithTag(NonPagedPool, 3 * PAGE_SIZE, TAG_A);
    CHECK(A != NULL && B != NULL && Big != NULL);
    CHECK(!MiPoolFrontTakes(A));
    EXPECT_STOP(ExFreePoolWithTag(A, TAG_B), BAD_POOL_CALLER, 0x0A);
    EXPECT_STOP(ExFreePoolWithTag((PUCHAR)A + 16, TAG_A), BAD_POOL_CALLER,
                0x46);
    EXPECT_STOP(ExFreePool((PUCHAR)Big + 64), BAD_POOL_CALLER, 0x46);
    CHECK_EQ(bugcheck_parameter[1], (ULONG_PTR)Big + 64);
    ExFreePoolWithTag(A, TAG_A);
    EXPECT_STOP(ExFreePoolWithTag(A, TAG_A), BAD_POOL_CALLER, 0x07);
    EXPECT_STOP(ExFreePool(A), BAD_POOL_CALLER, 0x07);
    /* B overruns into the next slot's header. */
    *(PULONG)((PUCHAR)B + MiPools[0].ClassOfUnits[80]->Stride - 8) ^= 0xFF;
    EXPECT_STOP(ExFreePool(B), BAD_POOL_HEADER, 0x05);
    *(PULONG)((PUCHAR)B + MiPools[0].ClassOfUnits[80]->Stride - 8) ^= 0xFF;
    ExFreePool(B);
    ExFreePool(Big);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
}

/* A slab neither current nor full takes a block back without moving; the
 * last block out moves it to the empty list. */
static void slab_partial_free_moves_only_when_empty(void)
{
    PVOID Blocks[60];
    MI_SLAB_CACHE *Cache;
    MI_SLAB *First;
    ULONG Index, Count;

    MiHostPoolSetup(ARENA_PAGES);
    Cache = MiPools[0].ClassOfUnits[80];
    for (Count = 0; Count < 60; Count++) {
        Blocks[Count] = ExAllocatePoolWithTag(NonPagedPool, 600, TAG_A);
        if (slab_of(Blocks[Count]) != slab_of(Blocks[0]))
            break;
    }
    First = slab_of(Blocks[0]);
    for (Index = 0; Index < Cache->PartialThreshold; Index++)
        ExFreePool(Blocks[Index]);
    CHECK_EQ(First->List, MiSlabPartial);
    for (; Index < Count - 1; Index++) {
        ExFreePool(Blocks[Index]);
        CHECK_EQ(First->List, MiSlabPartial);
    }
    ExFreePool(Blocks[Index]); /* the last of the first slab */
    CHECK_EQ(First->List, MiSlabEmpty);
    CHECK_EQ(First->InUse, 0);
    ExFreePool(Blocks[Count]);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
}

/* A full slab that gets a block back stays on the full list until an
 * eighth of it is free: churn moves no slab. (640-byte blocks: no front.) */
static void slab_full_list_has_hysteresis(void)
{
    PVOID Blocks[60];
    MI_SLAB_CACHE *Cache;
    MI_SLAB *First;
    ULONG Index, Step, Count;

    MiHostPoolSetup(ARENA_PAGES);
    Cache = MiPools[0].ClassOfUnits[80];
    CHECK_EQ(Cache->Stride, 640);
    CHECK(Cache->PartialThreshold > 1);
    for (Count = 0; Count < 60; Count++) {
        Blocks[Count] = ExAllocatePoolWithTag(NonPagedPool, 600, TAG_A);
        if (slab_of(Blocks[Count]) != slab_of(Blocks[0]))
            break;
    }
    Count++;
    First = slab_of(Blocks[0]);
    CHECK_EQ(First->List, MiSlabFull);
    for (Index = 0; Index < Cache->PartialThreshold - 1; Index++) {
        ExFreePool(Blocks[Index]);
        Blocks[Index] = NULL;
        CHECK_EQ(First->List, MiSlabFull);
    }
    /* Churn elsewhere takes nothing from it and moves it nowhere. */
    for (Step = 0; Step < 100; Step++) {
        ExFreePool(Blocks[Count - 1]);
        Blocks[Count - 1] = ExAllocatePoolWithTag(NonPagedPool, 600, TAG_A);
        CHECK(slab_of(Blocks[Count - 1]) != First);
        CHECK_EQ(First->List, MiSlabFull);
    }
    ExFreePool(Blocks[Index]);
    Blocks[Index] = NULL;
    CHECK_EQ(First->List, MiSlabPartial);
    for (Index = 0; Index < Count; Index++)
        if (Blocks[Index] != NULL)
            ExFreePool(Blocks[Index]);
    MiPoolReclaim();
    CHECK_EQ(MiHostPagesInUse, 0);
}

/* Out of pages, a full-listed slab's few free blocks still serve. */
static void slab_full_list_serves_when_memory_is_out(void)
{
    PVOID Blocks[60], Again;
    ULONG Count;

    MiHostPoolSetup(ARENA_PAGES);
    for (Count = 0; Count < 60; Count++) {
        Blocks[Count] = ExAllocatePoolWithTag(NonPagedPool, 600, TAG_A);
        if (slab_of(Blocks[Count]) != slab_of(Blocks[0]))
            break;
    }
    ExFreePool(Blocks[1]);
    CHECK_EQ(slab_of(Blocks[0])->List, MiSlabFull);
    /* Fill the second slab, with no page left for a third. */
    MiHostPageLimit = MiHostPagesInUse;
    while ((Again = ExAllocatePoolWithTag(NonPagedPool, 600, TAG_A)) != NULL &&
           slab_of(Again) != slab_of(Blocks[0]))
        ;
    CHECK(Again != NULL);
    CHECK(Again == Blocks[1]);
}

/* The inline fast paths' compile-time class (a constant size) is the
 * class the pool built, for every size the front takes. */
static void front_constant_size_finds_the_class_list(void)
{
    SIZE_T Bytes;

    MiHostPoolSetup(ARENA_PAGES);
    for (Bytes = 0; Bytes <= MI_POOL_FRONT_BYTES; Bytes++) {
        ULONG Units = MI_POOL_FRONT_CLASS_UNITS(Bytes);

        CHECK(MiPoolFrontListAt(MiPoolFrontSlotOfBytes[NonPagedPool][Bytes]) ==
              list_of(NonPagedPool, Units));
        CHECK(MiPoolFrontListAt(MiPoolFrontSlotOfBytes[PagedPool][Bytes]) ==
              list_of(PagedPool, Units));
        CHECK(list_of(NonPagedPool, Units)->Depth != 0); /* a class */
    }
    CHECK(MiPoolFrontListOfRequest(PagedPool, 100) == list_of(PagedPool, 14));
    CHECK(MiPoolFrontListOfRequest(NonPagedPool, 300) ==
          list_of(NonPagedPool, 40));
}

/* The inline paths at call sites of their own, as the kernel's are (and
 * out of the test's setjmp frame). */
static DECLSPEC_NOINLINE PVOID inline_allocate(POOL_TYPE PoolType,
                                               SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocatePoolWithTagInline(PoolType, NumberOfBytes, Tag);
}

static DECLSPEC_NOINLINE PVOID inline_allocate_paged_88(ULONG Tag)
{
    return ExpAllocatePoolWithTagInline(PagedPool, 88, Tag);
}

static DECLSPEC_NOINLINE VOID inline_free(PVOID P, ULONG Tag)
{
    ExpFreePoolWithTagInline(P, Tag);
}

static DECLSPEC_NOINLINE VOID inline_free_untagged(PVOID P)
{
    ExpFreePoolInline(P);
}

/* The kernel's own call sites' inline paths: the same pop and push as
 * the exports, and the same stops for what they refuse. */
static void front_inline_paths_match_the_exports(void)
{
    MI_POOL_FRONT_LIST *List;
    PVOID A, B, Big;

    MiHostPoolSetup(ARENA_PAGES);
    List = list_of(PagedPool, 12); /* 88 bytes: a 96-byte block */
    A = inline_allocate_paged_88(TAG_A);
    CHECK(A != NULL);
    CHECK_EQ(((PPOOL_HEADER)A - 1)->PoolType, PagedPool + 1);
    CHECK_EQ(((PPOOL_HEADER)A - 1)->PoolTag, TAG_A);
    inline_free(A, TAG_A);
    CHECK(List->Head == A);
    B = inline_allocate_paged_88(TAG_A);
    CHECK(B == A);
    EXPECT_STOP(inline_free(B, TAG_B), BAD_POOL_CALLER, 0x0A);
    inline_free_untagged(B);
    EXPECT_STOP(inline_free_untagged(B), BAD_POOL_CALLER, 0x07);
    EXPECT_STOP(inline_allocate_paged_88(0), BAD_POOL_CALLER, 0x9B);
    MiHostIrql = DISPATCH_LEVEL;
    EXPECT_STOP(inline_allocate_paged_88(TAG_A), BAD_POOL_CALLER, 0x08);
    MiHostIrql = PASSIVE_LEVEL;
    /* Bigger than the front: the slab's checked path, then pages. */
    B = inline_allocate(NonPagedPool, 1000, TAG_A);
    Big = inline_allocate(NonPagedPool, 5000, TAG_A);
    CHECK(B != NULL && Big != NULL);
    CHECK_EQ((ULONG_PTR)Big & (PAGE_SIZE - 1), 0);
    CHECK_EQ(queried(TAG_A)->NonPagedAllocations, 2);
    CHECK_EQ(queried(TAG_A)->PagedAllocations, 2);
    inline_free(B, TAG_A);
    inline_free(Big, TAG_A);
    EXPECT_STOP(inline_free(B, TAG_A), BAD_POOL_CALLER, 0x07);
    CHECK_EQ(queried(TAG_A)->NonPagedFrees, 2);
    CHECK_EQ(queried(TAG_A)->PagedFrees, 2);
    CHECK_EQ(queried(TAG_A)->NonPagedBytes + queried(TAG_A)->PagedBytes, 0);
}

int main(void)
{
    RUN(front_takes_a_freed_block_and_gives_it_back);
    RUN(front_double_free_stops);
    RUN(front_wrong_tag_stops);
    RUN(front_irql_rules_stop);
    RUN(front_counts_are_exact_after_a_query);
    RUN(front_reclaim_gives_the_pages_back);
    RUN(front_low_memory_drains_before_failing);
    RUN(front_drain_checks_what_the_free_did_not);
    RUN(front_leaves_other_blocks_alone);
    RUN(front_refused_blocks_keep_every_check);
    RUN(slab_partial_free_moves_only_when_empty);
    RUN(slab_full_list_has_hysteresis);
    RUN(slab_full_list_serves_when_memory_is_out);
    RUN(front_constant_size_finds_the_class_list);
    RUN(front_inline_paths_match_the_exports);
    HOST_TEST_EXIT();
}
