/*
 * Semaphore objects (type "Semaphore"): a KSEMAPHORE with an object
 * header and the services over handles to them. A release past the
 * maximum is STATUS_SEMAPHORE_LIMIT_EXCEEDED and changes nothing.
 */
#include "kernel/object.h"
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
    NTSTATUS Status;

    if (SemaphoreHandle == NULL || MaximumCount <= 0 || InitialCount < 0 ||
        InitialCount > MaximumCount)
        return STATUS_INVALID_PARAMETER;
    *SemaphoreHandle = NULL;
    Status = ObCreateObject(PreviousMode, ExpSemaphoreObjectType,
                            ObjectAttributes, PreviousMode, NULL,
                            sizeof(KSEMAPHORE), 0, 0, (PVOID *)&Semaphore);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeSemaphore(Semaphore, InitialCount, MaximumCount);
    return ObInsertObject(Semaphore, NULL, DesiredAccess, 0, NULL,
                          SemaphoreHandle);
}

NTSTATUS NTAPI NtOpenSemaphore(PHANDLE SemaphoreHandle,
                               ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes)
{
    if (SemaphoreHandle == NULL)
        return STATUS_INVALID_PARAMETER;
    return ObOpenObjectByName(ObjectAttributes, ExpSemaphoreObjectType,
                              ExGetPreviousMode(), NULL, DesiredAccess, NULL,
                              SemaphoreHandle);
}

NTSTATUS NTAPI NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount,
                                  PLONG PreviousCount)
{
    PKSEMAPHORE Semaphore;
    volatile NTSTATUS Status;
    volatile LONG Before = 0;

    if (ReleaseCount <= 0)
        return STATUS_INVALID_PARAMETER;
    Status = ObReferenceObjectByHandle(
        SemaphoreHandle, SEMAPHORE_MODIFY_STATE, ExpSemaphoreObjectType,
        ExGetPreviousMode(), (PVOID *)&Semaphore, NULL);
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
    if (NT_SUCCESS(Status) && PreviousCount != NULL)
        *PreviousCount = Before;
    return Status;
}
