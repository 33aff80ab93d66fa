/*
 * The controller's interrupt, one PCI line for all its ports: the ISR
 * reads which ports interrupted (IS), takes and clears each one's PxIS
 * (then its bit in IS, in that order, as the line is level), and queues
 * the port's DPC when its command ended or failed; the DPC moves the
 * request on (ahci_command.c) and completes it, and what the device
 * timer ended (ahci_timeout.c), with no lock held. The ISR loops until
 * IS is clear, so that a line the HAL programs edge-triggered does not
 * lose a second port's interrupt that came while the first was taken.
 */
#include "ahci.h"

VOID NTAPI AhcipDeferredService(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                PVOID Argument2)
{
    PAHCI_PORT Port = Context;
    LIST_ENTRY Done;
    PIRP Irp = NULL;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    InitializeListHead(&Done);
    KeAcquireSpinLockAtDpcLevel(&Port->Lock);
    /* The ISR cleared Expecting; the timer gives up on a command only
     * while it is still set, so this end is the command's. */
    if (Port->Issued && !Port->Expecting && Port->CurrentIrp != NULL) {
        ULONG Status = InterlockedExchange((PLONG)&Port->InterruptStatus, 0);

        Irp = AhcipCommandDone(Port, Status);
    }
    while (!IsListEmpty(&Port->TimedOut))
        InsertTailList(&Done, RemoveHeadList(&Port->TimedOut));
    KeReleaseSpinLockFromDpcLevel(&Port->Lock);
    if (Irp != NULL)
        IoCompleteRequest(Irp, IO_DISK_INCREMENT);
    while (!IsListEmpty(&Done))
        IoCompleteRequest(CONTAINING_RECORD(RemoveHeadList(&Done), IRP,
                                            Tail.Overlay.ListEntry),
                          IO_DISK_INCREMENT);
}

static VOID service_port(PAHCI_PORT Port)
{
    ULONG Status = AhcipRead(Port->Registers, AHCI_PX_IS);

    AhcipWrite(Port->Registers, AHCI_PX_IS, Status);
    if (!Port->Expecting)
        return;
    Port->InterruptStatus |= Status;
    if ((Status & AHCI_PX_IS_FATAL) ||
        !(AhcipRead(Port->Registers, AHCI_PX_CI) & 1)) {
        Port->Expecting = FALSE;
        KeInsertQueueDpc(&Port->Dpc, NULL, NULL);
    }
}

BOOLEAN NTAPI AhcipInterruptService(PKINTERRUPT Interrupt, PVOID Context)
{
    PAHCI_CONTROLLER Controller = Context;
    BOOLEAN Mine = FALSE;
    ULONG Pending;

    UNREFERENCED_PARAMETER(Interrupt);
    while ((Pending = AhcipRead(Controller->Registers, AHCI_IS) &
                      Controller->DiskPorts) != 0) {
        ULONG Index;

        Mine = TRUE;
        for (Index = 0; Index < AHCI_MAX_PORTS; Index++)
            if (Pending & (1UL << Index))
                service_port(Controller->Ports[Index]);
        AhcipWrite(Controller->Registers, AHCI_IS, Pending);
    }
    if (Mine)
        Controller->InterruptCount++;
    return Mine;
}
