/*
 * The buddy allocator's operations. Counting rule: Buddy->ListPages[zone]
 * counts the frames on that zone's free lists (taking a block off
 * subtracts, putting one on adds); the page cache counts its own.
 */
#include "kernel/buddy.h"
#include "ntddk.h"

static inline PFN_NUMBER block_pages(ULONG Order)
{
    return (PFN_NUMBER)1 << Order;
}

static DECLSPEC_NORETURN VOID corrupt(ULONG_PTR What, ULONG_PTR P2,
                                      ULONG_PTR P3, ULONG_PTR P4)
{
    KeBugCheckEx(PFN_LIST_CORRUPT, What, P2, P3, P4);
}

static VOID check_after_operation(MI_BUDDY *Buddy)
{
    MI_BUDDY_CHECK Result;

    if (Buddy->CheckEveryOperation && !MiBuddyCheck(Buddy, &Result))
        corrupt(MI_PFN_CORRUPT, Result.Frame, Result.Problem, 0);
}

/* Free lists: doubly linked through the records by frame number. Removal
 * checks the neighbours' links first, as NT's checked list macros do. */
static VOID list_push(MI_BUDDY *Buddy, MI_ZONE Zone, ULONG Order,
                      PFN_NUMBER Frame)
{
    MI_FREE_LIST *List = &Buddy->FreeList[Zone][Order];
    PMMPFN Pfn = &Buddy->Database[Frame];

    Pfn->Flink = List->Head;
    Pfn->Blink = MI_NO_PAGE;
    Pfn->State = MiPfnFree;
    Pfn->Order = (UCHAR)Order;
    if (List->Head != MI_NO_PAGE)
        Buddy->Database[List->Head].Blink = Frame;
    List->Head = Frame;
    List->Count++;
}

static VOID list_remove(MI_BUDDY *Buddy, MI_ZONE Zone, ULONG Order,
                        PFN_NUMBER Frame)
{
    MI_FREE_LIST *List = &Buddy->FreeList[Zone][Order];
    PMMPFN Pfn = &Buddy->Database[Frame];
    PFN_NUMBER Next = Pfn->Flink, Previous = Pfn->Blink;

    if ((Next != MI_NO_PAGE &&
         (Next >= Buddy->PageCount || Buddy->Database[Next].Blink != Frame)) ||
        (Previous == MI_NO_PAGE && List->Head != Frame) ||
        (Previous != MI_NO_PAGE && (Previous >= Buddy->PageCount ||
                                    Buddy->Database[Previous].Flink != Frame)))
        corrupt(0x02, Frame, Buddy->PageCount, Pfn->ReferenceCount);
    if (Previous == MI_NO_PAGE)
        List->Head = Next;
    else
        Buddy->Database[Previous].Flink = Next;
    if (Next != MI_NO_PAGE)
        Buddy->Database[Next].Blink = Previous;
    List->Count--;
}

/* Owner fields are cleared when a block is freed, so a free block's
 * records are clean and allocating writes only the state. */
static VOID mark_allocated(PMMPFN Pfn, ULONG Order)
{
    Pfn->ReferenceCount = 1;
    Pfn->State = MiPfnActive;
    Pfn->Order = (UCHAR)Order;
}

static VOID release_owner(PMMPFN Pfn)
{
    Pfn->ReferenceCount = 0;
    Pfn->Usage = MiUsageNone;
    Pfn->Owner = 0;
}

/* Puts an allocated block back, merging upward while its buddy is a free
 * block of the same order. */
static VOID free_block(MI_BUDDY *Buddy, PFN_NUMBER Frame, ULONG Order)
{
    MI_ZONE Zone = MiZoneOfFrame(Frame);
    PMMPFN Pfn = &Buddy->Database[Frame];

    release_owner(Pfn);
    Buddy->ListPages[Zone] += block_pages(Order);
    while (Order < MI_MAX_ORDER) {
        PFN_NUMBER Other = Frame ^ block_pages(Order);
        PMMPFN OtherPfn;

        if (Other >= Buddy->PageCount)
            break;
        OtherPfn = &Buddy->Database[Other];
        if (OtherPfn->State != MiPfnFree || OtherPfn->Order != Order)
            break;
        list_remove(Buddy, Zone, Order, Other);
        Buddy->Database[Frame | block_pages(Order)].State = MiPfnTail;
        Frame &= ~block_pages(Order);
        Order++;
    }
    list_push(Buddy, Zone, Order, Frame);
}

/* Takes the free block Frame of order Current off its list and splits it
 * down to Order, putting the upper halves back; Frame becomes the head of
 * an allocated block. */
static VOID split_block(MI_BUDDY *Buddy, MI_ZONE Zone, PFN_NUMBER Frame,
                        ULONG Current, ULONG Order)
{
    list_remove(Buddy, Zone, Current, Frame);
    while (Current > Order) {
        Current--;
        list_push(Buddy, Zone, Current, Frame + block_pages(Current));
    }
    mark_allocated(&Buddy->Database[Frame], Order);
    Buddy->ListPages[Zone] -= block_pages(Order);
}

static PFN_NUMBER take_from_zone(MI_BUDDY *Buddy, MI_ZONE Zone, ULONG Order)
{
    ULONG Current;

    for (Current = Order; Current <= MI_MAX_ORDER; Current++) {
        PFN_NUMBER Frame = Buddy->FreeList[Zone][Current].Head;
        if (Frame != MI_NO_PAGE) {
            split_block(Buddy, Zone, Frame, Current, Order);
            return Frame;
        }
    }
    return MI_NO_PAGE;
}

/* The page cache: per zone, a stack of free order-0 frames. */
static VOID cache_push(MI_BUDDY *Buddy, MI_ZONE Zone, PFN_NUMBER Frame)
{
    MI_PAGE_CACHE *Cache = MiBuddyZoneCache(Buddy, Zone);

    Buddy->Database[Frame].State = MiPfnCached;
    Cache->Frames[Cache->Count++] = Frame;
}

static PFN_NUMBER cache_pop(MI_BUDDY *Buddy, MI_ZONE Zone)
{
    MI_PAGE_CACHE *Cache = MiBuddyZoneCache(Buddy, Zone);

    return Cache->Frames[--Cache->Count];
}

static VOID cache_refill(MI_BUDDY *Buddy, MI_ZONE Zone)
{
    while (MiBuddyZoneCache(Buddy, Zone)->Count < MI_PAGE_CACHE_BATCH) {
        PFN_NUMBER Frame = take_from_zone(Buddy, Zone, 0);
        if (Frame == MI_NO_PAGE)
            break;
        cache_push(Buddy, Zone, Frame);
    }
}

static VOID cache_release(MI_BUDDY *Buddy, MI_ZONE Zone, ULONG Count)
{
    while (Count-- > 0) {
        free_block(Buddy, cache_pop(Buddy, Zone), 0);
    }
}

static PFN_NUMBER cache_allocate(MI_BUDDY *Buddy, MI_ZONE HighestZone)
{
    LONG Zone;

    for (Zone = HighestZone; Zone >= 0; Zone--) {
        PFN_NUMBER Frame;

        if (MiBuddyZoneCache(Buddy, Zone)->Count == 0) {
            if (Buddy->ListPages[Zone] == 0)
                continue; /* nothing to refill from: do not search */
            cache_refill(Buddy, (MI_ZONE)Zone);
            if (MiBuddyZoneCache(Buddy, Zone)->Count == 0)
                continue;
        }
        Frame = cache_pop(Buddy, (MI_ZONE)Zone);
        mark_allocated(&Buddy->Database[Frame], 0);
        return Frame;
    }
    return MI_NO_PAGE;
}

static VOID cache_free(MI_BUDDY *Buddy, PFN_NUMBER Frame)
{
    MI_ZONE Zone = MiZoneOfFrame(Frame);

    if (MiBuddyZoneCache(Buddy, Zone)->Count == MI_PAGE_CACHE_HIGH)
        cache_release(Buddy, Zone, MI_PAGE_CACHE_BATCH);
    release_owner(&Buddy->Database[Frame]);
    cache_push(Buddy, Zone, Frame);
}

/* A block of Order from the highest allowed zone that has one. A zone
 * whose lists cannot serve gives its cached frames back first: they may
 * complete a block. */
static PFN_NUMBER take_block(MI_BUDDY *Buddy, ULONG Order, MI_ZONE HighestZone)
{
    LONG Zone;

    for (Zone = HighestZone; Zone >= 0; Zone--) {
        PFN_NUMBER Frame = take_from_zone(Buddy, (MI_ZONE)Zone, Order);

        if (Frame == MI_NO_PAGE && MiBuddyZoneCache(Buddy, Zone)->Count != 0) {
            cache_release(Buddy, (MI_ZONE)Zone,
                          MiBuddyZoneCache(Buddy, Zone)->Count);
            Frame = take_from_zone(Buddy, (MI_ZONE)Zone, Order);
        }
        if (Frame != MI_NO_PAGE)
            return Frame;
    }
    return MI_NO_PAGE;
}

VOID MiBuddyDrainCache(MI_BUDDY *Buddy)
{
    ULONG Zone;

    for (Zone = 0; Zone < MiZoneCount; Zone++)
        cache_release(Buddy, (MI_ZONE)Zone,
                      MiBuddyZoneCache(Buddy, Zone)->Count);
    check_after_operation(Buddy);
}

/* The top zone's records and the constraints it meets, or nothing while
 * every operation is checked. */
static VOID update_fast_path(MI_BUDDY *Buddy)
{
    static const PFN_NUMBER ZoneFirst[MiZoneCount] = {0, MI_DMA_LIMIT_PAGE,
                                                      MI_LOW_LIMIT_PAGE};
    static const PFN_NUMBER ZoneEnd[MiZoneCount] = {
        MI_DMA_LIMIT_PAGE, MI_LOW_LIMIT_PAGE, MI_NO_PAGE};
    PFN_NUMBER First = ZoneFirst[Buddy->TopZone];
    PFN_NUMBER End = ZoneEnd[Buddy->TopZone];

    if (End > Buddy->PageCount)
        End = Buddy->PageCount;
    Buddy->FastFirst = First;
    Buddy->FastSpan = End > First ? End - First : 0;
    if (Buddy->CheckEveryOperation)
        Buddy->FastSpan = 0;
}

/* Hands a cache's frames to an empty one (the top zone's cache changes
 * place: kernel/buddy.h). */
static VOID move_cache(MI_PAGE_CACHE *To, MI_PAGE_CACHE *From)
{
    if (To->Count != 0)
        corrupt(MI_PFN_CORRUPT, MI_NO_PAGE, MiBuddyListCount, 0);
    *To = *From;
    From->Count = 0;
}

VOID MiBuddySetChecking(MI_BUDDY *Buddy, BOOLEAN CheckEveryOperation)
{
    MI_PAGE_CACHE *Zone = &Buddy->Cache[Buddy->TopZone];

    if (CheckEveryOperation && !Buddy->CheckEveryOperation)
        move_cache(Zone, &Buddy->TopCache);
    else if (!CheckEveryOperation && Buddy->CheckEveryOperation)
        move_cache(&Buddy->TopCache, Zone);
    Buddy->CheckEveryOperation = CheckEveryOperation;
    update_fast_path(Buddy);
}

VOID MiBuddyInitialize(MI_BUDDY *Buddy, PMMPFN Database, PFN_NUMBER PageCount)
{
    ULONG Zone, Order;
    PFN_NUMBER Frame;

    Buddy->Database = Database;
    Buddy->PageCount = PageCount;
    Buddy->CheckEveryOperation = FALSE;
    for (Zone = 0; Zone < MiZoneCount; Zone++) {
        for (Order = 0; Order < MI_ORDER_COUNT; Order++) {
            Buddy->FreeList[Zone][Order].Head = MI_NO_PAGE;
            Buddy->FreeList[Zone][Order].Count = 0;
        }
        Buddy->Cache[Zone].Count = 0;
        Buddy->ListPages[Zone] = 0;
        Buddy->ManagedPages[Zone] = 0;
    }
    Buddy->TopCache.Count = 0;
    Buddy->TopZone = MiZoneDma;
    update_fast_path(Buddy);
    for (Frame = 0; Frame < PageCount; Frame++) {
        PMMPFN Pfn = &Database[Frame];
        Pfn->Flink = Pfn->Blink = MI_NO_PAGE;
        Pfn->ReferenceCount = 0;
        Pfn->State = MiPfnReserved;
        Pfn->Order = 0;
        Pfn->Usage = MiUsageNone;
        Pfn->Flags = 0;
        Pfn->LockCount = 0;
        Pfn->Owner = 0;
    }
}

/* The largest naturally aligned block that starts at Frame and ends at or
 * before End. Splitting a range this way from its start gives the same
 * pieces every time, which is what lets MiBuddyFreeRange undo
 * MiBuddyAllocateRange without remembering more than the count. */
static ULONG piece_order(PFN_NUMBER Frame, PFN_NUMBER End)
{
    ULONG Order = 0;

    while (Order < MI_MAX_ORDER && (Frame & block_pages(Order)) == 0 &&
           Frame + block_pages(Order + 1) <= End)
        Order++;
    return Order;
}

/* Frees [First, End) piece by piece, merging as it goes. */
static VOID free_pieces(MI_BUDDY *Buddy, PFN_NUMBER First, PFN_NUMBER End)
{
    while (First < End) {
        ULONG Piece = piece_order(First, End);
        free_block(Buddy, First, Piece);
        First += block_pages(Piece);
    }
}

VOID MiBuddyAddRange(MI_BUDDY *Buddy, PFN_NUMBER First, PFN_NUMBER Count)
{
    PFN_NUMBER Frame, End = First + Count;

    if (End > Buddy->PageCount || End < First)
        corrupt(MI_PFN_FREE_OUT_OF_RANGE, End, Buddy->PageCount, 0);
    for (Frame = First; Frame < End; Frame++) {
        if (Buddy->Database[Frame].State != MiPfnReserved)
            corrupt(MI_PFN_FREE_UNALLOCATED, Frame,
                    Buddy->Database[Frame].State, 0);
        Buddy->Database[Frame].State = MiPfnTail;
        Buddy->ManagedPages[MiZoneOfFrame(Frame)]++;
        if (MiZoneOfFrame(Frame) > Buddy->TopZone) {
            /* The old top zone's cached frames move to its own cache. */
            if (!Buddy->CheckEveryOperation)
                move_cache(&Buddy->Cache[Buddy->TopZone], &Buddy->TopCache);
            Buddy->TopZone = MiZoneOfFrame(Frame);
        }
    }
    update_fast_path(Buddy);
    free_pieces(Buddy, First, End);
    check_after_operation(Buddy);
}

VOID MiBuddyMarkBad(MI_BUDDY *Buddy, PFN_NUMBER Frame)
{
    if (Frame >= Buddy->PageCount)
        corrupt(MI_PFN_FREE_OUT_OF_RANGE, Frame, Buddy->PageCount, 0);
    if (Buddy->Database[Frame].State != MiPfnReserved)
        corrupt(MI_PFN_FREE_RESERVED, Frame, Buddy->Database[Frame].State, 0);
    Buddy->Database[Frame].State = MiPfnBad;
}

/* Everything the inline fast path (kernel/buddy.h) does not take: any
 * order, any constraint, an empty or full cache, every operation while
 * mmcheck=1 zeroes the fast spans; with every check. */
PFN_NUMBER MiBuddyAllocateSlow(MI_BUDDY *Buddy, ULONG Order,
                               MI_ZONE HighestZone)
{
    PFN_NUMBER Frame;

    if (Order > MI_MAX_ORDER || (ULONG)HighestZone >= MiZoneCount)
        return MI_NO_PAGE;
    if (Order == 0)
        Frame = cache_allocate(Buddy, HighestZone);
    else
        Frame = take_block(Buddy, Order, HighestZone);
    check_after_operation(Buddy);
    return Frame;
}

/* Stops the machine unless Frame heads an allocated block of Order. */
static VOID validate_free(const MI_BUDDY *Buddy, PFN_NUMBER Frame, ULONG Order)
{
    const MMPFN *Pfn;

    if (Frame >= Buddy->PageCount)
        corrupt(MI_PFN_FREE_OUT_OF_RANGE, Frame, Buddy->PageCount, 0);
    Pfn = &Buddy->Database[Frame];
    if (Pfn->State == MiPfnReserved || Pfn->State == MiPfnBad)
        corrupt(MI_PFN_FREE_RESERVED, Frame, Pfn->State, 0);
    if (Pfn->State != MiPfnActive)
        corrupt(MI_PFN_FREE_UNALLOCATED, Frame, Pfn->State, Order);
    if (Pfn->Order != Order)
        corrupt(MI_PFN_FREE_WRONG_ORDER, Frame, Order, Pfn->Order);
}

VOID MiBuddyFreeSlow(MI_BUDDY *Buddy, PFN_NUMBER Frame, ULONG Order)
{
    validate_free(Buddy, Frame, Order);
    if (Order == 0)
        cache_free(Buddy, Frame);
    else
        free_block(Buddy, Frame, Order);
    check_after_operation(Buddy);
}

static ULONG order_for_pages(PFN_NUMBER PageCount)
{
    ULONG Order = 0;

    while (block_pages(Order) < PageCount)
        Order++;
    return Order;
}

/* A free block of the zone whose first 2^Order frames end at or below
 * HighestFrame, taken and split down to Order; MI_NO_PAGE if none. */
static PFN_NUMBER take_from_zone_below(MI_BUDDY *Buddy, MI_ZONE Zone,
                                       ULONG Order, PFN_NUMBER HighestFrame)
{
    ULONG Current;

    for (Current = Order; Current <= MI_MAX_ORDER; Current++) {
        PFN_NUMBER Frame = Buddy->FreeList[Zone][Current].Head;

        for (; Frame != MI_NO_PAGE; Frame = Buddy->Database[Frame].Flink) {
            if (Frame + block_pages(Order) - 1 <= HighestFrame) {
                split_block(Buddy, Zone, Frame, Current, Order);
                return Frame;
            }
        }
    }
    return MI_NO_PAGE;
}

static PFN_NUMBER take_block_below(MI_BUDDY *Buddy, ULONG Order,
                                   PFN_NUMBER HighestFrame)
{
    LONG Zone;

    for (Zone = MiZoneOfFrame(HighestFrame); Zone >= 0; Zone--) {
        PFN_NUMBER Frame =
            take_from_zone_below(Buddy, (MI_ZONE)Zone, Order, HighestFrame);

        if (Frame == MI_NO_PAGE && MiBuddyZoneCache(Buddy, Zone)->Count != 0) {
            cache_release(Buddy, (MI_ZONE)Zone,
                          MiBuddyZoneCache(Buddy, Zone)->Count);
            Frame =
                take_from_zone_below(Buddy, (MI_ZONE)Zone, Order, HighestFrame);
        }
        if (Frame != MI_NO_PAGE)
            return Frame;
    }
    return MI_NO_PAGE;
}

PFN_NUMBER MiBuddyAllocateRange(MI_BUDDY *Buddy, PFN_NUMBER PageCount,
                                PFN_NUMBER HighestFrame)
{
    PFN_NUMBER First, Frame, End;
    ULONG Order;

    if (PageCount == 0 || PageCount > block_pages(MI_MAX_ORDER))
        return MI_NO_PAGE;
    Order = order_for_pages(PageCount);
    First = take_block_below(Buddy, Order, HighestFrame);
    if (First == MI_NO_PAGE) {
        check_after_operation(Buddy);
        return MI_NO_PAGE;
    }

    /* Re-describe the block as the pieces the caller keeps, then give the
     * pieces past PageCount back. */
    End = First + PageCount;
    for (Frame = First; Frame < End;) {
        ULONG Piece = piece_order(Frame, End);
        mark_allocated(&Buddy->Database[Frame], Piece);
        Frame += block_pages(Piece);
    }
    free_pieces(Buddy, End, First + block_pages(Order));
    check_after_operation(Buddy);
    return First;
}

VOID MiBuddyFreeRange(MI_BUDDY *Buddy, PFN_NUMBER First, PFN_NUMBER PageCount)
{
    PFN_NUMBER Frame, End = First + PageCount;

    if (PageCount == 0 || PageCount > block_pages(MI_MAX_ORDER) || End < First)
        corrupt(MI_PFN_FREE_WRONG_ORDER, First, PageCount, 0);
    /* Every piece is checked before any is freed. */
    for (Frame = First; Frame < End;) {
        ULONG Piece = piece_order(Frame, End);
        validate_free(Buddy, Frame, Piece);
        Frame += block_pages(Piece);
    }
    free_pieces(Buddy, First, End);
    check_after_operation(Buddy);
}

VOID MiBuddyQuery(const MI_BUDDY *Buddy, MI_BUDDY_STATISTICS *Statistics)
{
    ULONG Zone, Order;

    Statistics->TotalFree = Statistics->TotalManaged = 0;
    Statistics->LargestFreeOrder = -1;
    for (Zone = 0; Zone < MiZoneCount; Zone++) {
        for (Order = 0; Order < MI_ORDER_COUNT; Order++) {
            ULONG Blocks = Buddy->FreeList[Zone][Order].Count;
            Statistics->FreeBlocks[Zone][Order] = Blocks;
            if (Blocks != 0 && (LONG)Order > Statistics->LargestFreeOrder)
                Statistics->LargestFreeOrder = (LONG)Order;
        }
        Statistics->FreePages[Zone] =
            Buddy->ListPages[Zone] + MiBuddyZoneCache(Buddy, Zone)->Count;
        Statistics->CachedPages[Zone] = MiBuddyZoneCache(Buddy, Zone)->Count;
        Statistics->ManagedPages[Zone] = Buddy->ManagedPages[Zone];
        Statistics->TotalFree += Statistics->FreePages[Zone];
        Statistics->TotalManaged += Buddy->ManagedPages[Zone];
    }
}
