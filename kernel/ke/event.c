/*
 * Events. A notification event stays signalled and releases every waiter;
 * a synchronization event releases one waiter and resets itself.
 */
#include "kernel/dispatcher.h"
#include "kernel/thread.h"

VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    Event->Header.Type =
        (UCHAR)(Type == SynchronizationEvent ? EventSynchronizationObject
                                             : EventNotificationObject);
    Event->Header.Size = sizeof(KEVENT) / sizeof(ULONG);
    Event->Header.Inserted = 0;
    Event->Header.Absolute = 0;
    Event->Header.SignalState = State ? 1 : 0;
    InitializeListHead(&Event->Header.WaitListHead);
}

/* As NT: when the first waiter of a synchronization event waits for it
 * alone (WaitAny), it takes the signal at once, and the event stays
 * reset; otherwise the event is signalled and every waiter looks. */
LONG NTAPI KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Event->Header.SignalState;
    PLIST_ENTRY First = Event->Header.WaitListHead.Flink;

    if (First == &Event->Header.WaitListHead) {
        Event->Header.SignalState = 1;
    } else if (Previous == 0) {
        PKWAIT_BLOCK Block =
            CONTAINING_RECORD(First, KWAIT_BLOCK, WaitListEntry);

        if (Event->Header.Type == EventSynchronizationObject &&
            Block->WaitType == WaitAny) {
            KiUnwaitThread(Block->Thread, Block->WaitKey, Increment);
        } else {
            Event->Header.SignalState = 1;
            KiWaitTest(Event, Increment);
        }
    }
    KiExitDispatcher(OldIrql, Wait);
    return Previous;
}

LONG NTAPI KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Event->Header.SignalState;

    if (Previous == 0) {
        Event->Header.SignalState = 1;
        KiWaitTest(Event, Increment);
    }
    Event->Header.SignalState = 0;
    KiExitDispatcher(OldIrql, Wait);
    return Previous;
}

LONG NTAPI KeResetEvent(PRKEVENT Event)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Event->Header.SignalState;

    Event->Header.SignalState = 0;
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}

VOID NTAPI KeClearEvent(PRKEVENT Event)
{
    Event->Header.SignalState = 0;
}

LONG NTAPI KeReadStateEvent(PRKEVENT Event)
{
    return Event->Header.SignalState;
}
