/*
 * Boot files: the loader's Multiboot modules, one file each, kept in
 * kernel memory and named in the object namespace under \SystemRoot, so
 * the process loader finds programs and DLLs by name (MmGetBootFile) and
 * `objdir \SystemRoot` lists them.
 *
 * NT's \SystemRoot is a symbolic link to a directory on disk; with no
 * I/O manager or file system yet, it is a directory holding one object
 * per file, of an internal type "BootFile" (a read-only copy and its
 * size), which the I/O manager's File objects will replace. A module is
 * refused, with a boot message, when its range cannot be a file (empty,
 * in the first MiB, over the kernel, past the memory the kernel maps, in
 * memory the loader did not call usable), when its name is absurd, or
 * when a file of that name (in any case) came first.
 *
 * Each accepted module's bytes are copied into pages mapped read-only;
 * then every module frame goes back to the page allocator, but the pages
 * that also hold the Multiboot information itself (the structure, the
 * command line the kernel parsed in place, the loader's name `ver`
 * prints, the memory map, the module list and strings), which stay.
 */
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/pfn.h"
#include "kernel/section.h"

POBJECT_TYPE MiBootFileType;
PFN_NUMBER MiBootFramesReleased;
static POBJECT_DIRECTORY system_root;

#define SYSTEM_ROOT u"\\SystemRoot"

static VOID delete_boot_file(PVOID Object)
{
    PMI_BOOT_FILE File = Object;

    if (File->Data != NULL)
        MiFreeSystemPages(File->Data);
}

/* Page lies in an entry of the loader's map that says usable, and in
 * none that says otherwise (without a map: in mem_upper's range). */
static BOOLEAN loader_said_usable(const KI_BOOT_INFORMATION *Boot,
                                  PFN_NUMBER Page)
{
    ULONGLONG Start = (ULONGLONG)Page << PAGE_SHIFT, End = Start + PAGE_SIZE;
    MULTIBOOT_MEMORY_ENTRY Entry;
    ULONG Offset = 0;
    BOOLEAN Usable = FALSE;

    if (Boot->MemoryMap == NULL)
        return Boot->HasMemorySizes && Start >= 0x100000 &&
               End <= 0x100000 + (ULONGLONG)Boot->MemUpperKb * 1024;
    while (KiNextMemoryMapEntry(Boot, &Offset, &Entry) == STATUS_SUCCESS) {
        if (Entry.BaseAddress >= End ||
            Entry.BaseAddress + Entry.Length <= Start)
            continue;
        if (Entry.Type != MULTIBOOT_MEMORY_AVAILABLE)
            return FALSE;
        if (Entry.BaseAddress <= Start &&
            Entry.BaseAddress + Entry.Length >= End)
            Usable = TRUE;
    }
    return Usable;
}

static BOOLEAN range_holds(ULONG Physical, ULONG Length, PFN_NUMBER Page)
{
    return Length != 0 && Page >= (Physical >> PAGE_SHIFT) &&
           Page <= ((Physical + Length - 1) >> PAGE_SHIFT);
}

/* The page holds a part of the Multiboot information that stays. */
static BOOLEAN holds_loader_information(const KI_BOOT_INFORMATION *Boot,
                                        PFN_NUMBER Page)
{
    ULONG Index;

    if (range_holds(Boot->InfoPhysical, sizeof(MULTIBOOT_INFO), Page) ||
        range_holds(Boot->MemoryMapPhysical, Boot->MemoryMapLength, Page) ||
        range_holds(Boot->ModulesPhysical,
                    Boot->ModuleCount * sizeof(MULTIBOOT_MODULE), Page))
        return TRUE;
    if (Boot->CommandLine != NULL &&
        range_holds(KiBootPhysical(Boot, Boot->CommandLine),
                    strlen(Boot->CommandLine) + 1, Page))
        return TRUE;
    if (Boot->BootLoaderName != NULL &&
        range_holds(KiBootPhysical(Boot, Boot->BootLoaderName),
                    strlen(Boot->BootLoaderName) + 1, Page))
        return TRUE;
    for (Index = 0; Boot->Modules != NULL && Index < Boot->ModuleCount; Index++)
        if (Boot->Modules[Index].String != 0 &&
            (Boot->Modules[Index].String >> PAGE_SHIFT) == Page)
            return TRUE; /* reserved by its first page (mm/mminit.c) */
    return FALSE;
}

/* The module's string, read through the direct map (its page is
 * reserved), or NULL when it is out of reach or unterminated there. */
static PCSTR module_string(const MULTIBOOT_MODULE *Module)
{
    ULONG End = MiDirectMapEndPage << PAGE_SHIFT, Length;
    PCSTR String;

    if (Module->String == 0 || Module->String >= End)
        return NULL;
    String = (PCSTR)KI_PHYSICAL_TO_VIRTUAL(Module->String);
    for (Length = 0; Module->String + Length < End && Length < PAGE_SIZE;
         Length++)
        if (String[Length] == '\0')
            return String;
    return NULL;
}

static PCSTR check_module(const KI_BOOT_INFORMATION *Boot,
                          const MULTIBOOT_MODULE *Module)
{
    PCSTR Problem = KiCheckBootModule(
        Module, KI_VIRTUAL_TO_PHYSICAL(__kernel_start),
        KI_VIRTUAL_TO_PHYSICAL(__kernel_end), MiDirectMapEndPage << PAGE_SHIFT);
    PFN_NUMBER Page;

    if (Problem != NULL)
        return Problem;
    for (Page = Module->ModStart >> PAGE_SHIFT;
         Page <= (Module->ModEnd - 1) >> PAGE_SHIFT; Page++)
        if (!loader_said_usable(Boot, Page))
            return "lies in memory the loader did not call usable";
    return NULL;
}

/* The parsed name (printable ASCII) for a message. */
static PCSTR ascii_name(const WCHAR *Name, USHORT Length, PCHAR Ascii)
{
    ULONG Index;

    for (Index = 0; Index < Length / sizeof(WCHAR); Index++)
        Ascii[Index] = (CHAR)Name[Index];
    Ascii[Index] = '\0';
    return Ascii;
}

/* A read-only copy of the module named Name in \SystemRoot. */
static NTSTATUS keep_module(const MULTIBOOT_MODULE *Module,
                            PUNICODE_STRING Name)
{
    ULONG Size = Module->ModEnd - Module->ModStart;
    ULONG Pages = BYTES_TO_PAGES(Size), Page;
    OBJECT_ATTRIBUTES Attributes;
    PMI_BOOT_FILE File;
    PUCHAR Data;
    NTSTATUS Status;

    Data = MiAllocateSystemPages(Pages, PAGE_READWRITE);
    if (Data == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Data, (PVOID)KI_PHYSICAL_TO_VIRTUAL(Module->ModStart), Size);
    for (Page = 0; Page < Pages; Page++)
        MiProtectPage(Data + Page * PAGE_SIZE, PAGE_READONLY);
    InitializeObjectAttributes(
        &Attributes, Name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = ObCreateObject(KernelMode, MiBootFileType, &Attributes, KernelMode,
                            NULL, sizeof(MI_BOOT_FILE), 0, 0, (PVOID *)&File);
    if (!NT_SUCCESS(Status)) {
        MiFreeSystemPages(Data);
        return Status;
    }
    File->Data = Data;
    File->Size = Size;
    /* No handle: the name (permanent) keeps it. On a collision the new
     * object goes, with its pages. A program or DLL is laid out once, now,
     * for every process that will run it (mm/image_section.c). */
    Status = ObInsertObject(File, NULL, 0, 0, NULL, NULL);
    if (NT_SUCCESS(Status))
        MiPrepareImageSection(Data, Size);
    return Status;
}

/* Every frame of every module, once, but those the Multiboot
 * information shares and those the map gives to something else. */
static VOID release_module_frames(const KI_BOOT_INFORMATION *Boot)
{
    ULONG Index, Earlier;

    for (Index = 0; Index < Boot->ModuleCount; Index++) {
        const MULTIBOOT_MODULE *Module = &Boot->Modules[Index];
        PFN_NUMBER Page;

        if (Module->ModEnd <= Module->ModStart)
            continue;
        for (Page = Module->ModStart >> PAGE_SHIFT;
             Page <= (Module->ModEnd - 1) >> PAGE_SHIFT; Page++) {
            BOOLEAN Seen = FALSE;

            for (Earlier = 0; Earlier < Index && !Seen; Earlier++) {
                const MULTIBOOT_MODULE *Other = &Boot->Modules[Earlier];

                Seen = Other->ModEnd > Other->ModStart &&
                       range_holds(Other->ModStart,
                                   Other->ModEnd - Other->ModStart, Page);
            }
            if (Seen || Page >= MmPfnDatabaseSize ||
                MiGetMemoryType(&MiMemoryMap, Page) != MiMemoryLoaderData ||
                !loader_said_usable(Boot, Page) ||
                holds_loader_information(Boot, Page))
                continue;
            MiReleaseBootFrames(Page, 1);
            MiBootFramesReleased++;
        }
    }
}

VOID MmInitializeBootFiles(const KI_BOOT_INFORMATION *Boot)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    WCHAR Text[KI_BOOT_FILE_NAME_MAX];
    CHAR Ascii[KI_BOOT_FILE_NAME_MAX + 1];
    HANDLE Handle;
    NTSTATUS Status;
    ULONG Index, Kept = 0;

    ObpCreateType(u"BootFile", MI_BOOT_FILE_READ, 0, 0, MI_BOOT_FILE_ALL_ACCESS,
                  FALSE, delete_boot_file, &MiBootFileType);
    RtlInitUnicodeString(&Name, SYSTEM_ROOT);
    InitializeObjectAttributes(&Attributes, &Name,
                               OBJ_PERMANENT | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status =
        ZwCreateDirectoryObject(&Handle, DIRECTORY_ALL_ACCESS, &Attributes);
    if (NT_SUCCESS(Status)) {
        ObReferenceObjectByHandle(Handle, 0, ObpDirectoryObjectType, KernelMode,
                                  (PVOID *)&system_root, NULL);
        ZwClose(Handle);
    }
    if (MiBootFileType == NULL || system_root == NULL)
        KeBugCheckEx(OBJECT_INITIALIZATION_FAILED, (ULONG)Status, 0x100, 0, 0);

    for (Index = 0; Boot->Modules != NULL && Index < Boot->ModuleCount;
         Index++) {
        const MULTIBOOT_MODULE *Module = &Boot->Modules[Index];
        PCSTR String = module_string(Module), Problem;
        USHORT Length;

        Problem = check_module(Boot, Module);
        if (Problem == NULL &&
            !NT_SUCCESS(KiParseBootModuleName(String, Text, &Length)))
            Problem = "has no usable file name";
        if (Problem != NULL) {
            DbgPrint("boot: module %lu (\"%s\", %08lx-%08lx) refused: it %s\n",
                     Index, String != NULL ? String : "?", Module->ModStart,
                     Module->ModEnd, Problem);
            continue;
        }
        /* "\SystemRoot\" and the name, in a pool copy the lookup reads. */
        Name.MaximumLength = sizeof(SYSTEM_ROOT) + Length;
        Name.Buffer =
            ExAllocatePoolWithTag(NonPagedPool, Name.MaximumLength, 'fBiM');
        if (Name.Buffer == NULL) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            RtlCopyMemory(Name.Buffer, SYSTEM_ROOT, sizeof(SYSTEM_ROOT));
            Name.Buffer[sizeof(SYSTEM_ROOT) / sizeof(WCHAR) - 1] = u'\\';
            RtlCopyMemory(Name.Buffer + sizeof(SYSTEM_ROOT) / sizeof(WCHAR),
                          Text, Length);
            Name.Length = Name.MaximumLength;
            Status = keep_module(Module, &Name);
            ExFreePoolWithTag(Name.Buffer, 'fBiM');
        }
        if (!NT_SUCCESS(Status)) {
            DbgPrint("boot: module %lu (\"%s\") refused: %s (status "
                     "%08lx)\n",
                     Index, String,
                     Status == STATUS_OBJECT_NAME_COLLISION
                         ? "a file of that name came first"
                         : "no memory for its copy",
                     (ULONG)Status);
            continue;
        }
        Kept++;
        DbgPrint("boot: module %lu: \\SystemRoot\\%s, %lu bytes\n", Index,
                 ascii_name(Text, Length, Ascii),
                 Module->ModEnd - Module->ModStart);
    }
    if (Boot->Modules != NULL)
        release_module_frames(Boot);
    DbgPrint("mm: boot files: %lu of %lu modules under \\SystemRoot; %lu "
             "module frames (%lu KiB) back to the page allocator\n",
             Kept, Boot->Modules != NULL ? Boot->ModuleCount : 0,
             MiBootFramesReleased, MiBootFramesReleased * (PAGE_SIZE / 1024));
}

NTSTATUS MmGetBootFile(PCUNICODE_STRING Name, PVOID *Data, PSIZE_T Size)
{
    PMI_BOOT_FILE File = NULL;
    ULONG Index;

    *Data = NULL;
    *Size = 0;
    if (Name == NULL || Name->Length == 0 || (Name->Length & 1))
        return STATUS_OBJECT_NAME_INVALID;
    for (Index = 0; Index < Name->Length / sizeof(WCHAR); Index++)
        if (Name->Buffer[Index] == u'\\')
            return STATUS_OBJECT_NAME_INVALID; /* a name, not a path */
    ObpAcquireNamespaceShared();
    if (system_root != NULL)
        File = ObpLookupEntryDirectory(system_root, Name, TRUE);
    if (File != NULL && OBJECT_TO_OBJECT_HEADER(File)->Type != MiBootFileType)
        File = NULL;
    ObpReleaseNamespace();
    if (File == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    /* Permanent, and user mode cannot ask for DELETE on it: it stays. */
    *Data = File->Data;
    *Size = File->Size;
    return STATUS_SUCCESS;
}
