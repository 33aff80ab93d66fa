/*
 * Base relocations: moving a laid-out image to an address other than the
 * one it was linked for. NT's LdrProcessRelocationBlock(LongLong) apply
 * one block as NT's do, trusting it; LdrpRelocateImage checks every block
 * of the table first, so that a bad table is refused before the first
 * fixup and the image is left as it was.
 */
#include "kernel/image.h"

#define ENTRY_TYPE(Entry) ((Entry) >> 12)
#define ENTRY_OFFSET(Entry) ((Entry)&0xFFF)

/* Fixups need not be aligned; __builtin_memcpy reads and writes them
 * whatever their address (one mov on x86, even without builtins). */
static USHORT read_ushort(const UCHAR *Address)
{
    USHORT Value;

    __builtin_memcpy(&Value, Address, sizeof(Value));
    return Value;
}

static void write_ushort(PUCHAR Address, USHORT Value)
{
    __builtin_memcpy(Address, &Value, sizeof(Value));
}

static ULONG read_ulong(const UCHAR *Address)
{
    ULONG Value;

    __builtin_memcpy(&Value, Address, sizeof(Value));
    return Value;
}

static void write_ulong(PUCHAR Address, ULONG Value)
{
    __builtin_memcpy(Address, &Value, sizeof(Value));
}

PIMAGE_BASE_RELOCATION NTAPI LdrProcessRelocationBlockLongLong(
    ULONG_PTR VirtualAddress, ULONG Count, PUSHORT NextOffset, LONGLONG Diff)
{
    /* x86 addresses are 32 bits: only the low half of Diff matters. */
    ULONG Delta = (ULONG)Diff;
    ULONG Temp;

    for (; Count != 0; Count--, NextOffset++) {
        USHORT Entry = *NextOffset;
        PUCHAR Fixup = (PUCHAR)VirtualAddress + ENTRY_OFFSET(Entry);

        switch (ENTRY_TYPE(Entry)) {
        case IMAGE_REL_BASED_ABSOLUTE:
            break;
        case IMAGE_REL_BASED_HIGHLOW:
            write_ulong(Fixup, read_ulong(Fixup) + Delta);
            break;
        case IMAGE_REL_BASED_HIGH:
            Temp = ((ULONG)read_ushort(Fixup) << 16) + Delta;
            write_ushort(Fixup, (USHORT)(Temp >> 16));
            break;
        case IMAGE_REL_BASED_LOW:
            write_ushort(Fixup, (USHORT)(read_ushort(Fixup) + Delta));
            break;
        case IMAGE_REL_BASED_HIGHADJ:
            /* The high half, rounded with the low half the next entry
             * holds (sign-extended, as NT takes it). */
            if (Count == 1)
                return NULL;
            Count--;
            NextOffset++;
            Temp = ((ULONG)read_ushort(Fixup) << 16) +
                   (ULONG)(LONG)(SHORT)*NextOffset + Delta + 0x8000;
            write_ushort(Fixup, (USHORT)(Temp >> 16));
            break;
        default:
            return NULL;
        }
    }
    return (PIMAGE_BASE_RELOCATION)NextOffset;
}

PIMAGE_BASE_RELOCATION NTAPI LdrProcessRelocationBlock(ULONG_PTR VirtualAddress,
                                                       ULONG Count,
                                                       PUSHORT NextOffset,
                                                       LONG_PTR Diff)
{
    return LdrProcessRelocationBlockLongLong(VirtualAddress, Count, NextOffset,
                                             Diff);
}

/* The bytes a fixup of Type changes; 0 for padding, -1 for a type x86
 * does not have. */
static LONG fixup_width(ULONG Type)
{
    switch (Type) {
    case IMAGE_REL_BASED_ABSOLUTE:
        return 0;
    case IMAGE_REL_BASED_HIGHLOW:
        return 4;
    case IMAGE_REL_BASED_HIGH:
    case IMAGE_REL_BASED_LOW:
    case IMAGE_REL_BASED_HIGHADJ:
        return 2;
    default:
        return -1;
    }
}

/* One block's entries: known types, targets inside the image and outside
 * the relocation table (whose later blocks a fixup would otherwise
 * change after they were checked). */
static BOOLEAN block_entries_valid(const IMAGE_BASE_RELOCATION *Block,
                                   ULONG ImageSize, ULONG TableRva,
                                   ULONG TableSize)
{
    const USHORT *Entries = (const USHORT *)(Block + 1);
    ULONG Count = (Block->SizeOfBlock - sizeof(*Block)) / sizeof(USHORT);
    ULONG Index, Target;
    LONG Width;

    for (Index = 0; Index < Count; Index++) {
        Width = fixup_width(ENTRY_TYPE(Entries[Index]));
        if (Width < 0)
            return FALSE;
        if (Width == 0)
            continue;
        if (!RtlpRangeInside(Block->VirtualAddress,
                             ENTRY_OFFSET(Entries[Index]) + (ULONG)Width,
                             ImageSize))
            return FALSE;
        Target = Block->VirtualAddress + ENTRY_OFFSET(Entries[Index]);
        if (Target + (ULONG)Width > TableRva && Target < TableRva + TableSize)
            return FALSE;
        /* HIGHADJ's second entry is its operand, not a fixup. */
        if (ENTRY_TYPE(Entries[Index]) == IMAGE_REL_BASED_HIGHADJ &&
            ++Index == Count)
            return FALSE;
    }
    return TRUE;
}

/* The whole table: blocks that tile it exactly, each valid. */
static BOOLEAN table_valid(PUCHAR Image, ULONG ImageSize, ULONG TableRva,
                           ULONG TableSize)
{
    ULONG Offset = 0;

    while (Offset < TableSize) {
        const IMAGE_BASE_RELOCATION *Block =
            (const IMAGE_BASE_RELOCATION *)(Image + TableRva + Offset);

        if (TableSize - Offset < sizeof(*Block))
            return FALSE;
        if (Block->SizeOfBlock < sizeof(*Block) ||
            Block->SizeOfBlock % sizeof(ULONG) != 0 ||
            Block->SizeOfBlock > TableSize - Offset)
            return FALSE;
        if (!block_entries_valid(Block, ImageSize, TableRva, TableSize))
            return FALSE;
        Offset += Block->SizeOfBlock;
    }
    return TRUE;
}

NTSTATUS LdrpRelocateImage(PVOID Image, ULONG ImageSize, ULONG NewImageBase)
{
    PIMAGE_NT_HEADERS NtHeaders = RtlpImageNtHeaderInImage(Image, ImageSize);
    PUCHAR Table;
    ULONG TableSize, Offset, Delta;

    if (NtHeaders == NULL)
        return STATUS_INVALID_IMAGE_FORMAT;
    Delta = NewImageBase - NtHeaders->OptionalHeader.ImageBase;
    if (Delta == 0)
        return STATUS_SUCCESS;
    if ((ULONGLONG)NewImageBase + NtHeaders->OptionalHeader.SizeOfImage >
        0x100000000ULL)
        return STATUS_CONFLICTING_ADDRESSES;
    if (!NT_SUCCESS(RtlpImageDirectoryEntry(Image, ImageSize,
                                            IMAGE_DIRECTORY_ENTRY_BASERELOC,
                                            (PVOID *)&Table, &TableSize)))
        return STATUS_INVALID_IMAGE_FORMAT;
    /* NT's loaders refuse to move an image that has nothing to move it
     * with, flagged as stripped or not. */
    if (Table == NULL)
        return STATUS_CONFLICTING_ADDRESSES;
    if (!table_valid(Image, ImageSize, (ULONG)(Table - (PUCHAR)Image),
                     TableSize))
        return STATUS_INVALID_IMAGE_FORMAT;

    for (Offset = 0; Offset < TableSize;) {
        PIMAGE_BASE_RELOCATION Block = (PIMAGE_BASE_RELOCATION)(Table + Offset);

        LdrProcessRelocationBlockLongLong(
            (ULONG_PTR)Image + Block->VirtualAddress,
            (Block->SizeOfBlock - sizeof(*Block)) / sizeof(USHORT),
            (PUSHORT)(Block + 1), Delta);
        Offset += Block->SizeOfBlock;
    }
    NtHeaders->OptionalHeader.ImageBase = NewImageBase;
    return STATUS_SUCCESS;
}

ULONG NTAPI LdrRelocateImageWithBias(PVOID NewBase, LONGLONG AdditionalBias,
                                     PCSTR LoaderName, ULONG Success,
                                     ULONG Conflict, ULONG Invalid)
{
    PIMAGE_NT_HEADERS NtHeaders = RtlImageNtHeader(NewBase);
    LONGLONG Target = (LONGLONG)(ULONG_PTR)NewBase + AdditionalBias;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(LoaderName);
    if (NtHeaders == NULL ||
        NtHeaders->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR32_MAGIC)
        return Invalid;
    if (Target < 0 || Target > 0xFFFFFFFFLL)
        return Conflict;
    Status = LdrpRelocateImage(NewBase, NtHeaders->OptionalHeader.SizeOfImage,
                               (ULONG)Target);
    if (Status == STATUS_SUCCESS)
        return Success;
    if (Status == STATUS_CONFLICTING_ADDRESSES)
        return Conflict;
    return Invalid;
}

ULONG NTAPI LdrRelocateImage(PVOID NewBase, PCSTR LoaderName, ULONG Success,
                             ULONG Conflict, ULONG Invalid)
{
    return LdrRelocateImageWithBias(NewBase, 0, LoaderName, Success, Conflict,
                                    Invalid);
}
