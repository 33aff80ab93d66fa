/*
 * The sample shared-memory driver: a page of nonpaged memory mapped into
 * the calling program with an MDL, and an event the program handed in by
 * handle, set from a timer's DPC. It shows ObReferenceObjectByHandle on a
 * user's handle, MmMapLockedPagesSpecifyCache to user mode under __try,
 * KeSetEvent at DISPATCH_LEVEL, and a named notification event
 * (IoCreateNotificationEvent). One mapping per open, undone at cleanup,
 * which runs in the program's own process.
 */
#include <ntddk.h>

#include "ntmini_shared.h"

#define SHARED_TAG 'hsTN' /* "NTsh" */

/* One open's mapping and event: FileObject->FsContext. */
typedef struct _SHARED_OPEN {
    PVOID Page;     /* the kernel's view */
    PMDL Mdl;       /* the page, described */
    PVOID UserView; /* the program's view */
    PKEVENT Event;  /* the program's event, referenced */
    KTIMER Timer;
    KDPC Dpc;
} SHARED_OPEN, *PSHARED_OPEN;

static PKEVENT tick_event; /* the named one */
static HANDLE tick_handle;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SharedUnload;
static DRIVER_DISPATCH SharedCreateClose;
static DRIVER_DISPATCH SharedCleanup;
static DRIVER_DISPATCH SharedDeviceControl;
static KDEFERRED_ROUTINE SharedTick;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SharedUnload)
#pragma alloc_text(PAGE, SharedCreateClose)
#pragma alloc_text(PAGE, SharedCleanup)

static NTSTATUS complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* Runs at DISPATCH_LEVEL: only nonpaged memory and DISPATCH-safe calls. */
static VOID SharedTick(PKDPC Dpc, PVOID Context, PVOID Argument1,
                       PVOID Argument2)
{
    PSHARED_OPEN Open = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    InterlockedIncrement((PLONG)Open->Page);
    KeSetEvent(Open->Event, IO_NO_INCREMENT, FALSE);
    KePulseEvent(tick_event, IO_NO_INCREMENT, FALSE);
}

static VOID unmap(PSHARED_OPEN Open)
{
    KeCancelTimer(&Open->Timer);
    KeFlushQueuedDpcs(); /* a tick already queued ends first */
    if (Open->UserView != NULL)
        MmUnmapLockedPages(Open->UserView, Open->Mdl);
    if (Open->Event != NULL)
        ObDereferenceObject(Open->Event);
    Open->UserView = NULL;
    Open->Event = NULL;
}

static NTSTATUS map(PSHARED_OPEN Open, PIRP Irp, PIO_STACK_LOCATION Stack)
{
    LARGE_INTEGER Due = {.QuadPart = -10 * 10000LL};
    HANDLE EventHandle;
    NTSTATUS Status;

    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(HANDLE) ||
        Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID))
        return complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    if (Open->UserView != NULL)
        return complete(Irp, STATUS_INVALID_DEVICE_STATE, 0);
    EventHandle = *(PHANDLE)Irp->AssociatedIrp.SystemBuffer;
    /* The handle is the program's: checked as the program's, in its
     * process (this dispatch routine runs in the caller's context). */
    Status = ObReferenceObjectByHandle(EventHandle, EVENT_MODIFY_STATE,
                                       *ExEventObjectType, Irp->RequestorMode,
                                       (PVOID *)&Open->Event, NULL);
    if (!NT_SUCCESS(Status))
        return complete(Irp, Status, 0);
    __try {
        Open->UserView = MmMapLockedPagesSpecifyCache(
            Open->Mdl, UserMode, MmCached, NULL, FALSE, NormalPagePriority);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (!NT_SUCCESS(Status)) {
        unmap(Open);
        return complete(Irp, Status, 0);
    }
    *(PVOID *)Irp->AssociatedIrp.SystemBuffer = Open->UserView;
    KeSetTimerEx(&Open->Timer, Due, 10, &Open->Dpc);
    return complete(Irp, STATUS_SUCCESS, sizeof(PVOID));
}

static NTSTATUS SharedDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PSHARED_OPEN Open = Stack->FileObject->FsContext;
    ULONG Offset;

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SHARED_MAP:
        return map(Open, Irp, Stack);
    case IOCTL_SHARED_PEEK:
        if (Stack->Parameters.DeviceIoControl.InputBufferLength <
                sizeof(ULONG) ||
            Stack->Parameters.DeviceIoControl.OutputBufferLength <
                sizeof(ULONG))
            return complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        Offset = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
        if (Offset > PAGE_SIZE - sizeof(ULONG) || (Offset & 3) != 0)
            return complete(Irp, STATUS_INVALID_PARAMETER, 0);
        *(PULONG)Irp->AssociatedIrp.SystemBuffer =
            *(volatile ULONG *)((PUCHAR)Open->Page + Offset);
        return complete(Irp, STATUS_SUCCESS, sizeof(ULONG));
    default:
        return complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static NTSTATUS SharedCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PSHARED_OPEN Open;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    if (Stack->MajorFunction == IRP_MJ_CLOSE) {
        Open = Stack->FileObject->FsContext;
        IoFreeMdl(Open->Mdl);
        ExFreePoolWithTag(Open->Page, SHARED_TAG);
        ExFreePoolWithTag(Open, SHARED_TAG);
        return complete(Irp, STATUS_SUCCESS, 0);
    }
    Open = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Open), SHARED_TAG);
    if (Open == NULL)
        return complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    RtlZeroMemory(Open, sizeof(*Open));
    /* A whole page, so the program sees nothing else of the pool. */
    Open->Page = ExAllocatePoolWithTag(NonPagedPool, PAGE_SIZE, SHARED_TAG);
    Open->Mdl = Open->Page != NULL
                    ? IoAllocateMdl(Open->Page, PAGE_SIZE, FALSE, FALSE, NULL)
                    : NULL;
    if (Open->Mdl == NULL) {
        if (Open->Page != NULL)
            ExFreePoolWithTag(Open->Page, SHARED_TAG);
        ExFreePoolWithTag(Open, SHARED_TAG);
        return complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }
    RtlZeroMemory(Open->Page, PAGE_SIZE);
    MmBuildMdlForNonPagedPool(Open->Mdl);
    KeInitializeTimer(&Open->Timer);
    KeInitializeDpc(&Open->Dpc, SharedTick, Open);
    Stack->FileObject->FsContext = Open;
    return complete(Irp, STATUS_SUCCESS, FILE_OPENED);
}

static NTSTATUS SharedCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    unmap(IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext);
    return complete(Irp, STATUS_SUCCESS, 0);
}

static VOID SharedUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(NTMINI_SHARED_LINK_NAME);

    PAGED_CODE();
    ZwClose(tick_handle);
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(NTMINI_SHARED_DEVICE_NAME);
    UNICODE_STRING Link = RTL_CONSTANT_STRING(NTMINI_SHARED_LINK_NAME);
    UNICODE_STRING Tick = RTL_CONSTANT_STRING(NTMINI_SHARED_EVENT_KERNEL);
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    tick_event = IoCreateNotificationEvent(&Tick, &tick_handle);
    if (tick_event == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    KeClearEvent(tick_event);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, 0,
                            FALSE, &Device);
    if (NT_SUCCESS(Status)) {
        Status = IoCreateSymbolicLink(&Link, &Name);
        if (!NT_SUCCESS(Status))
            IoDeleteDevice(Device);
    }
    if (!NT_SUCCESS(Status)) {
        ZwClose(tick_handle);
        return Status;
    }
    Device->Flags |= DO_BUFFERED_IO;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SharedCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SharedCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = SharedCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SharedDeviceControl;
    DriverObject->DriverUnload = SharedUnload;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
