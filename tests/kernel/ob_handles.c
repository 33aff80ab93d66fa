/*
 * Handles: NT's values and their reuse, kernel handles, bad handles,
 * access and type checks, duplication, protection from close, waits on
 * handles, the mutant and semaphore services, an object's end exactly
 * when its last reference goes, and 1,000 create/close cycles that leave
 * the pool and the handle counts as they were.
 */
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "kt_user.h"
#include "ob_test.h"

static volatile LONG deleted;
static POBJECT_TYPE test_type;

static VOID delete_test_object(PVOID Object)
{
    UNREFERENCED_PARAMETER(Object);
    deleted++;
}

/* A type of our own, made once (types are permanent). */
static POBJECT_TYPE kt_type(VOID)
{
    OBJECT_TYPE_INITIALIZER Initializer = {0};
    UNICODE_STRING Name;

    if (test_type != NULL)
        return test_type;
    RtlInitUnicodeString(&Name, u"KtObject");
    Initializer.Length = sizeof(Initializer);
    Initializer.UseDefaultObject = TRUE;
    Initializer.GenericMapping.GenericAll = 0x1F0001;
    Initializer.ValidAccessMask = 0x1F0001;
    Initializer.PoolType = NonPagedPool;
    Initializer.DeleteProcedure = delete_test_object;
    if (!NT_SUCCESS(ObCreateObjectType(&Name, &Initializer, NULL, &test_type)))
        test_type = NULL;
    return test_type;
}

KTEST(ob_handle_values_are_multiples_of_4_from_4_lowest_free_first)
{
    KT_CLEANUP_SECTION;
    PHANDLE_TABLE Table = ObpCreateHandleTable();
    HANDLE Handles[100];
    ULONG Index;
    KEVENT *Event = NULL;

    KT_ASSERT(Table != NULL);
    KT_ASSERT_EQ(ZwCreateEvent(&Handles[0], EVENT_ALL_ACCESS, NULL,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ObReferenceObjectByHandle(Handles[0], 0, NULL, KernelMode,
                                           (PVOID *)&Event, NULL),
                 STATUS_SUCCESS);
    ZwClose(Handles[0]);
    for (Index = 0; Index < 3; Index++)
        KT_ASSERT_EQ(ObpCreateHandleInTable(Table, Event, EVENT_ALL_ACCESS, 0,
                                            &Handles[Index]),
                     STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG_PTR)Handles[0], 4u);
    KT_ASSERT_EQ((ULONG_PTR)Handles[1], 8u);
    KT_ASSERT_EQ((ULONG_PTR)Handles[2], 12u);
    KT_ASSERT_EQ(ObpCloseHandleInTable(Table, Handles[1], FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ObpCloseHandleInTable(Table, Handles[0], FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ObpCloseHandleInTable(Table, Handles[0], FALSE),
                 STATUS_INVALID_HANDLE);
    KT_ASSERT_EQ(ObpCreateHandleInTable(Table, Event, 0, 0, &Handles[0]),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG_PTR)Handles[0], 4u);
    KT_ASSERT_EQ(ObpCreateHandleInTable(Table, Event, 0, 0, &Handles[1]),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG_PTR)Handles[1], 8u);
    /* Past the first 32 entries: the table grows, values go on. */
    for (Index = 3; Index < 100; Index++) {
        KT_ASSERT_EQ(
            ObpCreateHandleInTable(Table, Event, 0, 0, &Handles[Index]),
            STATUS_SUCCESS);
        KT_ASSERT_EQ((ULONG_PTR)Handles[Index], (Index + 1) * 4);
    }
    KT_ASSERT_EQ(Table->HandleCount, 100u);
    KT_ASSERT_EQ(OBJECT_TO_OBJECT_HEADER(Event)->HandleCount, 100);
    KT_CLEANUP;
    if (Table != NULL)
        ObpDestroyHandleTable(Table);
    if (Event != NULL) {
        KT_ASSERT_EQ(OBJECT_TO_OBJECT_HEADER(Event)->HandleCount, 0);
        ObDereferenceObject(Event);
    }
}

KTEST(ob_kernel_handles_have_the_top_bit_and_user_mode_cannot_use_them)
{
    KT_CLEANUP_SECTION;
    HANDLE Kernel = NULL, Plain = NULL;
    OBJECT_ATTRIBUTES Attributes;
    PVOID Object;

    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwCreateEvent(&Kernel, EVENT_ALL_ACCESS, &Attributes,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT((ULONG_PTR)Kernel & KERNEL_HANDLE_FLAG);
    KT_ASSERT_EQ((ULONG_PTR)Kernel & 3, 0u);
    KT_ASSERT_EQ(
        ZwCreateEvent(&Plain, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
        STATUS_SUCCESS);
    KT_ASSERT(!((ULONG_PTR)Plain & KERNEL_HANDLE_FLAG));
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Kernel, 0, NULL, UserMode, &Object, NULL),
        STATUS_INVALID_HANDLE);
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Plain, 0, NULL, UserMode, &Object, NULL),
        STATUS_SUCCESS);
    ObDereferenceObject(Object);
    KT_CLEANUP;
    if (Kernel != NULL)
        ZwClose(Kernel);
    if (Plain != NULL)
        ZwClose(Plain);
}

KTEST(ob_closing_a_bad_handle_is_an_error_not_a_bug_check)
{
    KT_ASSERT_EQ(ZwClose(NULL), STATUS_INVALID_HANDLE);
    KT_ASSERT_EQ(ZwClose((HANDLE)3), STATUS_INVALID_HANDLE);
    KT_ASSERT_EQ(ZwClose((HANDLE)0x7FFFFFFC), STATUS_INVALID_HANDLE);
    KT_ASSERT_EQ(ZwClose((HANDLE)0x8000FFF0), STATUS_INVALID_HANDLE);
    KT_ASSERT_EQ(ZwSetEvent((HANDLE)0x8000FFF0, NULL), STATUS_INVALID_HANDLE);
}

KTEST(ob_access_is_checked_for_user_mode_and_types_always)
{
    KT_CLEANUP_SECTION;
    HANDLE QueryOnly = NULL, NoSynchronize = NULL;
    KPROCESSOR_MODE Saved = ExpSetPreviousMode(KernelMode);
    /* A user page for the timeout: from user mode a pointer into the
     * kernel half is refused before the handle is looked at. */
    PLARGE_INTEGER Zero = (PLARGE_INTEGER)0x00500000;
    BOOLEAN Mapped = FALSE;
    NTSTATUS SetStatus, WaitStatus, NoSyncStatus, TypeStatus, ReleaseStatus;

    KT_ASSERT_EQ(KtMapUserPage(Zero, PAGE_READWRITE), STATUS_SUCCESS);
    Mapped = TRUE;
    Zero->QuadPart = 0;
    KT_ASSERT_EQ(ZwCreateEvent(&QueryOnly, EVENT_QUERY_STATE | SYNCHRONIZE,
                               NULL, NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwCreateEvent(&NoSynchronize, EVENT_MODIFY_STATE, NULL,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    /* As a system service called from user mode would run them. */
    ExpSetPreviousMode(UserMode);
    SetStatus = NtSetEvent(QueryOnly, NULL);
    WaitStatus = NtWaitForSingleObject(QueryOnly, FALSE, Zero);
    NoSyncStatus = NtWaitForSingleObject(NoSynchronize, FALSE, Zero);
    TypeStatus = NtReleaseSemaphore(NoSynchronize, 1, NULL);
    ReleaseStatus = NtSetEvent(NoSynchronize, NULL);
    ExpSetPreviousMode(KernelMode);
    KT_ASSERT_EQ(SetStatus, STATUS_ACCESS_DENIED);
    KT_ASSERT_EQ(WaitStatus, STATUS_TIMEOUT);
    KT_ASSERT_EQ(NoSyncStatus, STATUS_ACCESS_DENIED);
    KT_ASSERT_EQ(TypeStatus, STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(ReleaseStatus, STATUS_SUCCESS);
    /* Kernel mode is trusted with its handles, as on NT. */
    KT_ASSERT_EQ(ZwSetEvent(QueryOnly, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwReleaseSemaphore(QueryOnly, 1, NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_CLEANUP;
    ExpSetPreviousMode(Saved);
    if (Mapped)
        KtUnmapUserPage(Zero);
    if (QueryOnly != NULL)
        ZwClose(QueryOnly);
    if (NoSynchronize != NULL)
        ZwClose(NoSynchronize);
}

KTEST(ob_duplicate_keeps_or_narrows_access_and_can_close_the_source)
{
    KT_CLEANUP_SECTION;
    HANDLE Source = NULL, Same = NULL, Narrow = NULL, Moved = NULL;
    OBJECT_HANDLE_INFORMATION Info;
    PVOID A = NULL, B = NULL;

    KT_ASSERT_EQ(ZwCreateEvent(&Source, EVENT_ALL_ACCESS, NULL,
                               SynchronizationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwDuplicateObject(NtCurrentProcess(), Source,
                                   NtCurrentProcess(), &Same, 0, 0,
                                   DUPLICATE_SAME_ACCESS),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Same, 0, NULL, KernelMode, &A, &Info),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Info.GrantedAccess, (ULONG)EVENT_ALL_ACCESS);
    KT_ASSERT_EQ(ZwDuplicateObject(NtCurrentProcess(), Source,
                                   NtCurrentProcess(), &Narrow, GENERIC_READ, 0,
                                   0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        ObReferenceObjectByHandle(Narrow, 0, NULL, KernelMode, &B, &Info),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Info.GrantedAccess,
                 (ULONG)(STANDARD_RIGHTS_READ | EVENT_QUERY_STATE));
    KT_ASSERT(A == B);
    KT_ASSERT_EQ(ZwDuplicateObject(
                     NtCurrentProcess(), Source, NtCurrentProcess(), &Moved, 0,
                     0, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwClose(Source), STATUS_INVALID_HANDLE);
    Source = NULL;
    KT_ASSERT_EQ(OBJECT_TO_OBJECT_HEADER(A)->HandleCount, 3);
    KT_ASSERT_EQ(ZwDuplicateObject((HANDLE)0x1234, Same, NtCurrentProcess(),
                                   &Source, 0, 0, DUPLICATE_SAME_ACCESS),
                 STATUS_INVALID_HANDLE);
    KT_CLEANUP;
    if (A != NULL)
        ObDereferenceObject(A);
    if (B != NULL)
        ObDereferenceObject(B);
    if (Source != NULL)
        ZwClose(Source);
    if (Same != NULL)
        ZwClose(Same);
    if (Narrow != NULL)
        ZwClose(Narrow);
    if (Moved != NULL)
        ZwClose(Moved);
}

KTEST(ob_object_is_deleted_exactly_when_its_last_reference_goes)
{
    KT_CLEANUP_SECTION;
    POBJECT_TYPE Type = kt_type();
    PVOID Object = NULL, Referenced = NULL;
    HANDLE Handle = NULL;
    LONG Before = deleted;

    KT_ASSERT(Type != NULL);
    KT_ASSERT_EQ(ObCreateObject(KernelMode, Type, NULL, KernelMode, NULL, 16, 0,
                                0, &Object),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ObInsertObject(Object, NULL, 1, 0, &Referenced, &Handle),
                 STATUS_SUCCESS);
    KT_ASSERT(Referenced == Object);
    KT_ASSERT_EQ(OBJECT_TO_OBJECT_HEADER(Object)->PointerCount, 2);
    KT_ASSERT_EQ(ZwClose(Handle), STATUS_SUCCESS);
    Handle = NULL;
    KT_ASSERT_EQ(deleted, Before);
    ObReferenceObject(Object);
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(deleted, Before);
    ObDereferenceObject(Referenced);
    Referenced = NULL;
    KT_ASSERT_EQ(deleted, Before + 1);
    /* Created and never inserted: the creation reference alone. */
    KT_ASSERT_EQ(ObCreateObject(KernelMode, Type, NULL, KernelMode, NULL, 16, 0,
                                0, &Object),
                 STATUS_SUCCESS);
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(deleted, Before + 2);
    KT_CLEANUP;
    if (Handle != NULL)
        ZwClose(Handle);
    if (Referenced != NULL)
        ObDereferenceObject(Referenced);
}

KTEST(ob_handle_protected_from_close_stays_until_unprotected)
{
    KT_CLEANUP_SECTION;
    OBJECT_HANDLE_FLAG_INFORMATION Flags = {FALSE, TRUE};
    OBJECT_BASIC_INFORMATION Basic;
    HANDLE Handle = NULL;

    KT_ASSERT_EQ(ZwCreateEvent(&Handle, EVENT_ALL_ACCESS, NULL,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwSetInformationObject(Handle, ObjectHandleFlagInformation,
                                        &Flags, sizeof(Flags)),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwQueryObject(Handle, ObjectBasicInformation, &Basic,
                               sizeof(Basic), NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Basic.Attributes, (ULONG)OBJ_PROTECT_CLOSE);
    KT_ASSERT_EQ(ZwClose(Handle), STATUS_HANDLE_NOT_CLOSABLE);
    KT_CLEANUP;
    Flags.ProtectFromClose = FALSE;
    if (Handle != NULL) {
        ZwSetInformationObject(Handle, ObjectHandleFlagInformation, &Flags,
                               sizeof(Flags));
        KT_ASSERT_EQ(ZwClose(Handle), STATUS_SUCCESS);
    }
}

KTEST(ob_wait_for_multiple_handles)
{
    KT_CLEANUP_SECTION;
    HANDLE Events[5] = {NULL, NULL, NULL, NULL, NULL};
    LARGE_INTEGER Zero = {.QuadPart = 0};
    ULONG Index;

    for (Index = 0; Index < 5; Index++)
        KT_ASSERT_EQ(ZwCreateEvent(&Events[Index], EVENT_ALL_ACCESS, NULL,
                                   NotificationEvent, FALSE),
                     STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWaitForMultipleObjects(5, Events, WaitAny, FALSE, &Zero),
                 STATUS_TIMEOUT);
    KT_ASSERT_EQ(ZwSetEvent(Events[3], NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWaitForMultipleObjects(5, Events, WaitAny, FALSE, &Zero),
                 STATUS_WAIT_0 + 3);
    KT_ASSERT_EQ(ZwWaitForMultipleObjects(5, Events, WaitAll, FALSE, &Zero),
                 STATUS_TIMEOUT);
    for (Index = 0; Index < 5; Index++)
        ZwSetEvent(Events[Index], NULL);
    KT_ASSERT_EQ(ZwWaitForMultipleObjects(5, Events, WaitAll, FALSE, &Zero),
                 STATUS_SUCCESS);
    Events[4] = Events[0];
    KT_ASSERT_EQ(ZwWaitForMultipleObjects(5, Events, WaitAll, FALSE, &Zero),
                 STATUS_INVALID_PARAMETER_MIX);
    KT_ASSERT_EQ(ZwWaitForMultipleObjects(0, Events, WaitAny, FALSE, &Zero),
                 STATUS_INVALID_PARAMETER_1);
    KT_ASSERT_EQ(ZwWaitForMultipleObjects(65, Events, WaitAny, FALSE, &Zero),
                 STATUS_INVALID_PARAMETER_1);
    Events[4] = (HANDLE)0x8000FFF0;
    KT_ASSERT_EQ(ZwWaitForMultipleObjects(5, Events, WaitAny, FALSE, &Zero),
                 STATUS_INVALID_HANDLE);
    Events[4] = NULL;
    KT_CLEANUP;
    for (Index = 0; Index < 5; Index++)
        if (Events[Index] != NULL)
            ZwClose(Events[Index]);
}

KTEST(ob_mutant_and_semaphore_services)
{
    KT_CLEANUP_SECTION;
    HANDLE Mutant = NULL, Semaphore = NULL;
    LARGE_INTEGER Zero = {.QuadPart = 0};
    LONG Previous = -5;

    KT_ASSERT_EQ(ZwCreateMutant(&Mutant, MUTANT_ALL_ACCESS, NULL, TRUE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Mutant, FALSE, &Zero), STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwReleaseMutant(Mutant, &Previous), STATUS_SUCCESS);
    KT_ASSERT_EQ(Previous, -1);
    KT_ASSERT_EQ(ZwReleaseMutant(Mutant, &Previous), STATUS_SUCCESS);
    KT_ASSERT_EQ(Previous, 0);
    KT_ASSERT_EQ(ZwReleaseMutant(Mutant, &Previous), STATUS_MUTANT_NOT_OWNED);
    KT_ASSERT_EQ(
        ZwCreateSemaphore(&Semaphore, SEMAPHORE_ALL_ACCESS, NULL, 3, 2),
        STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(
        ZwCreateSemaphore(&Semaphore, SEMAPHORE_ALL_ACCESS, NULL, 0, 2),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Semaphore, FALSE, &Zero),
                 STATUS_TIMEOUT);
    KT_ASSERT_EQ(ZwReleaseSemaphore(Semaphore, 2, &Previous), STATUS_SUCCESS);
    KT_ASSERT_EQ(Previous, 0);
    KT_ASSERT_EQ(ZwReleaseSemaphore(Semaphore, 1, &Previous),
                 STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    KT_ASSERT_EQ(ZwReleaseSemaphore(Semaphore, 0, &Previous),
                 STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Semaphore, FALSE, &Zero),
                 STATUS_SUCCESS);
    /* A mutant closed while owned goes without trouble (abandoned). */
    ZwClose(Mutant);
    Mutant = NULL;
    KT_ASSERT_EQ(ZwCreateMutant(&Mutant, MUTANT_ALL_ACCESS, NULL, TRUE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwClose(Mutant), STATUS_SUCCESS);
    Mutant = NULL;
    KT_ASSERT(IsListEmpty(&KeGetCurrentThread()->MutantListHead));
    KT_CLEANUP;
    if (Mutant != NULL)
        ZwClose(Mutant);
    if (Semaphore != NULL)
        ZwClose(Semaphore);
}

static VOID one_cycle(VOID)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Event, Copy, Semaphore, Again;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, u"\\BaseNamedObjects\\KtCycle",
                         OBJ_OPENIF);
    if (NT_SUCCESS(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes,
                                 NotificationEvent, FALSE))) {
        if (NT_SUCCESS(ZwCreateEvent(&Again, EVENT_ALL_ACCESS, &Attributes,
                                     NotificationEvent, FALSE)))
            ZwClose(Again);
        if (NT_SUCCESS(ZwDuplicateObject(NtCurrentProcess(), Event,
                                         NtCurrentProcess(), &Copy, 0, 0,
                                         DUPLICATE_SAME_ACCESS)))
            ZwClose(Copy);
        ZwClose(Event);
    }
    if (NT_SUCCESS(
            ZwCreateSemaphore(&Semaphore, SEMAPHORE_ALL_ACCESS, NULL, 1, 1)))
        ZwClose(Semaphore);
}

KTEST(ob_1000_create_close_cycles_leave_pool_and_handles_as_they_were)
{
    ULONG Handles, Cycle;
    LONG Events, Semaphores;
    SIZE_T Bytes;

    one_cycle(); /* the handle table has grown to what it needs */
    Handles = PsInitialSystemProcess->ObjectTable->HandleCount;
    Events = (*ExEventObjectType)->TotalNumberOfObjects;
    Semaphores = (*ExSemaphoreObjectType)->TotalNumberOfObjects;
    Bytes = KtObjectPoolBytes();
    for (Cycle = 0; Cycle < 1000; Cycle++)
        one_cycle();
    KT_ASSERT_EQ(PsInitialSystemProcess->ObjectTable->HandleCount, Handles);
    KT_ASSERT_EQ((*ExEventObjectType)->TotalNumberOfObjects, Events);
    KT_ASSERT_EQ((*ExSemaphoreObjectType)->TotalNumberOfObjects, Semaphores);
    KT_ASSERT_EQ(KtObjectPoolBytes(), Bytes);
    KT_ASSERT_EQ(KtOpenEventStatus(u"\\BaseNamedObjects\\KtCycle", 0),
                 STATUS_OBJECT_NAME_NOT_FOUND);
}

/* A driver's extra release: the count a live object has is already
 * spent (set to 0 here by hand), so its next release takes it below zero:
 * REFERENCE_BY_POINTER, as NT stops. */
KTEST_CRASH(crash_object_dereferenced_too_often)
{
    PVOID Object;

    if (NT_SUCCESS(ObCreateObject(KernelMode, *ExEventObjectType, NULL,
                                  KernelMode, NULL, sizeof(KEVENT), 0, 0,
                                  &Object))) {
        OBJECT_TO_OBJECT_HEADER(Object)->PointerCount = 0;
        ObDereferenceObject(Object);
    }
}
