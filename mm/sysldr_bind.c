/*
 * Binding a driver image (include/kernel/sysldr_bind.h): each import
 * descriptor names ntoskrnl.exe or hal.dll (the kernel's generated export
 * tables, include/kernel/exports.h) or a driver already loaded (its own
 * export directory: an export driver). Nothing else is loaded on the
 * driver's behalf: an export driver is loaded first, by its own name.
 */
#include "kernel/sysldr_bind.h"
#include "kernel/exports.h"
#include "kernel/image.h"
#include "kernel/verifier.h"

#define IMPORTS_TAG 'iLmM'
/* The export drivers one image may import from. */
#define MAXIMUM_DRIVER_IMPORTS 16

typedef struct _BIND {
    PKLDR_DATA_TABLE_ENTRY Importer;
    PCMI_EXPORT_TABLE Table;    /* the current DLL, when the kernel's */
    PKLDR_DATA_TABLE_ENTRY Dll; /* the current DLL, when a driver */
    ULONG Count;                /* drivers imported from, each once */
    PKLDR_DATA_TABLE_ENTRY Drivers[MAXIMUM_DRIVER_IMPORTS];
    /* Loaded for this image: their first reference is already its own. */
    BOOLEAN Loaded[MAXIMUM_DRIVER_IMPORTS];
} BIND;

/* A driver's name matches the ASCII DllName, without case. */
static BOOLEAN names_match(PCUNICODE_STRING Name, PCSTR DllName)
{
    ULONG Index, Count = Name->Length / sizeof(WCHAR);

    for (Index = 0; Index < Count; Index++) {
        WCHAR Left = RtlUpcaseUnicodeChar(Name->Buffer[Index]);
        WCHAR Right = RtlUpcaseUnicodeChar((WCHAR)(UCHAR)DllName[Index]);

        if (DllName[Index] == '\0' || Left != Right)
            return FALSE;
    }
    return DllName[Count] == '\0';
}

static PKLDR_DATA_TABLE_ENTRY find_driver(PCSTR DllName)
{
    PLIST_ENTRY Link;

    for (Link = PsLoadedModuleList.Flink; Link != &PsLoadedModuleList;
         Link = Link->Flink) {
        PKLDR_DATA_TABLE_ENTRY Entry =
            CONTAINING_RECORD(Link, KLDR_DATA_TABLE_ENTRY, InLoadOrderLinks);

        if (MI_LOADED_IMAGE_OF(Entry)->PageCount != 0 &&
            names_match(&Entry->BaseDllName, DllName))
            return Entry;
    }
    return NULL;
}

static NTSTATUS bind_dll(PVOID Context, ULONG DescriptorIndex, PCSTR DllName)
{
    BIND *Bind = Context;
    CHAR Name[64];
    ULONG Index;

    UNREFERENCED_PARAMETER(DescriptorIndex);
    Bind->Table =
        MiFindExportTable(MiExportTables, MI_EXPORT_TABLE_COUNT, DllName);
    Bind->Dll = Bind->Table == NULL ? find_driver(DllName) : NULL;
    if (Bind->Table != NULL)
        return STATUS_SUCCESS;
    if (Bind->Dll == Bind->Importer)
        Bind->Dll = NULL;
    if (Bind->Dll != NULL) {
        for (Index = 0; Index < Bind->Count; Index++)
            if (Bind->Drivers[Index] == Bind->Dll)
                return STATUS_SUCCESS;
    }
    if (Bind->Count == MAXIMUM_DRIVER_IMPORTS)
        return STATUS_TOO_MANY_NAMES;
    if (Bind->Dll == NULL) {
        NTSTATUS Status = MiLoadDependentImage(DllName, &Bind->Dll);

        if (Status == STATUS_DLL_NOT_FOUND)
            DbgPrint(
                "sysldr: %s imports from %s, which is not loaded: refused "
                "(STATUS_DLL_NOT_FOUND)\n",
                MiAsciiName(&Bind->Importer->BaseDllName, Name, sizeof(Name)),
                DllName);
        if (!NT_SUCCESS(Status))
            return Status;
        Bind->Loaded[Bind->Count] = TRUE;
    }
    Bind->Drivers[Bind->Count++] = Bind->Dll;
    return STATUS_SUCCESS;
}

static NTSTATUS refuse(BIND *Bind, const LDRP_IMPORT_THUNK *Thunk,
                       NTSTATUS Status, PCSTR Why)
{
    CHAR Name[64];

    if (Thunk->ByOrdinal)
        DbgPrint("sysldr: %s imports %s!#%u, %s: refused (status %08lx)\n",
                 MiAsciiName(&Bind->Importer->BaseDllName, Name, sizeof(Name)),
                 Thunk->DllName, Thunk->Ordinal, Why, (ULONG)Status);
    else
        DbgPrint("sysldr: %s imports %s!%s, %s: refused (status %08lx)\n",
                 MiAsciiName(&Bind->Importer->BaseDllName, Name, sizeof(Name)),
                 Thunk->DllName, Thunk->Name, Why, (ULONG)Status);
    return Status;
}

static NTSTATUS bind_thunk(PVOID Context, const LDRP_IMPORT_THUNK *Thunk)
{
    BIND *Bind = Context;
    LDRP_EXPORT Export;
    ULONG_PTR Address;
    NTSTATUS Status;

    if (Bind->Table != NULL) {
        /* The kernel's tables have names, no ordinals. */
        if (Thunk->ByOrdinal)
            return refuse(Bind, Thunk, STATUS_ORDINAL_NOT_FOUND,
                          "which the kernel exports by name only");
        Address = MiFindExport(Bind->Table, Thunk->Name);
        if (Address == 0)
            return refuse(Bind, Thunk, STATUS_PROCEDURE_NOT_FOUND,
                          "which it does not export");
        /* A verified driver's pool routines are the verifier's. */
        *Thunk->IatEntry =
            VfRedirectImport(Bind->Importer, Thunk->Name, Address);
        return STATUS_SUCCESS;
    }
    Status =
        Thunk->ByOrdinal
            ? LdrpFindExportByOrdinal(Bind->Dll->DllBase,
                                      Bind->Dll->SizeOfImage, Thunk->Ordinal,
                                      &Export)
            : LdrpFindExportByName(Bind->Dll->DllBase, Bind->Dll->SizeOfImage,
                                   Thunk->Name, Thunk->Hint, &Export);
    if (NT_SUCCESS(Status) && Export.Forwarder != NULL)
        return refuse(Bind, Thunk, STATUS_PROCEDURE_NOT_FOUND,
                      "a forwarder (not followed in kernel mode)");
    if (!NT_SUCCESS(Status))
        return refuse(Bind, Thunk, Status, "which it does not export");
    *Thunk->IatEntry = (ULONG)Export.Address;
    return STATUS_SUCCESS;
}

NTSTATUS MiBindImage(PKLDR_DATA_TABLE_ENTRY Entry)
{
    BIND Bind;
    PULONG_PTR List;
    ULONG Index;
    NTSTATUS Status;

    RtlZeroMemory(&Bind, sizeof(Bind));
    Bind.Importer = Entry;
    Status = LdrpWalkImports(Entry->DllBase, ROUND_TO_PAGES(Entry->SizeOfImage),
                             bind_dll, bind_thunk, &Bind);
    /* NT's LoadedImports: the count, then the records. */
    if (NT_SUCCESS(Status) && Bind.Count != 0) {
        List = ExAllocatePoolWithTag(
            NonPagedPool, (Bind.Count + 1) * sizeof(ULONG_PTR), IMPORTS_TAG);
        if (List == NULL)
            Status = STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!NT_SUCCESS(Status)) {
        /* What was loaded for this image goes with its refusal. */
        for (Index = 0; Index < Bind.Count; Index++)
            if (Bind.Loaded[Index])
                MiDereferenceLoadedImage(Bind.Drivers[Index]);
        return Status;
    }
    if (Bind.Count == 0)
        return STATUS_SUCCESS;
    List[0] = Bind.Count;
    for (Index = 0; Index < Bind.Count; Index++) {
        List[Index + 1] = (ULONG_PTR)Bind.Drivers[Index];
        if (!Bind.Loaded[Index])
            Bind.Drivers[Index]->LoadCount++;
    }
    Entry->LoadedImports = List;
    return STATUS_SUCCESS;
}

VOID MiDereferenceImports(PVOID LoadedImports)
{
    PULONG_PTR List = LoadedImports;
    ULONG Index;

    for (Index = 0; Index < List[0]; Index++)
        MiDereferenceLoadedImage((PKLDR_DATA_TABLE_ENTRY)List[Index + 1]);
    ExFreePoolWithTag(List, IMPORTS_TAG);
}
