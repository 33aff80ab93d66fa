/*
 * Slab caches: runs of pages cut into blocks of one size, each block
 * behind a pool header, free blocks threaded through their first word.
 * A cache allocates from its current slab; a full slab goes on the full
 * list and moves to the partial list once PartialThreshold of its blocks
 * are free (hysteresis: churn does not move it at every free), one whose
 * last block comes back to the empty list, of which MaximumEmpty are kept
 * and the rest given back to the page provider. Every page of a slab has the
 * slab in its page word, so a block finds its slab without a search.
 *
 * The caller holds the cache's pool lock (mm/pool.c).
 */
#include "kernel/pool.h"
#include "kernel/pool_pages.h"

/* The current slab of a cache that has none: never any free block, so the
 * first allocation takes the slow path. */
static MI_SLAB no_slab;

static ULONG round_up(ULONG Value, ULONG Alignment)
{
    return (Value + Alignment - 1) & ~(Alignment - 1);
}

/* Slot 0's offset: after the descriptor, with the block (not its header)
 * aligned as asked. */
static ULONG first_offset(ULONG Alignment)
{
    return round_up(sizeof(MI_SLAB) + sizeof(POOL_HEADER), Alignment) -
           sizeof(POOL_HEADER);
}

static ULONG slab_capacity(ULONG Pages, ULONG Offset, ULONG Stride)
{
    return (Pages * PAGE_SIZE - Offset) / Stride;
}

VOID MiInitializeSlabCache(MI_SLAB_CACHE *Cache, MI_POOL *Pool, PCSTR Name,
                           ULONG Stride, ULONG Alignment, ULONG PoolIndex)
{
    ULONG Offset = first_offset(Alignment);
    ULONG Pages, Best = 0, BestWaste = 0xFFFFFFFF,
                 Units = Stride >> POOL_BLOCK_SHIFT;
    ULONG Index;

    /* The fewest pages that waste at most 1/32 of the slab, else the
     * least wasteful of 1, 2, 4 or 8 pages. */
    for (Pages = 1; Pages <= 8; Pages <<= 1) {
        ULONG Capacity = slab_capacity(Pages, Offset, Stride);
        ULONG Waste;

        if (Capacity == 0)
            continue;
        Waste = Pages * PAGE_SIZE - Capacity * Stride;
        if (Waste * 32 <= Pages * PAGE_SIZE) {
            Best = Pages;
            break;
        }
        if (Waste * 8 / Pages < BestWaste) {
            BestWaste = Waste * 8 / Pages;
            Best = Pages;
        }
    }
    Cache->Current = &no_slab;
    Cache->Stride = Stride;
    Cache->SizeWord =
        Units | (PoolIndex << MI_POOL_INDEX_SHIFT) | (Units << 16);
    Cache->FirstSizeWord = Cache->SizeWord & ~MI_POOL_MAXIMUM_UNITS;
    Cache->SlabPages = Best;
    Cache->FirstOffset = Offset;
    Cache->Capacity = slab_capacity(Best, Offset, Stride);
    Cache->Pool = Pool;
    InitializeListHead(&Cache->Partial);
    InitializeListHead(&Cache->Full);
    InitializeListHead(&Cache->Empty);
    Cache->EmptyCount = 0;
    Cache->MaximumEmpty = 1;
    /* An eighth of a slab: at most 12.5 % of a full slab's blocks wait
     * there unused (an allocation that finds no other memory takes them). */
    Cache->PartialThreshold = Cache->Capacity >= 16 ? Cache->Capacity / 8 : 1;
    Cache->SlabCount = 0;
    Cache->InUse = 0;
    Cache->InUseWord =
        Cache->SizeWord | ((ULONG)(Pool->BaseType + 1) << MI_POOL_TYPE_SHIFT);
    Cache->FirstInUseWord =
        Cache->FirstSizeWord | (Cache->InUseWord & ~MI_POOL_SIZE_BITS);
    Cache->LastTag = 0;
    Cache->LastEntry = NULL;
    Cache->Tag = 0;
    Cache->ObjectCache = FALSE;
    for (Index = 0; Index + 1 < sizeof(Cache->Name) && Name[Index]; Index++)
        Cache->Name[Index] = Name[Index];
    Cache->Name[Index] = 0;
}

static VOID set_page_words(MI_SLAB *Slab, ULONG Pages, ULONG_PTR Word)
{
    ULONG Page;

    for (Page = 0; Page < Pages; Page++)
        *MiPoolPageWord((PUCHAR)Slab + Page * PAGE_SIZE) = Word;
}

static MI_SLAB *new_slab(MI_SLAB_CACHE *Cache)
{
    MI_POOL *Pool = Cache->Pool;
    MI_SLAB *Slab = MiPoolAllocatePages(Pool->BaseType, Cache->SlabPages);
    PPOOL_HEADER *Link;
    PUCHAR Block;
    ULONG Index;

    if (Slab == NULL)
        return NULL;
    Slab->Cache = Cache;
    Slab->InUse = 0;
    Slab->FirstBlock = (PUCHAR)Slab + Cache->FirstOffset;
    Link = &Slab->FreeList;
    for (Index = 0, Block = Slab->FirstBlock; Index < Cache->Capacity;
         Index++, Block += Cache->Stride) {
        PPOOL_HEADER Header = (PPOOL_HEADER)Block;

        Header->Ulong1 = Index == 0 ? Cache->FirstSizeWord : Cache->SizeWord;
        Header->PoolTag = 0;
        /* A block that would start a page is never handed out: small
         * blocks are never page aligned, and a page-aligned address
         * means a big allocation to ExFreePool. */
        if (((ULONG_PTR)(Header + 1) & (PAGE_SIZE - 1)) == 0)
            continue;
        *Link = Header;
        Link = (PPOOL_HEADER *)(Header + 1);
    }
    *Link = NULL;
    set_page_words(Slab, Cache->SlabPages, (ULONG_PTR)Slab);
    Cache->SlabCount++;
    Pool->SlabPages += Cache->SlabPages;
    if (Pool->SlabPages + Pool->BigPages > Pool->PeakPages)
        Pool->PeakPages = Pool->SlabPages + Pool->BigPages;
    return Slab;
}

static VOID release_slab(MI_SLAB_CACHE *Cache, MI_SLAB *Slab)
{
    MI_POOL *Pool = Cache->Pool;

    set_page_words(Slab, Cache->SlabPages, MI_POOL_WORD_NONE);
    Cache->SlabCount--;
    Pool->SlabPages -= Cache->SlabPages;
    MiPoolFreePages(Pool->BaseType, Slab, Cache->SlabPages);
}

static VOID move_slab(MI_SLAB_CACHE *Cache, MI_SLAB *Slab, MI_SLAB_LIST List)
{
    PLIST_ENTRY Head = List == MiSlabPartial ? &Cache->Partial
                       : List == MiSlabFull  ? &Cache->Full
                                             : &Cache->Empty;

    if (Slab->List != MiSlabCurrent)
        RemoveEntryList(&Slab->Links);
    if (Slab->List == MiSlabEmpty)
        Cache->EmptyCount--;
    Slab->List = (UCHAR)List;
    InsertTailList(Head, &Slab->Links);
    if (List == MiSlabEmpty)
        Cache->EmptyCount++;
}

/* Out of pages: a full-listed slab with free blocks below the threshold
 * still serves. A search, but only when memory is out. */
static MI_SLAB *full_with_room(MI_SLAB_CACHE *Cache)
{
    PLIST_ENTRY Entry;

    for (Entry = Cache->Full.Flink; Entry != &Cache->Full;
         Entry = Entry->Flink) {
        MI_SLAB *Slab = CONTAINING_RECORD(Entry, MI_SLAB, Links);

        if (Slab->FreeList != NULL)
            return Slab;
    }
    return NULL;
}

PPOOL_HEADER MiSlabAllocateLocked(MI_SLAB_CACHE *Cache)
{
    MI_SLAB *Slab = Cache->Current;
    PPOOL_HEADER Header;

    if (Slab != &no_slab)
        move_slab(Cache, Slab, MiSlabFull);
    Cache->Current = &no_slab;
    if (!IsListEmpty(&Cache->Partial)) {
        Slab = CONTAINING_RECORD(Cache->Partial.Flink, MI_SLAB, Links);
    } else if (!IsListEmpty(&Cache->Empty)) {
        Slab = CONTAINING_RECORD(Cache->Empty.Flink, MI_SLAB, Links);
        Cache->EmptyCount--;
    } else {
        Slab = new_slab(Cache);
        if (Slab != NULL) {
            Slab->List = MiSlabCurrent;
            Slab->Links.Flink = Slab->Links.Blink = &Slab->Links;
        } else {
            Slab = full_with_room(Cache);
            if (Slab == NULL)
                return NULL;
        }
    }
    if (Slab->List != MiSlabCurrent)
        RemoveEntryList(&Slab->Links);
    Slab->List = MiSlabCurrent;
    Cache->Current = Slab;
    Header = Slab->FreeList;
    Slab->FreeList = *(PPOOL_HEADER *)(Header + 1);
    Slab->InUse++;
    Cache->InUse++;
    return Header;
}

VOID MiSlabRelistLocked(MI_SLAB *Slab)
{
    MI_SLAB_CACHE *Cache = Slab->Cache;

    if (Slab->InUse == 0) {
        move_slab(Cache, Slab, MiSlabEmpty);
        if (Cache->EmptyCount > Cache->MaximumEmpty) {
            MI_SLAB *Oldest =
                CONTAINING_RECORD(Cache->Empty.Flink, MI_SLAB, Links);
            RemoveEntryList(&Oldest->Links);
            Cache->EmptyCount--;
            release_slab(Cache, Oldest);
        }
    } else if (Slab->List == MiSlabFull &&
               Cache->Capacity - Slab->InUse >= Cache->PartialThreshold) {
        move_slab(Cache, Slab, MiSlabPartial);
    }
}

ULONG MiSlabReleaseEmptyLocked(MI_SLAB_CACHE *Cache)
{
    ULONG Pages = 0;

    while (!IsListEmpty(&Cache->Empty)) {
        MI_SLAB *Slab = CONTAINING_RECORD(Cache->Empty.Flink, MI_SLAB, Links);
        RemoveEntryList(&Slab->Links);
        Cache->EmptyCount--;
        release_slab(Cache, Slab);
        Pages += Cache->SlabPages;
    }
    if (Cache->Current != &no_slab && Cache->Current->InUse == 0) {
        release_slab(Cache, Cache->Current);
        Cache->Current = &no_slab;
        Pages += Cache->SlabPages;
    }
    return Pages;
}

/* Every slab of the cache with blocks in use: Current, partial, full. */
VOID MiSlabEnumerateLocked(MI_SLAB_CACHE *Cache,
                           VOID (*Visit)(MI_SLAB *Slab, PVOID Context),
                           PVOID Context)
{
    PLIST_ENTRY Heads[2] = {&Cache->Partial, &Cache->Full};
    PLIST_ENTRY Entry;
    ULONG List;

    if (Cache->Current != &no_slab)
        Visit(Cache->Current, Context);
    for (List = 0; List < 2; List++)
        for (Entry = Heads[List]->Flink; Entry != Heads[List];
             Entry = Entry->Flink)
            Visit(CONTAINING_RECORD(Entry, MI_SLAB, Links), Context);
}
