/*
 * The sample IOCTL driver: the way to start a driver of your own.
 *
 * One device, \Device\NtMiniIoctl, reachable from user mode as
 * \\.\NtMiniIoctl. Each of the four buffer methods reverses the caller's
 * input into its output, reading the buffers where the I/O manager put
 * them for that method (docs/io.md has the table); two more codes show
 * the inverted call: requests that wait in the driver until another
 * request brings data for them.
 *
 * Build: drivers/samples/ioctl/ is built into build/drivers/ioctl.sys by
 * `make`; `load ioctl` in the shell loads it, `run devtest` talks to it.
 */
#include <ntddk.h>

#include "ntmini_ioctl.h"

#define NTMINI_TAG 'imTN' /* "NTmi" in pool dumps */

/* What the driver keeps per device: the requests waiting for data. */
typedef struct _NTMINI_EXTENSION {
    KSPIN_LOCK Lock;
    LIST_ENTRY Waiting; /* IOCTL_NTMINI_WAIT requests, oldest first */
} NTMINI_EXTENSION, *PNTMINI_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD NtMiniUnload;
_Dispatch_type_(IRP_MJ_CREATE)
    _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH NtMiniCreateClose;
_Dispatch_type_(IRP_MJ_CLEANUP) static DRIVER_DISPATCH NtMiniCleanup;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) static DRIVER_DISPATCH
    NtMiniDeviceControl;
_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL) static DRIVER_DISPATCH
    NtMiniFileSystemControl;
static DRIVER_CANCEL NtMiniCancelWait;

/* DriverEntry runs once: its code goes back to the system after it. The
 * dispatch routines run at PASSIVE_LEVEL, so they can be pageable. */
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, NtMiniUnload)
#pragma alloc_text(PAGE, NtMiniCreateClose)

static VOID reverse(PUCHAR Output, const UCHAR *Input, ULONG Count)
{
    ULONG Index;

    for (Index = 0; Index < Count; Index++)
        Output[Index] = Input[Count - 1 - Index];
}

static NTSTATUS complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NtMiniCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    return complete(Irp, STATUS_SUCCESS, 0);
}

/* The reversal, for each method. Count = min(input, output). A
 * file-system control request's Parameters.FileSystemControl has the same
 * layout as Parameters.DeviceIoControl, so one routine reads both. */
static NTSTATUS reverse_request(PIRP Irp, PIO_STACK_LOCATION Stack,
                                ULONG Method)
{
    ULONG In = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Out = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG Count = In < Out ? In : Out;
    PUCHAR Copy, Output;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Count == 0)
        return complete(Irp, STATUS_SUCCESS, 0);
    Copy = ExAllocatePoolWithTag(NonPagedPool, Count, NTMINI_TAG);
    if (Copy == NULL)
        return complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    switch (Method) {
    case METHOD_BUFFERED:
        /* One system buffer holds the input and receives the output. */
        RtlCopyMemory(Copy, Irp->AssociatedIrp.SystemBuffer, Count);
        reverse(Irp->AssociatedIrp.SystemBuffer, Copy, Count);
        break;
    case METHOD_IN_DIRECT:
    case METHOD_OUT_DIRECT:
        /* Input in the system buffer, output in the caller's locked
         * pages, mapped into system space. */
        Output =
            MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
        if (Output == NULL) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        reverse(Output, Irp->AssociatedIrp.SystemBuffer, Count);
        break;
    default: /* METHOD_NEITHER: the caller's addresses; probe them */
        __try {
            PVOID Input = Stack->Parameters.DeviceIoControl.Type3InputBuffer;

            if (Irp->RequestorMode != KernelMode) {
                ProbeForRead(Input, Count, 1);
                ProbeForWrite(Irp->UserBuffer, Count, 1);
            }
            RtlCopyMemory(Copy, Input, Count);
            reverse(Irp->UserBuffer, Copy, Count);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        break;
    }
    ExFreePoolWithTag(Copy, NTMINI_TAG);
    return complete(Irp, Status, NT_SUCCESS(Status) ? Count : 0);
}

static VOID NtMiniCancelWait(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PNTMINI_EXTENSION Extension = DeviceObject->DeviceExtension;
    KIRQL Irql;

    /* The cancel lock is held on entry: let it go first, then take the
     * IRP off the list under the driver's own lock. */
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    KeAcquireSpinLock(&Extension->Lock, &Irql);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    KeReleaseSpinLock(&Extension->Lock, Irql);
    complete(Irp, STATUS_CANCELLED, 0);
}

static NTSTATUS wait_for_data(PNTMINI_EXTENSION Extension, PIRP Irp)
{
    KIRQL Irql;

    KeAcquireSpinLock(&Extension->Lock, &Irql);
    IoSetCancelRoutine(Irp, NtMiniCancelWait);
    if (Irp->Cancel && IoSetCancelRoutine(Irp, NULL) != NULL) {
        /* Cancelled before we could keep it, and the routine not run. */
        KeReleaseSpinLock(&Extension->Lock, Irql);
        return complete(Irp, STATUS_CANCELLED, 0);
    }
    IoMarkIrpPending(Irp);
    InsertTailList(&Extension->Waiting, &Irp->Tail.Overlay.ListEntry);
    KeReleaseSpinLock(&Extension->Lock, Irql);
    return STATUS_PENDING;
}

/* The oldest waiting request, no longer cancellable; NULL when none. */
static PIRP take_waiting(PNTMINI_EXTENSION Extension)
{
    PIRP Found = NULL;
    KIRQL Irql;

    KeAcquireSpinLock(&Extension->Lock, &Irql);
    while (!IsListEmpty(&Extension->Waiting)) {
        PIRP Irp = CONTAINING_RECORD(Extension->Waiting.Flink, IRP,
                                     Tail.Overlay.ListEntry);

        RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
        if (IoSetCancelRoutine(Irp, NULL) != NULL) {
            Found = Irp;
            break;
        }
        /* Its cancel routine is running: it removes and completes it. */
        InitializeListHead(&Irp->Tail.Overlay.ListEntry);
    }
    KeReleaseSpinLock(&Extension->Lock, Irql);
    return Found;
}

static NTSTATUS send_data(PNTMINI_EXTENSION Extension, PIRP Irp,
                          PIO_STACK_LOCATION Stack)
{
    ULONG Length = Stack->Parameters.DeviceIoControl.InputBufferLength;
    PIRP Waiting;
    ULONG Room;

    if (Length > NTMINI_MESSAGE_SIZE)
        return complete(Irp, STATUS_INVALID_BUFFER_SIZE, 0);
    Waiting = take_waiting(Extension);
    if (Waiting == NULL)
        return complete(Irp, STATUS_DEVICE_NOT_READY, 0);
    Room = IoGetCurrentIrpStackLocation(Waiting)
               ->Parameters.DeviceIoControl.OutputBufferLength;
    if (Length > Room)
        Length = Room;
    RtlCopyMemory(Waiting->AssociatedIrp.SystemBuffer,
                  Irp->AssociatedIrp.SystemBuffer, Length);
    complete(Waiting, STATUS_SUCCESS, Length);
    return complete(Irp, STATUS_SUCCESS, Length);
}

static NTSTATUS NtMiniDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Code = Stack->Parameters.DeviceIoControl.IoControlCode;

    if (Code == IOCTL_NTMINI_WAIT)
        return wait_for_data(DeviceObject->DeviceExtension, Irp);
    if (Code == IOCTL_NTMINI_SEND)
        return send_data(DeviceObject->DeviceExtension, Irp, Stack);
    if (Code == IOCTL_NTMINI_REVERSE(METHOD_FROM_CTL_CODE(Code)))
        return reverse_request(Irp, Stack, METHOD_FROM_CTL_CODE(Code));
    return complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

/* File-system control codes (FSCTL_*), from NtFsControlFile: only the
 * reversal, with the buffers placed as for an IOCTL of the same method. */
static NTSTATUS NtMiniFileSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Code = Stack->Parameters.FileSystemControl.FsControlCode;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (Stack->MinorFunction == IRP_MN_USER_FS_REQUEST &&
        Code == FSCTL_NTMINI_REVERSE(METHOD_FROM_CTL_CODE(Code)))
        return reverse_request(Irp, Stack, METHOD_FROM_CTL_CODE(Code));
    return complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

/* The last handle of an open is closing: its waiting requests end. */
static NTSTATUS NtMiniCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PNTMINI_EXTENSION Extension = DeviceObject->DeviceExtension;
    PFILE_OBJECT File = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    LIST_ENTRY Done;
    PLIST_ENTRY Entry, Next;
    KIRQL Irql;

    InitializeListHead(&Done);
    KeAcquireSpinLock(&Extension->Lock, &Irql);
    for (Entry = Extension->Waiting.Flink; Entry != &Extension->Waiting;
         Entry = Next) {
        PIRP Waiting = CONTAINING_RECORD(Entry, IRP, Tail.Overlay.ListEntry);

        Next = Entry->Flink;
        if (IoGetCurrentIrpStackLocation(Waiting)->FileObject == File &&
            IoSetCancelRoutine(Waiting, NULL) != NULL) {
            RemoveEntryList(Entry);
            InsertTailList(&Done, Entry);
        }
    }
    KeReleaseSpinLock(&Extension->Lock, Irql);
    while (!IsListEmpty(&Done))
        complete(CONTAINING_RECORD(RemoveHeadList(&Done), IRP,
                                   Tail.Overlay.ListEntry),
                 STATUS_CANCELLED, 0);
    return complete(Irp, STATUS_SUCCESS, 0);
}

static VOID NtMiniUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(NTMINI_LINK_NAME);

    PAGED_CODE();
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
    DbgPrint("ntmini: unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(NTMINI_DEVICE_NAME);
    UNICODE_STRING Link = RTL_CONSTANT_STRING(NTMINI_LINK_NAME);
    PNTMINI_EXTENSION Extension;
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, sizeof(NTMINI_EXTENSION), &Name,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Extension = Device->DeviceExtension;
    KeInitializeSpinLock(&Extension->Lock);
    InitializeListHead(&Extension->Waiting);
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = NtMiniCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = NtMiniCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = NtMiniCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NtMiniDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] =
        NtMiniFileSystemControl;
    DriverObject->DriverUnload = NtMiniUnload;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DbgPrint("ntmini: loaded at %p\n", DriverObject->DriverStart);
    return STATUS_SUCCESS;
}
