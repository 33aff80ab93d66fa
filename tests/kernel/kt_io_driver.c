/*
 * The kernel tests' own driver: a device that counts creates, cleanups
 * and closes, reverses buffers through each IOCTL method, pends requests
 * until cancelled or a timer's DPC completes them, and reads and writes
 * through a buffered device.
 */
#include "tests/kernel/kt_io_driver.h"
#include "kernel/io.h"

KT_IO_STATE KtIo;

static VOID reverse(PUCHAR Out, const UCHAR *In, ULONG Length)
{
    ULONG Index;

    for (Index = 0; Index < Length; Index++)
        Out[Index] = In[Length - 1 - Index];
}

static NTSTATUS complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID NTAPI cancel_pending(PDEVICE_OBJECT Device, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Device);
    if (KtIo.Pending == Irp)
        KtIo.Pending = NULL;
    if (KtIo.Later == Irp) {
        KeCancelTimer(&KtIo.Timer);
        KtIo.Later = NULL;
    }
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    KtIo.Cancels++;
    complete(Irp, STATUS_CANCELLED, 0);
}

static VOID NTAPI complete_later(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                 PVOID Argument2)
{
    PIRP Irp;
    KIRQL Irql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    IoAcquireCancelSpinLock(&Irql);
    Irp = KtIo.Later;
    KtIo.Later = NULL;
    if (Irp == NULL || IoSetCancelRoutine(Irp, NULL) == NULL) {
        IoReleaseCancelSpinLock(Irql); /* being cancelled: not ours */
        return;
    }
    IoReleaseCancelSpinLock(Irql);
    KtIo.LaterIrql = KeGetCurrentIrql();
    complete(Irp, STATUS_SUCCESS, KT_LATER_INFORMATION);
    KtIo.LaterDone = 1;
}

/* Parks Irp cancellably; STATUS_PENDING, or STATUS_CANCELLED when it was
 * cancelled before the routine was set. */
static NTSTATUS park(PIRP Irp, PIRP *Slot)
{
    KIRQL Irql;

    IoMarkIrpPending(Irp);
    IoAcquireCancelSpinLock(&Irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(Irql);
        complete(Irp, STATUS_CANCELLED, 0);
        return STATUS_PENDING;
    }
    IoSetCancelRoutine(Irp, cancel_pending);
    *Slot = Irp;
    IoReleaseCancelSpinLock(Irql);
    return STATUS_PENDING;
}

static NTSTATUS NTAPI device_control(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG In = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Out = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG Length = In < Out ? In : Out;
    ULONG Code = Stack->Parameters.DeviceIoControl.IoControlCode;
    UCHAR Copy[256];

    UNREFERENCED_PARAMETER(Device);
    KtIo.ControlMajor = Stack->MajorFunction;
    KtIo.ControlMinor = Stack->MinorFunction;
    if (Code == KT_IOCTL_PEND || Code == KT_IOCTL_PEND_DIRECT)
        return park(Irp, &KtIo.Pending);
    if (Code == KT_IOCTL_COMPLETE_LATER) {
        LARGE_INTEGER Due = {.QuadPart = -10 * 10000LL};
        NTSTATUS Status = park(Irp, &KtIo.Later);

        KeSetTimer(&KtIo.Timer, Due, &KtIo.Dpc);
        return Status;
    }
    if (Length > sizeof(Copy))
        return complete(Irp, STATUS_INVALID_BUFFER_SIZE, 0);
    if (Code == KT_IOCTL_REVERSE(METHOD_BUFFERED)) {
        /* One buffer both ways: the input is read before it is written. */
        RtlCopyMemory(Copy, Irp->AssociatedIrp.SystemBuffer, Length);
        reverse(Irp->AssociatedIrp.SystemBuffer, Copy, Length);
        return complete(Irp, STATUS_SUCCESS, Length);
    }
    if (Code == KT_IOCTL_REVERSE(METHOD_IN_DIRECT) ||
        Code == KT_IOCTL_REVERSE(METHOD_OUT_DIRECT)) {
        PUCHAR Output = Length != 0 ? MmGetSystemAddressForMdlSafe(
                                          Irp->MdlAddress, NormalPagePriority)
                                    : NULL;

        if (Length != 0 && Output == NULL)
            return complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        reverse(Output, Irp->AssociatedIrp.SystemBuffer, Length);
        return complete(Irp, STATUS_SUCCESS, Length);
    }
    if (Code == KT_IOCTL_REVERSE(METHOD_NEITHER)) {
        reverse(Irp->UserBuffer,
                Stack->Parameters.DeviceIoControl.Type3InputBuffer, Length);
        return complete(Irp, STATUS_SUCCESS, Length);
    }
    return complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

static NTSTATUS NTAPI create_close(PDEVICE_OBJECT Device, PIRP Irp)
{
    UCHAR Major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;

    UNREFERENCED_PARAMETER(Device);
    if (Major == IRP_MJ_CREATE) {
        PFILE_OBJECT File = IoGetCurrentIrpStackLocation(Irp)->FileObject;

        KtIo.CreateNameLength = File->FileName.Length;
        if (File->FileName.Length <= sizeof(KtIo.CreateName))
            RtlCopyMemory(KtIo.CreateName, File->FileName.Buffer,
                          File->FileName.Length);
        else
            KtIo.CreateNameLength = 0xFFFF;
        KtIo.CreateRelated = File->RelatedFileObject;
        KtIo.Creates++;
    }
    if (Major == IRP_MJ_CLEANUP)
        KtIo.Cleanups++;
    else if (Major == IRP_MJ_CLOSE)
        KtIo.Closes++;
    return complete(Irp, STATUS_SUCCESS,
                    Major == IRP_MJ_CREATE ? FILE_OPENED : 0);
}

static NTSTATUS NTAPI read_write(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Length = Stack->Parameters.Read.Length;
    PUCHAR Buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG Index;

    UNREFERENCED_PARAMETER(Device);
    KtIo.LastOffset = Stack->Parameters.Read.ByteOffset;
    if (Stack->MajorFunction == IRP_MJ_READ) {
        KtIo.Reads++;
        for (Index = 0; Index < Length; Index++)
            Buffer[Index] = (UCHAR)(Index + 1);
    } else {
        KtIo.Writes++;
        KtIo.WrittenSum = 0;
        for (Index = 0; Index < Length; Index++)
            KtIo.WrittenSum += Buffer[Index];
    }
    return complete(Irp, STATUS_SUCCESS, Length);
}

static VOID NTAPI unload(PDRIVER_OBJECT Driver)
{
    UNICODE_STRING Link;

    KtIo.Unloads++;
    RtlInitUnicodeString(&Link, KT_IO_LINK);
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(Driver->DeviceObject);
}

static NTSTATUS NTAPI entry(PDRIVER_OBJECT Driver, PUNICODE_STRING Registry)
{
    UNICODE_STRING Name;
    UNICODE_STRING Link;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Registry);
    RtlInitUnicodeString(&Name, KT_IO_DEVICE);
    RtlInitUnicodeString(&Link, KT_IO_LINK);
    Status = IoCreateDevice(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                            &KtIo.Device);
    if (!NT_SUCCESS(Status))
        return Status;
    KtIo.Device->Flags |= DO_BUFFERED_IO;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(KtIo.Device);
        return Status;
    }
    Driver->MajorFunction[IRP_MJ_CREATE] = create_close;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = create_close;
    Driver->MajorFunction[IRP_MJ_CLOSE] = create_close;
    Driver->MajorFunction[IRP_MJ_READ] = read_write;
    Driver->MajorFunction[IRP_MJ_WRITE] = read_write;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = device_control;
    /* Parameters.FileSystemControl is laid out as DeviceIoControl. */
    Driver->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = device_control;
    Driver->DriverUnload = unload;
    KtIo.Driver = Driver;
    return STATUS_SUCCESS;
}

BOOLEAN KtIoLoad(VOID)
{
    UNICODE_STRING Name;

    RtlInitUnicodeString(&Name, u"\\Driver\\KtIo");
    RtlZeroMemory(&KtIo, sizeof(KtIo));
    KeInitializeTimer(&KtIo.Timer);
    KeInitializeDpc(&KtIo.Dpc, complete_later, NULL);
    return NT_SUCCESS(IoCreateDriver(&Name, entry));
}

VOID KtIoUnload(VOID)
{
    if (KtIo.Driver != NULL)
        IopUnloadDriver(KtIo.Driver);
}

NTSTATUS KtIoOpen(PCWSTR Name, ULONG Options, PHANDLE Handle)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Iosb;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    return ZwOpenFile(Handle, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE,
                      &Attributes, &Iosb, 0, Options);
}
