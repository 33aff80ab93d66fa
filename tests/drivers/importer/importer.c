/*
 * A driver importing from an export driver (loadtest.sys), for the
 * loader's tests: the loader binds it to loadtest.sys's export directory
 * and holds a load reference on it while importer.sys stays.
 */
#include "ntddk.h"

__declspec(dllimport) ULONG __cdecl LoadTestRun(ULONG Value);

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

__declspec(dllexport) ULONG __cdecl ImporterRun(ULONG Value)
{
    return LoadTestRun(Value) + 1;
}
