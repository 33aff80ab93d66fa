/*
 * Lookaside lists: the inline halves are in ntex.h; here are the misses,
 * set-up and tear-down, and the depth adjustment the clock runs twice a
 * second. Every list is on ExpLookasideListHead under a spin lock.
 *
 * Depth follows NT's rule of thumb: a period with few allocations
 * (fewer than 75) shrinks the list by 10; a low miss rate (under 0.5 %)
 * by 1; otherwise it grows by half the miss rate's share of the room left
 * below the maximum, plus 5. Entries above the depth go back: nonpaged
 * lists at once, paged lists at their next miss or when memory is low
 * (the timer's DPC runs at DISPATCH_LEVEL, where paged pool cannot be
 * freed).
 */
#include "kernel/pool.h"
#include "kernel/pool_pages.h"

#define IDLE_ALLOCATIONS 75

LIST_ENTRY ExpLookasideListHead = {&ExpLookasideListHead,
                                   &ExpLookasideListHead};
ULONG ExpLookasideAdjustments;
static KSPIN_LOCK lookaside_lock;

static KIRQL lock_lists(VOID)
{
    KIRQL OldIrql = MiPoolRaiseIrql(DISPATCH_LEVEL);

    if (lookaside_lock != 0)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)&lookaside_lock, 0, 0,
                     0);
    lookaside_lock = 1;
    return OldIrql;
}

static VOID unlock_lists(KIRQL OldIrql)
{
    lookaside_lock = 0;
    MiPoolLowerIrql(OldIrql);
}

static BOOLEAN is_paged(const GENERAL_LOOKASIDE *Lookaside)
{
    return (Lookaside->Type & BASE_POOL_TYPE_MASK) == PagedPool;
}

/* A list on an object cache holds blocks from the cache and, when a
 * driver's inline routines missed, from its Allocate routine (the pool):
 * both carry the list's tag and both go back through the pool, which
 * finds each block's own slab. */
static VOID give_back(PGENERAL_LOOKASIDE Lookaside, PVOID Entry)
{
    if (Lookaside->Cache != NULL)
        ExFreePoolWithTag(Entry, Lookaside->Tag);
    else
        Lookaside->Free(Entry);
}

/* Pops entries above Keep and gives them back; returns how many. */
static ULONG trim(PGENERAL_LOOKASIDE Lookaside, ULONG Keep)
{
    ULONG Count = 0;

    while (ExQueryDepthSList(&Lookaside->ListHead) > Keep) {
        PSLIST_ENTRY Entry = InterlockedPopEntrySList(&Lookaside->ListHead);
        if (Entry == NULL)
            break;
        give_back(Lookaside, Entry);
        Count++;
    }
    return Count;
}

PVOID NTAPI ExpLookasideAllocateMiss(PGENERAL_LOOKASIDE Lookaside)
{
    Lookaside->AllocateMisses += 1;
    if (Lookaside->Cache != NULL)
        return MiAllocateFromCache(Lookaside->Cache);
    return Lookaside->Allocate(Lookaside->Type, Lookaside->Size,
                               Lookaside->Tag);
}

VOID NTAPI ExpLookasideFreeMiss(PGENERAL_LOOKASIDE Lookaside, PVOID Entry)
{
    Lookaside->FreeMisses += 1;
    give_back(Lookaside, Entry);
    trim(Lookaside, Lookaside->Depth);
}

static VOID initialize(PGENERAL_LOOKASIDE Lookaside, POOL_TYPE Type,
                       PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                       SIZE_T Size, ULONG Tag)
{
    CHAR Name[16] = "lookaside ????";
    KIRQL OldIrql;
    ULONG Index;

    for (Index = 0; Index < 4; Index++) {
        CHAR Byte = (CHAR)(Tag >> (8 * Index));
        Name[10 + Index] = Byte >= ' ' && Byte < 0x7F ? Byte : '.';
    }
    if (Size < sizeof(SLIST_ENTRY))
        Size = sizeof(SLIST_ENTRY);
    InitializeSListHead(&Lookaside->ListHead);
    Lookaside->Depth = LOOKASIDE_MINIMUM_DEPTH;
    Lookaside->MaximumDepth = LOOKASIDE_MAXIMUM_DEPTH;
    Lookaside->TotalAllocates = 0;
    Lookaside->AllocateMisses = 0;
    Lookaside->TotalFrees = 0;
    Lookaside->FreeMisses = 0;
    Lookaside->Type = Type;
    Lookaside->Tag = Tag;
    Lookaside->Size = (ULONG)Size;
    /* NT's defaults: a driver's inline routines (wdm.h) call these on a
     * miss, so they are never NULL. */
    Lookaside->Allocate = Allocate != NULL ? Allocate : ExAllocatePoolWithTag;
    Lookaside->Free = Free != NULL ? Free : ExFreePool;
    Lookaside->LastTotalAllocates = 0;
    Lookaside->LastAllocateMisses = 0;
    Lookaside->Future = 0;
    /* Without an Allocate routine the list sits on an object cache; if
     * none can be made, misses go to the pool itself. */
    Lookaside->Cache =
        Allocate == NULL ? MiCreateObjectCache(Name, Type, Size, Tag) : NULL;
    OldIrql = lock_lists();
    InsertTailList(&ExpLookasideListHead, &Lookaside->ListEntry);
    unlock_lists(OldIrql);
}

static VOID delete_list(PGENERAL_LOOKASIDE Lookaside)
{
    KIRQL OldIrql = lock_lists();

    RemoveEntryList(&Lookaside->ListEntry);
    unlock_lists(OldIrql);
    trim(Lookaside, 0);
    if (Lookaside->Cache != NULL)
        MiDeleteObjectCache(Lookaside->Cache);
    Lookaside->Cache = NULL;
}

/* NT x86 exports the paged list's two routines (a driver calls them;
 * kernel code gets them inline). */
PVOID NTAPI(ExAllocateFromPagedLookasideList)(PPAGED_LOOKASIDE_LIST Lookaside)
{
    return ExpAllocateFromLookaside(&Lookaside->L);
}

VOID NTAPI(ExFreeToPagedLookasideList)(PPAGED_LOOKASIDE_LIST Lookaside,
                                       PVOID Entry)
{
    ExpFreeToLookaside(&Lookaside->L, Entry);
}

VOID NTAPI ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                           PALLOCATE_FUNCTION Allocate,
                                           PFREE_FUNCTION Free, ULONG Flags,
                                           SIZE_T Size, ULONG Tag, USHORT Depth)
{
    UNREFERENCED_PARAMETER(Depth); /* advisory, as in NT */
    Lookaside->Lock__ObsoleteButDoNotDelete = 0;
    initialize(&Lookaside->L, (POOL_TYPE)(NonPagedPool | (Flags & 4)), Allocate,
               Free, Size, Tag);
}

VOID NTAPI ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
                                          PALLOCATE_FUNCTION Allocate,
                                          PFREE_FUNCTION Free, ULONG Flags,
                                          SIZE_T Size, ULONG Tag, USHORT Depth)
{
    UNREFERENCED_PARAMETER(Depth);
    Lookaside->Lock__ObsoleteButDoNotDelete = 0;
    initialize(&Lookaside->L, (POOL_TYPE)(PagedPool | (Flags & 4)), Allocate,
               Free, Size, Tag);
}

VOID NTAPI ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    delete_list(&Lookaside->L);
}

VOID NTAPI ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
    delete_list(&Lookaside->L);
}

static USHORT compute_depth(PGENERAL_LOOKASIDE Lookaside)
{
    ULONG Allocates = Lookaside->TotalAllocates - Lookaside->LastTotalAllocates;
    ULONG Misses = Lookaside->AllocateMisses - Lookaside->LastAllocateMisses;
    ULONG Depth = Lookaside->Depth, Maximum = Lookaside->MaximumDepth;

    Lookaside->LastTotalAllocates = Lookaside->TotalAllocates;
    Lookaside->LastAllocateMisses = Lookaside->AllocateMisses;
    if (Allocates < IDLE_ALLOCATIONS) {
        Depth = Depth > LOOKASIDE_MINIMUM_DEPTH + 10 ? Depth - 10
                                                     : LOOKASIDE_MINIMUM_DEPTH;
    } else {
        ULONG Ratio = (ULONG)((ULONGLONG)Misses * 1000 / Allocates);

        if (Ratio < 5)
            Depth = Depth > LOOKASIDE_MINIMUM_DEPTH ? Depth - 1
                                                    : LOOKASIDE_MINIMUM_DEPTH;
        else
            Depth += Ratio * (Maximum - Depth) / 2000 + 5;
        if (Depth > Maximum)
            Depth = Maximum;
    }
    return (USHORT)Depth;
}

VOID ExpAdjustLookasideDepth(VOID)
{
    KIRQL OldIrql = lock_lists();
    PLIST_ENTRY Entry;

    for (Entry = ExpLookasideListHead.Flink; Entry != &ExpLookasideListHead;
         Entry = Entry->Flink) {
        PGENERAL_LOOKASIDE Lookaside =
            CONTAINING_RECORD(Entry, GENERAL_LOOKASIDE, ListEntry);

        Lookaside->Depth = compute_depth(Lookaside);
        if (!is_paged(Lookaside))
            trim(Lookaside, Lookaside->Depth);
    }
    ExpLookasideAdjustments++;
    unlock_lists(OldIrql);
}

ULONG ExpQueryLookasideLists(EXP_LOOKASIDE_INFO *Lists, ULONG MaximumCount)
{
    KIRQL OldIrql = lock_lists();
    PLIST_ENTRY Entry;
    ULONG Count = 0;

    for (Entry = ExpLookasideListHead.Flink; Entry != &ExpLookasideListHead;
         Entry = Entry->Flink, Count++) {
        PGENERAL_LOOKASIDE Lookaside =
            CONTAINING_RECORD(Entry, GENERAL_LOOKASIDE, ListEntry);
        EXP_LOOKASIDE_INFO *Info;

        if (Count >= MaximumCount)
            continue;
        Info = &Lists[Count];
        Info->List = Lookaside;
        Info->Type = Lookaside->Type;
        Info->Tag = Lookaside->Tag;
        Info->Size = Lookaside->Size;
        Info->Depth = Lookaside->Depth;
        Info->MaximumDepth = Lookaside->MaximumDepth;
        Info->Held = ExQueryDepthSList(&Lookaside->ListHead);
        Info->TotalAllocates = Lookaside->TotalAllocates;
        Info->AllocateMisses = Lookaside->AllocateMisses;
        Info->TotalFrees = Lookaside->TotalFrees;
        Info->FreeMisses = Lookaside->FreeMisses;
    }
    unlock_lists(OldIrql);
    return Count;
}

/* A paged list that holds entries, or NULL (the lists' lock is held). */
static PGENERAL_LOOKASIDE paged_with_entries(VOID)
{
    PLIST_ENTRY Entry;

    for (Entry = ExpLookasideListHead.Flink; Entry != &ExpLookasideListHead;
         Entry = Entry->Flink) {
        PGENERAL_LOOKASIDE Lookaside =
            CONTAINING_RECORD(Entry, GENERAL_LOOKASIDE, ListEntry);
        if (is_paged(Lookaside) && ExQueryDepthSList(&Lookaside->ListHead))
            return Lookaside;
    }
    return NULL;
}

ULONG ExpTrimLookasideLists(VOID)
{
    PGENERAL_LOOKASIDE Lookaside;
    PLIST_ENTRY Entry;
    ULONG Count = 0;
    KIRQL OldIrql = lock_lists();

    for (Entry = ExpLookasideListHead.Flink; Entry != &ExpLookasideListHead;
         Entry = Entry->Flink) {
        Lookaside = CONTAINING_RECORD(Entry, GENERAL_LOOKASIDE, ListEntry);
        Lookaside->Depth = LOOKASIDE_MINIMUM_DEPTH;
        if (!is_paged(Lookaside))
            Count += trim(Lookaside, 0);
    }
    /* Paged blocks are freed below DISPATCH_LEVEL, so outside the lock:
     * one list's entries at a time. Only a caller at that IRQL frees
     * them; nothing else can add paged entries meanwhile. */
    while (OldIrql < DISPATCH_LEVEL &&
           (Lookaside = paged_with_entries()) != NULL) {
        PSLIST_ENTRY Chain = NULL, Item;

        while ((Item = InterlockedPopEntrySList(&Lookaside->ListHead)) !=
               NULL) {
            Item->Next = Chain;
            Chain = Item;
        }
        unlock_lists(OldIrql);
        while (Chain != NULL) {
            Item = Chain;
            Chain = Item->Next;
            give_back(Lookaside, Item);
            Count++;
        }
        OldIrql = lock_lists();
    }
    unlock_lists(OldIrql);
    return Count;
}
