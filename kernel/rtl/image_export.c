/*
 * The export table of a laid-out image: lookups by name (the hint, then a
 * binary search of the sorted name table, as NT's loader does) and by
 * ordinal. Every table, index and string is checked against the image
 * before it is read. Forwarders ("DLL.Name" strings inside the export
 * directory) are reported, never followed: that needs the other DLL.
 */
#include "kernel/image.h"
#include "ntrtl.h"

typedef struct _EXPORT_TABLE {
    PUCHAR Image;
    ULONG ImageSize;
    const IMAGE_EXPORT_DIRECTORY *Directory;
    ULONG DirectoryRva;
    ULONG DirectorySize;
} EXPORT_TABLE;

/* Count entries of Width bytes at Rva in the image. Not necessarily
 * aligned: lld-link lays the three arrays out back to back after the
 * directory (at odd RVAs too), and NT's loader reads them as they are. */
static BOOLEAN array_inside(const EXPORT_TABLE *Table, ULONG Rva, ULONG Count,
                            ULONG Width)
{
    return Count <= Table->ImageSize / Width &&
           RtlpRangeInside(Rva, Count * Width, Table->ImageSize);
}

/* Entry Index of such an array, read whatever its alignment. */
typedef struct __attribute__((packed)) {
    ULONG Value;
} UNALIGNED_ULONG;
typedef struct __attribute__((packed)) {
    USHORT Value;
} UNALIGNED_USHORT;

static ULONG ulong_at(const EXPORT_TABLE *Table, ULONG ArrayRva, ULONG Index)
{
    return ((const UNALIGNED_ULONG *)(Table->Image + ArrayRva))[Index].Value;
}

static USHORT ushort_at(const EXPORT_TABLE *Table, ULONG ArrayRva, ULONG Index)
{
    return ((const UNALIGNED_USHORT *)(Table->Image + ArrayRva))[Index].Value;
}

/* STATUS_SUCCESS, STATUS_NOT_FOUND (no export table) or
 * STATUS_INVALID_IMAGE_FORMAT. */
static NTSTATUS open_table(PVOID Image, ULONG ImageSize, EXPORT_TABLE *Table)
{
    const IMAGE_EXPORT_DIRECTORY *Directory;
    NTSTATUS Status;

    Table->Image = Image;
    Table->ImageSize = ImageSize;
    Status = RtlpImageDirectoryEntry(
        Image, ImageSize, IMAGE_DIRECTORY_ENTRY_EXPORT,
        (PVOID *)&Table->Directory, &Table->DirectorySize);
    if (!NT_SUCCESS(Status))
        return Status;
    Directory = Table->Directory;
    if (Directory == NULL)
        return STATUS_NOT_FOUND;
    Table->DirectoryRva = (ULONG)((const UCHAR *)Directory - Table->Image);
    if (Table->DirectorySize < sizeof(*Directory) ||
        !array_inside(Table, Directory->AddressOfFunctions,
                      Directory->NumberOfFunctions, sizeof(ULONG)) ||
        !array_inside(Table, Directory->AddressOfNames,
                      Directory->NumberOfNames, sizeof(ULONG)) ||
        !array_inside(Table, Directory->AddressOfNameOrdinals,
                      Directory->NumberOfNames, sizeof(USHORT)))
        return STATUS_INVALID_IMAGE_FORMAT;
    return STATUS_SUCCESS;
}

/* Entry Index of the address table. STATUS_ORDINAL_NOT_FOUND for an
 * unused (0) slot. */
static NTSTATUS export_at(const EXPORT_TABLE *Table, ULONG Index,
                          PLDRP_EXPORT Export)
{
    ULONG Rva = ulong_at(Table, Table->Directory->AddressOfFunctions, Index);
    PCSTR Forwarder = NULL;

    if (Rva == 0)
        return STATUS_ORDINAL_NOT_FOUND;
    if (Rva >= Table->DirectoryRva &&
        Rva - Table->DirectoryRva < Table->DirectorySize) {
        Forwarder = RtlpImageString(Table->Image, Table->ImageSize, Rva);
        if (Forwarder == NULL)
            return STATUS_INVALID_IMAGE_FORMAT;
    } else if (Rva >= Table->ImageSize) {
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    Export->Ordinal = Table->Directory->Base + Index;
    Export->Rva = Rva;
    Export->Address = Forwarder != NULL ? NULL : Table->Image + Rva;
    Export->Forwarder = Forwarder;
    return STATUS_SUCCESS;
}

/* strcmp(Name, name-table entry Index) into *Order; FALSE when the entry
 * does not lead to a string inside the image. */
static BOOLEAN compare_name(const EXPORT_TABLE *Table, ULONG Index, PCSTR Name,
                            int *Order)
{
    PCSTR Entry = RtlpImageString(
        Table->Image, Table->ImageSize,
        ulong_at(Table, Table->Directory->AddressOfNames, Index));

    if (Entry == NULL)
        return FALSE;
    *Order = strcmp(Name, Entry);
    return TRUE;
}

/* The name table index of Name: STATUS_SUCCESS, STATUS_PROCEDURE_NOT_FOUND
 * or STATUS_INVALID_IMAGE_FORMAT. */
static NTSTATUS find_name(const EXPORT_TABLE *Table, PCSTR Name, USHORT Hint,
                          PULONG Found)
{
    ULONG Low = 0, High = Table->Directory->NumberOfNames, Middle;
    int Order;

    if (Hint < High) {
        if (!compare_name(Table, Hint, Name, &Order))
            return STATUS_INVALID_IMAGE_FORMAT;
        if (Order == 0) {
            *Found = Hint;
            return STATUS_SUCCESS;
        }
    }
    while (Low < High) {
        Middle = Low + (High - Low) / 2;
        if (!compare_name(Table, Middle, Name, &Order))
            return STATUS_INVALID_IMAGE_FORMAT;
        if (Order == 0) {
            *Found = Middle;
            return STATUS_SUCCESS;
        }
        if (Order < 0)
            High = Middle;
        else
            Low = Middle + 1;
    }
    return STATUS_PROCEDURE_NOT_FOUND;
}

NTSTATUS LdrpFindExportByName(PVOID Image, ULONG ImageSize, PCSTR Name,
                              USHORT Hint, PLDRP_EXPORT Export)
{
    EXPORT_TABLE Table;
    ULONG NameIndex, Index;
    NTSTATUS Status;

    if (Name == NULL || Export == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = open_table(Image, ImageSize, &Table);
    if (Status == STATUS_NOT_FOUND)
        return STATUS_PROCEDURE_NOT_FOUND;
    if (!NT_SUCCESS(Status))
        return Status;
    Status = find_name(&Table, Name, Hint, &NameIndex);
    if (!NT_SUCCESS(Status))
        return Status;
    Index =
        ushort_at(&Table, Table.Directory->AddressOfNameOrdinals, NameIndex);
    if (Index >= Table.Directory->NumberOfFunctions)
        return STATUS_INVALID_IMAGE_FORMAT;
    Status = export_at(&Table, Index, Export);
    /* A name for an unused slot names nothing. */
    return Status == STATUS_ORDINAL_NOT_FOUND ? STATUS_PROCEDURE_NOT_FOUND
                                              : Status;
}

NTSTATUS LdrpFindExportByOrdinal(PVOID Image, ULONG ImageSize, ULONG Ordinal,
                                 PLDRP_EXPORT Export)
{
    EXPORT_TABLE Table;
    NTSTATUS Status;

    if (Export == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = open_table(Image, ImageSize, &Table);
    if (Status == STATUS_NOT_FOUND)
        return STATUS_ORDINAL_NOT_FOUND;
    if (!NT_SUCCESS(Status))
        return Status;
    if (Ordinal < Table.Directory->Base ||
        Ordinal - Table.Directory->Base >= Table.Directory->NumberOfFunctions)
        return STATUS_ORDINAL_NOT_FOUND;
    return export_at(&Table, Ordinal - Table.Directory->Base, Export);
}

PVOID NTAPI RtlFindExportedRoutineByName(PVOID ImageBase, PCSTR RoutineName)
{
    PIMAGE_NT_HEADERS NtHeaders = RtlImageNtHeader(ImageBase);
    LDRP_EXPORT Export;

    if (NtHeaders == NULL ||
        NtHeaders->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR32_MAGIC)
        return NULL;
    if (!NT_SUCCESS(LdrpFindExportByName(ImageBase,
                                         NtHeaders->OptionalHeader.SizeOfImage,
                                         RoutineName, 0, &Export)))
        return NULL;
    return Export.Address; /* NULL for a forwarder, as in NT */
}
