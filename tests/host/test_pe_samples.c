/*
 * The PE image layer on images the project's PE toolchain really makes
 * (clang-16 in MSVC mode and lld-link-16, tests/pe/): a DLL with exports
 * by name, a data export, one by ordinal only and a forwarder, and a
 * program that imports from it and needs base relocations. What the
 * layer accepts, resolves and moves here is what the process and driver
 * loaders will get from the same tools.
 */
#include "host_test.h"
#include "kernel/image.h"
#include "pe_file.h"

/* The Makefile says where the samples are built. */
#ifndef PE_SAMPLES
#define PE_SAMPLES "build/pe"
#endif

typedef PE_FILE SAMPLE;

static SAMPLE dll, exe;

static BOOLEAN load(SAMPLE *Sample, const char *Name)
{
    return PeLoadFile(PE_SAMPLES, Name, Sample);
}

static void release(SAMPLE *Sample)
{
    PeReleaseFile(Sample);
}

static void toolchain_images_pass_the_file_check(void)
{
    PIMAGE_NT_HEADERS NtHeaders;

    CHECK(load(&dll, "sample.dll"));
    CHECK(load(&exe, "sample.exe"));
    NtHeaders = RtlpImageNtHeaderInImage(dll.Image, dll.ImageSize);
    CHECK(NtHeaders != NULL);
    CHECK(NtHeaders->FileHeader.Characteristics & IMAGE_FILE_DLL);
    NtHeaders = RtlpImageNtHeaderInImage(exe.Image, exe.ImageSize);
    CHECK(NtHeaders != NULL);
    CHECK_EQ(NtHeaders->OptionalHeader.ImageBase, 0x400000);
    CHECK_EQ(NtHeaders->OptionalHeader.Subsystem, IMAGE_SUBSYSTEM_WINDOWS_CUI);
}

static void dll_exports_are_found_by_name_ordinal_and_forwarder(void)
{
    LDRP_EXPORT Export, Decorated, ByOrdinal;

    CHECK_EQ(LdrpFindExportByName(dll.Image, dll.ImageSize, "AddNumbers", 0,
                                  &Export),
             STATUS_SUCCESS);
    CHECK(Export.Address != NULL && Export.Forwarder == NULL);
    /* The .def's alias and the compiler's decorated name: one routine. */
    CHECK_EQ(LdrpFindExportByName(dll.Image, dll.ImageSize, "_AddNumbers@8", 0,
                                  &Decorated),
             STATUS_SUCCESS);
    CHECK_EQ(Decorated.Rva, Export.Rva);
    CHECK_EQ(LdrpFindExportByOrdinal(dll.Image, dll.ImageSize, Export.Ordinal,
                                     &ByOrdinal),
             STATUS_SUCCESS);
    CHECK_EQ(ByOrdinal.Rva, Export.Rva);

    /* The data export: the initialised int the DLL's source gives 5. */
    CHECK_EQ(
        LdrpFindExportByName(dll.Image, dll.ImageSize, "Counter", 0, &Export),
        STATUS_SUCCESS);
    CHECK_EQ(*(const int *)Export.Address, 5);

    /* @7 NONAME: by ordinal only. */
    CHECK_EQ(LdrpFindExportByOrdinal(dll.Image, dll.ImageSize, 7, &Export),
             STATUS_SUCCESS);
    CHECK(Export.Address != NULL);
    CHECK_EQ(
        LdrpFindExportByName(dll.Image, dll.ImageSize, "Hidden", 0, &Export),
        STATUS_PROCEDURE_NOT_FOUND);
    CHECK_EQ(LdrpFindExportByOrdinal(dll.Image, dll.ImageSize, 2, &Export),
             STATUS_ORDINAL_NOT_FOUND); /* an unused slot */

    /* A forwarder is reported, not followed. */
    CHECK_EQ(
        LdrpFindExportByName(dll.Image, dll.ImageSize, "Forwarded", 0, &Export),
        STATUS_SUCCESS);
    CHECK(Export.Address == NULL && Export.Forwarder != NULL);
    CHECK(strstr(Export.Forwarder, "other.") != NULL);
    CHECK(strstr(Export.Forwarder, "Target") != NULL);
}

/* Resolves each import of the program against the DLL laid out at
 * DllBase, as a loader would: the IAT gets DllBase + the export's RVA. */
typedef struct _RESOLVER {
    ULONG DllBase;
    ULONG Dlls;
    ULONG Imports;
    BOOLEAN SawAddNumbers, SawCounter;
    PULONG CounterSlot; /* the IAT entry the Counter import was given */
} RESOLVER;

static NTSTATUS resolve_dll(PVOID Context, ULONG DescriptorIndex, PCSTR DllName)
{
    RESOLVER *Resolver = Context;

    (void)DescriptorIndex;
    Resolver->Dlls++;
    return strcmp(DllName, "sample.dll") == 0 ? STATUS_SUCCESS
                                              : STATUS_PROCEDURE_NOT_FOUND;
}

static NTSTATUS resolve_thunk(PVOID Context, const LDRP_IMPORT_THUNK *Thunk)
{
    RESOLVER *Resolver = Context;
    LDRP_EXPORT Export;
    NTSTATUS Status;

    Resolver->Imports++;
    if (Thunk->ByOrdinal)
        Status = LdrpFindExportByOrdinal(dll.Image, dll.ImageSize,
                                         Thunk->Ordinal, &Export);
    else
        Status = LdrpFindExportByName(dll.Image, dll.ImageSize, Thunk->Name,
                                      Thunk->Hint, &Export);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!Thunk->ByOrdinal && strcmp(Thunk->Name, "_AddNumbers@8") == 0)
        Resolver->SawAddNumbers = TRUE;
    if (!Thunk->ByOrdinal && strcmp(Thunk->Name, "Counter") == 0) {
        Resolver->SawCounter = TRUE;
        Resolver->CounterSlot = Thunk->IatEntry;
    }
    *Thunk->IatEntry = Resolver->DllBase + Export.Rva;
    return STATUS_SUCCESS;
}

static void program_imports_resolve_against_the_dll(void)
{
    RESOLVER Resolver = {0x10000000, 0, 0, FALSE, FALSE, NULL};
    LDRP_EXPORT Counter;

    CHECK_EQ(LdrpWalkImports(exe.Image, exe.ImageSize, resolve_dll,
                             resolve_thunk, &Resolver),
             STATUS_SUCCESS);
    CHECK_EQ(Resolver.Dlls, 1);
    CHECK_EQ(Resolver.Imports, 2);
    CHECK(Resolver.SawAddNumbers && Resolver.SawCounter);
    /* Walking again reads the written IAT only where the lookup table is
     * the IAT itself; lld-link keeps a separate one, so the names are
     * still there. */
    CHECK_EQ(LdrpWalkImports(exe.Image, exe.ImageSize, NULL, NULL, NULL),
             STATUS_SUCCESS);
    /* The slot the program reads Counter through holds its address in
     * the DLL as loaded. */
    CHECK_EQ(
        LdrpFindExportByName(dll.Image, dll.ImageSize, "Counter", 0, &Counter),
        STATUS_SUCCESS);
    CHECK(Resolver.CounterSlot != NULL);
    CHECK_EQ(*Resolver.CounterSlot, Resolver.DllBase + Counter.Rva);
}

/* Each HIGHLOW fixup of the relocation directory, read from the laid-out
 * image: where it is and what it held before the move. */
static ULONG fixups(const SAMPLE *Sample, ULONG *Rvas, ULONG *Values, ULONG Max)
{
    PVOID Data;
    ULONG Size, Offset = 0, Count = 0;

    if (!NT_SUCCESS(RtlpImageDirectoryEntry(Sample->Image, Sample->ImageSize,
                                            IMAGE_DIRECTORY_ENTRY_BASERELOC,
                                            &Data, &Size)) ||
        Data == NULL)
        return 0;
    while (Offset + sizeof(IMAGE_BASE_RELOCATION) <= Size) {
        const IMAGE_BASE_RELOCATION *Block =
            (const IMAGE_BASE_RELOCATION *)((PUCHAR)Data + Offset);
        const USHORT *Entry = (const USHORT *)(Block + 1);
        ULONG Entries = (Block->SizeOfBlock - sizeof(*Block)) / 2, Index;

        for (Index = 0; Index < Entries; Index++) {
            ULONG Rva = Block->VirtualAddress + (Entry[Index] & 0xFFF);

            if ((Entry[Index] >> 12) != IMAGE_REL_BASED_HIGHLOW || Count == Max)
                continue;
            Rvas[Count] = Rva;
            memcpy(&Values[Count], Sample->Image + Rva, 4);
            Count++;
        }
        Offset += Block->SizeOfBlock;
    }
    return Count;
}

static void program_moves_by_its_relocations(void)
{
    static const ULONG NewBase = 0x10000000;
    ULONG Rvas[64], Values[64], Count, Index, Value;
    PUCHAR Before = malloc(exe.ImageSize);
    PIMAGE_NT_HEADERS NtHeaders;
    ULONG Changed = 0, Offset;

    CHECK(Before != NULL);
    memcpy(Before, exe.Image, exe.ImageSize);
    Count = fixups(&exe, Rvas, Values, 64);
    /* pointers[2] in the program's data, at least. */
    CHECK(Count >= 2);
    CHECK_EQ(LdrpRelocateImage(exe.Image, exe.ImageSize, NewBase),
             STATUS_SUCCESS);
    for (Index = 0; Index < Count; Index++) {
        memcpy(&Value, exe.Image + Rvas[Index], 4);
        CHECK_EQ(Value, Values[Index] - 0x400000 + NewBase);
    }
    NtHeaders = RtlpImageNtHeaderInImage(exe.Image, exe.ImageSize);
    CHECK(NtHeaders != NULL);
    CHECK_EQ(NtHeaders->OptionalHeader.ImageBase, NewBase);
    /* Nothing else moved: the fixups' 4 bytes and ImageBase's are all
     * that differ. */
    for (Offset = 0; Offset < exe.ImageSize; Offset++)
        Changed += exe.Image[Offset] != Before[Offset];
    CHECK(Changed <= 4 * (Count + 1));
    free(Before);
}

int main(void)
{
    RUN(toolchain_images_pass_the_file_check);
    RUN(dll_exports_are_found_by_name_ordinal_and_forwarder);
    RUN(program_imports_resolve_against_the_dll);
    RUN(program_moves_by_its_relocations);
    release(&dll);
    release(&exe);
    HOST_TEST_EXIT();
}
