/*
 * The PE image layer's loader side, on laid-out images: relocation (each
 * fixup type's arithmetic, a bad table leaving the image untouched),
 * the import walk and export lookups.
 */
#include "host_test.h"
#include "pe_builder.h"

static PE_IMAGE image;
static const PE_OPTIONS everything = {TRUE, TRUE, TRUE, FALSE, FALSE};

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
        Mapped = PeMap(&image);
        CHECK(Mapped != NULL);
        CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, bases[Index]),
                 STATUS_SUCCESS);
        check_moved(Mapped, bases[Index]);
        if (host_test_failed) {
            PeUnmap();
            return;
        }
        /* Where it now is, a second call has nothing to do. */
        CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, bases[Index]),
                 STATUS_SUCCESS);
        check_moved(Mapped, bases[Index]);
        PeUnmap();
    }
}

static void relocation_with_bias_is_nts_interface(void)
{
    PUCHAR Mapped;
    LONGLONG Bias;

    PeBuild(&image, &everything);
    Mapped = PeMap(&image);
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
    PeUnmap();
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
    Mapped = PeMap(&image);
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
    PeUnmap();
    PeBuild(&image, &everything);
    Mapped = PeMap(&image);
    CHECK_EQ(LdrpRelocateImage(Mapped, image.ImageSize, 0xFFFFC000),
             STATUS_CONFLICTING_ADDRESSES);
    CHECK(memcmp(Mapped, image.Layout, image.ImageSize) == 0);
    PeUnmap();
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
        Mapped = PeMap(&image);
        CHECK(Mapped != NULL);
        breaks[Index].Break(Mapped);
        memcpy(Before, Mapped, PE_IMAGE_SIZE);
        CHECK_MSG(LdrpRelocateImage(Mapped, image.ImageSize, 0x10000000) ==
                      STATUS_INVALID_IMAGE_FORMAT,
                  "%s accepted", breaks[Index].Name);
        CHECK_MSG(memcmp(Before, Mapped, PE_IMAGE_SIZE) == 0, "%s changed it",
                  breaks[Index].Name);
        PeUnmap();
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
    Mapped = PeMap(&image);
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
    PeUnmap();
}

static void import_routine_failure_stops_the_walk(void)
{
    IMPORT_LOG Log = {.FailAt = 2};
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = PeMap(&image);
    CHECK(Mapped != NULL);
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk, &Log),
             STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(Log.Thunks, 2);
    CHECK_EQ(Log.Dlls, 1);
    /* Without imports, and with no routines, nothing to do. */
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, NULL, NULL, NULL),
             STATUS_SUCCESS);
    PeUnmap();
    PeBuild(&image, &(PE_OPTIONS){TRUE, FALSE, TRUE, FALSE, FALSE});
    Mapped = PeMap(&image);
    memset(&Log, 0, sizeof(Log));
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk, &Log),
             STATUS_SUCCESS);
    CHECK_EQ(Log.Dlls + Log.Thunks, 0);
    PeUnmap();
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

        Mapped = PeMap(&image);
        CHECK(Mapped != NULL);
        breaks[Index].Break(Mapped);
        CHECK_MSG(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk,
                                  &Log) == STATUS_INVALID_IMAGE_FORMAT,
                  "%s accepted", breaks[Index].Name);
        CHECK_MSG(Log.Dlls + Log.Thunks == 0, "%s: %lu calls",
                  breaks[Index].Name, (unsigned long)(Log.Dlls + Log.Thunks));
        PeUnmap();
    }
}

/* An IAT laid over the descriptors: resolving ntdll rewrites kernel32's
 * descriptor. The walk must stay in the image and say so. */
static void iat_over_the_table_stays_in_bounds(void)
{
    IMPORT_LOG Log = {0};
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = PeMap(&image);
    CHECK(Mapped != NULL);
    PePut32(Mapped, PE_IMPORTS + 16, PE_IMPORTS + 20); /* ntdll's IAT */
    CHECK_EQ(LdrpWalkImports(Mapped, image.ImageSize, log_dll, log_thunk, &Log),
             STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(Log.Thunks, 2);
    PeUnmap();
}

/*
 * Exports.
 */

static void exports_by_name_with_and_without_hint(void)
{
    LDRP_EXPORT Export;
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = PeMap(&image);
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
    PeUnmap();
}

static void exports_by_ordinal(void)
{
    LDRP_EXPORT Export;
    PUCHAR Mapped;

    PeBuild(&image, &everything);
    Mapped = PeMap(&image);
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
    PeUnmap();
    /* No export table at all. */
    PeBuild(&image, &(PE_OPTIONS){TRUE, TRUE, FALSE, FALSE, FALSE});
    Mapped = PeMap(&image);
    CHECK_EQ(LdrpFindExportByOrdinal(Mapped, image.ImageSize, 5, &Export),
             STATUS_ORDINAL_NOT_FOUND);
    CHECK_EQ(LdrpFindExportByName(Mapped, image.ImageSize, "Alpha", 0, &Export),
             STATUS_PROCEDURE_NOT_FOUND);
    PeUnmap();
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
        Mapped = PeMap(&image);
        CHECK(Mapped != NULL);
        breaks[Index].Break(Mapped);
        /* Beta: through the name table to ordinal 7 (index 2). */
        CHECK_MSG(LdrpFindExportByName(Mapped, image.ImageSize, "Beta", 1,
                                       &Export) == STATUS_INVALID_IMAGE_FORMAT,
                  "%s: by name", breaks[Index].Name);
        PeUnmap();
    }
}

int main(void)
{
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
    PeUnmap();
    HOST_TEST_EXIT();
}
