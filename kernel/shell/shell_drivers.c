/*
 * The shell's driver commands: `load NAME` and `unload NAME` go through
 * NtLoadDriver and NtUnloadDriver with NT's service name for NAME, so the
 * boot file \SystemRoot\NAME.sys becomes \Driver\NAME (docs/io.md).
 */
#include "kernel/io.h"
#include "kernel/shell.h"

int _stricmp(const char *Left, const char *Right); /* kernel/rtl */

#define SERVICES "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define MAXIMUM_NAME 64

static PCSTR describe(NTSTATUS Status)
{
    switch (Status) {
    case STATUS_OBJECT_NAME_NOT_FOUND:
        return "no such driver";
    case STATUS_IMAGE_ALREADY_LOADED:
        return "already loaded";
    case STATUS_PROCEDURE_NOT_FOUND:
        return "it imports a routine the kernel does not export";
    case STATUS_DLL_NOT_FOUND:
        return "it imports from a DLL that is not loaded";
    case STATUS_INVALID_IMAGE_FORMAT:
        return "not a driver image";
    case STATUS_INVALID_DEVICE_REQUEST:
        return "it cannot be unloaded";
    default:
        return "failed";
    }
}

static BOOLEAN load_or_unload(ULONG Argc, PCHAR Argv[], BOOLEAN Load)
{
    WCHAR Buffer[sizeof(SERVICES) + MAXIMUM_NAME];
    UNICODE_STRING Key = {0, sizeof(Buffer), Buffer};
    ULONG Index, Length;
    NTSTATUS Status;

    if (Argc != 2)
        return FALSE;
    Length = strlen(Argv[1]);
    /* "load ioctl.sys" means the same as "load ioctl". */
    if (Length > 4 && _stricmp(Argv[1] + Length - 4, ".sys") == 0)
        Length -= 4;
    if (Length == 0 || Length > MAXIMUM_NAME)
        return FALSE;
    for (Index = 0; SERVICES[Index] != '\0'; Index++)
        Buffer[Index] = (WCHAR)SERVICES[Index];
    for (ULONG Char = 0; Char < Length; Char++)
        Buffer[Index++] = (WCHAR)Argv[1][Char];
    Key.Length = (USHORT)(Index * sizeof(WCHAR));
    Status = Load ? NtLoadDriver(&Key) : NtUnloadDriver(&Key);
    if (NT_SUCCESS(Status) && Status != STATUS_IMAGE_ALREADY_LOADED)
        DbgPrint("%s %.*s: done\n", Load ? "load" : "unload", (int)Length,
                 Argv[1]);
    else
        DbgPrint("%s %.*s: %s (%08lx)\n", Load ? "load" : "unload", (int)Length,
                 Argv[1], describe(Status), (ULONG)Status);
    return TRUE;
}

BOOLEAN KiShellLoad(ULONG Argc, PCHAR Argv[])
{
    return load_or_unload(Argc, Argv, TRUE);
}

BOOLEAN KiShellUnload(ULONG Argc, PCHAR Argv[])
{
    return load_or_unload(Argc, Argv, FALSE);
}
