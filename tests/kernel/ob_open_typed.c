/*
 * Named semaphores, mutants and timers opened by name, each only by its
 * own type's open service (another type's gives
 * STATUS_OBJECT_TYPE_MISMATCH), and ObReferenceObjectByPointer's type
 * rule and reference count.
 */
#include "kernel/ktest.h"
#include "ob_test.h"

#define KT_SEMAPHORE_PATH u"\\BaseNamedObjects\\KtOpenSemaphore"
#define KT_MUTANT_PATH u"\\BaseNamedObjects\\KtOpenMutant"
#define KT_TIMER_PATH u"\\BaseNamedObjects\\KtOpenTimer"

typedef NTSTATUS(NTAPI *KT_OPEN_ROUTINE)(PHANDLE Handle, ACCESS_MASK Access,
                                         POBJECT_ATTRIBUTES Attributes);

/* Opens Path with Open; on success checks it is Expected and closes it. */
static NTSTATUS open_by_name(KT_OPEN_ROUTINE Open, PCWSTR Path, PVOID Expected)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Handle;
    PVOID Object;
    NTSTATUS Status;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, Path, OBJ_KERNEL_HANDLE);
    Status = Open(&Handle, SYNCHRONIZE, &Attributes);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &Object, NULL);
    if (NT_SUCCESS(Status)) {
        if (Object != Expected)
            Status = STATUS_UNSUCCESSFUL;
        ObfDereferenceObject(Object);
    }
    ZwClose(Handle);
    return Status;
}

static PVOID object_of(HANDLE Handle)
{
    PVOID Object = NULL;

    if (NT_SUCCESS(ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode,
                                             &Object, NULL)))
        ObfDereferenceObject(Object); /* the handle keeps it */
    return Object;
}

KTEST(ob_semaphore_mutant_and_timer_open_by_name_of_their_type_only)
{
    HANDLE Semaphore = NULL, Mutant = NULL, Timer = NULL;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    KT_CLEANUP_SECTION;

    KT_OBJECT_ATTRIBUTES(Attributes, Name, KT_SEMAPHORE_PATH,
                         OBJ_KERNEL_HANDLE);
    KT_ASSERT_EQ(
        ZwCreateSemaphore(&Semaphore, SEMAPHORE_ALL_ACCESS, &Attributes, 1, 2),
        STATUS_SUCCESS);
    KT_OBJECT_ATTRIBUTES(Attributes, Name, KT_MUTANT_PATH, OBJ_KERNEL_HANDLE);
    KT_ASSERT_EQ(ZwCreateMutant(&Mutant, MUTANT_ALL_ACCESS, &Attributes, FALSE),
                 STATUS_SUCCESS);
    KT_OBJECT_ATTRIBUTES(Attributes, Name, KT_TIMER_PATH, OBJ_KERNEL_HANDLE);
    KT_ASSERT_EQ(
        ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, &Attributes, NotificationTimer),
        STATUS_SUCCESS);
    /* Each by its own service: the very object. */
    KT_ASSERT_EQ(
        open_by_name(ZwOpenSemaphore, KT_SEMAPHORE_PATH, object_of(Semaphore)),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(open_by_name(ZwOpenMutant, KT_MUTANT_PATH, object_of(Mutant)),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(open_by_name(ZwOpenTimer, KT_TIMER_PATH, object_of(Timer)),
                 STATUS_SUCCESS);
    /* By another type's service: refused, whichever way round. */
    KT_ASSERT_EQ(open_by_name(ZwOpenMutant, KT_SEMAPHORE_PATH, NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(open_by_name(ZwOpenTimer, KT_MUTANT_PATH, NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(open_by_name(ZwOpenSemaphore, KT_TIMER_PATH, NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(open_by_name(ZwOpenEvent, KT_SEMAPHORE_PATH, NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(
        open_by_name(ZwOpenTimer, u"\\BaseNamedObjects\\KtOpenNobody", NULL),
        STATUS_OBJECT_NAME_NOT_FOUND);
    /* The names go with the last handles. */
    ZwClose(Semaphore);
    Semaphore = NULL;
    KT_ASSERT_EQ(open_by_name(ZwOpenSemaphore, KT_SEMAPHORE_PATH, NULL),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_CLEANUP;
    if (Timer != NULL)
        ZwClose(Timer);
    if (Mutant != NULL)
        ZwClose(Mutant);
    if (Semaphore != NULL)
        ZwClose(Semaphore);
}

/* NT's rule (WRK obref.c): a type mismatch fails for UserMode; kernel mode
 * is trusted with any type but the symbolic link's. Each success is one
 * more reference. */
KTEST(ob_reference_by_pointer_checks_the_type_and_counts)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Event = NULL;
    POBJECT_HEADER Header;
    PVOID Object;
    LONG Count;
    KT_CLEANUP_SECTION;

    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    Object = object_of(Event);
    KT_ASSERT(Object != NULL);
    Header = OBJECT_TO_OBJECT_HEADER(Object);
    Count = Header->PointerCount;
    KT_ASSERT_EQ(ObReferenceObjectByPointer(Object, EVENT_ALL_ACCESS,
                                            *ExEventObjectType, UserMode),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Header->PointerCount, Count + 1);
    KT_ASSERT_EQ(
        ObReferenceObjectByPointer(Object, 0, *ExSemaphoreObjectType, UserMode),
        STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(ObReferenceObjectByPointer(Object, 0, NULL, UserMode),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(ObReferenceObjectByPointer(
                     Object, 0, ObpSymbolicLinkObjectType, KernelMode),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(Header->PointerCount, Count + 1);
    KT_ASSERT_EQ(ObReferenceObjectByPointer(Object, 0, *ExSemaphoreObjectType,
                                            KernelMode),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Header->PointerCount, Count + 2);
    ObDereferenceObject(Object);
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(Header->PointerCount, Count);
    KT_CLEANUP;
    if (Event != NULL)
        ZwClose(Event);
}
