/*
 * What a handle says about its object: NtQueryObject's basic and name
 * information in NT's layouts, the handle's flags (inherit, protect from
 * close), and making a permanent object temporary.
 */
#include "kernel/object.h"
#include "kernel/probe.h"

#define OB_QUERY_TAG 'qQbO' /* "ObQq" */

/* The name information is built in pool and copied out whole, so the
 * caller's buffer is touched only by the copy. Info is the caller's
 * buffer, whose address the returned UNICODE_STRING points into. */
static NTSTATUS query_name(PVOID Object, POBJECT_NAME_INFORMATION Info,
                           ULONG Length, PULONG Total)
{
    POBJECT_NAME_INFORMATION Built;
    ULONG Needed;

    ObpAcquireNamespaceShared();
    Needed = ObpQueryFullName(Object, NULL, 0);
    *Total = sizeof(*Info) + (Needed != 0 ? Needed + sizeof(WCHAR) : 0);
    if (Length < *Total) {
        ObpReleaseNamespace();
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    Built = ExAllocatePoolWithTag(NonPagedPool, *Total, OB_QUERY_TAG);
    if (Built == NULL) {
        ObpReleaseNamespace();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ObpQueryFullName(Object, (PWCHAR)(Built + 1), Needed);
    ObpReleaseNamespace();
    if (Needed == 0) { /* unnamed */
        Built->Name.Length = Built->Name.MaximumLength = 0;
        Built->Name.Buffer = NULL;
    } else {
        ((PWCHAR)(Built + 1))[Needed / sizeof(WCHAR)] = 0;
        Built->Name.Buffer = (PWCHAR)(Info + 1);
        Built->Name.Length = (USHORT)Needed;
        Built->Name.MaximumLength = (USHORT)(Needed + sizeof(WCHAR));
    }
    ExpWriteBack(Info, Built, *Total);
    ExFreePoolWithTag(Built, OB_QUERY_TAG);
    return STATUS_SUCCESS;
}

static VOID query_basic(PVOID Object, const OBJECT_HANDLE_INFORMATION *Handle,
                        POBJECT_BASIC_INFORMATION Basic)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);

    RtlZeroMemory(Basic, sizeof(*Basic));
    Basic->Attributes = Handle->HandleAttributes;
    if (Header->Flags & OB_FLAG_PERMANENT)
        Basic->Attributes |= OBJ_PERMANENT;
    Basic->GrantedAccess = Handle->GrantedAccess;
    Basic->HandleCount = (ULONG)Header->HandleCount;
    Basic->PointerCount = (ULONG)Header->PointerCount - 1; /* not ours */
    if (Header->Type == ObpSymbolicLinkObjectType)
        Basic->CreationTime = ((POBJECT_SYMBOLIC_LINK)Object)->CreationTime;
    if (OBJECT_HEADER_TO_NAME_INFO(Header) != NULL) {
        ULONG Needed;

        ObpAcquireNamespaceShared();
        Needed = ObpQueryFullName(Object, NULL, 0);
        ObpReleaseNamespace();
        if (Needed != 0)
            Basic->NameInfoSize =
                sizeof(OBJECT_NAME_INFORMATION) + Needed + sizeof(WCHAR);
    }
}

/* From user mode the buffer and ReturnLength are probed before the
 * handle is looked at, and written only by copies. */
NTSTATUS NTAPI NtQueryObject(HANDLE Handle,
                             OBJECT_INFORMATION_CLASS ObjectInformationClass,
                             PVOID ObjectInformation,
                             ULONG ObjectInformationLength, PULONG ReturnLength)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    OBJECT_HANDLE_INFORMATION HandleInfo;
    OBJECT_BASIC_INFORMATION Basic;
    PVOID Object;
    NTSTATUS Status;
    ULONG Total;

    if (ObjectInformationClass != ObjectBasicInformation &&
        ObjectInformationClass != ObjectNameInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (PreviousMode != KernelMode) {
        Status = ExpProbeForWrite(ObjectInformation, ObjectInformationLength,
                                  sizeof(ULONG));
        if (NT_SUCCESS(Status) && ReturnLength != NULL)
            Status = ExpProbeForWrite(ReturnLength, sizeof(ULONG), 1);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = ObReferenceObjectByHandle(Handle, 0, NULL, PreviousMode, &Object,
                                       &HandleInfo);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObjectInformationClass == ObjectNameInformation) {
        Status = query_name(Object, ObjectInformation, ObjectInformationLength,
                            &Total);
    } else {
        Total = sizeof(OBJECT_BASIC_INFORMATION);
        if (ObjectInformationLength != sizeof(OBJECT_BASIC_INFORMATION)) {
            Status = STATUS_INFO_LENGTH_MISMATCH;
        } else {
            query_basic(Object, &HandleInfo, &Basic);
            ExpWriteBack(ObjectInformation, &Basic, sizeof(Basic));
        }
    }
    ObfDereferenceObject(Object);
    if (ReturnLength != NULL && Status != STATUS_INSUFFICIENT_RESOURCES)
        ExpWriteBack(ReturnLength, &Total, sizeof(Total));
    return Status;
}

NTSTATUS NTAPI NtSetInformationObject(
    HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass,
    PVOID ObjectInformation, ULONG ObjectInformationLength)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    OBJECT_HANDLE_FLAG_INFORMATION Flags;
    PHANDLE_TABLE Table;
    NTSTATUS Status;

    if (ObjectInformationClass != ObjectHandleFlagInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (ObjectInformationLength != sizeof(OBJECT_HANDLE_FLAG_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (PreviousMode != KernelMode) {
        Status =
            ExpProbeForRead(ObjectInformation, sizeof(Flags), sizeof(BOOLEAN));
        if (NT_SUCCESS(Status))
            Status = ExpCopyIn(&Flags, ObjectInformation, sizeof(Flags));
        if (!NT_SUCCESS(Status))
            return Status;
    } else {
        Flags = *(POBJECT_HANDLE_FLAG_INFORMATION)ObjectInformation;
    }
    Table = ObpTableForHandle(Handle, PreviousMode);
    if (Table == NULL ||
        !ObpSetHandleAttributes(
            Table, Handle,
            (Flags.Inherit ? OBJ_INHERIT : 0) |
                (Flags.ProtectFromClose ? OBJ_PROTECT_CLOSE : 0)))
        return STATUS_INVALID_HANDLE;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtMakeTemporaryObject(HANDLE Handle)
{
    PVOID Object;
    NTSTATUS Status = ObReferenceObjectByHandle(
        Handle, DELETE, NULL, ExGetPreviousMode(), &Object, NULL);

    if (!NT_SUCCESS(Status))
        return Status;
    ObMakeTemporaryObject(Object);
    ObfDereferenceObject(Object);
    return STATUS_SUCCESS;
}
