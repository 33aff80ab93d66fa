/*
 * Device queues: where IoStartPacket parks IRPs while the device is busy.
 * Busy is the device's state, not the list's: inserting into an idle
 * queue only marks it busy and tells the caller to start the IRP itself.
 * Callers are at DISPATCH_LEVEL, as NT requires.
 */
#include "ntddk.h"

VOID NTAPI KeInitializeDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
    DeviceQueue->Type = 0x14; /* DeviceQueueObject */
    DeviceQueue->Size = sizeof(KDEVICE_QUEUE);
    InitializeListHead(&DeviceQueue->DeviceListHead);
    KeInitializeSpinLock(&DeviceQueue->Lock);
    DeviceQueue->Busy = FALSE;
}

static BOOLEAN insert(PKDEVICE_QUEUE Queue, PKDEVICE_QUEUE_ENTRY Entry,
                      BOOLEAN ByKey, ULONG SortKey)
{
    BOOLEAN Inserted = FALSE;

    KeAcquireSpinLockAtDpcLevel(&Queue->Lock);
    if (Queue->Busy) {
        PLIST_ENTRY Before = &Queue->DeviceListHead;

        if (ByKey) {
            /* After every entry of an equal or smaller key. */
            Entry->SortKey = SortKey;
            for (Before = Queue->DeviceListHead.Flink;
                 Before != &Queue->DeviceListHead; Before = Before->Flink)
                if (CONTAINING_RECORD(Before, KDEVICE_QUEUE_ENTRY,
                                      DeviceListEntry)
                        ->SortKey > SortKey)
                    break;
        }
        InsertTailList(Before, &Entry->DeviceListEntry);
        Inserted = TRUE;
    } else {
        Queue->Busy = TRUE;
    }
    Entry->Inserted = Inserted;
    KeReleaseSpinLockFromDpcLevel(&Queue->Lock);
    return Inserted;
}

BOOLEAN NTAPI KeInsertDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                  PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
    return insert(DeviceQueue, DeviceQueueEntry, FALSE, 0);
}

BOOLEAN NTAPI KeInsertByKeyDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                       PKDEVICE_QUEUE_ENTRY DeviceQueueEntry,
                                       ULONG SortKey)
{
    return insert(DeviceQueue, DeviceQueueEntry, TRUE, SortKey);
}

static PKDEVICE_QUEUE_ENTRY remove(PKDEVICE_QUEUE Queue, BOOLEAN ByKey,
                                   ULONG SortKey)
{
    PKDEVICE_QUEUE_ENTRY Found = NULL;

    KeAcquireSpinLockAtDpcLevel(&Queue->Lock);
    if (IsListEmpty(&Queue->DeviceListHead)) {
        Queue->Busy = FALSE; /* nothing waits: the device goes idle */
    } else {
        PLIST_ENTRY Entry = Queue->DeviceListHead.Flink;

        if (ByKey) {
            /* The first at or past the key; the head when none is. */
            for (; Entry != &Queue->DeviceListHead; Entry = Entry->Flink)
                if (CONTAINING_RECORD(Entry, KDEVICE_QUEUE_ENTRY,
                                      DeviceListEntry)
                        ->SortKey >= SortKey)
                    break;
            if (Entry == &Queue->DeviceListHead)
                Entry = Queue->DeviceListHead.Flink;
        }
        RemoveEntryList(Entry);
        Found = CONTAINING_RECORD(Entry, KDEVICE_QUEUE_ENTRY, DeviceListEntry);
        Found->Inserted = FALSE;
    }
    KeReleaseSpinLockFromDpcLevel(&Queue->Lock);
    return Found;
}

PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
    return remove(DeviceQueue, FALSE, 0);
}

PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveByKeyDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                                    ULONG SortKey)
{
    return remove(DeviceQueue, TRUE, SortKey);
}

BOOLEAN NTAPI KeRemoveEntryDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                       PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
    BOOLEAN WasInserted;
    KIRQL OldIrql;

    KeAcquireSpinLock(&DeviceQueue->Lock, &OldIrql);
    WasInserted = DeviceQueueEntry->Inserted;
    if (WasInserted) {
        RemoveEntryList(&DeviceQueueEntry->DeviceListEntry);
        DeviceQueueEntry->Inserted = FALSE;
    }
    KeReleaseSpinLock(&DeviceQueue->Lock, OldIrql);
    return WasInserted;
}
