/*
 * The loader's kernel half (kernel/ps/image_loader.c): a program and the
 * DLLs it imports, mapped into a process, relocated when their base is
 * taken, their imports bound, each section given its protection, and the
 * list ntdll's user half (and the PEB's Ldr) is built from. The files come
 * from a lookup routine, so a test can hand the loader any image set.
 */
#ifndef KERNEL_LOADER_H
#define KERNEL_LOADER_H

#include "kernel/process.h"

#define PSP_MAXIMUM_MODULES 16
#define PSP_MODULE_NAME_LENGTH 32 /* with the terminating NUL */

/* Finds the file Name (a base name such as "kernel32.dll", any case):
 * STATUS_SUCCESS with its bytes, or STATUS_DLL_NOT_FOUND /
 * STATUS_OBJECT_NAME_NOT_FOUND. The bytes stay valid while the load runs. */
typedef NTSTATUS (*PSP_IMAGE_LOOKUP)(PVOID Context, PCSTR Name, PCVOID *Data,
                                     PULONG Size);

typedef struct _PSP_MODULE {
    CHAR
        Name[PSP_MODULE_NAME_LENGTH]; /* as the importer (or caller) named it */
    ULONG Base;
    ULONG SizeOfImage;
    ULONG EntryPoint; /* an address, 0 for none */
    ULONG TimeDateStamp;
    USHORT Subsystem;
    USHORT SubsystemMajor, SubsystemMinor;
    ULONG StackReserve, StackCommit;
    BOOLEAN IsDll;
    BOOLEAN Bound;  /* its imports are resolved */
    BOOLEAN Shared; /* a view of its image section, not pages of its own */
} PSP_MODULE, *PPSP_MODULE;

typedef struct _PSP_LOADER {
    PEPROCESS Process; /* current (attached) while loading */
    PSP_IMAGE_LOOKUP Lookup;
    PVOID LookupContext;
    ULONG Count;
    PSP_MODULE Modules[PSP_MAXIMUM_MODULES]; /* load order */
    ULONG InitCount;
    UCHAR InitOrder[PSP_MAXIMUM_MODULES]; /* DLLs, each after its imports */
    ULONG Depth;                          /* of the import walk */
    PCSTR FailedName; /* what could not be found or bound, for messages */
} PSP_LOADER, *PPSP_LOADER;

/* Maps the DLL Name into Loader->Process (which must be the current space)
 * with everything it imports: STATUS_SUCCESS and *Index, or the failure
 * (STATUS_DLL_NOT_FOUND when a file is missing), with
 * Loader->FailedName naming the file or import at fault. Must not move:
 * FixedBase (ntdll's rule): STATUS_CONFLICTING_ADDRESSES if its base is
 * taken. What was mapped before a failure stays mapped: the caller
 * deletes the process. */
NTSTATUS PspLoadImage(PPSP_LOADER Loader, PCSTR Name, BOOLEAN FixedBase,
                      PULONG Index);
/* Binds the imports of a module PspLoadImage(..., Bind FALSE) mapped. */
NTSTATUS PspBindImage(PPSP_LOADER Loader, ULONG Index);
/* Maps without binding (the program first, so it gets its own base before
 * its DLLs are placed); a missing file is the lookup's status
 * (STATUS_OBJECT_NAME_NOT_FOUND for a program, as NtCreateFile's). */
NTSTATUS PspMapImage(PPSP_LOADER Loader, PCSTR Name, BOOLEAN FixedBase,
                     PULONG Index);
/* The lowest free range of Size bytes on 64 KiB granularity. */
NTSTATUS PspFindFreeRange(PEPROCESS Process, ULONG Size, PULONG Base);
/* kernel/ps/create_process.c: a process running ImageName (a file the
 * lookup finds; NULL: the boot files under \SystemRoot) with CommandLine in its
 * parameters; its first thread made, not started (PspStartThread). Both
 * referenced for the caller. */
NTSTATUS PspCreateUserProcess(PCSTR ImageName, PCSTR CommandLine,
                              PSP_IMAGE_LOOKUP Lookup, PVOID LookupContext,
                              PEPROCESS *NewProcess, PETHREAD *NewThread);
VOID PspInitializeProcessCreation(VOID);
/* The default lookup (a PSP_IMAGE_LOOKUP): the boot files under
 * \SystemRoot; STATUS_OBJECT_NAME_NOT_FOUND for a missing one. */
NTSTATUS PspLookupBootFile(PVOID Context, PCSTR Name, PCVOID *Data,
                           PULONG Size);
/* The address of an export of a loaded module by name, or 0. */
ULONG PspFindExport(PPSP_LOADER Loader, ULONG Index, PCSTR Name);

#endif
