/*
 * The ACPI Multiple APIC Description Table, read once at boot: where the
 * IO-APIC is, which of its pins each ISA IRQ arrives on, and with which
 * polarity and trigger. Firmware tables are not trusted: every pointer is
 * range checked and every table's checksum verified; anything wrong and
 * the caller gets FALSE and keeps the PC defaults.
 */
#include "kernel/madt.h"
#include "kernel/sections.h"
#include "ntddk.h"

#define RSDP_SIZE 20
#define SDT_HEADER_SIZE 36
#define MAX_TABLE_LENGTH 0x10000
#define BIOS_AREA_START 0xE0000
#define BIOS_AREA_END 0x100000
#define EBDA_POINTER 0x40E
#define MADT_IO_APIC 1
#define MADT_OVERRIDE 2

static PUCHAR map(ULONG Physical, ULONG Length)
{
    PHYSICAL_ADDRESS Address;

    Address.QuadPart = Physical;
    return MmMapIoSpace(Address, Length, MmCached);
}

static BOOLEAN checksum_ok(const UCHAR *Bytes, ULONG Length)
{
    UCHAR Sum = 0;

    while (Length-- != 0)
        Sum = (UCHAR)(Sum + *Bytes++);
    return Sum == 0;
}

static ULONG read32(const UCHAR *Bytes)
{
    return Bytes[0] | (Bytes[1] << 8) | (Bytes[2] << 16) |
           ((ULONG)Bytes[3] << 24);
}

/* The RSDP in Start..End (16-byte steps): the RSDT's address, or 0. */
static ULONG find_rsdt(ULONG Start, ULONG End)
{
    PUCHAR Area = map(Start, End - Start);
    ULONG Offset, Rsdt = 0;

    if (Area == NULL)
        return 0;
    for (Offset = 0; Offset + RSDP_SIZE <= End - Start; Offset += 16) {
        if (RtlCompareMemory(Area + Offset, "RSD PTR ", 8) == 8 &&
            checksum_ok(Area + Offset, RSDP_SIZE)) {
            Rsdt = read32(Area + Offset + 16);
            break;
        }
    }
    MmUnmapIoSpace(Area, End - Start);
    return Rsdt;
}

/* A whole table, mapped and verified; NULL if it is not one. */
static PUCHAR map_table(ULONG Physical, PULONG Length)
{
    PUCHAR Header = map(Physical, SDT_HEADER_SIZE), Table;

    if (Header == NULL)
        return NULL;
    *Length = read32(Header + 4);
    MmUnmapIoSpace(Header, SDT_HEADER_SIZE);
    if (*Length < SDT_HEADER_SIZE || *Length > MAX_TABLE_LENGTH)
        return NULL;
    Table = map(Physical, *Length);
    if (Table != NULL && !checksum_ok(Table, *Length)) {
        MmUnmapIoSpace(Table, *Length);
        return NULL;
    }
    return Table;
}

static VOID parse_madt(const UCHAR *Madt, ULONG Length, PMADT_INFORMATION Info)
{
    ULONG Offset = SDT_HEADER_SIZE + 8; /* local APIC address, flags */

    Info->LocalApicAddress = read32(Madt + SDT_HEADER_SIZE);
    while (Offset + 2 <= Length) {
        const UCHAR *Entry = Madt + Offset;
        ULONG EntryLength = Entry[1];

        if (EntryLength < 2 || Offset + EntryLength > Length)
            break;
        if (Entry[0] == MADT_IO_APIC && EntryLength >= 12 &&
            Info->IoApicAddress == 0) {
            Info->IoApicAddress = read32(Entry + 4);
            Info->IoApicGsiBase = read32(Entry + 8);
        } else if (Entry[0] == MADT_OVERRIDE && EntryLength >= 10 &&
                   Entry[2] == 0 && Entry[3] < MADT_ISA_IRQS) {
            Info->IsaRoute[Entry[3]].Gsi = read32(Entry + 4);
            Info->IsaRoute[Entry[3]].Flags =
                (USHORT)(Entry[8] | (Entry[9] << 8));
        }
        Offset += EntryLength;
    }
}

ALLOC_TEXT(INIT) BOOLEAN HalpReadMadt(PMADT_INFORMATION Info)
{
    PUCHAR Ebda, Rsdt;
    ULONG RsdtAddress = 0, RsdtLength, Index, EbdaStart;

    RtlZeroMemory(Info, sizeof(*Info));
    for (Index = 0; Index < MADT_ISA_IRQS; Index++)
        Info->IsaRoute[Index].Gsi = Index; /* the PC default: identity */

    Ebda = map(EBDA_POINTER, 2);
    if (Ebda != NULL) {
        EbdaStart = (ULONG)(Ebda[0] | (Ebda[1] << 8)) << 4;
        MmUnmapIoSpace(Ebda, 2);
        if (EbdaStart >= 0x80000 && EbdaStart < 0xA0000)
            RsdtAddress = find_rsdt(EbdaStart, EbdaStart + 1024);
    }
    if (RsdtAddress == 0)
        RsdtAddress = find_rsdt(BIOS_AREA_START, BIOS_AREA_END);
    if (RsdtAddress == 0 ||
        (Rsdt = map_table(RsdtAddress, &RsdtLength)) == NULL)
        return FALSE;
    for (Index = SDT_HEADER_SIZE; Index + 4 <= RsdtLength; Index += 4) {
        ULONG Length;
        PUCHAR Table = map_table(read32(Rsdt + Index), &Length);

        if (Table == NULL)
            continue;
        if (RtlCompareMemory(Table, "APIC", 4) == 4 &&
            Length >= SDT_HEADER_SIZE + 8)
            parse_madt(Table, Length, Info);
        MmUnmapIoSpace(Table, Length);
    }
    MmUnmapIoSpace(Rsdt, RsdtLength);
    return Info->LocalApicAddress != 0;
}
