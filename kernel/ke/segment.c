/*
 * Descriptor encoding. Pure: the host tests check it bit for bit against
 * the Intel SDM's layout (vol. 3A, 3.4.5).
 */
#include "kernel/segment.h"
#include "kernel/pte.h"

#define ACCESS_PRESENT 0x80
#define FLAGS_GRANULARITY_4K 0x80
#define FLAGS_DEFAULT_32BIT 0x40
#define BYTE_LIMIT_MAX 0xFFFFF

NTSTATUS KiBuildDescriptor(ULONG Base, ULONG Limit, ULONG Type, ULONG Dpl,
                           PKGDTENTRY Entry)
{
    ULONG Flags = 0;

    if (Type > 0x1F || Dpl > 3)
        return STATUS_INVALID_PARAMETER;
    if (Limit > BYTE_LIMIT_MAX) {
        if ((Limit & 0xFFF) != 0xFFF)
            return STATUS_INVALID_PARAMETER;
        Limit >>= 12;
        Flags |= FLAGS_GRANULARITY_4K;
    }
    if (Type & 0x10)
        Flags |= FLAGS_DEFAULT_32BIT;

    Entry->LimitLow = (USHORT)(Limit & 0xFFFF);
    Entry->BaseLow = (USHORT)(Base & 0xFFFF);
    Entry->BaseMid = (UCHAR)((Base >> 16) & 0xFF);
    Entry->Access = (UCHAR)(ACCESS_PRESENT | (Dpl << 5) | Type);
    Entry->Flags = (UCHAR)(Flags | ((Limit >> 16) & 0x0F));
    Entry->BaseHi = (UCHAR)(Base >> 24);
    return STATUS_SUCCESS;
}

ULONG KiDescriptorBase(const KGDTENTRY *Entry)
{
    return (ULONG)Entry->BaseLow | ((ULONG)Entry->BaseMid << 16) |
           ((ULONG)Entry->BaseHi << 24);
}

ULONG KiDescriptorLimit(const KGDTENTRY *Entry)
{
    ULONG Limit = (ULONG)Entry->LimitLow | ((ULONG)(Entry->Flags & 0x0F) << 16);

    if (Entry->Flags & FLAGS_GRANULARITY_4K)
        Limit = (Limit << 12) | 0xFFF;
    return Limit;
}

ULONG KiDescriptorType(const KGDTENTRY *Entry)
{
    return Entry->Access & 0x1F;
}

ULONG KiDescriptorDpl(const KGDTENTRY *Entry)
{
    return (Entry->Access >> 5) & 3;
}

BOOLEAN KiDescriptorPresent(const KGDTENTRY *Entry)
{
    return (Entry->Access & ACCESS_PRESENT) != 0;
}

/* What NtSetLdtEntries lets a process install (NT's rules): a free slot
 * (not present) always; otherwise a code or data segment of privilege 3,
 * not conforming code, whose every offset lands in the user half. Pure:
 * host-tested. */
NTSTATUS KiValidateUserDescriptor(const KGDTENTRY *Entry)
{
    ULONG Type = KiDescriptorType(Entry), Base = KiDescriptorBase(Entry);
    ULONG Limit = KiDescriptorLimit(Entry), Last;

    if (!KiDescriptorPresent(Entry))
        return STATUS_SUCCESS;
    if (!(Type & 0x10) || KiDescriptorDpl(Entry) != 3)
        return STATUS_INVALID_LDT_DESCRIPTOR; /* system, or not ring 3's */
    if ((Type & 0x1C) == 0x1C)
        return STATUS_INVALID_LDT_DESCRIPTOR; /* conforming code */
    if ((Type & 0x1C) == 0x14) /* expand-down data: offsets above Limit */
        Last = (Entry->Flags & FLAGS_DEFAULT_32BIT) ? 0xFFFFFFFFUL : 0xFFFFUL;
    else
        Last = Limit;
    if (Base > MM_HIGHEST_USER_ADDRESS || Last > MM_HIGHEST_USER_ADDRESS - Base)
        return STATUS_INVALID_LDT_DESCRIPTOR;
    return STATUS_SUCCESS;
}
