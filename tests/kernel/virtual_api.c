/*
 * The virtual-memory services against NT's documented behaviour:
 * reservation and commitment rounding, the reserve / commit / decommit /
 * release rules and statuses, queries field by field, and every frame and
 * VAD node given back (vm_api_test.h has the helpers;
 * virtual_api_faults.c the protections).
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "vm_api_test.h"

KTEST(vmapi_reserve_rounds_to_64k_and_picks_free_ranges)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frames = KtVmFreeFrames();
    SIZE_T Pool = KtVmPoolBytes();
    PVOID Address;
    SIZE_T Size;

    KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
    /* The base goes down to 64 KiB, the end up to a page. */
    KT_ASSERT_EQ(KtVmAllocate(0x00345678, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutBase, 0x00340000);
    KT_ASSERT_EQ(KtVmOutSize, 0x7000);
    KT_ASSERT_EQ(KtVmQuery(0x00340000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00340000, 0x00340000, PAGE_READWRITE, 0x7000, MEM_RESERVE,
                   0, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmAllocate(0x00346000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT_EQ(KtVmAllocate(0x00330000, 0x20000, MEM_RESERVE, PAGE_READONLY),
                 STATUS_CONFLICTING_ADDRESSES);
    /* The next 64 KiB boundary is free again. */
    KT_ASSERT_EQ(KtVmAllocate(0x00350000, 1, MEM_RESERVE, PAGE_READONLY),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutSize, PAGE_SIZE);

    /* NULL: the lowest free 64 KiB boundary, or the highest one. */
    KT_ASSERT_EQ(KtVmAllocate(0, 0x1800, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutBase, 0x00010000);
    KT_ASSERT_EQ(KtVmOutSize, 0x2000);
    KT_ASSERT_EQ(
        KtVmAllocate(0, 0x1800, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutBase, 0x7FFD0000); /* below KUSER_SHARED_DATA's 64K */
    KT_ASSERT_EQ(
        KtVmAllocate(0, 0x10000, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutBase, 0x7FFC0000);
    /* ZeroBits 12: below 1 MiB. */
    Address = NULL;
    Size = 0x2000;
    KT_ASSERT_EQ(ZwAllocateVirtualMemory(NtCurrentProcess(), &Address, 12,
                                         &Size, MEM_RESERVE | MEM_TOP_DOWN,
                                         PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)Address, 0x000F0000);
    /* Nothing big enough: STATUS_NO_MEMORY. */
    KT_ASSERT_EQ(KtVmAllocate(0, 0x7FF00000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_NO_MEMORY);

    /* NT's checks, in NT's order. */
    Address = NULL;
    Size = 0x1000;
    KT_ASSERT_EQ(ZwAllocateVirtualMemory(NtCurrentProcess(), &Address, 22,
                                         &Size, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_3);
    KT_ASSERT_EQ(KtVmAllocate(0, 0x1000, 0, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_5);
    KT_ASSERT_EQ(KtVmAllocate(0, 0x1000, MEM_TOP_DOWN, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_5);
    KT_ASSERT_EQ(
        KtVmAllocate(0, 0x1000, MEM_COMMIT | MEM_RESET, PAGE_READWRITE),
        STATUS_INVALID_PARAMETER_5);
    KT_ASSERT_EQ(KtVmAllocate(0, 0x1000, MEM_COMMIT, 0),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(
        KtVmAllocate(0, 0x1000, MEM_COMMIT, PAGE_READONLY | PAGE_READWRITE),
        STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(KtVmAllocate(0, 0x1000, MEM_COMMIT, PAGE_WRITECOPY),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(
        KtVmAllocate(0, 0x1000, MEM_COMMIT, PAGE_NOACCESS | PAGE_GUARD),
        STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(KtVmAllocate(0x00400000, 0, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(KtVmAllocate(0x7FFE0000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_2);
    KT_ASSERT_EQ(KtVmAllocate(0x7FFB0000, 0x40000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(KtVmAllocate(0x00001000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_2); /* the NULL guard */
    /* Commit outside any reservation, or past its end. */
    KT_ASSERT_EQ(KtVmAllocate(0x00600000, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT_EQ(KtVmAllocate(0x00346000, 0x2000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT(MiCheckVadTree(&Space.Process.VadRoot) == 0);
    KT_ASSERT_EQ(Space.Process.VadRoot.NumberGenericTableElements, 6);
    KT_CLEANUP;
    KtVmLeaveSpace(&Space);
    KT_ASSERT_EQ(KtVmFreeFrames(), Frames);
    KT_ASSERT_EQ(KtVmPoolBytes(), Pool);
}

KTEST(vmapi_commit_decommit_release_rules)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frames = KtVmFreeFrames(), Touched;
    SIZE_T Pool = KtVmPoolBytes();
    ULONG Value = 0x5A5A;

    KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate(0x00400000, 0x10000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    /* Commitment is page-rounded both ways. */
    KT_ASSERT_EQ(KtVmAllocate(0x00401800, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutBase, 0x00401000);
    KT_ASSERT_EQ(KtVmOutSize, 0x2000);
    KT_ASSERT_EQ(KtVmQuery(0x00400FFF), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00400000, 0x00400000, PAGE_READWRITE, 0x1000, MEM_RESERVE,
                   0, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmQuery(0x00401234), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00401000, 0x00400000, PAGE_READWRITE, 0x2000, MEM_COMMIT,
                   PAGE_READWRITE, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmQuery(0x00403000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00403000, 0x00400000, PAGE_READWRITE, 0xD000, MEM_RESERVE,
                   0, MEM_PRIVATE);
    /* Demand zero: the PTE holds the protection, no frame. */
    KT_ASSERT(!MmIsAddressValid((PVOID)0x00401000));
    KT_ASSERT_EQ(MiReadPte((PVOID)0x00401000),
                 MiMakeDemandZeroPte(MM_READWRITE));
    KT_ASSERT_EQ(MiReadPte((PVOID)0x00400000), 0);
    KT_ASSERT_EQ(KtVmTouch(0x00401000, TRUE, &Value), STATUS_SUCCESS);
    Touched = KtVmFreeFrames();
    KT_ASSERT_EQ(KtVmTouch(0x00403000, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(KtVmCaught.ExceptionInformation[1], 0x00403000);
    /* Committing again keeps the contents and takes the new protection. */
    KT_ASSERT_EQ(KtVmAllocate(0x00401000, 0x1000, MEM_COMMIT, PAGE_READONLY),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0x00401000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00401000, 0x00400000, PAGE_READWRITE, 0x1000, MEM_COMMIT,
                   PAGE_READONLY, MEM_PRIVATE);
    Value = 0;
    KT_ASSERT_EQ(KtVmTouch(0x00401000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x5A5A);
    KT_ASSERT_EQ(KtVmTouch(0x00401000, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(KtVmFreeFrames(), Touched);

    /* Free's statuses. */
    KT_ASSERT_EQ(KtVmRelease(0x00400000, 0, MEM_DECOMMIT | MEM_RELEASE),
                 STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(KtVmRelease(0x00400000, 0, 0), STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(KtVmRelease(0x00400000, 0, 0x10000),
                 STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(KtVmRelease(0x80000000, 0, MEM_RELEASE),
                 STATUS_INVALID_PARAMETER_2);
    KT_ASSERT_EQ(KtVmRelease(0x7FFE0000, 0x20000, MEM_RELEASE),
                 STATUS_INVALID_PARAMETER_3);
    /* NT's test to the byte: the last page is one byte too many. */
    KT_ASSERT_EQ(KtVmRelease(0x7FFEF000, 0x1000, MEM_RELEASE),
                 STATUS_INVALID_PARAMETER_3);
    KT_ASSERT_EQ(KtVmRelease(0x7FFEF000, 0xFFF, MEM_RELEASE),
                 STATUS_MEMORY_NOT_ALLOCATED);
    KT_ASSERT_EQ(KtVmRelease(0x00500000, 0, MEM_RELEASE),
                 STATUS_MEMORY_NOT_ALLOCATED);
    KT_ASSERT_EQ(KtVmRelease(0x00401000, 0, MEM_RELEASE),
                 STATUS_FREE_VM_NOT_AT_BASE);
    KT_ASSERT_EQ(KtVmRelease(0x00401000, 0, MEM_DECOMMIT),
                 STATUS_FREE_VM_NOT_AT_BASE);
    KT_ASSERT_EQ(KtVmRelease(0x0040F000, 0x2000, MEM_RELEASE),
                 STATUS_UNABLE_TO_FREE_VM);

    /* Decommit keeps the reservation and gives the frame back. */
    KT_ASSERT_EQ(KtVmRelease(0x00401FFF, 2, MEM_DECOMMIT), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutBase, 0x00401000);
    KT_ASSERT_EQ(KtVmOutSize, 0x2000);
    KT_ASSERT_EQ(KtVmFreeFrames(), Touched + 2); /* the page and its table */
    KT_ASSERT(!(*MiGetPdeAddress((PVOID)0x00400000) & MI_PTE_VALID));
    KT_ASSERT_EQ(KtVmQuery(0x00400000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00400000, 0x00400000, PAGE_READWRITE, 0x10000, MEM_RESERVE,
                   0, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmTouch(0x00401000, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    /* Decommitting reserved pages is no error. */
    KT_ASSERT_EQ(KtVmRelease(0x00400000, 0, MEM_DECOMMIT), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutSize, 0x10000);

    /* Release: at the base with size 0, the whole reservation. */
    KT_ASSERT_EQ(KtVmRelease(0x00400000, 0, MEM_RELEASE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmOutBase, 0x00400000);
    KT_ASSERT_EQ(KtVmOutSize, 0x10000);
    KT_ASSERT_EQ(KtVmQuery(0x00400000), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmInfo.State, MEM_FREE);
    KT_ASSERT_EQ(KtVmRelease(0x00400000, 0, MEM_RELEASE),
                 STATUS_MEMORY_NOT_ALLOCATED);

    /* Release of a middle part splits the reservation. */
    KT_ASSERT_EQ(KtVmAllocate(0x00500000, 0x8000, MEM_RESERVE | MEM_COMMIT,
                              PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmRelease(0x00502000, 0x2000, MEM_RELEASE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0x00500000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00500000, 0x00500000, PAGE_READWRITE, 0x2000, MEM_COMMIT,
                   PAGE_READWRITE, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmQuery(0x00502000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00502000, 0, 0, 0x2000, MEM_FREE, PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(KtVmQuery(0x00504000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00504000, 0x00504000, PAGE_READWRITE, 0x4000, MEM_COMMIT,
                   PAGE_READWRITE, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmRelease(0x00504000, 0x1000, MEM_RELEASE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0x00505000), STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)KtVmInfo.AllocationBase, 0x00505000);
    KT_ASSERT_EQ(KtVmRelease(0x00507000, 0x1000, MEM_RELEASE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0x00505000), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmInfo.RegionSize, 0x2000);
    KT_ASSERT(MiCheckVadTree(&Space.Process.VadRoot) == 0);
    KT_CLEANUP;
    KtVmLeaveSpace(&Space);
    KT_ASSERT_EQ(KtVmFreeFrames(), Frames);
    KT_ASSERT_EQ(KtVmPoolBytes(), Pool);
}

KTEST(vmapi_query_fields_free_runs_and_statuses)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    SIZE_T Returned;
    UCHAR Small[sizeof(MEMORY_BASIC_INFORMATION) - 1];
    ULONG Value = 1;

    KT_ASSERT_EQ(sizeof(MEMORY_BASIC_INFORMATION), 28);
    KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0), STATUS_SUCCESS);
    /* The last free run ends where KUSER_SHARED_DATA's 64 KiB begins. */
    KT_ASSERT_INFO(0, 0, 0, 0x7FFE0000, MEM_FREE, PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(
        KtVmAllocate(0x01000000, 0x10000, MEM_RESERVE, PAGE_EXECUTE_READ),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate(0x01002000, 0x3000, MEM_COMMIT, PAGE_READONLY),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate(0x01004000, 0x1000, MEM_COMMIT,
                              PAGE_READWRITE | PAGE_NOCACHE),
                 STATUS_SUCCESS);
    /* A free run ends at the next reservation; the last at 0x7FFE0000. */
    KT_ASSERT_EQ(KtVmQuery(0x00123456), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00123000, 0, 0, 0x01000000 - 0x00123000, MEM_FREE,
                   PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(KtVmQuery(0x01010000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01010000, 0, 0, 0x7FFE0000 - 0x01010000, MEM_FREE,
                   PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(KtVmQuery(MM_HIGHEST_USER_ADDRESS), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x7FFEF000, 0x7FFE0000, PAGE_READONLY, PAGE_SIZE,
                   MEM_RESERVE, PAGE_NOACCESS, MEM_PRIVATE);
    /* Runs of like pages inside the reservation. */
    KT_ASSERT_EQ(KtVmQuery(0x01000000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01000000, 0x01000000, PAGE_EXECUTE_READ, 0x2000,
                   MEM_RESERVE, 0, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmQuery(0x01002FFF), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01002000, 0x01000000, PAGE_EXECUTE_READ, 0x2000,
                   MEM_COMMIT, PAGE_READONLY, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmQuery(0x01004000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01004000, 0x01000000, PAGE_EXECUTE_READ, 0x1000,
                   MEM_COMMIT, PAGE_READWRITE | PAGE_NOCACHE, MEM_PRIVATE);
    /* Uncached once it is touched, and still reported so. */
    KT_ASSERT_EQ(KtVmTouch(0x01004000, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT(MiReadPte((PVOID)0x01004000) & MI_PTE_CACHE_DISABLE);
    KT_ASSERT_EQ(KtVmQuery(0x01004000), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmInfo.Protect, PAGE_READWRITE | PAGE_NOCACHE);
    KT_ASSERT_EQ(KtVmQuery(0x01005000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01005000, 0x01000000, PAGE_EXECUTE_READ, 0xB000,
                   MEM_RESERVE, 0, MEM_PRIVATE);

    /* Statuses. */
    KT_ASSERT_EQ(KtVmQuery(MM_USER_PROBE_ADDRESS), STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(KtVmQuery(0x80000000), STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(ZwQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation, Small,
                                      sizeof(Small), &Returned),
                 STATUS_INFO_LENGTH_MISMATCH);
    KT_ASSERT_EQ(ZwQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      (MEMORY_INFORMATION_CLASS)1, &KtVmInfo,
                                      sizeof(KtVmInfo), &Returned),
                 STATUS_INVALID_INFO_CLASS);
    KT_ASSERT_EQ(ZwQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation, &KtVmInfo,
                                      sizeof(KtVmInfo), NULL),
                 STATUS_SUCCESS);
    KT_CLEANUP;
    KtVmLeaveSpace(&Space);
}

/* The last 64 KiB of the user half, as NT answers for it before it looks
 * at the VAD tree (queryvm.c): KUSER_SHARED_DATA's page committed
 * read-only, the rest reserved, one private allocation at 0x7FFE0000; a
 * process handle is not even looked at. */
KTEST(vmapi_query_shared_user_data_area)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    MEMORY_BASIC_INFORMATION Info;

    KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0x7FFE0000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x7FFE0000, 0x7FFE0000, PAGE_READONLY, PAGE_SIZE, MEM_COMMIT,
                   PAGE_READONLY, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmQuery(0x7FFE0FFF), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x7FFE0000, 0x7FFE0000, PAGE_READONLY, PAGE_SIZE, MEM_COMMIT,
                   PAGE_READONLY, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmQuery(0x7FFE1000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x7FFE1000, 0x7FFE0000, PAGE_READONLY, 0xF000, MEM_RESERVE,
                   PAGE_NOACCESS, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmQuery(0x7FFE8123), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x7FFE8000, 0x7FFE0000, PAGE_READONLY, 0x8000, MEM_RESERVE,
                   PAGE_NOACCESS, MEM_PRIVATE);
    KT_ASSERT_EQ(ZwQueryVirtualMemory((HANDLE)0x1234, (PVOID)0x7FFE0000,
                                      MemoryBasicInformation, &Info,
                                      sizeof(Info), NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Info.State, MEM_COMMIT);
    KT_ASSERT_EQ(ZwQueryVirtualMemory((HANDLE)0x1234, (PVOID)0x7FFD0000,
                                      MemoryBasicInformation, &Info,
                                      sizeof(Info), NULL),
                 STATUS_INVALID_HANDLE);
    /* The free run below it ends at 0x7FFE0000. */
    KT_ASSERT_EQ(KtVmAllocate(0x7FFC0000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0x7FFC1000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x7FFC1000, 0, 0, 0x1F000, MEM_FREE, PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(KtVmQuery(0x7FFDF000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x7FFDF000, 0, 0, PAGE_SIZE, MEM_FREE, PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(KtVmQuery(MM_USER_PROBE_ADDRESS), STATUS_INVALID_PARAMETER);
    KT_CLEANUP;
    KtVmLeaveSpace(&Space);
}

/* No fixed limit on reservations, and every frame, table and VAD node
 * comes back, by release or with the address space. */
KTEST(vmapi_many_regions_leak_nothing)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frames = 0;
    SIZE_T Pool = 0;
    ULONG Round, Index, Value;

    /* The first round may leave the pool a slab page for VAD nodes to
     * keep: the counts are taken after it. */
    for (Round = 0; Round < 20; Round++) {
        KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
        for (Index = 0; Index < 200; Index++) {
            KT_ASSERT_EQ(
                KtVmAllocate(0, (Index % 7 + 1) * PAGE_SIZE,
                             MEM_COMMIT | (Index & 1 ? MEM_TOP_DOWN : 0),
                             PAGE_READWRITE),
                STATUS_SUCCESS);
            Value = Index;
            KT_ASSERT_EQ(
                KtVmTouch(KtVmOutBase + (Index % 7) * PAGE_SIZE, TRUE, &Value),
                STATUS_SUCCESS);
        }
        KT_ASSERT_EQ(Space.Process.VadRoot.NumberGenericTableElements, 200);
        KT_ASSERT(MiCheckVadTree(&Space.Process.VadRoot) == 0);
        /* Half released by hand, the rest with the space. */
        for (Index = 0; Index < 100; Index++) {
            PMMVAD Vad = Space.Process.VadRoot.Root;
            KT_ASSERT_EQ(
                KtVmRelease(Vad->StartingVpn << PAGE_SHIFT, 0, MEM_RELEASE),
                STATUS_SUCCESS);
        }
        KT_ASSERT_EQ(Space.Process.VadRoot.NumberGenericTableElements, 100);
        KT_ASSERT(MiCheckVadTree(&Space.Process.VadRoot) == 0);
        KtVmLeaveSpace(&Space);
        if (Round == 0) {
            Frames = KtVmFreeFrames();
            Pool = KtVmPoolBytes();
        }
        KT_ASSERT_EQ(KtVmFreeFrames(), Frames);
        KT_ASSERT_EQ(KtVmPoolBytes(), Pool);
    }
    KT_CLEANUP;
    KtVmLeaveSpace(&Space);
}
