/*
 * A driver the loader must refuse: after imports it can resolve, one
 * from ntoskrnl.exe that the kernel does not export
 * (tests/drivers/bogus_ntoskrnl.def makes the import library).
 */
#include "ntddk.h"

VOID NTAPI KeNoSuchRoutine(VOID);

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    if (KeGetCurrentIrql() == PASSIVE_LEVEL && KeQueryTimeIncrement() != 0)
        KeNoSuchRoutine();
    return STATUS_SUCCESS;
}
