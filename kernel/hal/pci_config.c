/*
 * PCI configuration space through the PC's configuration mechanism #1
 * (an address at 0xCF8, the dword at 0xCFC), as hal.dll's
 * HalGetBusDataByOffset / HalSetBusDataByOffset give it to drivers that
 * find their hardware themselves (the ATA driver's bus-master registers).
 * One access at a time: the address and data ports are one pair.
 */
#include "kernel/x86.h"
#include "ntddk.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC
#define PCI_CONFIG_ENABLE 0x80000000UL
#define PCI_CONFIG_SPACE 256

static KSPIN_LOCK config_lock;

static ULONG config_address(ULONG Bus, PCI_SLOT_NUMBER Slot, ULONG Offset)
{
    return PCI_CONFIG_ENABLE | (Bus << 16) | (Slot.u.bits.DeviceNumber << 11) |
           (Slot.u.bits.FunctionNumber << 8) | (Offset & 0xFC);
}

/* Moves one byte; the lock is held. */
static VOID access_byte(ULONG Bus, PCI_SLOT_NUMBER Slot, ULONG Offset,
                        PUCHAR Byte, BOOLEAN Write)
{
    outl(PCI_CONFIG_ADDRESS, config_address(Bus, Slot, Offset));
    if (Write)
        outb((USHORT)(PCI_CONFIG_DATA + (Offset & 3)), *Byte);
    else
        *Byte = inb((USHORT)(PCI_CONFIG_DATA + (Offset & 3)));
}

static ULONG access(BUS_DATA_TYPE Type, ULONG Bus, ULONG SlotNumber,
                    PVOID Buffer, ULONG Offset, ULONG Length, BOOLEAN Write)
{
    PCI_SLOT_NUMBER Slot = {.u.AsULONG = SlotNumber};
    USHORT Vendor;
    ULONG Index;
    KIRQL OldIrql;

    if (Type != PCIConfiguration || Bus > PCI_MAX_BRIDGE_NUMBER ||
        Offset >= PCI_CONFIG_SPACE)
        return 0;
    if (Length > PCI_CONFIG_SPACE - Offset)
        Length = PCI_CONFIG_SPACE - Offset;
    KeAcquireSpinLock(&config_lock, &OldIrql);
    outl(PCI_CONFIG_ADDRESS, config_address(Bus, Slot, 0));
    Vendor = (USHORT)inl(PCI_CONFIG_DATA);
    if (Vendor == PCI_INVALID_VENDORID) {
        KeReleaseSpinLock(&config_lock, OldIrql);
        if (Write || Offset != 0 || Length < sizeof(USHORT))
            return 0;
        *(PUSHORT)Buffer = PCI_INVALID_VENDORID;
        return sizeof(USHORT);
    }
    for (Index = 0; Index < Length; Index++)
        access_byte(Bus, Slot, Offset + Index, (PUCHAR)Buffer + Index, Write);
    KeReleaseSpinLock(&config_lock, OldIrql);
    return Length;
}

ULONG NTAPI HalGetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber,
                                  ULONG SlotNumber, PVOID Buffer, ULONG Offset,
                                  ULONG Length)
{
    return access(BusDataType, BusNumber, SlotNumber, Buffer, Offset, Length,
                  FALSE);
}

ULONG NTAPI HalSetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber,
                                  ULONG SlotNumber, PVOID Buffer, ULONG Offset,
                                  ULONG Length)
{
    return access(BusDataType, BusNumber, SlotNumber, Buffer, Offset, Length,
                  TRUE);
}
