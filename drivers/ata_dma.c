/*
 * Bus-master DMA, where the PC's IDE controller offers it (the PIIX of
 * QEMU's pc machine and of Bochs): the controller is a PCI function of
 * class 01 subclass 01 whose programming interface says "bus master"
 * with both channels at their legacy ports; its BAR 4 holds eight
 * registers per channel. A command's buffer is described to it by a
 * table of physical region descriptors built from the MDL's frames, one
 * per page piece, so no mapping of the buffer is needed at all and high
 * frames are reached as low ones. The device interrupts once per
 * command, and the bus master's status says whether it was its.
 */
#include "ata.h"
#include "ata_prd.h"

#define PCI_COMMAND 0x04
#define PCI_BAR4 0x20
#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MASTER 0x0004
/* The class code register: class 01 (mass storage), subclass 01 (IDE),
 * an interface that says bus master (0x80) with neither channel off its
 * legacy ports (0x01, 0x04 clear); any revision. */
#define IDE_CLASS_MASK 0xFFFF8500
#define IDE_CLASS 0x01018000

static BOOLEAN give_table(PATA_CHANNEL Channel, USHORT Base)
{
    PHYSICAL_ADDRESS Highest = {.QuadPart = 0xFFFFFFFFLL};
    PULONG Table = MmAllocateContiguousMemory(PAGE_SIZE, Highest);

    if (Table == NULL)
        return FALSE;
    Channel->PrdTable = Table;
    Channel->PrdPhysical = MmGetPhysicalAddress(Table).LowPart;
    Channel->BusMasterBase = Base;
    AtapStopBusMaster(Channel);
    return TRUE;
}

BOOLEAN AtapFindBusMaster(PATA_CHANNEL Primary, PATA_CHANNEL Secondary)
{
    PCI_SLOT_NUMBER Slot;
    ULONG Bar = 0;
    USHORT Command = 0;

    if (!DiskpFindPciFunction(IDE_CLASS_MASK, IDE_CLASS, &Slot))
        return FALSE;
    DiskpReadPciConfig(Slot, PCI_BAR4, &Bar, sizeof(Bar));
    if (!(Bar & 1) || (Bar & 0xFFFC) == 0)
        return FALSE; /* not an I/O BAR, or the firmware gave it nothing */
    DiskpReadPciConfig(Slot, PCI_COMMAND, &Command, sizeof(Command));
    Command |= PCI_COMMAND_IO | PCI_COMMAND_MASTER;
    HalSetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG, &Command,
                          PCI_COMMAND, sizeof(Command));
    return give_table(Primary, (USHORT)(Bar & 0xFFFC)) &&
           give_table(Secondary, (USHORT)((Bar & 0xFFFC) + 8));
}

static PUCHAR bm_register(PATA_CHANNEL Channel, ULONG Register)
{
    return (PUCHAR)(ULONG_PTR)(Channel->BusMasterBase + Register);
}

VOID AtapStopBusMaster(PATA_CHANNEL Channel)
{
    WRITE_PORT_UCHAR(bm_register(Channel, ATA_BM_COMMAND), 0);
    /* Interrupt and error are cleared by writing them. */
    WRITE_PORT_UCHAR(bm_register(Channel, ATA_BM_STATUS),
                     ATA_BM_STATUS_INTERRUPT | ATA_BM_STATUS_ERROR);
}

/* The descriptors for Count sectors from where the request stands. */
static VOID build_table(PATA_CHANNEL Channel, ULONG Count)
{
    PMDL Mdl = Channel->CurrentIrp->MdlAddress;

    AtapBuildPrdTable(Channel->PrdTable, MmGetMdlPfnArray(Mdl),
                      MmGetMdlByteOffset(Mdl) +
                          Channel->SectorsDone * ATA_SECTOR_SIZE,
                      Count * ATA_SECTOR_SIZE);
}

VOID AtapSendDmaCommand(PATA_CHANNEL Channel, UCHAR Command, ULONG Count)
{
    UCHAR Direction = Channel->Writing ? 0 : ATA_BM_COMMAND_READ;

    build_table(Channel, Count);
    AtapStopBusMaster(Channel);
    WRITE_PORT_ULONG(
        (PULONG)(ULONG_PTR)(Channel->BusMasterBase + ATA_BM_PRD_TABLE),
        Channel->PrdPhysical);
    WRITE_PORT_UCHAR(bm_register(Channel, ATA_BM_COMMAND), Direction);
    Channel->State = AtaWaitInterrupt; /* one interrupt, at the end */
    Channel->TicksLeft = Channel->TimeoutTicks;
    Channel->Expecting = TRUE;
    WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Channel->CommandBase + ATA_COMMAND),
                     Command);
    WRITE_PORT_UCHAR(bm_register(Channel, ATA_BM_COMMAND),
                     Direction | ATA_BM_COMMAND_START);
}

PIRP AtapDmaInterrupt(PATA_CHANNEL Channel, UCHAR Status, UCHAR BusMaster)
{
    ULONG Count = Channel->CommandSectorsLeft;

    if ((Status & (ATA_STATUS_ERR | ATA_STATUS_DF)) ||
        (BusMaster & ATA_BM_STATUS_ERROR))
        return AtapFinishRequest(Channel, STATUS_DEVICE_DATA_ERROR);
    if (Status & ATA_STATUS_DRQ)
        return AtapFinishRequest(Channel, STATUS_IO_DEVICE_ERROR);
    Channel->NextLba += Count;
    Channel->SectorsLeft -= Count;
    Channel->SectorsDone += Count;
    Channel->CommandSectorsLeft = 0;
    if (Channel->SectorsLeft == 0)
        return AtapFinishRequest(Channel, STATUS_SUCCESS);
    AtapSendCommand(Channel);
    return NULL;
}
