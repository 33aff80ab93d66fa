/*
 * Drivers' pageable pages (mm/pageable_image.c) with loadtest.sys: its
 * PAGE routine leaves memory and runs again after a fault; the DDK's
 * MmLockPagableCodeSection, MmPageEntireDriver and MmResetDriverPaging
 * change which pages may leave; and touching a pageable page at
 * DISPATCH_LEVEL stops the machine as NT does.
 */
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kernel/sysldr.h"
#include "kt_image.h"
#include "kt_paging.h"
#include "kt_ring3.h"

/* loadtest.sys, loaded as the loader's tests load it; NULL if not. */
static PKLDR_DATA_TABLE_ENTRY load_driver(VOID)
{
    PKLDR_DATA_TABLE_ENTRY Entry;

    return NT_SUCCESS(KtLoadImage(KT_DRIVERS u"loadtest.sys", &Entry)) ? Entry
                                                                       : NULL;
}

typedef ULONG (*PULONG_ROUTINE)(ULONG);
typedef ULONG (*PREAD_ROUTINE)(PULONG);
typedef PVOID (*PVOID_ROUTINE)(VOID);
typedef VOID (*PHANDLE_ROUTINE)(PVOID);

static UCHAR usage_of(PVOID Address)
{
    MMPTE Pte = MiReadPte(Address);

    return (Pte & MI_PTE_VALID) ? MiGetPfnEntry(MiGetPteFrame(Pte))->Usage
                                : MiUsageNone;
}

KTEST_EXTERNAL(paging_driver_page_routine_leaves_and_runs_again)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = load_driver();
    PULONG_ROUTINE Paged = NULL;
    ULONG Soft = MiPagingCounters.SoftFaults;
    ULONG Hard = MiPagingCounters.HardFaults;
    MMPTE Pte;

    KT_ASSERT(Entry != NULL);
    Paged = (PULONG_ROUTINE)KtImageExport(Entry, "LoadTestPaged");
    KT_ASSERT(Paged != NULL);
    /* PAGE: pageable; the headers and .text are not. */
    KT_ASSERT_EQ(usage_of((PVOID)Paged), MiUsageDriverPageable);
    KT_ASSERT_EQ(usage_of(Entry->DllBase), MiUsageSystemPages);
    KT_ASSERT_EQ(usage_of(KtImageExport(Entry, "LoadTestRun")),
                 MiUsageSystemPages);
    KtTrimEverything();
    Pte = MiReadPte((PVOID)Paged);
    KT_ASSERT_MSG(!(Pte & MI_PTE_VALID) && (Pte & MI_PTE_TRANSITION),
                  "the PAGE routine's PTE is %lx", Pte);
    KT_ASSERT(MmIsAddressValid(KtImageExport(Entry, "LoadTestRun")));
    KT_ASSERT_EQ(Paged(21), 42); /* a soft fault brings it back */
    KT_ASSERT(MiPagingCounters.SoftFaults > Soft);
    if (MiPageFilePresent) {
        KtTrimEverything();
        KT_ASSERT(KtWaitForWriter());
        KtStealStandby(0xFFFFFFFF);
        Pte = MiReadPte((PVOID)Paged);
        KT_ASSERT_MSG(MiIsPageFilePte(Pte), "the PTE is %lx", Pte);
        KT_ASSERT_EQ(Paged(50), 100); /* read back from the page file */
        KT_ASSERT(MiPagingCounters.HardFaults > Hard);
    }
    KT_CLEANUP;
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    if (MiPageFilePresent) {
        KT_ASSERT(KtWaitForWriter());
        KT_ASSERT_EQ(MiCheckPagingState(), 0);
    }
}

KTEST_EXTERNAL(paging_driver_controls_what_may_leave)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = load_driver();
    PVOID Handle = NULL, Again = NULL, Data;
    PVOID Paged;

    KT_ASSERT(Entry != NULL);
    Paged = KtImageExport(Entry, "LoadTestPaged");
    Data = *(PVOID *)KtImageExport(Entry, "LoadTestCounterPointer");
    /* Locked: resident through a trim, callable at DISPATCH_LEVEL. */
    Handle = ((PVOID_ROUTINE)KtImageExport(Entry, "LoadTestLockPaged"))();
    KT_ASSERT(Handle != NULL);
    MmLockPagableSectionByHandle(Handle); /* twice locked, twice unlocked */
    Again = Handle;
    KT_ASSERT_EQ(usage_of(Paged), MiUsageSystemPages);
    KtTrimEverything();
    KT_ASSERT(MmIsAddressValid(Paged));
    KT_ASSERT_EQ(
        ((PULONG_ROUTINE)KtImageExport(Entry, "LoadTestPagedAtDispatch"))(4),
        8);
    ((PHANDLE_ROUTINE)KtImageExport(Entry, "LoadTestUnlockPaged"))(Handle);
    KtTrimEverything();
    KT_ASSERT(MmIsAddressValid(Paged)); /* one lock is left */
    MmUnlockPagableImageSection(Again);
    Handle = Again = NULL;
    KT_ASSERT_EQ(usage_of(Paged), MiUsageDriverPageable);
    KtTrimEverything();
    KT_ASSERT(!MmIsAddressValid(Paged));
    /* The whole driver: its data leaves too; reset, it stays again. */
    KT_ASSERT_EQ(usage_of(Data), MiUsageSystemPages);
    KT_ASSERT(((PVOID_ROUTINE)KtImageExport(
                  Entry, "LoadTestPageEntireDriver"))() == Entry->DllBase);
    KT_ASSERT_EQ(usage_of(Data), MiUsageDriverPageable);
    KtTrimEverything();
    KT_ASSERT(!MmIsAddressValid(Data));
    KT_ASSERT(MmIsAddressValid(Entry->DllBase)); /* never the headers */
    ((VOID(*)(VOID))KtImageExport(Entry, "LoadTestResetDriverPaging"))();
    KT_ASSERT(MmIsAddressValid(Data));
    KT_ASSERT_EQ(usage_of(Data), MiUsageSystemPages);
    KtTrimEverything();
    KT_ASSERT(MmIsAddressValid(Data));
    KT_CLEANUP;
    if (Handle != NULL)
        MmUnlockPagableImageSection(Handle);
    if (Again != NULL)
        MmUnlockPagableImageSection(Again);
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
}

/* -m 16M with the page file: the driver allocates 24 MiB of paged pool
 * (ExAllocatePoolWithTag, 64 KiB at a time), writes it, reads it back. */
KTEST_EXTERNAL(paging_driver_paged_pool_larger_than_memory)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = load_driver();
    ULONG Hard = MiPagingCounters.HardFaults;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    KT_ASSERT(Entry != NULL);
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(
                     Entry, "LoadTestPagedPoolRoundTrip"))(384),
                 0);
    KT_ASSERT(MiPagingCounters.HardFaults > Hard);
    KT_CLEANUP;
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    if (MiPageFilePresent) {
        KT_ASSERT(KtWaitForWriter());
        KT_ASSERT_EQ(MiCheckPagingState(), 0);
    }
}

/* A driver's PAGE routine called at DISPATCH_LEVEL after a trim:
 * DRIVER_PORTION_MUST_BE_NONPAGED (the address, 2, read, where). */
KTEST_CRASH(crash_driver_paged_code_at_dispatch_level)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_driver();

    if (Entry == NULL)
        return;
    KtTrimEverything();
    ((PULONG_ROUTINE)KtImageExport(Entry, "LoadTestPagedAtDispatch"))(1);
}

/* A driver reading trimmed paged pool at DISPATCH_LEVEL:
 * DRIVER_IRQL_NOT_LESS_OR_EQUAL (the address, 2, read, where). */
KTEST_CRASH(crash_driver_reads_paged_pool_at_dispatch_level)
{
    PKLDR_DATA_TABLE_ENTRY Entry = load_driver();
    PULONG Block = ExAllocatePoolWithTag(PagedPool, PAGE_SIZE, 'gPtK');

    if (Entry == NULL || Block == NULL)
        return;
    *Block = 0x5EED;
    KtTrimEverything();
    ((PREAD_ROUTINE)KtImageExport(Entry, "LoadTestReadAtDispatch"))(Block);
}
