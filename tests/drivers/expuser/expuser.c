/*
 * A driver importing from an export driver that is not loaded
 * (expdll.sys), for the loader's tests: loading it loads expdll.sys
 * first, from the boot files, as NT's loader does.
 */
#include "ntddk.h"

__declspec(dllimport) ULONG __cdecl ExpDllValue(VOID);

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

__declspec(dllexport) ULONG __cdecl ExpUserRun(VOID)
{
    return ExpDllValue() + 1;
}
