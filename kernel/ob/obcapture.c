/*
 * Capturing OBJECT_ATTRIBUTES, as NT's ObpCaptureObjectCreateInformation
 * and ObpCaptureObjectName do: from user mode the structure is probed and
 * copied once, and the name's buffer probed and copied into pool, so the
 * lookup that follows (under the namespace lock) reads only kernel memory
 * and cannot fault or see the name change.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/seh.h"

NTSTATUS ObpCaptureObjectAttributes(POBJECT_ATTRIBUTES ObjectAttributes,
                                    KPROCESSOR_MODE ProbeMode,
                                    POBJECT_ATTRIBUTES Captured,
                                    PUNICODE_STRING CapturedName)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    NTSTATUS NameStatus;

    RtlZeroMemory(Captured, sizeof(*Captured));
    CapturedName->Length = CapturedName->MaximumLength = 0;
    CapturedName->Buffer = NULL;
    SEH_TRY
    {
        if (ProbeMode != KernelMode)
            ProbeForRead(ObjectAttributes, sizeof(OBJECT_ATTRIBUTES),
                         sizeof(ULONG));
        *Captured = *(volatile OBJECT_ATTRIBUTES *)ObjectAttributes;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    if (!NT_SUCCESS(Status))
        return Status;
    if (Captured->Length != sizeof(OBJECT_ATTRIBUTES) ||
        (Captured->Attributes & ~OBJ_VALID_ATTRIBUTES))
        return STATUS_INVALID_PARAMETER;
    if (Captured->ObjectName == NULL)
        return STATUS_SUCCESS;
    NameStatus = ExpCaptureUnicodeString(Captured->ObjectName, ProbeMode,
                                         OB_NAME_TAG, CapturedName);
    if (!NT_SUCCESS(NameStatus))
        return NameStatus;
    Captured->ObjectName = CapturedName;
    return STATUS_SUCCESS;
}

VOID ObpReleaseCapturedName(PUNICODE_STRING CapturedName)
{
    ExpReleaseCapturedUnicodeString(CapturedName, OB_NAME_TAG);
}
