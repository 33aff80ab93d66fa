/*
 * The pool's per-processor front on real memory (mm/pool_front.c): freed
 * small blocks wait in this processor's PRCB; a tag query counts them
 * exactly (what the shell's pool command and KtUserPoolBytes read), and
 * reclaim gives their slabs' frames back to the page allocator. The
 * front's bug checks are crash tests in tests/kernel/pool.c.
 */
#include "kernel/gdt.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/pool.h"
#include "tests/kernel/kt_pool.h"

#define TAG_FRONT 'tnrF'
#define TAG_RECLAIM 'mlcR'

static ULONG blocks_held(VOID)
{
    MI_POOL_FRONT *Front = &KeGetCurrentPrcb()->PoolFront;
    ULONG Base, Index, Count = 0;

    for (Base = 0; Base < 2; Base++)
        for (Index = 0; Index < MI_POOL_FRONT_UNITS; Index++)
            Count += MI_POOL_FRONT_HELD(&Front->Lists[Base][Index]);
    return Count;
}

static BOOLEAN query_tag(ULONG Tag, MI_POOL_TAG_INFO *Info)
{
    static MI_POOL_TAG_INFO Tags[256];
    ULONG Count = MiQueryPoolTags(Tags, ARRAYSIZE(Tags)), Index;

    for (Index = 0; Index < Count && Index < ARRAYSIZE(Tags); Index++)
        if (Tags[Index].Tag == Tag) {
            *Info = Tags[Index];
            return TRUE;
        }
    return FALSE;
}

#define BLOCKS 300
static PVOID blocks[BLOCKS];

/* Blocks freed at PASSIVE and at DISPATCH_LEVEL sit in the PRCB's lists;
 * the query folds the lists' memos, so the counts are exact. */
KTEST(pool_front_counts_are_exact_after_a_query)
{
    KT_CLEANUP_SECTION;
    MI_POOL_FRONT_LIST *List =
        &KeGetCurrentPrcb()->PoolFront.Lists[PagedPool][(104 >> 3) - 1];
    MI_POOL_TAG_INFO Info, Before = {0};
    ULONG Index, Held = 0;
    KIRQL OldIrql;

    query_tag(TAG_FRONT, &Before); /* a run before this one */

    for (Index = 0; Index < BLOCKS; Index++)
        blocks[Index] = ExAllocatePoolWithTag(
            Index % 2 ? PagedPool : NonPagedPool, 96, TAG_FRONT);
    for (Index = 0; Index < BLOCKS; Index++)
        KT_ASSERT(blocks[Index] != NULL);
    ExFreePoolWithTag(blocks[1], TAG_FRONT);
    KT_ASSERT(List->Head == blocks[1]);
    blocks[1] = NULL;
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    for (Index = 0; Index < BLOCKS; Index += 2) {
        ExFreePoolWithTag(blocks[Index], TAG_FRONT);
        blocks[Index] = NULL;
    }
    KeLowerIrql(OldIrql);
    Held = blocks_held();
    KT_ASSERT(Held > 0);
    KT_ASSERT(query_tag(TAG_FRONT, &Info));
    KT_ASSERT_EQ(Info.NonPagedAllocations - Before.NonPagedAllocations,
                 BLOCKS / 2);
    KT_ASSERT_EQ(Info.NonPagedFrees - Before.NonPagedFrees, BLOCKS / 2);
    KT_ASSERT_EQ(Info.NonPagedBytes, 0);
    KT_ASSERT_EQ(Info.PagedAllocations - Before.PagedAllocations, BLOCKS / 2);
    KT_ASSERT_EQ(Info.PagedFrees - Before.PagedFrees, 1);
    KT_ASSERT_EQ(Info.PagedBytes, (BLOCKS / 2 - 1) * 104);
    KT_ASSERT_EQ(blocks_held(), Held); /* a query drains nothing */
    KT_CLEANUP;
    for (Index = 0; Index < BLOCKS; Index++)
        if (blocks[Index] != NULL)
            ExFreePoolWithTag(blocks[Index], TAG_FRONT);
}

/* Thousands of small blocks freed: the front keeps some and with them
 * their slabs' frames; reclaim (what low memory runs) empties every list
 * and the frames come back. */
KTEST(pool_front_reclaim_gives_the_frames_back)
{
    static PVOID Many[4000];
    KT_CLEANUP_SECTION;
    PFN_NUMBER Before;
    SIZE_T SlabPages;
    ULONG Index, PagedPoolFrames;

    MiPoolReclaim();
    Before = KtFreeFrames();
    PagedPoolFrames = KtPagedPoolFrames();
    SlabPages = MiPools[0].SlabPages + MiPools[1].SlabPages;
    for (Index = 0; Index < ARRAYSIZE(Many); Index++) {
        Many[Index] =
            ExAllocatePoolWithTag(Index % 3 ? NonPagedPool : PagedPool,
                                  16 + Index % 480, TAG_RECLAIM);
        KT_ASSERT_MSG(Many[Index] != NULL,
                      "block %lu (%s, %lu bytes): none; committed %lu of "
                      "%lu pages, %lu frames free",
                      Index, Index % 3 ? "nonpaged" : "paged", 16 + Index % 480,
                      (ULONG)MmTotalCommittedPages, (ULONG)MmTotalCommitLimit,
                      (ULONG)MiFreePageCount());
    }
    KT_ASSERT(KtFreeFrames() < Before);
    KT_CLEANUP;
    for (Index = 0; Index < ARRAYSIZE(Many); Index++)
        if (Many[Index] != NULL)
            ExFreePool(Many[Index]);
    RtlZeroMemory(Many, sizeof(Many));
    KT_ASSERT(blocks_held() > 0);
    MiPoolReclaim();
    KT_ASSERT_EQ(blocks_held(), 0);
    KT_ASSERT_EQ(MiPools[0].SlabPages + MiPools[1].SlabPages, SlabPages);
    /* Paged pool's first growth keeps its page table and page words. */
    KT_ASSERT_EQ(KtFreeFrames() + (KtPagedPoolFrames() - PagedPoolFrames),
                 Before);
}
