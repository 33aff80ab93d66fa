/*
 * The pool's per-processor front (docs/pool.md): per pool and size class
 * up to 512 bytes, a short LIFO of ready blocks in the PRCB, as NT fronts
 * its pool with per-processor lookaside lists. A block in the front is
 * free to its callers (its header carries no type) and in use to its
 * slab; the pool lock is taken only to refill or drain a list, in
 * batches, and the checks that need the slab are made then.
 *
 * Types only: the PRCB (kernel/gdt.h) embeds MI_POOL_FRONT. The routines
 * are in kernel/pool.h, the processor's part in kernel/pool_cpu.h.
 */
#ifndef KERNEL_POOL_FRONT_H
#define KERNEL_POOL_FRONT_H

#include "ntddk.h"

/* Classes whose stride is at most 512 bytes (64 units: a 504-byte
 * request) have a front list, indexed by the stride in 8-byte units. */
#define MI_POOL_FRONT_UNITS 64
#define MI_POOL_FRONT_BYTES ((MI_POOL_FRONT_UNITS << 3) - 8)

struct _POOL_HEADER;
struct _MI_SLAB_CACHE;

/* 32 bytes on both builds, so finding a list is shifts and adds. */
typedef union _MI_POOL_FRONT_LIST {
    struct {
        /* The newest block's data (its header + 1), whose first word
         * links the next block's data: the pop returns it as it is. */
        PVOID Head;
        UCHAR Room;        /* Depth less the blocks held: 0 when full */
        UCHAR Depth;       /* 0: no class of this stride: the slow way */
        KIRQL MaximumIrql; /* the pool's: callers above it stop */
        /* An allocated block's type in its header's high byte ((base
         * type + 1) << 1, above BlockSize's top bit): the pop ORs it in. */
        UCHAR TypeByte;
        /* The tag memo: what this list counted for MemoTag since it was
         * last folded into the pool's tracker (on a miss or a query).
         * The pop counts nothing itself: a pop raises Room, a push
         * lowers it and counts a free, and the refills, drains and
         * slow allocations move MemoRoom instead, so the allocations
         * since the fold are MemoFrees + Room - MemoRoom. */
        ULONG MemoTag;
        ULONG MemoRoom;
        ULONG MemoFrees;
        struct _MI_SLAB_CACHE *Cache; /* the class its blocks are of */
    };
    UCHAR Size[32];
} MI_POOL_FRONT_LIST;

/* The allocations a list counted for its memo's tag since the fold. */
#define MI_POOL_FRONT_MEMO_ALLOCATIONS(List)                                   \
    ((ULONG)((List)->MemoFrees + (List)->Room - (List)->MemoRoom))
/* The blocks a list holds. */
#define MI_POOL_FRONT_HELD(List) ((ULONG)((List)->Depth - (List)->Room))

#define MI_POOL_FRONT_LIST_SHIFT 5
#if defined(__i386__) /* mm/pool_hot_path.asm's offsets */
_Static_assert(offsetof(MI_POOL_FRONT_LIST, Room) == 4 &&
                   offsetof(MI_POOL_FRONT_LIST, Depth) == 5 &&
                   offsetof(MI_POOL_FRONT_LIST, MaximumIrql) == 6 &&
                   offsetof(MI_POOL_FRONT_LIST, MemoTag) == 8 &&
                   offsetof(MI_POOL_FRONT_LIST, MemoFrees) == 16 &&
                   offsetof(MI_POOL_FRONT_LIST, TypeByte) == 7,
               "mm/pool_hot_path.asm's list offsets");
#endif
/* A pool's row of lists: PoolType << MI_POOL_FRONT_ROW_SHIFT bytes in. */
#define MI_POOL_FRONT_ROW_SHIFT 11
_Static_assert(sizeof(MI_POOL_FRONT_LIST) == 1 << MI_POOL_FRONT_LIST_SHIFT,
               "a front list is 32 bytes");

/* A list's place in the front's tables (kernel/pool.h): in the kernel its
 * offset in the processor's front, which mm/pool_hot_path.asm reaches
 * through fs; on the host, with its one front, the list's address. */
#if defined(__i386__)
typedef ULONG MI_POOL_FRONT_SLOT;
#else
typedef ULONG_PTR MI_POOL_FRONT_SLOT;
#endif

/* [base type][units - 1]: BlockSize 1 to 64. */
typedef struct _MI_POOL_FRONT {
    MI_POOL_FRONT_LIST Lists[2][MI_POOL_FRONT_UNITS];
} MI_POOL_FRONT;
_Static_assert(sizeof(MI_POOL_FRONT_LIST) * MI_POOL_FRONT_UNITS ==
                   1 << MI_POOL_FRONT_ROW_SHIFT,
               "a pool's row of lists");

/* A free finds its list from the header alone. Key = (Ulong1 >>
 * MI_POOL_FRONT_KEY_SHIFT) - MI_POOL_FRONT_KEY_BIAS holds PoolIndex in
 * bits 0-6, BlockSize - 1 in 7-15 and type - 1 above; it has no bit
 * outside MI_POOL_FRONT_KEY_BITS exactly when the block is in use, of
 * type 1 or 2 without quota, PoolIndex 0 and BlockSize 1 to 64. So one
 * subtraction and one test refuse everything else (a free block's type
 * 0 wraps), and Key >> MI_POOL_FRONT_KEY_INDEX_SHIFT indexes
 * MiPoolFrontSlotOfKey. */
#define MI_POOL_FRONT_KEY_SHIFT 9
#define MI_POOL_FRONT_KEY_INDEX_SHIFT 7
#define MI_POOL_FRONT_KEY_BIAS (0x201UL << MI_POOL_FRONT_KEY_INDEX_SHIFT)
#define MI_POOL_FRONT_KEY_INDEXES (0x200UL + MI_POOL_FRONT_UNITS)
#define MI_POOL_FRONT_KEY_BITS                                                 \
    ((0x200UL | (MI_POOL_FRONT_UNITS - 1)) << MI_POOL_FRONT_KEY_INDEX_SHIFT)

#endif
