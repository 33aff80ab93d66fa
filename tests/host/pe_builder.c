/* Builds the valid test images pe_builder.h describes. */
#include <stdlib.h>
#include <string.h>

#include "pe_builder.h"

typedef struct _SECTION_SPEC {
    const char *Name;
    ULONG Rva, VirtualSize, RawSize, RawOffset, Characteristics;
} SECTION_SPEC;

static const SECTION_SPEC full_sections[] = {
    {".text", PE_TEXT, 0x180, 0x200, 0x200,
     IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ},
    {".data", PE_DATA, 0x10, 0x200, 0x400,
     IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE},
    {".rdata", PE_RDATA, 0x600, 0x600, 0x600,
     IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ},
    {".reloc", PE_RELOC, PE_RELOC_SIZE, 0x200, 0xC00,
     IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ |
         IMAGE_SCN_MEM_DISCARDABLE},
    {".bss", PE_BSS, 0x100, 0, 0,
     IMAGE_SCN_CNT_UNINITIALIZED_DATA | IMAGE_SCN_MEM_READ |
         IMAGE_SCN_MEM_WRITE},
};

static const SECTION_SPEC small_sections[] = {
    {".text", 0x200, 0x100, 0x200, 0x200,
     IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ},
};

void PePut32(PUCHAR Base, ULONG Offset, ULONG Value)
{
    memcpy(Base + Offset, &Value, sizeof(Value));
}

void PePut16(PUCHAR Base, ULONG Offset, USHORT Value)
{
    memcpy(Base + Offset, &Value, sizeof(Value));
}

ULONG PeGet32(const UCHAR *Base, ULONG Offset)
{
    ULONG Value;

    memcpy(&Value, Base + Offset, sizeof(Value));
    return Value;
}

USHORT PeGet16(const UCHAR *Base, ULONG Offset)
{
    USHORT Value;

    memcpy(&Value, Base + Offset, sizeof(Value));
    return Value;
}

PIMAGE_NT_HEADERS PeNtHeaders(PUCHAR Base)
{
    return (PIMAGE_NT_HEADERS)(Base + PE_LFANEW);
}

PIMAGE_SECTION_HEADER PeSection(PUCHAR Base, ULONG Index)
{
    return IMAGE_FIRST_SECTION(PeNtHeaders(Base)) + Index;
}

static void put_string(PUCHAR Layout, ULONG Rva, const char *String)
{
    memcpy(Layout + Rva, String, strlen(String) + 1);
}

static void set_directory(PIMAGE_NT_HEADERS Nt, ULONG Index, ULONG Rva,
                          ULONG Size)
{
    Nt->OptionalHeader.DataDirectory[Index].VirtualAddress = Rva;
    Nt->OptionalHeader.DataDirectory[Index].Size = Size;
}

/* Code and data with absolute addresses, and the blocks that fix them. */
static void add_relocations(PUCHAR Layout, PIMAGE_NT_HEADERS Nt)
{
    ULONG Adjusted = PE_FIX_HIGHADJ_VALUE + 0x8000;

    PePut32(Layout, PE_FIX_HIGHLOW, PE_BASE + PE_DATA);
    PePut16(Layout, PE_FIX_HIGH, (USHORT)(PE_FIX_HIGH_VALUE >> 16));
    PePut16(Layout, PE_FIX_LOW, (USHORT)PE_FIX_LOW_VALUE);
    PePut16(Layout, PE_FIX_HIGHADJ, (USHORT)(Adjusted >> 16));
    PePut32(Layout, PE_FIX_DATA, PE_BASE + PE_TEXT);

    PePut32(Layout, PE_RELOC, PE_TEXT);
    PePut32(Layout, PE_RELOC + 4, 20);
    PePut16(Layout, PE_RELOC + 8, (IMAGE_REL_BASED_HIGHLOW << 12) | 0x10);
    PePut16(Layout, PE_RELOC + 10, (IMAGE_REL_BASED_HIGH << 12) | 0x20);
    PePut16(Layout, PE_RELOC + 12, (IMAGE_REL_BASED_LOW << 12) | 0x30);
    PePut16(Layout, PE_RELOC + 14, (IMAGE_REL_BASED_HIGHADJ << 12) | 0x40);
    PePut16(Layout, PE_RELOC + 16, (USHORT)PE_FIX_HIGHADJ_VALUE);
    PePut16(Layout, PE_RELOC + 18, IMAGE_REL_BASED_ABSOLUTE << 12);
    PePut32(Layout, PE_RELOC_BLOCK2, PE_DATA);
    PePut32(Layout, PE_RELOC_BLOCK2 + 4, 12);
    PePut16(Layout, PE_RELOC_BLOCK2 + 8,
            (IMAGE_REL_BASED_HIGHLOW << 12) | (PE_FIX_DATA - PE_DATA));
    PePut16(Layout, PE_RELOC_BLOCK2 + 10, IMAGE_REL_BASED_ABSOLUTE << 12);
    set_directory(Nt, IMAGE_DIRECTORY_ENTRY_BASERELOC, PE_RELOC, PE_RELOC_SIZE);
}

static void add_imports(PUCHAR Layout, PIMAGE_NT_HEADERS Nt)
{
    ULONG Ntdll = PE_IMPORTS, Kernel32 = PE_IMPORTS + 20;

    PePut32(Layout, Ntdll, PE_NTDLL_INT); /* OriginalFirstThunk */
    PePut32(Layout, Ntdll + 12, PE_RDATA + 0x100);
    PePut32(Layout, Ntdll + 16, PE_NTDLL_IAT);
    PePut32(Layout, Kernel32 + 12, PE_RDATA + 0x110);
    PePut32(Layout, Kernel32 + 16, PE_KERNEL32_IAT); /* no lookup table */
    put_string(Layout, PE_RDATA + 0x100, "ntdll.dll");
    put_string(Layout, PE_RDATA + 0x110, "kernel32.dll");
    PePut16(Layout, PE_RDATA + 0x300, 5);
    put_string(Layout, PE_RDATA + 0x302, "NtClose");
    put_string(Layout, PE_RDATA + 0x322, "ExitProcess");
    PePut32(Layout, PE_NTDLL_INT, PE_RDATA + 0x300);
    PePut32(Layout, PE_NTDLL_INT + 4, IMAGE_ORDINAL_FLAG32 | 7);
    PePut32(Layout, PE_NTDLL_IAT, PE_RDATA + 0x300);
    PePut32(Layout, PE_NTDLL_IAT + 4, IMAGE_ORDINAL_FLAG32 | 7);
    PePut32(Layout, PE_KERNEL32_IAT, PE_RDATA + 0x320);
    set_directory(Nt, IMAGE_DIRECTORY_ENTRY_IMPORT, PE_IMPORTS, 60);
    set_directory(Nt, IMAGE_DIRECTORY_ENTRY_IAT, PE_NTDLL_IAT, 0x28);
}

static void add_exports(PUCHAR Layout, PIMAGE_NT_HEADERS Nt)
{
    IMAGE_EXPORT_DIRECTORY Directory = {
        .Name = PE_EXPORTS + 0x30,
        .Base = 5,
        .NumberOfFunctions = 4,
        .NumberOfNames = 3,
        .AddressOfFunctions = PE_EXPORT_FUNCTIONS,
        .AddressOfNames = PE_EXPORT_NAMES,
        .AddressOfNameOrdinals = PE_EXPORT_ORDINALS,
    };

    memcpy(Layout + PE_EXPORTS, &Directory, sizeof(Directory));
    put_string(Layout, PE_EXPORTS + 0x30, "test.dll");
    PePut32(Layout, PE_EXPORT_FUNCTIONS, PE_TEXT);             /* 5 */
    PePut32(Layout, PE_EXPORT_FUNCTIONS + 8, PE_TEXT + 0x100); /* 7 */
    PePut32(Layout, PE_EXPORT_FUNCTIONS + 12, PE_FORWARDER);   /* 8 */
    PePut32(Layout, PE_EXPORT_NAMES, PE_EXPORTS + 0x80);
    PePut32(Layout, PE_EXPORT_NAMES + 4, PE_EXPORTS + 0x88);
    PePut32(Layout, PE_EXPORT_NAMES + 8, PE_EXPORTS + 0x90);
    PePut16(Layout, PE_EXPORT_ORDINALS, 0);
    PePut16(Layout, PE_EXPORT_ORDINALS + 2, 2);
    PePut16(Layout, PE_EXPORT_ORDINALS + 4, 3);
    put_string(Layout, PE_EXPORTS + 0x80, "Alpha");
    put_string(Layout, PE_EXPORTS + 0x88, "Beta");
    put_string(Layout, PE_EXPORTS + 0x90, "Forward");
    put_string(Layout, PE_FORWARDER, "ntdll.NtClose");
    set_directory(Nt, IMAGE_DIRECTORY_ENTRY_EXPORT, PE_EXPORTS,
                  PE_EXPORTS_SIZE);
}

static void write_headers(PUCHAR Layout, const PE_OPTIONS *Options,
                          const SECTION_SPEC *Sections, ULONG Count)
{
    PIMAGE_DOS_HEADER Dos = (PIMAGE_DOS_HEADER)Layout;
    PIMAGE_NT_HEADERS Nt = PeNtHeaders(Layout);
    IMAGE_OPTIONAL_HEADER32 *Optional = &Nt->OptionalHeader;
    ULONG Index;

    Dos->e_magic = IMAGE_DOS_SIGNATURE;
    Dos->e_lfanew = PE_LFANEW;
    Nt->Signature = IMAGE_NT_SIGNATURE;
    Nt->FileHeader.Machine = IMAGE_FILE_MACHINE_I386;
    Nt->FileHeader.NumberOfSections = (USHORT)Count;
    Nt->FileHeader.SizeOfOptionalHeader = sizeof(IMAGE_OPTIONAL_HEADER32);
    Nt->FileHeader.Characteristics = IMAGE_FILE_EXECUTABLE_IMAGE |
                                     IMAGE_FILE_32BIT_MACHINE |
                                     (Options->Dll ? IMAGE_FILE_DLL : 0);
    Optional->Magic = IMAGE_NT_OPTIONAL_HDR32_MAGIC;
    Optional->AddressOfEntryPoint = Options->Dll ? 0 : Sections[0].Rva;
    Optional->ImageBase = PE_BASE;
    Optional->SectionAlignment = Options->Small ? 0x200 : 0x1000;
    Optional->FileAlignment = 0x200;
    Optional->SizeOfImage = Options->Small ? 0x400 : PE_IMAGE_SIZE;
    Optional->SizeOfHeaders = 0x200;
    Optional->Subsystem = IMAGE_SUBSYSTEM_WINDOWS_CUI;
    Optional->NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
    for (Index = 0; Index < Count; Index++) {
        PIMAGE_SECTION_HEADER Section = PeSection(Layout, Index);

        memcpy(Section->Name, Sections[Index].Name,
               strlen(Sections[Index].Name));
        Section->Misc.VirtualSize = Sections[Index].VirtualSize;
        Section->VirtualAddress = Sections[Index].Rva;
        Section->SizeOfRawData = Sections[Index].RawSize;
        Section->PointerToRawData = Sections[Index].RawOffset;
        Section->Characteristics = Sections[Index].Characteristics;
    }
}

void PeBuild(PE_IMAGE *Image, const PE_OPTIONS *Options)
{
    const SECTION_SPEC *Sections =
        Options->Small ? small_sections : full_sections;
    ULONG Count = Options->Small ? 1 : ARRAYSIZE(full_sections);
    PIMAGE_NT_HEADERS Nt;
    ULONG Index;

    memset(Image, 0, sizeof(*Image));
    write_headers(Image->Layout, Options, Sections, Count);
    Nt = PeNtHeaders(Image->Layout);
    Image->ImageSize = Nt->OptionalHeader.SizeOfImage;
    memset(Image->Layout + Sections[0].Rva, 0x90, Sections[0].VirtualSize);
    if (!Options->Small) {
        if (Options->Relocations)
            add_relocations(Image->Layout, Nt);
        else
            Nt->FileHeader.Characteristics |= IMAGE_FILE_RELOCS_STRIPPED;
        if (Options->Imports)
            add_imports(Image->Layout, Nt);
        if (Options->Exports)
            add_exports(Image->Layout, Nt);
    }

    /* The file: the headers, then each section's bytes at its offset. */
    memcpy(Image->File, Image->Layout, Nt->OptionalHeader.SizeOfHeaders);
    Image->FileSize = Nt->OptionalHeader.SizeOfHeaders;
    for (Index = 0; Index < Count; Index++) {
        const SECTION_SPEC *Spec = &Sections[Index];

        memcpy(Image->File + Spec->RawOffset, Image->Layout + Spec->Rva,
               Spec->RawSize);
        if (Spec->RawSize != 0)
            Image->FileSize = Spec->RawOffset + Spec->RawSize;
    }
    /* File padding past .text's virtual size, which must not be copied. */
    memset(Image->File + Sections[0].RawOffset + Sections[0].VirtualSize, 0xCC,
           Sections[0].RawSize - Sections[0].VirtualSize);
}

/* The one laid-out image a test holds, freed by the next PeMap or by
 * PeUnmap, so that a test that fails half-way leaks nothing (a leak
 * report would end the program before its FAIL line is printed). */
static PUCHAR mapped_now;

void PeUnmap(void)
{
    free(mapped_now);
    mapped_now = NULL;
}

PUCHAR PeMap(const PE_IMAGE *Image)
{
    PeUnmap();
    mapped_now = calloc(1, Image->ImageSize);
    if (RtlpCopyImageFile(Image->File, Image->FileSize, mapped_now,
                          Image->ImageSize) != STATUS_SUCCESS)
        PeUnmap();
    return mapped_now;
}
