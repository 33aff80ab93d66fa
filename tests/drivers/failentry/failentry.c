/*
 * A driver whose DriverEntry fails after making a device, for the
 * loader's tests (tests/kernel/sysldr.c): NtLoadDriver must give back
 * everything, the device it left included, and the image.
 */
#include "ntddk.h"

/* Writable, not .rdata (see tests/drivers/expdll/expdll.c). */
static WCHAR device_name[] = L"\\Device\\FailEntry";

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject,
                           PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name;
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlInitUnicodeString(&Name, device_name);
    Status = IoCreateDevice(DriverObject, 64, &Name, FILE_DEVICE_UNKNOWN, 0,
                            FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    return STATUS_DEVICE_NOT_READY;
}
