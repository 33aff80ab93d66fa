/*
 * The per-processor front's slow halves (the fast ones are inline in
 * mm/pool.c; docs/pool.md says which check happens where): refilling a
 * list from its class's slabs, draining it back with the checks that need
 * the slab (page word, slot, neighbour), and folding the tag memos into
 * the pool's tracker. All of it under the pool lock, in batches; a list
 * itself changes only with interrupts excluded, since the fast paths
 * touch it without the lock.
 */
#include "kernel/pool.h"
#include "kernel/pool_cpu.h"
#include "kernel/pool_pages.h"

MI_POOL_FRONT_SLOT MiPoolFrontSlotOfBytes[2][MI_POOL_FRONT_BYTES_ROW];
MI_POOL_FRONT_SLOT MiPoolFrontSlotOfKey[MI_POOL_FRONT_KEY_INDEXES];

/* A block in a list is known by its data, whose first word links the
 * next block's. */
#define LINK(Data) (*(PVOID *)(Data))
#define HEADER(Data) ((PPOOL_HEADER)(Data)-1)

/* Deep enough for about a page of blocks, within 8..32. */
static UCHAR depth_of(ULONG Stride)
{
    ULONG Depth = PAGE_SIZE / Stride;

    return (UCHAR)(Depth < 8 ? 8 : Depth > 32 ? 32 : Depth);
}

VOID MiInitializePoolFront(VOID)
{
    MI_POOL_FRONT *Front = MiPoolCurrentFront();
    ULONG Base, Units, Bytes;

    RtlZeroMemory(Front, sizeof(*Front));
    for (Base = 0; Base < 2; Base++) {
        MI_POOL *Pool = &MiPools[Base];
        ULONG Class;

        /* Every list, so a free of a header naming no class is stopped
         * for its IRQL as any other free is. The memo's tag is never 0,
         * so a zero tag misses the fast path and is stopped. */
        for (Units = 0; Units < MI_POOL_FRONT_UNITS; Units++) {
            MI_POOL_FRONT_LIST *List = &Front->Lists[Base][Units];

            List->MaximumIrql = Pool->MaximumIrql;
            List->TypeByte = (UCHAR)((Base + 1) << (MI_POOL_TYPE_SHIFT - 24));
            List->MemoTag = 'enoN';
            MiPoolFrontSlotOfKey[(Base << 9) + Units] =
                MI_POOL_FRONT_SLOT_ORIGIN + (Base << MI_POOL_FRONT_ROW_SHIFT) +
                (Units << MI_POOL_FRONT_LIST_SHIFT);
        }
        for (Class = 0; Class < Pool->ClassCount; Class++) {
            MI_SLAB_CACHE *Cache = &Pool->Classes[Class];
            ULONG ClassUnits = Cache->Stride >> POOL_BLOCK_SHIFT;

            if (ClassUnits > MI_POOL_FRONT_UNITS)
                break;
            Front->Lists[Base][ClassUnits - 1].Cache = Cache;
            Front->Lists[Base][ClassUnits - 1].Depth = depth_of(Cache->Stride);
            Front->Lists[Base][ClassUnits - 1].Room = depth_of(Cache->Stride);
            Front->Lists[Base][ClassUnits - 1].MemoRoom =
                depth_of(Cache->Stride);
        }
    }
    /* Both pools have the same classes. */
    for (Base = 0; Base < 2; Base++)
        for (Bytes = 0; Bytes <= MI_POOL_FRONT_BYTES; Bytes++)
            MiPoolFrontSlotOfBytes[Base][Bytes] =
                MI_POOL_FRONT_SLOT_ORIGIN + (Base << MI_POOL_FRONT_ROW_SHIFT) +
                (((MiPools[NonPagedPool]
                       .ClassOfUnits[(Bytes + 15) >> POOL_BLOCK_SHIFT]
                       ->Stride >>
                   POOL_BLOCK_SHIFT) -
                  1)
                 << MI_POOL_FRONT_LIST_SHIFT);
}

/* The memo's counts into the tracker (the pool lock held, interrupts
 * excluded), and the memo starts over for Tag. */
static VOID fold_memo(MI_POOL *Pool, MI_POOL_FRONT_LIST *List, ULONG Tag)
{
    ULONG Allocations = MI_POOL_FRONT_MEMO_ALLOCATIONS(List);

    if (Allocations != 0 || List->MemoFrees != 0) {
        MI_POOL_TRACKER_ENTRY *Entry = MiPoolTrackerLookup(Pool, List->MemoTag);
        SIZE_T Stride = List->Cache->Stride;

        Entry->Allocations += Allocations;
        Entry->Frees += List->MemoFrees;
        Entry->Bytes += Stride * Allocations;
        Entry->Bytes -= Stride * List->MemoFrees;
        List->MemoFrees = 0;
        List->MemoRoom = List->Room;
    }
    List->MemoTag = Tag;
}

/* What a free no longer checks, checked before a block leaves the front:
 * the page is a slab's, the address a slot's data, the header still the
 * slot's (with no type: nothing wrote it after the free), the slab of
 * List's class, and the next slot's header intact. */
static MI_SLAB *check_drained(MI_POOL_FRONT_LIST *List, PPOOL_HEADER Header)
{
    PVOID P = Header + 1;
    ULONG_PTR *Word = MiPoolPageWord(Header);
    MI_SLAB_CACHE *Cache;
    MI_SLAB *Slab;
    ULONG_PTR Offset;
    ULONG Index, Sizes;
    PPOOL_HEADER Next;

    if (Word == NULL)
        MiPoolBadAddress(P);
    if (!MI_POOL_WORD_IS_SLAB(*Word))
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, 0, 0);
    Slab = (MI_SLAB *)*Word;
    Cache = Slab->Cache;
    Offset = (PUCHAR)Header - Slab->FirstBlock;
    Index = (ULONG)(Offset / Cache->Stride);
    if (Offset % Cache->Stride != 0 || Index >= Cache->Capacity)
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, 0, 0);
    Sizes = Index != 0 ? Cache->SizeWord : Cache->FirstSizeWord;
    if (Header->Ulong1 != Sizes || Cache != List->Cache)
        KeBugCheckEx(BAD_POOL_HEADER, 0x07, Sizes, Header->Ulong1,
                     (ULONG_PTR)Header);
    Next = (PPOOL_HEADER)((PUCHAR)Header + Cache->Stride);
    if (Index + 1 < Cache->Capacity &&
        (Next->Ulong1 & MI_POOL_SIZE_BITS) != Cache->SizeWord)
        KeBugCheckEx(BAD_POOL_HEADER, 0x05, (ULONG_PTR)Header, Next->Ulong1,
                     (ULONG_PTR)Next);
    return Slab;
}

/* Gives List's blocks below the newest Keep back to their slabs (the pool
 * lock held); returns how many. */
static ULONG drain_list(MI_POOL_FRONT_LIST *List, ULONG Keep)
{
    PVOID Chain, *Cut;
    ULONG Count = 0, Index, Flags = MiPoolExcludeInterrupts();
    UCHAR Room = (UCHAR)(List->Depth - Keep);

    Cut = &List->Head;
    for (Index = 0; Index < Keep && *Cut != NULL; Index++)
        Cut = &LINK(*Cut);
    Chain = *Cut;
    *Cut = NULL;
    if (Index < Keep) /* fewer were held */
        Room = List->Room;
    List->MemoRoom += Room - List->Room; /* not allocations */
    List->Room = Room;
    MiPoolAllowInterrupts(Flags);
    while (Chain != NULL) {
        PPOOL_HEADER Header = HEADER(Chain);
        MI_SLAB *Slab = check_drained(List, Header);

        Chain = LINK(Chain);
        MiSlabPush(Slab, Header);
        Count++;
    }
    return Count;
}

/* Up to half the list's depth from the current slab (one block at least,
 * a new slab only for that one): the first is returned, the others go on
 * the list. NULL when no slab can be had even after reclaim. */
static PPOOL_HEADER refill(MI_POOL *Pool, MI_POOL_FRONT_LIST *List,
                           PKIRQL OldIrql)
{
    MI_SLAB_CACHE *Cache = List->Cache;
    PPOOL_HEADER First = MiSlabPop(Cache);
    PVOID Chain = NULL, Tail = NULL;
    ULONG Count = 0, Flags;

    if (First == NULL) {
        MiUnlockPool(Pool, *OldIrql);
        MiPoolReclaim();
        *OldIrql = MiLockPool(Pool);
        First = MiSlabPop(Cache);
        if (First == NULL)
            return NULL;
    }
    /* In address order, as the slab hands them out. */
    while (Count + 1 < List->Depth / 2U && Cache->Current->FreeList != NULL) {
        PVOID Data = MiSlabPop(Cache) + 1;

        if (Tail == NULL)
            Chain = Data;
        else
            LINK(Tail) = Data;
        Tail = Data;
        Count++;
    }
    if (Chain != NULL) {
        Flags = MiPoolExcludeInterrupts();
        LINK(Tail) = List->Head;
        List->Head = Chain;
        List->Room = (UCHAR)(List->Room - Count);
        List->MemoRoom -= Count; /* not frees */
        MiPoolAllowInterrupts(Flags);
    }
    return First;
}

PPOOL_HEADER MiPoolFrontAllocateSlow(MI_POOL *Pool, MI_POOL_FRONT_LIST *List,
                                     ULONG Tag)
{
    KIRQL OldIrql = MiLockPool(Pool);
    PVOID Data;
    PPOOL_HEADER Header = NULL;
    ULONG Flags = MiPoolExcludeInterrupts();

    /* The memo first: the pop counts for whatever tag it holds. */
    if (List->MemoTag != Tag)
        fold_memo(Pool, List, Tag);
    Data = List->Head;
    if (Data != NULL) {
        List->Head = LINK(Data);
        List->Room++;
        Header = HEADER(Data);
    }
    MiPoolAllowInterrupts(Flags);
    if (Header == NULL) {
        Header = refill(Pool, List, &OldIrql);
        if (Header != NULL) {
            /* The memo may have moved while refill had the lock
             * dropped; the block came from no list: count it. */
            Flags = MiPoolExcludeInterrupts();
            if (List->MemoTag != Tag)
                fold_memo(Pool, List, Tag);
            List->MemoRoom--;
            MiPoolAllowInterrupts(Flags);
        }
    }
    MiUnlockPool(Pool, OldIrql);
    return Header;
}

BOOLEAN MiPoolFrontFreeSlow(MI_POOL *Pool, MI_POOL_FRONT_LIST *List,
                            PPOOL_HEADER Header)
{
    KIRQL OldIrql;
    ULONG Flags;

    /* No class, or a forged header's zero tag (the memo's never is). */
    if (List->Depth == 0 || Header->PoolTag == 0)
        return FALSE;
    OldIrql = MiLockPool(Pool);
    if (List->Room == 0)
        drain_list(List, List->Depth / 2U);
    Flags = MiPoolExcludeInterrupts();
    if (List->MemoTag != Header->PoolTag)
        fold_memo(Pool, List, Header->PoolTag);
    List->MemoFrees++;
    Header->Ulong1 &= MI_POOL_SIZE_BITS;
    LINK(Header + 1) = List->Head;
    List->Head = Header + 1;
    List->Room--;
    MiPoolAllowInterrupts(Flags);
    MiUnlockPool(Pool, OldIrql);
    return TRUE;
}

/* Calls Visit for every list of each pool the caller's IRQL may lock,
 * under that pool's lock; returns their results added. */
static ULONG for_each_list(ULONG (*Visit)(MI_POOL *Pool,
                                          MI_POOL_FRONT_LIST *List))
{
    MI_POOL_FRONT *Front = MiPoolCurrentFront();
    ULONG Total = 0, Base, Units;

    for (Base = 0; Base < 2; Base++) {
        MI_POOL *Pool = &MiPools[Base];
        KIRQL OldIrql;

        if (MiPoolCurrentIrql() > Pool->MaximumIrql)
            continue;
        OldIrql = MiLockPool(Pool);
        for (Units = 0; Units < MI_POOL_FRONT_UNITS; Units++)
            if (Front->Lists[Base][Units].Depth != 0)
                Total += Visit(Pool, &Front->Lists[Base][Units]);
        MiUnlockPool(Pool, OldIrql);
    }
    return Total;
}

static ULONG fold_list(MI_POOL *Pool, MI_POOL_FRONT_LIST *List)
{
    ULONG Flags = MiPoolExcludeInterrupts();

    fold_memo(Pool, List, List->MemoTag);
    MiPoolAllowInterrupts(Flags);
    return 0;
}

static ULONG drain_and_fold(MI_POOL *Pool, MI_POOL_FRONT_LIST *List)
{
    fold_list(Pool, List);
    return drain_list(List, 0);
}

ULONG MiPoolFrontDrain(VOID)
{
    return for_each_list(drain_and_fold);
}

VOID MiPoolFrontFold(VOID)
{
    for_each_list(fold_list);
}
