/*
 * A driver the loader must refuse: it imports from nosuch.dll, which is
 * neither the kernel's nor a loaded driver (tests/drivers/nosuch.def).
 */
#include "ntddk.h"

VOID NTAPI NoSuchRoutine(VOID);

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    if (KeQueryTimeIncrement() != 0)
        NoSuchRoutine();
    return STATUS_SUCCESS;
}
