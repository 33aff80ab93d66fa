/*
 * The kernel's exports as NT's ntoskrnl.exe and hal.dll: the tables
 * tools/gen-exports.sh makes from every exports.tbl (docs/io.md, "The
 * driver loader"), and their lookup, which the system-image loader and
 * MmGetSystemRoutineAddress use. Pure: the host tests build it.
 */
#ifndef KERNEL_EXPORTS_H
#define KERNEL_EXPORTS_H

#include "ntdef.h"

typedef struct _MI_EXPORT {
    PCSTR Name;        /* NT's export name, undecorated */
    ULONG_PTR Address; /* the kernel's routine or variable */
} MI_EXPORT, *PMI_EXPORT;

typedef struct _MI_EXPORT_TABLE {
    PCSTR DllName;            /* "ntoskrnl.exe", "hal.dll" */
    const MI_EXPORT *Exports; /* sorted by name in byte order */
    ULONG Count;
} MI_EXPORT_TABLE, *PMI_EXPORT_TABLE;
typedef const MI_EXPORT_TABLE *PCMI_EXPORT_TABLE;

/* ntoskrnl.exe, then hal.dll: the order MmGetSystemRoutineAddress
 * searches them in. */
#define MI_EXPORT_TABLE_COUNT 2
extern const MI_EXPORT_TABLE MiExportTables[MI_EXPORT_TABLE_COUNT];

/* The table of DllName among Count tables, compared without case as NT
 * compares DLL names ("NTOSKRNL.EXE" is ntoskrnl.exe); NULL if none. */
PCMI_EXPORT_TABLE MiFindExportTable(const MI_EXPORT_TABLE *Tables, ULONG Count,
                                    PCSTR DllName);
/* The address Name has in Table (exact case, as NT's export lookup),
 * found by binary search; 0 when it is not exported. */
ULONG_PTR MiFindExport(PCMI_EXPORT_TABLE Table, PCSTR Name);
/* TRUE when the table's names are strictly ascending (each once). */
BOOLEAN MiIsExportTableSorted(PCMI_EXPORT_TABLE Table);

#endif
