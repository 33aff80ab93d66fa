/*
 * The channel's watch, on its first disk's one-second device timer
 * (IoInitializeTimer): a command the busy device could not take is sent
 * when it is ready, a write's first sector when the device asks for it,
 * and a request that makes no progress for the channel's TimeoutTicks
 * seconds
 * ends with STATUS_IO_TIMEOUT after a reset of the channel, so that a
 * dead controller costs a few seconds, never a hung thread or a loop.
 */
#include "ata.h"

static BOOLEAN NTAPI clear_expecting(PVOID Context)
{
    PATA_CHANNEL Channel = Context;
    BOOLEAN Was = Channel->Expecting;

    Channel->Expecting = FALSE;
    return Was;
}

BOOLEAN AtapStopExpecting(PATA_CHANNEL Channel)
{
    if (Channel->Interrupt == NULL)
        return clear_expecting(Channel);
    return KeSynchronizeExecution(Channel->Interrupt, clear_expecting, Channel);
}

/* Both devices back to their power-on state; interrupts stay on. */
static VOID reset_channel(PATA_CHANNEL Channel)
{
    if (Channel->Dma)
        AtapStopBusMaster(Channel);
    AtapWriteControl(Channel, ATA_CONTROL_SRST);
    KeStallExecutionProcessor(5);
    AtapWriteControl(Channel, 0);
}

static PIRP tick(PATA_CHANNEL Channel)
{
    switch (Channel->State) {
    case AtaWaitReady:
        if (!(AtapReadAltStatus(Channel) & ATA_STATUS_BSY)) {
            AtapSendCommand(Channel);
            return NULL;
        }
        break;
    case AtaWaitDrq:
        if ((AtapReadAltStatus(Channel) & (ATA_STATUS_BSY | ATA_STATUS_DRQ)) ==
            ATA_STATUS_DRQ) {
            AtapWriteFirstSector(Channel);
            return NULL;
        }
        break;
    case AtaWaitInterrupt:
        break;
    default:
        return NULL;
    }
    if (--Channel->TicksLeft > 0)
        return NULL;
    /* The ISR took the interrupt after all: the DPC has the request. */
    if (Channel->State == AtaWaitInterrupt && !AtapStopExpecting(Channel))
        return NULL;
    DbgPrint("ata: disk %lu did not answer; the request times out\n",
             Channel->CurrentDisk->Number);
    reset_channel(Channel);
    return AtapFinishRequest(Channel, STATUS_IO_TIMEOUT);
}

/* The I/O manager calls this with its timer list locked: the IRP is
 * completed by the channel's DPC, where a completion routine may do
 * anything a DPC may (start or stop a device timer, say). */
VOID NTAPI AtapTimer(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PATA_CHANNEL Channel = Context;
    PIRP Done;

    UNREFERENCED_PARAMETER(DeviceObject);
    KeAcquireSpinLockAtDpcLevel(&Channel->Lock);
    Done = tick(Channel);
    if (Done != NULL)
        InsertTailList(&Channel->TimedOut, &Done->Tail.Overlay.ListEntry);
    KeReleaseSpinLockFromDpcLevel(&Channel->Lock);
    if (Done != NULL)
        KeInsertQueueDpc(&Channel->Dpc, NULL, NULL);
}
