/*
 * The virtual-memory services' arguments: the target process, and every
 * pointer the caller passed. From user mode a pointer must lie in the
 * user half and is touched only inside try/except, so a bad one gives a
 * status, never a bug check; kernel callers (Zw*) are trusted, as on NT.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
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

/* The pointers go through the executive's probes (kernel/ex/capture.c),
 * as every service's do. */
NTSTATUS MiProbeCallerBuffer(PVOID Destination, SIZE_T Length, ULONG Alignment,
                             KPROCESSOR_MODE PreviousMode)
{
    if (PreviousMode == KernelMode)
        return STATUS_SUCCESS;
    return ExpProbeForWrite(Destination, Length, Alignment);
}

NTSTATUS MiCaptureArgument(PVOID Pointer, KPROCESSOR_MODE PreviousMode,
                           PULONG_PTR Value)
{
    NTSTATUS Status;

    if (PreviousMode == KernelMode) {
        *Value = *(PULONG_PTR)Pointer;
        return STATUS_SUCCESS;
    }
    /* Probed for the write-back too, as NT's probes of in-out values are. */
    Status = ExpProbeForWrite(Pointer, sizeof(ULONG_PTR), sizeof(ULONG_PTR));
    if (NT_SUCCESS(Status))
        Status = ExpCopyIn(Value, Pointer, sizeof(ULONG_PTR));
    return Status;
}

NTSTATUS MiReturnToCaller(PVOID Destination, const VOID *Source, SIZE_T Length,
                          ULONG Alignment, KPROCESSOR_MODE PreviousMode)
{
    NTSTATUS Status;

    if (PreviousMode == KernelMode) { /* trusted: no guard to pay for */
        RtlCopyMemory(Destination, Source, Length);
        return STATUS_SUCCESS;
    }
    Status = ExpProbeForWrite(Destination, Length, Alignment);
    if (NT_SUCCESS(Status))
        ExpWriteBack(Destination, Source, Length);
    return Status;
}
