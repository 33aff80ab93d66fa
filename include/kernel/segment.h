/*
 * Segmentation: selectors, descriptors and the GDT's layout.
 *
 * A selector is index:13 | TI:1 | RPL:2; TI picks the GDT (0) or the current
 * LDT (1). The GDT keeps NT's x86 layout, so a selector printed here means
 * what it means in WinDbg. boot/layout.inc repeats the few selectors the
 * assembly needs; a kernel test checks that both agree.
 */
#ifndef KERNEL_SEGMENT_H
#define KERNEL_SEGMENT_H

#include "ntstatus.h"

#define SELECTOR_TABLE_GDT 0
#define SELECTOR_TABLE_LDT 1

#define KI_SELECTOR(Index, Table, Rpl)                                         \
    ((USHORT)(((Index) << 3) | ((Table) << 2) | (Rpl)))

FORCEINLINE USHORT KiMakeSelector(ULONG Index, ULONG Table, ULONG Rpl)
{
    return KI_SELECTOR(Index & 0x1FFF, Table & 1, Rpl & 3);
}

FORCEINLINE ULONG KiSelectorIndex(USHORT Selector)
{
    return Selector >> 3;
}
FORCEINLINE ULONG KiSelectorTable(USHORT Selector)
{
    return (Selector >> 2) & 1;
}
FORCEINLINE ULONG KiSelectorRpl(USHORT Selector)
{
    return Selector & 3;
}

/* GDT slots, NT's x86 layout. */
enum {
    KGDT_INDEX_NULL = 0,
    KGDT_INDEX_R0_CODE = 1,
    KGDT_INDEX_R0_DATA = 2,
    KGDT_INDEX_R3_CODE = 3,
    KGDT_INDEX_R3_DATA = 4,
    KGDT_INDEX_TSS = 5,
    KGDT_INDEX_R0_PCR = 6,
    KGDT_INDEX_R3_TEB = 7,
    KGDT_INDEX_LDT = 9,
    KGDT_INDEX_DF_TSS = 10,
    KGDT_ENTRIES = 11
};

#define KGDT_R0_CODE KI_SELECTOR(KGDT_INDEX_R0_CODE, SELECTOR_TABLE_GDT, 0)
#define KGDT_R0_DATA KI_SELECTOR(KGDT_INDEX_R0_DATA, SELECTOR_TABLE_GDT, 0)
#define KGDT_R3_CODE KI_SELECTOR(KGDT_INDEX_R3_CODE, SELECTOR_TABLE_GDT, 0)
#define KGDT_R3_DATA KI_SELECTOR(KGDT_INDEX_R3_DATA, SELECTOR_TABLE_GDT, 0)
#define KGDT_TSS KI_SELECTOR(KGDT_INDEX_TSS, SELECTOR_TABLE_GDT, 0)
#define KGDT_R0_PCR KI_SELECTOR(KGDT_INDEX_R0_PCR, SELECTOR_TABLE_GDT, 0)
#define KGDT_R3_TEB KI_SELECTOR(KGDT_INDEX_R3_TEB, SELECTOR_TABLE_GDT, 0)
#define KGDT_LDT KI_SELECTOR(KGDT_INDEX_LDT, SELECTOR_TABLE_GDT, 0)
#define KGDT_DF_TSS KI_SELECTOR(KGDT_INDEX_DF_TSS, SELECTOR_TABLE_GDT, 0)

/* Descriptor types, with the S bit (0x10) for code and data segments. */
#define SEGMENT_TYPE_DATA_READ 0x10
#define SEGMENT_TYPE_DATA_WRITE 0x12
#define SEGMENT_TYPE_DATA_WRITE_DOWN 0x16
#define SEGMENT_TYPE_CODE_EXECUTE 0x18
#define SEGMENT_TYPE_CODE_READ 0x1A
#define SEGMENT_TYPE_LDT 0x02
#define SEGMENT_TYPE_TSS 0x09
#define SEGMENT_TYPE_TSS_BUSY 0x0B
#define SEGMENT_TYPE_TASK_GATE 0x05
#define SEGMENT_TYPE_INTERRUPT_GATE 0x0E
#define SEGMENT_TYPE_TRAP_GATE 0x0F

#define SEGMENT_LIMIT_4G 0xFFFFFFFF

/* NT's KGDTENTRY: 8 bytes, base and limit scattered as the CPU wants. */
typedef struct _KGDTENTRY {
    USHORT LimitLow;
    USHORT BaseLow;
    UCHAR BaseMid;
    UCHAR Access; /* P:1 DPL:2 S:1 Type:4 */
    UCHAR Flags;  /* G:1 D/B:1 L:1 AVL:1 LimitHigh:4 */
    UCHAR BaseHi;
} KGDTENTRY, *PKGDTENTRY;

/*
 * Builds a present descriptor. Limit is the last valid byte offset; above
 * 1 MiB the descriptor counts in pages, so such a limit must end on a page
 * (low 12 bits all ones) or the request is refused. Code and data segments
 * are 32-bit.
 */
NTSTATUS KiBuildDescriptor(ULONG Base, ULONG Limit, ULONG Type, ULONG Dpl,
                           PKGDTENTRY Entry);

ULONG KiDescriptorBase(const KGDTENTRY *Entry);
/* The last valid byte offset, pages expanded. */
ULONG KiDescriptorLimit(const KGDTENTRY *Entry);
ULONG KiDescriptorType(const KGDTENTRY *Entry);
ULONG KiDescriptorDpl(const KGDTENTRY *Entry);
BOOLEAN KiDescriptorPresent(const KGDTENTRY *Entry);
/* STATUS_SUCCESS when a process may put Entry in its LDT (free, or ring-3
 * code or data inside the user half, not conforming), else
 * STATUS_INVALID_LDT_DESCRIPTOR. */
NTSTATUS KiValidateUserDescriptor(const KGDTENTRY *Entry);

#endif
