/*
 * Reading the pool: which block an address is in (WinDbg's !pool), every
 * block of a tag, and giving memory back when the page provider runs dry
 * (the per-processor front drained first). A block in the front reads as
 * free: its header carries no type.
 */
#include "kernel/pool.h"
#include "kernel/pool_pages.h"

static VOID describe_slot(MI_SLAB *Slab, ULONG Index, MI_POOL_BLOCK_INFO *Info)
{
    MI_SLAB_CACHE *Cache = Slab->Cache;
    PPOOL_HEADER Header =
        (PPOOL_HEADER)(Slab->FirstBlock + Index * Cache->Stride);
    ULONG Type = Header->PoolType;

    Info->Block = Header + 1;
    Info->Size = Cache->Stride - sizeof(POOL_HEADER);
    Info->Tag = Header->PoolTag;
    Info->PoolType = Cache->Pool->BaseType;
    Info->InUse = Type != 0;
    Info->Big = FALSE;
    Info->QuotaCharged = (Type & POOL_QUOTA_MASK) != 0;
    if (Info->QuotaCharged)
        Info->Size -= sizeof(PVOID);
}

static VOID describe_big(const MI_POOL_BIG_ENTRY *Entry, ULONG Base,
                         MI_POOL_BLOCK_INFO *Info)
{
    Info->Block = Entry->Va;
    Info->Size = (SIZE_T)Entry->Pages << PAGE_SHIFT;
    Info->Tag = Entry->Tag;
    Info->PoolType = (UCHAR)Base;
    Info->InUse = TRUE;
    Info->Big = TRUE;
    Info->QuotaCharged = (Entry->PoolType & POOL_QUOTA_MASK) != 0;
}

BOOLEAN MiQueryPoolBlock(PVOID Address, MI_POOL_BLOCK_INFO *Info)
{
    ULONG_PTR *Word = MiPoolPageWord(Address);
    ULONG Base;

    if (Word == NULL)
        return FALSE;
    if (MI_POOL_WORD_IS_SLAB(*Word)) {
        MI_SLAB *Slab = (MI_SLAB *)*Word;
        PUCHAR Byte = (PUCHAR)Address;
        ULONG Index;

        if (Byte < Slab->FirstBlock)
            return FALSE; /* the slab's descriptor */
        Index =
            (ULONG)((ULONG_PTR)(Byte - Slab->FirstBlock) / Slab->Cache->Stride);
        if (Index >= Slab->Cache->Capacity)
            return FALSE; /* the slab's unused tail */
        describe_slot(Slab, Index, Info);
        return TRUE;
    }
    for (Base = 0; Base < 2; Base++) {
        MI_POOL *Pool = &MiPools[Base];
        KIRQL OldIrql;
        MI_POOL_BIG_ENTRY *Entry;

        if (MiPoolCurrentIrql() > Pool->MaximumIrql)
            continue;
        OldIrql = MiLockPool(Pool);
        /* A big block's first page says so: one probe. Its other pages
         * say nothing: a scan of the table. */
        Entry = *Word == (ULONG_PTR)MI_POOL_WORD_BIG_NONPAGED + Base
                    ? MiPoolBigFind(
                          Pool, (PVOID)((ULONG_PTR)Address & ~(PAGE_SIZE - 1)))
                    : MiPoolBigFindContaining(Pool, Address);
        if (Entry != NULL)
            describe_big(Entry, Base, Info);
        MiUnlockPool(Pool, OldIrql);
        if (Entry != NULL)
            return TRUE;
    }
    return FALSE;
}

/* Calls Visit for each cache, then Finish, of each pool the caller's
 * IRQL may lock, under that pool's lock; returns their results added. */
static ULONG for_each_cache(ULONG (*Visit)(MI_POOL *Pool, MI_SLAB_CACHE *Cache,
                                           PVOID Context),
                            ULONG (*Finish)(MI_POOL *Pool, PVOID Context),
                            PVOID Context)
{
    ULONG Total = 0, Base;

    for (Base = 0; Base < 2; Base++) {
        MI_POOL *Pool = &MiPools[Base];
        PLIST_ENTRY Entry;
        KIRQL OldIrql;

        if (MiPoolCurrentIrql() > Pool->MaximumIrql)
            continue;
        OldIrql = MiLockPool(Pool);
        for (Entry = Pool->Caches.Flink; Entry != &Pool->Caches;
             Entry = Entry->Flink)
            Total +=
                Visit(Pool, CONTAINING_RECORD(Entry, MI_SLAB_CACHE, CacheLinks),
                      Context);
        Total += Finish(Pool, Context);
        MiUnlockPool(Pool, OldIrql);
    }
    return Total;
}

typedef struct _ENUMERATION {
    ULONG Tag;
    MI_POOL_BLOCK_CALLBACK Callback;
    PVOID Context;
    ULONG Count;
} ENUMERATION;

static VOID visit_slab(MI_SLAB *Slab, PVOID Context)
{
    ENUMERATION *Walk = Context;
    ULONG Index;

    for (Index = 0; Index < Slab->Cache->Capacity; Index++) {
        MI_POOL_BLOCK_INFO Info;

        describe_slot(Slab, Index, &Info);
        if (Info.InUse && (Walk->Tag == 0 || Info.Tag == Walk->Tag)) {
            Walk->Count++;
            Walk->Callback(&Info, Walk->Context);
        }
    }
}

static ULONG enumerate_cache(MI_POOL *Pool, MI_SLAB_CACHE *Cache, PVOID Context)
{
    UNREFERENCED_PARAMETER(Pool);
    MiSlabEnumerateLocked(Cache, visit_slab, Context);
    return 0;
}

static ULONG enumerate_big(MI_POOL *Pool, PVOID Context)
{
    ENUMERATION *Walk = Context;
    ULONG Index;

    for (Index = 0; Index < Pool->BigTableSize; Index++) {
        MI_POOL_BLOCK_INFO Info;

        if (Pool->BigTable[Index].Va == NULL ||
            (Walk->Tag != 0 && Pool->BigTable[Index].Tag != Walk->Tag))
            continue;
        describe_big(&Pool->BigTable[Index], Pool->BaseType, &Info);
        Walk->Count++;
        Walk->Callback(&Info, Walk->Context);
    }
    return 0;
}

ULONG MiEnumeratePoolBlocks(ULONG Tag, MI_POOL_BLOCK_CALLBACK Callback,
                            PVOID Context)
{
    ENUMERATION Walk = {Tag, Callback, Context, 0};

    for_each_cache(enumerate_cache, enumerate_big, &Walk);
    return Walk.Count;
}

static ULONG release_empty(MI_POOL *Pool, MI_SLAB_CACHE *Cache, PVOID Context)
{
    UNREFERENCED_PARAMETER(Pool);
    UNREFERENCED_PARAMETER(Context);
    return MiSlabReleaseEmptyLocked(Cache);
}

/* An empty big table goes too. */
static ULONG release_big_table(MI_POOL *Pool, PVOID Context)
{
    ULONG Pages = Pool->BigTablePages;

    UNREFERENCED_PARAMETER(Context);
    if (Pool->BigCount != 0 || Pool->BigTable == NULL)
        return 0;
    MiPoolFreePages(Pool->BaseType, Pool->BigTable, Pages);
    Pool->BigTable = NULL;
    Pool->BigTableSize = 0;
    Pool->BigTablePages = 0;
    return Pages;
}

ULONG MiPoolReclaim(VOID)
{
    /* Lookaside entries and the front's blocks go back to their slabs
     * first, so the slabs they empty go back too. */
    ExpTrimLookasideLists();
    MiPoolFrontDrain();
    return for_each_cache(release_empty, release_big_table, NULL);
}
