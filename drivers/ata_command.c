/*
 * A command for the next run of sectors of the channel's request: the
 * device selected, the count and address written (LBA28, or LBA48 past
 * the first 2^28 sectors), then the command by PIO (ata_pio.c) or by
 * bus-master DMA (ata_dma.c). A busy device (after a reset, spinning
 * up) gets it when the device timer finds it ready (ata_timeout.c).
 */
#include "ata.h"

/* [DMA][write][LBA48] */
static const UCHAR commands[2][2][2] = {
    {{ATA_READ_SECTORS, ATA_READ_SECTORS_EXT},
     {ATA_WRITE_SECTORS, ATA_WRITE_SECTORS_EXT}},
    {{ATA_READ_DMA, ATA_READ_DMA_EXT}, {ATA_WRITE_DMA, ATA_WRITE_DMA_EXT}}};

static VOID write_register(PATA_CHANNEL Channel, ULONG Register, UCHAR Value)
{
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Channel->CommandBase + Register),
                     Value);
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
    }
    Command = commands[Channel->Dma][Channel->Writing][Ext];
    write_register(Channel, ATA_SECTOR_COUNT, (UCHAR)Count); /* 256 is 0 */
    write_register(Channel, ATA_LBA_LOW, (UCHAR)Lba);
    write_register(Channel, ATA_LBA_MID, (UCHAR)(Lba >> 8));
    write_register(Channel, ATA_LBA_HIGH, (UCHAR)(Lba >> 16));
    Channel->CommandSectorsLeft = Count;
    if (Channel->Dma)
        AtapSendDmaCommand(Channel, Command, Count);
    else
        AtapSendPioCommand(Channel, Command);
}
