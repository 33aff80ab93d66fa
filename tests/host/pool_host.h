/*
 * The pool's page provider on the host: an arena of pages from mmap, a
 * word and an owner byte per page, a page budget to make memory run out,
 * and the counts the tests and benchmarks read. Also a current process
 * for quota.
 */
#ifndef POOL_HOST_H
#define POOL_HOST_H

#include "kernel/pool.h"
#include "kernel/pool_pages.h"
#include "kernel/process.h"

extern ULONG_PTR MiHostPagesInUse;
extern ULONG_PTR MiHostPeakPages;
extern ULONG_PTR MiHostPageLimit; /* allocations past this fail */
extern EPROCESS MiHostProcess;    /* PsGetCurrentProcess's answer */

/* A fresh arena of ArenaPages pages and a fresh pool over it. */
VOID MiHostPoolSetup(ULONG_PTR ArenaPages);

#endif
