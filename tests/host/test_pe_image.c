/*
 * The PE image layer's file side: NT's Rtl routines, the strict file
 * check (one test image per rule, broken by one field) and the copy into
 * the image layout; then the mutation fuzz of the whole layer (pe_fuzz.c).
 * PE_FUZZ_CASES or the first argument sets its case count, HOST_TEST_SEED
 * its seed. Relocation, imports and exports: test_pe_loader.c.
 */
#include "host_test.h"
#include "pe_builder.h"

static PE_IMAGE image;
static const PE_OPTIONS everything = {TRUE, TRUE, TRUE, FALSE, FALSE};
static unsigned long fuzz_cases = 100000;

/*
 * NT's routines.
 */

static void nt_header_ex_statuses_are_nts(void)
{
    PIMAGE_NT_HEADERS Nt = (PIMAGE_NT_HEADERS)1;
    ULONG Through = PE_LFANEW + 24; /* signature and file header */

    PeBuild(&image, &everything);
    CHECK_EQ(RtlImageNtHeaderEx(0, image.File, image.FileSize, NULL),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlImageNtHeaderEx(2, image.File, image.FileSize, &Nt),
             STATUS_INVALID_PARAMETER);
    CHECK(Nt == NULL); /* cleared once OutHeaders is known */
    CHECK_EQ(RtlImageNtHeaderEx(0, NULL, image.FileSize, &Nt),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlImageNtHeaderEx(0, (PVOID)-1, image.FileSize, &Nt),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlImageNtHeaderEx(0, image.File, 63, &Nt),
             STATUS_INVALID_IMAGE_FORMAT);
    /* The headers must end before Size, as NT tests it. */
    CHECK_EQ(RtlImageNtHeaderEx(0, image.File, Through, &Nt),
             STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(RtlImageNtHeaderEx(0, image.File, Through + 1, &Nt),
             STATUS_SUCCESS);
    CHECK(Nt == PeNtHeaders(image.File));
    /* Without the range check a size means nothing. */
    Nt = NULL;
    CHECK_EQ(RtlImageNtHeaderEx(RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK,
                                image.File, 0, &Nt),
             STATUS_SUCCESS);
    CHECK(Nt == PeNtHeaders(image.File));
    CHECK(RtlImageNtHeader(image.File) == PeNtHeaders(image.File));

    PeNtHeaders(image.File)->Signature = 0x454E; /* "NE" */
    CHECK_EQ(RtlImageNtHeaderEx(0, image.File, image.FileSize, &Nt),
             STATUS_INVALID_IMAGE_FORMAT);
    CHECK(Nt == NULL);
    CHECK(RtlImageNtHeader(image.File) == NULL);
    ((PIMAGE_DOS_HEADER)image.File)->e_lfanew = 0x10000000; /* 256 MiB */
    CHECK_EQ(RtlImageNtHeaderEx(RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK,
                                image.File, 0, &Nt),
             STATUS_INVALID_IMAGE_FORMAT);
    ((PIMAGE_DOS_HEADER)image.File)->e_magic = 0x4D5A; /* "ZM" */
    CHECK_EQ(RtlImageNtHeaderEx(0, image.File, image.FileSize, &Nt),
             STATUS_INVALID_IMAGE_FORMAT);
}

static void rva_to_section_and_va_use_raw_data(void)
{
    PIMAGE_NT_HEADERS Nt;
    PIMAGE_SECTION_HEADER Last;

    PeBuild(&image, &everything);
    Nt = PeNtHeaders(image.File);
    CHECK(RtlImageRvaToSection(Nt, image.File, PE_DATA + 8) ==
          PeSection(image.File, 1));
    /* Past .text's virtual size but in its raw data: NT says .text. */
    CHECK(RtlImageRvaToSection(Nt, image.File, PE_TEXT + 0x1F0) ==
          PeSection(image.File, 0));
    CHECK(RtlImageRvaToSection(Nt, image.File, PE_BSS + 8) == NULL);
    CHECK(RtlImageRvaToSection(Nt, image.File, 0x10) == NULL);
    CHECK(RtlImageRvaToVa(Nt, image.File, PE_RDATA + 0x110, NULL) ==
          image.File + 0x600 + 0x110);
    /* A wrong last section is replaced by the right one. */
    Last = PeSection(image.File, 0);
    CHECK(RtlImageRvaToVa(Nt, image.File, PE_RELOC + 4, &Last) ==
          image.File + 0xC00 + 4);
    CHECK(Last == PeSection(image.File, 3));
    CHECK(RtlImageRvaToVa(Nt, image.File, PE_RELOC + 8, &Last) ==
          image.File + 0xC00 + 8);
    CHECK(RtlImageRvaToVa(Nt, image.File, PE_IMAGE_SIZE, &Last) == NULL);
    CHECK(Last == PeSection(image.File, 3));
}

static void directory_entry_in_file_and_image_layouts(void)
{
    PUCHAR Mapped;
    ULONG Size = 0;

    PeBuild(&image, &everything);
    Mapped = PeMap(&image);
    CHECK(Mapped != NULL);
    CHECK(RtlImageDirectoryEntryToData(Mapped, TRUE,
                                       IMAGE_DIRECTORY_ENTRY_EXPORT,
                                       &Size) == Mapped + PE_EXPORTS);
    CHECK_EQ(Size, PE_EXPORTS_SIZE);
    CHECK(RtlImageDirectoryEntryToData(image.File, FALSE,
                                       IMAGE_DIRECTORY_ENTRY_IMPORT,
                                       &Size) == image.File + 0x600);
    CHECK_EQ(Size, 60);
    /* Bit 0 of the base: a file, whatever MappedAsImage says. */
    CHECK(RtlImageDirectoryEntryToData(image.File + 1, TRUE,
                                       IMAGE_DIRECTORY_ENTRY_BASERELOC,
                                       &Size) == image.File + 0xC00);
    Size = 12345;
    CHECK(RtlImageDirectoryEntryToData(Mapped, TRUE, IMAGE_DIRECTORY_ENTRY_TLS,
                                       &Size) == NULL);
    CHECK_EQ(Size, 12345); /* no directory: Size untouched */
    PeNtHeaders(Mapped)->OptionalHeader.NumberOfRvaAndSizes = 1;
    CHECK(RtlImageDirectoryEntryToData(
              Mapped, TRUE, IMAGE_DIRECTORY_ENTRY_IMPORT, &Size) == NULL);
    CHECK(RtlImageDirectoryEntryToData(Mapped, TRUE, 16, &Size) == NULL);
    PeUnmap();
}

/*
 * The file check: each rule, broken by one field.
 */

typedef void (*MUTATION)(PUCHAR File, PIMAGE_NT_HEADERS Nt);
#define MUTATION(Name, Body)                                                   \
    static void Name(PUCHAR File, PIMAGE_NT_HEADERS Nt)                        \
    {                                                                          \
        (void)File;                                                            \
        (void)Nt;                                                              \
        Body;                                                                  \
    }
#define SECTION(Index) PeSection(File, Index)
#define OPT (&Nt->OptionalHeader)
#define DOS ((PIMAGE_DOS_HEADER)File)

MUTATION(no_mz, DOS->e_magic = 0)
MUTATION(lfanew_unaligned, DOS->e_lfanew = PE_LFANEW + 2)
MUTATION(lfanew_in_dos_header, DOS->e_lfanew = 0x3C)
MUTATION(lfanew_past_file, DOS->e_lfanew = PE_FILE_SIZE - 0x40)
MUTATION(lfanew_negative, DOS->e_lfanew = -0x40)
MUTATION(no_pe_signature, Nt->Signature = IMAGE_DOS_SIGNATURE)
MUTATION(machine_amd64, Nt->FileHeader.Machine = IMAGE_FILE_MACHINE_AMD64)
MUTATION(not_executable,
         Nt->FileHeader.Characteristics &= ~IMAGE_FILE_EXECUTABLE_IMAGE)
MUTATION(pe32_plus_magic, OPT->Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC)
MUTATION(no_sections, Nt->FileHeader.NumberOfSections = 0)
MUTATION(too_many_sections, Nt->FileHeader.NumberOfSections = 97)
MUTATION(section_table_past_headers, Nt->FileHeader.NumberOfSections = 6)
MUTATION(optional_header_unaligned, Nt->FileHeader.SizeOfOptionalHeader = 0xE2)
MUTATION(optional_header_too_small_for_directories,
         Nt->FileHeader.SizeOfOptionalHeader = 0xD8)
MUTATION(seventeen_directories, OPT->NumberOfRvaAndSizes = 17)
MUTATION(headers_short_of_section_table, OPT->SizeOfHeaders = 0x1FC)
MUTATION(headers_past_file, OPT->SizeOfHeaders = PE_FILE_SIZE + 0x200)
MUTATION(file_alignment_not_power_of_two, OPT->FileAlignment = 0x300)
MUTATION(file_alignment_below_512, OPT->FileAlignment = 0x100)
MUTATION(file_alignment_above_section_alignment, OPT->FileAlignment = 0x2000)
MUTATION(section_alignment_not_power_of_two, OPT->SectionAlignment = 0x1800)
MUTATION(small_section_alignment_unlike_file_alignment,
         OPT->SectionAlignment = 0x800)
MUTATION(image_base_not_64k_aligned, OPT->ImageBase = 0x00401000)
/* A 0x15000-byte image (a bigger .bss, valid at its own base) at the
 * highest 64 KiB boundary: it would end past 4 GiB. */
MUTATION(image_past_4g, SECTION(4)->Misc.VirtualSize = 0x10000;
         OPT->SizeOfImage = 0x15000; OPT->ImageBase = 0xFFFF0000)
/* .bss a page further, SizeOfImage to match: only the gap is wrong. */
MUTATION(section_gap, SECTION(4)->VirtualAddress = PE_BSS + 0x1000;
         OPT->SizeOfImage = PE_IMAGE_SIZE + 0x1000)
MUTATION(section_overlap, SECTION(2)->VirtualAddress = 0x2000)
MUTATION(section_descending, SECTION(1)->VirtualAddress = 0x0000)
MUTATION(section_of_no_size, SECTION(4)->Misc.VirtualSize = 0)
MUTATION(raw_data_past_file, SECTION(3)->SizeOfRawData = 0x400)
MUTATION(raw_data_unaligned, SECTION(1)->PointerToRawData = 0x410)
MUTATION(raw_data_in_headers, SECTION(1)->PointerToRawData = 0)
MUTATION(raw_data_wraps, SECTION(1)->PointerToRawData = 0xFFFFFE00;
         SECTION(1)->SizeOfRawData = 0x400)
MUTATION(section_wraps, SECTION(4)->Misc.VirtualSize = 0xFFFFF000)
MUTATION(size_of_image_too_big, OPT->SizeOfImage = PE_IMAGE_SIZE + 0x1000)
MUTATION(size_of_image_too_small, OPT->SizeOfImage = PE_IMAGE_SIZE - 0x1000)
MUTATION(directory_past_image, OPT->DataDirectory[IMAGE_DIRECTORY_ENTRY_DEBUG]
                                   .VirtualAddress = PE_IMAGE_SIZE - 8;
         OPT->DataDirectory[IMAGE_DIRECTORY_ENTRY_DEBUG].Size = 28)
MUTATION(directory_size_wraps,
         OPT->DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].Size = 0xFFFFFFFF)
MUTATION(relocations_unaligned,
         OPT->DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC].VirtualAddress =
             PE_RELOC + 2)
MUTATION(import_directory_too_small,
         OPT->DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT].Size = 4)
MUTATION(entry_point_past_section, OPT->AddressOfEntryPoint = PE_BSS + 0x100)
MUTATION(entry_point_in_headers, OPT->AddressOfEntryPoint = 0x10)
MUTATION(entry_point_zero_in_exe, OPT->AddressOfEntryPoint = 0)

static const struct {
    const char *Name;
    MUTATION Mutate;
} rule_breakers[] = {
#define RULE(Name)                                                             \
    {                                                                          \
#Name, Name                                                            \
    }
    RULE(no_mz),
    RULE(lfanew_unaligned),
    RULE(lfanew_in_dos_header),
    RULE(lfanew_past_file),
    RULE(lfanew_negative),
    RULE(no_pe_signature),
    RULE(machine_amd64),
    RULE(not_executable),
    RULE(pe32_plus_magic),
    RULE(no_sections),
    RULE(too_many_sections),
    RULE(section_table_past_headers),
    RULE(optional_header_unaligned),
    RULE(optional_header_too_small_for_directories),
    RULE(seventeen_directories),
    RULE(headers_short_of_section_table),
    RULE(headers_past_file),
    RULE(file_alignment_not_power_of_two),
    RULE(file_alignment_below_512),
    RULE(file_alignment_above_section_alignment),
    RULE(section_alignment_not_power_of_two),
    RULE(small_section_alignment_unlike_file_alignment),
    RULE(image_base_not_64k_aligned),
    RULE(image_past_4g),
    RULE(section_gap),
    RULE(section_overlap),
    RULE(section_descending),
    RULE(section_of_no_size),
    RULE(raw_data_past_file),
    RULE(raw_data_unaligned),
    RULE(raw_data_in_headers),
    RULE(raw_data_wraps),
    RULE(section_wraps),
    RULE(size_of_image_too_big),
    RULE(size_of_image_too_small),
    RULE(directory_past_image),
    RULE(directory_size_wraps),
    RULE(relocations_unaligned),
    RULE(import_directory_too_small),
    RULE(entry_point_past_section),
    RULE(entry_point_in_headers),
    RULE(entry_point_zero_in_exe),
#undef RULE
};

static void valid_images_pass_the_check(void)
{
    static const PE_OPTIONS variants[] = {
        {TRUE, TRUE, TRUE, FALSE, FALSE},
        {FALSE, FALSE, FALSE, FALSE, FALSE},
        {TRUE, FALSE, TRUE, TRUE, FALSE},
        {FALSE, FALSE, FALSE, FALSE, TRUE},
    };
    PIMAGE_NT_HEADERS Nt = NULL;
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(variants); Index++) {
        PeBuild(&image, &variants[Index]);
        CHECK_MSG(RtlpVerifyImageFile(image.File, image.FileSize, &Nt) ==
                      STATUS_SUCCESS,
                  "variant %lu refused", (unsigned long)Index);
        CHECK(Nt == PeNtHeaders(image.File));
    }
    /* The certificate table is a file offset: not checked as an RVA. */
    PeBuild(&image, &everything);
    Nt = PeNtHeaders(image.File);
    Nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_SECURITY]
        .VirtualAddress = 0x10000;
    Nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_SECURITY].Size =
        0x100;
    CHECK_EQ(RtlpVerifyImageFile(image.File, image.FileSize, NULL),
             STATUS_SUCCESS);
    /* A VirtualSize of 0 means the raw size. */
    PeSection(image.File, 1)->Misc.VirtualSize = 0;
    CHECK_EQ(RtlpVerifyImageFile(image.File, image.FileSize, NULL),
             STATUS_SUCCESS);
    /* A big .bss, SizeOfImage to match (image_past_4g moves this one). */
    PeSection(image.File, 4)->Misc.VirtualSize = 0x10000;
    Nt->OptionalHeader.SizeOfImage = 0x15000;
    CHECK_EQ(RtlpVerifyImageFile(image.File, image.FileSize, NULL),
             STATUS_SUCCESS);
    Nt->OptionalHeader.ImageBase = 0xFFFE0000; /* ends below 4 GiB */
    CHECK_EQ(RtlpVerifyImageFile(image.File, image.FileSize, NULL),
             STATUS_SUCCESS);
    CHECK_EQ(RtlpVerifyImageFile(NULL, image.FileSize, NULL),
             STATUS_INVALID_PARAMETER);
}

static void each_broken_rule_is_refused_and_nothing_written(void)
{
    static PE_IMAGE copy;
    PIMAGE_NT_HEADERS Nt;
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(rule_breakers); Index++) {
        PeBuild(&image, &everything);
        /* The unbroken image passes, so the one field is what fails. */
        CHECK(RtlpVerifyImageFile(image.File, image.FileSize, NULL) ==
              STATUS_SUCCESS);
        rule_breakers[Index].Mutate(image.File, PeNtHeaders(image.File));
        copy = image;
        Nt = (PIMAGE_NT_HEADERS)1;
        CHECK_MSG(RtlpVerifyImageFile(image.File, image.FileSize, &Nt) ==
                      STATUS_INVALID_IMAGE_FORMAT,
                  "%s accepted", rule_breakers[Index].Name);
        CHECK_MSG(Nt == (PIMAGE_NT_HEADERS)1, "%s wrote the headers pointer",
                  rule_breakers[Index].Name);
        CHECK_MSG(memcmp(&copy, &image, sizeof(image)) == 0, "%s changed it",
                  rule_breakers[Index].Name);
    }
}

static void small_alignment_file_is_its_own_image(void)
{
    static const PE_OPTIONS small = {FALSE, FALSE, FALSE, FALSE, TRUE};
    PUCHAR Mapped;

    PeBuild(&image, &small);
    Mapped = PeMap(&image);
    CHECK(Mapped != NULL);
    CHECK(memcmp(Mapped, image.Layout, image.ImageSize) == 0);
    PeUnmap();
    /* There, RVA and file offset must agree. */
    PeSection(image.File, 0)->PointerToRawData = 0x400;
    PeSection(image.File, 0)->SizeOfRawData = 0;
    CHECK_EQ(RtlpVerifyImageFile(image.File, image.FileSize, NULL),
             STATUS_SUCCESS); /* no raw data: nothing to agree on */
    PeSection(image.File, 0)->SizeOfRawData = 0x200;
    image.FileSize = 0x600;
    CHECK_EQ(RtlpVerifyImageFile(image.File, image.FileSize, NULL),
             STATUS_INVALID_IMAGE_FORMAT);
}

static void dll_may_have_no_entry_point(void)
{
    static const PE_OPTIONS dll = {TRUE, TRUE, TRUE, TRUE, FALSE};

    PeBuild(&image, &dll);
    CHECK_EQ(RtlpVerifyImageFile(image.File, image.FileSize, NULL),
             STATUS_SUCCESS);
    PeNtHeaders(image.File)->FileHeader.Characteristics &= ~IMAGE_FILE_DLL;
    CHECK_EQ(RtlpVerifyImageFile(image.File, image.FileSize, NULL),
             STATUS_INVALID_IMAGE_FORMAT);
}

static void truncated_files_are_refused(void)
{
    ULONG Size;

    PeBuild(&image, &everything);
    for (Size = 0; Size < image.FileSize; Size += 4) {
        PUCHAR File = malloc(Size ? Size : 1);
        NTSTATUS Status;

        memcpy(File, image.File, Size);
        Status = RtlpVerifyImageFile(File, Size, NULL);
        free(File);
        CHECK_MSG(Status == STATUS_INVALID_IMAGE_FORMAT, "%lu bytes accepted",
                  (unsigned long)Size);
    }
}

/*
 * The copy into the image layout.
 */

static void copy_lays_sections_out_at_their_rvas(void)
{
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = PeMap(&image);
    CHECK(Mapped != NULL);
    /* Headers, sections, zeros between and in .bss; .text's file padding
     * past its virtual size is not copied. */
    CHECK(memcmp(Mapped, image.Layout, image.ImageSize) == 0);
    CHECK_EQ(Mapped[PE_TEXT + 0x1F0], 0);
    CHECK_EQ(image.File[0x200 + 0x1F0], 0xCC);
    PeUnmap();
}

static void copy_refuses_without_writing(void)
{
    static UCHAR Buffer[PE_IMAGE_SIZE];
    ULONG Index;

    PeBuild(&image, &everything);
    memset(Buffer, 0xAB, image.ImageSize);
    CHECK_EQ(RtlpCopyImageFile(image.File, image.FileSize, Buffer,
                               image.ImageSize - 1),
             STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(
        RtlpCopyImageFile(image.File, image.FileSize, NULL, image.ImageSize),
        STATUS_INVALID_PARAMETER);
    PeSection(image.File, 2)->VirtualAddress += 0x1000;
    CHECK_EQ(
        RtlpCopyImageFile(image.File, image.FileSize, Buffer, image.ImageSize),
        STATUS_INVALID_IMAGE_FORMAT);
    for (Index = 0; Index < image.ImageSize; Index++)
        CHECK_MSG(Buffer[Index] == 0xAB, "byte %#lx written",
                  (unsigned long)Index);
}

static void fuzz_of_mutated_images(void)
{
    CHECK(PeFuzz(host_test_seed(), fuzz_cases));
}

int main(int argc, char **argv)
{
    const char *Cases = argc > 1 ? argv[1] : getenv("PE_FUZZ_CASES");

    if (Cases != NULL)
        fuzz_cases = strtoul(Cases, NULL, 0);
    RUN(nt_header_ex_statuses_are_nts);
    RUN(rva_to_section_and_va_use_raw_data);
    RUN(directory_entry_in_file_and_image_layouts);
    RUN(valid_images_pass_the_check);
    RUN(each_broken_rule_is_refused_and_nothing_written);
    RUN(small_alignment_file_is_its_own_image);
    RUN(dll_may_have_no_entry_point);
    RUN(truncated_files_are_refused);
    RUN(copy_lays_sections_out_at_their_rvas);
    RUN(copy_refuses_without_writing);
    RUN(fuzz_of_mutated_images);
    PeUnmap();
    HOST_TEST_EXIT();
}
