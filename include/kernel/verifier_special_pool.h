/*
 * Driver Verifier's special pool (mm/verifier_special_pool.c), behind the
 * verifier's pool routines (mm/verifier.c) and the page-fault handler.
 */
#ifndef KERNEL_VERIFIER_SPECIAL_POOL_H
#define KERNEL_VERIFIER_SPECIAL_POOL_H

#include "kernel/trap.h"
#include "ntddk.h"

/* A block of NumberOfBytes (1 to PAGE_SIZE) at the end of its own page
 * (at its start with verifier_align=start), or NULL (no pages, no slot,
 * too big): the caller uses the pool. */
PVOID ViAllocateSpecialPool(SIZE_T NumberOfBytes);
/* verifier_align=start: NT's "verify start", underruns fault at once. */
BOOLEAN ViSpecialPoolVerifiesStart(VOID);
/* Va is a live special-pool block's page. */
BOOLEAN ViIsSpecialPool(PVOID Va);
/* Checks the pattern (0xC1 0x23/0x24), a bad address (0xC1 0x20/0x21),
 * then unmaps the page and keeps its PTEs reserved for a while. */
VOID ViFreeSpecialPool(PVOID Va);
/* Live special-pool blocks (the shell, the tests). */
ULONG ViSpecialPoolInUse(VOID);

/* MmAccessFault's hook for a not-present page: a special-pool guard page
 * stops with 0xCD, a freed special-pool page with 0xCC; else it returns. */
VOID VfCheckSpecialPoolFault(PVOID Address, ULONG FaultStatus,
                             PKTRAP_FRAME TrapFrame);

#endif
