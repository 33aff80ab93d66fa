/*
 * A channel's requests, one at a time: both devices of a channel share
 * its registers, so the queue is the channel's, a KDEVICE_QUEUE sorted by
 * key. Paging I/O (Mm waiting for a page, or freeing one) takes key 0
 * and the rest key 1, so a page read overtakes every ordinary request
 * already waiting, while requests of one kind keep their order.
 */
#include "ata.h"

#define KEY_PAGING_IO 0
#define KEY_ORDINARY 1

VOID AtapStartRequest(PATA_CHANNEL Channel, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    Channel->CurrentIrp = Irp;
    Channel->CurrentDisk = Stack->DeviceObject->DeviceExtension;
    Channel->Dma = AtapUsesDma(Channel->CurrentDisk, Irp);
    /* For PIO the dispatch routine mapped it: this only reads the
     * address. */
    Channel->Buffer =
        Channel->Dma
            ? NULL
            : MmGetSystemAddressForMdlSafe(Irp->MdlAddress, HighPagePriority);
    Channel->NextLba =
        (ULONGLONG)Stack->Parameters.Read.ByteOffset.QuadPart / ATA_SECTOR_SIZE;
    Channel->SectorsLeft = Stack->Parameters.Read.Length / ATA_SECTOR_SIZE;
    Channel->SectorsDone = 0;
    Channel->Writing = Stack->MajorFunction == IRP_MJ_WRITE;
    Channel->TicksLeft = Channel->TimeoutTicks;
    AtapSendCommand(Channel);
}

VOID AtapQueueRequest(PATA_DISK Disk, PIRP Irp)
{
    PATA_CHANNEL Channel = Disk->Channel;
    ULONG Key = (Irp->Flags & IRP_PAGING_IO) ? KEY_PAGING_IO : KEY_ORDINARY;
    KIRQL OldIrql;

    KeAcquireSpinLock(&Channel->Lock, &OldIrql);
    if (!KeInsertByKeyDeviceQueue(&Channel->Queue,
                                  &Irp->Tail.Overlay.DeviceQueueEntry, Key))
        AtapStartRequest(Channel, Irp);
    KeReleaseSpinLock(&Channel->Lock, OldIrql);
}

PIRP AtapFinishRequest(PATA_CHANNEL Channel, NTSTATUS Status)
{
    PIRP Irp = Channel->CurrentIrp;
    PKDEVICE_QUEUE_ENTRY Next;

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information =
        NT_SUCCESS(Status) ? Channel->SectorsDone * ATA_SECTOR_SIZE : 0;
    Channel->CurrentIrp = NULL;
    Channel->CurrentDisk = NULL;
    Channel->State = AtaIdle;
    Channel->Expecting = FALSE;
    Next = KeRemoveDeviceQueue(&Channel->Queue);
    if (Next != NULL)
        AtapStartRequest(
            Channel,
            CONTAINING_RECORD(Next, IRP, Tail.Overlay.DeviceQueueEntry));
    return Irp;
}
