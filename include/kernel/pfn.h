/*
 * The PFN database: one record per physical page frame, indexed by frame
 * number, as NT's MMPFN array. The buddy allocator keeps its free lists in
 * the records (links are frame numbers, as in NT, so a record is the same
 * size on every build); the owner fields are for whoever allocated the
 * frame (pool, page tables, processes).
 */
#ifndef KERNEL_PFN_H
#define KERNEL_PFN_H

#include "ntdef.h"

/* What a record says about its frame. Only the first frame of a block (its
 * head) carries the block's state and order; the other frames say
 * MiPfnTail. */
typedef enum _MI_PFN_STATE {
    MiPfnReserved = 0, /* never managed: firmware, kernel, holes */
    MiPfnBad,          /* firmware reported it defective */
    MiPfnFree,         /* head of a free block, on a free list */
    MiPfnCached,       /* a free order-0 frame in the per-zone page cache */
    MiPfnActive,       /* head of an allocated block */
    MiPfnTail,         /* inside a free or allocated block, not its head */
} MI_PFN_STATE;

/* Who owns an allocated block: set by the allocating subsystem. */
typedef enum _MI_PFN_USAGE {
    MiUsageNone = 0,
    MiUsageContiguous, /* MmAllocateContiguousMemory: Owner = page count */
    MiUsagePageTable,  /* ReferenceCount = valid PTEs (user tables) */
    MiUsagePool,
    MiUsageProcess, /* a user page its address space owns */
    MiUsageTest,
    MiUsagePageDirectory, /* an address space's directory */
    MiUsageSystemPages,   /* behind MiAllocateSystemPages */
    MiUsageSection,       /* a section's page: its views map it, none owns it */
    MiUsageMdlPages,      /* MmAllocatePagesForMdl: the MDL's until freed */
    MiUsageDriverPageable,  /* a driver's pageable page (mm/pageable_image.c) */
    MiUsageSectionPageable, /* a page-file section's page (mm/section_paging.c)
                             */
} MI_PFN_USAGE;

#define MI_NO_PAGE ((PFN_NUMBER)0xFFFFFFFF)

typedef struct _MMPFN {
    PFN_NUMBER Flink; /* free list links, MI_NO_PAGE at the ends */
    PFN_NUMBER Blink;
    union {
        struct {
            USHORT ReferenceCount;
            UCHAR State; /* MI_PFN_STATE */
            UCHAR Order; /* buddy order of the block this record heads */
        };
        /* The three at once, for the page allocator's fast path. */
        ULONG CountStateOrder;
        /* State and order at once: what the fast free checks. */
        struct {
            USHORT CountHalf;
            USHORT StateOrder;
        };
    };
    UCHAR Usage; /* MI_PFN_USAGE */
    UCHAR Flags; /* MI_PFN_VISITED, MI_PFN_FREE_ON_UNLOCK */
    /* MDLs holding the frame (MmProbeAndLockPages): while it is not zero
     * the frame is not freed, whoever lets it go (mm/pfn.c). */
    USHORT LockCount;
    /* The owner's word: a count, a frame, a slab; for a pageable user
     * page, the frame of the page table that maps it. */
    ULONG_PTR Owner;
    /* A pageable page (mm/page_lists.c): the PTE that maps it, as the
     * self-map of its space shows it, and what that PTE becomes when the
     * frame is taken away: its page-file copy, or 0 when it has none. */
    ULONG PteAddress;
    ULONG OriginalPte;
} MMPFN, *PMMPFN;

#define MI_PFN_VISITED 0x01 /* the invariant checker's mark */
/* Its owner freed it while an MDL held it: the last unlock frees it. */
#define MI_PFN_FREE_ON_UNLOCK 0x02
/* Where a pageable page is when no PTE maps it valid (NT's page lists);
 * the frame stays MiPfnActive for the buddy allocator all along. */
#define MI_PFN_STANDBY 0x04   /* clean: its page-file copy is current */
#define MI_PFN_MODIFIED 0x08  /* dirty: the modified page writer's */
#define MI_PFN_WRITING 0x10   /* the writer has it on its way to disk */
#define MI_PFN_DELETED 0x20   /* its page went while it was written */
#define MI_PFN_RECLAIMED 0x40 /* faulted back while it was written */
#define MI_PFN_ZEROED 0x80    /* on the zeroed list (mm/zero_page.c) */
#define MI_PFN_ON_LIST (MI_PFN_STANDBY | MI_PFN_MODIFIED)

/* CountStateOrder's value for a count, a state and an order. */
#define MI_PFN_WORD(Count, State, Order)                                       \
    ((ULONG)(Count) | (ULONG)(State) << 16 | (ULONG)(Order) << 24)
#define MI_PFN_STATE_ORDER_MASK 0xFFFF0000UL
/* StateOrder's value for a state and an order. */
#define MI_PFN_STATE_ORDER(State, Order)                                       \
    ((USHORT)((ULONG)(State) | (ULONG)(Order) << 8))

/* The kernel's database (set up by MmInitializePhysicalMemory). */
extern PMMPFN MmPfnDatabase;
extern PFN_NUMBER MmPfnDatabaseSize; /* records: one past the highest frame */

/* The record of a frame, or NULL when the frame is outside the database. */
static inline PMMPFN MiGetPfnEntry(PFN_NUMBER Frame)
{
    return Frame < MmPfnDatabaseSize ? &MmPfnDatabase[Frame] : NULL;
}

static inline PFN_NUMBER MiGetPfnFrame(const MMPFN *Pfn)
{
    return (PFN_NUMBER)(Pfn - MmPfnDatabase);
}

#endif
