/*
 * The sample filter driver: a device attached above \Device\NtMiniIoctl
 * (the IOCTL sample's), so every request for it passes through here
 * first. It counts what it passes down, watches completions with a
 * completion routine, and answers one code itself:
 * IOCTL_NTMINI_FILTER_COUNT returns { requests passed down, completions
 * seen }. Load it after ioctl.sys; unload it before.
 */
#include <ntddk.h>

#include "../ioctl/ntmini_ioctl.h"

#define IOCTL_NTMINI_FILTER_COUNT                                              \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _FILTER_EXTENSION {
    PDEVICE_OBJECT Lower;    /* what we are attached to */
    PFILE_OBJECT TargetFile; /* keeps the target's driver loaded */
    volatile LONG Passed;    /* requests sent down */
    volatile LONG Completed; /* completions seen on the way back */
} FILTER_EXTENSION, *PFILTER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD FilterUnload;
static DRIVER_DISPATCH FilterPass;
static IO_COMPLETION_ROUTINE FilterSawCompletion;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FilterUnload)

static NTSTATUS FilterSawCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                    PVOID Context)
{
    PFILTER_EXTENSION Extension = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    InterlockedIncrement(&Extension->Completed);
    /* The lower driver pended it: say so at our location too. */
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    return STATUS_SUCCESS;
}

static NTSTATUS FilterPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILTER_EXTENSION Extension = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL &&
        Stack->Parameters.DeviceIoControl.IoControlCode ==
            IOCTL_NTMINI_FILTER_COUNT) {
        PLONG Counts = Irp->AssociatedIrp.SystemBuffer;
        ULONG_PTR Information = 0;
        NTSTATUS Status;

        if (Stack->Parameters.DeviceIoControl.OutputBufferLength >=
            2 * sizeof(LONG)) {
            Counts[0] = Extension->Passed;
            Counts[1] = Extension->Completed;
            Information = 2 * sizeof(LONG);
        }
        Status = Information != 0 ? STATUS_SUCCESS : STATUS_BUFFER_TOO_SMALL;
        Irp->IoStatus.Status = Status;
        Irp->IoStatus.Information = Information;
        /* The IRP may be gone once completed: the status is kept here. */
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Status;
    }
    InterlockedIncrement(&Extension->Passed);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FilterSawCompletion, Extension, TRUE, TRUE,
                           TRUE);
    return IoCallDriver(Extension->Lower, Irp);
}

static VOID FilterUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device = DriverObject->DeviceObject;
    PFILTER_EXTENSION Extension = Device->DeviceExtension;

    PAGED_CODE();
    IoDetachDevice(Extension->Lower);
    ObDereferenceObject(Extension->TargetFile);
    IoDeleteDevice(Device);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Target = RTL_CONSTANT_STRING(NTMINI_DEVICE_NAME);
    PDEVICE_OBJECT Device, TargetDevice;
    PFILTER_EXTENSION Extension;
    PFILE_OBJECT TargetFile;
    NTSTATUS Status;
    ULONG Index;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoGetDeviceObjectPointer(&Target, FILE_READ_ATTRIBUTES,
                                      &TargetFile, &TargetDevice);
    if (!NT_SUCCESS(Status))
        return Status; /* ioctl.sys is not loaded */
    Status = IoCreateDevice(DriverObject, sizeof(FILTER_EXTENSION), NULL,
                            TargetDevice->DeviceType, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status)) {
        ObDereferenceObject(TargetFile);
        return Status;
    }
    Extension = Device->DeviceExtension;
    RtlZeroMemory(Extension, sizeof(*Extension));
    Extension->TargetFile = TargetFile;
    /* Buffers are placed by the top device's flags: take the target's. */
    Device->Flags |= TargetDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    Extension->Lower = IoAttachDeviceToDeviceStack(Device, TargetDevice);
    if (Extension->Lower == NULL) {
        IoDeleteDevice(Device);
        ObDereferenceObject(TargetFile);
        return STATUS_NO_SUCH_DEVICE;
    }
    for (Index = 0; Index <= IRP_MJ_MAXIMUM_FUNCTION; Index++)
        DriverObject->MajorFunction[Index] = FilterPass;
    DriverObject->DriverUnload = FilterUnload;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
