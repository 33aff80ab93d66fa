/* What the guest benchmarks share (tests/kernel/kt_bench.c): under QEMU's
 * -icount shift=0 the time-stamp counter counts instructions, up to a
 * factor the calibration finds. */
#ifndef KT_BENCH_H
#define KT_BENCH_H

#include "ntdef.h"

/* Time-stamp counter ticks per 1000 instructions (at least 1). */
ULONG KtBenchCalibrate(VOID);
/* Prints "bench guest NAME: N.NN instructions per UNIT". */
VOID KtBenchReport(PCSTR Name, ULONGLONG Ticks, ULONG Count, PCSTR Unit,
                   ULONG Calibration);

#endif
