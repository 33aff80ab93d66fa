/*
 * The virtual-memory services' arguments: the target process, and every
 * pointer the caller passed. From user mode a pointer must lie in the
 * user half and is touched only inside try/except, so a bad one gives a
 * status, never a bug check; kernel callers (Zw*) are trusted, as on NT.
 */
#include "kernel/object.h"
#include "kernel/seh.h"
#include "kernel/vm_service.h"

NTSTATUS MiAttachVmTarget(HANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                          KPROCESSOR_MODE PreviousMode, PMI_VM_TARGET Target)
{
    NTSTATUS Status;
    PVOID Object;

    Target->Referenced = FALSE;
    if (ProcessHandle == NtCurrentProcess()) {
        /* The current process cannot go away under its own thread. */
        Target->Process = PsGetCurrentProcess();
    } else {
        Status = ObReferenceObjectByHandle(ProcessHandle, DesiredAccess,
                                           *PsProcessType, PreviousMode,
                                           &Object, NULL);
        if (!NT_SUCCESS(Status))
            return Status;
        Target->Process = Object;
        Target->Referenced = TRUE;
    }
    KeStackAttachProcess(&Target->Process->Pcb, &Target->ApcState);
    KeAcquireGuardedMutex(&Target->Process->AddressCreationLock);
    return STATUS_SUCCESS;
}

VOID MiDetachVmTarget(PMI_VM_TARGET Target)
{
    KeReleaseGuardedMutex(&Target->Process->AddressCreationLock);
    KeUnstackDetachProcess(&Target->ApcState);
    if (Target->Referenced)
        ObDereferenceObject(Target->Process);
}

/* Address..Address+Length inside the user half without wrapping (what
 * ProbeForRead/ProbeForWrite check first). */
static NTSTATUS check_user_range(PVOID Address, SIZE_T Length, ULONG Alignment)
{
    ULONG_PTR Start = (ULONG_PTR)Address;

    if (Length == 0)
        return STATUS_SUCCESS;
    if ((Start & (Alignment - 1)) != 0)
        return STATUS_DATATYPE_MISALIGNMENT;
    if (Start + Length < Start || Start + Length > MM_USER_PROBE_ADDRESS)
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS MiProbeCallerBuffer(PVOID Destination, SIZE_T Length, ULONG Alignment,
                             KPROCESSOR_MODE PreviousMode)
{
    volatile NTSTATUS Status;
    ULONG_PTR Page, Last;

    if (PreviousMode == KernelMode || Length == 0)
        return STATUS_SUCCESS;
    Status = check_user_range(Destination, Length, Alignment);
    if (!NT_SUCCESS(Status))
        return Status;
    Page = (ULONG_PTR)Destination;
    Last = Page + Length - 1;
    SEH_TRY
    {
        /* Each page written with what it holds, as ProbeForWrite does. */
        for (;;) {
            volatile UCHAR *Byte = (volatile UCHAR *)Page;
            *Byte = *Byte;
            if ((Page | (PAGE_SIZE - 1)) >= Last)
                break;
            Page = (Page | (PAGE_SIZE - 1)) + 1;
        }
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}

NTSTATUS MiCaptureArgument(PVOID Pointer, KPROCESSOR_MODE PreviousMode,
                           PULONG_PTR Value)
{
    volatile NTSTATUS Status;

    if (PreviousMode == KernelMode) {
        *Value = *(PULONG_PTR)Pointer;
        return STATUS_SUCCESS;
    }
    Status = check_user_range(Pointer, sizeof(ULONG_PTR), sizeof(ULONG_PTR));
    if (!NT_SUCCESS(Status))
        return Status;
    SEH_TRY
    {
        volatile ULONG_PTR *Location = Pointer;
        *Value = *Location;
        *Location = *Value; /* probed for the write-back too */
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}

NTSTATUS MiReturnToCaller(PVOID Destination, const VOID *Source, SIZE_T Length,
                          ULONG Alignment, KPROCESSOR_MODE PreviousMode)
{
    volatile NTSTATUS Status;

    if (PreviousMode == KernelMode) {
        RtlCopyMemory(Destination, Source, Length);
        return STATUS_SUCCESS;
    }
    Status = check_user_range(Destination, Length, Alignment);
    if (!NT_SUCCESS(Status))
        return Status;
    SEH_TRY
    {
        RtlCopyMemory(Destination, Source, Length);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}
