/*
 * Benchmarks inside the kernel (bench=buddy on the command line, run by
 * `make bench` under QEMU with -icount shift=0, where the time-stamp
 * counter advances with retired instructions). The counter is calibrated
 * against a loop of known length, so the figures are instructions.
 */
#include "kernel/console.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/x86.h"
#include "tests/bench/buddy_loops.h"

#define PAIRS 200000

static PFN_NUMBER frames[BENCH_BATCH];
static ULONG calibration; /* ticks per 1000 instructions */
static volatile PFN_NUMBER sink;

static VOID calibrate(VOID)
{
    ULONGLONG Start = read_tsc();

    cpu_count_down(500000); /* one million instructions */
    calibration = (ULONG)((read_tsc() - Start) / 1000);
    if (calibration == 0)
        calibration = 1;
}

/* Prints "bench NAME: N.NN instructions per pair". */
static VOID report(PCSTR Name, ULONGLONG Ticks, ULONG Pairs)
{
    ULONG Hundredths = (ULONG)(Ticks * 100000 / calibration / Pairs);

    DbgPrint("bench guest %s: %lu.%02lu instructions per pair\n", Name,
             Hundredths / 100, Hundredths % 100);
}

static VOID bench_buddy(VOID)
{
    BENCH_FREE_LIST List;
    ULONGLONG Start;
    PFN_NUMBER First;

    calibrate();
    DbgPrint("bench guest calibration: %lu ticks per 1000 instructions\n",
             calibration);

    sink = BenchBuddyPairs(&MiBuddy, 0, 1000); /* warm the page cache */
    Start = read_tsc();
    sink = BenchBuddyPairs(&MiBuddy, 0, PAIRS);
    report("order-0 pair", read_tsc() - Start, PAIRS);

    Start = read_tsc();
    sink = BenchBuddyPairs(&MiBuddy, 3, PAIRS);
    report("order-3 pair", read_tsc() - Start, PAIRS);

    Start = read_tsc();
    sink = BenchBuddyBatches(&MiBuddy, 0, PAIRS, frames);
    report("order-0 batch", read_tsc() - Start, PAIRS);

    Start = read_tsc();
    sink = BenchBuddyBatches(&MiBuddy, 3, PAIRS, frames);
    report("order-3 batch", read_tsc() - Start, PAIRS);

    /* The floor: 64 frames of a bare free list, borrowed from the buddy. */
    First = MiAllocatePages(6, MI_CONSTRAINT_ANY);
    BenchFreeListInitialize(&List, MmPfnDatabase, First, 64);
    Start = read_tsc();
    sink = BenchFreeListPairs(&List, PAIRS);
    report("free-list pair", read_tsc() - Start, PAIRS);
    MiFreePages(First, 6);
}

VOID KtRunBenchmarks(PCSTR Name)
{
    if (strcmp(Name, "buddy") == 0)
        bench_buddy();
    else
        DbgPrint("bench: no benchmark named '%s' (try buddy)\n", Name);
    DbgPrint("bench done\n");
    HaliQemuExit(KI_EXIT_TESTS_PASSED);
}
