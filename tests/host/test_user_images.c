/*
 * The user-mode images (user/, built into build/user) as the kernel's
 * loader will take them: each passes the image check and lays out; ntdll
 * sits at its fixed base, keeps its relocations, imports nothing and
 * exports every service of kernel/ps/services.tbl as NT's x86 stub (the
 * number in eax, a call through KUSER_SHARED_DATA.SystemCall) plus the
 * entry points the kernel looks up by name; kernel32 imports only from
 * ntdll; and every import of kernel32 and the programs resolves against
 * the DLLs' export tables.
 */
#include "host_test.h"
#include "kernel/image.h"
#include "pe_file.h"

/* The Makefile says where the images are built. */
#ifndef USER_IMAGES
#define USER_IMAGES "build/user"
#endif
#define SERVICE_TABLE "kernel/ps/services.tbl"

typedef struct _IMAGE {
    const char *Name;
    PUCHAR File;
    ULONG FileSize;
    PUCHAR Image;
    ULONG ImageSize;
} IMAGE;

static IMAGE ntdll = {"ntdll.dll", NULL, 0, NULL, 0},
             kernel32 = {"kernel32.dll", NULL, 0, NULL, 0},
             hello = {"hello.exe", NULL, 0, NULL, 0},
             usertests = {"usertests.exe", NULL, 0, NULL, 0};

static BOOLEAN load(IMAGE *Image)
{
    PE_FILE Pe = {NULL, 0, NULL, 0};
    BOOLEAN Loaded = PeLoadFile(USER_IMAGES, Image->Name, &Pe);

    Image->File = Pe.File;
    Image->FileSize = Pe.FileSize;
    Image->Image = Pe.Image;
    Image->ImageSize = Pe.ImageSize;
    return Loaded;
}

static void release(IMAGE *Image)
{
    PE_FILE Pe = {Image->File, Image->FileSize, Image->Image, Image->ImageSize};

    PeReleaseFile(&Pe);
    Image->File = Image->Image = NULL;
}

static PIMAGE_NT_HEADERS headers(IMAGE *Image)
{
    return RtlpImageNtHeaderInImage(Image->Image, Image->ImageSize);
}

static ULONG directory_size(IMAGE *Image, USHORT Entry)
{
    PVOID Data;
    ULONG Size;

    if (!NT_SUCCESS(RtlpImageDirectoryEntry(Image->Image, Image->ImageSize,
                                            Entry, &Data, &Size)) ||
        Data == NULL)
        return 0;
    return Size;
}

/* The export's code, or NULL. */
static const UCHAR *export_code(IMAGE *Image, const char *Name)
{
    LDRP_EXPORT Export;

    if (!NT_SUCCESS(LdrpFindExportByName(Image->Image, Image->ImageSize, Name,
                                         0, &Export)) ||
        Export.Address == NULL)
        return NULL;
    return Export.Address;
}

static void images_pass_the_loader_checks(void)
{
    PIMAGE_NT_HEADERS NtHeaders;

    CHECK(load(&ntdll));
    CHECK(load(&kernel32));
    CHECK(load(&hello));
    CHECK(load(&usertests));

    NtHeaders = headers(&ntdll);
    CHECK(NtHeaders != NULL);
    CHECK(NtHeaders->FileHeader.Characteristics & IMAGE_FILE_DLL);
    CHECK_EQ(NtHeaders->OptionalHeader.ImageBase, 0x7C900000);
    CHECK(
        !(NtHeaders->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED));
    NtHeaders = headers(&kernel32);
    CHECK(NtHeaders != NULL);
    CHECK(NtHeaders->FileHeader.Characteristics & IMAGE_FILE_DLL);
    CHECK_EQ(NtHeaders->OptionalHeader.ImageBase, 0x7C800000);
    CHECK(NtHeaders->OptionalHeader.AddressOfEntryPoint != 0);
    NtHeaders = headers(&hello);
    CHECK(NtHeaders != NULL);
    CHECK_EQ(NtHeaders->OptionalHeader.Subsystem, IMAGE_SUBSYSTEM_WINDOWS_CUI);
    CHECK(!(NtHeaders->FileHeader.Characteristics & IMAGE_FILE_DLL));
    NtHeaders = headers(&usertests);
    CHECK(NtHeaders != NULL);
    CHECK_EQ(NtHeaders->OptionalHeader.Subsystem, IMAGE_SUBSYSTEM_WINDOWS_CUI);
    /* usertests uses __try and ntdll has its handler: neither may claim
     * to have no SEH. */
    CHECK(!(NtHeaders->OptionalHeader.DllCharacteristics &
            IMAGE_DLLCHARACTERISTICS_NO_SEH));
    CHECK(!(headers(&ntdll)->OptionalHeader.DllCharacteristics &
            IMAGE_DLLCHARACTERISTICS_NO_SEH));
}

/* Both DLLs keep their relocations and move cleanly: the kernel relocates
 * one whose base is taken. */
static void dlls_keep_relocations_and_move(void)
{
    IMAGE *Dlls[] = {&ntdll, &kernel32};
    ULONG Index;

    for (Index = 0; Index < 2; Index++) {
        IMAGE *Dll = Dlls[Index];
        PUCHAR Copy = aligned_alloc(4096, Dll->ImageSize);

        CHECK(Copy != NULL);
        memcpy(Copy, Dll->Image, Dll->ImageSize);
        CHECK_MSG(directory_size(Dll, IMAGE_DIRECTORY_ENTRY_BASERELOC) != 0,
                  "%s has no relocations", Dll->Name);
        CHECK_EQ(LdrpRelocateImage(Copy, Dll->ImageSize, 0x10000000),
                 STATUS_SUCCESS);
        free(Copy);
    }
}

typedef struct _COUNTER {
    ULONG Dlls, Imports;
} COUNTER;

static NTSTATUS count_dll(PVOID Context, ULONG Index, PCSTR Name)
{
    (void)Index;
    (void)Name;
    ((COUNTER *)Context)->Dlls++;
    return STATUS_SUCCESS;
}

static NTSTATUS count_import(PVOID Context, const LDRP_IMPORT_THUNK *Thunk)
{
    (void)Thunk;
    ((COUNTER *)Context)->Imports++;
    return STATUS_SUCCESS;
}

static void ntdll_imports_nothing(void)
{
    COUNTER Counter = {0, 0};

    CHECK_EQ(LdrpWalkImports(ntdll.Image, ntdll.ImageSize, count_dll,
                             count_import, &Counter),
             STATUS_SUCCESS);
    CHECK_EQ(Counter.Dlls, 0);
    CHECK_EQ(Counter.Imports, 0);
    CHECK_EQ(directory_size(&ntdll, IMAGE_DIRECTORY_ENTRY_IMPORT), 0);
}

/* docs/user-mode.md's three routines, byte for byte. */
static void ntdll_exports_the_system_call_routines(void)
{
    /* mov edx, esp (either encoding); sysenter */
    static const UCHAR Fast[] = {0x8B, 0xD4, 0x0F, 0x34};
    static const UCHAR FastToo[] = {0x89, 0xE2, 0x0F, 0x34};
    static const UCHAR Int[] = {0x8D, 0x54, 0x24, 0x08, /* lea edx,[esp+8] */
                                0xCD, 0x2E, 0xC3};      /* int 0x2e; ret */
    const UCHAR *Code;

    Code = export_code(&ntdll, "KiFastSystemCall");
    CHECK(Code != NULL);
    CHECK(memcmp(Code, Fast, sizeof(Fast)) == 0 ||
          memcmp(Code, FastToo, sizeof(FastToo)) == 0);
    /* sysexit returns to the ret right after the sysenter. */
    CHECK(export_code(&ntdll, "KiFastSystemCallRet") == Code + 4);
    CHECK_EQ(*export_code(&ntdll, "KiFastSystemCallRet"), 0xC3);
    Code = export_code(&ntdll, "KiIntSystemCall");
    CHECK(Code != NULL);
    CHECK(memcmp(Code, Int, sizeof(Int)) == 0);
    CHECK(export_code(&ntdll, "LdrInitializeThunk") != NULL);
    CHECK(export_code(&ntdll, "KiUserExceptionDispatcher") != NULL);
    CHECK(export_code(&ntdll, "KiUserApcDispatcher") != NULL);
    CHECK(export_code(&ntdll, "_except_handler3") != NULL);
}

/* Each line of the service table is an export of that name (and its Zw
 * twin) whose code is NT's stub with the line's number and byte count. */
static void ntdll_stubs_match_the_service_table(void)
{
    char Line[256], Name[128];
    unsigned Number = 0, Bytes;
    FILE *Table = fopen(SERVICE_TABLE, "r");

    CHECK(Table != NULL);
    while (fgets(Line, sizeof(Line), Table) != NULL) {
        const UCHAR *Code, *Twin;
        ULONG Value;

        if (Line[0] == '#' || sscanf(Line, "%127s %u", Name, &Bytes) != 2)
            continue;
        Line[strcspn(Line, "\n")] = 0;
        Code = export_code(&ntdll, Name);
        Name[0] = 'Z';
        Name[1] = 'w';
        Twin = export_code(&ntdll, Name);
        if (Code == NULL || Twin != Code) {
            fclose(Table);
            CHECK_MSG(0, "%s (number %u) is not exported as a stub", Line,
                      Number);
        }
        memcpy(&Value, Code + 1, 4);
        if (Code[0] != 0xB8 || Value != Number || Code[5] != 0xBA) {
            fclose(Table);
            CHECK_MSG(0, "%s: not mov eax, %u / mov edx", Line, Number);
        }
        memcpy(&Value, Code + 6, 4);
        /* call [edx] through 0x7FFE0300, then ret N (or ret). */
        if (Value != 0x7FFE0300 || Code[10] != 0xFF || Code[11] != 0x12 ||
            (Bytes != 0 && (Code[12] != 0xC2 || Code[13] != (Bytes & 0xFF) ||
                            Code[14] != (Bytes >> 8))) ||
            (Bytes == 0 && Code[12] != 0xC3)) {
            fclose(Table);
            CHECK_MSG(0, "%s: not a call through SystemCall / ret %u", Line,
                      Bytes);
        }
        Number++;
    }
    fclose(Table);
    CHECK(Number >= 40);
}

/* Resolves every import of one image against ntdll and kernel32. */
typedef struct _RESOLVER {
    IMAGE *Importer;
    ULONG Imports;
    BOOLEAN OnlyNtdll;
} RESOLVER;

static IMAGE *dll_named(PCSTR Name)
{
    if (strcmp(Name, "ntdll.dll") == 0)
        return &ntdll;
    if (strcmp(Name, "kernel32.dll") == 0)
        return &kernel32;
    return NULL;
}

static NTSTATUS resolve_dll(PVOID Context, ULONG Index, PCSTR Name)
{
    RESOLVER *Resolver = Context;

    (void)Index;
    if (dll_named(Name) == NULL ||
        (Resolver->OnlyNtdll && strcmp(Name, "ntdll.dll") != 0)) {
        printf("%s imports from %s\n", Resolver->Importer->Name, Name);
        return STATUS_PROCEDURE_NOT_FOUND;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS resolve_import(PVOID Context, const LDRP_IMPORT_THUNK *Thunk)
{
    RESOLVER *Resolver = Context;
    IMAGE *Dll = dll_named(Thunk->DllName);
    LDRP_EXPORT Export;
    NTSTATUS Status;

    Resolver->Imports++;
    if (Thunk->ByOrdinal)
        Status = LdrpFindExportByOrdinal(Dll->Image, Dll->ImageSize,
                                         Thunk->Ordinal, &Export);
    else
        Status = LdrpFindExportByName(Dll->Image, Dll->ImageSize, Thunk->Name,
                                      Thunk->Hint, &Export);
    if (NT_SUCCESS(Status) && Export.Address == NULL)
        Status = STATUS_PROCEDURE_NOT_FOUND; /* no forwarders here */
    if (!NT_SUCCESS(Status))
        printf("%s: %s!%s does not resolve\n", Resolver->Importer->Name,
               Thunk->DllName, Thunk->ByOrdinal ? "(ordinal)" : Thunk->Name);
    return Status;
}

static void imports_resolve_against_the_dlls(void)
{
    IMAGE *Importers[] = {&kernel32, &hello, &usertests};
    ULONG Index;

    for (Index = 0; Index < 3; Index++) {
        RESOLVER Resolver = {Importers[Index], 0, Index == 0};

        CHECK_EQ(LdrpWalkImports(Importers[Index]->Image,
                                 Importers[Index]->ImageSize, resolve_dll,
                                 resolve_import, &Resolver),
                 STATUS_SUCCESS);
        CHECK_MSG(Resolver.Imports != 0, "%s imports nothing",
                  Importers[Index]->Name);
    }
}

int main(void)
{
    RUN(images_pass_the_loader_checks);
    RUN(dlls_keep_relocations_and_move);
    RUN(ntdll_imports_nothing);
    RUN(ntdll_exports_the_system_call_routines);
    RUN(ntdll_stubs_match_the_service_table);
    RUN(imports_resolve_against_the_dlls);
    release(&ntdll);
    release(&kernel32);
    release(&hello);
    release(&usertests);
    HOST_TEST_EXIT();
}
