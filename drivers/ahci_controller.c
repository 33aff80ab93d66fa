/*
 * Finding the AHCI controller: a PCI function on bus 0 of class 01
 * (mass storage), subclass 06 (SATA), interface 01 (AHCI), as q35's
 * ICH9 has one built in at 00:1f.2. Its registers are the memory BAR 5
 * (ABAR), mapped uncached; memory decoding and bus mastering are turned
 * on; the controller is taken from the firmware by the BIOS/OS handoff
 * where it offers one (CAP2.BOH), and put in AHCI mode (GHC.AE).
 */
#include "ahci.h"

#define PCI_COMMAND 0x04
#define PCI_BAR5 0x24
#define PCI_INTERRUPT_LINE 0x3C
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
/* The class code register: class 01, subclass 06, interface 01, any
 * revision. */
#define AHCI_CLASS_MASK 0xFFFFFF00
#define AHCI_CLASS 0x01060100
#define ABAR_SIZE 0x1100 /* the generic registers and 32 ports */
#define HANDOFF_WAIT_US 25000
#define BIOS_BUSY_WAIT_US 2000000

/* Waits up to Microseconds for (register & Mask) == Value. */
static BOOLEAN wait_register(PUCHAR Base, ULONG Offset, ULONG Mask, ULONG Value,
                             ULONG Microseconds)
{
    ULONG Waited;

    for (Waited = 0; Waited <= Microseconds; Waited += 10) {
        if ((AhcipRead(Base, Offset) & Mask) == Value)
            return TRUE;
        KeStallExecutionProcessor(10);
    }
    return FALSE;
}

/* The BIOS/OS handoff (AHCI 1.3, 10.6.3): ownership asked for, the
 * BIOS's flag awaited, and its busy flag if it set one. A firmware that
 * never lets go is taken from anyway: it had its time. */
static VOID take_ownership(PUCHAR Registers)
{
    if (!(AhcipRead(Registers, AHCI_CAP2) & AHCI_CAP2_BOH))
        return;
    AhcipWrite(Registers, AHCI_BOHC,
               AhcipRead(Registers, AHCI_BOHC) | AHCI_BOHC_OOS);
    if (!wait_register(Registers, AHCI_BOHC, AHCI_BOHC_BOS, 0,
                       HANDOFF_WAIT_US) ||
        (AhcipRead(Registers, AHCI_BOHC) & AHCI_BOHC_BB))
        wait_register(Registers, AHCI_BOHC, AHCI_BOHC_BB, 0, BIOS_BUSY_WAIT_US);
}

BOOLEAN AhcipFindController(PAHCI_CONTROLLER Controller)
{
    PCI_SLOT_NUMBER Slot;
    PHYSICAL_ADDRESS Abar;
    ULONG Bar = 0;
    USHORT Command = 0;
    UCHAR Line = 0xFF;

    if (!DiskpFindPciFunction(AHCI_CLASS_MASK, AHCI_CLASS, &Slot))
        return FALSE;
    DiskpReadPciConfig(Slot, PCI_BAR5, &Bar, sizeof(Bar));
    DiskpReadPciConfig(Slot, PCI_INTERRUPT_LINE, &Line, sizeof(Line));
    if ((Bar & 1) || (Bar & 0xFFFFFFF0UL) == 0) {
        DbgPrint("ahci: controller at 00:%02x.%x has no ABAR\n",
                 Slot.u.bits.DeviceNumber, Slot.u.bits.FunctionNumber);
        return FALSE;
    }
    DiskpReadPciConfig(Slot, PCI_COMMAND, &Command, sizeof(Command));
    Command |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
    HalSetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG, &Command,
                          PCI_COMMAND, sizeof(Command));
    Abar.QuadPart = Bar & 0xFFFFFFF0UL;
    Controller->RegistersSize = ABAR_SIZE;
    Controller->Registers = MmMapIoSpace(Abar, ABAR_SIZE, MmNonCached);
    if (Controller->Registers == NULL)
        return FALSE;
    Controller->Irq = Line;
    take_ownership(Controller->Registers);
    /* Interrupts stay off until the ISR is connected. */
    AhcipWrite(Controller->Registers, AHCI_GHC,
               (AhcipRead(Controller->Registers, AHCI_GHC) | AHCI_GHC_AE) &
                   ~AHCI_GHC_IE);
    DbgPrint("ahci: controller at 00:%02x.%x, ABAR %08lx, IRQ %lu, "
             "ports %08lx\n",
             Slot.u.bits.DeviceNumber, Slot.u.bits.FunctionNumber,
             (ULONG)Abar.QuadPart, Controller->Irq,
             AhcipRead(Controller->Registers, AHCI_PI));
    return TRUE;
}
