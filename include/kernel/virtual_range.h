/*
 * A range of kernel virtual address space handed out in whole pages, each
 * run preceded by an unmapped guard page, as NT's system PTEs and Linux's
 * vmalloc area do: an overrun off the end of one run, or an underrun off
 * its start, lands on a guard and faults instead of reaching a neighbour.
 * One bit per page in an RTL_BITMAP says "in use" (run or guard); the
 * search is next-fit from where the last one ended, so a freed run is not
 * handed out again at once and a stale pointer into it still faults.
 *
 * Pure bookkeeping: the kernel maps the pages (mm/system_pte.c) and the
 * host tests drive this against a model.
 */
#ifndef KERNEL_VIRTUAL_RANGE_H
#define KERNEL_VIRTUAL_RANGE_H

#include "ntrtl.h"

typedef struct _MI_VIRTUAL_RANGE {
    ULONG Base;       /* address of page 0 */
    ULONG PageCount;  /* pages in the range */
    RTL_BITMAP InUse; /* one bit per page */
    ULONG Hint;       /* next-fit: the page after the last run */
    ULONG FreePages;
} MI_VIRTUAL_RANGE;

/* Buffer holds (PageCount + 31) / 32 ULONGs. The last page is kept in use
 * for good: it guards the end of the last run. */
VOID MiInitializeVirtualRange(MI_VIRTUAL_RANGE *Range, ULONG Base,
                              ULONG PageCount, PULONG Buffer);

/* A run of PageCount pages after a fresh guard page; returns its first
 * address, or 0 when no hole is large enough (or PageCount is 0). */
ULONG MiReserveVirtualRange(MI_VIRTUAL_RANGE *Range, ULONG PageCount);

/* Marks [Address, + PageCount pages) in use with no guard: for what the
 * loader placed there (the kernel's INIT section). FALSE if any is taken. */
BOOLEAN MiReserveFixedRange(MI_VIRTUAL_RANGE *Range, ULONG Address,
                            ULONG PageCount);

/* Gives back a run and its guard (Fixed: a fixed range, no guard). FALSE,
 * changing nothing, when the pages are not all in use or lie outside. */
BOOLEAN MiReleaseVirtualRange(MI_VIRTUAL_RANGE *Range, ULONG Address,
                              ULONG PageCount, BOOLEAN Fixed);

/* TRUE when Address is inside the range. */
BOOLEAN MiIsInVirtualRange(const MI_VIRTUAL_RANGE *Range, ULONG Address);

#endif
