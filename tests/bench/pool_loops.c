/*
 * The pool's benchmark loops (see pool_loops.h). Each loop is its own
 * function so callgrind can count exactly it (--toggle-collect).
 */
#include "tests/bench/pool_loops.h"

#if BENCH_MALLOC
#include <stdlib.h>
#define BENCH_ALLOCATE(Size) malloc(Size)
#define BENCH_FREE(Block) free(Block)
#else
#include "kernel/pool_inline.h"
#define BENCH_TAG 'hcnB'
#define BENCH_ALLOCATE(Size)                                                   \
    ExAllocatePoolWithTag(NonPagedPool, Size, BENCH_TAG)
#define BENCH_FREE(Block) ExFreePoolWithTag(Block, BENCH_TAG)
#endif

#define NOINLINE __attribute__((noinline))

NOINLINE ULONG_PTR BenchPoolTight(ULONG Pairs, SIZE_T Size)
{
    ULONG_PTR Sum = 0;
    ULONG Pair;

    for (Pair = 0; Pair < Pairs; Pair++) {
        PVOID Block = BENCH_ALLOCATE(Size);
        Sum += (ULONG_PTR)Block;
        BENCH_FREE(Block);
    }
    return Sum;
}

NOINLINE ULONG_PTR BenchPoolAllocateAll(PVOID *Blocks, const USHORT *Sizes,
                                        ULONG Count)
{
    ULONG_PTR Sum = 0;
    ULONG Index;

    for (Index = 0; Index < Count; Index++) {
        Blocks[Index] = BENCH_ALLOCATE(Sizes[Index]);
        Sum += (ULONG_PTR)Blocks[Index];
    }
    return Sum;
}

NOINLINE ULONG_PTR BenchPoolFreeAll(PVOID *Blocks, const ULONG *Order,
                                    ULONG Count)
{
    ULONG Index;

    for (Index = 0; Index < Count; Index++)
        BENCH_FREE(Blocks[Order[Index]]);
    return Count;
}

NOINLINE ULONG_PTR BenchPoolChurn(PVOID *Blocks, ULONG Live,
                                  const ULONG *Victims, ULONG Steps,
                                  SIZE_T Size)
{
    ULONG_PTR Sum = 0;
    ULONG Step;

    for (Step = 0; Step < Steps; Step++) {
        ULONG Victim = Victims[Step % Live];
        BENCH_FREE(Blocks[Victim]);
        Blocks[Victim] = BENCH_ALLOCATE(Size);
        Sum += (ULONG_PTR)Blocks[Victim];
    }
    return Sum;
}

#if !BENCH_MALLOC
/* (a) and (c) through the kernel's inline fast paths (kernel/pool_inline.h)
 * at call sites of a constant size, as the kernel's own are. */
NOINLINE ULONG_PTR BenchPoolTightInline(ULONG Pairs)
{
    ULONG_PTR Sum = 0;
    ULONG Pair;

    for (Pair = 0; Pair < Pairs; Pair++) {
        PVOID Block = ExpAllocatePoolWithTagInline(NonPagedPool, 64, BENCH_TAG);
        Sum += (ULONG_PTR)Block;
        ExpFreePoolWithTagInline(Block, BENCH_TAG);
    }
    return Sum;
}

NOINLINE ULONG_PTR BenchPoolChurnInline(PVOID *Blocks, ULONG Live,
                                        const ULONG *Victims, ULONG Steps)
{
    ULONG_PTR Sum = 0;
    ULONG Step;

    for (Step = 0; Step < Steps; Step++) {
        ULONG Victim = Victims[Step % Live];
        ExpFreePoolWithTagInline(Blocks[Victim], BENCH_TAG);
        Blocks[Victim] =
            ExpAllocatePoolWithTagInline(NonPagedPool, 256, BENCH_TAG);
        Sum += (ULONG_PTR)Blocks[Victim];
    }
    return Sum;
}

NOINLINE ULONG_PTR BenchLookasidePairs(PNPAGED_LOOKASIDE_LIST List, ULONG Pairs)
{
    ULONG_PTR Sum = 0;
    ULONG Pair;

    for (Pair = 0; Pair < Pairs; Pair++) {
        PVOID Entry = ExAllocateFromNPagedLookasideList(List);
        Sum += (ULONG_PTR)Entry;
        ExFreeToNPagedLookasideList(List, Entry);
    }
    return Sum;
}
#endif

NOINLINE ULONG_PTR BenchBareFreeListPairs(ULONG Pairs)
{
    static PVOID Slots[4][2];
    PVOID *Head = &Slots[0][0];
    ULONG_PTR Sum = 0;
    ULONG Pair;

    Slots[0][0] = &Slots[1][0]; /* a list of three */
    Slots[1][0] = &Slots[2][0];
    Slots[2][0] = NULL;
    for (Pair = 0; Pair < Pairs; Pair++) {
        PVOID *Entry = (PVOID *)*Head;
        *Head = *Entry;
        Sum += (ULONG_PTR)Entry;
        __asm__ volatile("" : : "r"(Entry) : "memory");
        *Entry = *Head;
        *Head = Entry;
    }
    return Sum;
}

VOID BenchPoolMakeWorkload(USHORT *Sizes, ULONG *Order, ULONG Count, ULONG Seed)
{
    ULONG Index;

    for (Index = 0; Index < Count; Index++) {
        Seed = Seed * 1103515245u + 12345u;
        Sizes[Index] = (USHORT)(16 + (Seed >> 8) % (2048 - 16 + 1));
        Order[Index] = Index;
    }
    for (Index = Count - 1; Index > 0; Index--) {
        ULONG Other, Swap;
        Seed = Seed * 1103515245u + 12345u;
        Other = (Seed >> 8) % (Index + 1);
        Swap = Order[Index];
        Order[Index] = Order[Other];
        Order[Other] = Swap;
    }
}
