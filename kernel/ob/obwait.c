/*
 * Waits on handles: each handle needs SYNCHRONIZE (checked for callers
 * from user mode); objects of types that are not waitable (directories,
 * links, types) wait on ObpDefaultObject, always signalled, as NT's do.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/pte.h"

#define OB_WAIT_TAG 'tWbO' /* "ObWt" */

KEVENT ObpDefaultObject;

static PVOID dispatcher_object(PVOID Object)
{
    POBJECT_TYPE Type = OBJECT_TO_OBJECT_HEADER(Object)->Type;

    /* Below the system range DefaultObject is an offset into the object,
     * above it the one object every wait on the type shares. */
    if (Type->DefaultObject == NULL)
        return Object;
    if ((ULONG_PTR)Type->DefaultObject < (ULONG_PTR)MM_SYSTEM_RANGE_START)
        return (PUCHAR)Object + (ULONG_PTR)Type->DefaultObject;
    return Type->DefaultObject;
}

NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
                                     PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    LARGE_INTEGER Captured;
    PVOID Object;
    NTSTATUS Status;

    if (Timeout != NULL) { /* read once, before anything else */
        Status = ExpCaptureLargeInteger(Timeout, PreviousMode, &Captured);
        if (!NT_SUCCESS(Status))
            return Status;
        Timeout = &Captured;
    }
    Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, NULL, PreviousMode,
                                       &Object, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = KeWaitForSingleObject(dispatcher_object(Object), UserRequest,
                                   PreviousMode, Alertable, Timeout);
    ObfDereferenceObject(Object);
    return Status;
}

NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, HANDLE Handles[],
                                        WAIT_TYPE WaitType, BOOLEAN Alertable,
                                        PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    HANDLE CapturedHandles[MAXIMUM_WAIT_OBJECTS];
    PVOID Referenced[MAXIMUM_WAIT_OBJECTS];
    PVOID Objects[MAXIMUM_WAIT_OBJECTS];
    PKWAIT_BLOCK WaitBlocks = NULL;
    LARGE_INTEGER CapturedTimeout;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Index, Other, Taken = 0;

    if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS ||
        (Handles == NULL && PreviousMode == KernelMode))
        return STATUS_INVALID_PARAMETER_1;
    if (WaitType != WaitAll && WaitType != WaitAny)
        return STATUS_INVALID_PARAMETER;
    /* The handles and the timeout are copied in before any is used. */
    if (Timeout != NULL) {
        Status =
            ExpCaptureLargeInteger(Timeout, PreviousMode, &CapturedTimeout);
        if (!NT_SUCCESS(Status))
            return Status;
        Timeout = &CapturedTimeout;
    }
    if (PreviousMode != KernelMode) {
        Status =
            ExpProbeForRead(Handles, Count * sizeof(HANDLE), sizeof(HANDLE));
        if (NT_SUCCESS(Status))
            Status =
                ExpCopyIn(CapturedHandles, Handles, Count * sizeof(HANDLE));
        if (!NT_SUCCESS(Status))
            return Status;
    } else {
        RtlCopyMemory(CapturedHandles, Handles, Count * sizeof(HANDLE));
    }
    for (Index = 0; Index < Count; Index++) {
        Status =
            ObReferenceObjectByHandle(CapturedHandles[Index], SYNCHRONIZE, NULL,
                                      PreviousMode, &Referenced[Index], NULL);
        if (!NT_SUCCESS(Status))
            goto out;
        Taken++;
        Objects[Index] = dispatcher_object(Referenced[Index]);
        /* One object twice in a wait for all could never be satisfied. */
        for (Other = 0; WaitType == WaitAll && Other < Index; Other++) {
            if (Objects[Other] == Objects[Index]) {
                Status = STATUS_INVALID_PARAMETER_MIX;
                goto out;
            }
        }
    }
    if (Count > THREAD_WAIT_OBJECTS) {
        WaitBlocks = ExAllocatePoolWithTag(
            NonPagedPool, Count * sizeof(KWAIT_BLOCK), OB_WAIT_TAG);
        if (WaitBlocks == NULL) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            goto out;
        }
    }
    Status =
        KeWaitForMultipleObjects(Count, Objects, WaitType, UserRequest,
                                 PreviousMode, Alertable, Timeout, WaitBlocks);
out:
    if (WaitBlocks != NULL)
        ExFreePoolWithTag(WaitBlocks, OB_WAIT_TAG);
    for (Index = 0; Index < Taken; Index++)
        ObfDereferenceObject(Referenced[Index]);
    return Status;
}
