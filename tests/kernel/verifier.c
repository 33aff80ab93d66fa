/*
 * Driver Verifier's pool tracking (mm/verifier.c) on vfbroken.sys and
 * loadtest.sys (tests/drivers/), which tools/test.sh passes as boot files:
 * by name only (KTEST_EXTERNAL). The normal tests name the drivers to
 * verify themselves (VfAddDriver, as the shell's `verifier /add`); the
 * crash tests are booted with verifier=vfbroken.sys and check that first.
 */
#include "kernel/verifier.h"
#include "kernel/ktest.h"
#include "kernel/sysldr.h"
#include "kernel/verifier_special_pool.h"
#include "tests/kernel/kt_image.h"
#include "tests/kernel/kt_ring3.h"

#define VFBROKEN_TAG 'kBfV'

typedef ULONG (*PULONG_ROUTINE)(ULONG);
typedef ULONG (*PULONG_ROUTINE2)(ULONG, ULONG);
typedef PVOID (*PALLOCATE_ROUTINE)(ULONG);
typedef ULONG (*PREAD_ROUTINE)(VOID);
typedef VOID (*PFREE_ROUTINE)(PVOID);
typedef VOID (*PVOID_ROUTINE)(VOID);
typedef ULONG (*PULONG_RESULT)(VOID);

/* The counters of the verified driver Name; FALSE when not listed. */
/* A correct driver under the verifier: every block counted in and out,
 * nothing outstanding, the unload goes through; a block it keeps is
 * listed until it frees it. */
KTEST_EXTERNAL(verifier_tracks_a_correct_driver_and_finds_no_leak)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL, LoadTest = NULL;
    VF_DRIVER_INFORMATION Information;
    SIZE_T PoolBefore = KtUserPoolBytes();
    PVOID Block;

    KT_ASSERT_EQ(VfAddDriver("vfbroken.sys"), STATUS_SUCCESS);
    KT_ASSERT_EQ(VfAddDriver("loadtest.sys"), STATUS_SUCCESS);
    KT_ASSERT(KtVerifierQuery("vfbroken.sys", &Information));
    KT_ASSERT(!Information.Loaded);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"vfbroken.sys", &Entry),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"loadtest.sys", &LoadTest),
                 STATUS_SUCCESS);
    KT_ASSERT(KtVerifierQuery("vfbroken.sys", &Information));
    KT_ASSERT(Information.Loaded);
    KT_ASSERT_EQ(Information.Allocations, 0);

    /* 10 pairs of blocks (tagged nonpaged, untagged paged). */
    KT_ASSERT_EQ(
        ((PULONG_ROUTINE2)KtImageExport(Entry, "VfBrokenRoundTrip"))(10, 100),
        10);
    KT_ASSERT(KtVerifierQuery("vfbroken.sys", &Information));
    KT_ASSERT_EQ(Information.Allocations, 20);
    KT_ASSERT_EQ(Information.Frees, 20);
    KT_ASSERT_EQ(Information.Outstanding, 0);
    KT_ASSERT_EQ(Information.PeakOutstanding, 2);

    /* A kept block is outstanding, with its bytes, until freed. */
    Block = ((PALLOCATE_ROUTINE)KtImageExport(Entry, "VfBrokenLeak"))(40);
    KT_ASSERT(Block != NULL);
    KT_ASSERT(KtVerifierQuery("vfbroken.sys", &Information));
    KT_ASSERT_EQ(Information.Outstanding, 1);
    KT_ASSERT_EQ(Information.OutstandingBytes, 40);
    /* On special pool (the default flags): alone at its page's end. */
    KT_ASSERT_EQ(ViSpecialPoolInUse(), 1);
    KT_ASSERT_EQ(BYTE_OFFSET(Block), PAGE_SIZE - 40);
    ((PFREE_ROUTINE)KtImageExport(Entry, "VfBrokenFreeForeign"))(Block);
    KT_ASSERT(KtVerifierQuery("vfbroken.sys", &Information));
    KT_ASSERT_EQ(Information.Outstanding, 0);
    KT_ASSERT_EQ(Information.Frees, 21);
    KT_ASSERT_EQ(ViSpecialPoolInUse(), 0);

    /* loadtest.sys's own routine, verified: one block in and out. */
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(LoadTest, "LoadTestRun"))(1),
                 42);
    KT_ASSERT(KtVerifierQuery("loadtest.sys", &Information));
    KT_ASSERT_EQ(Information.Allocations, 1);
    KT_ASSERT_EQ(Information.Frees, 1);
    KT_ASSERT_EQ(Information.Outstanding, 0);

    /* A loaded driver stays listed. */
    KT_ASSERT_EQ(VfRemoveDriver("vfbroken.sys"), STATUS_IMAGE_ALREADY_LOADED);
    KT_CLEANUP;
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    if (LoadTest != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(LoadTest), STATUS_SUCCESS);
    VfRemoveDriver("vfbroken.sys");
    VfRemoveDriver("loadtest.sys");
    KT_ASSERT_EQ(KtUserPoolBytes(), PoolBefore);
    KT_ASSERT(!KtVerifierQuery("vfbroken.sys", &Information));
    KT_ASSERT_EQ(VfRemoveDriver("vfbroken.sys"), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* Without the verifier a leak goes unnoticed: the unload succeeds and
 * the block lives on, owned by nobody (this test frees it). */
KTEST_EXTERNAL(verifier_off_a_leak_goes_unnoticed)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;
    VF_DRIVER_INFORMATION Information;
    PVOID Block = NULL;
    BOOLEAN Quota;

    KT_ASSERT(!KtVerifierQuery("vfbroken.sys", &Information));
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"vfbroken.sys", &Entry),
                 STATUS_SUCCESS);
    Block = ((PALLOCATE_ROUTINE)KtImageExport(Entry, "VfBrokenLeak"))(40);
    KT_ASSERT(Block != NULL);
    KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    Entry = NULL;
    KT_ASSERT(ExQueryPoolBlockSize(Block, &Quota) >= 40);
    KT_CLEANUP;
    if (Entry != NULL)
        MmUnloadSystemImage(Entry);
    if (Block != NULL)
        ExFreePoolWithTag(Block, VFBROKEN_TAG);
}

/* Without the verifier special pool's mistakes go unseen where they are
 * made: the read after free gets whatever the pool left there (a free
 * block's link, or the old value), and the byte past a block of 20 lands
 * in the pool's rounding: both return, and nothing stops. */
KTEST_EXTERNAL(verifier_off_special_pool_mistakes_run_on)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;
    VF_DRIVER_INFORMATION Information;
    ULONG Stale;

    KT_ASSERT(!KtVerifierQuery("vfbroken.sys", &Information));
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"vfbroken.sys", &Entry),
                 STATUS_SUCCESS);
    Stale = ((PREAD_ROUTINE)KtImageExport(Entry, "VfBrokenUseAfterFree"))();
    DbgPrint("verifier off: the read after free got %08lx\n", Stale);
    ((PVOID_ROUTINE)KtImageExport(Entry, "VfBrokenOverrunSlack"))();
    KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    Entry = NULL;
    KT_CLEANUP;
    if (Entry != NULL)
        MmUnloadSystemImage(Entry);
}

/* Without the verifier the underrun is found later and elsewhere: the
 * byte before the block is its pool header's tag, so the driver's own
 * free stops with the pool's BAD_POOL_CALLER (0xC2 / 0x0A, a tag that is
 * not the block's), which says nothing of the write that did it. */
KTEST_CRASH(crash_unverified_underrun)
{
    PKLDR_DATA_TABLE_ENTRY Entry;

    if (!NT_SUCCESS(KtLoadImage(KT_DRIVERS u"vfbroken.sys", &Entry)))
        return;
    ((PVOID_ROUTINE)KtImageExport(Entry, "VfBrokenUnderrun"))();
}

/* The verifier's names and flags from the command line. */
KTEST(verifier_default_flags_track_pool)
{
    KT_ASSERT_EQ(VfGetFlags(), DRIVER_VERIFIER_SPECIAL_POOLING |
                                   DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS);
    KT_ASSERT_EQ(VfAddDriver(""), STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(VfAddDriver("a-name-far-longer-than-any-driver.sys"),
                 STATUS_NAME_TOO_LONG);
}

/* The crash tests: vfbroken.sys loaded, verified by the command line. */
static PKLDR_DATA_TABLE_ENTRY load_verified(VOID)
{
    VF_DRIVER_INFORMATION Information;
    PKLDR_DATA_TABLE_ENTRY Entry;

    if (!KtVerifierQuery("vfbroken.sys", &Information) ||
        !NT_SUCCESS(KtLoadImage(KT_DRIVERS u"vfbroken.sys", &Entry)))
        return NULL;
    return Entry;
}

/* 0xC4 / 0x62: unloaded with a block outstanding. */
KTEST_CRASH(crash_verifier_leak_at_unload)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    KT_ASSERT(((PALLOCATE_ROUTINE)KtImageExport(Entry, "VfBrokenLeak"))(40) !=
              NULL);
    MmUnloadSystemImage(Entry);
}

/* 0xC4 / 0x10: the second free of a block. */
KTEST_CRASH(crash_verifier_double_free)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PVOID_ROUTINE)KtImageExport(Entry, "VfBrokenDoubleFree"))();
}

/* 0xC4 / 0x10: a block the driver was not given. */
KTEST_CRASH(crash_verifier_free_foreign)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();
    PVOID Block = ExAllocatePoolWithTag(NonPagedPool, 16, 'nFfV');

    KT_ASSERT(Entry != NULL && Block != NULL);
    ((PFREE_ROUTINE)KtImageExport(Entry, "VfBrokenFreeForeign"))(Block);
}

/* 0xC4 / 0x00: a zero-byte allocation. */
KTEST_CRASH(crash_verifier_zero_bytes)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PVOID(*)(VOID))KtImageExport(Entry, "VfBrokenZeroBytes"))();
}

/* BAD_POOL_CALLER / 0x9D: a tag of zero, with pool tracking. */
KTEST_CRASH(crash_verifier_zero_tag)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PVOID(*)(VOID))KtImageExport(Entry, "VfBrokenZeroTag"))();
}

/* Special pool (verifier_flags 0x1): 0xCD at the guard page. */
KTEST_CRASH(crash_verifier_overrun)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PVOID_ROUTINE)KtImageExport(Entry, "VfBrokenOverrun"))();
}

/* 0xC1 / 0x24: a byte after the data, before the page's end. */
KTEST_CRASH(crash_verifier_overrun_slack)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PVOID_ROUTINE)KtImageExport(Entry, "VfBrokenOverrunSlack"))();
}

/* 0xC1 / 0x23: a byte before the data. */
KTEST_CRASH(crash_verifier_underrun)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PVOID_ROUTINE)KtImageExport(Entry, "VfBrokenUnderrun"))();
}

/* With verifier_align=start (NT's "verify start") the data starts its
 * page: the same underrun faults at once on the guard page before it,
 * 0xCD, naming the routine... */
KTEST_CRASH(crash_verifier_underrun_verify_start)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PVOID_ROUTINE)KtImageExport(Entry, "VfBrokenUnderrun"))();
}

/* ...while an overrun past the block, which faults at once with the data
 * at the page's end, now only damages the pattern: 0xC1 / 0x24 at free. */
KTEST_CRASH(crash_verifier_overrun_verify_start)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PVOID_ROUTINE)KtImageExport(Entry, "VfBrokenOverrun"))();
}

/* 0xCC: a read of a freed block. */
KTEST_CRASH(crash_verifier_use_after_free)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_verified();

    KT_ASSERT(Entry != NULL);
    ((PULONG_RESULT)KtImageExport(Entry, "VfBrokenUseAfterFree"))();
}
