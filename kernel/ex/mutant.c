/*
 * Mutant objects (type "Mutant"): a KMUTANT with an object header and the
 * services over handles to them. A release by a thread that does not own
 * it is STATUS_MUTANT_NOT_OWNED; a mutant deleted while owned is released
 * as abandoned first, so its owner's list lets go of it.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/seh.h"

POBJECT_TYPE ExpMutantObjectType;
POBJECT_TYPE *ExMutantObjectType = &ExpMutantObjectType;

static VOID delete_mutant(PVOID Object)
{
    PKMUTANT Mutant = Object;

    if (Mutant->OwnerThread != NULL)
        KeReleaseMutant(Mutant, MUTANT_INCREMENT, TRUE, FALSE);
}

VOID ExpInitializeMutantImplementation(VOID)
{
    ObpCreateType(u"Mutant", MUTANT_QUERY_STATE, 0, SYNCHRONIZE,
                  MUTANT_ALL_ACCESS, TRUE, delete_mutant, &ExpMutantObjectType);
}

NTSTATUS NTAPI NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              BOOLEAN InitialOwner)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    PKMUTANT Mutant;
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(MutantHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObCreateObject(PreviousMode, ExpMutantObjectType, ObjectAttributes,
                            PreviousMode, NULL, sizeof(KMUTANT), 0, 0,
                            (PVOID *)&Mutant);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeMutant(Mutant, InitialOwner);
    Status = ObInsertObject(Mutant, NULL, DesiredAccess, 0, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(MutantHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtOpenMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(MutantHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        ObOpenObjectByName(ObjectAttributes, ExpMutantObjectType, PreviousMode,
                           NULL, DesiredAccess, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(MutantHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    PKMUTANT Mutant;
    volatile NTSTATUS Status;
    volatile LONG Before = 0;
    LONG Result;

    if (PreviousCount != NULL && PreviousMode != KernelMode) {
        Status = ExpProbeForWrite(PreviousCount, sizeof(LONG), 1);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    /* NT asks for no specific right: ownership is the check. */
    Status = ObReferenceObjectByHandle(MutantHandle, 0, ExpMutantObjectType,
                                       PreviousMode, (PVOID *)&Mutant, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    SEH_TRY
    {
        Before = KeReleaseMutant(Mutant, MUTANT_INCREMENT, FALSE, FALSE);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode(); /* not the owner */
    }
    SEH_END;
    ObfDereferenceObject(Mutant);
    Result = Before;
    if (NT_SUCCESS(Status) && PreviousCount != NULL)
        ExpWriteBack(PreviousCount, &Result, sizeof(Result));
    return Status;
}
