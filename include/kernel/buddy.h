/*
 * The buddy allocator for page frames, over the PFN database. Blocks are
 * 2^order frames, naturally aligned; a free block's head sits on the free
 * list of its zone and order, and freeing merges a block with its buddy
 * (the block at Frame ^ 2^order) while that buddy is free and of the same
 * order. Order-0 frames pass through a small per-zone cache in front of
 * the lists, as Linux's per-CPU page lists, so the common single-page
 * alloc/free pair costs a push and a pop.
 *
 * Pure C over a record array: the host tests run it under sanitizers.
 */
#ifndef KERNEL_BUDDY_H
#define KERNEL_BUDDY_H

#include "kernel/pfn.h"

#define MI_MAX_ORDER 10 /* 4 KiB to 4 MiB */
#define MI_ORDER_COUNT (MI_MAX_ORDER + 1)

/* Zones. Their bounds are multiples of the largest block, so no block ever
 * straddles two zones. */
typedef enum _MI_ZONE {
    MiZoneDma = 0, /* below 16 MiB: ISA DMA can reach it */
    MiZoneLow,     /* below 1 GiB: inside the kernel's direct map */
    MiZoneHigh,    /* above: reached through temporary mappings */
    MiZoneCount
} MI_ZONE;

#define MI_DMA_LIMIT_PAGE 0x1000UL  /* 16 MiB */
#define MI_LOW_LIMIT_PAGE 0x40000UL /* 1 GiB */

static inline MI_ZONE MiZoneOfFrame(PFN_NUMBER Frame)
{
    return Frame < MI_DMA_LIMIT_PAGE   ? MiZoneDma
           : Frame < MI_LOW_LIMIT_PAGE ? MiZoneLow
                                       : MiZoneHigh;
}

/* Allocation constraints: the highest zone a caller can use. Frames come
 * from the highest allowed zone that has them, keeping low frames for the
 * callers that need them. */
#define MI_CONSTRAINT_DMA MiZoneDma
#define MI_CONSTRAINT_LOW MiZoneLow
#define MI_CONSTRAINT_ANY MiZoneHigh

#define MI_PAGE_CACHE_HIGH 64 /* a full cache gives a batch back */
#define MI_PAGE_CACHE_BATCH 16

typedef struct _MI_FREE_LIST {
    PFN_NUMBER Head; /* MI_NO_PAGE when empty */
    ULONG Count;     /* blocks */
} MI_FREE_LIST;

/* A stack of frame numbers: a pop or a push touches the cache and not a
 * second record's link. */
typedef struct _MI_PAGE_CACHE {
    ULONG Count;
    PFN_NUMBER Frames[MI_PAGE_CACHE_HIGH];
} MI_PAGE_CACHE;

typedef struct _MI_BUDDY {
    PMMPFN Database;
    PFN_NUMBER PageCount; /* records in Database */
    MI_FREE_LIST FreeList[MiZoneCount][MI_ORDER_COUNT];
    /* The zones' page caches (MiBuddyZoneCache): the top zone's is
     * TopCache, at a fixed place for the fast path, and Cache[TopZone]
     * stays empty, unless every operation is checked. */
    MI_PAGE_CACHE Cache[MiZoneCount];
    MI_PAGE_CACHE TopCache;
    PFN_NUMBER ListPages[MiZoneCount]; /* frames on the free lists */
    PFN_NUMBER ManagedPages[MiZoneCount];
    MI_ZONE TopZone;             /* the highest zone with managed frames */
    BOOLEAN CheckEveryOperation; /* run MiBuddyCheck after each call */
    /* The order-0 fast path serves the top zone's cache alone: a frame is
     * its business when Frame - FastFirst < FastSpan (the top zone's
     * records, one compare), a request when its constraint is one the
     * top zone meets (none to test for MI_CONSTRAINT_ANY). While every
     * operation is checked the span is 0 and TopCache stays empty (the
     * top zone's frames are cached in Cache[TopZone]), so the slow path
     * takes everything. */
    PFN_NUMBER FastFirst;
    PFN_NUMBER FastSpan;
} MI_BUDDY;

/* Runs MiBuddyCheck after every call (mmcheck=1), all through the slow
 * path; or stops doing so. */
VOID MiBuddySetChecking(MI_BUDDY *Buddy, BOOLEAN CheckEveryOperation);

/* Every record starts reserved; MiBuddyAddRange hands frames over. */
VOID MiBuddyInitialize(MI_BUDDY *Buddy, PMMPFN Database, PFN_NUMBER PageCount);
VOID MiBuddyAddRange(MI_BUDDY *Buddy, PFN_NUMBER First, PFN_NUMBER Count);
/* Marks a frame bad (it must still be reserved). */
VOID MiBuddyMarkBad(MI_BUDDY *Buddy, PFN_NUMBER Frame);

static inline MI_PAGE_CACHE *MiBuddyZoneCache(const MI_BUDDY *Buddy, ULONG Zone)
{
    return (MI_PAGE_CACHE *)(Zone == (ULONG)Buddy->TopZone &&
                                     !Buddy->CheckEveryOperation
                                 ? &Buddy->TopCache
                                 : &Buddy->Cache[Zone]);
}

/* Frame's record, computed as an integer, so that any frame may be asked
 * before it is checked (the free computes it first: the allocation's is
 * then reused). On i686 the 28-byte stride is 7 * 4: two instructions and
 * an addressing mode, where GCC's i486 tuning spends four on the
 * multiply; the fast paths below are where that shows. */
static inline PMMPFN MiBuddyRecord(const MI_BUDDY *Buddy, PFN_NUMBER Frame)
{
#if defined(__i386__)
    ULONG Sevens;

    _Static_assert(sizeof(MMPFN) == 7 * sizeof(ULONG), "the stride is 7 * 4");
    __asm__("leal 0(,%1,8), %0\n\tsubl %1, %0" : "=&r"(Sevens) : "r"(Frame));
    return (PMMPFN)((ULONG_PTR)Buddy->Database + Sevens * sizeof(ULONG));
#else
    return (PMMPFN)((ULONG_PTR)Buddy->Database +
                    (ULONG_PTR)Frame * sizeof(MMPFN));
#endif
}

/* The slow halves of the two below (mm/buddy.c): every order and
 * constraint, refills and drains of the cache, every check. */
PFN_NUMBER MiBuddyAllocateSlow(MI_BUDDY *Buddy, ULONG Order,
                               MI_ZONE HighestZone);
VOID MiBuddyFreeSlow(MI_BUDDY *Buddy, PFN_NUMBER Frame, ULONG Order);

/* The order-0 fast paths (inline, as the pool's front is at the kernel's
 * call sites), in pieces that MiBuddyAllocate and MiBuddyFree and
 * mm/pfn.c's pair without the PFN lock share; whoever runs them keeps
 * everything else off the buddy. A request the top zone can serve (the
 * zone it would be served from) is popped from the top zone's cache and
 * marked allocated with one store; a free of a top-zone frame (range and
 * zone in one compare) whose record heads an allocated order-0 block
 * (state and order in one load: exactly the slow half's checks, so a
 * double free takes the slow half and stops there) is pushed when the
 * cache has room. */
static inline BOOLEAN MiBuddyFastConstraint(const MI_BUDDY *Buddy,
                                            MI_ZONE HighestZone)
{
    return HighestZone == MiZoneHigh ||
           ((ULONG)HighestZone < MiZoneCount && HighestZone >= Buddy->TopZone);
}

/* The cache's last frame's index: below 0 (the decrement's sign) when
 * it is empty. */
static inline LONG MiBuddyLastCached(const MI_BUDDY *Buddy)
{
    return (LONG)Buddy->TopCache.Count - 1;
}

static inline PFN_NUMBER MiBuddyPopPage(MI_BUDDY *Buddy, LONG Last)
{
    PFN_NUMBER Frame = Buddy->TopCache.Frames[Last];

    Buddy->TopCache.Count = (ULONG)Last;
    MiBuddyRecord(Buddy, Frame)->CountStateOrder =
        MI_PFN_WORD(1, MiPfnActive, 0);
    return Frame;
}

static inline BOOLEAN MiBuddyFastFrame(const MI_BUDDY *Buddy, PFN_NUMBER Frame)
{
    return Frame - Buddy->FastFirst < Buddy->FastSpan;
}

/* Pushes Frame (a fast frame) when its record allows and the cache has
 * room; FALSE, with nothing changed, otherwise. */
static inline BOOLEAN MiBuddyPushPage(MI_BUDDY *Buddy, PMMPFN Pfn,
                                      PFN_NUMBER Frame)
{
    MI_PAGE_CACHE *Cache = &Buddy->TopCache;

    if (Pfn->StateOrder != MI_PFN_STATE_ORDER(MiPfnActive, 0) ||
        Cache->Count >= MI_PAGE_CACHE_HIGH)
        return FALSE;
    Pfn->CountStateOrder = MI_PFN_WORD(0, MiPfnCached, 0);
    Pfn->Usage = MiUsageNone;
    Pfn->Owner = 0;
    Cache->Frames[Cache->Count++] = Frame;
    return TRUE;
}

/* A block of 2^Order frames from zones up to HighestZone, or MI_NO_PAGE. */
static inline PFN_NUMBER MiBuddyAllocate(MI_BUDDY *Buddy, ULONG Order,
                                         MI_ZONE HighestZone)
{
    if (Order == 0 && MiBuddyFastConstraint(Buddy, HighestZone)) {
        LONG Last = MiBuddyLastCached(Buddy);

        if (Last >= 0)
            return MiBuddyPopPage(Buddy, Last);
    }
    return MiBuddyAllocateSlow(Buddy, Order, HighestZone);
}

/* Frees a block; a frame that is not the head of an allocated block of
 * that order stops the machine with PFN_LIST_CORRUPT. */
static inline VOID MiBuddyFree(MI_BUDDY *Buddy, PFN_NUMBER Frame, ULONG Order)
{
    PMMPFN Pfn = MiBuddyRecord(Buddy, Frame); /* read once checked */

    if (MiBuddyFastFrame(Buddy, Frame) && Order == 0 &&
        MiBuddyPushPage(Buddy, Pfn, Frame))
        return;
    MiBuddyFreeSlow(Buddy, Frame, Order);
}

/* Exactly PageCount contiguous frames, all at or below HighestFrame;
 * returns the first or MI_NO_PAGE. The unused tail of the power-of-two
 * block goes straight back. Free with MiBuddyFreeRange and the same count. */
PFN_NUMBER MiBuddyAllocateRange(MI_BUDDY *Buddy, PFN_NUMBER PageCount,
                                PFN_NUMBER HighestFrame);
VOID MiBuddyFreeRange(MI_BUDDY *Buddy, PFN_NUMBER First, PFN_NUMBER PageCount);

/* Gives every cached order-0 frame back to the lists (merging). */
VOID MiBuddyDrainCache(MI_BUDDY *Buddy);

typedef struct _MI_BUDDY_STATISTICS {
    ULONG FreeBlocks[MiZoneCount][MI_ORDER_COUNT];
    PFN_NUMBER FreePages[MiZoneCount]; /* including cached */
    PFN_NUMBER CachedPages[MiZoneCount];
    PFN_NUMBER ManagedPages[MiZoneCount];
    PFN_NUMBER TotalFree;
    PFN_NUMBER TotalManaged;
    LONG LargestFreeOrder; /* -1 when nothing is on the lists */
} MI_BUDDY_STATISTICS;

VOID MiBuddyQuery(const MI_BUDDY *Buddy, MI_BUDDY_STATISTICS *Statistics);

/* Invariant checker: what it found and where. */
typedef enum _MI_BUDDY_PROBLEM {
    MiBuddyConsistent = 0,
    MiBuddyBadLink,         /* a list link out of range or Blink mismatch */
    MiBuddyWrongList,       /* a block on the list of another order/zone */
    MiBuddyNotFreeOnList,   /* a listed frame whose record is not free */
    MiBuddyListedTwice,     /* a frame met twice on the lists or cache */
    MiBuddyListCount,       /* a list's length differs from its count */
    MiBuddyMisaligned,      /* a head not aligned to its order */
    MiBuddyBadTail,         /* a frame inside a block is not a tail */
    MiBuddyOrphanTail,      /* a tail that no block covers */
    MiBuddyFreeNotListed,   /* a free head not on its list */
    MiBuddyCachedNotCached, /* a cached record missing from the cache */
    MiBuddyUnmerged,        /* two free buddies of one order */
    MiBuddyFreeCount,       /* free pages differ from the zone's count */
    MiBuddyManagedCount,    /* managed frames differ from the zone's count */
} MI_BUDDY_PROBLEM;

typedef struct _MI_BUDDY_CHECK {
    MI_BUDDY_PROBLEM Problem;
    PFN_NUMBER Frame;
} MI_BUDDY_CHECK;

/* Walks every list and every record; returns FALSE and fills *Result at
 * the first disagreement. */
BOOLEAN MiBuddyCheck(MI_BUDDY *Buddy, MI_BUDDY_CHECK *Result);
PCSTR MiBuddyProblemName(MI_BUDDY_PROBLEM Problem);

/* PFN_LIST_CORRUPT's first parameter: what was wrong. 0x07 and 0x99 are
 * NT's; the others are this kernel's. */
#define MI_PFN_FREE_UNALLOCATED 0x07 /* frame, its state, order given */
/* NT's 0x07 too: an unlock of a frame no MDL holds (MmUnlockPages). */
#define MI_PFN_UNLOCKED_TOO_OFTEN 0x07   /* frame, its lock count (0), 0 */
#define MI_PFN_CORRUPT 0x99              /* frame, MI_BUDDY_PROBLEM */
#define MI_PFN_FREE_WRONG_ORDER 0x100    /* frame, order given, its order */
#define MI_PFN_FREE_RESERVED 0x101       /* frame, its state */
#define MI_PFN_FREE_OUT_OF_RANGE 0x102   /* frame, records in database */
#define MI_PFN_FREE_NOT_CONTIGUOUS 0x103 /* address, its state, its usage */

#endif
