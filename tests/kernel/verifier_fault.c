/*
 * Driver Verifier's low-resources simulation (mm/verifier_fault.c) on
 * vfio.sys's VfIoAllocateEach (tests/drivers/vfio/), loaded as an image
 * (no DriverEntry) from the boot files (KTEST_EXTERNAL); the boot's
 * verifier_flags has 0x4. Randomised: the seed is printed.
 */
#include "kernel/verifier_fault.h"
#include "kernel/ktest.h"
#include "kernel/verifier.h"
#include "tests/drivers/vfio/vfio.h"
#include "tests/kernel/kt_image.h"

#define CALLS 200
#define RATE 3000

typedef VOID (*PALLOCATE_EACH)(ULONG Count, BOOLEAN BugCheckOnFailure,
                               PULONG Failures);

static VOID run(PALLOCATE_EACH AllocateEach, ULONG Seed, ULONG Rate,
                ULONG Delay, BOOLEAN BugCheckOnFailure, PULONG Failures)
{
    RtlZeroMemory(Failures, VFIO_LOW_COUNT * sizeof(ULONG));
    VfSetFaultInjection(Seed, Rate, Delay);
    AllocateEach(CALLS, BugCheckOnFailure, Failures);
}

static BOOLEAN none_failed(const ULONG *Failures)
{
    ULONG Index;

    for (Index = 0; Index < VFIO_LOW_COUNT; Index++)
        if (Failures[Index] != 0)
            return FALSE;
    return TRUE;
}

/* Each routine fails some calls and not others, must-succeed pool never;
 * the counters agree; the same seed fails the same calls; a mapping
 * asked to bug check on failure, a rate of 0 and a delay not yet past
 * fail nothing. */
KTEST_EXTERNAL(verifier_low_resources_fails_each_routine_reproducibly)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;
    ULONG First[VFIO_LOW_COUNT], Again[VFIO_LOW_COUNT];
    ULONG Seed = (ULONG)KeQueryInterruptTime() | 1, Index;
    VF_FAULT_INFORMATION Information;
    PALLOCATE_EACH AllocateEach;

    DbgPrint("verifier_low_resources: seed %lx\n", Seed);
    KT_ASSERT(VfGetFlags() & DRIVER_VERIFIER_INJECT_ALLOCATION_FAILURES);
    KT_ASSERT_EQ(VfAddDriver("vfio.sys"), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"vfio.sys", &Entry), STATUS_SUCCESS);
    AllocateEach = (PALLOCATE_EACH)KtImageExport(Entry, "VfIoAllocateEach");
    KT_ASSERT(AllocateEach != NULL);

    run(AllocateEach, Seed, RATE, 0, FALSE, First);
    for (Index = 0; Index < VFIO_LOW_COUNT; Index++)
        DbgPrint("  routine %lu: %lu of %u failed\n", Index, First[Index],
                 CALLS);
    for (Index = 0; Index < VFIO_LOW_COUNT; Index++)
        if (Index != VFIO_LOW_MUST_SUCCEED)
            KT_ASSERT_MSG(First[Index] != 0 && First[Index] < CALLS,
                          "routine %lu: %lu failed", Index, First[Index]);
    KT_ASSERT_EQ(First[VFIO_LOW_MUST_SUCCEED], 0);
    /* The counters saw at least these calls and failures (the driver's
     * setup adds its own). */
    VfQueryFaultInjection(&Information);
    KT_ASSERT_EQ(Information.Seed, Seed);
    KT_ASSERT(Information.Routines[ViFaultPool].Attempts >= CALLS);
    KT_ASSERT_EQ(Information.Routines[ViFaultPool].Failures,
                 First[VFIO_LOW_POOL]);
    KT_ASSERT_EQ(Information.Routines[ViFaultAllocateIrp].Failures,
                 First[VFIO_LOW_IRP]);
    KT_ASSERT_EQ(Information.Routines[ViFaultAllocateWorkItem].Failures,
                 First[VFIO_LOW_WORK_ITEM]);
    KT_ASSERT(Information.Routines[ViFaultAllocateMdl].Failures >=
              First[VFIO_LOW_MDL]);
    KT_ASSERT(Information.Routines[ViFaultProbeAndLockPages].Failures >=
              First[VFIO_LOW_PROBE]);
    KT_ASSERT_EQ(Information.Routines[ViFaultMapLockedPages].Failures,
                 First[VFIO_LOW_MAP]);

    run(AllocateEach, Seed, RATE, 0, FALSE, Again);
    KT_ASSERT(RtlCompareMemory(First, Again, sizeof(First)) == sizeof(First));
    run(AllocateEach, Seed, RATE, 0, TRUE, Again);
    KT_ASSERT_EQ(Again[VFIO_LOW_MAP], 0);
    run(AllocateEach, Seed, 0, 0, FALSE, Again);
    KT_ASSERT(none_failed(Again));
    run(AllocateEach, Seed, 10000, 3600, FALSE, Again);
    KT_ASSERT(none_failed(Again));
    KT_CLEANUP;
    VfSetFaultInjection(1, 0, 0);
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    VfRemoveDriver("vfio.sys");
}
