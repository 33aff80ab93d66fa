/*
 * Finding a disk controller on PCI bus 0 (the IDE bus master, the AHCI
 * controller): every function of every device, a multi-function device's
 * others only when its header says so, matched by its class code
 * register (class, subclass, programming interface, revision).
 */
#include "disk_device.h"

#define PCI_CLASS_CODE 0x08
#define PCI_HEADER_TYPE 0x0E
#define PCI_MULTIFUNCTION 0x80

ULONG DiskpReadPciConfig(PCI_SLOT_NUMBER Slot, ULONG Offset, PVOID Buffer,
                         ULONG Length)
{
    return HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG, Buffer,
                                 Offset, Length);
}

BOOLEAN DiskpFindPciFunction(ULONG ClassMask, ULONG ClassValue,
                             PPCI_SLOT_NUMBER Found)
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
            DiskpReadPciConfig(Slot, 0, &Vendor, sizeof(Vendor));
            if (Vendor == PCI_INVALID_VENDORID) {
                if (Function == 0)
                    break;
                continue;
            }
            DiskpReadPciConfig(Slot, PCI_CLASS_CODE, &Class, sizeof(Class));
            if ((Class & ClassMask) == ClassValue) {
                *Found = Slot;
                return TRUE;
            }
            DiskpReadPciConfig(Slot, PCI_HEADER_TYPE, &Header, sizeof(Header));
            if (Function == 0 && !(Header & PCI_MULTIFUNCTION))
                break;
        }
    }
    return FALSE;
}
