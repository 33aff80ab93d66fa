/*
 * Symbolic links: an object whose body is a target path. A lookup that
 * meets one in the middle of a path (or at its end, unless the caller
 * opens the link itself) goes on from the target (obname.c).
 */
#include "kernel/object.h"
#include "kernel/probe.h"

#define OB_LINK_TARGET_TAG 'tLbO' /* "ObLt" */

VOID ObpDeleteSymbolicLink(PVOID Object)
{
    POBJECT_SYMBOLIC_LINK Link = Object;

    if (Link->LinkTarget.Buffer != NULL)
        ExFreePoolWithTag(Link->LinkTarget.Buffer, OB_LINK_TARGET_TAG);
}

NTSTATUS NTAPI NtCreateSymbolicLinkObject(PHANDLE LinkHandle,
                                          ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes,
                                          PUNICODE_STRING LinkTarget)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    POBJECT_SYMBOLIC_LINK Link;
    UNICODE_STRING Target;
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(LinkHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (LinkTarget == NULL && PreviousMode == KernelMode)
        return STATUS_INVALID_PARAMETER;
    /* The target is copied in first: from here on it is the kernel's. */
    Status = ExpCaptureUnicodeString(LinkTarget, PreviousMode,
                                     OB_LINK_TARGET_TAG, &Target);
    if (Status == STATUS_OBJECT_NAME_INVALID)
        Status = STATUS_INVALID_PARAMETER; /* a malformed target */
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObCreateObject(PreviousMode, ObpSymbolicLinkObjectType,
                            ObjectAttributes, PreviousMode, NULL,
                            sizeof(OBJECT_SYMBOLIC_LINK), 0, 0, (PVOID *)&Link);
    if (!NT_SUCCESS(Status)) {
        ExpReleaseCapturedUnicodeString(&Target, OB_LINK_TARGET_TAG);
        return Status;
    }
    KeQuerySystemTime(&Link->CreationTime);
    Link->LinkTarget = Target; /* the link's now: freed with it */
    Status = ObInsertObject(Link, NULL, DesiredAccess, 0, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(LinkHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtOpenSymbolicLinkObject(PHANDLE LinkHandle,
                                        ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(LinkHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        ObOpenObjectByName(ObjectAttributes, ObpSymbolicLinkObjectType,
                           PreviousMode, NULL, DesiredAccess, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(LinkHandle, &Handle, sizeof(Handle));
    return Status;
}

/* The caller's UNICODE_STRING, its buffer and ReturnedLength, probed
 * for writing from user mode; the structure captured. */
static NTSTATUS probe_query(PUNICODE_STRING LinkTarget, PULONG ReturnedLength,
                            PUNICODE_STRING Captured)
{
    NTSTATUS Status;

    Status = ExpProbeForWrite(LinkTarget, sizeof(*LinkTarget), sizeof(ULONG));
    if (NT_SUCCESS(Status))
        Status = ExpCopyIn(Captured, LinkTarget, sizeof(*Captured));
    if (NT_SUCCESS(Status))
        Status = ExpProbeForWrite(Captured->Buffer, Captured->MaximumLength, 1);
    if (NT_SUCCESS(Status) && ReturnedLength != NULL)
        Status = ExpProbeForWrite(ReturnedLength, sizeof(ULONG), 1);
    return Status;
}

NTSTATUS NTAPI NtQuerySymbolicLinkObject(HANDLE LinkHandle,
                                         PUNICODE_STRING LinkTarget,
                                         PULONG ReturnedLength)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    POBJECT_SYMBOLIC_LINK Link;
    UNICODE_STRING Target;
    NTSTATUS Status;
    ULONG Length, Needed;
    USHORT Written;
    WCHAR Terminator = 0;

    if (PreviousMode != KernelMode) {
        Status = probe_query(LinkTarget, ReturnedLength, &Target);
        if (!NT_SUCCESS(Status))
            return Status;
    } else {
        if (LinkTarget == NULL)
            return STATUS_INVALID_PARAMETER;
        Target = *LinkTarget;
    }
    Status = ObReferenceObjectByHandle(LinkHandle, SYMBOLIC_LINK_QUERY,
                                       ObpSymbolicLinkObjectType, PreviousMode,
                                       (PVOID *)&Link, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Length = Link->LinkTarget.Length;
    /* With the terminator when it fits. */
    Needed = Length + (Target.MaximumLength > Length ? sizeof(WCHAR) : 0);
    if (ReturnedLength != NULL)
        ExpWriteBack(ReturnedLength, &Needed, sizeof(Needed));
    if (Target.MaximumLength < Length) {
        Status = STATUS_BUFFER_TOO_SMALL;
    } else {
        Written = (USHORT)Length;
        ExpWriteBack(Target.Buffer, Link->LinkTarget.Buffer, Length);
        if (Target.MaximumLength >= Length + sizeof(WCHAR))
            ExpWriteBack(&Target.Buffer[Length / sizeof(WCHAR)], &Terminator,
                         sizeof(Terminator));
        ExpWriteBack(&LinkTarget->Length, &Written, sizeof(Written));
    }
    ObfDereferenceObject(Link);
    return Status;
}
