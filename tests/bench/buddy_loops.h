#ifndef BENCH_BUDDY_LOOPS_H
#define BENCH_BUDDY_LOOPS_H

#include "kernel/buddy.h"

#define BENCH_BATCH 256

typedef struct _BENCH_FREE_LIST {
    PMMPFN Database;
    PFN_NUMBER Head;
} BENCH_FREE_LIST;

PFN_NUMBER BenchBuddyPairs(MI_BUDDY *Buddy, ULONG Order, ULONG Count);
PFN_NUMBER BenchBuddyOrder0Pairs(MI_BUDDY *Buddy, ULONG Count);
PFN_NUMBER BenchBuddyBatches(MI_BUDDY *Buddy, ULONG Order, ULONG Count,
                             PFN_NUMBER *Frames);
VOID BenchFreeListInitialize(BENCH_FREE_LIST *List, PMMPFN Database,
                             PFN_NUMBER First, PFN_NUMBER Count);
PFN_NUMBER BenchFreeListPairs(BENCH_FREE_LIST *List, ULONG Count);

#endif
