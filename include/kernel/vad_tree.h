/*
 * A process's virtual address descriptors (VADs) in NT's balanced tree:
 * an AVL tree keyed by page number ranges (StartingVpn..EndingVpn, end
 * inclusive) that never overlap, so in-order is address order. The tree
 * only links nodes its caller owns (the kernel takes them from nonpaged
 * pool): it allocates nothing, and the host tests run it as it is.
 */
#ifndef KERNEL_VAD_TREE_H
#define KERNEL_VAD_TREE_H

#include "ntdef.h"

/* One reservation of user address space. NT keeps Parent and Balance in
 * one word; here they are apart, for a reader and for gdb. */
typedef struct _MMVAD {
    struct _MMVAD *Parent;
    struct _MMVAD *LeftChild;
    struct _MMVAD *RightChild;
    LONG Balance; /* height(right) - height(left): -1, 0 or +1 */
    ULONG StartingVpn;
    ULONG EndingVpn;         /* inclusive */
    ULONG AllocationProtect; /* the PAGE_* it was reserved with */
    /* A mapped view (mm/section.c): the section, referenced while the
     * view lives, and the section page its first page shows; else NULL. */
    struct _SECTION *Section;
    ULONG SectionPage;
    /* An MDL's frames mapped by MmMapLockedPagesSpecifyCache(UserMode):
     * the frames are not the space's, and go on living after the view. */
    BOOLEAN PhysicalMapping;
} MMVAD, *PMMVAD;

typedef struct _MM_AVL_TABLE {
    PMMVAD Root;
    ULONG NumberGenericTableElements;
} MM_AVL_TABLE, *PMM_AVL_TABLE;

VOID MiInitializeVadTree(PMM_AVL_TABLE Table);
/* Links Vad (its Starting/EndingVpn set) in; FALSE, with nothing changed,
 * when it overlaps a VAD already there. */
BOOLEAN MiInsertVad(PMM_AVL_TABLE Table, PMMVAD Vad);
/* Unlinks Vad, which must be in Table; the caller frees it. */
VOID MiRemoveVad(PMM_AVL_TABLE Table, PMMVAD Vad);
/* The VAD whose range holds Vpn, or NULL. */
PMMVAD MiLocateVpn(PMM_AVL_TABLE Table, ULONG Vpn);
/* The lowest VAD that ends at or above Vpn (the one holding Vpn, else the
 * next one above it), or NULL. */
PMMVAD MiFirstVadAtOrAbove(PMM_AVL_TABLE Table, ULONG Vpn);
/* The lowest VAD overlapping [StartingVpn, EndingVpn], or NULL. */
PMMVAD MiCheckForConflictingVad(PMM_AVL_TABLE Table, ULONG StartingVpn,
                                ULONG EndingVpn);
/* In address order. */
PMMVAD MiGetFirstVad(PMM_AVL_TABLE Table);
PMMVAD MiGetNextVad(PMMVAD Vad);
/*
 * A free run of PageCount pages inside [LowestVpn, HighestVpn] starting at
 * a multiple of AlignmentPages (a power of two): the lowest one, or the
 * highest one when TopDown. FALSE when there is none.
 */
BOOLEAN MiFindEmptyVpnRange(PMM_AVL_TABLE Table, ULONG PageCount,
                            ULONG AlignmentPages, ULONG LowestVpn,
                            ULONG HighestVpn, BOOLEAN TopDown,
                            PULONG StartingVpn);
/* 0 when the tree keeps its promises: parent links, balance factors that
 * match the heights and stay within -1..+1, ranges in order without
 * overlap, the element count. Otherwise which check failed (1-6). */
ULONG MiCheckVadTree(PMM_AVL_TABLE Table);

#endif
