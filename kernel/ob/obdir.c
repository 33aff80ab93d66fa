/*
 * Directory objects: 37 hash buckets of entries, each entry holding a
 * reference to its object, as NT's. The hash folds case, so one bucket
 * holds every spelling of a name; the comparison decides whether case
 * matters (OBJ_CASE_INSENSITIVE). Everything here runs under the
 * namespace lock (obname.c).
 */
#include "kernel/object.h"
#include "kernel/pool_inline.h"
#include "kernel/probe.h"

#define OB_DIRECTORY_ENTRY_TAG 'eDbO' /* "ObDe" */

ULONG ObpHashName(PCUNICODE_STRING Name)
{
    ULONG Hash = 0, Index;

    for (Index = 0; Index < Name->Length / sizeof(WCHAR); Index++) {
        WCHAR Char = RtlUpcaseUnicodeChar(Name->Buffer[Index]);

        Hash += (Hash << 1) + (Hash >> 1) + Char;
    }
    return Hash;
}

static POBJECT_HEADER_NAME_INFO name_of(PVOID Object)
{
    return OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(Object));
}

PVOID ObpLookupEntryDirectory(POBJECT_DIRECTORY Directory,
                              PCUNICODE_STRING Name, BOOLEAN CaseInsensitive)
{
    ULONG Hash = ObpHashName(Name);
    POBJECT_DIRECTORY_ENTRY Entry;

    for (Entry = Directory->HashBuckets[Hash % NUMBER_HASH_BUCKETS];
         Entry != NULL; Entry = Entry->ChainLink) {
        if (Entry->HashValue == Hash &&
            RtlEqualUnicodeString(&name_of(Entry->Object)->Name, Name,
                                  CaseInsensitive))
            return Entry->Object;
    }
    return NULL;
}

BOOLEAN ObpInsertEntryDirectory(POBJECT_DIRECTORY Directory, PVOID Object)
{
    /* Every named object's insert: the pool's front inline. */
    POBJECT_DIRECTORY_ENTRY Entry = ExpAllocatePoolWithTagInline(
        NonPagedPool, sizeof(*Entry), OB_DIRECTORY_ENTRY_TAG);
    ULONG Bucket;

    if (Entry == NULL)
        return FALSE;
    Entry->Object = Object;
    Entry->HashValue = ObpHashName(&name_of(Object)->Name);
    Bucket = Entry->HashValue % NUMBER_HASH_BUCKETS;
    Entry->ChainLink = Directory->HashBuckets[Bucket];
    Directory->HashBuckets[Bucket] = Entry;
    return TRUE;
}

VOID ObpDeleteEntryDirectory(POBJECT_DIRECTORY Directory, PVOID Object)
{
    ULONG Bucket = ObpHashName(&name_of(Object)->Name) % NUMBER_HASH_BUCKETS;
    POBJECT_DIRECTORY_ENTRY *Link;

    for (Link = &Directory->HashBuckets[Bucket]; *Link != NULL;
         Link = &(*Link)->ChainLink) {
        if ((*Link)->Object == Object) {
            POBJECT_DIRECTORY_ENTRY Entry = *Link;

            *Link = Entry->ChainLink;
            ExpFreePoolWithTagInline(Entry, OB_DIRECTORY_ENTRY_TAG);
            return;
        }
    }
}

VOID ObpEnumerateDirectory(POBJECT_DIRECTORY Directory,
                           OBP_ENUMERATE_ROUTINE Callback, PVOID Context)
{
    ULONG Bucket;
    POBJECT_DIRECTORY_ENTRY Entry;

    for (Bucket = 0; Bucket < NUMBER_HASH_BUCKETS; Bucket++)
        for (Entry = Directory->HashBuckets[Bucket]; Entry != NULL;
             Entry = Entry->ChainLink)
            Callback(Entry->Object, Context);
}

/* A directory goes only once empty: each entry's reference on its object
 * goes with the object's name, and each named object references its
 * directory. */
VOID ObpDeleteDirectory(PVOID Object)
{
    UNREFERENCED_PARAMETER(Object);
}

static NTSTATUS create_or_open(PHANDLE DirectoryHandle,
                               ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               BOOLEAN Create)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    PVOID Directory;
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(DirectoryHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObjectAttributes == NULL)
        return STATUS_INVALID_PARAMETER;
    if (!Create) {
        Status = ObOpenObjectByName(ObjectAttributes, ObpDirectoryObjectType,
                                    PreviousMode, NULL, DesiredAccess, NULL,
                                    &Handle);
    } else {
        Status = ObCreateObject(PreviousMode, ObpDirectoryObjectType,
                                ObjectAttributes, PreviousMode, NULL,
                                sizeof(OBJECT_DIRECTORY), 0, 0, &Directory);
        if (!NT_SUCCESS(Status))
            return Status;
        Status =
            ObInsertObject(Directory, NULL, DesiredAccess, 0, NULL, &Handle);
    }
    if (NT_SUCCESS(Status))
        ExpWriteBack(DirectoryHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtCreateDirectoryObject(PHANDLE DirectoryHandle,
                                       ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes)
{
    return create_or_open(DirectoryHandle, DesiredAccess, ObjectAttributes,
                          TRUE);
}

NTSTATUS NTAPI NtOpenDirectoryObject(PHANDLE DirectoryHandle,
                                     ACCESS_MASK DesiredAccess,
                                     POBJECT_ATTRIBUTES ObjectAttributes)
{
    return create_or_open(DirectoryHandle, DesiredAccess, ObjectAttributes,
                          FALSE);
}
