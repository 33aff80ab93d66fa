/*
 * PIO transfers: one interrupt per sector, after which the DPC
 * (ata_interrupt.c) moves the sector's 512 bytes through the data port;
 * a read's interrupt says a sector is there, a write's that it is
 * written. A device that reports an error ends the request with
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

VOID AtapSendPioCommand(PATA_CHANNEL Channel, UCHAR Command)
{
    if (!Channel->Writing) {
        expect_interrupt(Channel); /* one per sector read */
        write_register(Channel, ATA_COMMAND, Command);
        return;
    }
    write_register(Channel, ATA_COMMAND, Command);
    /* A write raises no interrupt before its first sector: the device
     * asks for it with DRQ, within microseconds as a rule (a millisecond
     * is waited here), else when the device timer looks. */
    Channel->State = AtaWaitDrq;
    Channel->TicksLeft = Channel->TimeoutTicks;
    KeStallExecutionProcessor(1);
    if (AtapWaitNotBusy(Channel, 1000) &&
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

PIRP AtapPioInterrupt(PATA_CHANNEL Channel, UCHAR Status)
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
