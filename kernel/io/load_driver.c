/*
 * Loading and unloading drivers: NtLoadDriver takes NT's service name,
 * \Registry\Machine\System\CurrentControlSet\Services\NAME, and (with no
 * registry here to read an ImagePath from) loads the boot file
 * \SystemRoot\System32\Drivers\NAME.sys as \Driver\NAME: the image
 * through the system loader, the driver object around its entry point,
 * the INIT sections freed once DriverEntry has succeeded. NtUnloadDriver
 * asks the driver to go (at once, or with the last close of its devices).
 */
#include "kernel/io.h"
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/sysldr.h"

#define SERVICES_PREFIX                                                        \
    u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define IMAGE_PREFIX u"\\SystemRoot\\System32\\Drivers\\"
#define DRIVER_PREFIX u"\\Driver\\"
#define MAXIMUM_NAME 64 /* characters of a service's name */

/* NAME from a service key's path (its last component); FALSE when the
 * path is empty, ends in a backslash or names something too long. */
static BOOLEAN service_name(PCUNICODE_STRING Key, PWCHAR Name, PUSHORT Length)
{
    USHORT Count = Key->Length / sizeof(WCHAR), Start = Count;

    while (Start > 0 && Key->Buffer[Start - 1] != L'\\')
        Start--;
    if (Start == Count || Count - Start > MAXIMUM_NAME)
        return FALSE;
    RtlCopyMemory(Name, &Key->Buffer[Start], (Count - Start) * sizeof(WCHAR));
    *Length = (USHORT)((Count - Start) * sizeof(WCHAR));
    return TRUE;
}

/* Prefix + Name (+ Suffix) into Buffer. */
static VOID build(PUNICODE_STRING Result, PWCHAR Buffer, USHORT Size,
                  PCWSTR Prefix, PCWSTR Name, USHORT NameLength, PCWSTR Suffix)
{
    UNICODE_STRING Part;

    Result->Buffer = Buffer;
    Result->Length = 0;
    Result->MaximumLength = Size;
    RtlInitUnicodeString(&Part, Prefix);
    RtlAppendUnicodeStringToString(Result, &Part);
    Part.Buffer = (PWCH)Name;
    Part.Length = Part.MaximumLength = NameLength;
    RtlAppendUnicodeStringToString(Result, &Part);
    if (Suffix != NULL) {
        RtlInitUnicodeString(&Part, Suffix);
        RtlAppendUnicodeStringToString(Result, &Part);
    }
}

static VOID unload_image(PVOID Module)
{
    MmUnloadSystemImage(Module);
}

NTSTATUS IopLoadDriver(PCUNICODE_STRING ServiceKey)
{
    WCHAR Name[MAXIMUM_NAME], ImageBuffer[128], DriverBuffer[96];
    UNICODE_STRING ImagePath, DriverName, RegistryPath = *ServiceKey;
    PKLDR_DATA_TABLE_ENTRY Module;
    PDRIVER_OBJECT Driver;
    PVOID Base;
    USHORT Length;
    NTSTATUS Status;

    if (!service_name(ServiceKey, Name, &Length))
        return STATUS_OBJECT_NAME_INVALID;
    build(&ImagePath, ImageBuffer, sizeof(ImageBuffer), IMAGE_PREFIX, Name,
          Length, u".sys");
    build(&DriverName, DriverBuffer, sizeof(DriverBuffer), DRIVER_PREFIX, Name,
          Length, NULL);
    Status =
        MmLoadSystemImage(&ImagePath, NULL, NULL, 0, (PVOID *)&Module, &Base);
    if (!NT_SUCCESS(Status) || Status == STATUS_IMAGE_ALREADY_LOADED)
        return Status == STATUS_IMAGE_ALREADY_LOADED
                   ? STATUS_IMAGE_ALREADY_LOADED
                   : Status;
    if (Module->EntryPoint == NULL) {
        /* An export driver: loaded for its importers, no DriverEntry. */
        MmUnloadSystemImage(Module);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    Status = IopCreateDriverObject(
        &DriverName, (PDRIVER_INITIALIZE)Module->EntryPoint, Module->DllBase,
        Module->SizeOfImage, Module, unload_image, &RegistryPath, &Driver);
    if (NT_SUCCESS(Status))
        MmFreeDriverInitialization(Module);
    return Status;
}

/* The driver \Driver\NAME for a service key, referenced. */
static NTSTATUS find_driver(PCUNICODE_STRING ServiceKey, PDRIVER_OBJECT *Driver)
{
    WCHAR Name[MAXIMUM_NAME], DriverBuffer[96];
    UNICODE_STRING DriverName;
    USHORT Length;

    if (!service_name(ServiceKey, Name, &Length))
        return STATUS_OBJECT_NAME_INVALID;
    build(&DriverName, DriverBuffer, sizeof(DriverBuffer), DRIVER_PREFIX, Name,
          Length, NULL);
    return ObReferenceObjectByName(&DriverName, OBJ_CASE_INSENSITIVE, NULL, 0,
                                   IopDriverObjectType, KernelMode, NULL,
                                   (PVOID *)Driver);
}

NTSTATUS IopUnloadDriverByName(PCUNICODE_STRING ServiceKey)
{
    PDRIVER_OBJECT Driver;
    NTSTATUS Status = find_driver(ServiceKey, &Driver);

    if (!NT_SUCCESS(Status))
        return Status;
    /* The kernel's own drivers have no image to give back. */
    Status = (Driver->Flags & DRVO_BUILTIN_DRIVER)
                 ? STATUS_INVALID_DEVICE_REQUEST
                 : IopUnloadDriver(Driver);
    ObfDereferenceObject(Driver);
    return Status;
}

/* The service key a caller passed, captured from user mode. */
static NTSTATUS capture(PUNICODE_STRING DriverServiceName,
                        PUNICODE_STRING Captured)
{
    if (DriverServiceName == NULL)
        return STATUS_INVALID_PARAMETER;
    return ExpCaptureUnicodeString(DriverServiceName, ExGetPreviousMode(),
                                   IO_NAME_TAG, Captured);
}

/* No privileges exist here to hold back (NT asks SeLoadDriverPrivilege):
 * any caller may load and unload. */
NTSTATUS NTAPI NtLoadDriver(PUNICODE_STRING DriverServiceName)
{
    UNICODE_STRING Key;
    NTSTATUS Status = capture(DriverServiceName, &Key);

    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopLoadDriver(&Key);
    ExpReleaseCapturedUnicodeString(&Key, IO_NAME_TAG);
    return Status;
}

NTSTATUS NTAPI NtUnloadDriver(PUNICODE_STRING DriverServiceName)
{
    UNICODE_STRING Key;
    NTSTATUS Status = capture(DriverServiceName, &Key);

    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopUnloadDriverByName(&Key);
    ExpReleaseCapturedUnicodeString(&Key, IO_NAME_TAG);
    return Status;
}
