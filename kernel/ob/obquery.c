/*
 * What a handle says about its object: NtQueryObject's basic and name
 * information in NT's layouts, the handle's flags (inherit, protect from
 * close), and making a permanent object temporary.
 */
#include "kernel/object.h"

static NTSTATUS query_name(PVOID Object, POBJECT_NAME_INFORMATION Info,
                           ULONG Length, PULONG ReturnLength)
{
    PWCHAR Text = (PWCHAR)(Info + 1);
    ULONG Available = Length > sizeof(*Info) + sizeof(WCHAR)
                          ? Length - sizeof(*Info) - sizeof(WCHAR)
                          : 0;
    ULONG Needed, Total;

    ObpAcquireNamespaceShared();
    Needed = ObpQueryFullName(Object, Text, Available);
    ObpReleaseNamespace();
    Total = sizeof(*Info) + (Needed != 0 ? Needed + sizeof(WCHAR) : 0);
    if (ReturnLength != NULL)
        *ReturnLength = Total;
    if (Length < Total)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (Needed == 0) { /* unnamed */
        Info->Name.Length = Info->Name.MaximumLength = 0;
        Info->Name.Buffer = NULL;
        return STATUS_SUCCESS;
    }
    Text[Needed / sizeof(WCHAR)] = 0;
    Info->Name.Buffer = Text;
    Info->Name.Length = (USHORT)Needed;
    Info->Name.MaximumLength = (USHORT)(Needed + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtQueryObject(HANDLE Handle,
                             OBJECT_INFORMATION_CLASS ObjectInformationClass,
                             PVOID ObjectInformation,
                             ULONG ObjectInformationLength, PULONG ReturnLength)
{
    OBJECT_HANDLE_INFORMATION HandleInfo;
    POBJECT_BASIC_INFORMATION Basic = ObjectInformation;
    POBJECT_HEADER Header;
    PVOID Object;
    NTSTATUS Status;

    if (ObjectInformationClass != ObjectBasicInformation &&
        ObjectInformationClass != ObjectNameInformation)
        return STATUS_INVALID_INFO_CLASS;
    Status = ObReferenceObjectByHandle(Handle, 0, NULL, ExGetPreviousMode(),
                                       &Object, &HandleInfo);
    if (!NT_SUCCESS(Status))
        return Status;
    Header = OBJECT_TO_OBJECT_HEADER(Object);
    if (ObjectInformationClass == ObjectNameInformation) {
        Status = query_name(Object, ObjectInformation, ObjectInformationLength,
                            ReturnLength);
        ObfDereferenceObject(Object);
        return Status;
    }
    if (ReturnLength != NULL)
        *ReturnLength = sizeof(OBJECT_BASIC_INFORMATION);
    if (ObjectInformationLength != sizeof(OBJECT_BASIC_INFORMATION)) {
        ObfDereferenceObject(Object);
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    RtlZeroMemory(Basic, sizeof(*Basic));
    Basic->Attributes = HandleInfo.HandleAttributes;
    if (Header->Flags & OB_FLAG_PERMANENT)
        Basic->Attributes |= OBJ_PERMANENT;
    Basic->GrantedAccess = HandleInfo.GrantedAccess;
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
    ObfDereferenceObject(Object);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtSetInformationObject(
    HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass,
    PVOID ObjectInformation, ULONG ObjectInformationLength)
{
    POBJECT_HANDLE_FLAG_INFORMATION Flags = ObjectInformation;
    PHANDLE_TABLE Table;

    if (ObjectInformationClass != ObjectHandleFlagInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (ObjectInformationLength != sizeof(OBJECT_HANDLE_FLAG_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    Table = ObpTableForHandle(Handle, ExGetPreviousMode());
    if (Table == NULL ||
        !ObpSetHandleAttributes(
            Table, Handle,
            (Flags->Inherit ? OBJ_INHERIT : 0) |
                (Flags->ProtectFromClose ? OBJ_PROTECT_CLOSE : 0)))
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
