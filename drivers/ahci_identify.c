/*
 * IDENTIFY DEVICE on a started port, at boot: the command in slot 0 with
 * the bounce page as its buffer, PxCI polled with the port's interrupts
 * off, for a second at most. The words are read as the ATA driver reads
 * them (AtapReadIdentity).
 */
#include "ahci.h"

#define IDENTIFY_WAIT_US 1000000

BOOLEAN AhcipIdentify(PAHCI_PORT Port, PATA_IDENTITY Identity)
{
    ULONG Waited;

    AhcipIssueCommand(Port, ATA_IDENTIFY_DEVICE, 0, 1, FALSE, NULL, 0);
    for (Waited = 0; Waited <= IDENTIFY_WAIT_US; Waited += 10) {
        ULONG Status = AhcipRead(Port->Registers, AHCI_PX_IS);

        if (Status & AHCI_PX_IS_FATAL)
            break;
        if (!(AhcipRead(Port->Registers, AHCI_PX_CI) & 1)) {
            AhcipWrite(Port->Registers, AHCI_PX_IS, Status);
            return AtapReadIdentity((const USHORT *)Port->Bounce, Identity);
        }
        KeStallExecutionProcessor(10);
    }
    AhcipRestartPort(Port);
    return FALSE;
}
