/*
 * Semaphore objects (type "Semaphore"): a KSEMAPHORE with an object
 * header and the services over handles to them. A release past the
 * maximum is STATUS_SEMAPHORE_LIMIT_EXCEEDED and changes nothing.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/seh.h"

POBJECT_TYPE ExpSemaphoreObjectType;
POBJECT_TYPE *ExSemaphoreObjectType = &ExpSemaphoreObjectType;

VOID ExpInitializeSemaphoreImplementation(VOID)
{
    ObpCreateType(u"Semaphore", SEMAPHORE_QUERY_STATE, SEMAPHORE_MODIFY_STATE,
                  SYNCHRONIZE, SEMAPHORE_ALL_ACCESS, TRUE, NULL,
                  &ExpSemaphoreObjectType);
}

NTSTATUS NTAPI NtCreateSemaphore(PHANDLE SemaphoreHandle,
                                 ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 LONG InitialCount, LONG MaximumCount)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    PKSEMAPHORE Semaphore;
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(SemaphoreHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (MaximumCount <= 0 || InitialCount < 0 || InitialCount > MaximumCount)
        return STATUS_INVALID_PARAMETER;
    Status = ObCreateObject(PreviousMode, ExpSemaphoreObjectType,
                            ObjectAttributes, PreviousMode, NULL,
                            sizeof(KSEMAPHORE), 0, 0, (PVOID *)&Semaphore);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeSemaphore(Semaphore, InitialCount, MaximumCount);
    Status = ObInsertObject(Semaphore, NULL, DesiredAccess, 0, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(SemaphoreHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtOpenSemaphore(PHANDLE SemaphoreHandle,
                               ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(SemaphoreHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        ObOpenObjectByName(ObjectAttributes, ExpSemaphoreObjectType,
                           PreviousMode, NULL, DesiredAccess, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(SemaphoreHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount,
                                  PLONG PreviousCount)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    PKSEMAPHORE Semaphore;
    volatile NTSTATUS Status;
    volatile LONG Before = 0;
    LONG Result;

    if (PreviousCount != NULL && PreviousMode != KernelMode) {
        Status = ExpProbeForWrite(PreviousCount, sizeof(LONG), 1);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (ReleaseCount <= 0)
        return STATUS_INVALID_PARAMETER;
    Status = ObReferenceObjectByHandle(SemaphoreHandle, SEMAPHORE_MODIFY_STATE,
                                       ExpSemaphoreObjectType, PreviousMode,
                                       (PVOID *)&Semaphore, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    SEH_TRY
    {
        Before = KeReleaseSemaphore(Semaphore, SEMAPHORE_INCREMENT,
                                    ReleaseCount, FALSE);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode(); /* past the limit */
    }
    SEH_END;
    ObfDereferenceObject(Semaphore);
    Result = Before;
    if (NT_SUCCESS(Status) && PreviousCount != NULL)
        ExpWriteBack(PreviousCount, &Result, sizeof(Result));
    return Status;
}
