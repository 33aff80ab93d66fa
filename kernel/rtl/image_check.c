/*
 * The strict check of an untrusted PE file (a program or driver read from
 * a boot module) before anything is laid out from it, and the copy into
 * the image layout that follows. The rules are NT's memory manager's
 * where it has them (MiCreateImageFileMap: contiguous sections, 64 KiB
 * aligned base, the alignment rules of the PE specification), plus what
 * keeps every later read of the image a read of aligned structures inside
 * it. All arithmetic is on 32-bit values checked before they could wrap.
 */
#include "kernel/image.h"
#include "ntrtl.h"

#define IMAGE_BASE_ALIGNMENT 0x10000UL
#define MIN_FILE_ALIGNMENT 0x200UL
#define MAX_FILE_ALIGNMENT 0x10000UL

/* The directories the loader parses, and the least each must hold. */
static const ULONG parsed_directory_size[IMAGE_NUMBEROF_DIRECTORY_ENTRIES] = {
    [IMAGE_DIRECTORY_ENTRY_EXPORT] = sizeof(IMAGE_EXPORT_DIRECTORY),
    [IMAGE_DIRECTORY_ENTRY_IMPORT] = sizeof(IMAGE_IMPORT_DESCRIPTOR),
    [IMAGE_DIRECTORY_ENTRY_BASERELOC] = sizeof(IMAGE_BASE_RELOCATION),
    [IMAGE_DIRECTORY_ENTRY_TLS] = sizeof(IMAGE_TLS_DIRECTORY32),
};

static BOOLEAN is_power_of_two(ULONG Value)
{
    return Value != 0 && (Value & (Value - 1)) == 0;
}

/* Value rounded up to Alignment (a power of two); FALSE if that wraps. */
static BOOLEAN align_up(ULONG Value, ULONG Alignment, PULONG Result)
{
    ULONG Rounded = (Value + (Alignment - 1)) & ~(Alignment - 1);

    if (Rounded < Value)
        return FALSE;
    *Result = Rounded;
    return TRUE;
}

/* A section's size in memory: VirtualSize, or the raw size when a linker
 * left VirtualSize 0 (as NT reads it). */
static ULONG section_virtual_size(const IMAGE_SECTION_HEADER *Section)
{
    return Section->Misc.VirtualSize != 0 ? Section->Misc.VirtualSize
                                          : Section->SizeOfRawData;
}

/* FileAlignment 512 to 64 KiB; SectionAlignment at least a page and at
 * least FileAlignment, or below a page and then equal to FileAlignment
 * (the small-alignment case, where the file is mapped as it is). */
static BOOLEAN alignments_valid(const IMAGE_OPTIONAL_HEADER32 *Optional)
{
    ULONG File = Optional->FileAlignment;
    ULONG Section = Optional->SectionAlignment;

    if (!is_power_of_two(File) || !is_power_of_two(Section))
        return FALSE;
    if (File < MIN_FILE_ALIGNMENT || File > MAX_FILE_ALIGNMENT)
        return FALSE;
    if (Section < RTLP_IMAGE_PAGE_SIZE)
        return Section == File;
    return Section >= File;
}

/* DOS header, NT signature and file header, optional header and section
 * table placement. */
static PIMAGE_NT_HEADERS check_headers(PCVOID File, ULONG FileSize)
{
    const IMAGE_DOS_HEADER *DosHeader = File;
    PIMAGE_NT_HEADERS NtHeaders;
    const IMAGE_OPTIONAL_HEADER32 *Optional;
    ULONG Offset, OptionalSize, TableEnd;

    if (FileSize < sizeof(IMAGE_DOS_HEADER) ||
        DosHeader->e_magic != IMAGE_DOS_SIGNATURE)
        return NULL;
    /* After the DOS header, aligned, and the fixed headers in the file. */
    Offset = (ULONG)DosHeader->e_lfanew;
    if (Offset < sizeof(IMAGE_DOS_HEADER) || Offset % sizeof(ULONG) != 0 ||
        !RtlpRangeInside(
            Offset,
            FIELD_OFFSET(IMAGE_NT_HEADERS, OptionalHeader) +
                FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory),
            FileSize))
        return NULL;
    if (!NT_SUCCESS(RtlImageNtHeaderEx(0, (PVOID)File, FileSize, &NtHeaders)))
        return NULL;
    Optional = &NtHeaders->OptionalHeader;
    if (NtHeaders->FileHeader.Machine != IMAGE_FILE_MACHINE_I386 ||
        !(NtHeaders->FileHeader.Characteristics &
          IMAGE_FILE_EXECUTABLE_IMAGE) ||
        Optional->Magic != IMAGE_NT_OPTIONAL_HDR32_MAGIC)
        return NULL;
    if (NtHeaders->FileHeader.NumberOfSections == 0 ||
        NtHeaders->FileHeader.NumberOfSections > RTLP_IMAGE_MAX_SECTIONS)
        return NULL;
    /* The optional header holds its directories, and keeps the section
     * table after it aligned. */
    OptionalSize = NtHeaders->FileHeader.SizeOfOptionalHeader;
    if (Optional->NumberOfRvaAndSizes > IMAGE_NUMBEROF_DIRECTORY_ENTRIES ||
        OptionalSize % sizeof(ULONG) != 0 ||
        OptionalSize <
            FIELD_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory) +
                Optional->NumberOfRvaAndSizes * sizeof(IMAGE_DATA_DIRECTORY))
        return NULL;
    /* Offset < 256 MiB, the rest < 64 KiB + 96 * 40: no wrap. SizeOfHeaders
     * covers the section table and lies in the file. */
    TableEnd = Offset + FIELD_OFFSET(IMAGE_NT_HEADERS, OptionalHeader) +
               OptionalSize +
               NtHeaders->FileHeader.NumberOfSections *
                   (ULONG)sizeof(IMAGE_SECTION_HEADER);
    if (TableEnd > Optional->SizeOfHeaders ||
        Optional->SizeOfHeaders > FileSize)
        return NULL;
    if (!alignments_valid(Optional))
        return NULL;
    if (Optional->ImageBase % IMAGE_BASE_ALIGNMENT != 0 ||
        (ULONGLONG)Optional->ImageBase + Optional->SizeOfImage > 0x100000000ULL)
        return NULL;
    return NtHeaders;
}

/* One section: where NT's rules put it, its raw data in the file. */
static BOOLEAN check_section(const IMAGE_SECTION_HEADER *Section,
                             const IMAGE_OPTIONAL_HEADER32 *Optional,
                             ULONG FileSize, ULONG ExpectedAddress)
{
    ULONG VirtualSize = section_virtual_size(Section);

    /* Contiguous and ascending: each starts where the last one's aligned
     * end is (the first after the aligned headers), so none overlap. */
    if (Section->VirtualAddress != ExpectedAddress || VirtualSize == 0)
        return FALSE;
    if (Section->SizeOfRawData == 0)
        return TRUE; /* all zeros: nothing in the file */
    if (Section->PointerToRawData % Optional->FileAlignment != 0 ||
        Section->PointerToRawData < Optional->SizeOfHeaders ||
        !RtlpRangeInside(Section->PointerToRawData, Section->SizeOfRawData,
                         FileSize))
        return FALSE;
    /* Small alignment: the file is the image, offset for offset. */
    if (Optional->SectionAlignment < RTLP_IMAGE_PAGE_SIZE &&
        Section->PointerToRawData != Section->VirtualAddress)
        return FALSE;
    return TRUE;
}

/* The section table, and SizeOfImage as the end of the last section. */
static BOOLEAN check_sections(PIMAGE_NT_HEADERS NtHeaders, ULONG FileSize)
{
    const IMAGE_OPTIONAL_HEADER32 *Optional = &NtHeaders->OptionalHeader;
    const IMAGE_SECTION_HEADER *Section = IMAGE_FIRST_SECTION(NtHeaders);
    ULONG Alignment = Optional->SectionAlignment;
    ULONG Index, Next, End;

    if (!align_up(Optional->SizeOfHeaders, Alignment, &Next))
        return FALSE;
    for (Index = 0; Index < NtHeaders->FileHeader.NumberOfSections;
         Index++, Section++) {
        if (!check_section(Section, Optional, FileSize, Next))
            return FALSE;
        End = Section->VirtualAddress + section_virtual_size(Section);
        if (End < Section->VirtualAddress || !align_up(End, Alignment, &Next))
            return FALSE;
    }
    return Optional->SizeOfImage == Next;
}

/* Every directory with an RVA lies in the image; those the loader parses
 * are aligned and big enough for their header. */
static BOOLEAN check_directories(const IMAGE_OPTIONAL_HEADER32 *Optional)
{
    ULONG Index;

    for (Index = 0; Index < Optional->NumberOfRvaAndSizes; Index++) {
        const IMAGE_DATA_DIRECTORY *Directory = &Optional->DataDirectory[Index];

        /* The certificate table is a file offset the loader never uses. */
        if (Index == IMAGE_DIRECTORY_ENTRY_SECURITY ||
            Directory->VirtualAddress == 0)
            continue;
        if (!RtlpRangeInside(Directory->VirtualAddress, Directory->Size,
                             Optional->SizeOfImage))
            return FALSE;
        if (parsed_directory_size[Index] != 0 &&
            (Directory->VirtualAddress % sizeof(ULONG) != 0 ||
             Directory->Size < parsed_directory_size[Index]))
            return FALSE;
    }
    return TRUE;
}

/* The entry point is in a section's memory; only a DLL may have none. */
static BOOLEAN check_entry_point(PIMAGE_NT_HEADERS NtHeaders)
{
    const IMAGE_SECTION_HEADER *Section = IMAGE_FIRST_SECTION(NtHeaders);
    ULONG Entry = NtHeaders->OptionalHeader.AddressOfEntryPoint;
    ULONG Index;

    if (Entry == 0)
        return (NtHeaders->FileHeader.Characteristics & IMAGE_FILE_DLL) != 0;
    for (Index = 0; Index < NtHeaders->FileHeader.NumberOfSections;
         Index++, Section++) {
        if (Entry >= Section->VirtualAddress &&
            Entry - Section->VirtualAddress < section_virtual_size(Section))
            return TRUE;
    }
    return FALSE;
}

NTSTATUS RtlpVerifyImageFile(PCVOID File, ULONG FileSize,
                             PIMAGE_NT_HEADERS *NtHeaders)
{
    PIMAGE_NT_HEADERS Headers;

    if (File == NULL)
        return STATUS_INVALID_PARAMETER;
    Headers = check_headers(File, FileSize);
    if (Headers == NULL || !check_sections(Headers, FileSize) ||
        !check_directories(&Headers->OptionalHeader) ||
        !check_entry_point(Headers))
        return STATUS_INVALID_IMAGE_FORMAT;
    if (NtHeaders != NULL)
        *NtHeaders = Headers;
    return STATUS_SUCCESS;
}

NTSTATUS RtlpCopyImageFile(PCVOID File, ULONG FileSize, PVOID Image,
                           ULONG ImageSize)
{
    PIMAGE_NT_HEADERS NtHeaders;
    const IMAGE_SECTION_HEADER *Section;
    NTSTATUS Status;
    ULONG Index, Length;

    Status = RtlpVerifyImageFile(File, FileSize, &NtHeaders);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Image == NULL)
        return STATUS_INVALID_PARAMETER;
    if (ImageSize < NtHeaders->OptionalHeader.SizeOfImage)
        return STATUS_BUFFER_TOO_SMALL;

    /* Checked above: the headers and each section's bytes lie in the file,
     * and each section's memory in SizeOfImage. */
    RtlCopyMemory(Image, File, NtHeaders->OptionalHeader.SizeOfHeaders);
    Section = IMAGE_FIRST_SECTION(NtHeaders);
    for (Index = 0; Index < NtHeaders->FileHeader.NumberOfSections;
         Index++, Section++) {
        /* Raw bytes past the virtual size are file padding. */
        Length = section_virtual_size(Section);
        if (Length > Section->SizeOfRawData)
            Length = Section->SizeOfRawData;
        RtlCopyMemory((PUCHAR)Image + Section->VirtualAddress,
                      (const UCHAR *)File + Section->PointerToRawData, Length);
    }
    return STATUS_SUCCESS;
}
