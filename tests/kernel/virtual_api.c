/*
 * The virtual-memory services against NT's documented behaviour, in a
 * test address space the thread attaches to: rounding, reservation and
 * commitment rules with their statuses, queries field by field,
 * protections and guard pages enforced by faults (caught with the
 * kernel's try/except), the user stack's growth, user-mode pointers, and
 * every frame and VAD given back.
 */
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/pool.h"
#include "kernel/process.h"
#include "kernel/seh.h"

typedef struct _KT_VM_SPACE {
    EPROCESS Process;
    KAPC_STATE Apc;
    BOOLEAN Created;
    BOOLEAN Attached;
} KT_VM_SPACE;

static EXCEPTION_RECORD caught;

static NTSTATUS enter_space(KT_VM_SPACE *Space)
{
    NTSTATUS Status = MmCreateProcessAddressSpace(&Space->Process);

    Space->Created = NT_SUCCESS(Status);
    Space->Attached = Space->Created;
    if (Space->Attached)
        KeStackAttachProcess(&Space->Process.Pcb, &Space->Apc);
    return Status;
}

static VOID leave_space(KT_VM_SPACE *Space)
{
    if (Space->Attached)
        KeUnstackDetachProcess(&Space->Apc);
    if (Space->Created)
        MmDeleteProcessAddressSpace(&Space->Process);
    Space->Attached = Space->Created = FALSE;
}

static PFN_NUMBER free_frames(VOID)
{
    MI_BUDDY_STATISTICS Statistics;

    MiBuddyQuery(&MiBuddy, &Statistics);
    return Statistics.TotalFree;
}

/* Bytes of nonpaged pool under the VAD tag. */
static SIZE_T vad_pool_bytes(VOID)
{
    static MI_POOL_TAG_INFO Tags[256];
    ULONG Count = MiQueryPoolTags(Tags, 256), Index;

    for (Index = 0; Index < Count && Index < 256; Index++)
        if (Tags[Index].Tag == 'SdaV')
            return Tags[Index].NonPagedBytes;
    return 0;
}

static ULONG out_base, out_size;

static NTSTATUS allocate(ULONG Base, ULONG Size, ULONG Type, ULONG Protect)
{
    PVOID Address = (PVOID)Base;
    SIZE_T Length = Size;
    NTSTATUS Status = ZwAllocateVirtualMemory(NtCurrentProcess(), &Address, 0,
                                              &Length, Type, Protect);

    out_base = (ULONG)Address;
    out_size = Length;
    return Status;
}

static NTSTATUS release(ULONG Base, ULONG Size, ULONG Type)
{
    PVOID Address = (PVOID)Base;
    SIZE_T Length = Size;
    NTSTATUS Status =
        ZwFreeVirtualMemory(NtCurrentProcess(), &Address, &Length, Type);

    out_base = (ULONG)Address;
    out_size = Length;
    return Status;
}

static NTSTATUS protect(ULONG Base, ULONG Size, ULONG Protect, PULONG Old)
{
    PVOID Address = (PVOID)Base;
    SIZE_T Length = Size;
    NTSTATUS Status = ZwProtectVirtualMemory(NtCurrentProcess(), &Address,
                                             &Length, Protect, Old);

    out_base = (ULONG)Address;
    out_size = Length;
    return Status;
}

static MEMORY_BASIC_INFORMATION info;

static NTSTATUS query(ULONG Address)
{
    SIZE_T Returned = 0;
    NTSTATUS Status = ZwQueryVirtualMemory(NtCurrentProcess(), (PVOID)Address,
                                           MemoryBasicInformation, &info,
                                           sizeof(info), &Returned);

    if (NT_SUCCESS(Status) && Returned != sizeof(info))
        return STATUS_UNSUCCESSFUL;
    return Status;
}

/* Reads (Write FALSE) or writes a ULONG inside a try block: the
 * exception code, or STATUS_SUCCESS. */
static NTSTATUS touch(ULONG Address, BOOLEAN Write, ULONG *Value)
{
    volatile NTSTATUS Code = STATUS_SUCCESS;
    volatile ULONG *Target = (volatile ULONG *)Address;

    RtlZeroMemory(&caught, sizeof(caught));
    SEH_TRY
    {
        if (Write)
            *Target = *Value;
        else
            *Value = *Target;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
        RtlCopyMemory(&caught, GetExceptionRecord(), sizeof(caught));
    }
    SEH_END;
    return Code;
}

#define KT_ASSERT_INFO(Base_, AllocBase_, AllocProtect_, Size_, State_,        \
                       Protect_, Type_)                                        \
    do {                                                                       \
        KT_ASSERT_EQ((ULONG)info.BaseAddress, (Base_));                        \
        KT_ASSERT_EQ((ULONG)info.AllocationBase, (AllocBase_));                \
        KT_ASSERT_EQ(info.AllocationProtect, (AllocProtect_));                 \
        KT_ASSERT_EQ(info.RegionSize, (Size_));                                \
        KT_ASSERT_EQ(info.State, (State_));                                    \
        KT_ASSERT_EQ(info.Protect, (Protect_));                                \
        KT_ASSERT_EQ(info.Type, (Type_));                                      \
    } while (0)

KTEST(vmapi_reserve_rounds_to_64k_and_picks_free_ranges)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frames = free_frames();
    SIZE_T Pool = vad_pool_bytes();
    PVOID Address;
    SIZE_T Size;

    KT_ASSERT_EQ(enter_space(&Space), STATUS_SUCCESS);
    /* The base goes down to 64 KiB, the end up to a page. */
    KT_ASSERT_EQ(allocate(0x00345678, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(out_base, 0x00340000);
    KT_ASSERT_EQ(out_size, 0x7000);
    KT_ASSERT_EQ(query(0x00340000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00340000, 0x00340000, PAGE_READWRITE, 0x7000, MEM_RESERVE,
                   0, MEM_PRIVATE);
    KT_ASSERT_EQ(allocate(0x00346000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT_EQ(allocate(0x00330000, 0x20000, MEM_RESERVE, PAGE_READONLY),
                 STATUS_CONFLICTING_ADDRESSES);
    /* The next 64 KiB boundary is free again. */
    KT_ASSERT_EQ(allocate(0x00350000, 1, MEM_RESERVE, PAGE_READONLY),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(out_size, PAGE_SIZE);

    /* NULL: the lowest free 64 KiB boundary, or the highest one. */
    KT_ASSERT_EQ(allocate(0, 0x1800, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(out_base, 0x00010000);
    KT_ASSERT_EQ(out_size, 0x2000);
    KT_ASSERT_EQ(
        allocate(0, 0x1800, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(out_base, 0x7FFD0000); /* below KUSER_SHARED_DATA's 64K */
    KT_ASSERT_EQ(
        allocate(0, 0x10000, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(out_base, 0x7FFC0000);
    /* ZeroBits 12: below 1 MiB. */
    Address = NULL;
    Size = 0x2000;
    KT_ASSERT_EQ(ZwAllocateVirtualMemory(NtCurrentProcess(), &Address, 12,
                                         &Size, MEM_RESERVE | MEM_TOP_DOWN,
                                         PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)Address, 0x000F0000);
    /* Nothing big enough: STATUS_NO_MEMORY. */
    KT_ASSERT_EQ(allocate(0, 0x7FF00000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_NO_MEMORY);

    /* NT's checks, in NT's order. */
    Address = NULL;
    Size = 0x1000;
    KT_ASSERT_EQ(ZwAllocateVirtualMemory(NtCurrentProcess(), &Address, 22,
                                         &Size, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_3);
    KT_ASSERT_EQ(allocate(0, 0x1000, 0, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_5);
    KT_ASSERT_EQ(allocate(0, 0x1000, MEM_TOP_DOWN, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_5);
    KT_ASSERT_EQ(allocate(0, 0x1000, MEM_COMMIT | MEM_RESET, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_5);
    KT_ASSERT_EQ(allocate(0, 0x1000, MEM_COMMIT, 0),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(
        allocate(0, 0x1000, MEM_COMMIT, PAGE_READONLY | PAGE_READWRITE),
        STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(allocate(0, 0x1000, MEM_COMMIT, PAGE_WRITECOPY),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(allocate(0, 0x1000, MEM_COMMIT, PAGE_NOACCESS | PAGE_GUARD),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(allocate(0x00400000, 0, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(allocate(0x7FFE0000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_2);
    KT_ASSERT_EQ(allocate(0x7FFB0000, 0x40000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(allocate(0x00001000, 0x1000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_2); /* the NULL guard */
    /* Commit outside any reservation, or past its end. */
    KT_ASSERT_EQ(allocate(0x00600000, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT_EQ(allocate(0x00346000, 0x2000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT(MiCheckVadTree(&Space.Process.VadRoot) == 0);
    KT_ASSERT_EQ(Space.Process.VadRoot.NumberGenericTableElements, 6);
    KT_CLEANUP;
    leave_space(&Space);
    KT_ASSERT_EQ(free_frames(), Frames);
    KT_ASSERT_EQ(vad_pool_bytes(), Pool);
}

KTEST(vmapi_commit_decommit_release_rules)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frames = free_frames(), Touched;
    SIZE_T Pool = vad_pool_bytes();
    ULONG Value = 0x5A5A;

    KT_ASSERT_EQ(enter_space(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate(0x00400000, 0x10000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    /* Commitment is page-rounded both ways. */
    KT_ASSERT_EQ(allocate(0x00401800, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(out_base, 0x00401000);
    KT_ASSERT_EQ(out_size, 0x2000);
    KT_ASSERT_EQ(query(0x00400FFF), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00400000, 0x00400000, PAGE_READWRITE, 0x1000, MEM_RESERVE,
                   0, MEM_PRIVATE);
    KT_ASSERT_EQ(query(0x00401234), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00401000, 0x00400000, PAGE_READWRITE, 0x2000, MEM_COMMIT,
                   PAGE_READWRITE, MEM_PRIVATE);
    KT_ASSERT_EQ(query(0x00403000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00403000, 0x00400000, PAGE_READWRITE, 0xD000, MEM_RESERVE,
                   0, MEM_PRIVATE);
    KT_ASSERT(!MmIsAddressValid((PVOID)0x00401000)); /* demand zero */
    KT_ASSERT_EQ(touch(0x00401000, TRUE, &Value), STATUS_SUCCESS);
    Touched = free_frames();
    KT_ASSERT_EQ(touch(0x00403000, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[1], 0x00403000);
    /* Committing again keeps the contents and takes the new protection. */
    KT_ASSERT_EQ(allocate(0x00401000, 0x1000, MEM_COMMIT, PAGE_READONLY),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(query(0x00401000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00401000, 0x00400000, PAGE_READWRITE, 0x1000, MEM_COMMIT,
                   PAGE_READONLY, MEM_PRIVATE);
    Value = 0;
    KT_ASSERT_EQ(touch(0x00401000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x5A5A);
    KT_ASSERT_EQ(touch(0x00401000, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(free_frames(), Touched);

    /* Free's statuses. */
    KT_ASSERT_EQ(release(0x00400000, 0, MEM_DECOMMIT | MEM_RELEASE),
                 STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(release(0x00400000, 0, 0), STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(release(0x00400000, 0, 0x10000), STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(release(0x80000000, 0, MEM_RELEASE),
                 STATUS_INVALID_PARAMETER_2);
    KT_ASSERT_EQ(release(0x7FFE0000, 0x20000, MEM_RELEASE),
                 STATUS_INVALID_PARAMETER_3);
    KT_ASSERT_EQ(release(0x00500000, 0, MEM_RELEASE),
                 STATUS_MEMORY_NOT_ALLOCATED);
    KT_ASSERT_EQ(release(0x00401000, 0, MEM_RELEASE),
                 STATUS_FREE_VM_NOT_AT_BASE);
    KT_ASSERT_EQ(release(0x00401000, 0, MEM_DECOMMIT),
                 STATUS_FREE_VM_NOT_AT_BASE);
    KT_ASSERT_EQ(release(0x0040F000, 0x2000, MEM_RELEASE),
                 STATUS_UNABLE_TO_FREE_VM);

    /* Decommit keeps the reservation and gives the frame back. */
    KT_ASSERT_EQ(release(0x00401FFF, 2, MEM_DECOMMIT), STATUS_SUCCESS);
    KT_ASSERT_EQ(out_base, 0x00401000);
    KT_ASSERT_EQ(out_size, 0x2000);
    KT_ASSERT_EQ(free_frames(), Touched + 2); /* the page and its table */
    KT_ASSERT(!(*MiGetPdeAddress((PVOID)0x00400000) & MI_PTE_VALID));
    KT_ASSERT_EQ(query(0x00400000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00400000, 0x00400000, PAGE_READWRITE, 0x10000, MEM_RESERVE,
                   0, MEM_PRIVATE);
    KT_ASSERT_EQ(touch(0x00401000, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    /* Decommitting reserved pages is no error. */
    KT_ASSERT_EQ(release(0x00400000, 0, MEM_DECOMMIT), STATUS_SUCCESS);
    KT_ASSERT_EQ(out_size, 0x10000);

    /* Release: at the base with size 0, the whole reservation. */
    KT_ASSERT_EQ(release(0x00400000, 0, MEM_RELEASE), STATUS_SUCCESS);
    KT_ASSERT_EQ(out_base, 0x00400000);
    KT_ASSERT_EQ(out_size, 0x10000);
    KT_ASSERT_EQ(query(0x00400000), STATUS_SUCCESS);
    KT_ASSERT_EQ(info.State, MEM_FREE);
    KT_ASSERT_EQ(release(0x00400000, 0, MEM_RELEASE),
                 STATUS_MEMORY_NOT_ALLOCATED);

    /* Release of a middle part splits the reservation. */
    KT_ASSERT_EQ(
        allocate(0x00500000, 0x8000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(release(0x00502000, 0x2000, MEM_RELEASE), STATUS_SUCCESS);
    KT_ASSERT_EQ(query(0x00500000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00500000, 0x00500000, PAGE_READWRITE, 0x2000, MEM_COMMIT,
                   PAGE_READWRITE, MEM_PRIVATE);
    KT_ASSERT_EQ(query(0x00502000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00502000, 0, 0, 0x2000, MEM_FREE, PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(query(0x00504000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00504000, 0x00504000, PAGE_READWRITE, 0x4000, MEM_COMMIT,
                   PAGE_READWRITE, MEM_PRIVATE);
    KT_ASSERT_EQ(release(0x00504000, 0x1000, MEM_RELEASE), STATUS_SUCCESS);
    KT_ASSERT_EQ(query(0x00505000), STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)info.AllocationBase, 0x00505000);
    KT_ASSERT_EQ(release(0x00507000, 0x1000, MEM_RELEASE), STATUS_SUCCESS);
    KT_ASSERT_EQ(query(0x00505000), STATUS_SUCCESS);
    KT_ASSERT_EQ(info.RegionSize, 0x2000);
    KT_ASSERT(MiCheckVadTree(&Space.Process.VadRoot) == 0);
    KT_CLEANUP;
    leave_space(&Space);
    KT_ASSERT_EQ(free_frames(), Frames);
    KT_ASSERT_EQ(vad_pool_bytes(), Pool);
}

KTEST(vmapi_query_fields_free_runs_and_statuses)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    SIZE_T Returned;
    UCHAR Small[sizeof(MEMORY_BASIC_INFORMATION) - 1];

    KT_ASSERT_EQ(sizeof(MEMORY_BASIC_INFORMATION), 28);
    KT_ASSERT_EQ(enter_space(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(query(0), STATUS_SUCCESS);
    KT_ASSERT_INFO(0, 0, 0, MM_USER_PROBE_ADDRESS, MEM_FREE, PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(allocate(0x01000000, 0x10000, MEM_RESERVE, PAGE_EXECUTE_READ),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate(0x01002000, 0x3000, MEM_COMMIT, PAGE_READONLY),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        allocate(0x01004000, 0x1000, MEM_COMMIT, PAGE_READWRITE | PAGE_NOCACHE),
        STATUS_SUCCESS);
    /* A free run ends at the next reservation; the last at the guard. */
    KT_ASSERT_EQ(query(0x00123456), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00123000, 0, 0, 0x01000000 - 0x00123000, MEM_FREE,
                   PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(query(0x01010000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01010000, 0, 0, MM_USER_PROBE_ADDRESS - 0x01010000,
                   MEM_FREE, PAGE_NOACCESS, 0);
    KT_ASSERT_EQ(query(MM_HIGHEST_USER_ADDRESS), STATUS_SUCCESS);
    KT_ASSERT_EQ(info.RegionSize, PAGE_SIZE);
    /* Runs of like pages inside the reservation. */
    KT_ASSERT_EQ(query(0x01000000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01000000, 0x01000000, PAGE_EXECUTE_READ, 0x2000,
                   MEM_RESERVE, 0, MEM_PRIVATE);
    KT_ASSERT_EQ(query(0x01002FFF), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01002000, 0x01000000, PAGE_EXECUTE_READ, 0x2000,
                   MEM_COMMIT, PAGE_READONLY, MEM_PRIVATE);
    KT_ASSERT_EQ(query(0x01004000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01004000, 0x01000000, PAGE_EXECUTE_READ, 0x1000,
                   MEM_COMMIT, PAGE_READWRITE | PAGE_NOCACHE, MEM_PRIVATE);
    KT_ASSERT_EQ(query(0x01005000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x01005000, 0x01000000, PAGE_EXECUTE_READ, 0xB000,
                   MEM_RESERVE, 0, MEM_PRIVATE);

    /* Statuses. */
    KT_ASSERT_EQ(query(MM_USER_PROBE_ADDRESS), STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(query(0x80000000), STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(ZwQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation, Small,
                                      sizeof(Small), &Returned),
                 STATUS_INFO_LENGTH_MISMATCH);
    KT_ASSERT_EQ(ZwQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      (MEMORY_INFORMATION_CLASS)1, &info,
                                      sizeof(info), &Returned),
                 STATUS_INVALID_INFO_CLASS);
    KT_ASSERT_EQ(ZwQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation, &info,
                                      sizeof(info), NULL),
                 STATUS_SUCCESS);
    KT_CLEANUP;
    leave_space(&Space);
}

KTEST(vmapi_protections_are_enforced_by_faults)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frames = free_frames();
    ULONG Value = 0x1234, Old = 0;

    KT_ASSERT_EQ(enter_space(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(
        allocate(0x00600000, 0x4000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(touch(0x00600000, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(protect(0x00600010, 0x10, PAGE_READONLY, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_READWRITE);
    KT_ASSERT_EQ(out_base, 0x00600000);
    KT_ASSERT_EQ(out_size, 0x1000);
    KT_ASSERT_EQ(touch(0x00600000, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[0], 1); /* a write */
    KT_ASSERT_EQ(caught.ExceptionInformation[1], 0x00600000);
    Value = 0;
    KT_ASSERT_EQ(touch(0x00600000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x1234);
    /* PAGE_NOACCESS hides a resident page; its contents stay. */
    KT_ASSERT_EQ(protect(0x00600000, 0x1000, PAGE_NOACCESS, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_READONLY);
    KT_ASSERT_EQ(touch(0x00600000, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(query(0x00600000), STATUS_SUCCESS);
    KT_ASSERT_EQ(info.Protect, PAGE_NOACCESS);
    KT_ASSERT_EQ(info.State, MEM_COMMIT);
    KT_ASSERT_EQ(protect(0x00600000, 0x1000, PAGE_EXECUTE_READWRITE, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_NOACCESS);
    Value = 0;
    KT_ASSERT_EQ(touch(0x00600000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x1234);
    KT_ASSERT_EQ(touch(0x00600000, TRUE, &Value), STATUS_SUCCESS);
    /* Execute implies read without PAE (docs/virtual-memory.md). */
    KT_ASSERT_EQ(protect(0x00601000, 0x2000, PAGE_EXECUTE_READ, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(touch(0x00601000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(touch(0x00601000, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(protect(0x00602000, 0x1000, PAGE_EXECUTE, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_EXECUTE_READ);
    KT_ASSERT_EQ(touch(0x00602000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(query(0x00601000), STATUS_SUCCESS);
    KT_ASSERT_EQ(info.Protect, PAGE_EXECUTE_READ);
    KT_ASSERT_EQ(info.RegionSize, 0x1000);
    /* The old protection is the first page's. */
    KT_ASSERT_EQ(protect(0x00601000, 0x3000, PAGE_READWRITE, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_EXECUTE_READ);

    /* Statuses: nothing changes on a refusal. */
    KT_ASSERT_EQ(protect(0x00600000, 0x1000, 0x3, &Old),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(protect(0x00600000, 0x1000, PAGE_WRITECOPY, &Old),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(protect(0x00600000, 0, PAGE_READONLY, &Old),
                 STATUS_INVALID_PARAMETER_3);
    KT_ASSERT_EQ(protect(0x80000000, 0x1000, PAGE_READONLY, &Old),
                 STATUS_INVALID_PARAMETER_2);
    KT_ASSERT_EQ(protect(0x00700000, 0x1000, PAGE_READONLY, &Old),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT_EQ(allocate(0x00610000, 0x10000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate(0x00610000, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(protect(0x00610000, 0x2000, PAGE_READONLY, &Old),
                 STATUS_NOT_COMMITTED);
    KT_ASSERT_EQ(query(0x00610000), STATUS_SUCCESS);
    KT_ASSERT_EQ(info.Protect, PAGE_READWRITE);
    KT_ASSERT_EQ(protect(0x00603000, 0x2000, PAGE_READONLY, &Old),
                 STATUS_CONFLICTING_ADDRESSES); /* past the reservation */
    /* A resident page left hidden goes back with the space too. */
    KT_ASSERT_EQ(touch(0x00603000, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(protect(0x00603000, 0x1000, PAGE_NOACCESS, &Old),
                 STATUS_SUCCESS);
    KT_CLEANUP;
    leave_space(&Space);
    KT_ASSERT_EQ(free_frames(), Frames);
}

KTEST(vmapi_guard_page_fires_once)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    ULONG Value = 7, Old;

    KT_ASSERT_EQ(enter_space(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate(0x00800000, 0x2000, MEM_RESERVE | MEM_COMMIT,
                          PAGE_READWRITE | PAGE_GUARD),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(query(0x00800000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00800000, 0x00800000, PAGE_READWRITE | PAGE_GUARD, 0x2000,
                   MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD, MEM_PRIVATE);
    KT_ASSERT_EQ(touch(0x00800010, FALSE, &Value), STATUS_GUARD_PAGE_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[1], 0x00800010);
    KT_ASSERT_EQ(query(0x00800000), STATUS_SUCCESS);
    KT_ASSERT_EQ(info.Protect, PAGE_READWRITE);
    KT_ASSERT_EQ(info.RegionSize, 0x1000); /* the second page is guarded */
    KT_ASSERT_EQ(touch(0x00800010, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0);
    /* A write to the other guard page: once. */
    Value = 9;
    KT_ASSERT_EQ(touch(0x00801000, TRUE, &Value), STATUS_GUARD_PAGE_VIOLATION);
    KT_ASSERT_EQ(touch(0x00801000, TRUE, &Value), STATUS_SUCCESS);
    /* A guard on a resident page keeps its contents. */
    KT_ASSERT_EQ(protect(0x00801000, 0x1000, PAGE_READONLY | PAGE_GUARD, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_READWRITE);
    KT_ASSERT_EQ(touch(0x00801000, FALSE, &Value), STATUS_GUARD_PAGE_VIOLATION);
    Value = 0;
    KT_ASSERT_EQ(touch(0x00801000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 9);
    KT_ASSERT_EQ(touch(0x00801000, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_CLEANUP;
    leave_space(&Space);
}

KTEST(vmapi_user_stack_grows_through_its_guard_to_overflow)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    const ULONG Bottom = 0x00900000, Top = Bottom + 8 * PAGE_SIZE;
    PVOID Limit = (PVOID)(Top - PAGE_SIZE);
    ULONG Page, Value = 1, Grown = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    KT_ASSERT_EQ(enter_space(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate(Bottom, 8 * PAGE_SIZE, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        allocate(Top - PAGE_SIZE, PAGE_SIZE, MEM_COMMIT, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate(Top - 2 * PAGE_SIZE, PAGE_SIZE, MEM_COMMIT,
                          PAGE_READWRITE | PAGE_GUARD),
                 STATUS_SUCCESS);
    /* A guard page that is not the stack's is the program's business. */
    KT_ASSERT_EQ(
        MiCheckForUserStackOverflow((PVOID)(Top + 0x10), (PVOID)Bottom, &Limit),
        STATUS_GUARD_PAGE_VIOLATION);
    KT_ASSERT_EQ((ULONG)Limit, Top - PAGE_SIZE);
    /* Push downwards: each guard fires once and moves one page down. */
    for (Page = Top - 2 * PAGE_SIZE; Page > Bottom; Page -= PAGE_SIZE) {
        KT_ASSERT_EQ(touch(Page + 0xFF0, TRUE, &Value),
                     STATUS_GUARD_PAGE_VIOLATION);
        Status = MiCheckForUserStackOverflow((PVOID)(Page + 0xFF0),
                                             (PVOID)Bottom, &Limit);
        KT_ASSERT_EQ((ULONG)Limit, Page);
        if (Status != STATUS_SUCCESS)
            break;
        Grown++;
        KT_ASSERT_EQ(touch(Page + 0xFF0, TRUE, &Value), STATUS_SUCCESS);
        KT_ASSERT_EQ(query(Page - PAGE_SIZE), STATUS_SUCCESS);
        KT_ASSERT_EQ(info.Protect, PAGE_READWRITE | PAGE_GUARD);
    }
    KT_ASSERT_EQ(Status, STATUS_STACK_OVERFLOW);
    KT_ASSERT_EQ(Page, Bottom + PAGE_SIZE);
    KT_ASSERT_EQ(Grown, 5);
    /* The page that fired is room for the handler; the last stays
     * reserved, and touching it is an access violation. */
    KT_ASSERT_EQ(touch(Bottom + PAGE_SIZE, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(query(Bottom), STATUS_SUCCESS);
    KT_ASSERT_INFO(Bottom, Bottom, PAGE_READWRITE, PAGE_SIZE, MEM_RESERVE, 0,
                   MEM_PRIVATE);
    KT_ASSERT_EQ(touch(Bottom + 0xFF0, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_CLEANUP;
    leave_space(&Space);
}

/* With PreviousMode UserMode every pointer argument is probed: kernel,
 * unaligned, unmapped, guarded or kernel-straddling ones give a status
 * and allocate nothing. */
KTEST(vmapi_user_mode_pointers_are_probed)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PVOID KernelBase = NULL;
    SIZE_T KernelSize = PAGE_SIZE;
    volatile ULONG *Args = (volatile ULONG *)0x00A00000;
    KPROCESSOR_MODE Saved = ExpSetPreviousMode(KernelMode);
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Event = NULL;

    KT_ASSERT_EQ(enter_space(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate((ULONG)Args, 0x10000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate((ULONG)Args, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(allocate((ULONG)Args + 0x2000, 0x1000, MEM_COMMIT,
                          PAGE_READWRITE | PAGE_GUARD),
                 STATUS_SUCCESS);
    ExpSetPreviousMode(UserMode);
    /* Kernel pointers. */
    KT_ASSERT_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &KernelBase, 0,
                                         &KernelSize, MEM_RESERVE,
                                         PAGE_READWRITE),
                 STATUS_ACCESS_VIOLATION);
    /* Good user pointers: the results come back through them. */
    Args[0] = 0;
    Args[1] = 0x3000;
    KT_ASSERT_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                         0, (PSIZE_T)&Args[1],
                                         MEM_RESERVE | MEM_COMMIT,
                                         PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Args[0], 0x00010000);
    KT_ASSERT_EQ(Args[1], 0x3000);
    /* Unaligned, unmapped (reserved only), guarded, straddling. */
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)((ULONG)Args + 6), MEM_RELEASE),
                 STATUS_DATATYPE_MISALIGNMENT);
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)((ULONG)Args + 0x1000),
                                     MEM_RELEASE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)((ULONG)Args + 0x2000),
                                     MEM_RELEASE),
                 STATUS_GUARD_PAGE_VIOLATION);
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)0x7FFFFFFC, MEM_RELEASE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtProtectVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                        (PSIZE_T)&Args[1], PAGE_READONLY,
                                        (PULONG)0x80001000),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation, &info,
                                      sizeof(info), NULL),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation,
                                      (PVOID)((ULONG)Args + 0x100),
                                      sizeof(info), (PSIZE_T)0xFFFFFFF0),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation,
                                      (PVOID)((ULONG)Args + 0x100),
                                      sizeof(info), (PSIZE_T)&Args[2]),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Args[2], sizeof(MEMORY_BASIC_INFORMATION));
    /* The refused calls changed nothing: the region is still there. */
    Args[1] = 0;
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)&Args[1], MEM_RELEASE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Args[1], 0x3000);
    ExpSetPreviousMode(KernelMode);
    /* Handles: not open, or not a process. */
    KT_ASSERT_EQ(ZwAllocateVirtualMemory((HANDLE)0x1234, &KernelBase, 0,
                                         &KernelSize, MEM_RESERVE,
                                         PAGE_READWRITE),
                 STATUS_INVALID_HANDLE);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwQueryVirtualMemory(Event, NULL, MemoryBasicInformation,
                                      &info, sizeof(info), NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_CLEANUP;
    ExpSetPreviousMode(Saved);
    if (Event != NULL)
        ZwClose(Event);
    leave_space(&Space);
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
        KT_ASSERT_EQ(enter_space(&Space), STATUS_SUCCESS);
        for (Index = 0; Index < 200; Index++) {
            KT_ASSERT_EQ(allocate(0, (Index % 7 + 1) * PAGE_SIZE,
                                  MEM_COMMIT | (Index & 1 ? MEM_TOP_DOWN : 0),
                                  PAGE_READWRITE),
                         STATUS_SUCCESS);
            Value = Index;
            KT_ASSERT_EQ(
                touch(out_base + (Index % 7) * PAGE_SIZE, TRUE, &Value),
                STATUS_SUCCESS);
        }
        KT_ASSERT_EQ(Space.Process.VadRoot.NumberGenericTableElements, 200);
        KT_ASSERT(MiCheckVadTree(&Space.Process.VadRoot) == 0);
        /* Half released by hand, the rest with the space. */
        for (Index = 0; Index < 100; Index++) {
            PMMVAD Vad = Space.Process.VadRoot.Root;
            KT_ASSERT_EQ(
                release(Vad->StartingVpn << PAGE_SHIFT, 0, MEM_RELEASE),
                STATUS_SUCCESS);
        }
        KT_ASSERT_EQ(Space.Process.VadRoot.NumberGenericTableElements, 100);
        KT_ASSERT(MiCheckVadTree(&Space.Process.VadRoot) == 0);
        leave_space(&Space);
        if (Round == 0) {
            Frames = free_frames();
            Pool = vad_pool_bytes();
        }
        KT_ASSERT_EQ(free_frames(), Frames);
        KT_ASSERT_EQ(vad_pool_bytes(), Pool);
    }
    KT_CLEANUP;
    leave_space(&Space);
}
