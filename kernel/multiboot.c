/*
 * Taking what the Multiboot loader hands over, without trusting it: every
 * pointer in the structure is checked against the window of physical
 * memory the kernel can see before it is read. Pure, so the host tests can
 * hand it malformed structures.
 */
#include "kernel/multiboot.h"
#include "ntrtl.h"
#include "ntstatus.h"

static BOOLEAN in_window(ULONG Physical, ULONG Length, ULONG WindowSize)
{
    return Physical != 0 && Physical < WindowSize &&
           Length <= WindowSize - Physical;
}

static PCSTR read_string(ULONG Physical, ULONG_PTR WindowBase, ULONG WindowSize)
{
    PCSTR String;
    ULONG Length;

    if (!in_window(Physical, 1, WindowSize))
        return NULL;
    String = (PCSTR)(WindowBase + Physical);
    for (Length = 0; Physical + Length < WindowSize; Length++) {
        if (String[Length] == '\0')
            return String;
    }
    return NULL;
}

VOID KiReadBootInformation(ULONG InfoPhysical, ULONG_PTR WindowBase,
                           ULONG WindowSize, KI_BOOT_INFORMATION *Boot,
                           PULONG Problems)
{
    const MULTIBOOT_INFO *Info;

    Boot->InfoPhysical = 0;
    Boot->HasMemorySizes = FALSE;
    Boot->MemLowerKb = Boot->MemUpperKb = 0;
    Boot->CommandLine = Boot->BootLoaderName = NULL;
    Boot->MemoryMap = NULL;
    Boot->MemoryMapPhysical = Boot->MemoryMapLength = 0;
    Boot->Modules = NULL;
    Boot->ModulesPhysical = Boot->ModuleCount = 0;
    Boot->WindowBase = WindowBase;
    *Problems = 0;

    if (!in_window(InfoPhysical, sizeof(MULTIBOOT_INFO), WindowSize)) {
        *Problems |= KI_BOOT_PROBLEM_INFO;
        return;
    }
    Info = (const MULTIBOOT_INFO *)(WindowBase + InfoPhysical);
    Boot->InfoPhysical = InfoPhysical;

    if (Info->Flags & MULTIBOOT_INFO_MEMORY) {
        Boot->HasMemorySizes = TRUE;
        Boot->MemLowerKb = Info->MemLower;
        Boot->MemUpperKb = Info->MemUpper;
    }
    if (Info->Flags & MULTIBOOT_INFO_CMDLINE) {
        Boot->CommandLine = read_string(Info->CmdLine, WindowBase, WindowSize);
        if (Boot->CommandLine == NULL)
            *Problems |= KI_BOOT_PROBLEM_CMDLINE;
    }
    if (Info->Flags & MULTIBOOT_INFO_BOOT_LOADER_NAME) {
        Boot->BootLoaderName =
            read_string(Info->BootLoaderName, WindowBase, WindowSize);
        if (Boot->BootLoaderName == NULL)
            *Problems |= KI_BOOT_PROBLEM_LOADER_NAME;
    }
    if (Info->Flags & MULTIBOOT_INFO_MEM_MAP) {
        if (in_window(Info->MmapAddr, Info->MmapLength, WindowSize) &&
            Info->MmapLength != 0) {
            Boot->MemoryMap = (const UCHAR *)(WindowBase + Info->MmapAddr);
            Boot->MemoryMapPhysical = Info->MmapAddr;
            Boot->MemoryMapLength = Info->MmapLength;
        } else {
            *Problems |= KI_BOOT_PROBLEM_MEMORY_MAP;
        }
    }
    if ((Info->Flags & MULTIBOOT_INFO_MODS) && Info->ModsCount != 0) {
        if (Info->ModsCount <= WindowSize / sizeof(MULTIBOOT_MODULE) &&
            in_window(Info->ModsAddr,
                      Info->ModsCount * sizeof(MULTIBOOT_MODULE), WindowSize)) {
            Boot->Modules =
                (const MULTIBOOT_MODULE *)(WindowBase + Info->ModsAddr);
            Boot->ModulesPhysical = Info->ModsAddr;
            Boot->ModuleCount = Info->ModsCount;
        } else {
            *Problems |= KI_BOOT_PROBLEM_MODULES;
        }
    }
}

NTSTATUS KiNextMemoryMapEntry(const KI_BOOT_INFORMATION *Boot, PULONG Offset,
                              MULTIBOOT_MEMORY_ENTRY *Entry)
{
    ULONG Left, Size;

    if (Boot->MemoryMap == NULL || *Offset >= Boot->MemoryMapLength)
        return STATUS_NO_MORE_ENTRIES;
    Left = Boot->MemoryMapLength - *Offset;
    if (Left < sizeof(ULONG))
        return STATUS_INVALID_PARAMETER;
    RtlCopyMemory(&Size, Boot->MemoryMap + *Offset, sizeof(ULONG));
    if (Size < sizeof(MULTIBOOT_MEMORY_ENTRY) - sizeof(ULONG) ||
        Size > Left - sizeof(ULONG))
        return STATUS_INVALID_PARAMETER;
    RtlCopyMemory(Entry, Boot->MemoryMap + *Offset, sizeof(*Entry));
    *Offset += Size + sizeof(ULONG);
    return STATUS_SUCCESS;
}
