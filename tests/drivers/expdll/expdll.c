/*
 * An export driver nobody loads by name, for the loader's tests
 * (tests/kernel/sysldr.c): loading expuser.sys, which imports from it,
 * loads it first and calls its DllInitialize; the last importer's unload
 * calls its DllUnload and unloads it. While it is initialized, a named
 * event \BaseNamedObjects\ExpDllAlive exists (the test looks for it).
 * Its DllInitialize refuses a registry path other than its service's, and
 * refuses to start while an event \BaseNamedObjects\ExpDllRefuse exists
 * (the test's way to make it fail); its DllUnload refuses while
 * ExpDllKeep(TRUE) asks it to stay.
 */
#include "ntddk.h"

NTSTATUS NTAPI DllInitialize(PUNICODE_STRING RegistryPath);
NTSTATUS NTAPI DllUnload(VOID);
/* An export driver's routines keep their plain names, as a .def file's
 * EXPORTS would give them. */
#pragma comment(linker, "/export:DllInitialize=_DllInitialize@4")
#pragma comment(linker, "/export:DllUnload=_DllUnload@0")

static HANDLE alive;
static BOOLEAN keep;
/* Writable data, not .rdata: lld puts .rdata's constants before the
 * export directory, which must stay 4-byte aligned (docs/pe-images.md). */
static WCHAR service_key[] =
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\expdll";
static WCHAR event_name[] = L"\\BaseNamedObjects\\ExpDllAlive";
static WCHAR refuse_name[] = L"\\BaseNamedObjects\\ExpDllRefuse";

/* Never called: the loader calls an export driver's DllInitialize. */
NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_UNSUCCESSFUL;
}

NTSTATUS NTAPI DllInitialize(PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Expected, Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Refuse;

    RtlInitUnicodeString(&Expected, service_key);
    if (!RtlEqualUnicodeString(RegistryPath, &Expected, TRUE))
        return STATUS_OBJECT_NAME_INVALID;
    RtlInitUnicodeString(&Name, refuse_name);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    if (NT_SUCCESS(ZwOpenEvent(&Refuse, SYNCHRONIZE, &Attributes))) {
        ZwClose(Refuse);
        return STATUS_DEVICE_NOT_READY;
    }
    RtlInitUnicodeString(&Name, event_name);
    return IoCreateNotificationEvent(&Name, &alive) != NULL
               ? STATUS_SUCCESS
               : STATUS_INSUFFICIENT_RESOURCES;
}

NTSTATUS NTAPI DllUnload(VOID)
{
    if (keep)
        return STATUS_UNSUCCESSFUL;
    ZwClose(alive);
    return STATUS_SUCCESS;
}

__declspec(dllexport) ULONG __cdecl ExpDllValue(VOID)
{
    return 7;
}

__declspec(dllexport) VOID __cdecl ExpDllKeep(BOOLEAN Keep)
{
    keep = Keep;
}
