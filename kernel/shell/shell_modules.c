/*
 * The shell's `lm`: the loaded kernel-mode images as WinDbg's lm lists
 * them, one per line in load order: start, end (one past the image),
 * name, then the load count and the flags that matter (relocated, export
 * driver, initialisation freed).
 */
#include "kernel/shell.h"
#include "kernel/sysldr.h"

static BOOLEAN init_freed(PKLDR_DATA_TABLE_ENTRY Entry)
{
    PMI_LOADED_IMAGE Image = MI_LOADED_IMAGE_OF(Entry);
    ULONG Index;

    for (Index = 0; Index < Image->SectionCount; Index++)
        if (Image->Sections[Index].Flags & MI_SECTION_FREED)
            return TRUE;
    return FALSE;
}

BOOLEAN KiShellModules(ULONG Argc, PCHAR Argv[])
{
    PLIST_ENTRY Link;
    CHAR Name[64];
    ULONG Count = 0;

    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    DbgPrint("start    end      module name\n");
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&PsLoadedModuleResource, TRUE);
    for (Link = PsLoadedModuleList.Flink; Link != &PsLoadedModuleList;
         Link = Link->Flink) {
        PKLDR_DATA_TABLE_ENTRY Entry =
            CONTAINING_RECORD(Link, KLDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
        ULONG Start = (ULONG)Entry->DllBase;

        DbgPrint("%08lx %08lx %-16s loads %u%s%s%s\n", Start,
                 Start + Entry->SizeOfImage,
                 MiAsciiName(&Entry->BaseDllName, Name, sizeof(Name)),
                 Entry->LoadCount,
                 (Entry->Flags & LDRP_IMAGE_NOT_AT_BASE) ? ", relocated" : "",
                 (Entry->Flags & LDRP_IMAGE_DLL) ? ", export driver" : "",
                 init_freed(Entry) ? ", INIT freed" : "");
        Count++;
    }
    ExReleaseResourceLite(&PsLoadedModuleResource);
    KeLeaveCriticalRegion();
    DbgPrint("%lu module(s)\n", Count);
    return TRUE;
}
