/*
 * The pool's books, walked (kt_pool.h): every slab of every cache, under
 * its pool's lock. A slab's free list stays inside it, on slot
 * boundaries, through blocks marked free, and holds exactly the slots its
 * count says are not in use; the counts add up to the cache's; its list
 * mark says where it is. A block in a processor's front reads as free but
 * is counted in use: free-marked slots may outnumber the free list's.
 * Every big block is found where the table's probing looks for it.
 * Nonpaged pool only: paged pool's slabs may be paged out, and reading
 * one back with the pool's mutex held could need that mutex.
 */
#include "kernel/pool.h"
#include "kernel/pool_pages.h"
#include "kt_pool.h"

typedef struct _SLAB_WALK {
    KT_POOL_CHECK *Check;
    ULONG InUse;
    ULONG Slabs;
} SLAB_WALK;

static BOOLEAN fail(KT_POOL_CHECK *Check, PCSTR Problem, PVOID Where)
{
    if (Check->Problem == NULL) {
        Check->Problem = Problem;
        Check->Where = Where;
    }
    return FALSE;
}

static BOOLEAN check_slab(MI_SLAB_CACHE *Cache, MI_SLAB *Slab,
                          KT_POOL_CHECK *Check)
{
    PUCHAR End = Slab->FirstBlock + Cache->Capacity * Cache->Stride;
    PPOOL_HEADER Header;
    ULONG Free = 0, Marked = 0, Index;

    if (Slab->Cache != Cache)
        return fail(Check, "a slab names another cache", Slab);
    if (Slab->InUse > Cache->Capacity)
        return fail(Check, "a slab counts more blocks than it has", Slab);
    for (Header = Slab->FreeList; Header != NULL;
         Header = *(PPOOL_HEADER *)(Header + 1)) {
        PUCHAR Byte = (PUCHAR)Header;

        if (Byte < Slab->FirstBlock || Byte >= End ||
            (ULONG)(Byte - Slab->FirstBlock) % Cache->Stride != 0)
            return fail(Check, "a free list leaves its slab", Header);
        if (Header->PoolType != 0)
            return fail(Check, "a block in use is on the free list", Header);
        if (++Free > Cache->Capacity)
            return fail(Check, "a free list loops", Slab);
    }
    if (Free + Slab->InUse != Cache->Capacity)
        return fail(Check, "free and in-use blocks miscount the slab", Slab);
    for (Index = 0; Index < Cache->Capacity; Index++)
        Marked += ((PPOOL_HEADER)(Slab->FirstBlock + Index * Cache->Stride))
                      ->PoolType != 0;
    if (Marked > Slab->InUse)
        return fail(Check, "more blocks marked in use than counted", Slab);
    Check->Slabs++;
    Check->Blocks += Marked;
    return TRUE;
}

static VOID visit(MI_SLAB *Slab, PVOID Context)
{
    SLAB_WALK *Walk = Context;

    if (check_slab(Slab->Cache, Slab, Walk->Check)) {
        Walk->InUse += Slab->InUse;
        Walk->Slabs++;
    }
}

static VOID check_cache(MI_SLAB_CACHE *Cache, KT_POOL_CHECK *Check)
{
    SLAB_WALK Walk = {Check, 0, 0};
    PLIST_ENTRY Entry;
    ULONG Empty = 0;

    MiSlabEnumerateLocked(Cache, visit, &Walk);
    for (Entry = Cache->Empty.Flink; Entry != &Cache->Empty;
         Entry = Entry->Flink) {
        MI_SLAB *Slab = CONTAINING_RECORD(Entry, MI_SLAB, Links);

        if (Slab->InUse != 0 || Slab->List != MiSlabEmpty)
            fail(Check, "a slab on the empty list is not empty", Slab);
        else
            check_slab(Cache, Slab, Check);
        if (++Empty > Cache->SlabCount)
            break;
    }
    if (Check->Problem != NULL)
        return;
    if (Walk.InUse != Cache->InUse)
        fail(Check, "the slabs' blocks in use do not add up", Cache);
    else if (Empty != Cache->EmptyCount ||
             Walk.Slabs + Empty != Cache->SlabCount)
        fail(Check, "the cache miscounts its slabs", Cache);
}

BOOLEAN KtPoolCheck(KT_POOL_CHECK *Check)
{
    MI_POOL *Pool = &MiPools[NonPagedPool];
    PLIST_ENTRY Entry;
    KIRQL OldIrql;
    ULONG Index, Big = 0;

    RtlZeroMemory(Check, sizeof(*Check));
    MiPoolFrontDrain();
    OldIrql = MiLockPool(Pool);
    for (Entry = Pool->Caches.Flink;
         Entry != &Pool->Caches && Check->Problem == NULL; Entry = Entry->Flink)
        check_cache(CONTAINING_RECORD(Entry, MI_SLAB_CACHE, CacheLinks), Check);
    for (Index = 0; Index < Pool->BigTableSize; Index++) {
        MI_POOL_BIG_ENTRY *Block = &Pool->BigTable[Index];

        if (Block->Va == NULL)
            continue;
        Big++;
        if (MiPoolBigFind(Pool, Block->Va) != Block)
            fail(Check, "a big block is not where probing finds it", Block->Va);
    }
    if (Big != Pool->BigCount)
        fail(Check, "the big-block table miscounts", Pool->BigTable);
    Check->Blocks += Big;
    MiUnlockPool(Pool, OldIrql);
    return Check->Problem == NULL;
}
