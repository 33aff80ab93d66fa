/*
 * The channel's interrupt: the ISR reads the status, which acknowledges
 * the device (and, under DMA, the bus master's, which says whether the
 * interrupt was the channel's), and queues the DPC; the DPC moves the
 * request on (ata_pio.c, ata_dma.c) and completes it, and what the device
 * timer ended (ata_timeout.c), with no lock held.
 */
#include "ata.h"

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
        Irp = Channel->Dma
                  ? AtapDmaInterrupt(Channel, Channel->InterruptStatus,
                                     Channel->BusMasterStatus)
                  : AtapPioInterrupt(Channel, Channel->InterruptStatus);
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
    if (Channel->Expecting && Channel->Dma) {
        UCHAR BusMaster = READ_PORT_UCHAR(
            (PUCHAR)(ULONG_PTR)(Channel->BusMasterBase + ATA_BM_STATUS));

        if (!(BusMaster & ATA_BM_STATUS_INTERRUPT))
            return FALSE; /* the bus master says it was not the channel */
        Channel->BusMasterStatus = BusMaster;
        AtapStopBusMaster(Channel);
    } else if (AtapReadAltStatus(Channel) & ATA_STATUS_BSY) {
        return FALSE; /* not the device's: it is still working */
    }
    Status = AtapReadStatus(Channel); /* the acknowledgement */
    if (!Channel->Expecting)
        return FALSE;
    Channel->Expecting = FALSE;
    Channel->InterruptStatus = Status;
    KeInsertQueueDpc(&Channel->Dpc, NULL, NULL);
    return TRUE;
}
