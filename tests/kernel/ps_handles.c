/*
 * Handles across processes: NtDuplicateObject into and out of another
 * process's table, process handles checked for PROCESS_DUP_HANDLE, and a
 * process's handle table closed when it ends.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "tests/kernel/kt_user.h"

static HANDLE open_process(PEPROCESS Process, ACCESS_MASK Access,
                           ULONG Attributes)
{
    HANDLE Handle = NULL;

    if (!NT_SUCCESS(ObOpenObjectByPointer(Process, Attributes, NULL, Access,
                                          *PsProcessType, KernelMode, &Handle)))
        return NULL;
    return Handle;
}

KTEST(ps_duplicate_handles_between_processes)
{
    HANDLE Event = NULL, Full = NULL, Query = NULL, InTarget = NULL,
           Back = NULL;
    OBJECT_ATTRIBUTES Attributes;
    PEPROCESS Process = NULL;
    HANDLE_TABLE_ENTRY Entry;
    PKEVENT EventObject = NULL;
    KPROCESSOR_MODE Mode;
    NTSTATUS Status;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-handles", &Process), STATUS_SUCCESS);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ObReferenceObjectByHandle(Event, 0, *ExEventObjectType,
                                           KernelMode, (PVOID *)&EventObject,
                                           NULL),
                 STATUS_SUCCESS);
    Full = open_process(Process, PROCESS_ALL_ACCESS, OBJ_KERNEL_HANDLE);
    Query = open_process(Process, PROCESS_QUERY_INFORMATION, 0);
    KT_ASSERT(Full != NULL && Query != NULL);
    /* Into the other process: the handle is in its table, not ours. */
    KT_ASSERT_EQ(ZwDuplicateObject(NtCurrentProcess(), Event, Full, &InTarget,
                                   EVENT_MODIFY_STATE, 0, 0),
                 STATUS_SUCCESS);
    KT_ASSERT(ObpReferenceHandleEntry(Process->ObjectTable, InTarget, &Entry));
    ObfDereferenceObject(Entry.Object);
    KT_ASSERT(Entry.Object == EventObject);
    KT_ASSERT_EQ(Entry.GrantedAccess, (ACCESS_MASK)EVENT_MODIFY_STATE);
    KT_ASSERT_EQ(Process->ObjectTable->HandleCount, 1);
    /* From user mode, a process handle without PROCESS_DUP_HANDLE is
     * refused (kernel mode is trusted with any). */
    Mode = ExpSetPreviousMode(UserMode);
    Status = NtDuplicateObject(Query, InTarget, NULL, NULL, 0, 0, 0);
    ExpSetPreviousMode(Mode);
    KT_ASSERT_EQ(Status, STATUS_ACCESS_DENIED);
    /* Back out of it, closing the source there. */
    KT_ASSERT_EQ(
        ZwDuplicateObject(Full, InTarget, NtCurrentProcess(), &Back, 0,
                          OBJ_KERNEL_HANDLE,
                          DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Process->ObjectTable->HandleCount, 0);
    KT_ASSERT_EQ(ZwSetEvent(Back, NULL), STATUS_SUCCESS);
    KT_ASSERT(KeReadStateEvent(EventObject) != 0);
    KT_CLEANUP;
    if (EventObject != NULL)
        ObfDereferenceObject(EventObject);
    if (Back != NULL)
        ZwClose(Back);
    if (Event != NULL)
        ZwClose(Event);
    if (Query != NULL)
        NtClose(Query); /* the system process's own table */
    if (Full != NULL)
        ZwClose(Full);
    if (Process != NULL)
        ObfDereferenceObject(Process);
}

/* A named event between two processes, each with its own handle in its
 * own table, as from ring 3 (PreviousMode UserMode, user buffers): set
 * through one process's handle, seen through the other's. */
static NTSTATUS user_event(KT_PROCESS *Process, BOOLEAN Create, PHANDLE Handle)
{
    static const WCHAR Path[] = u"\\BaseNamedObjects\\KtShared";
    PUCHAR Page = (PUCHAR)0x00200000; /* name, attributes, handle */
    PUNICODE_STRING Name = (PUNICODE_STRING)(Page + 0x100);
    POBJECT_ATTRIBUTES Attributes = (POBJECT_ATTRIBUTES)(Page + 0x200);
    PHANDLE Out = (PHANDLE)(Page + 0x300);
    KPROCESSOR_MODE Mode;
    NTSTATUS Status;

    KtAttachProcess(Process);
    Status = KtMapUserPage(Page, PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        RtlCopyMemory(Page, Path, sizeof(Path));
        Name->Buffer = (PWSTR)Page;
        Name->Length = sizeof(Path) - sizeof(WCHAR);
        Name->MaximumLength = sizeof(Path);
        InitializeObjectAttributes(Attributes, Name, 0, NULL, NULL);
        Mode = ExpSetPreviousMode(UserMode);
        Status = Create ? NtCreateEvent(Out, EVENT_ALL_ACCESS, Attributes,
                                        NotificationEvent, FALSE)
                        : NtOpenEvent(Out, EVENT_ALL_ACCESS, Attributes);
        ExpSetPreviousMode(Mode);
        *Handle = *Out;
    }
    KeUnstackDetachProcess(&Process->Apc);
    Process->Attached = FALSE;
    return Status;
}

static NTSTATUS user_set_or_read(KT_PROCESS *Process, HANDLE Handle,
                                 BOOLEAN Set, PLONG State)
{
    PLONG Out = (PLONG)0x00200400;
    KPROCESSOR_MODE Mode;
    NTSTATUS Status;

    KtAttachProcess(Process);
    Mode = ExpSetPreviousMode(UserMode);
    Status = Set ? NtSetEvent(Handle, Out) : NtResetEvent(Handle, Out);
    ExpSetPreviousMode(Mode);
    *State = *Out;
    KeUnstackDetachProcess(&Process->Apc);
    Process->Attached = FALSE;
    return Status;
}

KTEST(ps_named_event_between_two_processes)
{
    static KT_PROCESS A, B;
    HANDLE InA = NULL, InB = NULL;
    LONG State = -1;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(KtCreateProcess(&A), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtCreateProcess(&B), STATUS_SUCCESS);
    KT_ASSERT_EQ(user_event(&A, TRUE, &InA), STATUS_SUCCESS);
    KT_ASSERT_EQ(user_event(&B, FALSE, &InB), STATUS_SUCCESS);
    /* Each handle lives in its own process's table. */
    KT_ASSERT_EQ(A.Process->ObjectTable->HandleCount, 1);
    KT_ASSERT_EQ(B.Process->ObjectTable->HandleCount, 1);
    KT_ASSERT_EQ(user_set_or_read(&A, InA, TRUE, &State), STATUS_SUCCESS);
    KT_ASSERT_EQ(State, 0); /* it was not set */
    /* B resets it and learns it was set: the same event. */
    KT_ASSERT_EQ(user_set_or_read(&B, InB, FALSE, &State), STATUS_SUCCESS);
    KT_ASSERT_EQ(State, 1);
    /* A handle of one process means nothing in the other. */
    KT_ASSERT_EQ(
        user_set_or_read(&B, (HANDLE)((ULONG_PTR)InB + 4), TRUE, &State),
        STATUS_INVALID_HANDLE);
    KT_CLEANUP;
    KtDeleteProcess(&A);
    KtDeleteProcess(&B);
}

/* Processes and threads by id, as drivers find them: referenced, the
 * process's exit status STATUS_PENDING while it runs, and an id nobody
 * has is STATUS_INVALID_CID. */
KTEST(ps_lookup_by_id)
{
    PEPROCESS Process = NULL, Found = NULL;
    PETHREAD Thread = NULL;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-lookup", &Process), STATUS_SUCCESS);
    KT_ASSERT_EQ(PsLookupProcessByProcessId(PsGetProcessId(Process), &Found),
                 STATUS_SUCCESS);
    KT_ASSERT(Found == Process);
    KT_ASSERT_EQ(PsGetProcessExitStatus(Found), STATUS_PENDING);
    KT_ASSERT_EQ(PsLookupThreadByThreadId(PsGetCurrentThreadId(), &Thread),
                 STATUS_SUCCESS);
    KT_ASSERT(Thread == PsGetCurrentThread());
    KT_ASSERT_EQ(PsLookupProcessByProcessId((HANDLE)0x7FFFFFFC, &Found),
                 STATUS_INVALID_CID);
    KT_ASSERT_EQ(PsLookupThreadByThreadId((HANDLE)0x7FFFFFFC, &Thread),
                 STATUS_INVALID_CID);
    KT_CLEANUP;
    if (Thread != NULL)
        ObDereferenceObject(Thread);
    if (Found != NULL)
        ObDereferenceObject(Found);
    if (Process != NULL)
        ObDereferenceObject(Process);
}
