/*
 * The driver's view of the kernel: the DDK-style public header. Driver code
 * includes this one file, as it includes ntddk.h under the WDK: wdm.h (the
 * WDM core) and the routines the WDK keeps out of it.
 */
#ifndef _NTDDK_
#define _NTDDK_
#define NTDDK_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bus-relative configuration data, as ntddk.h declares it (the legacy
 * interface NT 4 drivers used before PnP handed them their resources). */
typedef enum _BUS_DATA_TYPE {
    ConfigurationSpaceUndefined = -1,
    Cmos,
    EisaConfiguration,
    Pos,
    CbusConfiguration,
    PCIConfiguration,
    VMEConfiguration,
    NuBusConfiguration,
    PCMCIAConfiguration,
    MPIConfiguration,
    MPSAConfiguration,
    PNPISAConfiguration,
    SgiInternalConfiguration,
    MaximumBusDataType
} BUS_DATA_TYPE,
    *PBUS_DATA_TYPE;

/* A PCI function's address on its bus, HalGetBusDataByOffset's
 * SlotNumber. */
typedef struct _PCI_SLOT_NUMBER {
    union {
        struct {
            ULONG DeviceNumber : 5;
            ULONG FunctionNumber : 3;
            ULONG Reserved : 24;
        } bits;
        ULONG AsULONG;
    } u;
} PCI_SLOT_NUMBER, *PPCI_SLOT_NUMBER;

#define PCI_INVALID_VENDORID 0xFFFF
#define PCI_MAX_DEVICES 32
#define PCI_MAX_FUNCTION 8
#define PCI_MAX_BRIDGE_NUMBER 0xFF

/* Reads (writes) Length bytes of the PCI function's configuration space
 * from Offset; the bytes moved. An empty slot reads as
 * PCI_INVALID_VENDORID (2 bytes at offset 0, 0 elsewhere); another bus
 * type moves nothing. */
ULONG NTAPI HalGetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber,
                                  ULONG SlotNumber, PVOID Buffer, ULONG Offset,
                                  ULONG Length);
ULONG NTAPI HalSetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber,
                                  ULONG SlotNumber, PVOID Buffer, ULONG Offset,
                                  ULONG Length);

/* TRUE when a read of VirtualAddress would not fault. */
BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress);
/* The physical address behind a mapped virtual one; 0 when unmapped. */
PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(PVOID BaseAddress);
/* A routine or variable ntoskrnl.exe or hal.dll exports, by name; NULL
 * when neither does. */
PVOID NTAPI MmGetSystemRoutineAddress(PUNICODE_STRING SystemRoutineName);

#ifdef __cplusplus
}
#endif

#endif
