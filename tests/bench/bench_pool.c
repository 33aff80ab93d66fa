/*
 * The pool's host benchmark, and the same workloads over malloc
 * (BENCH_MALLOC=1, run with LD_PRELOAD for jemalloc, mimalloc, tcmalloc).
 * tools/bench.sh runs one case under callgrind and divides the
 * instructions counted in the loop by the pairs; "random" also prints
 * peak pages / peak live bytes (the pool's page count, or malloc's
 * resident set growth).
 *     bench_pool tight64|tight64-inline|random|churn256|churn256-inline|
 *                lookaside|freelist PAIRS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/bench/pool_loops.h"
#if !BENCH_MALLOC
#include "tests/host/pool_host.h"
#endif

VOID NTAPI KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                        ULONG_PTR P4)
{
    fprintf(stderr, "bug check %#lx (%#lx, %#lx, %#lx, %#lx)\n",
            (unsigned long)Code, (unsigned long)P1, (unsigned long)P2,
            (unsigned long)P3, (unsigned long)P4);
    abort();
}

VOID NTAPI ExRaiseStatus(NTSTATUS Status)
{
    fprintf(stderr, "exception %#lx\n", (unsigned long)Status);
    abort();
}

static unsigned long resident_pages(void)
{
    unsigned long Size = 0, Resident = 0;
    FILE *File = fopen("/proc/self/statm", "r");

    if (File != NULL) {
        if (fscanf(File, "%lu %lu", &Size, &Resident) != 2)
            Resident = 0;
        fclose(File);
    }
    return Resident;
}

static void random_sizes(void)
{
    ULONG Count = BENCH_RANDOM_BLOCKS, Index;
    USHORT *Sizes = malloc(Count * sizeof(USHORT));
    ULONG *Order = malloc(Count * sizeof(ULONG));
    PVOID *Blocks = malloc(Count * sizeof(PVOID));
    unsigned long long Live = 0;
    unsigned long Before, Peak;

    BenchPoolMakeWorkload(Sizes, Order, Count, 12345);
    for (Index = 0; Index < Count; Index++)
        Live += Sizes[Index];
    Before = resident_pages();
    BenchPoolAllocateAll(Blocks, Sizes, Count);
#if BENCH_MALLOC
    /* malloc's pages count once touched: touch every byte handed out. */
    for (Index = 0; Index < Count; Index++)
        memset(Blocks[Index], 1, Sizes[Index]);
    Peak = resident_pages() - Before;
#else
    (void)Before;
    Peak = MiHostPeakPages;
#endif
    BenchPoolFreeAll(Blocks, Order, Count);
    printf("peak %lu pages for %llu live bytes: %.3f\n", Peak, Live,
           (double)Peak * PAGE_SIZE / (double)Live);
}

int main(int argc, char **argv)
{
    ULONG Pairs;

    if (argc != 3) {
        fprintf(stderr, "usage: %s CASE PAIRS\n", argv[0]);
        return 2;
    }
    Pairs = (ULONG)strtoul(argv[2], NULL, 0);
#if !BENCH_MALLOC
    MiHostPoolSetup(65536); /* 256 MiB */
#endif
    if (strcmp(argv[1], "tight64") == 0) {
        BenchPoolTight(Pairs, 64);
    } else if (strcmp(argv[1], "random") == 0) {
        random_sizes();
#if !BENCH_MALLOC
    } else if (strcmp(argv[1], "tight64-inline") == 0) {
        BenchPoolTightInline(Pairs);
#endif
    } else if (strcmp(argv[1], "churn256") == 0 ||
               strcmp(argv[1], "churn256-inline") == 0) {
        ULONG Live = BENCH_CHURN_LIVE, Index;
        PVOID *Blocks = malloc(Live * sizeof(PVOID));
        ULONG *Victims = malloc(Live * sizeof(ULONG));
        USHORT *Unused = malloc(Live * sizeof(USHORT));

        BenchPoolMakeWorkload(Unused, Victims, Live, 777);
        for (Index = 0; Index < Live; Index++)
#if BENCH_MALLOC
            Blocks[Index] = malloc(256);
#else
            Blocks[Index] = ExAllocatePoolWithTag(NonPagedPool, 256, 'hcnB');
#endif
#if BENCH_MALLOC
        BenchPoolChurn(Blocks, Live, Victims, Pairs, 256);
#else
        if (strcmp(argv[1], "churn256") == 0)
            BenchPoolChurn(Blocks, Live, Victims, Pairs, 256);
        else
            BenchPoolChurnInline(Blocks, Live, Victims, Pairs);
#endif
    } else if (strcmp(argv[1], "lookaside") == 0) {
#if BENCH_MALLOC
        printf("n/a\n");
#else
        static NPAGED_LOOKASIDE_LIST List;
        ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, 64, 'hcnB', 0);
        BenchLookasidePairs(&List, Pairs);
#endif
    } else if (strcmp(argv[1], "freelist") == 0) {
        BenchBareFreeListPairs(Pairs);
    } else {
        fprintf(stderr, "unknown case %s\n", argv[1]);
        return 2;
    }
    return 0;
}
