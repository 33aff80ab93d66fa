/*
 * Names for addresses in loaded drivers (include/kernel/sysldr.h), for
 * the stop screen's backtrace: the driver, and its nearest export at or
 * below the address, from the export directory the image carries (a
 * driver has no other symbol table in memory).
 */
#include "kernel/image.h"
#include "kernel/sysldr.h"

PCSTR MiAsciiName(PCUNICODE_STRING Name, PCHAR Buffer, ULONG Size)
{
    ULONG Index, Count = Name->Length / sizeof(WCHAR);

    for (Index = 0; Index < Count && Index + 1 < Size; Index++)
        Buffer[Index] =
            Name->Buffer[Index] >= 0x20 && Name->Buffer[Index] < 0x7F
                ? (CHAR)Name->Buffer[Index]
                : '?';
    Buffer[Index] = '\0';
    return Buffer;
}

/* The name of the export with the highest address at or below Rva, read
 * with the image layer's bounds (the image is checked, but a driver may
 * have written over its own headers). */
static PCSTR nearest_export(PKLDR_DATA_TABLE_ENTRY Entry, ULONG Rva,
                            PULONG ExportRva)
{
    PVOID Base = Entry->DllBase;
    ULONG Size = ROUND_TO_PAGES(Entry->SizeOfImage), DirectorySize, Index;
    PIMAGE_EXPORT_DIRECTORY Directory;
    PCSTR Best = NULL;

    if (!NT_SUCCESS(
            RtlpImageDirectoryEntry(Base, Size, IMAGE_DIRECTORY_ENTRY_EXPORT,
                                    (PVOID *)&Directory, &DirectorySize)) ||
        Directory == NULL)
        return NULL;
    for (Index = 0; Index < Directory->NumberOfNames; Index++) {
        LDRP_EXPORT Export;
        PCSTR Name;
        ULONG NameRva;

        if (!RtlpRangeInside(Directory->AddressOfNames + Index * 4, 4, Size))
            break;
        RtlCopyMemory(&NameRva,
                      (PUCHAR)Base + Directory->AddressOfNames + Index * 4, 4);
        Name = RtlpImageString(Base, Size, NameRva);
        if (Name == NULL ||
            !NT_SUCCESS(LdrpFindExportByName(Base, Size, Name, (USHORT)Index,
                                             &Export)) ||
            Export.Forwarder != NULL || Export.Rva > Rva ||
            (Best != NULL && Export.Rva < *ExportRva))
            continue;
        Best = Name;
        *ExportRva = Export.Rva;
    }
    return Best;
}

BOOLEAN MiLookupDriverSymbol(ULONG_PTR Address, PKLDR_DATA_TABLE_ENTRY *Entry,
                             PCSTR *ExportName, ULONG_PTR *Offset)
{
    PLIST_ENTRY Link;

    if (PsLoadedModuleList.Flink == NULL)
        return FALSE; /* before the loader's initialisation */
    for (Link = PsLoadedModuleList.Flink; Link != &PsLoadedModuleList;
         Link = Link->Flink) {
        PKLDR_DATA_TABLE_ENTRY Candidate =
            CONTAINING_RECORD(Link, KLDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
        ULONG_PTR Base = (ULONG_PTR)Candidate->DllBase;
        ULONG ExportRva = 0;

        if (MI_LOADED_IMAGE_OF(Candidate)->PageCount == 0 || Address < Base ||
            Address - Base >= Candidate->SizeOfImage)
            continue;
        *Entry = Candidate;
        *ExportName =
            nearest_export(Candidate, (ULONG)(Address - Base), &ExportRva);
        *Offset = Address - Base - (*ExportName != NULL ? ExportRva : 0);
        return TRUE;
    }
    return FALSE;
}
