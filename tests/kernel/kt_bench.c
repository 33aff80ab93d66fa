/* The guest benchmarks' calibration and report line (kt_bench.h). */
#include "kt_bench.h"
#include "kernel/x86.h"
#include "wdm.h"

ULONG KtBenchCalibrate(VOID)
{
    ULONGLONG Start = read_tsc();

    cpu_count_down(500000); /* one million instructions */
    return (ULONG)((read_tsc() - Start) / 1000) ?: 1;
}

VOID KtBenchReport(PCSTR Name, ULONGLONG Ticks, ULONG Count, PCSTR Unit,
                   ULONG Calibration)
{
    ULONG Hundredths = (ULONG)(Ticks * 100000 / Calibration / Count);

    DbgPrint("bench guest %s: %lu.%02lu instructions per %s\n", Name,
             Hundredths / 100, Hundredths % 100, Unit);
}
