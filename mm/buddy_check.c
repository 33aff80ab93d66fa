/*
 * The buddy allocator's invariant checker. Two walks: the free lists and
 * page caches (marking each frame met), then every record in address
 * order, which must tile the frames exactly: reserved and bad frames one
 * by one, each block as its head followed by 2^order - 1 tails, every free
 * head met on its list, no two free buddies of one order left unmerged,
 * and the zone counts equal to what the walks found.
 */
#include "kernel/buddy.h"

static PCSTR const problem_names[] = {
    "consistent",
    "a free-list link is out of range or does not point back",
    "a block is on the list of another order or zone",
    "a listed frame's record does not say free",
    "a frame is on the lists or in the cache twice",
    "a list's length differs from its count",
    "a block head is not aligned to its order",
    "a frame inside a block is not marked as a tail",
    "a tail frame belongs to no block",
    "a free block is not on its free list",
    "a cached frame is not in the page cache",
    "two free buddies of one order are not merged",
    "the free frames differ from the zone's free count",
    "the managed frames differ from the zone's count",
};

PCSTR MiBuddyProblemName(MI_BUDDY_PROBLEM Problem)
{
    return (ULONG)Problem < ARRAYSIZE(problem_names) ? problem_names[Problem]
                                                     : "?";
}

static BOOLEAN fail(MI_BUDDY_CHECK *Result, MI_BUDDY_PROBLEM Problem,
                    PFN_NUMBER Frame)
{
    Result->Problem = Problem;
    Result->Frame = Frame;
    return FALSE;
}

static BOOLEAN check_list(MI_BUDDY *Buddy, MI_ZONE Zone, ULONG Order,
                          PFN_NUMBER *Pages, MI_BUDDY_CHECK *Result)
{
    const MI_FREE_LIST *List = &Buddy->FreeList[Zone][Order];
    PFN_NUMBER Frame = List->Head, Previous = MI_NO_PAGE;
    ULONG Count = 0;

    while (Frame != MI_NO_PAGE) {
        PMMPFN Pfn;

        if (Frame >= Buddy->PageCount)
            return fail(Result, MiBuddyBadLink, Previous);
        Pfn = &Buddy->Database[Frame];
        if (Pfn->Blink != Previous)
            return fail(Result, MiBuddyBadLink, Frame);
        if (Pfn->Flags & MI_PFN_VISITED)
            return fail(Result, MiBuddyListedTwice, Frame);
        Pfn->Flags |= MI_PFN_VISITED;
        if (Pfn->State != MiPfnFree)
            return fail(Result, MiBuddyNotFreeOnList, Frame);
        if (Pfn->Order != Order || MiZoneOfFrame(Frame) != Zone)
            return fail(Result, MiBuddyWrongList, Frame);
        if ((Frame & ((1UL << Order) - 1)) != 0 ||
            Buddy->PageCount - Frame < (1UL << Order))
            return fail(Result, MiBuddyMisaligned, Frame);
        if (++Count > List->Count)
            return fail(Result, MiBuddyListCount, Frame);
        *Pages += 1UL << Order;
        Previous = Frame;
        Frame = Pfn->Flink;
    }
    if (Count != List->Count)
        return fail(Result, MiBuddyListCount, List->Head);
    return TRUE;
}

static BOOLEAN check_cache(MI_BUDDY *Buddy, MI_ZONE Zone,
                           MI_BUDDY_CHECK *Result)
{
    const MI_PAGE_CACHE *Cache = MiBuddyZoneCache(Buddy, Zone);
    ULONG Index;

    if (Cache->Count > MI_PAGE_CACHE_HIGH)
        return fail(Result, MiBuddyListCount, MI_NO_PAGE);
    for (Index = 0; Index < Cache->Count; Index++) {
        PFN_NUMBER Frame = Cache->Frames[Index];
        PMMPFN Pfn;

        if (Frame >= Buddy->PageCount)
            return fail(Result, MiBuddyBadLink, Frame);
        Pfn = &Buddy->Database[Frame];
        if (Pfn->Flags & MI_PFN_VISITED)
            return fail(Result, MiBuddyListedTwice, Frame);
        Pfn->Flags |= MI_PFN_VISITED;
        if (Pfn->State != MiPfnCached)
            return fail(Result, MiBuddyNotFreeOnList, Frame);
        if (MiZoneOfFrame(Frame) != Zone)
            return fail(Result, MiBuddyWrongList, Frame);
    }
    return TRUE;
}

static BOOLEAN check_records(MI_BUDDY *Buddy, MI_BUDDY_CHECK *Result)
{
    PFN_NUMBER Managed[MiZoneCount] = {0};
    PFN_NUMBER Frame = 0, Index;
    ULONG Zone;

    while (Frame < Buddy->PageCount) {
        const MMPFN *Pfn = &Buddy->Database[Frame];
        ULONG Order = Pfn->Order;
        PFN_NUMBER Other;

        switch (Pfn->State) {
        case MiPfnReserved:
        case MiPfnBad:
            Frame++;
            continue;
        case MiPfnCached:
            if (!(Pfn->Flags & MI_PFN_VISITED))
                return fail(Result, MiBuddyCachedNotCached, Frame);
            Managed[MiZoneOfFrame(Frame)]++;
            Frame++;
            continue;
        case MiPfnFree:
            if (!(Pfn->Flags & MI_PFN_VISITED))
                return fail(Result, MiBuddyFreeNotListed, Frame);
            Other = Frame ^ (1UL << Order);
            if (Order < MI_MAX_ORDER && Other < Buddy->PageCount &&
                Buddy->Database[Other].State == MiPfnFree &&
                Buddy->Database[Other].Order == Order)
                return fail(Result, MiBuddyUnmerged, Frame);
            break;
        case MiPfnActive:
            break;
        default:
            return fail(Result, MiBuddyOrphanTail, Frame);
        }
        if (Order > MI_MAX_ORDER || (Frame & ((1UL << Order) - 1)) != 0 ||
            Buddy->PageCount - Frame < (1UL << Order))
            return fail(Result, MiBuddyMisaligned, Frame);
        for (Index = 1; Index < (1UL << Order); Index++) {
            if (Buddy->Database[Frame + Index].State != MiPfnTail)
                return fail(Result, MiBuddyBadTail, Frame + Index);
        }
        Managed[MiZoneOfFrame(Frame)] += 1UL << Order;
        Frame += 1UL << Order;
    }
    for (Zone = 0; Zone < MiZoneCount; Zone++) {
        if (Managed[Zone] != Buddy->ManagedPages[Zone])
            return fail(Result, MiBuddyManagedCount, Zone);
    }
    return TRUE;
}

static BOOLEAN check_all(MI_BUDDY *Buddy, MI_BUDDY_CHECK *Result)
{
    ULONG Zone, Order;

    for (Zone = 0; Zone < MiZoneCount; Zone++) {
        PFN_NUMBER Pages = 0;

        for (Order = 0; Order < MI_ORDER_COUNT; Order++) {
            if (!check_list(Buddy, (MI_ZONE)Zone, Order, &Pages, Result))
                return FALSE;
        }
        if (!check_cache(Buddy, (MI_ZONE)Zone, Result))
            return FALSE;
        if (Pages != Buddy->ListPages[Zone])
            return fail(Result, MiBuddyFreeCount, Zone);
    }
    return check_records(Buddy, Result);
}

BOOLEAN MiBuddyCheck(MI_BUDDY *Buddy, MI_BUDDY_CHECK *Result)
{
    BOOLEAN Consistent;
    PFN_NUMBER Frame;

    Result->Problem = MiBuddyConsistent;
    Result->Frame = MI_NO_PAGE;
    Consistent = check_all(Buddy, Result);
    for (Frame = 0; Frame < Buddy->PageCount; Frame++)
        Buddy->Database[Frame].Flags &= (UCHAR)~MI_PFN_VISITED;
    return Consistent;
}
