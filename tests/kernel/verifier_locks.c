/*
 * Driver Verifier's IRQL and lock checks (mm/verifier_irql.c,
 * mm/verifier_sync.c, mm/verifier_deadlock.c) on vflocks.sys
 * (tests/drivers/vflocks/), which tools/test.sh passes as a boot file:
 * by name only (KTEST_EXTERNAL), in a boot with verifier_flags=2B
 * (special pool, forced IRQL checking, pool tracking, deadlock
 * detection). The crash
 * tests are booted with verifier=vflocks.sys and the flags each needs.
 */
#include "kernel/verifier_locks.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/pte.h"
#include "kernel/sysldr.h"
#include "kernel/verifier.h"
#include "tests/kernel/kt_image.h"

#define VFLOCKS_TAG 'kLfV'

typedef ULONG (*PULONG_ROUTINE)(ULONG);
typedef ULONG (*PULONG_RESULT)(VOID);
typedef BOOLEAN (*PBOOLEAN_ROUTINE)(ULONG);
typedef NTSTATUS (*PSTATUS_RESULT)(VOID);
typedef VOID (*PVOID_ROUTINE)(VOID);

/* A raise from below DISPATCH_LEVEL trims every pageable system page
 * first: a page of paged pool the test just wrote is out after the
 * driver took a spin lock, and comes back by a soft fault at
 * PASSIVE_LEVEL. A spin lock taken already at DISPATCH_LEVEL trims
 * nothing (NT's rule: the trim needs the PFN lock). */
KTEST_EXTERNAL(verifier_locks_forced_irql_trims_before_a_spin_lock)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;
    volatile ULONG *Block = NULL;
    VF_LOCK_COUNTERS Before, After;
    PVOID_ROUTINE RoundTrip;
    KIRQL OldIrql;

    KT_ASSERT(VfGetFlags() & DRIVER_VERIFIER_FORCE_IRQL_CHECKING);
    KT_ASSERT_EQ(VfAddDriver("vflocks.sys"), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"vflocks.sys", &Entry),
                 STATUS_SUCCESS);
    RoundTrip = (PVOID_ROUTINE)KtImageExport(Entry, "VfLocksSpinLockRoundTrip");
    Block = ExAllocatePoolWithTag(PagedPool, PAGE_SIZE, VFLOCKS_TAG);
    KT_ASSERT(Block != NULL);
    *Block = 0x5EED;
    KT_ASSERT(MiReadPte((PVOID)Block) & MI_PTE_VALID);

    VfQueryLockCounters(&Before);
    RoundTrip();
    VfQueryLockCounters(&After);
    KT_ASSERT_EQ(After.AcquireSpinLocks, Before.AcquireSpinLocks + 1);
    KT_ASSERT_EQ(After.TrimRequests, Before.TrimRequests + 1);
    KT_ASSERT_EQ(After.Trims, Before.Trims + 1);
    KT_ASSERT(After.PagesTrimmed > Before.PagesTrimmed);
    KT_ASSERT(!(MiReadPte((PVOID)Block) & MI_PTE_VALID));
    KT_ASSERT_EQ(*Block, 0x5EED); /* back, at PASSIVE_LEVEL */

    OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    RoundTrip();
    KfLowerIrql(OldIrql);
    VfQueryLockCounters(&Before);
    KT_ASSERT_EQ(Before.AcquireSpinLocks, After.AcquireSpinLocks + 1);
    KT_ASSERT_EQ(Before.TrimRequests, After.TrimRequests);
    KT_CLEANUP;
    if (Block != NULL)
        ExFreePoolWithTag((PVOID)Block, VFLOCKS_TAG);
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    VfRemoveDriver("vflocks.sys");
}

/* A driver that takes every kind of lock in one order: each acquisition
 * and release counted, five locks and the ten edges of their order in
 * the graph; a lock in a block of pool is forgotten when the block is
 * freed, the driver's own at its unload. */
KTEST_EXTERNAL(verifier_locks_deadlock_detection_follows_a_correct_driver)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;
    VF_LOCK_COUNTERS Before, After;
    PBOOLEAN_ROUTINE InPool;

    KT_ASSERT(VfGetFlags() & DRIVER_VERIFIER_DEADLOCK_DETECTION);
    KT_ASSERT_EQ(VfAddDriver("vflocks.sys"), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"vflocks.sys", &Entry),
                 STATUS_SUCCESS);
    VfQueryLockCounters(&Before);
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(Entry, "VfLocksInOrder"))(3),
                 3);
    VfQueryLockCounters(&After);
    KT_ASSERT_EQ(After.Acquisitions, Before.Acquisitions + 15);
    KT_ASSERT_EQ(After.Releases, Before.Releases + 15);
    KT_ASSERT_EQ(After.LocksTracked, Before.LocksTracked + 5);
    KT_ASSERT_EQ(After.Edges, Before.Edges + 10);
    KT_ASSERT_EQ(After.RaiseIrqls, Before.RaiseIrqls + 3);
    KT_ASSERT_EQ(After.AcquireSpinLocks, Before.AcquireSpinLocks + 6);

    /* On special pool (a block up to a page, flag 0x1), then from the
     * pool (two pages). */
    InPool = (PBOOLEAN_ROUTINE)KtImageExport(Entry, "VfLocksMutexInPool");
    KT_ASSERT(VfGetFlags() & DRIVER_VERIFIER_SPECIAL_POOLING);
    KT_ASSERT(InPool(sizeof(FAST_MUTEX)));
    KT_ASSERT(InPool(2 * PAGE_SIZE));
    VfQueryLockCounters(&Before);
    KT_ASSERT_EQ(Before.Acquisitions, After.Acquisitions + 2);
    KT_ASSERT_EQ(Before.LocksTracked, After.LocksTracked);

    KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    Entry = NULL;
    VfQueryLockCounters(&After);
    KT_ASSERT_EQ(After.LocksTracked, Before.LocksTracked - 5);
    KT_ASSERT_EQ(After.Edges, Before.Edges - 10);
    KT_CLEANUP;
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    VfRemoveDriver("vflocks.sys");
}

/* Without the verifier the paged touch under a spin lock goes unnoticed
 * while the page happens to be resident (here: just written). */
KTEST_EXTERNAL(verifier_off_paged_touch_under_spin_lock_runs_on)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;

    KT_ASSERT(!KtVerifierQuery("vflocks.sys", NULL));
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"vflocks.sys", &Entry),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(((PULONG_RESULT)KtImageExport(Entry, "VfLocksPagedTouch"))(),
                 0x5EED);
    KT_CLEANUP;
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
}

/* Without the verifier the lock-order inversion completes: thread two
 * starts after thread one ended, so they never wait for each other. */
KTEST_EXTERNAL(verifier_off_lock_inversion_completes)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;

    KT_ASSERT(!KtVerifierQuery("vflocks.sys", NULL));
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"vflocks.sys", &Entry),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(((PSTATUS_RESULT)KtImageExport(Entry, "VfLocksInversion"))(),
                 STATUS_SUCCESS);
    KT_CLEANUP;
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
}

/* The crash tests: vflocks.sys loaded, verified by the command line. */
static PVOID_ROUTINE verified_export(PCSTR Name)
{
    PKLDR_DATA_TABLE_ENTRY Entry;

    if (!KtVerifierQuery("vflocks.sys", NULL) ||
        !NT_SUCCESS(KtLoadImage(KT_DRIVERS u"vflocks.sys", &Entry)))
        return NULL;
    return (PVOID_ROUTINE)KtImageExport(Entry, Name);
}

/* Forced IRQL checking (0x2): DRIVER_IRQL_NOT_LESS_OR_EQUAL (0xD1) at the
 * touch, every time. */
KTEST_CRASH(crash_verifier_paged_touch_under_spin_lock)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksPagedTouch");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* Deadlock detection (0x20): 0xC4 / 0x1001 when thread two closes the
 * cycle. */
KTEST_CRASH(crash_verifier_lock_inversion)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksInversion");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* 0xC4 / 0x32: a spin lock released at PASSIVE_LEVEL. */
KTEST_CRASH(crash_verifier_spin_lock_released_at_passive)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksReleaseAtPassive");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* 0xC4 / 0x31: KeLowerIrql to a higher IRQL. */
KTEST_CRASH(crash_verifier_lower_irql_to_higher)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksLowerToHigher");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* 0xC4 / 0x30: KeRaiseIrql to a lower IRQL. */
KTEST_CRASH(crash_verifier_raise_irql_to_lower)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksRaiseToLower");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* Deadlock detection: 0xC4 / 0x1007, a lock released that nobody took. */
KTEST_CRASH(crash_verifier_release_lock_not_held)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksReleaseNotHeld");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* Deadlock detection: 0xC4 / 0x1000, a fast mutex taken twice. */
KTEST_CRASH(crash_verifier_fast_mutex_self_deadlock)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksSelfDeadlock");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* 0xC4 / 0x33: a fast mutex taken at DISPATCH_LEVEL. */
KTEST_CRASH(crash_verifier_fast_mutex_at_dispatch_level)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksFastMutexAtDispatch");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* 0xC4 / 0x40: KeAcquireSpinLockAtDpcLevel below DISPATCH_LEVEL. */
KTEST_CRASH(crash_verifier_spin_lock_at_dpc_level_at_passive)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksAtDpcLevelAtPassive");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* 0xC4 / 0x37: a resource taken with normal kernel APCs enabled. */
KTEST_CRASH(crash_verifier_resource_with_apcs_enabled)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksResourceWithApcsEnabled");

    KT_ASSERT(Routine != NULL);
    Routine();
}

/* Deadlock detection: 0xC4 / 0x1004, a fast mutex released by a thread
 * that does not hold it. */
KTEST_CRASH(crash_verifier_release_by_another_thread)
{
    PVOID_ROUTINE Routine = verified_export("VfLocksReleaseByAnotherThread");

    KT_ASSERT(Routine != NULL);
    Routine();
}
