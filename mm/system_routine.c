/*
 * MmGetSystemRoutineAddress: a routine or variable of ntoskrnl.exe, then
 * of hal.dll, by its export name, as NT looks it up for drivers that
 * must run on kernels without it (include/kernel/exports.h has the
 * tables).
 */
#include "kernel/exports.h"
#include "ntddk.h"

/* Export names are ASCII; NT's longest is far below this. */
#define MAXIMUM_NAME 128

PVOID NTAPI MmGetSystemRoutineAddress(PUNICODE_STRING SystemRoutineName)
{
    CHAR Name[MAXIMUM_NAME];
    ULONG Index, Count;
    ULONG_PTR Address;

    if (SystemRoutineName == NULL || SystemRoutineName->Buffer == NULL)
        return NULL;
    Count = SystemRoutineName->Length / sizeof(WCHAR);
    if (Count == 0 || Count >= MAXIMUM_NAME)
        return NULL;
    for (Index = 0; Index < Count; Index++) {
        WCHAR Char = SystemRoutineName->Buffer[Index];

        if (Char == 0 || Char >= 0x80)
            return NULL; /* no export has such a name */
        Name[Index] = (CHAR)Char;
    }
    Name[Count] = '\0';
    for (Index = 0; Index < MI_EXPORT_TABLE_COUNT; Index++) {
        Address = MiFindExport(&MiExportTables[Index], Name);
        if (Address != 0)
            return (PVOID)Address;
    }
    return NULL;
}
