/* What the pool tests count (tests/kernel/kt_pool.c). */
#ifndef KT_POOL_H
#define KT_POOL_H

#include "ntdef.h"

/* Free frames: the buddy allocator's (its page caches drained) and the
 * zeroed list's, with the kernel's PAGE pages brought back first. */
PFN_NUMBER KtFreeFrames(VOID);
/* Frames paged pool holds: its resident pages, and what it keeps for good
 * once it has grown (its page tables and pages of page words). A slab's
 * page gets its frame at its first touch, which may come later than the
 * slab. */
ULONG KtPagedPoolFrames(VOID);

/* Nonpaged pool's consistency (tests/kernel/kt_pool_check.c): every
 * slab's free list and counts, every cache's sums, the big-block table.
 * FALSE with the first problem found. Below DISPATCH_LEVEL. */
typedef struct _KT_POOL_CHECK {
    PCSTR Problem; /* NULL: none */
    PVOID Where;
    ULONG Slabs;  /* walked */
    ULONG Blocks; /* marked in use, big ones included */
} KT_POOL_CHECK;
BOOLEAN KtPoolCheck(KT_POOL_CHECK *Check);

#endif
