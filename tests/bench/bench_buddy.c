/*
 * The buddy allocator's host benchmark: run one loop under callgrind
 * (tools/bench.sh) and divide the instructions it counted by the pairs.
 *     bench_buddy order0|order3|order0-batch|order3-batch|freelist PAIRS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntddk.h"
#include "tests/bench/buddy_loops.h"

#define FRAMES 65536

VOID NTAPI KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                        ULONG_PTR P4)
{
    fprintf(stderr, "bug check %#lx (%#lx, %#lx, %#lx, %#lx)\n",
            (unsigned long)Code, (unsigned long)P1, (unsigned long)P2,
            (unsigned long)P3, (unsigned long)P4);
    abort();
}

int main(int argc, char **argv)
{
    static PFN_NUMBER Frames[BENCH_BATCH];
    static MI_BUDDY Buddy;
    BENCH_FREE_LIST List;
    PMMPFN Database = calloc(FRAMES, sizeof(MMPFN));
    ULONG Pairs;
    PFN_NUMBER Sum = 0;

    if (argc != 3 || Database == NULL) {
        fprintf(stderr, "usage: %s CASE PAIRS\n", argv[0]);
        return 2;
    }
    Pairs = (ULONG)strtoul(argv[2], NULL, 0);
    MiBuddyInitialize(&Buddy, Database, FRAMES);
    MiBuddyAddRange(&Buddy, 0, FRAMES);
    if (strcmp(argv[1], "order0") == 0)
        Sum = BenchBuddyOrder0Pairs(&Buddy, Pairs);
    else if (strcmp(argv[1], "order3") == 0)
        Sum = BenchBuddyPairs(&Buddy, 3, Pairs);
    else if (strcmp(argv[1], "order0-batch") == 0)
        Sum = BenchBuddyBatches(&Buddy, 0, Pairs, Frames);
    else if (strcmp(argv[1], "order3-batch") == 0)
        Sum = BenchBuddyBatches(&Buddy, 3, Pairs, Frames);
    else if (strcmp(argv[1], "freelist") == 0) {
        BenchFreeListInitialize(&List, Database, 0, 64);
        Sum = BenchFreeListPairs(&List, Pairs);
    } else {
        fprintf(stderr, "unknown case %s\n", argv[1]);
        return 2;
    }
    printf("%s: %lu pairs (checksum %lu)\n", argv[1], (unsigned long)Pairs,
           (unsigned long)Sum);
    free(Database);
    return 0;
}
