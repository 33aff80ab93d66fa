/*
 * The pool's insides (docs/pool.md has the pictures): slab caches of
 * fixed-size blocks, each block behind NT's 8-byte x86 pool header; size
 * classes for ExAllocatePoolWithTag; whole pages for larger requests,
 * recorded in a big-allocation table; per-tag tracking; object caches
 * for the kernel and for lookaside lists.
 *
 * Pure C over a page provider (include/kernel/pool_pages.h): the kernel
 * gives it the buddy allocator's frames, the host tests an arena.
 */
#ifndef KERNEL_POOL_H
#define KERNEL_POOL_H

#include "kernel/pool_front.h"
#include "ntddk.h"

/* NT's x86 POOL_HEADER: sizes in 8-byte units; PoolType is the block's
 * type + 1 (with POOL_QUOTA_MASK) while in use and 0 while free. */
typedef struct _POOL_HEADER {
    union {
        struct {
            USHORT PreviousSize : 9;
            USHORT PoolIndex : 7;
            USHORT BlockSize : 9;
            USHORT PoolType : 7;
        };
        ULONG Ulong1;
    };
    ULONG PoolTag;
} POOL_HEADER, *PPOOL_HEADER;

#define POOL_BLOCK_SHIFT 3
#define POOL_QUOTA_MASK 8
/* Ulong1 without PoolType: the sizes and index, fixed for a slot's life. */
#define MI_POOL_SIZE_BITS 0x01FFFFFFUL
#define MI_POOL_TYPE_SHIFT 25
#define MI_POOL_MAXIMUM_UNITS 511 /* BlockSize is 9 bits: 4088 bytes */
/* PoolIndex: 0 for the pools' size classes, MI_POOL_INDEX_OTHER for
 * cache-aligned classes and object caches, whose blocks the per-processor
 * front (kernel/pool_front.h) must leave alone. */
#define MI_POOL_INDEX_SHIFT 9
#define MI_POOL_INDEX_BITS 0x0000FE00UL
#define MI_POOL_INDEX_OTHER 1
#define MI_POOL_UNITS_OF(Ulong1) (((Ulong1) >> 16) & MI_POOL_MAXIMUM_UNITS)

/* A slab: pages holding blocks of one cache. Its descriptor sits at the
 * start of its first page; every page's word (pool_pages.h) points at it. */
typedef struct _MI_SLAB {
    LIST_ENTRY Links; /* on the cache's partial, full or empty list */
    struct _MI_SLAB_CACHE *Cache;
    PPOOL_HEADER FreeList; /* free slots, linked through their first word */
    ULONG InUse;
    UCHAR List; /* MI_SLAB_LIST */
    UCHAR Reserved[3];
    PUCHAR FirstBlock; /* the header of slot 0 */
} MI_SLAB;

typedef enum _MI_SLAB_LIST {
    MiSlabCurrent = 0, /* the cache's allocation slab, on no list */
    MiSlabPartial,
    MiSlabFull,
    MiSlabEmpty,
} MI_SLAB_LIST;

struct _MI_POOL;

/* A cache of one block size. Pool size classes and object caches alike. */
typedef struct _MI_SLAB_CACHE {
    MI_SLAB *Current;    /* allocations come from here first */
    ULONG Stride;        /* bytes per block, header included */
    ULONG SizeWord;      /* Ulong1 & MI_POOL_SIZE_BITS of slots 1..n */
    ULONG FirstSizeWord; /* ... of slot 0 (PreviousSize 0) */
    ULONG InUseWord;     /* Ulong1 of a block in use, without quota */
    ULONG FirstInUseWord;
    ULONG LastTag; /* the tracker entry this cache used last */
    struct _MI_POOL_TRACKER_ENTRY *LastEntry;
    ULONG Capacity; /* blocks per slab */
    struct _MI_POOL *Pool;
    ULONG SlabPages;
    ULONG FirstOffset;  /* slot 0's header from the slab's start */
    LIST_ENTRY Partial; /* some blocks free */
    LIST_ENTRY Full;
    LIST_ENTRY Empty; /* none in use: kept up to MaximumEmpty */
    ULONG EmptyCount;
    ULONG MaximumEmpty;
    /* Hysteresis: a full slab goes back to the partial list only once
     * this many of its blocks are free, so churn does not move it back
     * and forth at every free. */
    ULONG PartialThreshold;
    ULONG SlabCount; /* every slab, Current included */
    ULONG InUse;     /* blocks handed out */
    ULONG Tag;       /* object caches: the tag their blocks carry */
    BOOLEAN ObjectCache;
    CHAR Name[23];
    LIST_ENTRY CacheLinks; /* on its pool's Caches */
} MI_SLAB_CACHE;

/* Tag tracking, as NT's PoolTrackTable: one entry per tag and pool. */
typedef struct _MI_POOL_TRACKER_ENTRY {
    ULONG Tag; /* 0: unused */
    ULONG Allocations;
    ULONG Frees;
    SIZE_T Bytes;   /* in use: headers and rounding included */
    ULONG Failures; /* requests with this tag that failed */
} MI_POOL_TRACKER_ENTRY;

#define MI_POOL_TRACKER_BITS 9
#define MI_POOL_TRACKER_SIZE (1UL << MI_POOL_TRACKER_BITS)
/* Tags that find the table full are counted under this one. */
#define MI_POOL_OVERFLOW_TAG 0x6c66764f /* 'lfvO': reads "Ovfl" */

/* Big allocations (more than POOL_SMALL_BLOCK_MAXIMUM bytes): whole
 * pages, as NT's PoolBigPageTable. Open addressing by address. */
typedef struct _MI_POOL_BIG_ENTRY {
    PVOID Va; /* NULL: unused */
    ULONG Tag;
    ULONG Pages;
    UCHAR PoolType; /* as a header's: type + 1, POOL_QUOTA_MASK */
    struct _EPROCESS *QuotaProcess;
} MI_POOL_BIG_ENTRY;

/* Size classes: 8-byte steps to 128 bytes, then 8 per doubling (at most
 * 12.5 % apart) to 4088. Cache-aligned classes: multiples of the line. */
#define MI_POOL_CLASSES_PER_DOUBLING 8
#define MI_POOL_MAXIMUM_CLASSES 64

/* One pool: nonpaged or paged. */
typedef struct _MI_POOL {
    KSPIN_LOCK Lock;   /* nonpaged pool's: a spin lock */
    FAST_MUTEX Mutex;  /* paged pool's: callers may wait for it */
    UCHAR BaseType;    /* NonPagedPool or PagedPool */
    KIRQL LockIrql;    /* DISPATCH_LEVEL or APC_LEVEL */
    KIRQL MaximumIrql; /* callers above this stop the machine */
    MI_SLAB_CACHE *ClassOfUnits[MI_POOL_MAXIMUM_UNITS + 1];
    ULONG ClassCount;
    ULONG AlignedClassCount;
    MI_SLAB_CACHE Classes[MI_POOL_MAXIMUM_CLASSES];
    MI_SLAB_CACHE AlignedClasses[MI_POOL_MAXIMUM_CLASSES];
    MI_POOL_TRACKER_ENTRY Tracker[MI_POOL_TRACKER_SIZE];
    MI_POOL_BIG_ENTRY *BigTable;
    ULONG BigTableSize; /* entries, a power of two */
    ULONG BigTablePages;
    ULONG BigCount;
    SIZE_T SlabPages; /* pages in slabs */
    SIZE_T BigPages;  /* pages in big allocations */
    SIZE_T PeakPages;
    ULONG Failures;    /* requests that failed: NULL, or raised */
    LIST_ENTRY Caches; /* every cache of this pool, classes first */
} MI_POOL;

extern MI_POOL MiPools[2]; /* indexed by BaseType */
extern ULONG MiPoolCacheLine;

/* The kernel's pool: page provider, classes, lookaside timer (main.c). */
VOID ExInitializePool(VOID);
VOID MiInitializePoolPages(VOID);

/* Sets up both pools (class tables, trackers); the page provider must be
 * ready. CacheLine: the processor's line size, a power of two >= 16. */
VOID MiInitializePool(ULONG CacheLine);
/* The pool's lock: for nonpaged pool a spin lock at DISPATCH_LEVEL, for
 * paged pool a fast mutex (held at APC_LEVEL; a second thread waits for
 * it), as NT's pool descriptors have them. */
KIRQL MiLockPool(MI_POOL *Pool);
VOID MiUnlockPool(MI_POOL *Pool, KIRQL OldIrql);

/* Slab caches (mm/slab.c). The pool's lock is held by the callers of the
 * Mi*Locked routines. */
VOID MiInitializeSlabCache(MI_SLAB_CACHE *Cache, struct _MI_POOL *Pool,
                           PCSTR Name, ULONG Stride, ULONG Alignment,
                           ULONG PoolIndex);
/* A free slot's header, or NULL when no slab could be had. */
PPOOL_HEADER MiSlabAllocateLocked(MI_SLAB_CACHE *Cache);
/* After a block went back to a slab that is not the current one and is
 * now empty or was full: moves it to the list it now belongs on. */
VOID MiSlabRelistLocked(MI_SLAB *Slab);
/* Gives every empty slab back; returns the pages freed. */
ULONG MiSlabReleaseEmptyLocked(MI_SLAB_CACHE *Cache);
/* Visits every slab with blocks in use. */
VOID MiSlabEnumerateLocked(MI_SLAB_CACHE *Cache,
                           VOID (*Visit)(MI_SLAB *Slab, PVOID Context),
                           PVOID Context);

/* The fast halves, for the pool's hot paths. */
FORCEINLINE PPOOL_HEADER MiSlabPop(MI_SLAB_CACHE *Cache)
{
    MI_SLAB *Slab = Cache->Current;
    PPOOL_HEADER Header = Slab->FreeList;

    if (Header == NULL)
        return MiSlabAllocateLocked(Cache);
    Slab->FreeList = *(PPOOL_HEADER *)(Header + 1);
    Slab->InUse++;
    Cache->InUse++;
    return Header;
}

/* A partial slab's block, like the current slab's, needs no call: only a
 * slab that may change lists does. */
FORCEINLINE VOID MiSlabPush(MI_SLAB *Slab, PPOOL_HEADER Header)
{
    MI_SLAB_CACHE *Cache = Slab->Cache;

    *(PPOOL_HEADER *)(Header + 1) = Slab->FreeList;
    Slab->FreeList = Header;
    Slab->InUse--;
    Cache->InUse--;
    if (Slab != Cache->Current &&
        (Slab->InUse == 0 || Slab->List == MiSlabFull))
        MiSlabRelistLocked(Slab);
}

/* Object caches: one block size, a name and a tag; blocks carry a pool
 * header, so ExFreePool takes them too. NULL when out of memory. */
MI_SLAB_CACHE *MiCreateObjectCache(PCSTR Name, POOL_TYPE PoolType, SIZE_T Size,
                                   ULONG Tag);
/* Blocks still in use stop the machine (BAD_POOL_CALLER 0x101). */
VOID MiDeleteObjectCache(MI_SLAB_CACHE *Cache);
PVOID MiAllocateFromCache(MI_SLAB_CACHE *Cache);
VOID MiFreeToCache(MI_SLAB_CACHE *Cache, PVOID Block);

/* The per-processor front (mm/pool_front.c, kernel/pool_front.h): the
 * fast halves are inline (kernel/pool_inline.h) and, for the exports in
 * the kernel, in mm/pool_hot_path.asm. For a request of n <= 504 bytes of
 * a plain type, MiPoolFrontSlotOfBytes[PoolType][n] is its class's
 * list's slot (kernel/pool_front.h); for a header's key,
 * MiPoolFrontSlotOfKey[index] is its list's. Whole words: one load with
 * no widening (i486 code widens a halfword in three instructions). */
#define MI_POOL_FRONT_BYTES_ROW 512 /* mm/pool_hot_path.asm: 1 << 9 */
_Static_assert(MI_POOL_FRONT_BYTES_ROW > MI_POOL_FRONT_BYTES,
               "a row of MiPoolFrontSlotOfBytes holds every front size");
extern MI_POOL_FRONT_SLOT MiPoolFrontSlotOfBytes[2][MI_POOL_FRONT_BYTES_ROW];
extern MI_POOL_FRONT_SLOT MiPoolFrontSlotOfKey[MI_POOL_FRONT_KEY_INDEXES];
/* Sets up this processor's front over the pools' classes. */
VOID MiInitializePoolFront(VOID);
/* A block of List's class for Tag, refilling the list from the slabs and
 * folding its tag memo as need be, under the pool lock; its header's type
 * and tag are the caller's to write. NULL when memory is out even after
 * MiPoolReclaim. */
struct _POOL_HEADER *
MiPoolFrontAllocateSlow(MI_POOL *Pool, MI_POOL_FRONT_LIST *List, ULONG Tag);
/* Puts a block whose header, tag and IRQL were checked on List, first
 * draining the list to half its depth (with the checks that need the
 * slab) or folding its memo. FALSE when List has no class: the caller
 * frees the block the checked way. */
BOOLEAN MiPoolFrontFreeSlow(MI_POOL *Pool, MI_POOL_FRONT_LIST *List,
                            struct _POOL_HEADER *Header);
/* Every list of this processor's front back to the slabs, and every memo
 * folded, for each pool the caller's IRQL may lock; returns the blocks. */
ULONG MiPoolFrontDrain(VOID);
/* Folds every memo into the trackers (pools the IRQL may lock). */
VOID MiPoolFrontFold(VOID);

/* Tag tracking (mm/pool_track.c). */
MI_POOL_TRACKER_ENTRY *MiPoolTrackerFind(MI_POOL *Pool, ULONG Tag);
FORCEINLINE MI_POOL_TRACKER_ENTRY *MiPoolTrackerLookup(MI_POOL *Pool, ULONG Tag)
{
    MI_POOL_TRACKER_ENTRY *Entry =
        &Pool->Tracker[(Tag * 0x9E3779B1UL) >> (32 - MI_POOL_TRACKER_BITS) &
                       (MI_POOL_TRACKER_SIZE - 1)];

    return Entry->Tag == Tag ? Entry : MiPoolTrackerFind(Pool, Tag);
}

/* The big-allocation table (mm/pool_big.c), under the pool's lock. FALSE
 * when the table is full and cannot grow. */
BOOLEAN MiPoolBigInsert(MI_POOL *Pool, PVOID Va, ULONG Tag, ULONG Pages,
                        ULONG HeaderType, struct _EPROCESS *QuotaProcess);
MI_POOL_BIG_ENTRY *MiPoolBigFind(MI_POOL *Pool, PVOID Va);
/* The entry holding Address anywhere in its pages, or NULL. */
MI_POOL_BIG_ENTRY *MiPoolBigFindContaining(MI_POOL *Pool, PVOID Address);
VOID MiPoolBigRemove(MI_POOL *Pool, MI_POOL_BIG_ENTRY *Entry);

/* What the shell and gdb read: one tag's counts in both pools. */
typedef struct _MI_POOL_TAG_INFO {
    ULONG Tag;
    ULONG NonPagedAllocations;
    ULONG NonPagedFrees;
    SIZE_T NonPagedBytes;
    ULONG NonPagedFailures;
    ULONG PagedAllocations;
    ULONG PagedFrees;
    SIZE_T PagedBytes;
    ULONG PagedFailures;
} MI_POOL_TAG_INFO;

/* Copies up to MaximumCount tags (every tag ever used) into Tags, sorted
 * by bytes in use, largest first; returns how many there are in all. */
ULONG MiQueryPoolTags(MI_POOL_TAG_INFO *Tags, ULONG MaximumCount);

/* One block, as WinDbg's !pool tells it. */
typedef struct _MI_POOL_BLOCK_INFO {
    PVOID Block; /* what the allocator returned */
    SIZE_T Size; /* usable bytes */
    ULONG Tag;
    UCHAR PoolType; /* base type */
    BOOLEAN InUse;
    BOOLEAN Big;
    BOOLEAN QuotaCharged;
} MI_POOL_BLOCK_INFO;

/* Which block Address falls in: FALSE when it is in no pool page. */
BOOLEAN MiQueryPoolBlock(PVOID Address, MI_POOL_BLOCK_INFO *Info);
/* Calls Callback for every block in use with Tag (0: every tag). */
typedef VOID (*MI_POOL_BLOCK_CALLBACK)(const MI_POOL_BLOCK_INFO *Info,
                                       PVOID Context);
ULONG MiEnumeratePoolBlocks(ULONG Tag, MI_POOL_BLOCK_CALLBACK Callback,
                            PVOID Context);

/* Low memory: every empty slab goes back and lookaside lists give back
 * what they hold. Returns the pages freed. */
ULONG MiPoolReclaim(VOID);

/* Lookaside lists (mm/lookaside.c). */
extern LIST_ENTRY ExpLookasideListHead;
extern ULONG ExpLookasideAdjustments;
/* One list as the shell shows it. */
typedef struct _EXP_LOOKASIDE_INFO {
    PGENERAL_LOOKASIDE List;
    POOL_TYPE Type;
    ULONG Tag;
    ULONG Size;
    USHORT Depth;
    USHORT MaximumDepth;
    USHORT Held; /* entries on the list now */
    ULONG TotalAllocates;
    ULONG AllocateMisses;
    ULONG TotalFrees;
    ULONG FreeMisses;
} EXP_LOOKASIDE_INFO;
/* Copies up to MaximumCount lists, in the order they were made, under
 * the lists' lock; returns how many there are. */
ULONG ExpQueryLookasideLists(EXP_LOOKASIDE_INFO *Lists, ULONG MaximumCount);
/* One period of depth adjustment (the clock's timer DPC calls it). */
VOID ExpAdjustLookasideDepth(VOID);
/* Gives back what every list holds; paged lists only below DISPATCH. */
ULONG ExpTrimLookasideLists(VOID);
/* Starts the periodic adjustment (twice a second). */
VOID ExpInitializeLookasideAdjustment(VOID);
#define EXP_LOOKASIDE_PERIOD_MS 500

/* BAD_POOL_CALLER's first parameter for this kernel's own checks. */
#define MI_POOL_CALLER_CACHE_IN_USE 0x101 /* cache, blocks in use */
#define MI_POOL_CALLER_WRONG_CACHE 0x103  /* block, its cache, cache given */

#endif
