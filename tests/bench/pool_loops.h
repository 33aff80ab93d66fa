/*
 * The pool's benchmark workloads, the same code in the kernel (bench=pool)
 * and on the host, where BENCH_MALLOC=1 builds them over malloc/free to
 * compare with the C library's allocator and its replacements.
 */
#ifndef BENCH_POOL_LOOPS_H
#define BENCH_POOL_LOOPS_H

#include "ntddk.h"

#define BENCH_RANDOM_BLOCKS 100000
#define BENCH_CHURN_LIVE 10000

/* (a) Pairs allocations of Size bytes, each freed at once. */
ULONG_PTR BenchPoolTight(ULONG Pairs, SIZE_T Size);
/* (b) Count blocks of Sizes[i] bytes, then freed in Order. */
ULONG_PTR BenchPoolAllocateAll(PVOID *Blocks, const USHORT *Sizes, ULONG Count);
ULONG_PTR BenchPoolFreeAll(PVOID *Blocks, const ULONG *Order, ULONG Count);
/* (c) Blocks[0..Live) of Size bytes live; each step frees Victims[i] and
 * allocates its replacement. */
ULONG_PTR BenchPoolChurn(PVOID *Blocks, ULONG Live, const ULONG *Victims,
                         ULONG Steps, SIZE_T Size);
/* (a) and (c) through kernel/pool_inline.h, sizes 64 and 256 constant:
 * the kernel's own call sites. */
ULONG_PTR BenchPoolTightInline(ULONG Pairs);
ULONG_PTR BenchPoolChurnInline(PVOID *Blocks, ULONG Live, const ULONG *Victims,
                               ULONG Steps);
/* (d) Pairs lookaside allocate/free pairs. */
ULONG_PTR BenchLookasidePairs(PNPAGED_LOOKASIDE_LIST List, ULONG Pairs);
/* The floor: a bare free list's pop and push. */
ULONG_PTR BenchBareFreeListPairs(ULONG Pairs);

/* Sizes 16..2048 and a shuffled order, from a fixed seed. */
VOID BenchPoolMakeWorkload(USHORT *Sizes, ULONG *Order, ULONG Count,
                           ULONG Seed);

#endif
