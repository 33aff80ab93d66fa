/* The Multiboot (v1) information structure, as the specification lays it
 * out (section 3.3). Addresses in it are physical. */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include "ntdef.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

#define MULTIBOOT_INFO_MEMORY 0x00000001
#define MULTIBOOT_INFO_BOOTDEV 0x00000002
#define MULTIBOOT_INFO_CMDLINE 0x00000004
#define MULTIBOOT_INFO_MODS 0x00000008
#define MULTIBOOT_INFO_MEM_MAP 0x00000040
#define MULTIBOOT_INFO_BOOT_LOADER_NAME 0x00000200
#define MULTIBOOT_INFO_FRAMEBUFFER 0x00001000

typedef struct __attribute__((packed)) _MULTIBOOT_INFO {
    ULONG Flags;
    ULONG MemLower; /* KiB below 1 MiB */
    ULONG MemUpper; /* KiB from 1 MiB to the first hole */
    ULONG BootDevice;
    ULONG CmdLine;
    ULONG ModsCount;
    ULONG ModsAddr;
    ULONG Syms[4];
    ULONG MmapLength;
    ULONG MmapAddr;
    ULONG DrivesLength;
    ULONG DrivesAddr;
    ULONG ConfigTable;
    ULONG BootLoaderName;
    ULONG ApmTable;
    ULONG VbeControlInfo;
    ULONG VbeModeInfo;
    USHORT VbeMode;
    USHORT VbeInterfaceSegment;
    USHORT VbeInterfaceOffset;
    USHORT VbeInterfaceLength;
    /* Flag bit 12: the video mode the loader left (header flag bit 2). */
    ULONGLONG FramebufferAddress;
    ULONG FramebufferPitch; /* bytes per scan line */
    ULONG FramebufferWidth; /* pixels, or characters in EGA text */
    ULONG FramebufferHeight;
    UCHAR FramebufferBpp;
    UCHAR FramebufferType;
    /* The specification's table puts the colour information at 110, but
     * GRUB, which defines the format in practice, aligns it (a union
     * holding a 32-bit palette address) to 112. */
    UCHAR ColorInfoAlignment[2];
    UCHAR RedPosition, RedMaskSize; /* RGB: where each component lies */
    UCHAR GreenPosition, GreenMaskSize;
    UCHAR BluePosition, BlueMaskSize;
    UCHAR ColorInfoTail[2];
} MULTIBOOT_INFO, *PMULTIBOOT_INFO;

_Static_assert(sizeof(MULTIBOOT_INFO) == 120, "Multiboot information size");

#define MULTIBOOT_FRAMEBUFFER_INDEXED 0
#define MULTIBOOT_FRAMEBUFFER_RGB 1
#define MULTIBOOT_FRAMEBUFFER_EGA_TEXT 2

/* One entry of the memory map (flag bit 6). Size counts the bytes after
 * itself and may exceed 20: the next entry starts Size + 4 bytes on. */
typedef struct __attribute__((packed)) _MULTIBOOT_MEMORY_ENTRY {
    ULONG Size;
    ULONGLONG BaseAddress;
    ULONGLONG Length;
    ULONG Type;
} MULTIBOOT_MEMORY_ENTRY;

#define MULTIBOOT_MEMORY_AVAILABLE 1
#define MULTIBOOT_MEMORY_RESERVED 2
#define MULTIBOOT_MEMORY_ACPI_RECLAIMABLE 3
#define MULTIBOOT_MEMORY_NVS 4
#define MULTIBOOT_MEMORY_BADRAM 5

/* One boot module (flag bit 3): [ModStart, ModEnd) and its string. */
typedef struct _MULTIBOOT_MODULE {
    ULONG ModStart;
    ULONG ModEnd;
    ULONG String;
    ULONG Reserved;
} MULTIBOOT_MODULE;

/* kernel/ke/boot_module.c. A module's file name: the last component
 * (after the last '/' or '\') of the first word of its string, 1 to
 * KI_BOOT_FILE_NAME_MAX printable characters, none of "*:<>?|, not "."
 * or "..". Name receives as many WCHARs; *Length is in bytes.
 * STATUS_OBJECT_NAME_INVALID otherwise. */
#define KI_BOOT_FILE_NAME_MAX 64
NTSTATUS KiParseBootModuleName(PCSTR String, PWCHAR Name, PUSHORT Length);
/* NULL when [ModStart, ModEnd) can be a file: not empty or inverted, not
 * in the first MiB, clear of the kernel image [KernelStart, KernelEnd),
 * below MemoryEnd. Otherwise what is wrong, for the boot message. */
PCSTR KiCheckBootModule(const MULTIBOOT_MODULE *Module, ULONG KernelStart,
                        ULONG KernelEnd, ULONG MemoryEnd);

/* The screen the loader left. A linear framebuffer is described only
 * when it is one the console can draw on (RGB, 24 or 32 bits per pixel,
 * wholly below 4 GiB); otherwise the kernel stays with VGA text or none. */
typedef enum _KI_SCREEN_KIND {
    KiScreenVgaText,     /* the loader said text mode, or said nothing */
    KiScreenFramebuffer, /* a linear RGB framebuffer */
    KiScreenNone,        /* a mode the console cannot draw on */
} KI_SCREEN_KIND;

typedef struct _KI_FRAMEBUFFER {
    KI_SCREEN_KIND Kind;
    ULONGLONG Physical;
    ULONG Pitch, Width, Height; /* bytes per line; pixels */
    UCHAR Type, Bpp;            /* as the loader said, even when refused */
    UCHAR BytesPerPixel;        /* 3 or 4 */
    UCHAR RedPosition, RedSize, GreenPosition, GreenSize, BluePosition,
        BlueSize;
} KI_FRAMEBUFFER;

/* What the kernel took from the loader, checked. Pointers are into the
 * window; physical addresses are kept so the memory manager can reserve
 * what the kernel goes on using. */
typedef struct _KI_BOOT_INFORMATION {
    ULONG InfoPhysical; /* 0 when the structure was out of reach */
    BOOLEAN HasMemorySizes;
    ULONG MemLowerKb;
    ULONG MemUpperKb;
    PCSTR CommandLine;      /* NULL when absent or unreadable */
    PCSTR BootLoaderName;   /* likewise */
    const UCHAR *MemoryMap; /* NULL when absent or out of reach */
    ULONG MemoryMapPhysical;
    ULONG MemoryMapLength;
    const MULTIBOOT_MODULE *Modules; /* NULL when absent or out of reach */
    ULONG ModulesPhysical;
    ULONG ModuleCount;
    ULONG_PTR WindowBase;
    KI_FRAMEBUFFER Framebuffer;
} KI_BOOT_INFORMATION;

/*
 * Reads the information at InfoPhysical through a window that maps
 * physical [0, WindowSize) at WindowBase. A structure or string that lies
 * outside the window, or a string with no terminator inside it, is left
 * out and reported in *Problems (a bit per field, 0 when all was well).
 */
#define KI_BOOT_PROBLEM_INFO 0x1
#define KI_BOOT_PROBLEM_CMDLINE 0x2
#define KI_BOOT_PROBLEM_LOADER_NAME 0x4
#define KI_BOOT_PROBLEM_MEMORY_MAP 0x8
#define KI_BOOT_PROBLEM_MODULES 0x10
#define KI_BOOT_PROBLEM_FRAMEBUFFER 0x20
VOID KiReadBootInformation(ULONG InfoPhysical, ULONG_PTR WindowBase,
                           ULONG WindowSize, KI_BOOT_INFORMATION *Boot,
                           PULONG Problems);

/*
 * Walks the memory map: copies the entry at *Offset into *Entry and moves
 * *Offset past it. STATUS_NO_MORE_ENTRIES at the end; STATUS_INVALID_PARAMETER
 * when an entry is shorter than 20 bytes or runs past the map's length (the
 * walk cannot go on: the next entry's position is unknown).
 */
NTSTATUS KiNextMemoryMapEntry(const KI_BOOT_INFORMATION *Boot, PULONG Offset,
                              MULTIBOOT_MEMORY_ENTRY *Entry);

/* What KiSystemStartup read at boot (kernel/main.c). */
const KI_BOOT_INFORMATION *KiGetBootInformation(VOID);

/* The physical address of a pointer into the window. */
static inline ULONG KiBootPhysical(const KI_BOOT_INFORMATION *Boot,
                                   const void *Pointer)
{
    return (ULONG)((ULONG_PTR)Pointer - Boot->WindowBase);
}

#endif
