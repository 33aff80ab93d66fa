/*
 * Symbolic links: an object whose body is a target path. A lookup that
 * meets one in the middle of a path (or at its end, unless the caller
 * opens the link itself) goes on from the target (obname.c).
 */
#include "kernel/object.h"

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
    NTSTATUS Status;

    if (LinkHandle == NULL || LinkTarget == NULL || (LinkTarget->Length & 1) ||
        LinkTarget->Length > LinkTarget->MaximumLength ||
        (LinkTarget->Length != 0 && LinkTarget->Buffer == NULL))
        return STATUS_INVALID_PARAMETER;
    *LinkHandle = NULL;
    Status = ObCreateObject(PreviousMode, ObpSymbolicLinkObjectType,
                            ObjectAttributes, PreviousMode, NULL,
                            sizeof(OBJECT_SYMBOLIC_LINK), 0, 0, (PVOID *)&Link);
    if (!NT_SUCCESS(Status))
        return Status;
    Link->CreationTime.QuadPart = (LONGLONG)KeQueryInterruptTime();
    if (LinkTarget->Length != 0) {
        Link->LinkTarget.Buffer = ExAllocatePoolWithTag(
            NonPagedPool, LinkTarget->Length, OB_LINK_TARGET_TAG);
        if (Link->LinkTarget.Buffer == NULL) {
            ObfDereferenceObject(Link);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        RtlCopyMemory(Link->LinkTarget.Buffer, LinkTarget->Buffer,
                      LinkTarget->Length);
        Link->LinkTarget.Length = Link->LinkTarget.MaximumLength =
            LinkTarget->Length;
    }
    return ObInsertObject(Link, NULL, DesiredAccess, 0, NULL, LinkHandle);
}

NTSTATUS NTAPI NtOpenSymbolicLinkObject(PHANDLE LinkHandle,
                                        ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes)
{
    if (LinkHandle == NULL)
        return STATUS_INVALID_PARAMETER;
    *LinkHandle = NULL;
    return ObOpenObjectByName(ObjectAttributes, ObpSymbolicLinkObjectType,
                              ExGetPreviousMode(), NULL, DesiredAccess, NULL,
                              LinkHandle);
}

NTSTATUS NTAPI NtQuerySymbolicLinkObject(HANDLE LinkHandle,
                                         PUNICODE_STRING LinkTarget,
                                         PULONG ReturnedLength)
{
    POBJECT_SYMBOLIC_LINK Link;
    NTSTATUS Status;
    ULONG Length;

    if (LinkTarget == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = ObReferenceObjectByHandle(
        LinkHandle, SYMBOLIC_LINK_QUERY, ObpSymbolicLinkObjectType,
        ExGetPreviousMode(), (PVOID *)&Link, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Length = Link->LinkTarget.Length;
    if (ReturnedLength != NULL) /* with the terminator when it fits */
        *ReturnedLength =
            Length + (LinkTarget->MaximumLength > Length ? sizeof(WCHAR) : 0);
    if (LinkTarget->MaximumLength < Length) {
        Status = STATUS_BUFFER_TOO_SMALL;
    } else {
        RtlCopyMemory(LinkTarget->Buffer, Link->LinkTarget.Buffer, Length);
        LinkTarget->Length = (USHORT)Length;
        if (LinkTarget->MaximumLength >= Length + sizeof(WCHAR))
            LinkTarget->Buffer[Length / sizeof(WCHAR)] = 0;
    }
    ObfDereferenceObject(Link);
    return Status;
}
