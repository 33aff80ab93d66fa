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
#define PCI_CLASS_CODE 0x08 /* revision, interface, subclass, class */
#define PCI_HEADER_TYPE 0x0E
#define PCI_BAR4 0x20
#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MASTER 0x0004
#define PCI_MULTIFUNCTION 0x80
#define IDE_CLASS 0x0101          /* mass storage, IDE */
#define IDE_INTERFACE_NATIVE 0x05 /* either channel off its legacy ports */
#define IDE_INTERFACE_MASTER 0x80 /* a bus master */

static ULONG read_config(PCI_SLOT_NUMBER Slot, ULONG Offset, PVOID Buffer,
                         ULONG Length)
{
    return HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG, Buffer,
                                 Offset, Length);
}

/* The legacy IDE bus master on bus 0, its slot in *Found. */
static BOOLEAN find_controller(PPCI_SLOT_NUMBER Found)
{
    PCI_SLOT_NUMBER Slot = {.u.AsULONG = 0};
    ULONG Device, Function;

    for (Device = 0; Device < PCI_MAX_DEVICES; Device++) {
        for (Function = 0; Function < PCI_MAX_FUNCTION; Function++) {
            USHORT Vendor = PCI_INVALID_VENDORID;
            ULONG Class = 0;
            UCHAR Header = 0;

            Slot.u.bits.DeviceNumber = Device;
            Slot.u.bits.FunctionNumber = Function;
            read_config(Slot, 0, &Vendor, sizeof(Vendor));
            if (Vendor == PCI_INVALID_VENDORID) {
                if (Function == 0)
                    break;
                continue;
            }
            read_config(Slot, PCI_CLASS_CODE, &Class, sizeof(Class));
            if ((Class >> 16) == IDE_CLASS &&
                ((Class >> 8) & IDE_INTERFACE_MASTER) &&
                !((Class >> 8) & IDE_INTERFACE_NATIVE)) {
                *Found = Slot;
                return TRUE;
            }
            read_config(Slot, PCI_HEADER_TYPE, &Header, sizeof(Header));
            if (Function == 0 && !(Header & PCI_MULTIFUNCTION))
                break;
        }
    }
    return FALSE;
}

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

    if (!find_controller(&Slot))
        return FALSE;
    read_config(Slot, PCI_BAR4, &Bar, sizeof(Bar));
    if (!(Bar & 1) || (Bar & 0xFFFC) == 0)
        return FALSE; /* not an I/O BAR, or the firmware gave it nothing */
    read_config(Slot, PCI_COMMAND, &Command, sizeof(Command));
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
