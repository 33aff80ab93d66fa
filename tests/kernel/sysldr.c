/*
 * The system-image loader (mm/sysldr.c) on the test drivers
 * (tests/drivers/), which tools/test.sh passes as boot files: by name
 * only (KTEST_EXTERNAL). Every test gives back what it loaded, and
 * checks the frames, pool and system PTEs come back.
 */
#include "kernel/sysldr.h"
#include "kernel/image.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/sysldr_bind.h"
#include "kernel/x86.h"
#include "tests/kernel/kt_image.h"
#include "tests/kernel/kt_ring3.h"

/* The drivers export cdecl routines, GCC's default. */
typedef ULONG (*PULONG_ROUTINE)(ULONG);
typedef PVOID (*PVOID_ROUTINE)(VOID);
typedef ULONG (*PULONG_RESULT)(VOID);
typedef LONGLONG (*PCOUNTER_ROUTINE)(PLARGE_INTEGER);
typedef LONGLONG (*PLONGLONG_RESULT)(VOID);
typedef NTSTATUS(NTAPI *PDRIVER_ENTRY)(PVOID, PVOID);

typedef struct _COUNTERS {
    PFN_NUMBER Frames;
    SIZE_T PoolBytes;
    ULONG SystemPtes;
    ULONG Modules;
} COUNTERS;

static ULONG module_count(VOID)
{
    PLIST_ENTRY Link;
    ULONG Count = 0;

    for (Link = PsLoadedModuleList.Flink; Link != &PsLoadedModuleList;
         Link = Link->Flink)
        Count++;
    return Count;
}

static VOID take(COUNTERS *Counters)
{
    Counters->Frames = KtUserFreeFrames();
    Counters->PoolBytes = KtUserPoolBytes();
    Counters->SystemPtes = MiSystemPteRange.FreePages;
    Counters->Modules = module_count();
}

#define KT_ASSERT_COUNTERS_BACK(Before)                                        \
    do {                                                                       \
        COUNTERS After_;                                                       \
        take(&After_);                                                         \
        KT_ASSERT_EQ(After_.Frames, (Before).Frames);                          \
        KT_ASSERT_EQ(After_.PoolBytes, (Before).PoolBytes);                    \
        KT_ASSERT_EQ(After_.SystemPtes, (Before).SystemPtes);                  \
        KT_ASSERT_EQ(After_.Modules, (Before).Modules);                        \
    } while (0)

static PMI_IMAGE_SECTION section_named(PKLDR_DATA_TABLE_ENTRY Entry, PCSTR Name)
{
    PMI_LOADED_IMAGE Image = MI_LOADED_IMAGE_OF(Entry);
    ULONG Index;

    for (Index = 0; Index < Image->SectionCount; Index++)
        if (strcmp(Image->Sections[Index].Name, Name) == 0)
            return &Image->Sections[Index];
    return NULL;
}

static ULONG page_protection(PVOID Address)
{
    PFN_NUMBER Frame;
    ULONG Protection = 0;

    return MiQueryPage(Address, &Frame, &Protection) ? Protection : 0;
}

KTEST_EXTERNAL(sysldr_loads_relocates_binds_and_unloads_a_driver)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL, Again = NULL;
    PMI_IMAGE_SECTION Init, Paged, Text, Data;
    COUNTERS Before;
    UNICODE_STRING Name, Path;
    ULONG **CounterPointer, Base, Frames;
    PCSTR Export;
    ULONG_PTR Offset;
    PVOID AgainBase = NULL;
    PKLDR_DATA_TABLE_ENTRY Found;
    LARGE_INTEGER First, Second, Frequency, KernelFrequency;
    LONGLONG Counter;

    take(&Before);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"loadtest.sys", &Entry),
                 STATUS_SUCCESS);
    Base = (ULONG)Entry->DllBase;
    RtlInitUnicodeString(&Name, u"loadtest.sys");
    RtlInitUnicodeString(&Path, KT_DRIVERS u"loadtest.sys");
    KT_ASSERT(RtlEqualUnicodeString(&Entry->BaseDllName, &Name, FALSE));
    KT_ASSERT(RtlEqualUnicodeString(&Entry->FullDllName, &Path, FALSE));
    KT_ASSERT(Base >= MI_SYSTEM_PTE_BASE && Base < MI_SYSTEM_PTE_END);
    KT_ASSERT_EQ(Entry->Flags & (LDRP_SYSTEM_MAPPED | LDRP_IMAGE_NOT_AT_BASE),
                 LDRP_SYSTEM_MAPPED | LDRP_IMAGE_NOT_AT_BASE);
    KT_ASSERT_EQ(Entry->LoadCount, 1);
    KT_ASSERT(Entry->EntryPoint != NULL);
    KT_ASSERT(Entry->InLoadOrderLinks.Flink == &PsLoadedModuleList);

    /* The global holding an address was relocated into the image. */
    CounterPointer = KtImageExport(Entry, "LoadTestCounterPointer");
    KT_ASSERT(CounterPointer != NULL);
    KT_ASSERT((ULONG)*CounterPointer >= Base &&
              (ULONG)*CounterPointer < Base + Entry->SizeOfImage);
    KT_ASSERT_EQ(**CounterPointer, 41);
    /* Its routines call ntoskrnl.exe and hal.dll through the IAT. */
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(Entry, "LoadTestRun"))(1), 42);
    KT_ASSERT_EQ(
        ((PULONG_RESULT)KtImageExport(Entry, "LoadTestTimeIncrement"))(),
        KeQueryTimeIncrement());
    KT_ASSERT(((PVOID_ROUTINE)KtImageExport(Entry, "LoadTestProcessType"))() ==
              *PsProcessType);
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(Entry, "LoadTestPaged"))(21),
                 42);
    /* 8-byte structures come back in EDX:EAX, as the driver's compiler
     * expects (-freg-struct-return in the kernel's flags). */
    First = KeQueryPerformanceCounter(NULL);
    Counter = ((PCOUNTER_ROUTINE)KtImageExport(
        Entry, "LoadTestPerformanceCounter"))(&Frequency);
    Second = KeQueryPerformanceCounter(&KernelFrequency);
    KT_ASSERT(Counter >= First.QuadPart && Counter <= Second.QuadPart);
    KT_ASSERT_EQ(Frequency.QuadPart, KernelFrequency.QuadPart);
    KT_ASSERT_EQ(
        ((PLONGLONG_RESULT)KtImageExport(Entry, "LoadTestPhysicalAddress"))(),
        MmGetPhysicalAddress(*CounterPointer).QuadPart);
    /* hal.dll's port I/O, each size and form; the byte it left in COM1's
     * scratch register is there for the kernel too. */
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(Entry, "LoadTestPorts"))(0x5A),
                 0x3F);
    KT_ASSERT_EQ(inb(0x3FF), 0x5A);
    KT_ASSERT_EQ(((PDRIVER_ENTRY)Entry->EntryPoint)(NULL, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(**CounterPointer, 42);

    /* Protections: headers and code read-only (CR0.WP holds the kernel
     * to them; a PTE without PAE has no execute bit, so code reads back
     * as PAGE_READONLY), data writable. */
    Text = section_named(Entry, ".text");
    Data = section_named(Entry, ".data");
    Init = section_named(Entry, "INIT");
    Paged = section_named(Entry, "PAGE");
    KT_ASSERT(Text != NULL && Data != NULL && Init != NULL && Paged != NULL);
    KT_ASSERT_EQ(page_protection((PVOID)Base), PAGE_READONLY);
    KT_ASSERT_EQ(page_protection((PVOID)(Base + Text->Rva)), PAGE_READONLY);
    KT_ASSERT_EQ(page_protection((PVOID)(Base + Data->Rva)), PAGE_READWRITE);
    KT_ASSERT_EQ(Init->Flags, MI_SECTION_DISCARDABLE);
    KT_ASSERT_EQ(Paged->Flags, MI_SECTION_PAGEABLE);
    KT_ASSERT_EQ(Text->Flags, 0);

    /* The stop screen's name for an address in it. */
    KT_ASSERT(
        MiLookupDriverSymbol((ULONG_PTR)KtImageExport(Entry, "LoadTestRun") + 3,
                             &Found, &Export, &Offset));
    KT_ASSERT(Found == Entry && Export != NULL);
    KT_ASSERT(strcmp(Export, "LoadTestRun") == 0);
    KT_ASSERT_EQ(Offset, 3);

    /* The same name again: NT's answer, with the loaded one. */
    RtlInitUnicodeString(&Path, u"\\SystemRoot\\LOADTEST.SYS");
    KT_ASSERT_EQ(
        MmLoadSystemImage(&Path, NULL, NULL, 0, (PVOID *)&Again, &AgainBase),
        STATUS_IMAGE_ALREADY_LOADED);
    KT_ASSERT(Again == Entry && AgainBase == Entry->DllBase);

    /* INIT and the discardable sections (.reloc, the DWARF) go; PAGE
     * stays resident. */
    Frames = KtUserFreeFrames();
    MmFreeDriverInitialization(Entry);
    KT_ASSERT(!MmIsAddressValid((PVOID)(Base + Init->Rva)));
    KT_ASSERT_EQ(Init->Flags, MI_SECTION_DISCARDABLE | MI_SECTION_FREED);
    KT_ASSERT(MmIsAddressValid((PVOID)(Base + Paged->Rva)));
    KT_ASSERT(MmIsAddressValid((PVOID)(Base + Text->Rva)));
    KT_ASSERT(KtUserFreeFrames() > Frames + 1);
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(Entry, "LoadTestRun"))(1), 43);
    MmFreeDriverInitialization(Entry); /* once: nothing more */

    KT_CLEANUP;
    if (Entry != NULL)
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    KT_ASSERT_COUNTERS_BACK(Before);
}

KTEST_EXTERNAL(sysldr_load_and_unload_a_thousand_times_leaks_nothing)
{
    PKLDR_DATA_TABLE_ENTRY Entry;
    COUNTERS Before;
    ULONG Round;

    /* One round first: lasting structures (a page table for the PTE
     * range) are made by it, not leaked. */
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"loadtest.sys", &Entry),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    take(&Before);
    for (Round = 0; Round < 1000; Round++) {
        KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"loadtest.sys", &Entry),
                     STATUS_SUCCESS);
        if (Round % 2 == 0)
            MmFreeDriverInitialization(Entry);
        KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(Entry, "LoadTestRun"))(1),
                     42);
        KT_ASSERT_EQ(MmUnloadSystemImage(Entry), STATUS_SUCCESS);
    }
    KT_ASSERT_COUNTERS_BACK(Before);
}

KTEST_EXTERNAL(sysldr_export_driver_stays_while_imported)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Library = NULL, Importer = NULL;
    PULONG_PTR Imports;
    COUNTERS Before;

    take(&Before);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"loadtest.sys", &Library),
                 STATUS_SUCCESS);
    /* Loaded by name first: no dependent export driver. */
    KT_ASSERT(!(Library->Flags & LDRP_DRIVER_DEPENDENT_DLL));
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"importer.sys", &Importer),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Library->LoadCount, 2);
    Imports = Importer->LoadedImports;
    KT_ASSERT(Imports != NULL && Imports[0] == 1 &&
              Imports[1] == (ULONG_PTR)Library);
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(Importer, "ImporterRun"))(1),
                 43);
    /* Its own unload leaves it to the importer's reference. */
    KT_ASSERT_EQ(MmUnloadSystemImage(Library), STATUS_SUCCESS);
    KT_ASSERT_EQ(Library->LoadCount, 1);
    Library = NULL;
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(Importer, "ImporterRun"))(2),
                 44);
    KT_CLEANUP;
    if (Library != NULL)
        MmUnloadSystemImage(Library);
    if (Importer != NULL)
        MmUnloadSystemImage(Importer); /* and the export driver with it */
    KT_ASSERT_COUNTERS_BACK(Before);
}

static PKLDR_DATA_TABLE_ENTRY loaded_module(PCWSTR Name)
{
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    return MiFindLoadedModule(&String);
}

/* Whether expdll.sys's DllInitialize ran (and its DllUnload not since):
 * its named event exists. */
static BOOLEAN expdll_alive(VOID)
{
    UNICODE_STRING Name;
    PVOID Event;

    RtlInitUnicodeString(&Name, u"\\BaseNamedObjects\\ExpDllAlive");
    if (!NT_SUCCESS(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL,
                                            0, *ExEventObjectType, KernelMode,
                                            NULL, &Event)))
        return FALSE;
    ObfDereferenceObject(Event);
    return TRUE;
}

typedef VOID (*PKEEP_ROUTINE)(BOOLEAN);

/* An importer of an export driver that is not loaded loads it first, from
 * the boot files, calls its DllInitialize with its service's registry
 * path (expdll.sys refuses another), and its last importer's unload calls
 * its DllUnload and unloads it, as NT's loader does. A DllUnload that
 * refuses, or none at all, keeps it loaded with no references until an
 * importer lets it go again or it is unloaded by name. */
KTEST_EXTERNAL(sysldr_export_driver_loaded_for_its_importer)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY User = NULL, Dll, Library = NULL;
    OBJECT_ATTRIBUTES RefuseAttributes;
    UNICODE_STRING RefuseName;
    HANDLE Refuse = NULL;
    PULONG_PTR Imports;
    COUNTERS Before;

    RtlInitUnicodeString(&RefuseName, u"\\BaseNamedObjects\\ExpDllRefuse");
    InitializeObjectAttributes(&RefuseAttributes, &RefuseName,
                               OBJ_KERNEL_HANDLE, NULL, NULL);
    take(&Before);
    KT_ASSERT(loaded_module(u"expdll.sys") == NULL && !expdll_alive());
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"expuser.sys", &User), STATUS_SUCCESS);
    Dll = loaded_module(u"expdll.sys");
    KT_ASSERT(Dll != NULL);
    KT_ASSERT(Dll->Flags & LDRP_DRIVER_DEPENDENT_DLL);
    KT_ASSERT_EQ(Dll->LoadCount, 1);
    Imports = User->LoadedImports;
    KT_ASSERT(Imports != NULL && Imports[0] == 1 &&
              Imports[1] == (ULONG_PTR)Dll);
    KT_ASSERT(expdll_alive());
    KT_ASSERT_EQ(((PULONG_RESULT)KtImageExport(User, "ExpUserRun"))(), 8);
    KT_ASSERT_EQ(MmUnloadSystemImage(User), STATUS_SUCCESS);
    User = NULL;
    KT_ASSERT(loaded_module(u"expdll.sys") == NULL);
    KT_ASSERT(!expdll_alive());
    KT_ASSERT_COUNTERS_BACK(Before);

    /* A DllUnload that refuses keeps it, unreferenced; the next importer
     * binds to it as it is (no second DllInitialize) and lets it go. */
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"expuser.sys", &User), STATUS_SUCCESS);
    Dll = loaded_module(u"expdll.sys");
    KT_ASSERT(Dll != NULL);
    ((PKEEP_ROUTINE)KtImageExport(Dll, "ExpDllKeep"))(TRUE);
    KT_ASSERT_EQ(MmUnloadSystemImage(User), STATUS_SUCCESS);
    User = NULL;
    KT_ASSERT(loaded_module(u"expdll.sys") == Dll);
    KT_ASSERT_EQ(Dll->LoadCount, 0);
    KT_ASSERT(expdll_alive());
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"expuser.sys", &User), STATUS_SUCCESS);
    KT_ASSERT(loaded_module(u"expdll.sys") == Dll);
    KT_ASSERT_EQ(Dll->LoadCount, 1);
    ((PKEEP_ROUTINE)KtImageExport(Dll, "ExpDllKeep"))(FALSE);
    KT_ASSERT_EQ(MmUnloadSystemImage(User), STATUS_SUCCESS);
    User = NULL;
    KT_ASSERT(loaded_module(u"expdll.sys") == NULL && !expdll_alive());
    KT_ASSERT_COUNTERS_BACK(Before);

    /* A DllInitialize that fails refuses the importer with its status,
     * and both go. */
    KT_ASSERT_EQ(ZwCreateEvent(&Refuse, EVENT_ALL_ACCESS, &RefuseAttributes,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    take(&Before);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"expuser.sys", &User),
                 STATUS_DEVICE_NOT_READY);
    User = NULL;
    KT_ASSERT(loaded_module(u"expdll.sys") == NULL && !expdll_alive());
    KT_ASSERT_COUNTERS_BACK(Before);
    ZwClose(Refuse);
    Refuse = NULL;
    take(&Before);

    /* loadtest.sys has no DllUnload: loaded for importer.sys, it stays
     * after it, until unloaded by name. */
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"importer.sys", &User),
                 STATUS_SUCCESS);
    Library = loaded_module(u"loadtest.sys");
    KT_ASSERT(Library != NULL && (Library->Flags & LDRP_DRIVER_DEPENDENT_DLL));
    KT_ASSERT_EQ(((PULONG_ROUTINE)KtImageExport(User, "ImporterRun"))(1), 43);
    KT_ASSERT_EQ(MmUnloadSystemImage(User), STATUS_SUCCESS);
    User = NULL;
    KT_ASSERT(loaded_module(u"loadtest.sys") == Library);
    KT_ASSERT_EQ(Library->LoadCount, 0);
    KT_ASSERT_EQ(MmUnloadSystemImage(Library), STATUS_SUCCESS);
    Library = NULL;
    KT_ASSERT(loaded_module(u"loadtest.sys") == NULL);
    KT_ASSERT_COUNTERS_BACK(Before);
    KT_CLEANUP;
    if (Refuse != NULL)
        ZwClose(Refuse);
    if (User != NULL)
        MmUnloadSystemImage(User);
    Dll = loaded_module(u"expdll.sys");
    if (Dll != NULL) {
        ((PKEEP_ROUTINE)KtImageExport(Dll, "ExpDllKeep"))(FALSE);
        if (Dll->LoadCount == 0)
            MmUnloadSystemImage(Dll);
    }
    Library = loaded_module(u"loadtest.sys");
    if (Library != NULL && Library->LoadCount == 0)
        MmUnloadSystemImage(Library);
}

/* NtLoadDriver of a driver whose DriverEntry fails after making a
 * device: the caller gets its status, and the device, the driver object,
 * its name and the image are gone, every frame, pool byte and PTE back.
 * The same load then works again from scratch (nothing half-loaded). */
KTEST_EXTERNAL(sysldr_driver_entry_failure_undoes_the_load)
{
    UNICODE_STRING Key, Name;
    COUNTERS Before;
    PVOID Object;
    ULONG Round;

    RtlInitUnicodeString(
        &Key, u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
              u"failentry");
    take(&Before);
    for (Round = 0; Round < 3; Round++) {
        KT_ASSERT_EQ(ZwLoadDriver(&Key), STATUS_DEVICE_NOT_READY);
        KT_ASSERT(loaded_module(u"failentry.sys") == NULL);
        RtlInitUnicodeString(&Name, u"\\Driver\\failentry");
        KT_ASSERT_EQ(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL,
                                             0, NULL, KernelMode, NULL,
                                             &Object),
                     STATUS_OBJECT_NAME_NOT_FOUND);
        RtlInitUnicodeString(&Name, u"\\Device\\FailEntry");
        KT_ASSERT_EQ(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL,
                                             0, NULL, KernelMode, NULL,
                                             &Object),
                     STATUS_OBJECT_NAME_NOT_FOUND);
        KT_ASSERT_COUNTERS_BACK(Before);
    }
}

/* The file offset of Rva in the file, 0 if no section's raw data has it. */
static ULONG file_offset(PIMAGE_NT_HEADERS Nt, ULONG Rva)
{
    PIMAGE_SECTION_HEADER Section = IMAGE_FIRST_SECTION(Nt);
    ULONG Index;

    for (Index = 0; Index < Nt->FileHeader.NumberOfSections; Index++)
        if (Rva >= Section[Index].VirtualAddress &&
            Rva < Section[Index].VirtualAddress + Section[Index].SizeOfRawData)
            return Rva - Section[Index].VirtualAddress +
                   Section[Index].PointerToRawData;
    return 0;
}

enum { CORRUPT_HEADER, TRUNCATED, BAD_RELOCATION, NO_RELOCATIONS, NOT_NATIVE };

/* A copy of loadtest.sys broken one way, loaded under another name. */
static NTSTATUS load_broken(const UCHAR *File, ULONG Size, PUCHAR Copy,
                            ULONG How)
{
    UNICODE_STRING Name;
    PIMAGE_NT_HEADERS Nt;
    PIMAGE_DATA_DIRECTORY Relocations;
    PKLDR_DATA_TABLE_ENTRY Entry = NULL;
    NTSTATUS Status;

    RtlCopyMemory(Copy, File, Size);
    Nt = (PIMAGE_NT_HEADERS)(Copy + ((PIMAGE_DOS_HEADER)Copy)->e_lfanew);
    Relocations =
        &Nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    switch (How) {
    case CORRUPT_HEADER:
        Nt->Signature = 0;
        break;
    case TRUNCATED:
        Size /= 2;
        break;
    case BAD_RELOCATION: /* the first block's size below its header */
        *(PULONG)(Copy + file_offset(Nt, Relocations->VirtualAddress) + 4) = 4;
        break;
    case NO_RELOCATIONS:
        Relocations->VirtualAddress = Relocations->Size = 0;
        break;
    case NOT_NATIVE:
        Nt->OptionalHeader.Subsystem = IMAGE_SUBSYSTEM_WINDOWS_CUI;
        break;
    }
    RtlInitUnicodeString(&Name, u"broken.sys");
    Status = MiLoadSystemImageFromFile(Copy, Size, &Name, &Name, &Entry);
    if (NT_SUCCESS(Status))
        MmUnloadSystemImage(Entry);
    return Status;
}

KTEST_EXTERNAL(sysldr_refuses_broken_images_leaving_nothing)
{
    KT_CLEANUP_SECTION;
    PKLDR_DATA_TABLE_ENTRY Entry;
    UNICODE_STRING Name;
    COUNTERS Before;
    PVOID File = NULL, Base;
    SIZE_T Size = 0;
    PUCHAR Copy = NULL;

    RtlInitUnicodeString(&Name, u"loadtest.sys");
    KT_ASSERT_EQ(MmGetBootFile(&Name, &File, &Size), STATUS_SUCCESS);
    Copy = ExAllocatePoolWithTag(NonPagedPool, Size, 'tLdS');
    KT_ASSERT(Copy != NULL);
    take(&Before);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"missing.sys", &Entry),
                 STATUS_PROCEDURE_NOT_FOUND);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"nodll.sys", &Entry),
                 STATUS_DLL_NOT_FOUND);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"nosuchdriver.sys", &Entry),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"ntdll.dll", &Entry),
                 STATUS_INVALID_IMAGE_FORMAT); /* a Win32 DLL */
    RtlInitUnicodeString(&Name, KT_DRIVERS u"loadtest.sys");
    KT_ASSERT_EQ(
        MmLoadSystemImage(&Name, NULL, NULL, 1, (PVOID *)&Entry, &Base),
        STATUS_INVALID_PARAMETER_4);
    KT_ASSERT_EQ(load_broken(File, Size, Copy, CORRUPT_HEADER),
                 STATUS_INVALID_IMAGE_FORMAT);
    KT_ASSERT_EQ(load_broken(File, Size, Copy, TRUNCATED),
                 STATUS_INVALID_IMAGE_FORMAT);
    KT_ASSERT_EQ(load_broken(File, Size, Copy, BAD_RELOCATION),
                 STATUS_INVALID_IMAGE_FORMAT);
    KT_ASSERT_EQ(load_broken(File, Size, Copy, NO_RELOCATIONS),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT_EQ(load_broken(File, Size, Copy, NOT_NATIVE),
                 STATUS_INVALID_IMAGE_FORMAT);
    KT_ASSERT_COUNTERS_BACK(Before);
    KT_CLEANUP;
    if (Copy != NULL)
        ExFreePoolWithTag(Copy, 'tLdS');
}

/* A driver stops the machine: the backtrace names the driver and its
 * routine (tools/test.sh checks loadtest.sys!LoadTestCrash+0x..). */
KTEST_CRASH(crash_in_driver)
{
    PKLDR_DATA_TABLE_ENTRY Entry;

    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"loadtest.sys", &Entry),
                 STATUS_SUCCESS);
    ((VOID(*)(ULONG))KtImageExport(Entry, "LoadTestCrash"))(0x5157);
}

/* A write to a driver's code: CR0.WP holds the kernel to the read-only
 * PTE, ATTEMPTED_WRITE_TO_READONLY_MEMORY naming the address. */
KTEST_CRASH(crash_write_driver_text)
{
    PKLDR_DATA_TABLE_ENTRY Entry;

    KT_ASSERT_EQ(KtLoadImage(KT_DRIVERS u"loadtest.sys", &Entry),
                 STATUS_SUCCESS);
    *(volatile UCHAR *)KtImageExport(Entry, "LoadTestRun") = 0xCC;
}
