/*
 * The buddy allocator's benchmark loops, shared by the host program
 * (counted by callgrind) and the kernel (counted with rdtsc under QEMU's
 * -icount). Each is a function of its own so that callgrind can count it
 * alone (--toggle-collect).
 */
#include "tests/bench/buddy_loops.h"

/* An allocation immediately freed: the steady state of a busy kernel. */
__attribute__((noinline)) PFN_NUMBER BenchBuddyPairs(MI_BUDDY *Buddy,
                                                     ULONG Order, ULONG Count)
{
    PFN_NUMBER Sum = 0;

    while (Count-- > 0) {
        PFN_NUMBER Frame = MiBuddyAllocate(Buddy, Order, MI_CONSTRAINT_ANY);
        MiBuddyFree(Buddy, Frame, Order);
        Sum += Frame;
    }
    return Sum;
}

/* The same with order 0 a constant, as the kernel's callers pass it
 * (MiAllocatePages(0, ...)): the pair the fast path is built for. Two
 * pairs an iteration (Count is even), so that the loop's own counter,
 * branch and alignment padding weigh half as much on each. */
static inline PFN_NUMBER order0_pair(MI_BUDDY *Buddy)
{
    PFN_NUMBER Frame = MiBuddyAllocate(Buddy, 0, MI_CONSTRAINT_ANY);

    MiBuddyFree(Buddy, Frame, 0);
    return Frame;
}

__attribute__((noinline)) PFN_NUMBER BenchBuddyOrder0Pairs(MI_BUDDY *Buddy,
                                                           ULONG Count)
{
    PFN_NUMBER Sum = 0;

    for (Count /= 2; Count > 0; Count--) {
        Sum += order0_pair(Buddy);
        Sum += order0_pair(Buddy);
    }
    return Sum;
}

/* BENCH_BATCH allocations, then their frees: refills and drains of the
 * page cache, splits and merges included. Count is in pairs. */
__attribute__((noinline)) PFN_NUMBER
BenchBuddyBatches(MI_BUDDY *Buddy, ULONG Order, ULONG Count, PFN_NUMBER *Frames)
{
    PFN_NUMBER Sum = 0;
    ULONG Index;

    for (; Count >= BENCH_BATCH; Count -= BENCH_BATCH) {
        for (Index = 0; Index < BENCH_BATCH; Index++)
            Frames[Index] = MiBuddyAllocate(Buddy, Order, MI_CONSTRAINT_ANY);
        for (Index = BENCH_BATCH; Index-- > 0;) {
            MiBuddyFree(Buddy, Frames[Index], Order);
            Sum += Frames[Index];
        }
    }
    return Sum;
}

/* The floor: a bare LIFO free list of pages linked through the same
 * records, behind the same call boundary, with no checks at all. */
__attribute__((noinline)) static PFN_NUMBER free_list_pop(BENCH_FREE_LIST *List)
{
    PFN_NUMBER Frame = List->Head;

    List->Head = List->Database[Frame].Flink;
    return Frame;
}

__attribute__((noinline)) static VOID free_list_push(BENCH_FREE_LIST *List,
                                                     PFN_NUMBER Frame)
{
    List->Database[Frame].Flink = List->Head;
    List->Head = Frame;
}

VOID BenchFreeListInitialize(BENCH_FREE_LIST *List, PMMPFN Database,
                             PFN_NUMBER First, PFN_NUMBER Count)
{
    List->Database = Database;
    List->Head = MI_NO_PAGE;
    while (Count-- > 0)
        free_list_push(List, First + Count);
}

__attribute__((noinline)) PFN_NUMBER BenchFreeListPairs(BENCH_FREE_LIST *List,
                                                        ULONG Count)
{
    PFN_NUMBER Sum = 0;

    while (Count-- > 0) {
        PFN_NUMBER Frame = free_list_pop(List);
        free_list_push(List, Frame);
        Sum += Frame;
    }
    return Sum;
}
