/*
 * The system-image loader (mm/sysldr.c; docs/io.md, "The driver
 * loader"): driver images from the boot files mapped into system PTE
 * space, relocated, bound to ntoskrnl.exe, hal.dll and loaded export
 * drivers, protected section by section, and listed on
 * PsLoadedModuleList as NT lists them. The I/O manager calls it: it makes
 * the DRIVER_OBJECT, calls the entry point, then
 * MmFreeDriverInitialization, and MmUnloadSystemImage when the driver
 * goes.
 */
#ifndef KERNEL_SYSLDR_H
#define KERNEL_SYSLDR_H

#include "ntddk.h"
#include "ntimage.h"

/* NT x86's record of a loaded kernel-mode image (its layout, so
 * debuggers' walks of PsLoadedModuleList read it as they read NT's). */
typedef struct _KLDR_DATA_TABLE_ENTRY {
    LIST_ENTRY InLoadOrderLinks;
    PVOID ExceptionTable; /* x86 NT: unused */
    ULONG ExceptionTableSize;
    PVOID GpValue;
    PVOID NonPagedDebugInfo;
    PVOID DllBase;
    PVOID EntryPoint; /* DriverEntry; NULL for an export driver without one */
    ULONG SizeOfImage;
    UNICODE_STRING
    FullDllName; /* as asked: \SystemRoot\System32\Drivers\x.sys */
    UNICODE_STRING BaseDllName; /* x.sys: the name imports and `lm` use */
    ULONG Flags;                /* LDRP_* */
    USHORT LoadCount;           /* the loader's, plus one per importer */
    USHORT __Unused5;
    PVOID SectionPointer;
    ULONG CheckSum;
    PVOID LoadedImports; /* NT's format: a count, then the entries imported */
    PVOID PatchInformation;
} KLDR_DATA_TABLE_ENTRY, *PKLDR_DATA_TABLE_ENTRY;

_Static_assert(__builtin_offsetof(KLDR_DATA_TABLE_ENTRY, DllBase) == 0x18,
               "KLDR_DATA_TABLE_ENTRY.DllBase");
_Static_assert(__builtin_offsetof(KLDR_DATA_TABLE_ENTRY, SizeOfImage) == 0x20,
               "KLDR_DATA_TABLE_ENTRY.SizeOfImage");
_Static_assert(__builtin_offsetof(KLDR_DATA_TABLE_ENTRY, BaseDllName) == 0x2C,
               "KLDR_DATA_TABLE_ENTRY.BaseDllName");
_Static_assert(__builtin_offsetof(KLDR_DATA_TABLE_ENTRY, LoadCount) == 0x38,
               "KLDR_DATA_TABLE_ENTRY.LoadCount");
_Static_assert(sizeof(KLDR_DATA_TABLE_ENTRY) == 0x4C,
               "KLDR_DATA_TABLE_ENTRY size");

/* NT's LDRP_* flags the kernel loader sets. */
#define LDRP_IMAGE_DLL 0x00000004         /* IMAGE_FILE_DLL: an export driver */
#define LDRP_ENTRY_PROCESSED 0x00004000   /* its DriverEntry has run */
#define LDRP_IMAGE_NOT_AT_BASE 0x00200000 /* relocated */
#define LDRP_SYSTEM_MAPPED 0x01000000     /* in system space */
/* An export driver loaded because an image imported from it: it goes
 * with its last importer, if its DllUnload lets it. */
#define LDRP_DRIVER_DEPENDENT_DLL 0x04000000

/* The kernel's images in load order: ntoskrnl.exe, hal.dll, then the
 * drivers. The resource guards the list and every record on it (shared
 * to read, exclusive to load and unload), inside a critical region. */
extern LIST_ENTRY PsLoadedModuleList;
extern ERESOURCE PsLoadedModuleResource;

/* A section as the loader sorted it (MI_LOADED_IMAGE.Sections). */
#define MI_SECTION_DISCARDABLE 0x1 /* INIT, or IMAGE_SCN_MEM_DISCARDABLE */
#define MI_SECTION_PAGEABLE 0x2    /* PAGE*: pageable once paging exists */
#define MI_SECTION_FREED 0x4       /* discarded: pages unmapped, frames back */
typedef struct _MI_IMAGE_SECTION {
    CHAR Name[IMAGE_SIZEOF_SHORT_NAME + 1];
    ULONG Rva;
    ULONG Size; /* in memory: VirtualSize, or SizeOfRawData if that is 0 */
    ULONG Characteristics;
    ULONG Flags;     /* MI_SECTION_* */
    ULONG LockCount; /* MmLockPagableDataSection: resident while not 0 */
} MI_IMAGE_SECTION, *PMI_IMAGE_SECTION;

/* The record and what NT keeps beside it. The entry comes first: the
 * ModuleObject the interface hands out is the entry. */
typedef struct _MI_LOADED_IMAGE {
    KLDR_DATA_TABLE_ENTRY Entry;
    ULONG PageCount; /* the system PTE run at DllBase; 0 for the kernel's */
    ULONG SectionCount;
    PMI_IMAGE_SECTION Sections;
    BOOLEAN PageEntire; /* MmPageEntireDriver: all but the headers pageable */
} MI_LOADED_IMAGE, *PMI_LOADED_IMAGE;

/* Paging of a driver's pages (mm/pageable_image.c): each page pageable or
 * resident as its sections, their locks and MmPageEntireDriver say, below
 * DISPATCH_LEVEL; and, before its pages go, their page-file copies. */
VOID MiSetImagePaging(PMI_LOADED_IMAGE Image);
VOID MiReleasePageableImage(PMI_LOADED_IMAGE Image);

#define MI_LOADED_IMAGE_OF(Entry_)                                             \
    CONTAINING_RECORD(Entry_, MI_LOADED_IMAGE, Entry)

/* Boot: the list, its resource, the records of ntoskrnl.exe and hal.dll
 * (both the kernel's own image). */
VOID MmInitializeSystemLoader(VOID);

/*
 * NT's MmLoadSystemImage: FileName is a path whose last component names
 * the boot file (\SystemRoot\System32\Drivers\x.sys finds x.sys; boot
 * files have no folders). The module is named NamePrefix (optional)
 * followed by LoadedName, or by the file's name without LoadedName.
 * Flags must be 0 (NT's session and lock-down loads have no meaning
 * here). Success: *ModuleObject (the KLDR_DATA_TABLE_ENTRY) and
 * *ImageBaseAddress. A module of that name already loaded:
 * STATUS_IMAGE_ALREADY_LOADED with the loaded one's record and base, as
 * NT. Otherwise, with nothing left behind:
 *   STATUS_OBJECT_NAME_NOT_FOUND  no such boot file
 *   STATUS_INVALID_IMAGE_FORMAT   the image layer refused the file or a
 *                                 relocation, or it is not a native image
 *   STATUS_CONFLICTING_ADDRESSES  it has no relocations (it must move)
 *   STATUS_DLL_NOT_FOUND          it imports from a DLL that is neither
 *                                 the kernel's, nor a loaded driver, nor
 *                                 a boot file (an export driver that is
 *                                 one is loaded first, and its
 *                                 DllInitialize called; its refusal
 *                                 refuses the importer)
 *   STATUS_PROCEDURE_NOT_FOUND    a routine that DLL does not export (or
 *                                 exports as a forwarder); the log names
 *                                 the DLL and the routine
 *   STATUS_ORDINAL_NOT_FOUND      an ordinal likewise
 *   STATUS_INSUFFICIENT_RESOURCES no system PTEs, frames or pool
 * Waits: PASSIVE_LEVEL.
 */
NTSTATUS MmLoadSystemImage(PUNICODE_STRING FileName, PUNICODE_STRING NamePrefix,
                           PUNICODE_STRING LoadedName, ULONG Flags,
                           PVOID *ModuleObject, PVOID *ImageBaseAddress);

/* The same from a file in memory (the tests hand it broken copies of a
 * driver): FullName is recorded as the path, BaseName names the module.
 * Returns as MmLoadSystemImage. */
NTSTATUS MiLoadSystemImageFromFile(PCVOID File, ULONG FileSize,
                                   PCUNICODE_STRING FullName,
                                   PCUNICODE_STRING BaseName,
                                   PKLDR_DATA_TABLE_ENTRY *Entry);

/* NT's MmFreeDriverInitialization, after DriverEntry: each discardable
 * section (INIT, or flagged IMAGE_SCN_MEM_DISCARDABLE) loses its pages,
 * unmapped and their frames freed. Only whole pages go; an image with a
 * section alignment below a page keeps everything. Once per image. */
VOID MmFreeDriverInitialization(PVOID ModuleObject);

/* NT's MmUnloadSystemImage: one load reference goes; at none the image's
 * pages, PTEs, record and names go, and its own references on the export
 * drivers it imported from (which unload in turn at none).
 * STATUS_INVALID_PARAMETER for ntoskrnl.exe's or hal.dll's record. */
NTSTATUS MmUnloadSystemImage(PVOID ModuleObject);

/* The loaded driver whose image holds Address, and the nearest export at
 * or below it (*ExportName NULL when there is none), for the stop screen:
 * no lock (the machine is stopping), read-only. FALSE when no driver
 * holds it. The kernel's own records are skipped (its symbol table
 * answers for it). */
BOOLEAN MiLookupDriverSymbol(ULONG_PTR Address, PKLDR_DATA_TABLE_ENTRY *Entry,
                             PCSTR *ExportName, ULONG_PTR *Offset);

/* The name as ASCII (others as '?') in Buffer of Size bytes, cut short
 * if it must be; returns Buffer. */
PCSTR MiAsciiName(PCUNICODE_STRING Name, PCHAR Buffer, ULONG Size);

#endif
