/*
 * Finding the disks: a channel's registers, and IDENTIFY DEVICE polled at
 * boot, with the channel's interrupt off and every wait bounded. An
 * ATAPI device (the CD-ROM) answers IDENTIFY DEVICE by aborting it with
 * its signature in the LBA registers, and is left alone.
 */
#include "ata.h"

#define IDENTIFY_WAIT_US 1000000 /* a disk spinning up may take this long */

UCHAR AtapReadStatus(PATA_CHANNEL Channel)
{
    return READ_PORT_UCHAR(
        (PUCHAR)(ULONG_PTR)(Channel->CommandBase + ATA_STATUS));
}

UCHAR AtapReadAltStatus(PATA_CHANNEL Channel)
{
    return READ_PORT_UCHAR((PUCHAR)(ULONG_PTR)Channel->ControlBase);
}

VOID AtapWriteControl(PATA_CHANNEL Channel, UCHAR Value)
{
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)Channel->ControlBase, Value);
}

static UCHAR read_register(PATA_CHANNEL Channel, ULONG Register)
{
    return READ_PORT_UCHAR(
        (PUCHAR)(ULONG_PTR)(Channel->CommandBase + Register));
}

static VOID write_register(PATA_CHANNEL Channel, ULONG Register, UCHAR Value)
{
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Channel->CommandBase + Register),
                     Value);
}

BOOLEAN AtapWaitNotBusy(PATA_CHANNEL Channel, ULONG Microseconds)
{
    ULONG Waited;

    for (Waited = 0; Waited <= Microseconds; Waited += 10) {
        if (!(AtapReadAltStatus(Channel) & ATA_STATUS_BSY))
            return TRUE;
        KeStallExecutionProcessor(10);
    }
    return FALSE;
}

/* IDENTIFY's strings hold two characters a word, the first in the high
 * byte; the model is padded with spaces. */
static VOID copy_model(const USHORT *Words, PCHAR Model)
{
    LONG Index;

    for (Index = 0; Index < 20; Index++) {
        Model[2 * Index] = (CHAR)(Words[27 + Index] >> 8);
        Model[2 * Index + 1] = (CHAR)(Words[27 + Index] & 0xFF);
    }
    Model[40] = '\0';
    for (Index = 39; Index >= 0 && Model[Index] == ' '; Index--)
        Model[Index] = '\0';
}

BOOLEAN AtapReadIdentity(const USHORT *Words, PATA_IDENTITY Identity)
{
    ULONGLONG Lba28 = Words[60] | ((ULONG)Words[61] << 16);

    /* Word 49 bit 9: LBA, without which a driver here cannot address it. */
    if (!(Words[49] & (1 << 9)))
        return FALSE;
    Identity->Lba48 = (Words[83] & (1 << 10)) != 0;
    Identity->Sectors = Lba28;
    if (Identity->Lba48) {
        ULONGLONG Lba48 = Words[100] | ((ULONGLONG)Words[101] << 16) |
                          ((ULONGLONG)Words[102] << 32) |
                          ((ULONGLONG)Words[103] << 48);

        if (Lba48 > Lba28)
            Identity->Sectors = Lba48;
    }
    /* DMA (word 49 bit 8) in some multiword or, with word 88 valid
     * (word 53 bit 2), some Ultra mode. */
    Identity->Dma = (Words[49] & (1 << 8)) != 0 &&
                    ((Words[63] & 0x07) != 0 ||
                     ((Words[53] & (1 << 2)) && (Words[88] & 0x7F) != 0));
    Identity->Heads = Words[3];
    Identity->SectorsPerTrack = Words[6];
    copy_model(Words, Identity->Model);
    return Identity->Sectors != 0;
}

BOOLEAN AtapIdentify(PATA_CHANNEL Channel, UCHAR Device, PATA_IDENTITY Identity)
{
    USHORT Words[256];
    UCHAR Status;

    write_register(Channel, ATA_DRIVE_HEAD,
                   ATA_DRIVE_OBSOLETE | (UCHAR)(Device << 4));
    KeStallExecutionProcessor(1); /* 400 ns for the selection to settle */
    Status = AtapReadAltStatus(Channel);
    if (Status == 0xFF || Status == 0x00)
        return FALSE; /* a floating bus, or no device at this position */
    /* Registers that keep what is written say a device is there. */
    write_register(Channel, ATA_SECTOR_COUNT, 0x55);
    write_register(Channel, ATA_LBA_LOW, 0xAA);
    if (read_register(Channel, ATA_SECTOR_COUNT) != 0x55 ||
        read_register(Channel, ATA_LBA_LOW) != 0xAA)
        return FALSE;
    if (!AtapWaitNotBusy(Channel, IDENTIFY_WAIT_US))
        return FALSE;
    write_register(Channel, ATA_SECTOR_COUNT, 0);
    write_register(Channel, ATA_LBA_LOW, 0);
    write_register(Channel, ATA_LBA_MID, 0);
    write_register(Channel, ATA_LBA_HIGH, 0);
    write_register(Channel, ATA_COMMAND, ATA_IDENTIFY_DEVICE);
    KeStallExecutionProcessor(1);
    if (AtapReadAltStatus(Channel) == 0x00)
        return FALSE;
    if (!AtapWaitNotBusy(Channel, IDENTIFY_WAIT_US))
        return FALSE;
    /* ATAPI (0x14, 0xEB) and SATA (0x3C, 0xC3) devices sign here. */
    if (read_register(Channel, ATA_LBA_MID) != 0 ||
        read_register(Channel, ATA_LBA_HIGH) != 0)
        return FALSE;
    Status = AtapReadStatus(Channel);
    if ((Status & ATA_STATUS_ERR) || !(Status & ATA_STATUS_DRQ))
        return FALSE;
    READ_PORT_BUFFER_USHORT(
        (PUSHORT)(ULONG_PTR)(Channel->CommandBase + ATA_DATA), Words, 256);
    return AtapReadIdentity(Words, Identity);
}
