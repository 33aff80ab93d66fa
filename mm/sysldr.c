/*
 * The system-image loader (include/kernel/sysldr.h; docs/io.md, "The
 * driver loader"), NT's MmLoadSystemImage: a driver from the boot files
 * is checked by the image layer (kernel/rtl/image*.c), laid out in fresh
 * pages from system PTE space, relocated there, bound to the kernel's
 * export tables and to loaded export drivers (mm/sysldr_bind.c), and only
 * then given its sections' protections: code and read-only data become
 * read-only for the kernel too (CR0.WP is on). Each failure gives back
 * all it took.
 */
#include "kernel/sysldr.h"
#include "kernel/image.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/sysldr_bind.h"
#include "kernel/verifier.h"

#define LOADER_TAG 'dLmM' /* NT's MmLd */

LIST_ENTRY PsLoadedModuleList;
ERESOURCE PsLoadedModuleResource;

/* The kernel's own records: ntoskrnl.exe and hal.dll are one image here. */
static MI_LOADED_IMAGE kernel_image, hal_image;

static VOID acquire_list(BOOLEAN Exclusive)
{
    KeEnterCriticalRegion();
    if (Exclusive)
        ExAcquireResourceExclusiveLite(&PsLoadedModuleResource, TRUE);
    else
        ExAcquireResourceSharedLite(&PsLoadedModuleResource, TRUE);
}

static VOID release_list(VOID)
{
    ExReleaseResourceLite(&PsLoadedModuleResource);
    KeLeaveCriticalRegion();
}

static VOID init_kernel_record(PMI_LOADED_IMAGE Image, PCWSTR Name)
{
    RtlInitUnicodeString(&Image->Entry.FullDllName, Name);
    Image->Entry.BaseDllName = Image->Entry.FullDllName;
    Image->Entry.DllBase = __kernel_start;
    Image->Entry.SizeOfImage = (ULONG)(__kernel_end - __kernel_start);
    Image->Entry.Flags = LDRP_SYSTEM_MAPPED | LDRP_ENTRY_PROCESSED;
    Image->Entry.LoadCount = 1;
    InsertTailList(&PsLoadedModuleList, &Image->Entry.InLoadOrderLinks);
}

VOID MmInitializeSystemLoader(VOID)
{
    InitializeListHead(&PsLoadedModuleList);
    ExInitializeResourceLite(&PsLoadedModuleResource);
    init_kernel_record(&kernel_image, u"ntoskrnl.exe");
    init_kernel_record(&hal_image, u"hal.dll");
}

static BOOLEAN is_kernel_record(PKLDR_DATA_TABLE_ENTRY Entry)
{
    return Entry == &kernel_image.Entry || Entry == &hal_image.Entry;
}

PKLDR_DATA_TABLE_ENTRY MiFindLoadedModule(PCUNICODE_STRING BaseName)
{
    PLIST_ENTRY Link;

    for (Link = PsLoadedModuleList.Flink; Link != &PsLoadedModuleList;
         Link = Link->Flink) {
        PKLDR_DATA_TABLE_ENTRY Entry =
            CONTAINING_RECORD(Link, KLDR_DATA_TABLE_ENTRY, InLoadOrderLinks);

        if (RtlEqualUnicodeString(&Entry->BaseDllName, BaseName, TRUE))
            return Entry;
    }
    return NULL;
}

/* Sorts the sections: INIT and discardable ones are freed after
 * DriverEntry, PAGE* ones pageable (mm/pageable_image.c). */
static VOID record_sections(PMI_LOADED_IMAGE Image, PIMAGE_NT_HEADERS Nt)
{
    PIMAGE_SECTION_HEADER Header = IMAGE_FIRST_SECTION(Nt);
    ULONG Index;

    for (Index = 0; Index < Image->SectionCount; Index++) {
        PMI_IMAGE_SECTION Section = &Image->Sections[Index];

        RtlCopyMemory(Section->Name, Header[Index].Name,
                      IMAGE_SIZEOF_SHORT_NAME);
        Section->Name[IMAGE_SIZEOF_SHORT_NAME] = '\0';
        Section->Rva = Header[Index].VirtualAddress;
        Section->Size = Header[Index].Misc.VirtualSize != 0
                            ? Header[Index].Misc.VirtualSize
                            : Header[Index].SizeOfRawData;
        Section->Characteristics = Header[Index].Characteristics;
        Section->Flags = 0;
        if (strcmp(Section->Name, "INIT") == 0 ||
            (Section->Characteristics & IMAGE_SCN_MEM_DISCARDABLE))
            Section->Flags |= MI_SECTION_DISCARDABLE;
        else if (RtlCompareMemory(Section->Name, "PAGE", 4) == 4)
            Section->Flags |= MI_SECTION_PAGEABLE;
    }
}

static ULONG section_protection(ULONG Characteristics)
{
    BOOLEAN Execute = (Characteristics & IMAGE_SCN_MEM_EXECUTE) != 0;
    BOOLEAN Write = (Characteristics & IMAGE_SCN_MEM_WRITE) != 0;

    if (Execute)
        return Write ? PAGE_EXECUTE_READWRITE : PAGE_EXECUTE_READ;
    return Write ? PAGE_READWRITE : PAGE_READONLY;
}

/* The headers read-only, each page as the sections on it say (the most
 * permissive wins where two share a page, which only a section alignment
 * below a page allows). */
static VOID protect_image(PMI_LOADED_IMAGE Image)
{
    ULONG Page, Index;

    for (Page = 0; Page < Image->PageCount; Page++) {
        ULONG Start = Page * PAGE_SIZE, Characteristics = 0;

        for (Index = 0; Index < Image->SectionCount; Index++) {
            PMI_IMAGE_SECTION Section = &Image->Sections[Index];

            if (Start < Section->Rva + Section->Size &&
                Section->Rva < Start + PAGE_SIZE)
                Characteristics |= Section->Characteristics;
        }
        MiProtectPage((PUCHAR)Image->Entry.DllBase + Start,
                      section_protection(Characteristics));
    }
}

/* "Full" then "Base" in one pool block; the two strings point into it. */
static NTSTATUS copy_names(PKLDR_DATA_TABLE_ENTRY Entry,
                           PCUNICODE_STRING FullName, PCUNICODE_STRING BaseName)
{
    PWCHAR Buffer;
    ULONG Bytes = (ULONG)FullName->Length + BaseName->Length;

    if (FullName->Length == 0 || BaseName->Length == 0 ||
        (FullName->Length & 1) || (BaseName->Length & 1))
        return STATUS_OBJECT_NAME_INVALID;
    Buffer = ExAllocatePoolWithTag(NonPagedPool, Bytes, LOADER_TAG);
    if (Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Buffer, FullName->Buffer, FullName->Length);
    RtlCopyMemory((PUCHAR)Buffer + FullName->Length, BaseName->Buffer,
                  BaseName->Length);
    Entry->FullDllName.Buffer = Buffer;
    Entry->FullDllName.Length = Entry->FullDllName.MaximumLength =
        FullName->Length;
    Entry->BaseDllName.Buffer = (PWCHAR)((PUCHAR)Buffer + FullName->Length);
    Entry->BaseDllName.Length = Entry->BaseDllName.MaximumLength =
        BaseName->Length;
    return STATUS_SUCCESS;
}

/* Gives back everything a record holds: its imports' references (each
 * export driver unloads when its last goes), pages and PTEs, names. */
static VOID delete_image(PMI_LOADED_IMAGE Image)
{
    VfUnloadImage(&Image->Entry); /* a verified driver's leaks stop here */
    if (Image->Entry.LoadedImports != NULL)
        MiDereferenceImports(Image->Entry.LoadedImports);
    if (Image->Entry.DllBase != NULL) {
        MiReleasePageableImage(Image);
        MiFreeSystemPages(Image->Entry.DllBase);
    }
    if (Image->Sections != NULL)
        ExFreePoolWithTag(Image->Sections, LOADER_TAG);
    if (Image->Entry.FullDllName.Buffer != NULL)
        ExFreePoolWithTag(Image->Entry.FullDllName.Buffer, LOADER_TAG);
    ExFreePoolWithTag(Image, LOADER_TAG);
}

/* Everything but the list: the caller holds the list exclusive. */
static NTSTATUS load_image(PCVOID File, ULONG FileSize,
                           PCUNICODE_STRING FullName, PCUNICODE_STRING BaseName,
                           PMI_LOADED_IMAGE *Loaded)
{
    PIMAGE_NT_HEADERS Nt;
    PMI_LOADED_IMAGE Image;
    CHAR Name[64];
    NTSTATUS Status;
    ULONG Size;

    Status = RtlpVerifyImageFile(File, FileSize, &Nt);
    if (!NT_SUCCESS(Status))
        return Status;
    /* A driver is a native image (a program or a Win32 DLL is not). */
    if (Nt->OptionalHeader.Subsystem != IMAGE_SUBSYSTEM_NATIVE ||
        (Nt->OptionalHeader.AddressOfEntryPoint == 0 &&
         !(Nt->FileHeader.Characteristics & IMAGE_FILE_DLL)))
        return STATUS_INVALID_IMAGE_FORMAT;
    Image = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Image), LOADER_TAG);
    if (Image == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlZeroMemory(Image, sizeof(*Image));
    Status = copy_names(&Image->Entry, FullName, BaseName);
    if (!NT_SUCCESS(Status))
        goto Failed;
    Image->SectionCount = Nt->FileHeader.NumberOfSections;
    Image->Sections = ExAllocatePoolWithTag(
        NonPagedPool, Image->SectionCount * sizeof(MI_IMAGE_SECTION),
        LOADER_TAG);
    if (Image->Sections == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto Failed;
    }
    record_sections(Image, Nt);
    Size = ROUND_TO_PAGES(Nt->OptionalHeader.SizeOfImage);
    Image->Entry.DllBase =
        MiAllocateSystemPages(Size >> PAGE_SHIFT, PAGE_READWRITE);
    if (Image->Entry.DllBase == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto Failed;
    }
    Image->PageCount = Size >> PAGE_SHIFT;
    Image->Entry.SizeOfImage = Nt->OptionalHeader.SizeOfImage;
    Image->Entry.CheckSum = Nt->OptionalHeader.CheckSum;
    Image->Entry.Flags = LDRP_SYSTEM_MAPPED;
    if (Nt->FileHeader.Characteristics & IMAGE_FILE_DLL)
        Image->Entry.Flags |= LDRP_IMAGE_DLL;
    if ((ULONG_PTR)Image->Entry.DllBase != Nt->OptionalHeader.ImageBase)
        Image->Entry.Flags |= LDRP_IMAGE_NOT_AT_BASE;
    if (Nt->OptionalHeader.AddressOfEntryPoint != 0)
        Image->Entry.EntryPoint = (PUCHAR)Image->Entry.DllBase +
                                  Nt->OptionalHeader.AddressOfEntryPoint;
    Status = RtlpCopyImageFile(File, FileSize, Image->Entry.DllBase, Size);
    if (NT_SUCCESS(Status))
        Status = LdrpRelocateImage(Image->Entry.DllBase, Size,
                                   (ULONG)Image->Entry.DllBase);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("sysldr: %s refused: %s (status %08lx)\n",
                 MiAsciiName(BaseName, Name, sizeof(Name)),
                 Status == STATUS_CONFLICTING_ADDRESSES
                     ? "it cannot move (no relocations)"
                     : "a malformed relocation table",
                 (ULONG)Status);
        goto Failed;
    }
    Status = MiBindImage(&Image->Entry);
    if (!NT_SUCCESS(Status))
        goto Failed;
    protect_image(Image);
    MiSetImagePaging(Image); /* PAGE* sections: pageable from now on */
    Image->Entry.LoadCount = 1;
    *Loaded = Image;
    return STATUS_SUCCESS;

Failed:
    delete_image(Image);
    return Status;
}

NTSTATUS MiLoadSystemImageFromFile(PCVOID File, ULONG FileSize,
                                   PCUNICODE_STRING FullName,
                                   PCUNICODE_STRING BaseName,
                                   PKLDR_DATA_TABLE_ENTRY *Entry)
{
    PKLDR_DATA_TABLE_ENTRY Existing;
    PMI_LOADED_IMAGE Image = NULL;
    NTSTATUS Status;

    acquire_list(TRUE);
    Existing = MiFindLoadedModule(BaseName);
    if (Existing != NULL) {
        *Entry = Existing;
        Status = STATUS_IMAGE_ALREADY_LOADED;
    } else {
        Status = load_image(File, FileSize, FullName, BaseName, &Image);
        if (NT_SUCCESS(Status)) {
            InsertTailList(&PsLoadedModuleList, &Image->Entry.InLoadOrderLinks);
            *Entry = &Image->Entry;
        }
    }
    release_list();
    return Status;
}

/* The path's last component (after the last '\'). */
static VOID last_component(PCUNICODE_STRING Path, PUNICODE_STRING Name)
{
    USHORT Index = Path->Length / sizeof(WCHAR);

    while (Index > 0 && Path->Buffer[Index - 1] != u'\\')
        Index--;
    Name->Buffer = Path->Buffer + Index;
    Name->Length = Name->MaximumLength =
        (USHORT)(Path->Length - Index * sizeof(WCHAR));
}

NTSTATUS MmLoadSystemImage(PUNICODE_STRING FileName, PUNICODE_STRING NamePrefix,
                           PUNICODE_STRING LoadedName, ULONG Flags,
                           PVOID *ModuleObject, PVOID *ImageBaseAddress)
{
    UNICODE_STRING File, BaseName;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;
    PVOID Data;
    SIZE_T Size;
    PWCHAR Buffer = NULL;
    NTSTATUS Status;

    if (FileName == NULL || FileName->Buffer == NULL)
        return STATUS_INVALID_PARAMETER_1;
    if (Flags != 0)
        return STATUS_INVALID_PARAMETER_4;
    last_component(FileName, &File);
    Status = MmGetBootFile(&File, &Data, &Size);
    if (!NT_SUCCESS(Status))
        return Status;
    BaseName = LoadedName != NULL ? *LoadedName : File;
    if (NamePrefix != NULL && NamePrefix->Length != 0) {
        ULONG Bytes = (ULONG)NamePrefix->Length + BaseName.Length;

        if (Bytes > 0xFFFE)
            return STATUS_NAME_TOO_LONG;
        Buffer = ExAllocatePoolWithTag(NonPagedPool, Bytes, LOADER_TAG);
        if (Buffer == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        RtlCopyMemory(Buffer, NamePrefix->Buffer, NamePrefix->Length);
        RtlCopyMemory((PUCHAR)Buffer + NamePrefix->Length, BaseName.Buffer,
                      BaseName.Length);
        BaseName.Buffer = Buffer;
        BaseName.Length = BaseName.MaximumLength = (USHORT)Bytes;
    }
    Status = MiLoadSystemImageFromFile(Data, (ULONG)Size, FileName, &BaseName,
                                       &Entry);
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, LOADER_TAG);
    if (NT_SUCCESS(Status) || Status == STATUS_IMAGE_ALREADY_LOADED) {
        *ModuleObject = Entry;
        *ImageBaseAddress = Entry->DllBase;
    }
    return Status;
}

VOID MmFreeDriverInitialization(PVOID ModuleObject)
{
    PMI_LOADED_IMAGE Image = MI_LOADED_IMAGE_OF(ModuleObject);
    PIMAGE_NT_HEADERS Nt;
    ULONG Index, Page;

    acquire_list(TRUE);
    Nt = RtlpImageNtHeaderInImage(Image->Entry.DllBase,
                                  Image->Entry.SizeOfImage);
    if (Image->PageCount != 0 && Nt != NULL &&
        Nt->OptionalHeader.SectionAlignment >= PAGE_SIZE) {
        for (Index = 0; Index < Image->SectionCount; Index++) {
            PMI_IMAGE_SECTION Section = &Image->Sections[Index];

            if ((Section->Flags & (MI_SECTION_DISCARDABLE |
                                   MI_SECTION_FREED)) != MI_SECTION_DISCARDABLE)
                continue;
            /* Sections start on page boundaries here, and none shares
             * the last page of another. */
            for (Page = 0; Page < BYTES_TO_PAGES(Section->Size); Page++) {
                PFN_NUMBER Frame = MiUnmapPage((PUCHAR)Image->Entry.DllBase +
                                               Section->Rva + Page * PAGE_SIZE);

                if (Frame != MI_NO_PAGE)
                    MiFreePages(Frame, 0);
            }
            Section->Flags |= MI_SECTION_FREED;
        }
    }
    release_list();
}

typedef NTSTATUS(NTAPI *PMM_DLL_INITIALIZE)(PUNICODE_STRING RegistryPath);
typedef NTSTATUS(NTAPI *PMM_DLL_UNLOAD)(VOID);

static PVOID find_routine(PKLDR_DATA_TABLE_ENTRY Entry, PCSTR Name)
{
    LDRP_EXPORT Export;

    if (!NT_SUCCESS(LdrpFindExportByName(Entry->DllBase, Entry->SizeOfImage,
                                         Name, 0, &Export)) ||
        Export.Forwarder != NULL)
        return NULL;
    return Export.Address;
}

#define SERVICES_KEY                                                           \
    u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
/* Images loaded on an importer's behalf, one inside another. */
#define MAXIMUM_DEPENDENT_DEPTH 4

/* NT's MmCallDllInitialize: the registry path of the service named as
 * the export driver without its extension. */
static NTSTATUS call_dll_initialize(PKLDR_DATA_TABLE_ENTRY Entry)
{
    PMM_DLL_INITIALIZE Initialize =
        (PMM_DLL_INITIALIZE)find_routine(Entry, "DllInitialize");
    static const WCHAR Key[] = SERVICES_KEY;
    WCHAR Buffer[sizeof(Key) / sizeof(WCHAR) + 64];
    UNICODE_STRING Path;
    USHORT Length = Entry->BaseDllName.Length, Index;

    if (Initialize == NULL)
        return STATUS_SUCCESS;
    for (Index = 0; Index < Length / sizeof(WCHAR); Index++)
        if (Entry->BaseDllName.Buffer[Index] == u'.')
            Length = Index * sizeof(WCHAR);
    if (Length > 64 * sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    RtlCopyMemory(Buffer, Key, sizeof(Key) - sizeof(WCHAR));
    RtlCopyMemory((PUCHAR)Buffer + sizeof(Key) - sizeof(WCHAR),
                  Entry->BaseDllName.Buffer, Length);
    Path.Buffer = Buffer;
    Path.Length = (USHORT)(sizeof(Key) - sizeof(WCHAR) + Length);
    Path.MaximumLength = sizeof(Buffer);
    return Initialize(&Path);
}

NTSTATUS MiLoadDependentImage(PCSTR DllName, PKLDR_DATA_TABLE_ENTRY *Entry)
{
    static ULONG depth; /* the list is held exclusive: one load at a time */
    static const WCHAR Drivers[] = u"\\SystemRoot\\System32\\Drivers\\";
    WCHAR FullBuffer[sizeof(Drivers) / sizeof(WCHAR) + 64];
    UNICODE_STRING FullName, BaseName;
    PMI_LOADED_IMAGE Image;
    CHAR Name[64];
    ULONG Index;
    PVOID Data;
    SIZE_T Size;
    NTSTATUS Status;

    for (Index = 0; DllName[Index] != '\0'; Index++)
        if (Index == 64 || (UCHAR)DllName[Index] >= 0x80)
            return STATUS_DLL_NOT_FOUND;
    RtlCopyMemory(FullBuffer, Drivers, sizeof(Drivers) - sizeof(WCHAR));
    BaseName.Buffer = FullBuffer + sizeof(Drivers) / sizeof(WCHAR) - 1;
    for (Index = 0; DllName[Index] != '\0'; Index++)
        BaseName.Buffer[Index] = (WCHAR)DllName[Index];
    BaseName.Length = BaseName.MaximumLength = (USHORT)(Index * sizeof(WCHAR));
    FullName.Buffer = FullBuffer;
    FullName.Length = FullName.MaximumLength =
        (USHORT)(sizeof(Drivers) - sizeof(WCHAR) + BaseName.Length);
    if (!NT_SUCCESS(MmGetBootFile(&BaseName, &Data, &Size)))
        return STATUS_DLL_NOT_FOUND;
    /* A loop of imports, or a chain deeper than the kernel stack should
     * carry, is refused rather than followed. */
    if (depth == MAXIMUM_DEPENDENT_DEPTH) {
        DbgPrint("sysldr: %s: export drivers nested too deep (or in a "
                 "loop): refused\n",
                 DllName);
        return STATUS_DLL_NOT_FOUND;
    }
    depth++;
    Status = load_image(Data, (ULONG)Size, &FullName, &BaseName, &Image);
    depth--;
    if (!NT_SUCCESS(Status))
        return Status;
    Image->Entry.Flags |= LDRP_DRIVER_DEPENDENT_DLL;
    InsertTailList(&PsLoadedModuleList, &Image->Entry.InLoadOrderLinks);
    Status = call_dll_initialize(&Image->Entry);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("sysldr: %s: DllInitialize failed (status %08lx): refused\n",
                 MiAsciiName(&BaseName, Name, sizeof(Name)), (ULONG)Status);
        RemoveEntryList(&Image->Entry.InLoadOrderLinks);
        delete_image(Image);
        return Status;
    }
    *Entry = &Image->Entry;
    return STATUS_SUCCESS;
}

/* With the list exclusive: one reference goes; at none, the image. An
 * export driver loaded for its importers goes only if its DllUnload
 * exists and succeeds, as NT's MiCallDllUnloadAndUnloadDll decides;
 * otherwise it stays, unreferenced, until another importer lets it go or
 * it is unloaded by name. */
VOID MiDereferenceLoadedImage(PKLDR_DATA_TABLE_ENTRY Entry)
{
    if (is_kernel_record(Entry))
        return;
    if (Entry->LoadCount != 0 && --Entry->LoadCount != 0)
        return;
    if (Entry->Flags & LDRP_DRIVER_DEPENDENT_DLL) {
        PMM_DLL_UNLOAD Unload =
            (PMM_DLL_UNLOAD)find_routine(Entry, "DllUnload");

        if (Unload == NULL || !NT_SUCCESS(Unload()))
            return;
    }
    RemoveEntryList(&Entry->InLoadOrderLinks);
    delete_image(MI_LOADED_IMAGE_OF(Entry));
}

NTSTATUS MmUnloadSystemImage(PVOID ModuleObject)
{
    PKLDR_DATA_TABLE_ENTRY Entry = ModuleObject;

    if (Entry == NULL || is_kernel_record(Entry))
        return STATUS_INVALID_PARAMETER;
    acquire_list(TRUE);
    if (Entry->LoadCount == 0) {
        /* A dependent export driver its DllUnload kept: asked for by
         * name, it goes. */
        RemoveEntryList(&Entry->InLoadOrderLinks);
        delete_image(MI_LOADED_IMAGE_OF(Entry));
    } else {
        MiDereferenceLoadedImage(Entry);
    }
    release_list();
    return STATUS_SUCCESS;
}
