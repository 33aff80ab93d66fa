/*
 * bench=verifier (tools/bench.sh, with the drivers as boot files): what
 * Driver Verifier costs a driver per allocate-and-free pair of 64 bytes
 * of nonpaged pool, through its imports (loadtest.sys's
 * LoadTestPoolPairs): unverified, with pool tracking alone (0x8), and with
 * special pool as well (0x9, the default), in guest instructions.
 */
#include "kernel/verifier.h"
#include "kernel/x86.h"
#include "tests/kernel/kt_bench.h"
#include "tests/kernel/kt_image.h"

#define PAIRS 2000
#define SIZE 64

typedef ULONG(__cdecl *POOL_PAIRS)(ULONG Count, ULONG Size);

/* One load of loadtest.sys, as the flags say: instructions per pair. */
static VOID measure(PCSTR Name, BOOLEAN Verified, ULONG Flags,
                    ULONG Calibration)
{
    PKLDR_DATA_TABLE_ENTRY Entry;
    POOL_PAIRS Pairs;
    ULONGLONG Start;
    ULONG Made;

    if (Verified && (!NT_SUCCESS(VfSetFlags(Flags)) ||
                     !NT_SUCCESS(VfAddDriver("loadtest.sys")))) {
        DbgPrint("bench: verifier refused loadtest.sys\n");
        return;
    }
    if (!NT_SUCCESS(KtLoadImage(KT_DRIVERS u"loadtest.sys", &Entry))) {
        DbgPrint("bench: no loadtest.sys (the drivers are boot files)\n");
        return;
    }
    Pairs = (POOL_PAIRS)KtImageExport(Entry, "LoadTestPoolPairs");
    Pairs(PAIRS, SIZE); /* warm: caches, slabs, special pool's slots */
    Start = read_tsc();
    Made = Pairs(PAIRS, SIZE);
    KtBenchReport(Name, read_tsc() - Start, PAIRS, "pair", Calibration);
    if (Made != PAIRS)
        DbgPrint("bench: only %lu of %u pairs got a block\n", Made, PAIRS);
    MmUnloadSystemImage(Entry);
    if (Verified)
        VfRemoveDriver("loadtest.sys");
}

VOID KtBenchVerifier(VOID)
{
    ULONG Calibration = KtBenchCalibrate(), Flags = VfGetFlags();

    measure("verifier: a driver's 64-byte pool pair, unverified", FALSE, 0,
            Calibration);
    measure("verifier: the pair with pool tracking (0x8)", TRUE,
            DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS, Calibration);
    measure("verifier: the pair with special pool and tracking (0x9)", TRUE,
            DRIVER_VERIFIER_SPECIAL_POOLING |
                DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS,
            Calibration);
    VfSetFlags(Flags);
}
