/*
 * NT's Rtl routines over a PE image in memory: the NT headers, data
 * directories, and RVAs in the file layout. They trust the image as NT's
 * do (the header says how big things are); untrusted files go through
 * RtlpVerifyImageFile first (image_check.c), and the loader's bounded
 * variants are in image_bounds.c.
 */
#include "ntimage.h"
#include "ntstatus.h"

/* NT refuses an e_lfanew this large before adding it to anything, so
 * Base + e_lfanew + a header cannot wrap. */
#define MAX_NT_HEADER_OFFSET (256UL * 1024 * 1024)

/* Bytes from the image's start through the NT headers' file header. */
#define SIZE_THROUGH_FILE_HEADER                                               \
    (FIELD_OFFSET(IMAGE_NT_HEADERS, FileHeader) + sizeof(IMAGE_FILE_HEADER))

NTSTATUS NTAPI RtlImageNtHeaderEx(ULONG Flags, PVOID Base, ULONGLONG Size,
                                  PIMAGE_NT_HEADERS *OutHeaders)
{
    const IMAGE_DOS_HEADER *DosHeader = Base;
    PIMAGE_NT_HEADERS NtHeaders;
    BOOLEAN RangeCheck = !(Flags & RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK);
    ULONG Offset;

    if (OutHeaders == NULL)
        return STATUS_INVALID_PARAMETER;
    *OutHeaders = NULL;
    if (Flags & ~RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK)
        return STATUS_INVALID_PARAMETER;
    if (Base == NULL || Base == (PVOID)-1)
        return STATUS_INVALID_PARAMETER;

    if (RangeCheck && Size < sizeof(IMAGE_DOS_HEADER))
        return STATUS_INVALID_IMAGE_FORMAT;
    if (DosHeader->e_magic != IMAGE_DOS_SIGNATURE)
        return STATUS_INVALID_IMAGE_FORMAT;
    /* As an unsigned number: a negative e_lfanew is huge and refused. */
    Offset = (ULONG)DosHeader->e_lfanew;
    if (Offset >= MAX_NT_HEADER_OFFSET)
        return STATUS_INVALID_IMAGE_FORMAT;
    /* NT's own test: the headers must end before Size, not at it. */
    if (RangeCheck && Offset + SIZE_THROUGH_FILE_HEADER >= Size)
        return STATUS_INVALID_IMAGE_FORMAT;

    NtHeaders = (PIMAGE_NT_HEADERS)((PUCHAR)Base + Offset);
    if (NtHeaders->Signature != IMAGE_NT_SIGNATURE)
        return STATUS_INVALID_IMAGE_FORMAT;
    *OutHeaders = NtHeaders;
    return STATUS_SUCCESS;
}

PIMAGE_NT_HEADERS NTAPI RtlImageNtHeader(PVOID Base)
{
    PIMAGE_NT_HEADERS NtHeaders = NULL;

    RtlImageNtHeaderEx(RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK, Base, 0,
                       &NtHeaders);
    return NtHeaders;
}

PIMAGE_SECTION_HEADER NTAPI RtlImageRvaToSection(PIMAGE_NT_HEADERS NtHeaders,
                                                 PVOID Base, ULONG Rva)
{
    PIMAGE_SECTION_HEADER Section = IMAGE_FIRST_SECTION(NtHeaders);
    ULONG Index;

    UNREFERENCED_PARAMETER(Base);
    /* NT looks at the raw data, not the virtual size: only bytes the file
     * holds have somewhere to be in it. */
    for (Index = 0; Index < NtHeaders->FileHeader.NumberOfSections;
         Index++, Section++) {
        if (Rva >= Section->VirtualAddress &&
            Rva - Section->VirtualAddress < Section->SizeOfRawData)
            return Section;
    }
    return NULL;
}

PVOID NTAPI RtlImageRvaToVa(PIMAGE_NT_HEADERS NtHeaders, PVOID Base, ULONG Rva,
                            PIMAGE_SECTION_HEADER *LastRvaSection)
{
    PIMAGE_SECTION_HEADER Section =
        LastRvaSection != NULL ? *LastRvaSection : NULL;

    if (Section == NULL || Rva < Section->VirtualAddress ||
        Rva - Section->VirtualAddress >= Section->SizeOfRawData) {
        Section = RtlImageRvaToSection(NtHeaders, Base, Rva);
        if (Section == NULL)
            return NULL;
        if (LastRvaSection != NULL)
            *LastRvaSection = Section;
    }
    return (PUCHAR)Base + Section->PointerToRawData +
           (Rva - Section->VirtualAddress);
}

PVOID NTAPI RtlImageDirectoryEntryToData(PVOID Base, BOOLEAN MappedAsImage,
                                         USHORT DirectoryEntry, PULONG Size)
{
    PIMAGE_NT_HEADERS NtHeaders;
    const IMAGE_DATA_DIRECTORY *Directory;

    /* NT's convention: a file (not an image) may be passed with bit 0 of
     * its address set. */
    if ((ULONG_PTR)Base & 1) {
        Base = (PVOID)((ULONG_PTR)Base & ~(ULONG_PTR)1);
        MappedAsImage = FALSE;
    }
    NtHeaders = RtlImageNtHeader(Base);
    if (NtHeaders == NULL ||
        NtHeaders->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR32_MAGIC)
        return NULL;
    if (DirectoryEntry >= NtHeaders->OptionalHeader.NumberOfRvaAndSizes ||
        DirectoryEntry >= IMAGE_NUMBEROF_DIRECTORY_ENTRIES)
        return NULL;
    Directory = &NtHeaders->OptionalHeader.DataDirectory[DirectoryEntry];
    if (Directory->VirtualAddress == 0)
        return NULL;
    *Size = Directory->Size;
    /* The headers are at the same offset in the file and the image. */
    if (MappedAsImage ||
        Directory->VirtualAddress < NtHeaders->OptionalHeader.SizeOfHeaders)
        return (PUCHAR)Base + Directory->VirtualAddress;
    return RtlImageRvaToVa(NtHeaders, Base, Directory->VirtualAddress, NULL);
}
