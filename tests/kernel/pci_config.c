/*
 * HalGetBusDataByOffset and HalSetBusDataByOffset over PCI configuration
 * space: every machine the tests run on (QEMU pc and q35, Bochs) has a
 * host bridge at bus 0, device 0; no machine has a bus 255.
 */
#include "kernel/ktest.h"

KTEST(hal_pci_config_reads_the_host_bridge_and_empty_slots)
{
    PCI_SLOT_NUMBER Slot = {.u.AsULONG = 0};
    UCHAR Header[16], Again[4];
    USHORT Vendor = 0;
    ULONG Dword = 0;

    KT_ASSERT_EQ(HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG,
                                       Header, 0, sizeof(Header)),
                 sizeof(Header));
    KT_ASSERT((Header[0] | (Header[1] << 8)) != PCI_INVALID_VENDORID);
    /* The host bridge's class: 06 (bridge) 00 (host). */
    KT_ASSERT_EQ(Header[0x0B], 0x06);
    KT_ASSERT_EQ(Header[0x0A], 0x00);
    /* Unaligned reads see the same bytes. */
    KT_ASSERT_EQ(HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG,
                                       Again, 1, sizeof(Again)),
                 sizeof(Again));
    KT_ASSERT(RtlCompareMemory(Again, Header + 1, sizeof(Again)) ==
              sizeof(Again));
    /* Past the 256 bytes: cut short, then nothing. */
    KT_ASSERT_EQ(HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG,
                                       &Dword, 254, sizeof(Dword)),
                 2);
    KT_ASSERT_EQ(HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG,
                                       &Dword, 256, sizeof(Dword)),
                 0);
    /* An empty slot: the invalid vendor, two bytes, and nothing else. */
    Slot.u.bits.DeviceNumber = 31;
    Slot.u.bits.FunctionNumber = 7;
    KT_ASSERT_EQ(HalGetBusDataByOffset(PCIConfiguration, 255, Slot.u.AsULONG,
                                       &Vendor, 0, sizeof(Vendor)),
                 sizeof(Vendor));
    KT_ASSERT_EQ(Vendor, PCI_INVALID_VENDORID);
    KT_ASSERT_EQ(HalGetBusDataByOffset(PCIConfiguration, 255, Slot.u.AsULONG,
                                       &Dword, 8, sizeof(Dword)),
                 0);
    KT_ASSERT_EQ(HalSetBusDataByOffset(PCIConfiguration, 255, Slot.u.AsULONG,
                                       &Dword, 8, sizeof(Dword)),
                 0);
    /* Another bus type moves nothing. */
    KT_ASSERT_EQ(HalGetBusDataByOffset(Cmos, 0, 0, &Dword, 0, sizeof(Dword)),
                 0);
}
