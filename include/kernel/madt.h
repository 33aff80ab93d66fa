/* What the HAL needs from ACPI's MADT (kernel/hal/madt.c). */
#ifndef KERNEL_MADT_H
#define KERNEL_MADT_H

#include "ntdef.h"

#define MADT_ISA_IRQS 16
/* Override flags (ACPI MPS INTI flags). */
#define MADT_POLARITY_MASK 0x3
#define MADT_POLARITY_LOW 0x3
#define MADT_TRIGGER_MASK 0xC
#define MADT_TRIGGER_LEVEL 0xC

typedef struct _MADT_INFORMATION {
    ULONG LocalApicAddress;
    ULONG IoApicAddress; /* the first IO-APIC; 0 if none was listed */
    ULONG IoApicGsiBase;
    struct {
        ULONG Gsi;
        USHORT Flags; /* 0: the bus default, ISA's edge and active high */
    } IsaRoute[MADT_ISA_IRQS];
} MADT_INFORMATION, *PMADT_INFORMATION;

/* FALSE when there is no usable MADT; Info then holds the PC defaults. */
BOOLEAN HalpReadMadt(PMADT_INFORMATION Info);

#endif
