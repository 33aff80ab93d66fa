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

#define FRAMEBUFFER_MAX_SIDE 8192

static BOOLEAN component_fits(UCHAR Position, UCHAR Size, UCHAR Bpp)
{
    return Size >= 1 && Size <= 8 && Position + Size <= Bpp;
}

/* The console draws 24- and 32-bit RGB; anything else, or a framebuffer
 * that does not fit below 4 GiB, is reported and left alone. */
static BOOLEAN read_framebuffer(const MULTIBOOT_INFO *Info, KI_FRAMEBUFFER *Fb)
{
    Fb->Kind = KiScreenVgaText; /* no video information: text as BIOS left */
    if (!(Info->Flags & MULTIBOOT_INFO_FRAMEBUFFER))
        return TRUE;
    Fb->Physical = Info->FramebufferAddress;
    Fb->Pitch = Info->FramebufferPitch;
    Fb->Width = Info->FramebufferWidth;
    Fb->Height = Info->FramebufferHeight;
    Fb->Type = Info->FramebufferType;
    Fb->Bpp = Info->FramebufferBpp;
    Fb->BytesPerPixel = (UCHAR)(Info->FramebufferBpp / 8);
    Fb->RedPosition = Info->RedPosition;
    Fb->RedSize = Info->RedMaskSize;
    Fb->GreenPosition = Info->GreenPosition;
    Fb->GreenSize = Info->GreenMaskSize;
    Fb->BluePosition = Info->BluePosition;
    Fb->BlueSize = Info->BlueMaskSize;
    if (Fb->Type == MULTIBOOT_FRAMEBUFFER_EGA_TEXT)
        return TRUE;
    Fb->Kind = KiScreenNone;
    if (Fb->Type != MULTIBOOT_FRAMEBUFFER_RGB ||
        (Fb->Bpp != 24 && Fb->Bpp != 32) || Fb->Width == 0 || Fb->Height == 0 ||
        Fb->Width > FRAMEBUFFER_MAX_SIDE || Fb->Height > FRAMEBUFFER_MAX_SIDE ||
        Fb->Pitch < Fb->Width * Fb->BytesPerPixel || Fb->Physical == 0 ||
        Fb->Physical + (ULONGLONG)Fb->Pitch * Fb->Height > 0x100000000ULL ||
        !component_fits(Fb->RedPosition, Fb->RedSize, Fb->Bpp) ||
        !component_fits(Fb->GreenPosition, Fb->GreenSize, Fb->Bpp) ||
        !component_fits(Fb->BluePosition, Fb->BlueSize, Fb->Bpp))
        return FALSE;
    Fb->Kind = KiScreenFramebuffer;
    return TRUE;
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
    RtlZeroMemory(&Boot->Framebuffer, sizeof(Boot->Framebuffer));
    Boot->Framebuffer.Kind = KiScreenVgaText;
    *Problems = 0;

    if (!in_window(InfoPhysical, sizeof(MULTIBOOT_INFO), WindowSize)) {
        *Problems |= KI_BOOT_PROBLEM_INFO;
        return;
    }
    Info = (const MULTIBOOT_INFO *)(WindowBase + InfoPhysical);
    Boot->InfoPhysical = InfoPhysical;
    if (!read_framebuffer(Info, &Boot->Framebuffer))
        *Problems |= KI_BOOT_PROBLEM_FRAMEBUFFER;

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
