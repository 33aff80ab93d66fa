/*
 * Taking what the Multiboot loader hands over, without trusting it: every
 * pointer in the structure is checked against the window of physical
 * memory the kernel can see before it is read. Pure, so the host tests can
 * hand it malformed structures.
 */
#include "kernel/multiboot.h"

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

    Boot->HasMemorySizes = FALSE;
    Boot->MemLowerKb = Boot->MemUpperKb = 0;
    Boot->CommandLine = Boot->BootLoaderName = NULL;
    *Problems = 0;

    if (!in_window(InfoPhysical, sizeof(MULTIBOOT_INFO), WindowSize)) {
        *Problems |= KI_BOOT_PROBLEM_INFO;
        return;
    }
    Info = (const MULTIBOOT_INFO *)(WindowBase + InfoPhysical);

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
}
