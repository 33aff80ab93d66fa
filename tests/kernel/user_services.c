/*
 * The object services called as from user mode (PreviousMode UserMode,
 * the test thread attached to a test process): with good user pointers
 * they work and write their results into user memory; with NULL, kernel-
 * half, unmapped, read-only or kernel-straddling pointers they return
 * NT's status and change nothing (no handle, no object, no state).
 */
#include "kernel/ktest.h"
#include "kt_user.h"
#include "ob_test.h"

#define USER ((PUCHAR)0x00500000)
#define READ_ONLY ((ULONG_PTR)0x00501000)

/* Where the good arguments live in the user page. */
#define U_HANDLE ((PHANDLE)(USER + 0x010))
#define U_HANDLES ((PHANDLE)(USER + 0x020)) /* an array of 4 */
#define U_TIMEOUT ((PLARGE_INTEGER)(USER + 0x040))
#define U_LONG ((PLONG)(USER + 0x050))
#define U_ATTRIBUTES ((POBJECT_ATTRIBUTES)(USER + 0x100))
#define U_NAME ((PUNICODE_STRING)(USER + 0x180))
#define U_TARGET ((PUNICODE_STRING)(USER + 0x190))
#define U_NAME_TEXT ((PWCHAR)(USER + 0x200))
#define U_BUFFER (USER + 0x400) /* 0x400 bytes for answers */

/* Pointers no service may write through, or read through. */
static const ULONG_PTR bad_for_writing[] = {0, 0x80000000, 0x10000000,
                                            0x7FFFFFF0, READ_ONLY};
static const ULONG_PTR bad_for_reading[] = {0, 0x80000000, 0x10000000,
                                            0x7FFFFFF0};

static KT_PROCESS process;

static VOID set_name(PUNICODE_STRING Name, PWCHAR Text, PCWSTR Value)
{
    USHORT Length = 0;

    while (Value[Length / sizeof(WCHAR)] != 0) {
        Text[Length / sizeof(WCHAR)] = Value[Length / sizeof(WCHAR)];
        Length += sizeof(WCHAR);
    }
    Name->Buffer = Text;
    Name->Length = Length;
    Name->MaximumLength = Length;
}

/* U_ATTRIBUTES naming Path, in user memory. */
static VOID user_attributes(PCWSTR Path, ULONG Flags)
{
    set_name(U_NAME, U_NAME_TEXT, Path);
    InitializeObjectAttributes(U_ATTRIBUTES, U_NAME, Flags, NULL, NULL);
}

static LONG objects(VOID)
{
    return (*ExEventObjectType)->TotalNumberOfObjects +
           (*ExSemaphoreObjectType)->TotalNumberOfObjects +
           (*ExMutantObjectType)->TotalNumberOfObjects +
           ObpDirectoryObjectType->TotalNumberOfObjects +
           ObpSymbolicLinkObjectType->TotalNumberOfObjects;
}

#define EXPECT_FROM_USER(Call, Bad, Expected)                                  \
    KT_EXPECT_FROM_USER(process.Process, objects, Call, Bad, Expected)

#define FROM_USER(Call) KT_FROM_USER(Call)

static NTSTATUS start(VOID)
{
    NTSTATUS Status = KtCreateProcess(&process);

    if (!NT_SUCCESS(Status))
        return Status;
    KtAttachProcess(&process);
    Status = KtMapUserPage(USER, PAGE_READWRITE);
    if (NT_SUCCESS(Status))
        Status = KtMapUserPage((PVOID)READ_ONLY, PAGE_READONLY);
    return Status;
}

KTEST(user_mode_services_work_with_user_pointers)
{
    KT_CLEANUP_SECTION;
    POBJECT_NAME_INFORMATION NameInfo = (POBJECT_NAME_INFORMATION)U_BUFFER;
    HANDLE Event = NULL, Opened = NULL, Duplicate = NULL, Link = NULL;
    PULONG Returned = (PULONG)(USER + 0x60);
    PWCHAR LinkText = (PWCHAR)(U_BUFFER + 0x200);

    KT_ASSERT_EQ(start(), STATUS_SUCCESS);
    user_attributes(u"\\BaseNamedObjects\\KtUserEvent", 0);
    KT_ASSERT_EQ(
        FROM_USER(NtCreateEvent(U_HANDLE, EVENT_ALL_ACCESS, U_ATTRIBUTES,
                                NotificationEvent, FALSE)),
        STATUS_SUCCESS);
    Event = *U_HANDLE;
    KT_ASSERT(Event != NULL && !((ULONG_PTR)Event & KERNEL_HANDLE_FLAG));
    *U_HANDLE = NULL;
    KT_ASSERT_EQ(
        FROM_USER(NtOpenEvent(U_HANDLE, EVENT_ALL_ACCESS, U_ATTRIBUTES)),
        STATUS_SUCCESS);
    Opened = *U_HANDLE;
    KT_ASSERT(Opened != NULL && Opened != Event);
    /* The previous state comes back through a user pointer. */
    *U_LONG = 7;
    KT_ASSERT_EQ(FROM_USER(NtSetEvent(Opened, U_LONG)), STATUS_SUCCESS);
    KT_ASSERT_EQ(*U_LONG, 0);
    U_TIMEOUT->QuadPart = 0;
    KT_ASSERT_EQ(FROM_USER(NtWaitForSingleObject(Event, FALSE, U_TIMEOUT)),
                 STATUS_SUCCESS);
    U_HANDLES[0] = Event;
    U_HANDLES[1] = Opened;
    KT_ASSERT_EQ(FROM_USER(NtWaitForMultipleObjects(2, U_HANDLES, WaitAny,
                                                    FALSE, U_TIMEOUT)),
                 STATUS_WAIT_0);
    KT_ASSERT_EQ(FROM_USER(NtDuplicateObject(NtCurrentProcess(), Event,
                                             NtCurrentProcess(), U_HANDLE, 0, 0,
                                             DUPLICATE_SAME_ACCESS)),
                 STATUS_SUCCESS);
    Duplicate = *U_HANDLE;
    KT_ASSERT(Duplicate != NULL);
    /* The name, with its buffer pointing into the caller's buffer. */
    KT_ASSERT_EQ(FROM_USER(NtQueryObject(Event, ObjectNameInformation, U_BUFFER,
                                         0x200, Returned)),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(*Returned, sizeof(OBJECT_NAME_INFORMATION) + 60);
    KT_ASSERT_EQ((ULONG_PTR)NameInfo->Name.Buffer,
                 (ULONG_PTR)(U_BUFFER + sizeof(OBJECT_NAME_INFORMATION)));
    KT_ASSERT_EQ(NameInfo->Name.Length, 58);
    KT_ASSERT_EQ(NameInfo->Name.Buffer[18], u'K');
    KT_ASSERT_EQ(
        FROM_USER(NtQueryObject(Event, ObjectBasicInformation, U_BUFFER,
                                sizeof(OBJECT_BASIC_INFORMATION), Returned)),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(((POBJECT_BASIC_INFORMATION)U_BUFFER)->HandleCount, 3);
    /* A link's target into a user buffer. */
    user_attributes(u"\\DosDevices", 0);
    KT_ASSERT_EQ(FROM_USER(NtOpenSymbolicLinkObject(
                     U_HANDLE, SYMBOLIC_LINK_QUERY, U_ATTRIBUTES)),
                 STATUS_SUCCESS);
    Link = *U_HANDLE;
    U_TARGET->Buffer = LinkText;
    U_TARGET->Length = 0;
    U_TARGET->MaximumLength = 0x40;
    KT_ASSERT_EQ(FROM_USER(NtQuerySymbolicLinkObject(Link, U_TARGET, Returned)),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(U_TARGET->Length, 6);
    KT_ASSERT_EQ(*Returned, 8);
    KT_ASSERT(LinkText[0] == u'\\' && LinkText[1] == u'?' &&
              LinkText[2] == u'?' && LinkText[3] == 0);
    KT_CLEANUP;
    KtDeleteProcess(&process); /* closes the handles */
}

KTEST(user_mode_services_refuse_bad_pointers_and_change_nothing)
{
    KT_CLEANUP_SECTION;
    HANDLE Event = NULL, Signalled = NULL, Semaphore = NULL, Mutant = NULL;
    HANDLE Link = NULL, Named = NULL;
    PVOID Object = NULL;
    PKEVENT EventObject, SignalledObject;
    PKSEMAPHORE SemaphoreObject;
    PKMUTANT MutantObject;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    ULONG Index;

    KT_ASSERT_EQ(start(), STATUS_SUCCESS);
    /* A named event to open, made by the kernel. */
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtProbed",
                         OBJ_KERNEL_HANDLE);
    KT_ASSERT_EQ(ZwCreateEvent(&Named, EVENT_ALL_ACCESS, &Attributes,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    /* The process's own objects, made from user mode with good pointers. */
    KT_ASSERT_EQ(FROM_USER(NtCreateEvent(U_HANDLE, EVENT_ALL_ACCESS, NULL,
                                         NotificationEvent, FALSE)),
                 STATUS_SUCCESS);
    Event = *U_HANDLE;
    KT_ASSERT_EQ(FROM_USER(NtCreateEvent(U_HANDLE, EVENT_ALL_ACCESS, NULL,
                                         NotificationEvent, TRUE)),
                 STATUS_SUCCESS);
    Signalled = *U_HANDLE;
    KT_ASSERT_EQ(FROM_USER(NtCreateSemaphore(U_HANDLE, SEMAPHORE_ALL_ACCESS,
                                             NULL, 1, 5)),
                 STATUS_SUCCESS);
    Semaphore = *U_HANDLE;
    KT_ASSERT_EQ(
        FROM_USER(NtCreateMutant(U_HANDLE, MUTANT_ALL_ACCESS, NULL, TRUE)),
        STATUS_SUCCESS);
    Mutant = *U_HANDLE;
    user_attributes(u"\\DosDevices", 0);
    KT_ASSERT_EQ(FROM_USER(NtOpenSymbolicLinkObject(
                     U_HANDLE, SYMBOLIC_LINK_QUERY, U_ATTRIBUTES)),
                 STATUS_SUCCESS);
    Link = *U_HANDLE;
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Event, 0, NULL, UserMode, &Object, NULL),
        STATUS_SUCCESS);
    EventObject = Object;
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Signalled, 0, NULL, UserMode, &Object, NULL),
        STATUS_SUCCESS);
    SignalledObject = Object;
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Semaphore, 0, NULL, UserMode, &Object, NULL),
        STATUS_SUCCESS);
    SemaphoreObject = Object;
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Mutant, 0, NULL, UserMode, &Object, NULL),
        STATUS_SUCCESS);
    MutantObject = Object;
    ObDereferenceObject(Object);
    U_TIMEOUT->QuadPart = 0;

    for (Index = 0; Index < ARRAYSIZE(bad_for_writing); Index++) {
        ULONG_PTR Bad = bad_for_writing[Index];

        user_attributes(u"\\BaseNamedObjects\\KtProbed", 0);
        EXPECT_FROM_USER(NtCreateEvent((PHANDLE)Bad, EVENT_ALL_ACCESS, NULL,
                                       NotificationEvent, FALSE),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtOpenEvent((PHANDLE)Bad, EVENT_ALL_ACCESS, U_ATTRIBUTES), Bad,
            STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtCreateSemaphore((PHANDLE)Bad, SEMAPHORE_ALL_ACCESS, NULL, 0, 1),
            Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtCreateMutant((PHANDLE)Bad, MUTANT_ALL_ACCESS, NULL, FALSE), Bad,
            STATUS_ACCESS_VIOLATION);
        user_attributes(u"\\BaseNamedObjects", 0);
        EXPECT_FROM_USER(
            NtOpenDirectoryObject((PHANDLE)Bad, DIRECTORY_QUERY, U_ATTRIBUTES),
            Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtCreateDirectoryObject((PHANDLE)Bad, DIRECTORY_ALL_ACCESS, NULL),
            Bad, STATUS_ACCESS_VIOLATION);
        set_name(U_TARGET, U_NAME_TEXT, u"\\??");
        EXPECT_FROM_USER(NtCreateSymbolicLinkObject((PHANDLE)Bad,
                                                    SYMBOLIC_LINK_ALL_ACCESS,
                                                    NULL, U_TARGET),
                         Bad, STATUS_ACCESS_VIOLATION);
        user_attributes(u"\\DosDevices", 0);
        EXPECT_FROM_USER(NtOpenSymbolicLinkObject(
                             (PHANDLE)Bad, SYMBOLIC_LINK_QUERY, U_ATTRIBUTES),
                         Bad, STATUS_ACCESS_VIOLATION);
        /* Duplicating with DUPLICATE_CLOSE_SOURCE: the source stays. */
        if (Bad != 0)
            EXPECT_FROM_USER(
                NtDuplicateObject(
                    NtCurrentProcess(), Event, NtCurrentProcess(), (PHANDLE)Bad,
                    0, 0, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
                Bad, STATUS_ACCESS_VIOLATION);
        /* Optional outputs: refused before the object changes. */
        if (Bad != 0) {
            EXPECT_FROM_USER(NtSetEvent(Event, (PLONG)Bad), Bad,
                             STATUS_ACCESS_VIOLATION);
            EXPECT_FROM_USER(NtPulseEvent(Event, (PLONG)Bad), Bad,
                             STATUS_ACCESS_VIOLATION);
            EXPECT_FROM_USER(NtResetEvent(Signalled, (PLONG)Bad), Bad,
                             STATUS_ACCESS_VIOLATION);
            EXPECT_FROM_USER(NtReleaseSemaphore(Semaphore, 1, (PLONG)Bad), Bad,
                             STATUS_ACCESS_VIOLATION);
            EXPECT_FROM_USER(NtReleaseMutant(Mutant, (PLONG)Bad), Bad,
                             STATUS_ACCESS_VIOLATION);
            RtlFillMemory(U_BUFFER, sizeof(OBJECT_BASIC_INFORMATION), 0xCC);
            EXPECT_FROM_USER(
                NtQueryObject(Event, ObjectBasicInformation, U_BUFFER,
                              sizeof(OBJECT_BASIC_INFORMATION), (PULONG)Bad),
                Bad, STATUS_ACCESS_VIOLATION);
            KT_ASSERT_EQ(U_BUFFER[0], 0xCC);
            U_TARGET->Buffer = (PWCHAR)U_BUFFER;
            U_TARGET->Length = 0;
            U_TARGET->MaximumLength = 0x40;
            EXPECT_FROM_USER(
                NtQuerySymbolicLinkObject(Link, U_TARGET, (PULONG)Bad), Bad,
                STATUS_ACCESS_VIOLATION);
            KT_ASSERT_EQ(U_TARGET->Length, 0);
        }
        EXPECT_FROM_USER(NtQueryObject(Event, ObjectBasicInformation,
                                       (PVOID)Bad,
                                       sizeof(OBJECT_BASIC_INFORMATION), NULL),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtQueryObject(Event, ObjectNameInformation, (PVOID)Bad,
                                       0x100, NULL),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtQuerySymbolicLinkObject(Link, (PUNICODE_STRING)Bad, NULL), Bad,
            STATUS_ACCESS_VIOLATION);
        U_TARGET->Buffer = (PWCHAR)Bad;
        U_TARGET->Length = 0;
        U_TARGET->MaximumLength = 0x40;
        EXPECT_FROM_USER(NtQuerySymbolicLinkObject(Link, U_TARGET, NULL), Bad,
                         STATUS_ACCESS_VIOLATION);
    }

    for (Index = 0; Index < ARRAYSIZE(bad_for_reading); Index++) {
        ULONG_PTR Bad = bad_for_reading[Index];

        if (Bad != 0) { /* NULL attributes, name, timeout: none given */
            EXPECT_FROM_USER(NtCreateEvent(U_HANDLE, EVENT_ALL_ACCESS,
                                           (POBJECT_ATTRIBUTES)Bad,
                                           NotificationEvent, FALSE),
                             Bad, STATUS_ACCESS_VIOLATION);
            EXPECT_FROM_USER(NtOpenEvent(U_HANDLE, EVENT_ALL_ACCESS,
                                         (POBJECT_ATTRIBUTES)Bad),
                             Bad, STATUS_ACCESS_VIOLATION);
            user_attributes(u"\\BaseNamedObjects\\KtProbedNew", 0);
            U_ATTRIBUTES->ObjectName = (PUNICODE_STRING)Bad;
            EXPECT_FROM_USER(NtCreateSemaphore(U_HANDLE, SEMAPHORE_ALL_ACCESS,
                                               U_ATTRIBUTES, 0, 1),
                             Bad, STATUS_ACCESS_VIOLATION);
            user_attributes(u"\\BaseNamedObjects\\KtProbedNew", 0);
            U_NAME->Buffer = (PWCHAR)Bad;
            EXPECT_FROM_USER(NtCreateMutant(U_HANDLE, MUTANT_ALL_ACCESS,
                                            U_ATTRIBUTES, FALSE),
                             Bad, STATUS_ACCESS_VIOLATION);
            EXPECT_FROM_USER(NtCreateDirectoryObject(
                                 U_HANDLE, DIRECTORY_ALL_ACCESS, U_ATTRIBUTES),
                             Bad, STATUS_ACCESS_VIOLATION);
            EXPECT_FROM_USER(
                NtWaitForSingleObject(Event, FALSE, (PLARGE_INTEGER)Bad), Bad,
                STATUS_ACCESS_VIOLATION);
            EXPECT_FROM_USER(NtWaitForMultipleObjects(1, U_HANDLES, WaitAny,
                                                      FALSE,
                                                      (PLARGE_INTEGER)Bad),
                             Bad, STATUS_ACCESS_VIOLATION);
            set_name(U_TARGET, U_NAME_TEXT, u"\\??");
            U_TARGET->Buffer = (PWCHAR)Bad;
            EXPECT_FROM_USER(
                NtCreateSymbolicLinkObject(U_HANDLE, SYMBOLIC_LINK_ALL_ACCESS,
                                           NULL, U_TARGET),
                Bad, STATUS_ACCESS_VIOLATION);
        }
        U_HANDLES[0] = Event;
        EXPECT_FROM_USER(NtWaitForMultipleObjects(1, (PHANDLE)Bad, WaitAny,
                                                  FALSE, U_TIMEOUT),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtDelayExecution(FALSE, (PLARGE_INTEGER)Bad), Bad,
                         STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtCreateSymbolicLinkObject(U_HANDLE,
                                                    SYMBOLIC_LINK_ALL_ACCESS,
                                                    NULL, (PUNICODE_STRING)Bad),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtSetInformationObject(
                             Event, ObjectHandleFlagInformation, (PVOID)Bad,
                             sizeof(OBJECT_HANDLE_FLAG_INFORMATION)),
                         Bad, STATUS_ACCESS_VIOLATION);
    }

    /* Misaligned structures and arrays. */
    user_attributes(u"\\BaseNamedObjects\\KtProbedNew", 0);
    RtlMoveMemory(USER + 0x302, U_ATTRIBUTES, sizeof(OBJECT_ATTRIBUTES));
    EXPECT_FROM_USER(NtCreateEvent(U_HANDLE, EVENT_ALL_ACCESS,
                                   (POBJECT_ATTRIBUTES)(USER + 0x302),
                                   NotificationEvent, FALSE),
                     0x302, STATUS_DATATYPE_MISALIGNMENT);
    U_NAME->Buffer = (PWCHAR)(USER + 0x201);
    EXPECT_FROM_USER(NtCreateEvent(U_HANDLE, EVENT_ALL_ACCESS, U_ATTRIBUTES,
                                   NotificationEvent, FALSE),
                     0x201, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(NtWaitForMultipleObjects(1, (PHANDLE)(USER + 0x22),
                                              WaitAny, FALSE, U_TIMEOUT),
                     0x22, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(NtQueryObject(Event, ObjectBasicInformation, USER + 0x402,
                                   sizeof(OBJECT_BASIC_INFORMATION), NULL),
                     0x402, STATUS_DATATYPE_MISALIGNMENT);
    /* A name longer than its maximum: malformed, refused whole. */
    user_attributes(u"\\BaseNamedObjects\\KtProbedNew", 0);
    U_NAME->MaximumLength = 2;
    EXPECT_FROM_USER(NtCreateEvent(U_HANDLE, EVENT_ALL_ACCESS, U_ATTRIBUTES,
                                   NotificationEvent, FALSE),
                     0, STATUS_OBJECT_NAME_INVALID);
    U_ATTRIBUTES->Length = sizeof(OBJECT_ATTRIBUTES) + 4;
    EXPECT_FROM_USER(NtCreateEvent(U_HANDLE, EVENT_ALL_ACCESS, U_ATTRIBUTES,
                                   NotificationEvent, FALSE),
                     0, STATUS_INVALID_PARAMETER);

    /* Nothing moved. */
    KT_ASSERT_EQ(KeReadStateEvent(EventObject), 0);
    KT_ASSERT_EQ(KeReadStateEvent(SignalledObject), 1);
    KT_ASSERT_EQ(KeReadStateSemaphore(SemaphoreObject), 1);
    KT_ASSERT_EQ(KeReadStateMutant(MutantObject), 0); /* owned once */
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Event, 0, NULL, UserMode, &Object, NULL),
        STATUS_SUCCESS);
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KtProbedNew", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);

    /* x86 NT probes a handle's location by range only: a misaligned one
     * gets the handle. */
    KT_ASSERT_EQ(
        FROM_USER(NtCreateEvent((PHANDLE)(USER + 0x71), EVENT_ALL_ACCESS, NULL,
                                NotificationEvent, FALSE)),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(FROM_USER(NtClose(*(PHANDLE)(USER + 0x71))), STATUS_SUCCESS);
    KT_CLEANUP;
    if (Mutant != NULL) /* owned by this thread: released before it goes */
        (VOID) FROM_USER(NtReleaseMutant(Mutant, NULL));
    KtDeleteProcess(&process);
    if (Named != NULL)
        ZwClose(Named);
}
