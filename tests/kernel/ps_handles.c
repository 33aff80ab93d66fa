/*
 * Handles across processes: NtDuplicateObject into and out of another
 * process's table, process handles checked for PROCESS_DUP_HANDLE, and a
 * process's handle table closed when it ends.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/process.h"

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
