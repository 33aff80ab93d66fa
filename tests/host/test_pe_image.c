/*
 * The PE image layer: NT's Rtl routines, the strict file check (one test
 * image per rule, broken by one field), the copy into the image layout,
 * relocation, import walking and export lookup; then the mutation fuzz
 * (pe_fuzz.c). PE_FUZZ_CASES or the first argument sets its case count,
 * HOST_TEST_SEED its seed.
 */
#include "host_test.h"
#include "pe_builder.h"

static PE_IMAGE image;
static const PE_OPTIONS everything = {TRUE, TRUE, TRUE, FALSE, FALSE};
static unsigned long fuzz_cases = 100000;

/* The one laid-out image a test holds, freed by the next map or by
 * unmap(), so that a test that fails half-way leaks nothing (a leak
 * report would end the program before its FAIL line is printed). */
static PUCHAR mapped_now;

static void unmap(void)
{
    free(mapped_now);
    mapped_now = NULL;
}

/* The built file laid out by the code under test, in a buffer of exactly
 * SizeOfImage bytes (ASan sees any overrun); NULL if it failed. */
static PUCHAR map_built(void)
{
    unmap();
    mapped_now = calloc(1, image.ImageSize);
    if (RtlpCopyImageFile(image.File, image.FileSize, mapped_now,
                          image.ImageSize) != STATUS_SUCCESS)
        unmap();
    return mapped_now;
}

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
    Mapped = map_built();
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
    unmap();
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
    Mapped = map_built();
    CHECK(Mapped != NULL);
    CHECK(memcmp(Mapped, image.Layout, image.ImageSize) == 0);
    unmap();
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
    Mapped = map_built();
    CHECK(Mapped != NULL);
    /* Headers, sections, zeros between and in .bss; .text's file padding
     * past its virtual size is not copied. */
    CHECK(memcmp(Mapped, image.Layout, image.ImageSize) == 0);
    CHECK_EQ(Mapped[PE_TEXT + 0x1F0], 0);
    CHECK_EQ(image.File[0x200 + 0x1F0], 0xCC);
    unmap();
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

/*
 * Relocation.
 */

/* The image relocated from PE_BASE to NewBase must differ from the
 * original only where the fixups and ImageBase are, by NT's arithmetic. */
static void check_moved(const UCHAR *Mapped, ULONG NewBase)
{
    static UCHAR expected[PE_IMAGE_SIZE];
    ULONG Delta = NewBase - PE_BASE;
    ULONG Adjusted = PE_FIX_HIGHADJ_VALUE + Delta + 0x8000;

    memcpy(expected, image.Layout, PE_IMAGE_SIZE);
    PePut32(expected, PE_FIX_HIGHLOW, PE_BASE + PE_DATA + Delta);
    PePut16(expected, PE_FIX_HIGH,
            (USHORT)(((PE_FIX_HIGH_VALUE & 0xFFFF0000) + Delta) >> 16));
    PePut16(expected, PE_FIX_LOW, (USHORT)(PE_FIX_LOW_VALUE + Delta));
    PePut16(expected, PE_FIX_HIGHADJ, (USHORT)(Adjusted >> 16));
    PePut32(expected, PE_FIX_DATA, PE_BASE + PE_TEXT + Delta);
    PeNtHeaders(expected)->OptionalHeader.ImageBase = NewBase;
    CHECK_EQ(PeGet32(Mapped, PE_FIX_HIGHLOW),
             PeGet32(expected, PE_FIX_HIGHLOW));
    CHECK_EQ(PeGet16(Mapped, PE_FIX_HIGH), PeGet16(expected, PE_FIX_HIGH));
    CHECK_EQ(PeGet16(Mapped, PE_FIX_LOW), PeGet16(expected, PE_FIX_LOW));
    CHECK_EQ(PeGet16(Mapped, PE_FIX_HIGHADJ),
             PeGet16(expected, PE_FIX_HIGHADJ));
    CHECK_EQ(PeGet32(Mapped, PE_FIX_DATA), PeGet32(expected, PE_FIX_DATA));
    CHECK(memcmp(Mapped, expected, PE_IMAGE_SIZE) == 0);
}

static void relocation_moves_every_fixup_type(void)
{
    static const ULONG bases[] = {0x10000000, 0x00401000, 0x003F8000,
                                  0x7FFF0000 - PE_IMAGE_SIZE};
    PUCHAR Mapped;
    ULONG Index;

    PeBuild(&image, &everything);
    for (Index = 0; Index < ARRAYSIZE(bases); Index++) {
        Mapped = map_built();
        CHECK(Mapped != NULL);
        CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, bases[Index]),
                 STATUS_SUCCESS);
        check_moved(Mapped, bases[Index]);
        if (host_test_failed) {
            unmap();
            return;
        }
        /* Where it now is, a second call has nothing to do. */
        CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, bases[Index]),
                 STATUS_SUCCESS);
        check_moved(Mapped, bases[Index]);
        unmap();
    }
}

static void relocation_with_bias_is_nts_interface(void)
{
    PUCHAR Mapped;
    LONGLONG Bias;

    PeBuild(&image, &everything);
    Mapped = map_built();
    CHECK(Mapped != NULL);
    /* The buffer is here; the image will run at 0x20000000. */
    Bias = 0x20000000LL - (LONGLONG)(ULONG_PTR)Mapped;
    CHECK_EQ(LdrRelocateImageWithBias(Mapped, Bias, "test", 1, 2, 3), 1);
    check_moved(Mapped, 0x20000000);
    /* Past 4 GiB is no place for an x86 image. */
    CHECK_EQ(
        LdrRelocateImageWithBias(Mapped, Bias + 0x100000000LL, "test", 1, 2, 3),
        2);
    PeNtHeaders(Mapped)->Signature = 0;
    CHECK_EQ(LdrRelocateImageWithBias(Mapped, Bias, "test", 1, 2, 3), 3);
    unmap();
}

static void relocation_block_routines_apply_one_block(void)
{
    UCHAR Page[16] = {0};
    USHORT Entries[] = {(IMAGE_REL_BASED_HIGHLOW << 12) | 0,
                        (IMAGE_REL_BASED_LOW << 12) | 6,
                        (IMAGE_REL_BASED_ABSOLUTE << 12) | 8,
                        (IMAGE_REL_BASED_DIR64 << 12) | 8};

    PePut32(Page, 0, 0x00401234);
    PePut16(Page, 6, 0xFFF0);
    CHECK((PUSHORT)LdrProcessRelocationBlock((ULONG_PTR)Page, 3, Entries,
                                             0x20) == Entries + 3);
    CHECK_EQ(PeGet32(Page, 0), 0x00401254);
    CHECK_EQ(PeGet16(Page, 6), 0x0010);
    /* x86 has no DIR64: the block is refused at that entry. */
    CHECK(LdrProcessRelocationBlockLongLong((ULONG_PTR)Page, 4, Entries,
                                            0x20) == NULL);
    /* HIGHADJ without its second entry. */
    Entries[0] = (IMAGE_REL_BASED_HIGHADJ << 12) | 0;
    CHECK(LdrProcessRelocationBlock((ULONG_PTR)Page, 1, Entries, 0x20) == NULL);
}

static void relocation_without_table_is_a_conflict(void)
{
    static const PE_OPTIONS fixed = {FALSE, TRUE, TRUE, FALSE, FALSE};
    PUCHAR Mapped;

    PeBuild(&image, &fixed);
    Mapped = map_built();
    CHECK(Mapped != NULL);
    CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, 0x10000000),
             STATUS_CONFLICTING_ADDRESSES);
    CHECK(memcmp(Mapped, image.Layout, image.ImageSize) == 0);
    /* Not flagged as stripped, but still nothing to move it with. */
    PeNtHeaders(Mapped)->FileHeader.Characteristics &=
        ~IMAGE_FILE_RELOCS_STRIPPED;
    CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, 0x10000000),
             STATUS_CONFLICTING_ADDRESSES);
    /* At its own base it needs none. */
    CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, PE_BASE),
             STATUS_SUCCESS);
    /* Nor can any image sit across 4 GiB. */
    unmap();
    PeBuild(&image, &everything);
    Mapped = map_built();
    CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, 0xFFFFC000),
             STATUS_CONFLICTING_ADDRESSES);
    CHECK(memcmp(Mapped, image.Layout, image.ImageSize) == 0);
    unmap();
}

/* Breaks of the second block (or the table): the first block is valid and
 * would have been applied by a loader that checks as it goes. */
typedef void (*TABLE_BREAK)(PUCHAR Mapped);
static void size_zero(PUCHAR M)
{
    PePut32(M, PE_RELOC_BLOCK2 + 4, 0);
}
static void size_below_header(PUCHAR M)
{
    PePut32(M, PE_RELOC_BLOCK2 + 4, 4);
}
/* The table ends with the block, so only the rule refuses it. */
static void size_not_multiple_of_4(PUCHAR M)
{
    PePut32(M, PE_RELOC_BLOCK2 + 4, 10);
    PeNtHeaders(M)
        ->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC]
        .Size = PE_RELOC_BLOCK2 - PE_RELOC + 10;
}
static void size_past_table(PUCHAR M)
{
    PePut32(M, PE_RELOC_BLOCK2 + 4, 16);
}
static void page_past_image(PUCHAR M)
{
    PePut32(M, PE_RELOC_BLOCK2, PE_IMAGE_SIZE);
}
static void page_wraps(PUCHAR M)
{
    PePut32(M, PE_RELOC_BLOCK2, 0xFFFFF000);
}
static void target_straddles_end(PUCHAR M)
{
    PePut32(M, PE_RELOC_BLOCK2, PE_BSS);
    PePut16(M, PE_RELOC_BLOCK2 + 8, (IMAGE_REL_BASED_HIGHLOW << 12) | 0xFFE);
}
static void unknown_type(PUCHAR M)
{
    PePut16(M, PE_RELOC_BLOCK2 + 8, (IMAGE_REL_BASED_DIR64 << 12) | 4);
}
static void highadj_last(PUCHAR M)
{
    PePut16(M, PE_RELOC_BLOCK2 + 10, (IMAGE_REL_BASED_HIGHADJ << 12) | 8);
}
static void fixup_in_table(PUCHAR M)
{
    PePut32(M, PE_RELOC_BLOCK2, PE_RELOC);
    PePut16(M, PE_RELOC_BLOCK2 + 8, (IMAGE_REL_BASED_HIGHLOW << 12) | 0x18);
}
static void trailing_bytes(PUCHAR M)
{
    PeNtHeaders(M)
        ->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC]
        .Size = PE_RELOC_SIZE + 4;
}
static void table_past_image(PUCHAR M)
{
    PeNtHeaders(M)
        ->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC]
        .Size = PE_IMAGE_SIZE;
}

static void bad_relocation_table_leaves_image_untouched(void)
{
    static const struct {
        const char *Name;
        TABLE_BREAK Break;
    } breaks[] = {
        {"size_zero", size_zero},
        {"size_below_header", size_below_header},
        {"size_not_multiple_of_4", size_not_multiple_of_4},
        {"size_past_table", size_past_table},
        {"page_past_image", page_past_image},
        {"page_wraps", page_wraps},
        {"target_straddles_end", target_straddles_end},
        {"unknown_type", unknown_type},
        {"highadj_last", highadj_last},
        {"fixup_in_table", fixup_in_table},
        {"trailing_bytes", trailing_bytes},
        {"table_past_image", table_past_image},
    };
    static UCHAR Before[PE_IMAGE_SIZE];
    PUCHAR Mapped;
    ULONG Index;

    PeBuild(&image, &everything);
    for (Index = 0; Index < ARRAYSIZE(breaks); Index++) {
        Mapped = map_built();
        CHECK(Mapped != NULL);
        breaks[Index].Break(Mapped);
        memcpy(Before, Mapped, PE_IMAGE_SIZE);
        CHECK_MSG(LdrpRelocateImage(Mapped, image.ImageSize, 0x10000000) ==
                      STATUS_INVALID_IMAGE_FORMAT,
                  "%s accepted", breaks[Index].Name);
        CHECK_MSG(memcmp(Before, Mapped, PE_IMAGE_SIZE) == 0, "%s changed it",
                  breaks[Index].Name);
        unmap();
    }
}

/*
 * Imports.
 */

#define MAX_RECORDS 8
typedef struct _IMPORT_LOG {
    ULONG Dlls, Thunks;
    const char *DllNames[MAX_RECORDS];
    LDRP_IMPORT_THUNK Thunk[MAX_RECORDS];
    ULONG FailAt; /* thunk number whose routine fails; 0 never */
} IMPORT_LOG;

static NTSTATUS log_dll(PVOID Context, ULONG Index, PCSTR DllName)
{
    IMPORT_LOG *Log = Context;

    if (Index != Log->Dlls || Log->Dlls == MAX_RECORDS)
        return STATUS_UNSUCCESSFUL;
    Log->DllNames[Log->Dlls++] = DllName;
    return STATUS_SUCCESS;
}

static NTSTATUS log_thunk(PVOID Context, const LDRP_IMPORT_THUNK *Thunk)
{
    IMPORT_LOG *Log = Context;

    if (Log->Thunks == MAX_RECORDS)
        return STATUS_UNSUCCESSFUL;
    Log->Thunk[Log->Thunks++] = *Thunk;
    if (Log->Thunks == Log->FailAt)
        return STATUS_PROCEDURE_NOT_FOUND;
    *Thunk->IatEntry = 0x77000000 + Log->Thunks; /* "resolved" */
    return STATUS_SUCCESS;
}

static void imports_are_walked_dll_by_dll(void)
{
    IMPORT_LOG Log = {0};
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = map_built();
    CHECK(Mapped != NULL);
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk, &Log),
             STATUS_SUCCESS);
    CHECK_EQ(Log.Dlls, 2);
    CHECK_STR(Log.DllNames[0], "ntdll.dll");
    CHECK_STR(Log.DllNames[1], "kernel32.dll");
    CHECK_EQ(Log.Thunks, 3);
    CHECK(!Log.Thunk[0].ByOrdinal);
    CHECK_STR(Log.Thunk[0].Name, "NtClose");
    CHECK_EQ(Log.Thunk[0].Hint, 5);
    CHECK(Log.Thunk[0].IatEntry == (PULONG)(Mapped + PE_NTDLL_IAT));
    CHECK(Log.Thunk[1].ByOrdinal);
    CHECK_EQ(Log.Thunk[1].Ordinal, 7);
    CHECK_EQ(Log.Thunk[1].ThunkIndex, 1);
    CHECK(Log.Thunk[1].IatEntry == (PULONG)(Mapped + PE_NTDLL_IAT + 4));
    /* kernel32 has no lookup table: its IAT is read before it is written. */
    CHECK_EQ(Log.Thunk[2].DescriptorIndex, 1);
    CHECK_STR(Log.Thunk[2].DllName, "kernel32.dll");
    CHECK_STR(Log.Thunk[2].Name, "ExitProcess");
    CHECK(Log.Thunk[2].IatEntry == (PULONG)(Mapped + PE_KERNEL32_IAT));
    CHECK_EQ(PeGet32(Mapped, PE_NTDLL_IAT), 0x77000001);
    CHECK_EQ(PeGet32(Mapped, PE_NTDLL_IAT + 4), 0x77000002);
    CHECK_EQ(PeGet32(Mapped, PE_KERNEL32_IAT), 0x77000003);
    CHECK_EQ(PeGet32(Mapped, PE_NTDLL_INT), PE_RDATA + 0x300);
    unmap();
}

static void import_routine_failure_stops_the_walk(void)
{
    IMPORT_LOG Log = {.FailAt = 2};
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = map_built();
    CHECK(Mapped != NULL);
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk, &Log),
             STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(Log.Thunks, 2);
    CHECK_EQ(Log.Dlls, 1);
    /* Without imports, and with no routines, nothing to do. */
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, NULL, NULL, NULL),
             STATUS_SUCCESS);
    unmap();
    PeBuild(&image, &(PE_OPTIONS){TRUE, FALSE, TRUE, FALSE, FALSE});
    Mapped = map_built();
    memset(&Log, 0, sizeof(Log));
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk, &Log),
             STATUS_SUCCESS);
    CHECK_EQ(Log.Dlls + Log.Thunks, 0);
    unmap();
}

/* Breaks in kernel32's part: ntdll's comes first and is fine, and still
 * no routine may be called. */
typedef void (*IMPORT_BREAK)(PUCHAR Mapped);
static void dll_name_unterminated(PUCHAR M)
{
    PePut32(M, PE_IMPORTS + 20 + 12, PE_IMAGE_SIZE - 4);
    memset(M + PE_IMAGE_SIZE - 4, 'x', 4);
}
static void dll_name_past_image(PUCHAR M)
{
    PePut32(M, PE_IMPORTS + 20 + 12, PE_IMAGE_SIZE);
}
static void thunk_name_past_image(PUCHAR M)
{
    PePut32(M, PE_KERNEL32_IAT, PE_IMAGE_SIZE - 1);
}
static void thunk_name_wraps(PUCHAR M)
{
    PePut32(M, PE_KERNEL32_IAT, 0x7FFFFFFF);
}
static void ordinal_high_bits(PUCHAR M)
{
    PePut32(M, PE_KERNEL32_IAT, IMAGE_ORDINAL_FLAG32 | 0x10007);
}
static void iat_unaligned(PUCHAR M)
{
    PePut32(M, PE_IMPORTS + 20 + 16, PE_KERNEL32_IAT + 2);
}
static void iat_past_image(PUCHAR M)
{
    PePut32(M, PE_IMPORTS + 20 + 16, PE_IMAGE_SIZE);
}
static void lookup_runs_off_image(PUCHAR M)
{
    PePut32(M, PE_IMPORTS + 20, PE_IMAGE_SIZE - 4);
    PePut32(M, PE_IMAGE_SIZE - 4, IMAGE_ORDINAL_FLAG32 | 1);
}
static void no_terminating_descriptor(PUCHAR M)
{
    PIMAGE_DATA_DIRECTORY Directory =
        &PeNtHeaders(M)
             ->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];

    /* The table moved to the image's last 20 bytes: no room after it. */
    memcpy(M + PE_IMAGE_SIZE - 20, M + PE_IMPORTS, 20);
    Directory->VirtualAddress = PE_IMAGE_SIZE - 20;
    Directory->Size = 20;
}
static void import_directory_past_image(PUCHAR M)
{
    PeNtHeaders(M)
        ->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT]
        .VirtualAddress = PE_IMAGE_SIZE - 40;
}

static void bad_import_table_calls_nothing(void)
{
    static const struct {
        const char *Name;
        IMPORT_BREAK Break;
    } breaks[] = {
        {"dll_name_unterminated", dll_name_unterminated},
        {"dll_name_past_image", dll_name_past_image},
        {"thunk_name_past_image", thunk_name_past_image},
        {"thunk_name_wraps", thunk_name_wraps},
        {"ordinal_high_bits", ordinal_high_bits},
        {"iat_unaligned", iat_unaligned},
        {"iat_past_image", iat_past_image},
        {"lookup_runs_off_image", lookup_runs_off_image},
        {"no_terminating_descriptor", no_terminating_descriptor},
        {"import_directory_past_image", import_directory_past_image},
    };
    PUCHAR Mapped;
    ULONG Index;

    PeBuild(&image, &everything);
    for (Index = 0; Index < ARRAYSIZE(breaks); Index++) {
        IMPORT_LOG Log = {0};

        Mapped = map_built();
        CHECK(Mapped != NULL);
        breaks[Index].Break(Mapped);
        CHECK_MSG(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk,
                                  &Log) == STATUS_INVALID_IMAGE_FORMAT,
                  "%s accepted", breaks[Index].Name);
        CHECK_MSG(Log.Dlls + Log.Thunks == 0, "%s: %lu calls",
                  breaks[Index].Name, (unsigned long)(Log.Dlls + Log.Thunks));
        unmap();
    }
}

/* An IAT laid over the descriptors: resolving ntdll rewrites kernel32's
 * descriptor. The walk must stay in the image and say so. */
static void iat_over_the_table_stays_in_bounds(void)
{
    IMPORT_LOG Log = {0};
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = map_built();
    CHECK(Mapped != NULL);
    PePut32(Mapped, PE_IMPORTS + 16, PE_IMPORTS + 20); /* ntdll's IAT */
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk, &Log),
             STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(Log.Thunks, 2);
    unmap();
}

/*
 * Exports.
 */

static void exports_by_name_with_and_without_hint(void)
{
    LDRP_EXPORT Export;
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = map_built();
    CHECK(Mapped != NULL);
    CHECK_EQ(LdrpFindExportByName(Mapped, image.ImageSize, "Alpha", 0, &Export),
             STATUS_SUCCESS);
    CHECK_EQ(Export.Ordinal, 5);
    CHECK_EQ(Export.Rva, PE_TEXT);
    CHECK(Export.Address == Mapped + PE_TEXT);
    CHECK(Export.Forwarder == NULL);
    /* A wrong hint, a hint past the table: the search finds it. */
    CHECK_EQ(LdrpFindExportByName(Mapped, image.ImageSize, "Beta", 0, &Export),
             STATUS_SUCCESS);
    CHECK_EQ(Export.Ordinal, 7);
    CHECK(Export.Address == Mapped + PE_TEXT + 0x100);
    CHECK_EQ(
        LdrpFindExportByName(Mapped, image.ImageSize, "Beta", 999, &Export),
        STATUS_SUCCESS);
    CHECK_EQ(Export.Ordinal, 7);
    CHECK_EQ(
        LdrpFindExportByName(Mapped, image.ImageSize, "Forward", 2, &Export),
        STATUS_SUCCESS);
    CHECK_EQ(Export.Ordinal, 8);
    CHECK(Export.Address == NULL);
    CHECK_STR(Export.Forwarder, "ntdll.NtClose");
    CHECK_EQ(
        LdrpFindExportByName(Mapped, image.ImageSize, "Missing", 0, &Export),
        STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(LdrpFindExportByName(Mapped, image.ImageSize, "", 0, &Export),
             STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(LdrpFindExportByName(Mapped, image.ImageSize, "Zulu", 0, &Export),
             STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(LdrpFindExportByName(Mapped, image.ImageSize, NULL, 0, &Export),
             STATUS_INVALID_PARAMETER);
    /* NT's kernel export: no forwarders, NULL when missing. */
    CHECK(RtlFindExportedRoutineByName(Mapped, "Alpha") == Mapped + PE_TEXT);
    CHECK(RtlFindExportedRoutineByName(Mapped, "Forward") == NULL);
    CHECK(RtlFindExportedRoutineByName(Mapped, "Missing") == NULL);
    /* The name table at the image's very end: a hint just past it must
     * not be read (the buffer ends there too). */
    memcpy(Mapped + PE_IMAGE_SIZE - 12, Mapped + PE_EXPORT_NAMES, 12);
    PePut32(Mapped, PE_EXPORTS + 32, PE_IMAGE_SIZE - 12);
    CHECK_EQ(LdrpFindExportByName(Mapped, image.ImageSize, "Beta", 3, &Export),
             STATUS_SUCCESS);
    CHECK_EQ(Export.Ordinal, 7);
    unmap();
}

static void exports_by_ordinal(void)
{
    LDRP_EXPORT Export;
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = map_built();
    CHECK(Mapped != NULL);
    CHECK_EQ(LdrpFindExportByOrdinal(Mapped, image.ImageSize, 5, &Export),
             STATUS_SUCCESS);
    CHECK(Export.Address == Mapped + PE_TEXT);
    CHECK_EQ(LdrpFindExportByOrdinal(Mapped, image.ImageSize, 8, &Export),
             STATUS_SUCCESS);
    CHECK_STR(Export.Forwarder, "ntdll.NtClose");
    CHECK_EQ(LdrpFindExportByOrdinal(Mapped, image.ImageSize, 6, &Export),
             STATUS_ORDINAL_NOT_FOUND); /* an unused slot */
    CHECK_EQ(LdrpFindExportByOrdinal(Mapped, image.ImageSize, 4, &Export),
             STATUS_ORDINAL_NOT_FOUND);
    CHECK_EQ(LdrpFindExportByOrdinal(Mapped, image.ImageSize, 9, &Export),
             STATUS_ORDINAL_NOT_FOUND);
    unmap();
    /* No export table at all. */
    PeBuild(&image, &(PE_OPTIONS){TRUE, TRUE, FALSE, FALSE, FALSE});
    Mapped = map_built();
    CHECK_EQ(LdrpFindExportByOrdinal(Mapped, image.ImageSize, 5, &Export),
             STATUS_ORDINAL_NOT_FOUND);
    CHECK_EQ(LdrpFindExportByName(Mapped, image.ImageSize, "Alpha", 0, &Export),
             STATUS_PROCEDURE_NOT_FOUND);
    unmap();
}

typedef void (*EXPORT_BREAK)(PUCHAR Mapped);
static void functions_past_image(PUCHAR M)
{
    PePut32(M, PE_EXPORTS + 28, PE_IMAGE_SIZE - 8); /* AddressOfFunctions */
}
static void function_count_wraps(PUCHAR M)
{
    PePut32(M, PE_EXPORTS + 20, 0x40000001); /* NumberOfFunctions */
}
static void names_unaligned(PUCHAR M)
{
    PePut32(M, PE_EXPORTS + 32, PE_EXPORT_NAMES + 2);
}
static void name_ordinals_past_image(PUCHAR M)
{
    PePut32(M, PE_EXPORTS + 36, PE_IMAGE_SIZE - 2);
}
static void name_string_past_image(PUCHAR M)
{
    PePut32(M, PE_EXPORT_NAMES + 4, PE_IMAGE_SIZE + 0x10);
}
static void name_ordinal_past_functions(PUCHAR M)
{
    PePut16(M, PE_EXPORT_ORDINALS + 2, 4);
}
static void function_rva_past_image(PUCHAR M)
{
    PePut32(M, PE_EXPORT_FUNCTIONS + 8, PE_IMAGE_SIZE);
}
static void forwarder_unterminated(PUCHAR M)
{
    PePut32(M, PE_EXPORT_FUNCTIONS + 8, PE_FORWARDER);
    PeNtHeaders(M)->OptionalHeader.DataDirectory[0].Size =
        PE_IMAGE_SIZE - PE_EXPORTS;
    memset(M + PE_EXPORTS + 0xA0, 'x', PE_IMAGE_SIZE - PE_EXPORTS - 0xA0);
}
static void export_directory_too_small(PUCHAR M)
{
    PeNtHeaders(M)->OptionalHeader.DataDirectory[0].Size = 20;
}

static void bad_export_table_is_refused(void)
{
    static const struct {
        const char *Name;
        EXPORT_BREAK Break;
    } breaks[] = {
        {"functions_past_image", functions_past_image},
        {"function_count_wraps", function_count_wraps},
        {"names_unaligned", names_unaligned},
        {"name_ordinals_past_image", name_ordinals_past_image},
        {"name_string_past_image", name_string_past_image},
        {"name_ordinal_past_functions", name_ordinal_past_functions},
        {"function_rva_past_image", function_rva_past_image},
        {"forwarder_unterminated", forwarder_unterminated},
        {"export_directory_too_small", export_directory_too_small},
    };
    LDRP_EXPORT Export;
    PUCHAR Mapped;
    ULONG Index;

    PeBuild(&image, &everything);
    for (Index = 0; Index < ARRAYSIZE(breaks); Index++) {
        Mapped = map_built();
        CHECK(Mapped != NULL);
        breaks[Index].Break(Mapped);
        /* Beta: through the name table to ordinal 7 (index 2). */
        CHECK_MSG(LdrpFindExportByName(Mapped, image.ImageSize, "Beta", 1,
                                       &Export) == STATUS_INVALID_IMAGE_FORMAT,
                  "%s: by name", breaks[Index].Name);
        unmap();
    }
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
    RUN(relocation_moves_every_fixup_type);
    RUN(relocation_with_bias_is_nts_interface);
    RUN(relocation_block_routines_apply_one_block);
    RUN(relocation_without_table_is_a_conflict);
    RUN(bad_relocation_table_leaves_image_untouched);
    RUN(imports_are_walked_dll_by_dll);
    RUN(import_routine_failure_stops_the_walk);
    RUN(bad_import_table_calls_nothing);
    RUN(iat_over_the_table_stays_in_bounds);
    RUN(exports_by_name_with_and_without_hint);
    RUN(exports_by_ordinal);
    RUN(bad_export_table_is_refused);
    RUN(fuzz_of_mutated_images);
    unmap();
    HOST_TEST_EXIT();
}
