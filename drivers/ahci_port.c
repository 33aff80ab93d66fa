/*
 * A port's life: stopped (its command engine, then its FIS receiver),
 * given a page for its command list, received FIS area and command
 * table, and a bounce page, both physically contiguous below 4 GiB, its
 * errors cleared, and started again. A port is the driver's only when
 * the link is up (PxSSTS.DET = 3) with an ATA disk's signature. After an
 * error or a timeout it is restarted the same way; a device still busy
 * then is reset through the link (COMRESET).
 */
#include "ahci.h"

#define ENGINE_WAIT_US 500000 /* AHCI 1.3, 10.1.2: 500 ms at most */
#define READY_WAIT_US 1000000
#define COMRESET_US 1000
#define LINK_WAIT_US 10000 /* the link comes up in 10 ms (SATA) */
#define ATA_BUSY_OR_DRQ (ATA_STATUS_BSY | ATA_STATUS_DRQ)

static BOOLEAN wait_clear(PAHCI_PORT Port, ULONG Offset, ULONG Mask,
                          ULONG Microseconds)
{
    ULONG Waited;

    for (Waited = 0; Waited <= Microseconds; Waited += 10) {
        if (!(AhcipRead(Port->Registers, Offset) & Mask))
            return TRUE;
        KeStallExecutionProcessor(10);
    }
    return FALSE;
}

VOID AhcipStopPort(PAHCI_PORT Port)
{
    ULONG Command = AhcipRead(Port->Registers, AHCI_PX_CMD);

    AhcipWrite(Port->Registers, AHCI_PX_CMD, Command & ~AHCI_PX_CMD_ST);
    wait_clear(Port, AHCI_PX_CMD, AHCI_PX_CMD_CR, ENGINE_WAIT_US);
    Command = AhcipRead(Port->Registers, AHCI_PX_CMD);
    AhcipWrite(Port->Registers, AHCI_PX_CMD, Command & ~AHCI_PX_CMD_FRE);
    wait_clear(Port, AHCI_PX_CMD, AHCI_PX_CMD_FR, ENGINE_WAIT_US);
}

static BOOLEAN link_up(PAHCI_PORT Port)
{
    return (AhcipRead(Port->Registers, AHCI_PX_SSTS) & AHCI_PX_SSTS_DET) ==
           AHCI_DET_PRESENT;
}

BOOLEAN AhcipPortHasDisk(PAHCI_PORT Port)
{
    /* Not an ATAPI device (a CD-ROM), nor a port multiplier. */
    return link_up(Port) &&
           AhcipRead(Port->Registers, AHCI_PX_SIG) == AHCI_SIG_ATA;
}

/* The link reset (PxSCTL.DET = 1 for a millisecond), then the device's
 * signature FIS awaited. */
static VOID comreset(PAHCI_PORT Port)
{
    ULONG Control = AhcipRead(Port->Registers, AHCI_PX_SCTL) & ~0xFUL;
    ULONG Waited;

    AhcipWrite(Port->Registers, AHCI_PX_SCTL, Control | 1);
    KeStallExecutionProcessor(COMRESET_US);
    AhcipWrite(Port->Registers, AHCI_PX_SCTL, Control);
    for (Waited = 0; Waited <= LINK_WAIT_US; Waited += 10) {
        if (link_up(Port))
            break;
        KeStallExecutionProcessor(10);
    }
}

/* FIS receiving on, the errors cleared, the command engine on once the
 * device is ready (a port without one has nothing to wait for): the
 * port stopped, with its memory. */
static VOID run_port(PAHCI_PORT Port)
{
    AhcipWrite(Port->Registers, AHCI_PX_CLB,
               Port->MemoryPhysical + AHCI_COMMAND_LIST);
    AhcipWrite(Port->Registers, AHCI_PX_CLBU, 0);
    AhcipWrite(Port->Registers, AHCI_PX_FB,
               Port->MemoryPhysical + AHCI_RECEIVED_FIS);
    AhcipWrite(Port->Registers, AHCI_PX_FBU, 0);
    AhcipWrite(Port->Registers, AHCI_PX_CMD,
               AhcipRead(Port->Registers, AHCI_PX_CMD) | AHCI_PX_CMD_FRE);
    if (link_up(Port) &&
        !wait_clear(Port, AHCI_PX_TFD, ATA_BUSY_OR_DRQ, READY_WAIT_US)) {
        comreset(Port);
        wait_clear(Port, AHCI_PX_TFD, ATA_BUSY_OR_DRQ, READY_WAIT_US);
    }
    AhcipWrite(Port->Registers, AHCI_PX_SERR, 0xFFFFFFFFUL);
    AhcipWrite(Port->Registers, AHCI_PX_IS, 0xFFFFFFFFUL);
    AhcipWrite(Port->Registers, AHCI_PX_CMD,
               AhcipRead(Port->Registers, AHCI_PX_CMD) | AHCI_PX_CMD_ST);
}

static PVOID allocate_page(PULONG Physical)
{
    PHYSICAL_ADDRESS Highest = {.QuadPart = 0xFFFFFFFFLL};
    PVOID Page = MmAllocateContiguousMemory(PAGE_SIZE, Highest);

    if (Page != NULL) {
        RtlZeroMemory(Page, PAGE_SIZE);
        *Physical = MmGetPhysicalAddress(Page).LowPart;
    }
    return Page;
}

VOID AhcipInitializePort(PAHCI_PORT Port, PAHCI_CONTROLLER Controller,
                         ULONG Index)
{
    RtlZeroMemory(Port, sizeof(*Port));
    Port->Controller = Controller;
    Port->Index = Index;
    Port->Registers =
        Controller->Registers + AHCI_PORT_BASE + Index * AHCI_PORT_SIZE;
    Port->TimeoutTicks = AHCI_TIMEOUT_TICKS;
    KeInitializeSpinLock(&Port->Lock);
    KeInitializeDeviceQueue(&Port->Queue);
    InitializeListHead(&Port->TimedOut);
    KeInitializeDpc(&Port->Dpc, AhcipDeferredService, Port);
}

BOOLEAN AhcipStartPort(PAHCI_PORT Port)
{
    Port->Memory = allocate_page(&Port->MemoryPhysical);
    Port->Bounce = allocate_page(&Port->BouncePhysical);
    if (Port->Memory == NULL || Port->Bounce == NULL)
        return FALSE;
    AhcipStopPort(Port);
    AhcipWrite(Port->Registers, AHCI_PX_IE, 0); /* until connected */
    run_port(Port);
    return TRUE;
}

VOID AhcipReleasePort(PAHCI_PORT Port)
{
    if (Port->Memory != NULL) {
        AhcipStopPort(Port);
        MmFreeContiguousMemory(Port->Memory);
        Port->Memory = NULL;
    }
    if (Port->Bounce != NULL) {
        MmFreeContiguousMemory(Port->Bounce);
        Port->Bounce = NULL;
    }
}

VOID AhcipRestartPort(PAHCI_PORT Port)
{
    AhcipStopPort(Port);
    if (AhcipRead(Port->Registers, AHCI_PX_TFD) & ATA_BUSY_OR_DRQ)
        comreset(Port);
    run_port(Port);
}
