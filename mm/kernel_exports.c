/*
 * Lookups in the kernel's export tables (include/kernel/exports.h): the
 * tables are generated sorted, so a name is a binary search away.
 */
#include "kernel/exports.h"

static CHAR lower(CHAR Char)
{
    return (Char >= 'A' && Char <= 'Z') ? (CHAR)(Char - 'A' + 'a') : Char;
}

static BOOLEAN same_dll_name(PCSTR Left, PCSTR Right)
{
    while (*Left != '\0' && lower(*Left) == lower(*Right)) {
        Left++;
        Right++;
    }
    return lower(*Left) == lower(*Right);
}

/* strcmp's answer in byte order, without the C library (host and kernel
 * builds alike). */
static int compare_names(PCSTR Left, PCSTR Right)
{
    while (*Left != '\0' && *Left == *Right) {
        Left++;
        Right++;
    }
    return (int)(UCHAR)*Left - (int)(UCHAR)*Right;
}

PCMI_EXPORT_TABLE MiFindExportTable(const MI_EXPORT_TABLE *Tables, ULONG Count,
                                    PCSTR DllName)
{
    ULONG Index;

    if (DllName == NULL)
        return NULL;
    for (Index = 0; Index < Count; Index++)
        if (same_dll_name(Tables[Index].DllName, DllName))
            return &Tables[Index];
    return NULL;
}

ULONG_PTR MiFindExport(PCMI_EXPORT_TABLE Table, PCSTR Name)
{
    ULONG Low = 0, High = Table->Count;

    if (Name == NULL)
        return 0;
    while (Low < High) {
        ULONG Middle = Low + (High - Low) / 2;
        int Order = compare_names(Name, Table->Exports[Middle].Name);

        if (Order == 0)
            return Table->Exports[Middle].Address;
        if (Order < 0)
            High = Middle;
        else
            Low = Middle + 1;
    }
    return 0;
}

BOOLEAN MiIsExportTableSorted(PCMI_EXPORT_TABLE Table)
{
    ULONG Index;

    for (Index = 1; Index < Table->Count; Index++)
        if (compare_names(Table->Exports[Index - 1].Name,
                          Table->Exports[Index].Name) >= 0)
            return FALSE;
    return TRUE;
}
