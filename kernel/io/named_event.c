/*
 * Named events a driver shares with user programs by name (a program
 * opens \BaseNamedObjects\Name with OpenEvent): created or opened, the
 * driver keeps the kernel handle that holds the event and signals it
 * through the pointer.
 */
#include "kernel/io.h"

static PKEVENT create_named_event(PUNICODE_STRING EventName,
                                  PHANDLE EventHandle, EVENT_TYPE Type)
{
    OBJECT_ATTRIBUTES Attributes;
    PKEVENT Event;
    HANDLE Handle;
    NTSTATUS Status;

    InitializeObjectAttributes(
        &Attributes, EventName,
        OBJ_OPENIF | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateEvent(&Handle, EVENT_ALL_ACCESS, &Attributes, Type, TRUE);
    if (!NT_SUCCESS(Status))
        return NULL;
    Status = ObReferenceObjectByHandle(Handle, 0, *ExEventObjectType,
                                       KernelMode, (PVOID *)&Event, NULL);
    if (!NT_SUCCESS(Status)) {
        ZwClose(Handle);
        return NULL;
    }
    /* The handle keeps the event; the pointer is good while it is open. */
    ObfDereferenceObject(Event);
    *EventHandle = Handle;
    return Event;
}

PKEVENT NTAPI IoCreateNotificationEvent(PUNICODE_STRING EventName,
                                        PHANDLE EventHandle)
{
    return create_named_event(EventName, EventHandle, NotificationEvent);
}

PKEVENT NTAPI IoCreateSynchronizationEvent(PUNICODE_STRING EventName,
                                           PHANDLE EventHandle)
{
    return create_named_event(EventName, EventHandle, SynchronizationEvent);
}
