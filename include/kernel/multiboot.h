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

typedef struct _MULTIBOOT_INFO {
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
} MULTIBOOT_INFO, *PMULTIBOOT_INFO;

/* What the kernel took from the loader, checked and copied. */
typedef struct _KI_BOOT_INFORMATION {
    BOOLEAN HasMemorySizes;
    ULONG MemLowerKb;
    ULONG MemUpperKb;
    PCSTR CommandLine;    /* NULL when absent or unreadable */
    PCSTR BootLoaderName; /* likewise */
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
VOID KiReadBootInformation(ULONG InfoPhysical, ULONG_PTR WindowBase,
                           ULONG WindowSize, KI_BOOT_INFORMATION *Boot,
                           PULONG Problems);

#endif
