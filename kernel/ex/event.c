/*
 * Event objects (type "Event"): a KEVENT with an object header, named or
 * not, and the services over handles to them. Changing the state needs
 * EVENT_MODIFY_STATE on the handle (checked for callers from user mode).
 */
#include "kernel/object.h"
#include "kernel/probe.h"

POBJECT_TYPE ExpEventObjectType;
POBJECT_TYPE *ExEventObjectType = &ExpEventObjectType;

VOID ExpInitializeEventImplementation(VOID)
{
    ObpCreateType(u"Event", EVENT_QUERY_STATE, EVENT_MODIFY_STATE, SYNCHRONIZE,
                  EVENT_ALL_ACCESS, TRUE, NULL, &ExpEventObjectType);
}

/* From user mode every pointer is probed before anything is made, and
 * results are written back after (docs/user-mode.md). */
NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             EVENT_TYPE EventType, BOOLEAN InitialState)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    HANDLE Handle;
    PKEVENT Event;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(EventHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (EventType != NotificationEvent && EventType != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    Status = ObCreateObject(PreviousMode, ExpEventObjectType, ObjectAttributes,
                            PreviousMode, NULL, sizeof(KEVENT), 0, 0,
                            (PVOID *)&Event);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeEvent(Event, EventType, InitialState);
    Status = ObInsertObject(Event, NULL, DesiredAccess, 0, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(EventHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(EventHandle, PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        ObOpenObjectByName(ObjectAttributes, ExpEventObjectType, PreviousMode,
                           NULL, DesiredAccess, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(EventHandle, &Handle, sizeof(Handle));
    return Status;
}

/* Set, reset or pulse (Operation 0, 1, 2); the state before in *Previous,
 * probed before the event changes. */
static NTSTATUS change_event(HANDLE EventHandle, ULONG Operation,
                             PLONG PreviousState)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    PKEVENT Event;
    NTSTATUS Status;
    LONG Before;

    if (PreviousState != NULL && PreviousMode != KernelMode) {
        Status = ExpProbeForWrite(PreviousState, sizeof(LONG), 1);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = ObReferenceObjectByHandle(EventHandle, EVENT_MODIFY_STATE,
                                       ExpEventObjectType, PreviousMode,
                                       (PVOID *)&Event, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Operation == 0)
        Before = KeSetEvent(Event, EVENT_INCREMENT, FALSE);
    else if (Operation == 1)
        Before = KeResetEvent(Event);
    else
        Before = KePulseEvent(Event, EVENT_INCREMENT, FALSE);
    ObfDereferenceObject(Event);
    if (PreviousState != NULL)
        ExpWriteBack(PreviousState, &Before, sizeof(Before));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return change_event(EventHandle, 0, PreviousState);
}

NTSTATUS NTAPI NtResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return change_event(EventHandle, 1, PreviousState);
}

NTSTATUS NTAPI NtPulseEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return change_event(EventHandle, 2, PreviousState);
}

NTSTATUS NTAPI NtClearEvent(HANDLE EventHandle)
{
    return change_event(EventHandle, 1, NULL);
}
