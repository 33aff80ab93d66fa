/*
 * Capturing a UNICODE_STRING a system service was given: the structure
 * read once, the buffer probed (from user mode) and copied into pool, so
 * the service goes on with kernel memory the caller cannot change or
 * unmap under it.
 */
#include "kernel/probe.h"
#include "kernel/seh.h"

NTSTATUS ExpCaptureUnicodeString(PCUNICODE_STRING Source, KPROCESSOR_MODE Mode,
                                 ULONG Tag, PUNICODE_STRING Captured)
{
    UNICODE_STRING Input = {0, 0, NULL};
    PWSTR volatile Buffer = NULL;
    volatile NTSTATUS Status = STATUS_SUCCESS;

    Captured->Length = Captured->MaximumLength = 0;
    Captured->Buffer = NULL;
    SEH_TRY
    {
        if (Mode != KernelMode)
            Input = ProbeAndReadUnicodeString(Source);
        else
            Input = *Source;
        if ((Input.Length & 1) || Input.Length > Input.MaximumLength ||
            (Input.Length != 0 && Input.Buffer == NULL)) {
            Status = STATUS_OBJECT_NAME_INVALID;
        } else if (Input.Length != 0) {
            if (Mode != KernelMode)
                ProbeForRead(Input.Buffer, Input.Length, sizeof(WCHAR));
            Buffer = ExAllocatePoolWithTag(NonPagedPool, Input.Length, Tag);
            if (Buffer == NULL)
                Status = STATUS_INSUFFICIENT_RESOURCES;
            else
                RtlCopyMemory(Buffer, Input.Buffer, Input.Length);
        }
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    if (!NT_SUCCESS(Status)) {
        if (Buffer != NULL)
            ExFreePoolWithTag(Buffer, Tag);
        return Status;
    }
    if (Buffer != NULL) {
        Captured->Buffer = Buffer;
        Captured->Length = Captured->MaximumLength = Input.Length;
    }
    return STATUS_SUCCESS;
}

VOID ExpReleaseCapturedUnicodeString(PUNICODE_STRING Captured, ULONG Tag)
{
    if (Captured->Buffer != NULL)
        ExFreePoolWithTag(Captured->Buffer, Tag);
    Captured->Buffer = NULL;
    Captured->Length = Captured->MaximumLength = 0;
}

NTSTATUS ExpProbeForWrite(PVOID Address, SIZE_T Length, ULONG Alignment)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    SEH_TRY
    {
        ProbeForWrite(Address, Length, Alignment);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}

NTSTATUS ExpProbeForRead(PVOID Address, SIZE_T Length, ULONG Alignment)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    SEH_TRY
    {
        ProbeForRead(Address, Length, Alignment);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}

NTSTATUS ExpProbeHandleOut(PHANDLE Handle, KPROCESSOR_MODE Mode)
{
    if (Mode != KernelMode)
        return ExpProbeForWrite(Handle, sizeof(HANDLE), 1);
    if (Handle == NULL)
        return STATUS_INVALID_PARAMETER;
    *Handle = NULL;
    return STATUS_SUCCESS;
}

VOID ExpWriteBack(PVOID Target, const VOID *Source, SIZE_T Length)
{
    SEH_TRY
    {
        RtlCopyMemory(Target, Source, Length);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        /* The caller unmapped or protected its buffer since the probe:
         * what was done stays done, as on NT. */
    }
    SEH_END;
}

NTSTATUS ExpCaptureLargeInteger(PLARGE_INTEGER Source, KPROCESSOR_MODE Mode,
                                PLARGE_INTEGER Captured)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    volatile LONGLONG Value = 0;

    SEH_TRY
    {
        if (Mode != KernelMode)
            Value = ProbeAndReadLargeInteger(Source).QuadPart;
        else
            Value = Source->QuadPart;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    Captured->QuadPart = Value;
    return Status;
}

NTSTATUS ExpCopyIn(PVOID Target, const VOID *Source, SIZE_T Length)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    SEH_TRY
    {
        RtlCopyMemory(Target, Source, Length);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}
