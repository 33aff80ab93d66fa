/*
 * PIO transfers: the command for the next run of sectors (LBA28, or
 * LBA48 past the first 2^28 sectors), then one interrupt per sector. The
 * ISR only reads the status, which acknowledges the device, and queues
 * the DPC; the DPC moves the sector's 512 bytes through the data port,
 * and at the end of the request completes the IRP and starts the next.
 * A device that reports an error ends the request with
 * STATUS_DEVICE_DATA_ERROR, never the machine.
 */
#include "ata.h"

static VOID write_register(PATA_CHANNEL Channel, ULONG Register, UCHAR Value)
{
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Channel->CommandBase + Register),
                     Value);
}

static PUSHORT data_port(PATA_CHANNEL Channel)
{
    return (PUSHORT)(ULONG_PTR)(Channel->CommandBase + ATA_DATA);
}

/* The ISR takes the next interrupt from here on; set before what makes
 * the device raise it. */
static VOID expect_interrupt(PATA_CHANNEL Channel)
{
    Channel->State = AtaWaitInterrupt;
    Channel->TicksLeft = Channel->TimeoutTicks;
    Channel->Expecting = TRUE;
}

VOID AtapSendCommand(PATA_CHANNEL Channel)
{
    PATA_DISK Disk = Channel->CurrentDisk;
    ULONG Count = Channel->SectorsLeft < ATA_MAX_COMMAND_SECTORS
                      ? Channel->SectorsLeft
                      : ATA_MAX_COMMAND_SECTORS;
    ULONGLONG Lba = Channel->NextLba;
    BOOLEAN Ext = Disk->Lba48 && Lba + Count > ATA_LBA28_SECTORS;
    UCHAR Command;

    write_register(Channel, ATA_DRIVE_HEAD,
                   ATA_DRIVE_OBSOLETE | ATA_DRIVE_LBA |
                       (UCHAR)(Disk->Device << 4) |
                       (Ext ? 0 : (UCHAR)((Lba >> 24) & 0x0F)));
    KeStallExecutionProcessor(1); /* 400 ns for the selection to settle */
    /* A busy device (after a reset, spinning up) takes the command when
     * the device timer finds it ready. */
    if (!AtapWaitNotBusy(Channel, 20)) {
        Channel->State = AtaWaitReady;
        return;
    }
    if (Ext) {
        /* The high bytes first: each register keeps the last two. */
        write_register(Channel, ATA_SECTOR_COUNT, (UCHAR)(Count >> 8));
        write_register(Channel, ATA_LBA_LOW, (UCHAR)(Lba >> 24));
        write_register(Channel, ATA_LBA_MID, (UCHAR)(Lba >> 32));
        write_register(Channel, ATA_LBA_HIGH, (UCHAR)(Lba >> 40));
        Command =
            Channel->Writing ? ATA_WRITE_SECTORS_EXT : ATA_READ_SECTORS_EXT;
    } else {
        Command = Channel->Writing ? ATA_WRITE_SECTORS : ATA_READ_SECTORS;
    }
    write_register(Channel, ATA_SECTOR_COUNT, (UCHAR)Count); /* 256 is 0 */
    write_register(Channel, ATA_LBA_LOW, (UCHAR)Lba);
    write_register(Channel, ATA_LBA_MID, (UCHAR)(Lba >> 8));
    write_register(Channel, ATA_LBA_HIGH, (UCHAR)(Lba >> 16));
    Channel->CommandSectorsLeft = Count;
    if (!Channel->Writing) {
        expect_interrupt(Channel); /* one per sector read */
        write_register(Channel, ATA_COMMAND, Command);
        return;
    }
    write_register(Channel, ATA_COMMAND, Command);
    /* A write raises no interrupt before its first sector: the device
     * asks for it with DRQ, at once or when the device timer looks. */
    Channel->State = AtaWaitDrq;
    Channel->TicksLeft = Channel->TimeoutTicks;
    KeStallExecutionProcessor(1);
    if (AtapWaitNotBusy(Channel, 20) &&
        (AtapReadAltStatus(Channel) & ATA_STATUS_DRQ))
        AtapWriteFirstSector(Channel);
}

static VOID write_sector(PATA_CHANNEL Channel)
{
    expect_interrupt(Channel); /* the one that says it is written */
    WRITE_PORT_BUFFER_USHORT(data_port(Channel), (PUSHORT)Channel->Buffer,
                             ATA_SECTOR_SIZE / 2);
}

VOID AtapWriteFirstSector(PATA_CHANNEL Channel)
{
    write_sector(Channel);
}

/* One sector moved: the next one, the next command, or the end. */
static PIRP advance(PATA_CHANNEL Channel)
{
    Channel->Buffer += ATA_SECTOR_SIZE;
    Channel->NextLba++;
    Channel->SectorsLeft--;
    Channel->SectorsDone++;
    Channel->CommandSectorsLeft--;
    if (Channel->SectorsLeft == 0)
        return AtapFinishRequest(Channel, STATUS_SUCCESS);
    if (Channel->CommandSectorsLeft == 0)
        AtapSendCommand(Channel);
    else if (Channel->Writing)
        write_sector(Channel);
    return NULL;
}

/* What the interrupt's status says about the current request. */
static PIRP service(PATA_CHANNEL Channel, UCHAR Status)
{
    if (Status & (ATA_STATUS_ERR | ATA_STATUS_DF))
        return AtapFinishRequest(Channel, STATUS_DEVICE_DATA_ERROR);
    if (!Channel->Writing) {
        if (!(Status & ATA_STATUS_DRQ))
            return AtapFinishRequest(Channel, STATUS_IO_DEVICE_ERROR);
        /* Reading the sector's last word lets the device go on to the
         * next one, whose interrupt the ISR must then take. */
        if (Channel->CommandSectorsLeft > 1)
            expect_interrupt(Channel);
        READ_PORT_BUFFER_USHORT(data_port(Channel), (PUSHORT)Channel->Buffer,
                                ATA_SECTOR_SIZE / 2);
        return advance(Channel);
    }
    /* A write's sector is on the disk; DRQ asks for the next one. */
    if (Channel->CommandSectorsLeft > 1 && !(Status & ATA_STATUS_DRQ))
        return AtapFinishRequest(Channel, STATUS_IO_DEVICE_ERROR);
    return advance(Channel);
}

VOID NTAPI AtapDeferredService(PKDPC Dpc, PVOID Context, PVOID Argument1,
                               PVOID Argument2)
{
    PATA_CHANNEL Channel = Context;
    LIST_ENTRY Done;
    PIRP Irp = NULL;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    InitializeListHead(&Done);
    KeAcquireSpinLockAtDpcLevel(&Channel->Lock);
    /* The ISR cleared Expecting; the device timer gives up on a request
     * only while it is still set, so this interrupt is the request's. */
    if (Channel->State == AtaWaitInterrupt && !Channel->Expecting &&
        Channel->CurrentIrp != NULL)
        Irp = service(Channel, Channel->InterruptStatus);
    /* What the device timer ended goes too (ata_timeout.c). */
    while (!IsListEmpty(&Channel->TimedOut))
        InsertTailList(&Done, RemoveHeadList(&Channel->TimedOut));
    KeReleaseSpinLockFromDpcLevel(&Channel->Lock);
    if (Irp != NULL)
        IoCompleteRequest(Irp, IO_DISK_INCREMENT);
    while (!IsListEmpty(&Done))
        IoCompleteRequest(CONTAINING_RECORD(RemoveHeadList(&Done), IRP,
                                            Tail.Overlay.ListEntry),
                          IO_DISK_INCREMENT);
}

BOOLEAN NTAPI AtapInterruptService(PKINTERRUPT Interrupt, PVOID Context)
{
    PATA_CHANNEL Channel = Context;
    UCHAR Status;

    UNREFERENCED_PARAMETER(Interrupt);
    if (AtapReadAltStatus(Channel) & ATA_STATUS_BSY)
        return FALSE; /* not the device's: it is still working */
    Status = AtapReadStatus(Channel); /* the acknowledgement */
    if (!Channel->Expecting)
        return FALSE;
    Channel->Expecting = FALSE;
    Channel->InterruptStatus = Status;
    KeInsertQueueDpc(&Channel->Dpc, NULL, NULL);
    return TRUE;
}
