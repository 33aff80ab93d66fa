/*
 * The namespace: path lookup from the root directory (or a directory
 * handle), component by component, following symbolic links, with NT's
 * statuses: a path that does not start at the root is
 * STATUS_OBJECT_PATH_SYNTAX_BAD, an empty component
 * STATUS_OBJECT_NAME_INVALID, a missing directory on the way
 * STATUS_OBJECT_PATH_NOT_FOUND, a missing last component
 * STATUS_OBJECT_NAME_NOT_FOUND, and a component under something that is
 * neither a directory nor a link STATUS_OBJECT_TYPE_MISMATCH. One
 * ERESOURCE guards every directory, taken inside a critical region.
 */
#include "kernel/object.h"

#define OB_PATH_TAG 'pPbO' /* "ObPp": a path rebuilt around a link */
#define SEPARATOR ((WCHAR)'\\')

static ERESOURCE namespace_lock;

VOID ObpInitializeNamespaceLock(VOID)
{
    ExInitializeResourceLite(&namespace_lock);
}

VOID ObpAcquireNamespaceShared(VOID)
{
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&namespace_lock, TRUE);
}

VOID ObpAcquireNamespaceExclusive(VOID)
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&namespace_lock, TRUE);
}

VOID ObpReleaseNamespace(VOID)
{
    ExReleaseResourceLite(&namespace_lock);
    KeLeaveCriticalRegion();
}

/* Target, then what was left of the path after the link: a new path in
 * pool (*Buffer, freed by the caller). */
static NTSTATUS splice_link(POBJECT_SYMBOLIC_LINK Link, PCUNICODE_STRING Rest,
                            PWSTR *Buffer, PUNICODE_STRING Path)
{
    ULONG Length = (ULONG)Link->LinkTarget.Length + Rest->Length;
    PWSTR New;

    if (Length > 0xFFFE)
        return STATUS_NAME_TOO_LONG;
    if (Link->LinkTarget.Length == 0 || Link->LinkTarget.Buffer[0] != SEPARATOR)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    New = ExAllocatePoolWithTag(NonPagedPool, Length, OB_PATH_TAG);
    if (New == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(New, Link->LinkTarget.Buffer, Link->LinkTarget.Length);
    RtlCopyMemory((PUCHAR)New + Link->LinkTarget.Length, Rest->Buffer,
                  Rest->Length);
    if (*Buffer != NULL)
        ExFreePoolWithTag(*Buffer, OB_PATH_TAG);
    *Buffer = New;
    Path->Buffer = New;
    Path->Length = Path->MaximumLength = (USHORT)Length;
    return STATUS_SUCCESS;
}

/* The directory a lookup starts from, referenced, and the path left. */
static NTSTATUS start_directory(HANDLE RootHandle, PCUNICODE_STRING Name,
                                KPROCESSOR_MODE AccessMode,
                                POBJECT_DIRECTORY *Directory,
                                PUNICODE_STRING Path)
{
    *Path = *Name;
    if (Name->Length & 1)
        return STATUS_OBJECT_NAME_INVALID;
    if (RootHandle != NULL) {
        NTSTATUS Status;

        if (Name->Length != 0 && Name->Buffer[0] == SEPARATOR)
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        Status =
            ObReferenceObjectByHandle(RootHandle, 0, ObpDirectoryObjectType,
                                      AccessMode, (PVOID *)Directory, NULL);
        return Status;
    }
    if (Name->Length == 0 || Name->Buffer[0] != SEPARATOR)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    Path->Buffer++;
    Path->Length -= sizeof(WCHAR);
    Path->MaximumLength = Path->Length;
    ObfReferenceObject(ObpRootDirectoryObject);
    *Directory = ObpRootDirectoryObject;
    return STATUS_SUCCESS;
}

/* What is left of the path after the object the walk stopped at, from
 * its separator on, in pool tagged Tag. */
static NTSTATUS copy_remaining(PCUNICODE_STRING Rest, ULONG Tag,
                               PUNICODE_STRING Remaining)
{
    Remaining->Buffer = ExAllocatePoolWithTag(NonPagedPool, Rest->Length, Tag);
    if (Remaining->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Remaining->Buffer, Rest->Buffer, Rest->Length);
    Remaining->Length = Remaining->MaximumLength = Rest->Length;
    return STATUS_SUCCESS;
}

/* The walk; with Remaining, it stops at the first object that is neither
 * a directory nor a link while path is left. */
static NTSTATUS walk(HANDLE RootHandle, PCUNICODE_STRING ObjectName,
                     ULONG Attributes, POBJECT_TYPE ObjectType,
                     KPROCESSOR_MODE AccessMode, PVOID InsertObject,
                     PVOID *FoundObject, ULONG RemainingTag,
                     PUNICODE_STRING Remaining)
{
    BOOLEAN CaseInsensitive = (Attributes & OBJ_CASE_INSENSITIVE) != 0;
    POBJECT_DIRECTORY Directory;
    UNICODE_STRING Path;
    PWSTR Buffer = NULL;
    ULONG Reparses = 0;
    NTSTATUS Status;

    *FoundObject = NULL;
    Status =
        start_directory(RootHandle, ObjectName, AccessMode, &Directory, &Path);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Path.Length == 0) {       /* "\" or a root handle with no name */
        *FoundObject = Directory; /* the start's reference goes with it */
        Directory = NULL;
        Status = InsertObject != NULL ? STATUS_OBJECT_NAME_COLLISION
                                      : STATUS_SUCCESS;
        goto out;
    }
    for (;;) {
        UNICODE_STRING Component = Path, Rest;
        POBJECT_TYPE Type;
        PVOID Object;
        BOOLEAN Last;
        USHORT Length = 0;

        while (Length < Path.Length &&
               Path.Buffer[Length / sizeof(WCHAR)] != SEPARATOR)
            Length += sizeof(WCHAR);
        Component.Length = Component.MaximumLength = Length;
        Rest.Buffer = Path.Buffer + Length / sizeof(WCHAR);
        Rest.Length = Rest.MaximumLength = Path.Length - Length;
        Last = Rest.Length == 0;
        /* "\\", or a trailing "\" (which an object that takes the rest
         * may take: a device opened as "\Device\Foo\"). */
        if (Length == 0 ||
            (Rest.Length == sizeof(WCHAR) && Remaining == NULL)) {
            Status = STATUS_OBJECT_NAME_INVALID;
            break;
        }
        Object =
            ObpLookupEntryDirectory(Directory, &Component, CaseInsensitive);
        if (Object == NULL) {
            if (!Last) {
                Status = STATUS_OBJECT_PATH_NOT_FOUND;
            } else if (InsertObject == NULL) {
                Status = STATUS_OBJECT_NAME_NOT_FOUND;
            } else if (!ObpSetObjectName(InsertObject, Directory, &Component)) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
            } else {
                ObfReferenceObject(InsertObject);
                *FoundObject = InsertObject;
                Status = STATUS_SUCCESS;
            }
            break;
        }
        Type = OBJECT_TO_OBJECT_HEADER(Object)->Type;
        if (Type == ObpSymbolicLinkObjectType &&
            !(Last && (InsertObject != NULL ||
                       ObjectType == ObpSymbolicLinkObjectType ||
                       (Attributes & OBJ_OPENLINK)))) {
            if (++Reparses > OBP_MAXIMUM_REPARSE) {
                Status = STATUS_OBJECT_NAME_NOT_FOUND; /* a loop */
                break;
            }
            Status = splice_link(Object, &Rest, &Buffer, &Path);
            if (!NT_SUCCESS(Status))
                break;
            /* From the root again, past the target's leading "\". */
            ObfDereferenceObject(Directory);
            ObfReferenceObject(ObpRootDirectoryObject);
            Directory = ObpRootDirectoryObject;
            Path.Buffer++;
            Path.Length -= sizeof(WCHAR);
            if (Path.Length == 0) { /* the link names the root */
                ObfReferenceObject(Directory);
                *FoundObject = Directory;
                Status = InsertObject != NULL ? STATUS_OBJECT_NAME_COLLISION
                                              : STATUS_SUCCESS;
                break;
            }
            continue;
        }
        if (Last) {
            ObfReferenceObject(Object);
            *FoundObject = Object;
            Status = InsertObject != NULL ? STATUS_OBJECT_NAME_COLLISION
                                          : STATUS_SUCCESS;
            break;
        }
        if (Type != ObpDirectoryObjectType && Remaining != NULL) {
            Status = copy_remaining(&Rest, RemainingTag, Remaining);
            if (NT_SUCCESS(Status)) {
                ObfReferenceObject(Object);
                *FoundObject = Object;
            }
            break;
        }
        if (Type != ObpDirectoryObjectType) {
            Status = STATUS_OBJECT_TYPE_MISMATCH;
            break;
        }
        ObfReferenceObject(Object);
        ObfDereferenceObject(Directory);
        Directory = Object;
        Path.Buffer = Rest.Buffer + 1;
        Path.Length = Rest.Length - sizeof(WCHAR);
    }
out:
    if (Directory != NULL)
        ObfDereferenceObject(Directory);
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, OB_PATH_TAG);
    return Status;
}

NTSTATUS ObpLookupObjectName(HANDLE RootHandle, PCUNICODE_STRING ObjectName,
                             ULONG Attributes, POBJECT_TYPE ObjectType,
                             KPROCESSOR_MODE AccessMode, PVOID InsertObject,
                             PVOID *FoundObject)
{
    return walk(RootHandle, ObjectName, Attributes, ObjectType, AccessMode,
                InsertObject, FoundObject, 0, NULL);
}

NTSTATUS ObpLookupObjectNameRemaining(HANDLE RootHandle,
                                      PCUNICODE_STRING ObjectName,
                                      ULONG Attributes,
                                      KPROCESSOR_MODE AccessMode,
                                      PVOID *FoundObject, ULONG RemainingTag,
                                      PUNICODE_STRING RemainingName)
{
    RemainingName->Buffer = NULL;
    RemainingName->Length = RemainingName->MaximumLength = 0;
    return walk(RootHandle, ObjectName, Attributes, NULL, AccessMode, NULL,
                FoundObject, RemainingTag, RemainingName);
}

ULONG ObpQueryFullName(PVOID Object, PWCHAR Buffer, ULONG BufferLength)
{
    ULONG Needed = 0, Position;
    PVOID Walk;

    if (Object == ObpRootDirectoryObject) {
        if (BufferLength >= sizeof(WCHAR))
            Buffer[0] = SEPARATOR;
        return sizeof(WCHAR);
    }
    /* First the length: "\" and the name per level up to the root. */
    for (Walk = Object; Walk != ObpRootDirectoryObject;) {
        POBJECT_HEADER_NAME_INFO NameInfo =
            OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(Walk));

        if (NameInfo == NULL || NameInfo->Directory == NULL)
            return 0; /* unnamed, or its name has gone */
        Needed += sizeof(WCHAR) + NameInfo->Name.Length;
        Walk = NameInfo->Directory;
    }
    if (BufferLength < Needed)
        return Needed;
    Position = Needed;
    for (Walk = Object; Walk != ObpRootDirectoryObject;) {
        POBJECT_HEADER_NAME_INFO NameInfo =
            OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(Walk));

        Position -= NameInfo->Name.Length;
        RtlCopyMemory((PUCHAR)Buffer + Position, NameInfo->Name.Buffer,
                      NameInfo->Name.Length);
        Position -= sizeof(WCHAR);
        Buffer[Position / sizeof(WCHAR)] = SEPARATOR;
        Walk = NameInfo->Directory;
    }
    return Needed;
}
