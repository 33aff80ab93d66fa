/*
 * The image layout read with bounds: the loader's way to NT headers, data
 * directories and strings that cannot take it outside the ImageSize bytes
 * it was given, whatever the image (or a relocation, or an IAT write) put
 * in them.
 */
#include "kernel/image.h"

/* Bytes of the optional header before its data directories. */
#define OPTIONAL_HEADER_FIXED                                                  \
    FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory)

PIMAGE_NT_HEADERS RtlpImageNtHeaderInImage(PVOID Image, ULONG ImageSize)
{
    const IMAGE_DOS_HEADER *DosHeader = Image;
    PIMAGE_NT_HEADERS NtHeaders;
    ULONG Offset, OptionalSize, Directories, HeadersEnd;

    if (Image == NULL || ImageSize < sizeof(IMAGE_DOS_HEADER))
        return NULL;
    Offset = (ULONG)DosHeader->e_lfanew;
    /* The headers are read as the structures they are. */
    if (Offset % sizeof(ULONG) != 0 ||
        !RtlpRangeInside(Offset,
                         FIELD_OFFSET(IMAGE_NT_HEADERS, OptionalHeader) +
                             OPTIONAL_HEADER_FIXED,
                         ImageSize))
        return NULL;
    if (!NT_SUCCESS(RtlImageNtHeaderEx(0, Image, ImageSize, &NtHeaders)))
        return NULL;
    if (NtHeaders->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR32_MAGIC)
        return NULL;
    Directories = NtHeaders->OptionalHeader.NumberOfRvaAndSizes;
    OptionalSize = NtHeaders->FileHeader.SizeOfOptionalHeader;
    if (Directories > IMAGE_NUMBEROF_DIRECTORY_ENTRIES ||
        OptionalSize % sizeof(ULONG) != 0 ||
        OptionalSize <
            OPTIONAL_HEADER_FIXED + Directories * sizeof(IMAGE_DATA_DIRECTORY))
        return NULL;
    /* Offset is below 256 MiB (RtlImageNtHeaderEx) and the optional
     * header at most 64 KiB: no wrap. */
    HeadersEnd =
        Offset + FIELD_OFFSET(IMAGE_NT_HEADERS, OptionalHeader) + OptionalSize;
    if (!RtlpRangeInside(HeadersEnd,
                         NtHeaders->FileHeader.NumberOfSections *
                             (ULONG)sizeof(IMAGE_SECTION_HEADER),
                         ImageSize))
        return NULL;
    if (NtHeaders->OptionalHeader.SizeOfImage > ImageSize)
        return NULL;
    return NtHeaders;
}

NTSTATUS RtlpImageDirectoryEntry(PVOID Image, ULONG ImageSize, USHORT Entry,
                                 PVOID *Data, PULONG Size)
{
    PIMAGE_NT_HEADERS NtHeaders = RtlpImageNtHeaderInImage(Image, ImageSize);
    const IMAGE_DATA_DIRECTORY *Directory;

    if (NtHeaders == NULL)
        return STATUS_INVALID_IMAGE_FORMAT;
    *Data = NULL;
    *Size = 0;
    if (Entry >= NtHeaders->OptionalHeader.NumberOfRvaAndSizes)
        return STATUS_SUCCESS;
    Directory = &NtHeaders->OptionalHeader.DataDirectory[Entry];
    if (Directory->VirtualAddress == 0 || Directory->Size == 0)
        return STATUS_SUCCESS;
    if (!RtlpRangeInside(Directory->VirtualAddress, Directory->Size,
                         ImageSize) ||
        Directory->VirtualAddress % sizeof(ULONG) != 0)
        return STATUS_INVALID_IMAGE_FORMAT;
    *Data = (PUCHAR)Image + Directory->VirtualAddress;
    *Size = Directory->Size;
    return STATUS_SUCCESS;
}

PCSTR RtlpImageString(PVOID Image, ULONG ImageSize, ULONG Rva)
{
    const CHAR *String = (const CHAR *)Image + Rva;
    ULONG Index;

    if (Rva >= ImageSize)
        return NULL;
    for (Index = 0; Index < ImageSize - Rva; Index++) {
        if (String[Index] == '\0')
            return String;
    }
    return NULL;
}
