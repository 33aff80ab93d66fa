/*
 * A port's watch, on its disk's one-second device timer
 * (IoInitializeTimer): a command that has not ended after the port's
 * TimeoutTicks seconds ends its request with STATUS_IO_TIMEOUT, the port
 * restarted (a COMRESET if the device stays busy), and the next request
 * starts; the port's DPC completes what the timer ended, so no
 * completion routine runs under the I/O manager's timer lock.
 */
#include "ahci.h"

static BOOLEAN NTAPI clear_expecting(PVOID Context)
{
    PAHCI_PORT Port = Context;
    BOOLEAN Was = Port->Expecting;

    Port->Expecting = FALSE;
    return Was;
}

static PIRP tick(PAHCI_PORT Port)
{
    PAHCI_CONTROLLER Controller = Port->Controller;

    if (!Port->Issued || --Port->TicksLeft > 0)
        return NULL;
    /* The ISR took the command's end after all: the DPC has it. */
    if (!(Controller->Interrupt != NULL
              ? KeSynchronizeExecution(Controller->Interrupt, clear_expecting,
                                       Port)
              : clear_expecting(Port)))
        return NULL;
    DbgPrint("ahci: port %lu did not answer; the request times out\n",
             Port->Index);
    AhcipRestartPort(Port);
    return AhcipFinishRequest(Port, STATUS_IO_TIMEOUT);
}

VOID NTAPI AhcipTimer(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PAHCI_PORT Port = Context;
    PIRP Done;

    UNREFERENCED_PARAMETER(DeviceObject);
    KeAcquireSpinLockAtDpcLevel(&Port->Lock);
    Done = tick(Port);
    if (Done != NULL)
        InsertTailList(&Port->TimedOut, &Done->Tail.Overlay.ListEntry);
    KeReleaseSpinLockFromDpcLevel(&Port->Lock);
    if (Done != NULL)
        KeInsertQueueDpc(&Port->Dpc, NULL, NULL);
}
