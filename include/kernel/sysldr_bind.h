/*
 * The system-image loader's inner parts (mm/sysldr.c, mm/sysldr_bind.c),
 * called with PsLoadedModuleResource held exclusive.
 */
#ifndef KERNEL_SYSLDR_BIND_H
#define KERNEL_SYSLDR_BIND_H

#include "kernel/sysldr.h"

/* The loaded module named BaseName (any case), or NULL. */
PKLDR_DATA_TABLE_ENTRY MiFindLoadedModule(PCUNICODE_STRING BaseName);

/* Resolves the imports of the image at Entry->DllBase (laid out,
 * relocated, still writable) against ntoskrnl.exe's and hal.dll's tables
 * and loaded drivers' export directories, writing its IAT. On success
 * each driver it imports from has one more LoadCount, and
 * Entry->LoadedImports lists them (NULL when there are none). A refusal
 * is logged with the DLL and routine it names, and takes nothing. */
NTSTATUS MiBindImage(PKLDR_DATA_TABLE_ENTRY Entry);

/* NT's loader loads an export driver an image imports from when it is
 * not loaded yet (MiResolveImageReferences): the boot file DllName,
 * listed and flagged LDRP_DRIVER_DEPENDENT_DLL with LoadCount 1 (the
 * importer's), its DllInitialize (when it exports one) called with the
 * registry path of a service of its name. STATUS_DLL_NOT_FOUND when no
 * boot file has the name, else the load's or DllInitialize's refusal,
 * with nothing left. */
NTSTATUS MiLoadDependentImage(PCSTR DllName, PKLDR_DATA_TABLE_ENTRY *Entry);

/* Drops the references a LoadedImports list holds, and frees it. */
VOID MiDereferenceImports(PVOID LoadedImports);

/* One load reference goes; at none the image is unlisted and freed, but
 * a dependent export driver only when its DllUnload exists and succeeds
 * (else it stays, with no references, as on NT). */
VOID MiDereferenceLoadedImage(PKLDR_DATA_TABLE_ENTRY Entry);

#endif
