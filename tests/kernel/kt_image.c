/* Test driver images (kt_image.h). */
#include "kt_image.h"
#include "kernel/image.h"
#include "kernel/verifier.h"

#define SERVICES u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

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

NTSTATUS KtLoadDriverService(PCWSTR Name, BOOLEAN Unload)
{
    WCHAR Buffer[96];
    UNICODE_STRING Key = {0, sizeof(Buffer), Buffer}, Part;

    RtlInitUnicodeString(&Part, SERVICES);
    RtlAppendUnicodeStringToString(&Key, &Part);
    RtlInitUnicodeString(&Part, Name);
    RtlAppendUnicodeStringToString(&Key, &Part);
    return Unload ? NtUnloadDriver(&Key) : NtLoadDriver(&Key);
}

BOOLEAN KtVerifierQuery(PCSTR Name, VF_DRIVER_INFORMATION *Information)
{
    VF_DRIVER_INFORMATION Local;
    ULONG Index;

    if (Information == NULL)
        Information = &Local;
    for (Index = 0; VfQueryDriver(Index, Information); Index++)
        if (strcmp(Information->Name, Name) == 0)
            return TRUE;
    return FALSE;
}
