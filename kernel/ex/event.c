/*
 * Event objects (type "Event"): a KEVENT with an object header, named or
 * not, and the services over handles to them. Changing the state needs
 * EVENT_MODIFY_STATE on the handle (checked for callers from user mode).
 */
#include "kernel/object.h"

POBJECT_TYPE ExpEventObjectType;
POBJECT_TYPE *ExEventObjectType = &ExpEventObjectType;

VOID ExpInitializeEventImplementation(VOID)
{
    ObpCreateType(u"Event", EVENT_QUERY_STATE, EVENT_MODIFY_STATE, SYNCHRONIZE,
                  EVENT_ALL_ACCESS, TRUE, NULL, &ExpEventObjectType);
}

NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             EVENT_TYPE EventType, BOOLEAN InitialState)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    PKEVENT Event;
    NTSTATUS Status;

    if (EventHandle == NULL ||
        (EventType != NotificationEvent && EventType != SynchronizationEvent))
        return STATUS_INVALID_PARAMETER;
    *EventHandle = NULL;
    Status = ObCreateObject(PreviousMode, ExpEventObjectType, ObjectAttributes,
                            PreviousMode, NULL, sizeof(KEVENT), 0, 0,
                            (PVOID *)&Event);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeEvent(Event, EventType, InitialState);
    return ObInsertObject(Event, NULL, DesiredAccess, 0, NULL, EventHandle);
}

NTSTATUS NTAPI NtOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes)
{
    if (EventHandle == NULL)
        return STATUS_INVALID_PARAMETER;
    return ObOpenObjectByName(ObjectAttributes, ExpEventObjectType,
                              ExGetPreviousMode(), NULL, DesiredAccess, NULL,
                              EventHandle);
}

/* Set, reset or pulse (Operation 0, 1, 2); the state before in *Previous. */
static NTSTATUS change_event(HANDLE EventHandle, ULONG Operation,
                             PLONG PreviousState)
{
    PKEVENT Event;
    NTSTATUS Status;
    LONG Before;

    Status = ObReferenceObjectByHandle(EventHandle, EVENT_MODIFY_STATE,
                                       ExpEventObjectType, ExGetPreviousMode(),
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
        *PreviousState = Before;
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
