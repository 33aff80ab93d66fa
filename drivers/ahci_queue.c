/*
 * A port's requests, one at a time in slot 0, waiting in the port's
 * KDEVICE_QUEUE as on an ATA channel (ata_queue.c): paging I/O takes key
 * 0 and the rest key 1, so a page Mm waits for overtakes the ordinary
 * requests already waiting. (NCQ's 32 slots are not used.)
 */
#include "ahci.h"

#define KEY_PAGING_IO 0
#define KEY_ORDINARY 1

static VOID start_request(PAHCI_PORT Port, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    Port->CurrentIrp = Irp;
    /* The controller moves words: an odd buffer goes through the bounce
     * page, which the dispatch routine mapped it for. */
    Port->Bounced = (MmGetMdlByteOffset(Irp->MdlAddress) & 1) != 0;
    Port->Buffer =
        Port->Bounced
            ? MmGetSystemAddressForMdlSafe(Irp->MdlAddress, HighPagePriority)
            : NULL;
    Port->NextLba = (ULONGLONG)Stack->Parameters.Read.ByteOffset.QuadPart /
                    DISK_SECTOR_SIZE;
    Port->SectorsLeft = Stack->Parameters.Read.Length / DISK_SECTOR_SIZE;
    Port->SectorsDone = 0;
    Port->Writing = Stack->MajorFunction == IRP_MJ_WRITE;
    AhcipSendCommand(Port);
}

VOID AhcipQueueRequest(PAHCI_DISK Disk, PIRP Irp)
{
    PAHCI_PORT Port = Disk->Port;
    ULONG Key = (Irp->Flags & IRP_PAGING_IO) ? KEY_PAGING_IO : KEY_ORDINARY;
    KIRQL OldIrql;

    KeAcquireSpinLock(&Port->Lock, &OldIrql);
    if (!KeInsertByKeyDeviceQueue(&Port->Queue,
                                  &Irp->Tail.Overlay.DeviceQueueEntry, Key))
        start_request(Port, Irp);
    KeReleaseSpinLock(&Port->Lock, OldIrql);
}

PIRP AhcipFinishRequest(PAHCI_PORT Port, NTSTATUS Status)
{
    PIRP Irp = Port->CurrentIrp;
    PKDEVICE_QUEUE_ENTRY Next;

    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information =
        NT_SUCCESS(Status) ? Port->SectorsDone * DISK_SECTOR_SIZE : 0;
    Port->CurrentIrp = NULL;
    Port->Issued = FALSE;
    Port->Expecting = FALSE;
    Next = KeRemoveDeviceQueue(&Port->Queue);
    if (Next != NULL)
        start_request(
            Port, CONTAINING_RECORD(Next, IRP, Tail.Overlay.DeviceQueueEntry));
    return Irp;
}
