/*
 * Helpers of the virtual-memory service tests (virtual_api.c,
 * virtual_api_faults.c): a test address space, the services called on
 * the current process with their results kept, and a touch of memory
 * inside try/except.
 */
#include "vm_api_test.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/paging.h"
#include "kernel/pool.h"
#include "kernel/process.h"
#include "kernel/seh.h"

EXCEPTION_RECORD KtVmCaught;

NTSTATUS KtVmEnterSpace(KT_VM_SPACE *Space)
{
    NTSTATUS Status = MmCreateProcessAddressSpace(&Space->Process);

    Space->Created = NT_SUCCESS(Status);
    Space->Attached = Space->Created;
    if (Space->Attached)
        KeStackAttachProcess(&Space->Process.Pcb, &Space->Apc);
    return Status;
}

VOID KtVmLeaveSpace(KT_VM_SPACE *Space)
{
    if (Space->Attached)
        KeUnstackDetachProcess(&Space->Apc);
    if (Space->Created)
        MmDeleteProcessAddressSpace(&Space->Process);
    Space->Attached = Space->Created = FALSE;
}

PFN_NUMBER KtVmFreeFrames(VOID)
{
    MI_BUDDY_STATISTICS Statistics;

    MiBuddyQuery(&MiBuddy, &Statistics);
    return Statistics.TotalFree + MiZeroedList.Total;
}

/* Bytes of nonpaged pool under the VAD tag. */
SIZE_T KtVmPoolBytes(VOID)
{
    static MI_POOL_TAG_INFO Tags[256];
    ULONG Count = MiQueryPoolTags(Tags, 256), Index;

    for (Index = 0; Index < Count && Index < 256; Index++)
        if (Tags[Index].Tag == 'SdaV')
            return Tags[Index].NonPagedBytes;
    return 0;
}

ULONG KtVmOutBase, KtVmOutSize;

NTSTATUS KtVmAllocate(ULONG Base, ULONG Size, ULONG Type, ULONG Protect)
{
    PVOID Address = (PVOID)Base;
    SIZE_T Length = Size;
    NTSTATUS Status = ZwAllocateVirtualMemory(NtCurrentProcess(), &Address, 0,
                                              &Length, Type, Protect);

    KtVmOutBase = (ULONG)Address;
    KtVmOutSize = Length;
    return Status;
}

NTSTATUS KtVmRelease(ULONG Base, ULONG Size, ULONG Type)
{
    PVOID Address = (PVOID)Base;
    SIZE_T Length = Size;
    NTSTATUS Status =
        ZwFreeVirtualMemory(NtCurrentProcess(), &Address, &Length, Type);

    KtVmOutBase = (ULONG)Address;
    KtVmOutSize = Length;
    return Status;
}

NTSTATUS KtVmProtect(ULONG Base, ULONG Size, ULONG Protect, PULONG Old)
{
    PVOID Address = (PVOID)Base;
    SIZE_T Length = Size;
    NTSTATUS Status = ZwProtectVirtualMemory(NtCurrentProcess(), &Address,
                                             &Length, Protect, Old);

    KtVmOutBase = (ULONG)Address;
    KtVmOutSize = Length;
    return Status;
}

MEMORY_BASIC_INFORMATION KtVmInfo;

NTSTATUS KtVmQuery(ULONG Address)
{
    SIZE_T Returned = 0;
    NTSTATUS Status = ZwQueryVirtualMemory(NtCurrentProcess(), (PVOID)Address,
                                           MemoryBasicInformation, &KtVmInfo,
                                           sizeof(KtVmInfo), &Returned);

    if (NT_SUCCESS(Status) && Returned != sizeof(KtVmInfo))
        return STATUS_UNSUCCESSFUL;
    return Status;
}

/* Reads (Write FALSE) or writes a ULONG inside a try block: the
 * exception code, or STATUS_SUCCESS. */
NTSTATUS KtVmTouch(ULONG Address, BOOLEAN Write, ULONG *Value)
{
    volatile NTSTATUS Code = STATUS_SUCCESS;
    volatile ULONG *Target = (volatile ULONG *)Address;

    RtlZeroMemory(&KtVmCaught, sizeof(KtVmCaught));
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
        RtlCopyMemory(&KtVmCaught, GetExceptionRecord(), sizeof(KtVmCaught));
    }
    SEH_END;
    return Code;
}
