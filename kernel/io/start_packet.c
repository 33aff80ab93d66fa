/*
 * The StartIo model: a driver that handles one IRP at a time hands each
 * to IoStartPacket, which starts it at once on an idle device or parks it
 * in the device queue; the driver calls IoStartNextPacket when it is done
 * with the current one. With a cancel function, a parked IRP can be
 * cancelled while it waits.
 */
#include "kernel/io.h"

VOID NTAPI IoStartPacket(PDEVICE_OBJECT DeviceObject, PIRP Irp, PULONG Key,
                         PDRIVER_CANCEL CancelFunction)
{
    PKDEVICE_QUEUE_ENTRY Entry = &Irp->Tail.Overlay.DeviceQueueEntry;
    KIRQL OldIrql, CancelIrql = PASSIVE_LEVEL;
    BOOLEAN Queued;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    if (CancelFunction != NULL) {
        IoAcquireCancelSpinLock(&CancelIrql);
        Irp->CancelRoutine = CancelFunction;
    }
    Queued =
        Key != NULL
            ? KeInsertByKeyDeviceQueue(&DeviceObject->DeviceQueue, Entry, *Key)
            : KeInsertDeviceQueue(&DeviceObject->DeviceQueue, Entry);
    if (!Queued) {
        DeviceObject->CurrentIrp = Irp;
        if (CancelFunction != NULL)
            IoReleaseCancelSpinLock(CancelIrql);
        DeviceObject->DriverObject->DriverStartIo(DeviceObject, Irp);
    } else if (CancelFunction != NULL) {
        /* Cancelled while we queued it: the routine takes it out and
         * releases the cancel lock. */
        if (Irp->Cancel) {
            Irp->CancelIrql = CancelIrql;
            Irp->CancelRoutine = NULL;
            CancelFunction(DeviceObject, Irp);
        } else {
            IoReleaseCancelSpinLock(CancelIrql);
        }
    }
    KeLowerIrql(OldIrql);
}

static VOID start_next(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable,
                       BOOLEAN ByKey, ULONG Key)
{
    PKDEVICE_QUEUE_ENTRY Entry;
    KIRQL CancelIrql = PASSIVE_LEVEL;

    if (Cancelable)
        IoAcquireCancelSpinLock(&CancelIrql);
    DeviceObject->CurrentIrp = NULL;
    Entry = ByKey ? KeRemoveByKeyDeviceQueue(&DeviceObject->DeviceQueue, Key)
                  : KeRemoveDeviceQueue(&DeviceObject->DeviceQueue);
    if (Entry != NULL) {
        PIRP Irp = CONTAINING_RECORD(Entry, IRP, Tail.Overlay.DeviceQueueEntry);

        DeviceObject->CurrentIrp = Irp;
        if (Cancelable)
            IoReleaseCancelSpinLock(CancelIrql);
        DeviceObject->DriverObject->DriverStartIo(DeviceObject, Irp);
    } else if (Cancelable) {
        IoReleaseCancelSpinLock(CancelIrql);
    }
}

VOID NTAPI IoStartNextPacket(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable)
{
    start_next(DeviceObject, Cancelable, FALSE, 0);
}

VOID NTAPI IoStartNextPacketByKey(PDEVICE_OBJECT DeviceObject,
                                  BOOLEAN Cancelable, ULONG Key)
{
    start_next(DeviceObject, Cancelable, TRUE, Key);
}
