/* Test driver images (kt_image.h). */
#include "kt_image.h"
#include "kernel/image.h"

NTSTATUS KtLoadImage(PCWSTR Path, PKLDR_DATA_TABLE_ENTRY *Entry)
{
    UNICODE_STRING Name;
    PVOID Base = NULL;

    *Entry = NULL;
    RtlInitUnicodeString(&Name, Path);
    return MmLoadSystemImage(&Name, NULL, NULL, 0, (PVOID *)Entry, &Base);
}

PVOID KtImageExport(PKLDR_DATA_TABLE_ENTRY Entry, PCSTR Name)
{
    return RtlFindExportedRoutineByName(Entry->DllBase, Name);
}
