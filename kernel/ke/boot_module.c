/*
 * What a boot module is, before the kernel keeps it: its name (the last
 * path component of the first word of its string, as GRUB's
 * `module /boot/hello.exe hello.exe` and QEMU's -initrd "path args" give
 * it) and whether its range can be a file at all. Pure, so the host tests
 * can hand it malformed entries; mm/boot_files.c does the rest.
 */
#include "kernel/multiboot.h"
#include "ntstatus.h"

static BOOLEAN is_space(CHAR Char)
{
    return Char == ' ' || Char == '\t';
}

/* Printable ASCII but the characters no file name holds. */
static BOOLEAN is_name_char(CHAR Char)
{
    if (Char < 0x21 || Char > 0x7E)
        return FALSE;
    switch (Char) {
    case '"':
    case '*':
    case ':':
    case '<':
    case '>':
    case '?':
    case '|':
        return FALSE;
    default:
        return TRUE;
    }
}

NTSTATUS KiParseBootModuleName(PCSTR String, PWCHAR Name, PUSHORT Length)
{
    PCSTR Start, End, Scan;
    ULONG Index, Count;

    *Length = 0;
    if (String == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    while (is_space(*String))
        String++;
    for (End = String; *End != '\0' && !is_space(*End); End++)
        ;
    Start = String;
    for (Scan = String; Scan < End; Scan++)
        if (*Scan == '/' || *Scan == '\\')
            Start = Scan + 1;
    Count = (ULONG)(End - Start);
    if (Count == 0 || Count > KI_BOOT_FILE_NAME_MAX ||
        (Count == 1 && Start[0] == '.') ||
        (Count == 2 && Start[0] == '.' && Start[1] == '.'))
        return STATUS_OBJECT_NAME_INVALID;
    for (Index = 0; Index < Count; Index++) {
        if (!is_name_char(Start[Index]))
            return STATUS_OBJECT_NAME_INVALID;
        Name[Index] = (WCHAR)Start[Index];
    }
    *Length = (USHORT)(Count * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

PCSTR KiCheckBootModule(const MULTIBOOT_MODULE *Module, ULONG KernelStart,
                        ULONG KernelEnd, ULONG MemoryEnd)
{
    if (Module->ModEnd < Module->ModStart)
        return "ends before it starts";
    if (Module->ModEnd == Module->ModStart)
        return "is empty";
    if (Module->ModStart < 0x100000)
        return "lies in the first MiB (the firmware's)";
    if (Module->ModStart < KernelEnd && Module->ModEnd > KernelStart)
        return "overlaps the kernel";
    if (Module->ModEnd > MemoryEnd)
        return "reaches past the memory the kernel maps";
    return NULL;
}
