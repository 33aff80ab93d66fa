/*
 * From a handle or a name to a referenced object, and from an object to a
 * handle: the type and, for callers from user mode, the access checked as
 * NT checks them (kernel mode is trusted with any handle it holds).
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/process.h"
#include "kernel/thread.h"

ACCESS_MASK ObpGrantedAccess(POBJECT_TYPE Type, ACCESS_MASK DesiredAccess)
{
    if (DesiredAccess & MAXIMUM_ALLOWED)
        DesiredAccess = (DesiredAccess & ~MAXIMUM_ALLOWED) | GENERIC_ALL;
    RtlMapGenericMask(&DesiredAccess, &Type->TypeInfo.GenericMapping);
    return DesiredAccess & Type->TypeInfo.ValidAccessMask;
}

NTSTATUS NTAPI ObReferenceObjectByHandle(
    HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
    KPROCESSOR_MODE AccessMode, PVOID *Object,
    POBJECT_HANDLE_INFORMATION HandleInformation)
{
    HANDLE_TABLE_ENTRY Entry;
    PHANDLE_TABLE Table;
    POBJECT_TYPE Type;

    *Object = NULL;
    if (Handle == NtCurrentThread()) {
        Entry.Object = PsGetCurrentThread();
        Entry.GrantedAccess = THREAD_ALL_ACCESS;
        Entry.Attributes = 0;
        ObfReferenceObject(Entry.Object);
    } else if (Handle == NtCurrentProcess()) {
        Entry.Object = PsGetCurrentProcess();
        Entry.GrantedAccess = PROCESS_ALL_ACCESS;
        Entry.Attributes = 0;
        ObfReferenceObject(Entry.Object);
    } else {
        Table = ObpTableForHandle(Handle, AccessMode);
        if (Table == NULL || !ObpReferenceHandleEntry(Table, Handle, &Entry))
            return STATUS_INVALID_HANDLE;
    }
    Type = OBJECT_TO_OBJECT_HEADER(Entry.Object)->Type;
    if (ObjectType != NULL && Type != ObjectType) {
        ObfDereferenceObject(Entry.Object);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (AccessMode != KernelMode) {
        RtlMapGenericMask(&DesiredAccess, &Type->TypeInfo.GenericMapping);
        if (DesiredAccess & ~Entry.GrantedAccess) {
            ObfDereferenceObject(Entry.Object);
            return STATUS_ACCESS_DENIED;
        }
    }
    if (HandleInformation != NULL) {
        HandleInformation->HandleAttributes = Entry.Attributes;
        HandleInformation->GrantedAccess = Entry.GrantedAccess;
    }
    *Object = Entry.Object;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ObReferenceObjectByName(PUNICODE_STRING ObjectName,
                                       ULONG Attributes, PVOID AccessState,
                                       ACCESS_MASK DesiredAccess,
                                       POBJECT_TYPE ObjectType,
                                       KPROCESSOR_MODE AccessMode,
                                       PVOID ParseContext, PVOID *Object)
{
    UNICODE_STRING Name;
    PVOID Found;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(AccessState);
    UNREFERENCED_PARAMETER(DesiredAccess);
    UNREFERENCED_PARAMETER(ParseContext);
    *Object = NULL;
    if (ObjectName == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    Status =
        ExpCaptureUnicodeString(ObjectName, AccessMode, OB_NAME_TAG, &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Name.Length == 0) {
        Status = STATUS_OBJECT_NAME_INVALID;
    } else {
        ObpAcquireNamespaceShared();
        Status = ObpLookupObjectName(NULL, &Name, Attributes, ObjectType,
                                     AccessMode, NULL, &Found);
        ObpReleaseNamespace();
    }
    ObpReleaseCapturedName(&Name);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObjectType != NULL &&
        OBJECT_TO_OBJECT_HEADER(Found)->Type != ObjectType) {
        ObfDereferenceObject(Found);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Object = Found;
    return STATUS_SUCCESS;
}

/* The attributes are captured (probed from user mode) before the lookup:
 * the lookup runs under the namespace lock, where a fault must not come. */
NTSTATUS NTAPI ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes,
                                  POBJECT_TYPE ObjectType,
                                  KPROCESSOR_MODE AccessMode, PVOID AccessState,
                                  ACCESS_MASK DesiredAccess, PVOID ParseContext,
                                  PHANDLE Handle)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    PVOID Found;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(AccessState);
    UNREFERENCED_PARAMETER(ParseContext);
    *Handle = NULL;
    if (ObjectAttributes == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    Status = ObpCaptureObjectAttributes(ObjectAttributes, AccessMode,
                                        &Attributes, &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Attributes.ObjectName == NULL) {
        ObpReleaseCapturedName(&Name);
        return STATUS_OBJECT_NAME_INVALID;
    }
    ObpAcquireNamespaceShared();
    Status = ObpLookupObjectName(Attributes.RootDirectory, &Name,
                                 Attributes.Attributes, ObjectType, AccessMode,
                                 NULL, &Found);
    if (NT_SUCCESS(Status)) {
        if (ObjectType != NULL &&
            OBJECT_TO_OBJECT_HEADER(Found)->Type != ObjectType)
            Status = STATUS_OBJECT_TYPE_MISMATCH;
        else /* under the lock: the name cannot go before the handle comes */
            Status = ObpCreateHandle(Found, DesiredAccess,
                                     Attributes.Attributes &
                                         (OBJ_INHERIT | OBJ_KERNEL_HANDLE),
                                     AccessMode, Handle);
        ObpReleaseNamespace();
        ObfDereferenceObject(Found);
    } else {
        ObpReleaseNamespace();
    }
    ObpReleaseCapturedName(&Name);
    return Status;
}

NTSTATUS NTAPI ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes,
                                     PVOID AccessState,
                                     ACCESS_MASK DesiredAccess,
                                     POBJECT_TYPE ObjectType,
                                     KPROCESSOR_MODE AccessMode, PHANDLE Handle)
{
    UNREFERENCED_PARAMETER(AccessState);
    *Handle = NULL;
    if (ObjectType != NULL &&
        OBJECT_TO_OBJECT_HEADER(Object)->Type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    return ObpCreateHandle(Object, DesiredAccess,
                           HandleAttributes & (OBJ_INHERIT | OBJ_KERNEL_HANDLE),
                           AccessMode, Handle);
}
