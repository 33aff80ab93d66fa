/*
 * The object namespace: named objects in \BaseNamedObjects opened from
 * another thread, OBJ_OPENIF, collisions, case, symbolic links and their
 * loops, each path error's status, temporary and permanent names, types
 * in \ObjectTypes, relative opens and NtQueryObject's name.
 */
#include "kernel/ktest.h"
#include "kernel/pool.h"
#include "kt_thread.h"
#include "ob_test.h"

NTSTATUS KtOpenEventStatus(PCWSTR Path, ULONG Flags)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Handle;
    NTSTATUS Status;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, Path, Flags | OBJ_KERNEL_HANDLE);
    Status = ZwOpenEvent(&Handle, EVENT_ALL_ACCESS, &Attributes);
    if (NT_SUCCESS(Status))
        ZwClose(Handle);
    return Status;
}

SIZE_T KtObjectPoolBytes(VOID)
{
    static MI_POOL_TAG_INFO Tags[256];
    ULONG Count = MiQueryPoolTags(Tags, 256), Index;
    SIZE_T Bytes = 0;

    for (Index = 0; Index < Count && Index < 256; Index++) {
        ULONG Tag = Tags[Index].Tag;

        if ((Tag & 0xFFFF) == ('O' | 'b' << 8) || Tag == 'nevE' ||
            Tag == 'ameS' || Tag == 'atuM')
            Bytes += Tags[Index].NonPagedBytes + Tags[Index].PagedBytes;
    }
    return Bytes;
}

static NTSTATUS create_event(PHANDLE Handle, PCWSTR Path, ULONG Flags)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, Path, Flags | OBJ_KERNEL_HANDLE);
    return ZwCreateEvent(Handle, EVENT_ALL_ACCESS, &Attributes,
                         NotificationEvent, FALSE);
}

static NTSTATUS create_link(PHANDLE Handle, PCWSTR Path, PCWSTR Target)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name, TargetName;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, Path, OBJ_KERNEL_HANDLE);
    RtlInitUnicodeString(&TargetName, Target);
    return ZwCreateSymbolicLinkObject(Handle, SYMBOLIC_LINK_ALL_ACCESS,
                                      &Attributes, &TargetName);
}

static VOID NTAPI open_and_set(PVOID Context)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Handle;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtShared",
                         OBJ_KERNEL_HANDLE);
    *(NTSTATUS *)Context =
        ZwOpenEvent(&Handle, EVENT_MODIFY_STATE, &Attributes);
    if (NT_SUCCESS(*(NTSTATUS *)Context)) {
        *(NTSTATUS *)Context = ZwSetEvent(Handle, NULL);
        ZwClose(Handle);
    }
}

KTEST(ob_named_event_is_opened_by_name_in_another_thread_and_set)
{
    KT_CLEANUP_SECTION;
    HANDLE Event = NULL;
    volatile NTSTATUS ThreadStatus = STATUS_PENDING;
    LARGE_INTEGER Timeout = KtMilliseconds(5000);
    PKTHREAD Thread;

    KT_ASSERT_EQ(create_event(&Event, u"\\BaseNamedObjects\\KtShared", 0),
                 STATUS_SUCCESS);
    Thread = KtStartThread(open_and_set, (PVOID)&ThreadStatus, 8);
    KT_ASSERT(Thread != NULL);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Event, FALSE, &Timeout), STATUS_SUCCESS);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(ThreadStatus, STATUS_SUCCESS);
    KT_CLEANUP;
    if (Event != NULL)
        ZwClose(Event);
}

KTEST(ob_openif_gives_the_existing_object_and_collision_without_it)
{
    KT_CLEANUP_SECTION;
    HANDLE First = NULL, Second = NULL, Third = NULL;
    LONG Objects = (*ExEventObjectType)->TotalNumberOfObjects;
    PVOID A = NULL, B = NULL;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;

    KT_ASSERT_EQ(create_event(&First, u"\\BaseNamedObjects\\KtOpenIf", 0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        create_event(&Second, u"\\BaseNamedObjects\\KtOpenIf", OBJ_OPENIF),
        STATUS_OBJECT_NAME_EXISTS);
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(First, 0, NULL, KernelMode, &A, NULL),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Second, 0, NULL, KernelMode, &B, NULL),
        STATUS_SUCCESS);
    KT_ASSERT(A == B);
    KT_ASSERT_EQ(create_event(&Third, u"\\BaseNamedObjects\\KtOpenIf", 0),
                 STATUS_OBJECT_NAME_COLLISION);
    KT_ASSERT(Third == NULL);
    /* Another type under the name: OBJ_OPENIF does not make it fit. */
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtOpenIf",
                         OBJ_OPENIF | OBJ_KERNEL_HANDLE);
    KT_ASSERT_EQ(
        ZwCreateSemaphore(&Third, SEMAPHORE_ALL_ACCESS, &Attributes, 0, 1),
        STATUS_OBJECT_TYPE_MISMATCH);
    /* The refused new events are gone: one event stands. */
    KT_ASSERT_EQ((*ExEventObjectType)->TotalNumberOfObjects, Objects + 1);
    KT_CLEANUP;
    if (A != NULL)
        ObDereferenceObject(A);
    if (B != NULL)
        ObDereferenceObject(B);
    if (First != NULL)
        ZwClose(First);
    if (Second != NULL)
        ZwClose(Second);
    KT_ASSERT_EQ((*ExEventObjectType)->TotalNumberOfObjects, Objects);
}

KTEST(ob_lookup_ignores_case_only_when_asked)
{
    KT_CLEANUP_SECTION;
    HANDLE Event = NULL;

    KT_ASSERT_EQ(create_event(&Event, u"\\BaseNamedObjects\\KtMixedCase", 0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\basenamedobjects\\KTMIXEDCASE",
                                   OBJ_CASE_INSENSITIVE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KTMIXEDCASE", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\basenamedobjects\\KtMixedCase", 0),
                 STATUS_OBJECT_PATH_NOT_FOUND);
    KT_CLEANUP;
    if (Event != NULL)
        ZwClose(Event);
}

KTEST(ob_symbolic_links_are_followed_and_queried)
{
    KT_CLEANUP_SECTION;
    HANDLE Event = NULL, Link = NULL, Opened = NULL;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name, Target;
    WCHAR Buffer[32];
    ULONG Length = 0;

    KT_ASSERT_EQ(create_event(&Event, u"\\BaseNamedObjects\\KtLinked", 0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(create_link(&Link, u"\\KtLink", u"\\BaseNamedObjects"),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\KtLink\\KtLinked", 0), STATUS_SUCCESS);
    /* A link to a link: \DosDevices is \?? */
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\DosDevices\\KtLinked", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    /* Opened as itself, and queried. */
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\KtLink", OBJ_KERNEL_HANDLE);
    KT_ASSERT_EQ(
        ZwOpenSymbolicLinkObject(&Opened, SYMBOLIC_LINK_QUERY, &Attributes),
        STATUS_SUCCESS);
    Target.Buffer = Buffer;
    Target.Length = 0;
    Target.MaximumLength = 8;
    KT_ASSERT_EQ(ZwQuerySymbolicLinkObject(Opened, &Target, &Length),
                 STATUS_BUFFER_TOO_SMALL);
    KT_ASSERT_EQ(Length, 34u);
    Target.MaximumLength = sizeof(Buffer);
    KT_ASSERT_EQ(ZwQuerySymbolicLinkObject(Opened, &Target, &Length),
                 STATUS_SUCCESS);
    RtlInitUnicodeString(&Name, u"\\BaseNamedObjects");
    KT_ASSERT(RtlEqualUnicodeString(&Target, &Name, FALSE));
    KT_CLEANUP;
    if (Opened != NULL)
        ZwClose(Opened);
    if (Link != NULL)
        ZwClose(Link);
    if (Event != NULL)
        ZwClose(Event);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\KtLink\\KtLinked", 0),
                 STATUS_OBJECT_PATH_NOT_FOUND);
}

KTEST(ob_symbolic_link_loop_ends_in_name_not_found)
{
    KT_CLEANUP_SECTION;
    HANDLE A = NULL, B = NULL;

    KT_ASSERT_EQ(create_link(&A, u"\\KtLoopA", u"\\KtLoopB"), STATUS_SUCCESS);
    KT_ASSERT_EQ(create_link(&B, u"\\KtLoopB", u"\\KtLoopA"), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\KtLoopA\\Anything", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\KtLoopA", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_CLEANUP;
    if (A != NULL)
        ZwClose(A);
    if (B != NULL)
        ZwClose(B);
}

KTEST(ob_path_errors_have_nt_statuses)
{
    KT_CLEANUP_SECTION;
    HANDLE Event = NULL;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Handle;

    KT_ASSERT_EQ(create_event(&Event, u"\\BaseNamedObjects\\KtPathEvent", 0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtOpenEventStatus(u"BaseNamedObjects\\KtPathEvent", 0),
                 STATUS_OBJECT_PATH_SYNTAX_BAD);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\\\KtPathEvent", 0),
                 STATUS_OBJECT_NAME_INVALID);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\", 0),
                 STATUS_OBJECT_NAME_INVALID);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\NoSuchDirectory\\KtPathEvent", 0),
                 STATUS_OBJECT_PATH_NOT_FOUND);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\NoSuchEvent", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KtPathEvent\\X", 0),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects", 0),
                 STATUS_OBJECT_TYPE_MISMATCH);
    /* Creating under a missing directory, and an odd byte length. */
    KT_ASSERT_EQ(create_event(&Handle, u"\\NoSuchDirectory\\X", 0),
                 STATUS_OBJECT_PATH_NOT_FOUND);
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtOdd",
                         OBJ_KERNEL_HANDLE);
    Name.Length = 5;
    KT_ASSERT_EQ(ZwCreateEvent(&Handle, EVENT_ALL_ACCESS, &Attributes,
                               NotificationEvent, FALSE),
                 STATUS_OBJECT_NAME_INVALID);
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtBad",
                         0x80000000 | OBJ_KERNEL_HANDLE);
    KT_ASSERT_EQ(ZwCreateEvent(&Handle, EVENT_ALL_ACCESS, &Attributes,
                               NotificationEvent, FALSE),
                 STATUS_INVALID_PARAMETER);
    KT_CLEANUP;
    if (Event != NULL)
        ZwClose(Event);
}

KTEST(ob_temporary_name_goes_with_the_last_handle_permanent_stays)
{
    KT_CLEANUP_SECTION;
    HANDLE Temporary = NULL, Permanent = NULL;
    LONG Objects = (*ExEventObjectType)->TotalNumberOfObjects;

    KT_ASSERT_EQ(create_event(&Temporary, u"\\BaseNamedObjects\\KtTemp", 0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwClose(Temporary), STATUS_SUCCESS);
    Temporary = NULL;
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KtTemp", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ((*ExEventObjectType)->TotalNumberOfObjects, Objects);

    KT_ASSERT_EQ(
        create_event(&Permanent, u"\\BaseNamedObjects\\KtPerm", OBJ_PERMANENT),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwClose(Permanent), STATUS_SUCCESS);
    Permanent = NULL;
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KtPerm", 0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ((*ExEventObjectType)->TotalNumberOfObjects, Objects + 1);
    KT_CLEANUP;
    if (Temporary != NULL)
        ZwClose(Temporary);
    if (create_event(&Permanent, u"\\BaseNamedObjects\\KtPerm", OBJ_OPENIF) ==
        STATUS_OBJECT_NAME_EXISTS) {
        ZwMakeTemporaryObject(Permanent);
        ZwClose(Permanent);
    }
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KtPerm", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ((*ExEventObjectType)->TotalNumberOfObjects, Objects);
}

KTEST(ob_types_are_objects_in_the_object_types_directory)
{
    UNICODE_STRING Name;
    PVOID Type = NULL;

    RtlInitUnicodeString(&Name, u"\\ObjectTypes\\Event");
    KT_ASSERT_EQ(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, 0,
                                         NULL, KernelMode, NULL, &Type),
                 STATUS_SUCCESS);
    KT_ASSERT(Type == *ExEventObjectType);
    KT_ASSERT(OBJECT_TO_OBJECT_HEADER(Type)->Type == ObpTypeObjectType);
    ObDereferenceObject(Type);
    RtlInitUnicodeString(&Name, u"\\ObjectTypes\\Thread");
    KT_ASSERT_EQ(ObReferenceObjectByName(&Name, 0, NULL, 0, ObpTypeObjectType,
                                         KernelMode, NULL, &Type),
                 STATUS_SUCCESS);
    KT_ASSERT(Type == *PsThreadType);
    ObDereferenceObject(Type);
    RtlInitUnicodeString(&Name, u"\\ObjectTypes\\Thread");
    KT_ASSERT_EQ(ObReferenceObjectByName(&Name, 0, NULL, 0, *ExEventObjectType,
                                         KernelMode, NULL, &Type),
                 STATUS_OBJECT_TYPE_MISMATCH);
}

KTEST(ob_directory_objects_and_relative_names)
{
    KT_CLEANUP_SECTION;
    HANDLE Directory = NULL, Event = NULL;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtDir",
                         OBJ_KERNEL_HANDLE);
    KT_ASSERT_EQ(
        ZwCreateDirectoryObject(&Directory, DIRECTORY_ALL_ACCESS, &Attributes),
        STATUS_SUCCESS);
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"Inner", OBJ_KERNEL_HANDLE);
    Attributes.RootDirectory = Directory;
    KT_ASSERT_EQ(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes,
                               SynchronizationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KtDir\\Inner", 0),
                 STATUS_SUCCESS);
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\Inner", OBJ_KERNEL_HANDLE);
    Attributes.RootDirectory = Directory;
    KT_ASSERT_EQ(ZwOpenEvent(&Event, EVENT_ALL_ACCESS, &Attributes),
                 STATUS_OBJECT_PATH_SYNTAX_BAD);
    KT_CLEANUP;
    if (Event != NULL)
        ZwClose(Event);
    if (Directory != NULL)
        ZwClose(Directory);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KtDir\\Inner", 0),
                 STATUS_OBJECT_PATH_NOT_FOUND);
}

KTEST(ob_query_object_gives_basic_and_name_information)
{
    KT_CLEANUP_SECTION;
    HANDLE Event = NULL, Unnamed = NULL, Link = NULL;
    LARGE_INTEGER Before, After;
    OBJECT_BASIC_INFORMATION Basic;
    UCHAR Buffer[128];
    POBJECT_NAME_INFORMATION NameInfo = (POBJECT_NAME_INFORMATION)Buffer;
    UNICODE_STRING Expected;
    ULONG Length = 0;

    KT_ASSERT_EQ(sizeof(OBJECT_BASIC_INFORMATION), 56u);
    KT_ASSERT_EQ(create_event(&Event, u"\\BaseNamedObjects\\KtQuery", 0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        ZwQueryObject(Event, ObjectNameInformation, Buffer, 10, &Length),
        STATUS_INFO_LENGTH_MISMATCH);
    /* 8 for the structure, 50 for the path, 2 for its terminator */
    KT_ASSERT_EQ(Length, 60u);
    KT_ASSERT_EQ(ZwQueryObject(Event, ObjectNameInformation, Buffer,
                               sizeof(Buffer), &Length),
                 STATUS_SUCCESS);
    RtlInitUnicodeString(&Expected, u"\\BaseNamedObjects\\KtQuery");
    KT_ASSERT(RtlEqualUnicodeString(&NameInfo->Name, &Expected, FALSE));
    KT_ASSERT_EQ(ZwQueryObject(Event, ObjectBasicInformation, &Basic,
                               sizeof(Basic) - 1, &Length),
                 STATUS_INFO_LENGTH_MISMATCH);
    KT_ASSERT_EQ(ZwQueryObject(Event, ObjectBasicInformation, &Basic,
                               sizeof(Basic), &Length),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Basic.HandleCount, 1u);
    KT_ASSERT_EQ(Basic.PointerCount, 2u); /* the handle and the name */
    KT_ASSERT_EQ(Basic.GrantedAccess, (ULONG)EVENT_ALL_ACCESS);
    KT_ASSERT_EQ(Basic.NameInfoSize, 60u);
    KT_ASSERT_EQ(
        ZwCreateEvent(&Unnamed, GENERIC_READ, NULL, NotificationEvent, FALSE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwQueryObject(Unnamed, ObjectNameInformation, Buffer,
                               sizeof(Buffer), &Length),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(NameInfo->Name.Length, 0);
    KT_ASSERT_EQ(Length, (ULONG)sizeof(OBJECT_NAME_INFORMATION));
    KT_ASSERT_EQ(ZwQueryObject(Unnamed, ObjectBasicInformation, &Basic,
                               sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Basic.GrantedAccess,
                 (ULONG)(STANDARD_RIGHTS_READ | EVENT_QUERY_STATE));
    KT_ASSERT_EQ(ZwQueryObject(Unnamed, (OBJECT_INFORMATION_CLASS)9, Buffer,
                               sizeof(Buffer), NULL),
                 STATUS_INVALID_INFO_CLASS);
    /* A symbolic link's creation time is a system time, as NT's. */
    KeQuerySystemTime(&Before);
    KT_ASSERT_EQ(create_link(&Link, u"\\KtQueryLink", u"\\BaseNamedObjects"),
                 STATUS_SUCCESS);
    KeQuerySystemTime(&After);
    KT_ASSERT_EQ(ZwQueryObject(Link, ObjectBasicInformation, &Basic,
                               sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    KT_ASSERT(Basic.CreationTime.QuadPart >= Before.QuadPart &&
              Basic.CreationTime.QuadPart <= After.QuadPart);
    KT_CLEANUP;
    if (Link != NULL)
        ZwClose(Link);
    if (Unnamed != NULL)
        ZwClose(Unnamed);
    if (Event != NULL)
        ZwClose(Event);
}
