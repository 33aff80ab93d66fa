/*
 * The PE image layer built as the kernel builds it (i386, stdcall, 32-bit
 * pointers), on a small DLL made here: checked, laid out, relocated
 * through NT's LdrRelocateImageWithBias, its export found by NT's
 * RtlFindExportedRoutineByName. The rules themselves are tested on the
 * host (tests/host/test_pe_image.c).
 */
#include "kernel/image.h"
#include "kernel/ktest.h"
#include "ntrtl.h"

#define DLL_BASE 0x00400000UL
#define DLL_IMAGE_SIZE 0x4000UL
#define DLL_FILE_SIZE 0x800UL
#define DLL_POINTER 0x1004UL /* in .text: DLL_BASE + the export table */

static __attribute__((aligned(4))) UCHAR dll_file[DLL_FILE_SIZE];
static __attribute__((aligned(4))) UCHAR dll_image[DLL_IMAGE_SIZE];

static void put_ulong(ULONG Offset, ULONG Value)
{
    RtlCopyMemory(dll_file + Offset, &Value, sizeof(Value));
}

static void add_section(ULONG Index, ULONG Rva, ULONG Size, ULONG Raw)
{
    PIMAGE_SECTION_HEADER Section =
        IMAGE_FIRST_SECTION((PIMAGE_NT_HEADERS)(dll_file + 0x40)) + Index;

    Section->Misc.VirtualSize = Size;
    Section->VirtualAddress = Rva;
    Section->SizeOfRawData = 0x200;
    Section->PointerToRawData = Raw;
    Section->Characteristics = IMAGE_SCN_MEM_READ;
}

/* .text at 0x1000 (one absolute pointer), the export table at 0x2000
 * ("Entry", ordinal 1, at 0x1000), one relocation block at 0x3000. */
static void build_dll(void)
{
    PIMAGE_NT_HEADERS Nt = (PIMAGE_NT_HEADERS)(dll_file + 0x40);
    IMAGE_OPTIONAL_HEADER32 *Optional = &Nt->OptionalHeader;
    PIMAGE_EXPORT_DIRECTORY Exports =
        (PIMAGE_EXPORT_DIRECTORY)(dll_file + 0x400);

    RtlZeroMemory(dll_file, sizeof(dll_file));
    ((PIMAGE_DOS_HEADER)dll_file)->e_magic = IMAGE_DOS_SIGNATURE;
    ((PIMAGE_DOS_HEADER)dll_file)->e_lfanew = 0x40;
    Nt->Signature = IMAGE_NT_SIGNATURE;
    Nt->FileHeader.Machine = IMAGE_FILE_MACHINE_I386;
    Nt->FileHeader.NumberOfSections = 3;
    Nt->FileHeader.SizeOfOptionalHeader = sizeof(*Optional);
    Nt->FileHeader.Characteristics =
        IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_DLL;
    Optional->Magic = IMAGE_NT_OPTIONAL_HDR32_MAGIC;
    Optional->ImageBase = DLL_BASE;
    Optional->SectionAlignment = 0x1000;
    Optional->FileAlignment = 0x200;
    Optional->SizeOfImage = DLL_IMAGE_SIZE;
    Optional->SizeOfHeaders = 0x200;
    Optional->NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
    Optional->DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].VirtualAddress =
        0x2000;
    Optional->DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].Size = 0x40;
    Optional->DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC].VirtualAddress =
        0x3000;
    Optional->DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC].Size = 12;
    add_section(0, 0x1000, 0x10, 0x200);
    add_section(1, 0x2000, 0x40, 0x400);
    add_section(2, 0x3000, 12, 0x600);

    put_ulong(0x200 + (DLL_POINTER - 0x1000), DLL_BASE + 0x2000);
    Exports->Base = 1;
    Exports->NumberOfFunctions = 1;
    Exports->NumberOfNames = 1;
    Exports->AddressOfFunctions = 0x2028;
    Exports->AddressOfNames = 0x202C;
    Exports->AddressOfNameOrdinals = 0x2030;
    put_ulong(0x428, 0x1000);
    put_ulong(0x42C, 0x2034);
    RtlCopyMemory(dll_file + 0x434, "Entry", 6);
    put_ulong(0x600, 0x1000);
    put_ulong(0x604, 12);
    put_ulong(0x608, (IMAGE_REL_BASED_HIGHLOW << 12) | 4);
}

KTEST(pe_image_checked_laid_out_relocated_and_exported)
{
    ULONG Target = 0x10000000, Value;
    LONGLONG Bias;

    build_dll();
    KT_ASSERT_EQ(RtlpVerifyImageFile(dll_file, DLL_FILE_SIZE - 4, NULL),
                 STATUS_INVALID_IMAGE_FORMAT); /* .reloc cut short */
    RtlZeroMemory(dll_image, sizeof(dll_image));
    KT_ASSERT_EQ(
        RtlpCopyImageFile(dll_file, DLL_FILE_SIZE, dll_image, DLL_IMAGE_SIZE),
        STATUS_SUCCESS);
    KT_ASSERT(RtlImageNtHeader(dll_image) ==
              (PIMAGE_NT_HEADERS)(dll_image + 0x40));

    /* Laid out here, to run at Target. */
    Bias = (LONGLONG)Target - (LONGLONG)(ULONG_PTR)dll_image;
    KT_ASSERT_EQ(LdrRelocateImageWithBias(
                     dll_image, Bias, "ktest", STATUS_SUCCESS,
                     STATUS_CONFLICTING_ADDRESSES, STATUS_INVALID_IMAGE_FORMAT),
                 STATUS_SUCCESS);
    RtlCopyMemory(&Value, dll_image + DLL_POINTER, sizeof(Value));
    KT_ASSERT_EQ(Value, Target + 0x2000);
    KT_ASSERT_EQ(RtlImageNtHeader(dll_image)->OptionalHeader.ImageBase, Target);

    KT_ASSERT(RtlFindExportedRoutineByName(dll_image, "Entry") ==
              dll_image + 0x1000);
    KT_ASSERT(RtlFindExportedRoutineByName(dll_image, "Exit") == NULL);
}
