/*
 * The loader's kernel half: PE images mapped into the current process
 * from the files a lookup routine finds. Each image is checked by the
 * image layer (kernel/rtl/image*.c) before a byte of it is used, mapped as
 * a view of its image section (mm/image_section.c) or, without one, laid
 * out in committed private memory, at its preferred base (or relocated to
 * a free range), bound to the exports of the DLLs it imports (loaded the
 * same way, forwarders followed), and only then given its sections'
 * protections, so the loader's own writes (relocations, the IAT) happen
 * while the pages are still writable.
 */
#include "kernel/image.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/section.h"
#include "kernel/seh.h"

#define ALLOCATION_GRANULARITY 0x10000UL
#define RELOCATION_FLOOR 0x01000000UL /* where moved images go, upwards */
#define MAXIMUM_DEPTH 8               /* of imports and forwarders */
/* Below the PEB, the TEBs and KUSER_SHARED_DATA's 64 KiB. */
#define RELOCATION_CEILING 0x7FFB0000UL

static BOOLEAN range_is_free(PEPROCESS Process, ULONG Base, ULONG Size)
{
    if (Base < MM_LOWEST_USER_ADDRESS || Size - 1 > MM_HIGHEST_USER_ADDRESS ||
        Base > MM_HIGHEST_USER_ADDRESS - (Size - 1))
        return FALSE;
    return MiCheckForConflictingVad(&Process->VadRoot, Base >> PAGE_SHIFT,
                                    (Base + Size - 1) >> PAGE_SHIFT) == NULL;
}

NTSTATUS PspFindFreeRange(PEPROCESS Process, ULONG Size, PULONG Base)
{
    ULONG Vpn;

    if (!MiFindEmptyVpnRange(&Process->VadRoot, BYTES_TO_PAGES(Size),
                             ALLOCATION_GRANULARITY >> PAGE_SHIFT,
                             MM_LOWEST_USER_ADDRESS >> PAGE_SHIFT,
                             (RELOCATION_CEILING >> PAGE_SHIFT) - 1, FALSE,
                             &Vpn))
        return STATUS_NO_MEMORY;
    *Base = Vpn << PAGE_SHIFT;
    return STATUS_SUCCESS;
}

static CHAR lower(CHAR Char)
{
    return (Char >= 'A' && Char <= 'Z') ? (CHAR)(Char - 'A' + 'a') : Char;
}

static BOOLEAN same_name(PCSTR Left, PCSTR Right)
{
    while (*Left != '\0' && lower(*Left) == lower(*Right)) {
        Left++;
        Right++;
    }
    return lower(*Left) == lower(*Right);
}

static LONG find_module(PPSP_LOADER Loader, PCSTR Name)
{
    ULONG Index;

    for (Index = 0; Index < Loader->Count; Index++)
        if (same_name(Loader->Modules[Index].Name, Name))
            return (LONG)Index;
    return -1;
}

/* Where the image goes: its own base when that is free, else (unless it
 * must not move) the first free range above the relocation floor. */
static NTSTATUS choose_base(PEPROCESS Process, ULONG Preferred, ULONG Size,
                            BOOLEAN FixedBase, PULONG Base)
{
    ULONG Candidate;

    if (range_is_free(Process, Preferred, Size)) {
        *Base = Preferred;
        return STATUS_SUCCESS;
    }
    if (FixedBase)
        return STATUS_CONFLICTING_ADDRESSES;
    if (!MiFindEmptyVpnRange(&Process->VadRoot, BYTES_TO_PAGES(Size),
                             ALLOCATION_GRANULARITY >> PAGE_SHIFT,
                             RELOCATION_FLOOR >> PAGE_SHIFT,
                             (RELOCATION_CEILING >> PAGE_SHIFT) - 1, FALSE,
                             &Candidate))
        return STATUS_NO_MEMORY;
    *Base = Candidate << PAGE_SHIFT;
    return STATUS_SUCCESS;
}

static VOID copy_name(PCHAR Destination, PCSTR Source)
{
    ULONG Index;

    for (Index = 0; Index < PSP_MODULE_NAME_LENGTH - 1 && Source[Index] != '\0';
         Index++)
        Destination[Index] = Source[Index];
    Destination[Index] = '\0';
}

typedef struct _LAYOUT {
    PCVOID File;
    ULONG FileSize, Base, ImageSize;
    BOOLEAN Relocate;
} LAYOUT;

/* The pages are demand-zero: the copy lays the file out on zeroes. A
 * page that finds no frame faults: the load fails with that status. */
static NTSTATUS lay_out(PVOID Context)
{
    LAYOUT *Layout = Context;
    NTSTATUS Status;

    Status = RtlpCopyImageFile(Layout->File, Layout->FileSize,
                               (PVOID)Layout->Base, Layout->ImageSize);
    if (NT_SUCCESS(Status) && Layout->Relocate)
        Status = LdrpRelocateImage((PVOID)Layout->Base, Layout->ImageSize,
                                   Layout->Base);
    return Status;
}

/* The fixups of an image view mapped away from its base. */
static NTSTATUS relocate(PVOID Context)
{
    LAYOUT *Layout = Context;

    return LdrpRelocateImage((PVOID)Layout->Base, Layout->ImageSize,
                             Layout->Base);
}

NTSTATUS PspMapImage(PPSP_LOADER Loader, PCSTR Name, BOOLEAN FixedBase,
                     PULONG Index)
{
    LAYOUT Layout;
    PSECTION Section;
    BOOLEAN Shared;
    LONG Found = find_module(Loader, Name);
    PIMAGE_NT_HEADERS Nt;
    PPSP_MODULE Module;
    ULONG Size, Base, ImageSize, FileSize;
    PCVOID File;
    NTSTATUS Status;

    if (Found >= 0) {
        *Index = (ULONG)Found;
        return STATUS_SUCCESS;
    }
    Loader->FailedName = Name;
    for (Size = 0; Name[Size] != '\0'; Size++)
        ;
    if (Size == 0 || Size >= PSP_MODULE_NAME_LENGTH)
        return STATUS_OBJECT_NAME_INVALID;
    if (Loader->Count == PSP_MAXIMUM_MODULES)
        return STATUS_TOO_MANY_NAMES;
    Status = Loader->Lookup(Loader->LookupContext, Name, &File, &FileSize);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = RtlpVerifyImageFile(File, FileSize, &Nt);
    if (!NT_SUCCESS(Status))
        return Status;
    ImageSize = ROUND_TO_PAGES(Nt->OptionalHeader.SizeOfImage);
    Status = choose_base(Loader->Process, Nt->OptionalHeader.ImageBase,
                         ImageSize, FixedBase, &Base);
    if (!NT_SUCCESS(Status))
        return Status;
    /* A view of the image's shared section, when it has one, wherever it
     * goes; pages of its own otherwise. */
    Section = MiLookupImageSection(File);
    Shared = Section != NULL && Section->PageCount == ImageSize >> PAGE_SHIFT;
    if (Shared) {
        Status = MiMapImageView(Loader->Process, Section, Base);
        if (!NT_SUCCESS(Status))
            return Status;
        /* Moved, as NT moves a view of an image section: the fixups are
         * written into the view, so each page they touch becomes the
         * process's own copy and the others stay shared. */
        if (Base != Nt->OptionalHeader.ImageBase) {
            Layout.Base = Base;
            Layout.ImageSize = ImageSize;
            Status = KiCallGuarded(relocate, &Layout);
            if (!NT_SUCCESS(Status))
                return Status;
        }
    } else {
        if (Section != NULL)
            ObDereferenceObject(Section);
        Status = MiCommitVirtualMemory(Loader->Process, (PVOID)Base, ImageSize,
                                       PAGE_EXECUTE_READWRITE);
        if (!NT_SUCCESS(Status))
            return Status;
        Layout.File = File;
        Layout.FileSize = FileSize;
        Layout.Base = Base;
        Layout.ImageSize = ImageSize;
        Layout.Relocate = Base != Nt->OptionalHeader.ImageBase;
        Status = KiCallGuarded(lay_out, &Layout);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Nt = RtlpImageNtHeaderInImage((PVOID)Base, ImageSize);
    Module = &Loader->Modules[Loader->Count];
    RtlZeroMemory(Module, sizeof(*Module));
    copy_name(Module->Name, Name);
    Module->Base = Base;
    Module->SizeOfImage = Nt->OptionalHeader.SizeOfImage;
    Module->EntryPoint = Nt->OptionalHeader.AddressOfEntryPoint != 0
                             ? Base + Nt->OptionalHeader.AddressOfEntryPoint
                             : 0;
    Module->TimeDateStamp = Nt->FileHeader.TimeDateStamp;
    Module->Subsystem = Nt->OptionalHeader.Subsystem;
    Module->SubsystemMajor = Nt->OptionalHeader.MajorSubsystemVersion;
    Module->SubsystemMinor = Nt->OptionalHeader.MinorSubsystemVersion;
    Module->StackReserve = Nt->OptionalHeader.SizeOfStackReserve;
    Module->StackCommit = Nt->OptionalHeader.SizeOfStackCommit;
    Module->IsDll = (Nt->FileHeader.Characteristics & IMAGE_FILE_DLL) != 0;
    Module->Shared = Shared;
    *Index = Loader->Count++;
    Loader->FailedName = NULL;
    return STATUS_SUCCESS;
}

static ULONG section_protection(ULONG Characteristics)
{
    BOOLEAN Execute = (Characteristics & IMAGE_SCN_MEM_EXECUTE) != 0;
    BOOLEAN Write = (Characteristics & IMAGE_SCN_MEM_WRITE) != 0;

    if (Execute)
        return Write ? PAGE_EXECUTE_READWRITE : PAGE_EXECUTE_READ;
    return Write ? PAGE_READWRITE : PAGE_READONLY;
}

/* The headers read-only, each section as its characteristics say. Every
 * page is touched first, so the protection lands on a mapped page. */
/* A shared image's writable pages are write-copy: the process's first
 * write makes them its own. */
static ULONG shared_mask(ULONG Protection)
{
    switch (Protection) {
    case PAGE_EXECUTE_READWRITE:
        return MM_EXECUTE_WRITECOPY;
    case PAGE_READWRITE:
        return MM_WRITECOPY;
    default:
        return MiMakeProtectionMask(Protection);
    }
}

static NTSTATUS protect_image(PVOID Context)
{
    PPSP_MODULE Module = Context;
    PIMAGE_NT_HEADERS Nt =
        RtlpImageNtHeaderInImage((PVOID)Module->Base, Module->SizeOfImage);
    PIMAGE_SECTION_HEADER Section = IMAGE_FIRST_SECTION(Nt);
    ULONG Count = Nt->FileHeader.NumberOfSections, Va, Protection, Index;
    ULONG End = Module->Base + ROUND_TO_PAGES(Module->SizeOfImage);
    NTSTATUS Status;

    for (Va = Module->Base; Va < End; Va += PAGE_SIZE) {
        Protection = PAGE_READONLY;
        for (Index = 0; Index < Count; Index++) {
            ULONG Start = Module->Base + Section[Index].VirtualAddress;
            ULONG Length = Section[Index].Misc.VirtualSize != 0
                               ? Section[Index].Misc.VirtualSize
                               : Section[Index].SizeOfRawData;

            if (Va + PAGE_SIZE > Start && Va < Start + Length)
                Protection = section_protection(Section[Index].Characteristics);
        }
        if (Module->Shared) {
            /* A page already the process's own (fixups, the IAT) is
             * plain read-write, as NT's private pages are. */
            MiProtectPages(Va, 1,
                           MiIsViewPageCopied(Va)
                               ? MiMakeProtectionMask(Protection)
                               : shared_mask(Protection));
            MiShareViewPagesReadOnly(Va, 1);
            continue;
        }
        (void)*(volatile UCHAR *)Va;
        Status = MiProtectPage((PVOID)Va, Protection);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    return STATUS_SUCCESS;
}

typedef struct _BIND_CONTEXT {
    PPSP_LOADER Loader;
    ULONG Importer;
    ULONG Dll; /* the module the current descriptor names */
} BIND_CONTEXT;

static NTSTATUS resolve(PPSP_LOADER Loader, ULONG Dll, PCSTR Name,
                        ULONG Ordinal, USHORT Hint, PULONG Address);

/* "DLL.Name" or "DLL.#Ordinal": the DLL loaded (and bound), the export
 * looked up there. */
static NTSTATUS follow_forwarder(PPSP_LOADER Loader, PCSTR Forwarder,
                                 PULONG Address)
{
    CHAR Dll[PSP_MODULE_NAME_LENGTH];
    ULONG Length = 0, Index, Ordinal = 0;
    PCSTR Dot = Forwarder;
    NTSTATUS Status;

    while (*Dot != '\0' && *Dot != '.')
        Dot++;
    if (*Dot != '.' || Dot == Forwarder ||
        (ULONG)(Dot - Forwarder) + 5 > sizeof(Dll))
        return STATUS_INVALID_IMAGE_FORMAT;
    for (; Forwarder + Length < Dot; Length++)
        Dll[Length] = Forwarder[Length];
    RtlCopyMemory(Dll + Length, ".dll", 5);
    Status = PspLoadImage(Loader, Dll, FALSE, &Index);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Dot[1] == '#') {
        PCSTR Digit;

        for (Digit = Dot + 2; *Digit >= '0' && *Digit <= '9'; Digit++)
            Ordinal = Ordinal * 10 + (ULONG)(*Digit - '0');
        if (*Digit != '\0' || Digit == Dot + 2 || Ordinal > 0xFFFF)
            return STATUS_INVALID_IMAGE_FORMAT;
        return resolve(Loader, Index, NULL, Ordinal, 0, Address);
    }
    return resolve(Loader, Index, Dot + 1, 0, 0, Address);
}

static NTSTATUS resolve(PPSP_LOADER Loader, ULONG Dll, PCSTR Name,
                        ULONG Ordinal, USHORT Hint, PULONG Address)
{
    PPSP_MODULE Module = &Loader->Modules[Dll];
    LDRP_EXPORT Export;
    NTSTATUS Status;

    Status =
        Name != NULL
            ? LdrpFindExportByName((PVOID)Module->Base, Module->SizeOfImage,
                                   Name, Hint, &Export)
            : LdrpFindExportByOrdinal((PVOID)Module->Base, Module->SizeOfImage,
                                      Ordinal, &Export);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Export.Forwarder == NULL) {
        *Address = (ULONG)Export.Address;
        return STATUS_SUCCESS;
    }
    if (++Loader->Depth > MAXIMUM_DEPTH)
        return STATUS_INVALID_IMAGE_FORMAT; /* a forwarder loop */
    Status = follow_forwarder(Loader, Export.Forwarder, Address);
    Loader->Depth--;
    return Status;
}

static NTSTATUS bind_dll(PVOID Context, ULONG DescriptorIndex, PCSTR DllName)
{
    BIND_CONTEXT *Bind = Context;

    UNREFERENCED_PARAMETER(DescriptorIndex);
    return PspLoadImage(Bind->Loader, DllName, FALSE, &Bind->Dll);
}

static NTSTATUS bind_thunk(PVOID Context, const LDRP_IMPORT_THUNK *Thunk)
{
    BIND_CONTEXT *Bind = Context;
    ULONG Address;
    NTSTATUS Status;

    Status =
        resolve(Bind->Loader, Bind->Dll, Thunk->ByOrdinal ? NULL : Thunk->Name,
                Thunk->Ordinal, Thunk->Hint, &Address);
    if (!NT_SUCCESS(Status)) {
        Bind->Loader->FailedName =
            Thunk->ByOrdinal ? Thunk->DllName : Thunk->Name;
        return Status == STATUS_ORDINAL_NOT_FOUND ? Status
               : Status == STATUS_PROCEDURE_NOT_FOUND
                   ? STATUS_ENTRYPOINT_NOT_FOUND
                   : Status;
    }
    *Thunk->IatEntry = Address;
    return STATUS_SUCCESS;
}

static NTSTATUS walk_imports(PVOID Context)
{
    BIND_CONTEXT *Bind = Context;
    PPSP_MODULE Module = &Bind->Loader->Modules[Bind->Importer];

    return LdrpWalkImports((PVOID)Module->Base, Module->SizeOfImage, bind_dll,
                           bind_thunk, Bind);
}

NTSTATUS PspBindImage(PPSP_LOADER Loader, ULONG Index)
{
    BIND_CONTEXT Bind = {Loader, Index, 0};
    PPSP_MODULE Module = &Loader->Modules[Index];
    NTSTATUS Status;

    if (Module->Bound)
        return STATUS_SUCCESS;
    if (++Loader->Depth > MAXIMUM_DEPTH)
        return STATUS_INVALID_IMAGE_FORMAT;
    Module->Bound = TRUE; /* an import cycle binds each image once */
    Status = KiCallGuarded(walk_imports, &Bind);
    Loader->Depth--;
    if (NT_SUCCESS(Status))
        Status = KiCallGuarded(protect_image, &Loader->Modules[Index]);
    if (NT_SUCCESS(Status) && Loader->Modules[Index].IsDll)
        Loader->InitOrder[Loader->InitCount++] = (UCHAR)Index;
    return Status;
}

NTSTATUS PspLoadImage(PPSP_LOADER Loader, PCSTR Name, BOOLEAN FixedBase,
                      PULONG Index)
{
    NTSTATUS Status = PspMapImage(Loader, Name, FixedBase, Index);

    /* A DLL's file that is missing is NT's STATUS_DLL_NOT_FOUND. */
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
        Status = STATUS_DLL_NOT_FOUND;
    if (NT_SUCCESS(Status))
        Status = PspBindImage(Loader, *Index);
    return Status;
}

ULONG PspFindExport(PPSP_LOADER Loader, ULONG Index, PCSTR Name)
{
    ULONG Address;

    if (!NT_SUCCESS(resolve(Loader, Index, Name, 0, 0, &Address)))
        return 0;
    return Address;
}
