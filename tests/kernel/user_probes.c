/*
 * More services refusing bad user pointers, as
 * user_mode_services_refuse_bad_pointers_and_change_nothing does for the
 * object, event, semaphore, mutant, link and wait services: sections and
 * their views, process information, timers, opening mutants and
 * semaphores, files, and thread creation. Each is called as from user
 * mode (the test thread attached to a test process) with NULL, kernel-
 * half, unmapped, read-only (for writes), past-the-end and
 * kernel-straddling pointers, and where NT checks alignment with an
 * unaligned one: NT's status, and nothing changed (no object, no handle,
 * no view, nothing written). (NtQuerySection is not a service here.)
 */
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/section.h"
#include "kt_user.h"
#include "ntcontext.h"
#include "ntio.h"
#include "ntpeb.h"
#include "ntps.h"
#include "ob_test.h"

NTSTATUS NTAPI NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              HANDLE ProcessHandle, PCLIENT_ID ClientId,
                              PCONTEXT ThreadContext, PINITIAL_TEB InitialTeb,
                              BOOLEAN CreateSuspended);
NTSTATUS NTAPI NtQueryInformationProcess(HANDLE ProcessHandle,
                                         PROCESSINFOCLASS InformationClass,
                                         PVOID Information, ULONG Length,
                                         PULONG ReturnLength);

#define USER ((PUCHAR)0x00500000)
#define READ_ONLY ((ULONG_PTR)0x00501000)
/* The last user page, mapped: more than 4 bytes at STRADDLING run past
 * the user range's end into the guard NT keeps unmapped (an aligned
 * ULONG there fits: those cases leave it out). A handle's location is
 * probed without alignment: 2 bytes further on, its 4 bytes straddle. */
#define LAST_PAGE ((PUCHAR)0x7FFEF000)
#define STRADDLING ((ULONG_PTR)0x7FFEFFFC)
#define HANDLE_OUT(Bad)                                                        \
    ((PHANDLE)((Bad) == STRADDLING ? STRADDLING + 2 : (Bad)))

#define U_HANDLE ((PHANDLE)(USER + 0x010))
#define U_BASE ((PVOID *)(USER + 0x020))
#define U_SIZE ((PSIZE_T)(USER + 0x028))
#define U_OFFSET ((PLARGE_INTEGER)(USER + 0x030))
#define U_TIME ((PLARGE_INTEGER)(USER + 0x038))
#define U_IOSB ((PIO_STATUS_BLOCK)(USER + 0x040))
#define U_CLIENT ((PCLIENT_ID)(USER + 0x048))
#define U_ATTRIBUTES ((POBJECT_ATTRIBUTES)(USER + 0x100))
#define U_NAME ((PUNICODE_STRING)(USER + 0x180))
#define U_NAME_TEXT ((PWCHAR)(USER + 0x200))
#define U_TEB ((PINITIAL_TEB)(USER + 0x300))
#define U_BUFFER (USER + 0x400) /* 0x400 bytes for answers */
#define U_CONTEXT ((PCONTEXT)(USER + 0x800))

/* Pointers no service may write through, or read through. */
static const ULONG_PTR bad_for_writing[] = {0,          0x80000000, 0x10000000,
                                            0x7FFFFFF0, STRADDLING, READ_ONLY};
static const ULONG_PTR bad_for_reading[] = {0, 0x80000000, 0x10000000,
                                            0x7FFFFFF0, STRADDLING};

static KT_PROCESS process;

static LONG objects(VOID)
{
    return MiSectionType->TotalNumberOfObjects +
           (*ExTimerObjectType)->TotalNumberOfObjects +
           (*ExMutantObjectType)->TotalNumberOfObjects +
           (*ExSemaphoreObjectType)->TotalNumberOfObjects +
           (*IoFileObjectType)->TotalNumberOfObjects +
           PspThreadType->TotalNumberOfObjects;
}

#define EXPECT_FROM_USER(Call, Bad, Expected)                                  \
    KT_EXPECT_FROM_USER(process.Process, objects, Call, Bad, Expected)

#define FROM_USER(Call) KT_FROM_USER(Call)

/* U_ATTRIBUTES naming Path, in user memory. */
static VOID user_attributes(PCWSTR Path)
{
    USHORT Length = 0;

    while (Path[Length / sizeof(WCHAR)] != 0) {
        U_NAME_TEXT[Length / sizeof(WCHAR)] = Path[Length / sizeof(WCHAR)];
        Length += sizeof(WCHAR);
    }
    U_NAME->Buffer = U_NAME_TEXT;
    U_NAME->Length = Length;
    U_NAME->MaximumLength = Length;
    InitializeObjectAttributes(U_ATTRIBUTES, U_NAME, 0, NULL, NULL);
}

/* The good in-out arguments of a view, again (a refused call may not
 * have changed them, but the next case starts clean). */
static VOID view_arguments(VOID)
{
    *U_BASE = NULL;
    *U_SIZE = 0;
    U_OFFSET->QuadPart = 0;
}

static NTSTATUS start(VOID)
{
    NTSTATUS Status = KtCreateProcess(&process);

    if (!NT_SUCCESS(Status))
        return Status;
    KtAttachProcess(&process);
    Status = KtMapUserPage(USER, PAGE_READWRITE);
    if (NT_SUCCESS(Status))
        Status = KtMapUserPage((PVOID)READ_ONLY, PAGE_READONLY);
    if (NT_SUCCESS(Status))
        Status = KtMapUserPage(LAST_PAGE, PAGE_READWRITE);
    return Status;
}

/* Kernel-made named objects to open, and the process's own. */
typedef struct _PROBE_OBJECTS {
    HANDLE NamedSection, NamedTimer, NamedMutant, NamedSemaphore;
    HANDLE Section, Timer; /* the process's */
} PROBE_OBJECTS;

static NTSTATUS make_named(PROBE_OBJECTS *Objects)
{
    LARGE_INTEGER Size = {.QuadPart = PAGE_SIZE};
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    NTSTATUS Status;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtPrSection",
                         OBJ_KERNEL_HANDLE);
    Status =
        ZwCreateSection(&Objects->NamedSection, SECTION_ALL_ACCESS, &Attributes,
                        &Size, PAGE_READWRITE, SEC_COMMIT, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtPrTimer",
                         OBJ_KERNEL_HANDLE);
    Status = ZwCreateTimer(&Objects->NamedTimer, TIMER_ALL_ACCESS, &Attributes,
                           NotificationTimer);
    if (!NT_SUCCESS(Status))
        return Status;
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtPrMutant",
                         OBJ_KERNEL_HANDLE);
    Status = ZwCreateMutant(&Objects->NamedMutant, MUTANT_ALL_ACCESS,
                            &Attributes, FALSE);
    if (!NT_SUCCESS(Status))
        return Status;
    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtPrSemaphore",
                         OBJ_KERNEL_HANDLE);
    return ZwCreateSemaphore(&Objects->NamedSemaphore, SEMAPHORE_ALL_ACCESS,
                             &Attributes, 0, 1);
}

static VOID close_all(PROBE_OBJECTS *Objects)
{
    if (Objects->NamedSection != NULL)
        ZwClose(Objects->NamedSection);
    if (Objects->NamedTimer != NULL)
        ZwClose(Objects->NamedTimer);
    if (Objects->NamedMutant != NULL)
        ZwClose(Objects->NamedMutant);
    if (Objects->NamedSemaphore != NULL)
        ZwClose(Objects->NamedSemaphore);
}

KTEST(user_mode_section_timer_file_thread_services_refuse_bad_pointers)
{
    static PROBE_OBJECTS Objects;
    KT_CLEANUP_SECTION;
    PKTIMER TimerObject = NULL;
    PVOID Object;
    ULONG Index;

    RtlZeroMemory(&Objects, sizeof(Objects));
    KT_ASSERT_EQ(start(), STATUS_SUCCESS);
    KT_ASSERT_EQ(make_named(&Objects), STATUS_SUCCESS);
    /* The process's own section and timer, made from user mode. */
    U_TIME->QuadPart = PAGE_SIZE;
    KT_ASSERT_EQ(
        FROM_USER(NtCreateSection(U_HANDLE, SECTION_ALL_ACCESS, NULL, U_TIME,
                                  PAGE_READWRITE, SEC_COMMIT, NULL)),
        STATUS_SUCCESS);
    Objects.Section = *U_HANDLE;
    KT_ASSERT_EQ(FROM_USER(NtCreateTimer(U_HANDLE, TIMER_ALL_ACCESS, NULL,
                                         NotificationTimer)),
                 STATUS_SUCCESS);
    Objects.Timer = *U_HANDLE;
    KT_ASSERT_EQ(ObReferenceObjectByHandle(Objects.Timer, 0, NULL, UserMode,
                                           &Object, NULL),
                 STATUS_SUCCESS);
    TimerObject = Object;
    ObDereferenceObject(Object);
    /* A good view maps and unmaps: the arguments below are sound but for
     * the one bad pointer. */
    view_arguments();
    KT_ASSERT_EQ(FROM_USER(NtMapViewOfSection(
                     Objects.Section, NtCurrentProcess(), U_BASE, 0, 0,
                     U_OFFSET, U_SIZE, ViewShare, 0, PAGE_READWRITE)),
                 STATUS_SUCCESS);
    KT_ASSERT(*U_BASE != NULL && *U_SIZE == PAGE_SIZE);
    KT_ASSERT_EQ(FROM_USER(NtUnmapViewOfSection(NtCurrentProcess(), *U_BASE)),
                 STATUS_SUCCESS);
    /* A context and stack a thread could start with. */
    RtlZeroMemory(U_CONTEXT, sizeof(CONTEXT));
    U_CONTEXT->ContextFlags = CONTEXT_FULL;
    U_CONTEXT->Eip = 0x00400000;
    U_CONTEXT->Esp = (ULONG)USER + 0x3F0;
    RtlZeroMemory(U_TEB, sizeof(INITIAL_TEB));
    U_TEB->StackBase = USER + 0x3F0;
    U_TEB->StackLimit = USER;

    for (Index = 0; Index < ARRAYSIZE(bad_for_writing); Index++) {
        ULONG_PTR Bad = bad_for_writing[Index];

        /* Handles out. */
        U_TIME->QuadPart = PAGE_SIZE;
        EXPECT_FROM_USER(NtCreateSection(HANDLE_OUT(Bad), SECTION_ALL_ACCESS,
                                         NULL, U_TIME, PAGE_READWRITE,
                                         SEC_COMMIT, NULL),
                         Bad, STATUS_ACCESS_VIOLATION);
        user_attributes(u"\\BaseNamedObjects\\KtPrSection");
        EXPECT_FROM_USER(
            NtOpenSection(HANDLE_OUT(Bad), SECTION_MAP_READ, U_ATTRIBUTES), Bad,
            STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtCreateTimer(HANDLE_OUT(Bad), TIMER_ALL_ACCESS, NULL,
                                       NotificationTimer),
                         Bad, STATUS_ACCESS_VIOLATION);
        user_attributes(u"\\BaseNamedObjects\\KtPrTimer");
        EXPECT_FROM_USER(
            NtOpenTimer(HANDLE_OUT(Bad), TIMER_QUERY_STATE, U_ATTRIBUTES), Bad,
            STATUS_ACCESS_VIOLATION);
        user_attributes(u"\\BaseNamedObjects\\KtPrMutant");
        EXPECT_FROM_USER(
            NtOpenMutant(HANDLE_OUT(Bad), MUTANT_ALL_ACCESS, U_ATTRIBUTES), Bad,
            STATUS_ACCESS_VIOLATION);
        user_attributes(u"\\BaseNamedObjects\\KtPrSemaphore");
        EXPECT_FROM_USER(NtOpenSemaphore(HANDLE_OUT(Bad), SEMAPHORE_ALL_ACCESS,
                                         U_ATTRIBUTES),
                         Bad, STATUS_ACCESS_VIOLATION);
        user_attributes(u"\\Device\\Console");
        EXPECT_FROM_USER(NtOpenFile(HANDLE_OUT(Bad), FILE_READ_ATTRIBUTES,
                                    U_ATTRIBUTES, U_IOSB, 0, 0),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtCreateFile(HANDLE_OUT(Bad), FILE_READ_ATTRIBUTES,
                                      U_ATTRIBUTES, U_IOSB, NULL, 0, 0,
                                      FILE_OPEN, 0, NULL, 0),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtCreateThread(HANDLE_OUT(Bad), THREAD_ALL_ACCESS,
                                        NULL, NtCurrentProcess(), NULL,
                                        U_CONTEXT, U_TEB, TRUE),
                         Bad, STATUS_ACCESS_VIOLATION);
        /* The I/O status block, the information buffers. */
        EXPECT_FROM_USER(NtOpenFile(U_HANDLE, FILE_READ_ATTRIBUTES,
                                    U_ATTRIBUTES, (PIO_STATUS_BLOCK)Bad, 0, 0),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtCreateFile(U_HANDLE, FILE_READ_ATTRIBUTES,
                                      U_ATTRIBUTES, (PIO_STATUS_BLOCK)Bad, NULL,
                                      0, 0, FILE_OPEN, 0, NULL, 0),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtQueryInformationProcess(NtCurrentProcess(),
                                      ProcessBasicInformation, (PVOID)Bad,
                                      sizeof(PROCESS_BASIC_INFORMATION), NULL),
            Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtQueryTimer(Objects.Timer, TimerBasicInformation,
                                      (PVOID)Bad,
                                      sizeof(TIMER_BASIC_INFORMATION), NULL),
                         Bad, STATUS_ACCESS_VIOLATION);
        /* A view's base and size are read and written back: probed for
         * writing before anything is mapped. */
        if (Bad != STRADDLING) { /* a ULONG fits there */
            view_arguments();
            EXPECT_FROM_USER(
                NtMapViewOfSection(Objects.Section, NtCurrentProcess(),
                                   (PVOID *)Bad, 0, 0, U_OFFSET, U_SIZE,
                                   ViewShare, 0, PAGE_READWRITE),
                Bad, STATUS_ACCESS_VIOLATION);
            view_arguments();
            EXPECT_FROM_USER(NtMapViewOfSection(Objects.Section,
                                                NtCurrentProcess(), U_BASE, 0,
                                                0, U_OFFSET, (PSIZE_T)Bad,
                                                ViewShare, 0, PAGE_READWRITE),
                             Bad, STATUS_ACCESS_VIOLATION);
        }
        if (Bad == 0) /* the outputs below are optional */
            continue;
        /* The offset is written back too: probed for writing first. */
        view_arguments();
        EXPECT_FROM_USER(NtMapViewOfSection(Objects.Section, NtCurrentProcess(),
                                            U_BASE, 0, 0, (PLARGE_INTEGER)Bad,
                                            U_SIZE, ViewShare, 0,
                                            PAGE_READWRITE),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtCreateThread(U_HANDLE, THREAD_ALL_ACCESS, NULL,
                                        NtCurrentProcess(), (PCLIENT_ID)Bad,
                                        U_CONTEXT, U_TEB, TRUE),
                         Bad, STATUS_ACCESS_VIOLATION);
        if (Bad == STRADDLING) /* a ULONG or a BOOLEAN fits there */
            continue;
        RtlFillMemory(U_BUFFER, 0x40, 0xCC);
        EXPECT_FROM_USER(NtQueryInformationProcess(
                             NtCurrentProcess(), ProcessBasicInformation,
                             U_BUFFER, sizeof(PROCESS_BASIC_INFORMATION),
                             (PULONG)Bad),
                         Bad, STATUS_ACCESS_VIOLATION);
        KT_ASSERT_EQ(U_BUFFER[0], 0xCC);
        EXPECT_FROM_USER(NtQueryTimer(Objects.Timer, TimerBasicInformation,
                                      U_BUFFER, sizeof(TIMER_BASIC_INFORMATION),
                                      (PULONG)Bad),
                         Bad, STATUS_ACCESS_VIOLATION);
        KT_ASSERT_EQ(U_BUFFER[0], 0xCC);
        U_TIME->QuadPart = -1; /* due at once, were it set */
        EXPECT_FROM_USER(NtSetTimer(Objects.Timer, U_TIME, NULL, NULL, FALSE, 0,
                                    (PBOOLEAN)Bad),
                         Bad, STATUS_ACCESS_VIOLATION);
    }

    for (Index = 0; Index < ARRAYSIZE(bad_for_reading); Index++) {
        ULONG_PTR Bad = bad_for_reading[Index];

        /* A timer's due time: required. */
        EXPECT_FROM_USER(NtSetTimer(Objects.Timer, (PLARGE_INTEGER)Bad, NULL,
                                    NULL, FALSE, 0, NULL),
                         Bad, STATUS_ACCESS_VIOLATION);
        if (Bad == 0) /* NULL attributes, size, stack: none given */
            continue;
        EXPECT_FROM_USER(NtCreateSection(U_HANDLE, SECTION_ALL_ACCESS, NULL,
                                         (PLARGE_INTEGER)Bad, PAGE_READWRITE,
                                         SEC_COMMIT, NULL),
                         Bad, STATUS_ACCESS_VIOLATION);
        U_TIME->QuadPart = PAGE_SIZE;
        EXPECT_FROM_USER(NtCreateSection(U_HANDLE, SECTION_ALL_ACCESS,
                                         (POBJECT_ATTRIBUTES)Bad, U_TIME,
                                         PAGE_READWRITE, SEC_COMMIT, NULL),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtOpenSection(U_HANDLE, SECTION_MAP_READ, (POBJECT_ATTRIBUTES)Bad),
            Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtCreateTimer(U_HANDLE, TIMER_ALL_ACCESS,
                                       (POBJECT_ATTRIBUTES)Bad,
                                       NotificationTimer),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtOpenTimer(U_HANDLE, TIMER_QUERY_STATE, (POBJECT_ATTRIBUTES)Bad),
            Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtOpenMutant(U_HANDLE, MUTANT_ALL_ACCESS, (POBJECT_ATTRIBUTES)Bad),
            Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtOpenSemaphore(U_HANDLE, SEMAPHORE_ALL_ACCESS,
                                         (POBJECT_ATTRIBUTES)Bad),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtOpenFile(U_HANDLE, FILE_READ_ATTRIBUTES,
                                    (POBJECT_ATTRIBUTES)Bad, U_IOSB, 0, 0),
                         Bad, STATUS_ACCESS_VIOLATION);
        /* A size that is read though devices have none. */
        user_attributes(u"\\Device\\Console");
        EXPECT_FROM_USER(NtCreateFile(U_HANDLE, FILE_READ_ATTRIBUTES,
                                      U_ATTRIBUTES, U_IOSB, (PLARGE_INTEGER)Bad,
                                      0, 0, FILE_OPEN, 0, NULL, 0),
                         Bad, STATUS_ACCESS_VIOLATION);
        /* The name inside good attributes. */
        user_attributes(u"\\Device\\Console");
        U_NAME->Buffer = (PWCHAR)Bad;
        EXPECT_FROM_USER(NtCreateFile(U_HANDLE, FILE_READ_ATTRIBUTES,
                                      U_ATTRIBUTES, U_IOSB, NULL, 0, 0,
                                      FILE_OPEN, 0, NULL, 0),
                         Bad, STATUS_ACCESS_VIOLATION);
        user_attributes(u"\\BaseNamedObjects\\KtPrSection");
        U_ATTRIBUTES->ObjectName = (PUNICODE_STRING)Bad;
        EXPECT_FROM_USER(
            NtOpenSection(U_HANDLE, SECTION_MAP_READ, U_ATTRIBUTES), Bad,
            STATUS_ACCESS_VIOLATION);
        /* A new thread's context and stack. */
        EXPECT_FROM_USER(NtCreateThread(U_HANDLE, THREAD_ALL_ACCESS, NULL,
                                        NtCurrentProcess(), NULL, (PCONTEXT)Bad,
                                        U_TEB, TRUE),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(NtCreateThread(U_HANDLE, THREAD_ALL_ACCESS, NULL,
                                        NtCurrentProcess(), NULL, U_CONTEXT,
                                        (PINITIAL_TEB)Bad, TRUE),
                         Bad, STATUS_ACCESS_VIOLATION);
        EXPECT_FROM_USER(
            NtCreateThread(U_HANDLE, THREAD_ALL_ACCESS, (POBJECT_ATTRIBUTES)Bad,
                           NtCurrentProcess(), NULL, U_CONTEXT, U_TEB, TRUE),
            Bad, STATUS_ACCESS_VIOLATION);
    }

    /* Misaligned: NT probes these at ULONG alignment. */
    view_arguments();
    EXPECT_FROM_USER(NtMapViewOfSection(Objects.Section, NtCurrentProcess(),
                                        (PVOID *)(USER + 0x62), 0, 0, U_OFFSET,
                                        U_SIZE, ViewShare, 0, PAGE_READWRITE),
                     0x62, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(NtMapViewOfSection(Objects.Section, NtCurrentProcess(),
                                        U_BASE, 0, 0, U_OFFSET,
                                        (PSIZE_T)(USER + 0x66), ViewShare, 0,
                                        PAGE_READWRITE),
                     0x66, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(NtMapViewOfSection(Objects.Section, NtCurrentProcess(),
                                        U_BASE, 0, 0,
                                        (PLARGE_INTEGER)(USER + 0x6A), U_SIZE,
                                        ViewShare, 0, PAGE_READWRITE),
                     0x6A, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(NtQueryInformationProcess(
                         NtCurrentProcess(), ProcessBasicInformation,
                         USER + 0x402, sizeof(PROCESS_BASIC_INFORMATION), NULL),
                     0x402, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(
        NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation,
                                  U_BUFFER, sizeof(PROCESS_BASIC_INFORMATION),
                                  (PULONG)(USER + 0x71)),
        0x71, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(NtQueryTimer(Objects.Timer, TimerBasicInformation,
                                  USER + 0x402, sizeof(TIMER_BASIC_INFORMATION),
                                  NULL),
                     0x402, STATUS_DATATYPE_MISALIGNMENT);
    user_attributes(u"\\Device\\Console");
    EXPECT_FROM_USER(NtOpenFile(U_HANDLE, FILE_READ_ATTRIBUTES, U_ATTRIBUTES,
                                (PIO_STATUS_BLOCK)(USER + 0x72), 0, 0),
                     0x72, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(NtCreateThread(U_HANDLE, THREAD_ALL_ACCESS, NULL,
                                    NtCurrentProcess(), NULL,
                                    (PCONTEXT)(USER + 0x802), U_TEB, TRUE),
                     0x802, STATUS_DATATYPE_MISALIGNMENT);
    EXPECT_FROM_USER(
        NtCreateThread(U_HANDLE, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(),
                       (PCLIENT_ID)(USER + 0x4A), U_CONTEXT, U_TEB, TRUE),
        0x4A, STATUS_DATATYPE_MISALIGNMENT);

    /* Nothing moved: the straddled bytes unwritten, the timer never set,
     * the named objects still there and nothing new named. */
    KT_ASSERT_EQ(*(PULONG)STRADDLING, 0);
    {
        LARGE_INTEGER Interval = {.QuadPart = -10 * 1000 * 30}; /* 30 ms */

        KeDelayExecutionThread(KernelMode, FALSE, &Interval);
        KT_ASSERT(!KeReadStateTimer(TimerObject));
    }
    KT_CLEANUP;
    KtDeleteProcess(&process);
    close_all(&Objects);
}
