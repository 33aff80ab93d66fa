/*
 * Object lifetimes: every object has a header with a reference count
 * (handles and a name in a directory hold references too) and, when it was
 * created with a name, name information before the header. The last
 * ObDereferenceObject calls the type's delete procedure and frees the
 * memory. A count going below zero is a driver's double release and stops
 * the machine (REFERENCE_BY_POINTER), as NT does.
 */
#include "kernel/object.h"
#include "kernel/bugcheck.h"

#define OB_CREATE_TAG 'iCbO' /* "ObCi" */

static VOID free_create_information(POBJECT_CREATE_INFORMATION Info)
{
    if (Info->ObjectName.Buffer != NULL)
        ExFreePoolWithTag(Info->ObjectName.Buffer, OB_NAME_TAG);
    ExFreePoolWithTag(Info, OB_CREATE_TAG);
}

/* Copies what ObInsertObject will need: attributes, root, name, probed
 * and captured from user mode. */
static NTSTATUS capture_attributes(POBJECT_TYPE Type,
                                   POBJECT_ATTRIBUTES ObjectAttributes,
                                   KPROCESSOR_MODE ProbeMode,
                                   POBJECT_CREATE_INFORMATION *Captured)
{
    POBJECT_CREATE_INFORMATION Info;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name = {0, 0, NULL};
    NTSTATUS Status;

    if (ObjectAttributes != NULL) {
        Status = ObpCaptureObjectAttributes(ObjectAttributes, ProbeMode,
                                            &Attributes, &Name);
        if (!NT_SUCCESS(Status))
            return Status;
        if (Attributes.Attributes & Type->TypeInfo.InvalidAttributes) {
            ObpReleaseCapturedName(&Name);
            return STATUS_INVALID_PARAMETER;
        }
        if (Name.Length == 0 && Attributes.RootDirectory != NULL) {
            ObpReleaseCapturedName(&Name);
            return STATUS_OBJECT_NAME_INVALID; /* a root without a name */
        }
    }
    Info = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Info), OB_CREATE_TAG);
    if (Info == NULL) {
        ObpReleaseCapturedName(&Name);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(Info, sizeof(*Info));
    Info->ProbeMode = ProbeMode;
    if (ObjectAttributes != NULL) {
        Info->Attributes = Attributes.Attributes;
        Info->RootDirectory = Attributes.RootDirectory;
    }
    Info->ObjectName = Name; /* the captured copy: the same tag */
    *Captured = Info;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE Type,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              KPROCESSOR_MODE OwnershipMode, PVOID ParseContext,
                              ULONG ObjectBodySize, ULONG PagedPoolCharge,
                              ULONG NonPagedPoolCharge, PVOID *Object)
{
    POBJECT_CREATE_INFORMATION Info;
    ULONG NameSize;
    PUCHAR Block;
    POBJECT_HEADER Header;
    NTSTATUS Status;
    LONG Count;

    UNREFERENCED_PARAMETER(ParseContext);
    UNREFERENCED_PARAMETER(PagedPoolCharge);
    UNREFERENCED_PARAMETER(NonPagedPoolCharge);
    *Object = NULL;
    Status = capture_attributes(Type, ObjectAttributes, ProbeMode, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    NameSize =
        Info->ObjectName.Length != 0 ? sizeof(OBJECT_HEADER_NAME_INFO) : 0;
    Block = ExAllocatePoolWithTag(
        Type->TypeInfo.PoolType,
        NameSize + sizeof(OBJECT_HEADER) + ObjectBodySize, Type->Key);
    if (Block == NULL) {
        free_create_information(Info);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(Block, NameSize + sizeof(OBJECT_HEADER) + ObjectBodySize);
    Header = (POBJECT_HEADER)(Block + NameSize);
    Header->PointerCount = 1;
    Header->Type = Type;
    Header->NameInfoOffset = (UCHAR)NameSize;
    Header->Flags = OB_FLAG_NEW_OBJECT;
    if (OwnershipMode == KernelMode)
        Header->Flags |= OB_FLAG_KERNEL_OBJECT;
    if (Info->Attributes & OBJ_PERMANENT)
        Header->Flags |= OB_FLAG_PERMANENT;
    Header->ObjectCreateInfo = Info;
    Count =
        __atomic_add_fetch(&Type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
    if (Count > Type->HighWaterNumberOfObjects)
        Type->HighWaterNumberOfObjects = Count;
    *Object = Header + 1;
    return STATUS_SUCCESS;
}

PVOID ObpCreateObject(POBJECT_TYPE Type, ULONG BodySize)
{
    PVOID Object;

    if (!NT_SUCCESS(ObCreateObject(KernelMode, Type, NULL, KernelMode, NULL,
                                   BodySize, 0, 0, &Object)))
        return NULL;
    return Object;
}

LONG_PTR FASTCALL ObfReferenceObject(PVOID Object)
{
    return __atomic_add_fetch(&OBJECT_TO_OBJECT_HEADER(Object)->PointerCount, 1,
                              __ATOMIC_RELAXED);
}

static VOID delete_object(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    POBJECT_HEADER_NAME_INFO NameInfo = OBJECT_HEADER_TO_NAME_INFO(Header);
    POBJECT_TYPE Type = Header->Type;

    if (Type->TypeInfo.DeleteProcedure != NULL)
        Type->TypeInfo.DeleteProcedure(Object);
    if (Header->ObjectCreateInfo != NULL)
        free_create_information(Header->ObjectCreateInfo);
    if (NameInfo != NULL && NameInfo->Name.Buffer != NULL)
        ExFreePoolWithTag(NameInfo->Name.Buffer, OB_NAME_TAG);
    __atomic_sub_fetch(&Type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
    ExFreePoolWithTag((PUCHAR)Header - Header->NameInfoOffset, Type->Key);
}

/* Objects whose last reference went at DISPATCH_LEVEL or above: delete
 * procedures and paged memory need PASSIVE_LEVEL, so a worker thread
 * deletes them, as NT's ObpDeferObjectDeletion does. */
static POBJECT_HEADER volatile deferred_deletes;
static WORK_QUEUE_ITEM deferred_delete_item;

static VOID NTAPI delete_deferred_objects(PVOID Context)
{
    POBJECT_HEADER Header;

    UNREFERENCED_PARAMETER(Context);
    Header = __atomic_exchange_n(&deferred_deletes, NULL, __ATOMIC_ACQUIRE);
    while (Header != NULL) {
        POBJECT_HEADER Next = Header->NextToFree;

        delete_object(&Header[1]);
        Header = Next;
    }
}

static VOID defer_deletion(POBJECT_HEADER Header)
{
    POBJECT_HEADER Head = deferred_deletes;

    do
        Header->NextToFree = Head;
    while (!__atomic_compare_exchange_n(&deferred_deletes, &Head, Header, TRUE,
                                        __ATOMIC_RELEASE, __ATOMIC_RELAXED));
    if (Head == NULL) { /* the worker takes the whole list */
        ExInitializeWorkItem(&deferred_delete_item, delete_deferred_objects,
                             NULL);
        ExQueueWorkItem(&deferred_delete_item, CriticalWorkQueue);
    }
}

LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    LONG Count = __atomic_sub_fetch(&Header->PointerCount, 1, __ATOMIC_RELAXED);

    if (Count < 0)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)Header->Type,
                     (ULONG_PTR)Object, Header->HandleCount, Count);
    if (Count == 0) {
        if (KeGetCurrentIrql() > APC_LEVEL)
            defer_deletion(Header);
        else
            delete_object(Object);
    }
    return Count;
}

NTSTATUS NTAPI ObReferenceObjectByPointer(PVOID Object,
                                          ACCESS_MASK DesiredAccess,
                                          POBJECT_TYPE ObjectType,
                                          KPROCESSOR_MODE AccessMode)
{
    UNREFERENCED_PARAMETER(DesiredAccess);
    /* NT's rule (WRK obref.c): kernel mode is trusted with the type too,
     * except that nothing passes for a symbolic link, whose pointer a
     * caller may be about to follow. */
    if (OBJECT_TO_OBJECT_HEADER(Object)->Type != ObjectType &&
        (AccessMode != KernelMode || ObjectType == ObpSymbolicLinkObjectType))
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObfReferenceObject(Object);
    return STATUS_SUCCESS;
}

/* Moves the name ObpLookupObjectName matched into the name information
 * (called by it, namespace lock held exclusively). */
BOOLEAN ObpSetObjectName(PVOID Object, POBJECT_DIRECTORY Directory,
                         PCUNICODE_STRING Name)
{
    POBJECT_HEADER_NAME_INFO NameInfo =
        OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(Object));
    PWSTR Buffer =
        ExAllocatePoolWithTag(NonPagedPool, Name->Length, OB_NAME_TAG);

    if (Buffer == NULL)
        return FALSE;
    RtlCopyMemory(Buffer, Name->Buffer, Name->Length);
    NameInfo->Name.Buffer = Buffer;
    NameInfo->Name.Length = Name->Length;
    NameInfo->Name.MaximumLength = Name->Length;
    NameInfo->Directory = Directory;
    if (!ObpInsertEntryDirectory(Directory, Object)) {
        NameInfo->Directory = NULL;
        NameInfo->Name.Buffer = NULL;
        NameInfo->Name.Length = NameInfo->Name.MaximumLength = 0;
        ExFreePoolWithTag(Buffer, OB_NAME_TAG);
        return FALSE;
    }
    ObfReferenceObject(Directory);
    ObfReferenceObject(Object); /* the directory entry's */
    return TRUE;
}

VOID ObpDeleteNameCheck(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    POBJECT_HEADER_NAME_INFO NameInfo = OBJECT_HEADER_TO_NAME_INFO(Header);
    POBJECT_DIRECTORY Directory = NULL;

    if (NameInfo == NULL)
        return;
    ObpAcquireNamespaceExclusive();
    /* Looked at again under the lock: an open may have come meanwhile. */
    if (Header->HandleCount == 0 && !(Header->Flags & OB_FLAG_PERMANENT) &&
        NameInfo->Directory != NULL) {
        Directory = NameInfo->Directory;
        ObpDeleteEntryDirectory(Directory, Object);
        NameInfo->Directory = NULL;
    }
    ObpReleaseNamespace();
    if (Directory != NULL) {
        ObfDereferenceObject(Directory);
        ObfDereferenceObject(Object); /* the entry's */
    }
}

VOID NTAPI ObMakeTemporaryObject(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);

    ObpAcquireNamespaceExclusive();
    Header->Flags &= ~OB_FLAG_PERMANENT;
    ObpReleaseNamespace();
    ObpDeleteNameCheck(Object);
}

NTSTATUS NTAPI ObInsertObject(PVOID Object, PVOID AccessState,
                              ACCESS_MASK DesiredAccess,
                              ULONG ObjectPointerBias, PVOID *NewObject,
                              PHANDLE Handle)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    POBJECT_CREATE_INFORMATION Info = Header->ObjectCreateInfo;
    PVOID Target = Object;
    BOOLEAN Named, Locked = FALSE;
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(AccessState);
    UNREFERENCED_PARAMETER(ObjectPointerBias);
    if (NewObject != NULL)
        *NewObject = NULL;
    if (Handle != NULL)
        *Handle = NULL;
    if (!(Header->Flags & OB_FLAG_NEW_OBJECT) || Info == NULL)
        return STATUS_INVALID_PARAMETER; /* inserted already */
    Named = Info->ObjectName.Length != 0;
    if (Named) {
        PVOID Found = NULL;

        ObpAcquireNamespaceExclusive();
        Locked = TRUE;
        Status = ObpLookupObjectName(Info->RootDirectory, &Info->ObjectName,
                                     Info->Attributes, Header->Type,
                                     Info->ProbeMode, Object, &Found);
        if (Status == STATUS_OBJECT_NAME_COLLISION) {
            if (!(Info->Attributes & OBJ_OPENIF)) {
                ObfDereferenceObject(Found);
            } else if (OBJECT_TO_OBJECT_HEADER(Found)->Type != Header->Type) {
                ObfDereferenceObject(Found);
                Status = STATUS_OBJECT_TYPE_MISMATCH;
            } else {
                Target = Found; /* the lookup's reference: ours now */
                Status = STATUS_OBJECT_NAME_EXISTS;
            }
        } else if (NT_SUCCESS(Status)) {
            ObfDereferenceObject(Found); /* Found is Object, now named */
        }
    }
    if (NT_SUCCESS(Status) && Handle != NULL) {
        NTSTATUS HandleStatus = ObpCreateHandle(
            Target, DesiredAccess,
            Info->Attributes & (OBJ_INHERIT | OBJ_KERNEL_HANDLE),
            Info->ProbeMode, Handle);

        if (!NT_SUCCESS(HandleStatus))
            Status = HandleStatus;
    }
    if (Locked)
        ObpReleaseNamespace();
    Header->ObjectCreateInfo = NULL;
    Header->Flags &= ~OB_FLAG_NEW_OBJECT;
    free_create_information(Info);
    if (NT_SUCCESS(Status) && NewObject != NULL) {
        ObfReferenceObject(Target);
        *NewObject = Target;
    }
    if (Target != Object) /* OBJ_OPENIF found another: drop the lookup's */
        ObfDereferenceObject(Target);
    if (Named && Target == Object && (Handle == NULL || !NT_SUCCESS(Status)))
        ObpDeleteNameCheck(Object); /* a temporary name without handles */
    ObfDereferenceObject(Object);   /* the creation reference */
    return Status;
}
