/*
 * NtDeviceIoControlFile and NtFsControlFile (IRP_MJ_DEVICE_CONTROL and
 * IRP_MJ_FILE_SYSTEM_CONTROL, one path as NT's IopXxxControlFile): the
 * control code's low two bits say where the I/O manager puts the caller's
 * buffers, exactly as NT places them (docs/io.md has the table):
 *   METHOD_BUFFERED   one nonpaged SystemBuffer of max(in, out) bytes,
 *                     the input copied in, Information bytes copied back;
 *   METHOD_IN_DIRECT  input in SystemBuffer, the output buffer locked
 *                     for reading (data the device reads) in MdlAddress;
 *   METHOD_OUT_DIRECT the same, locked for writing;
 *   METHOD_NEITHER    Type3InputBuffer and UserBuffer, the caller's own
 *                     addresses, valid only in its context.
 * A bad buffer gives the caller a status; the driver never sees it.
 */
#include "kernel/io.h"
#include "kernel/probe.h"

/* The system buffer, with Length bytes of the input copied in. */
static NTSTATUS copy_input(PIRP Irp, PVOID Input, ULONG InputLength, ULONG Size)
{
    PVOID System;

    if (Size == 0)
        return STATUS_SUCCESS;
    System = ExAllocatePoolWithTag(NonPagedPool, Size, IO_BUFFER_TAG);
    if (System == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Irp->AssociatedIrp.SystemBuffer = System;
    Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
    if (InputLength == 0)
        return STATUS_SUCCESS;
    if (Irp->RequestorMode == KernelMode) {
        RtlCopyMemory(System, Input, InputLength);
        return STATUS_SUCCESS;
    }
    return ExpCopyIn(System, Input, InputLength);
}

NTSTATUS IopSetUpControlBuffers(PIRP Irp, ULONG Method, PVOID Input,
                                ULONG InputLength, PVOID Output,
                                ULONG OutputLength)
{
    PIO_STACK_LOCATION Stack = IoGetNextIrpStackLocation(Irp);
    NTSTATUS Status;

    switch (Method) {
    case METHOD_BUFFERED:
        Status =
            copy_input(Irp, Input, InputLength,
                       InputLength > OutputLength ? InputLength : OutputLength);
        if (NT_SUCCESS(Status) && OutputLength != 0) {
            Irp->Flags |= IRP_INPUT_OPERATION;
            Irp->UserBuffer = Output;
        }
        return Status;
    case METHOD_IN_DIRECT:
    case METHOD_OUT_DIRECT:
        Status = copy_input(Irp, Input, InputLength, InputLength);
        if (NT_SUCCESS(Status) && Output != NULL && OutputLength != 0)
            Status = IopLockUserBuffer(Irp, Output, OutputLength,
                                       Method == METHOD_OUT_DIRECT);
        return Status;
    default: /* METHOD_NEITHER */
        Stack->Parameters.DeviceIoControl.Type3InputBuffer = Input;
        Irp->UserBuffer = Output;
        return STATUS_SUCCESS;
    }
}

/* The caller's buffers as the method will use them, from user mode. */
static NTSTATUS probe_buffers(ULONG Method, PVOID Input, ULONG InputLength,
                              PVOID Output, ULONG OutputLength)
{
    NTSTATUS Status = STATUS_SUCCESS;

    if (Method == METHOD_NEITHER)
        return STATUS_SUCCESS; /* the driver's to probe */
    if (InputLength != 0)
        Status = ExpProbeForRead(Input, InputLength, 1);
    /* Direct buffers are checked by locking their pages. */
    if (NT_SUCCESS(Status) && Method == METHOD_BUFFERED && OutputLength != 0)
        Status = ExpProbeForWrite(Output, OutputLength, 1);
    return Status;
}

/* The access a control code asks of the caller's handle. */
static ACCESS_MASK access_for(ULONG IoControlCode)
{
    ULONG Access = (IoControlCode >> 14) & 3;
    ACCESS_MASK Mask = 0;

    if (Access & FILE_READ_ACCESS)
        Mask |= FILE_READ_DATA;
    if (Access & FILE_WRITE_ACCESS)
        Mask |= FILE_WRITE_DATA;
    return Mask;
}

static NTSTATUS control(UCHAR Major, HANDLE FileHandle, HANDLE Event,
                        PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                        PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode,
                        PVOID InputBuffer, ULONG InputBufferLength,
                        PVOID OutputBuffer, ULONG OutputBufferLength)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    ULONG Method = METHOD_FROM_CTL_CODE(IoControlCode);
    PIO_STACK_LOCATION Stack;
    PFILE_OBJECT FileObject;
    PDEVICE_OBJECT Device;
    PKEVENT EventObject;
    NTSTATUS Status;
    PIRP Irp;

    if (InputBuffer == NULL)
        InputBufferLength = 0;
    if (OutputBuffer == NULL)
        OutputBufferLength = 0;
    if (PreviousMode != KernelMode) {
        Status = ExpProbeForWrite(IoStatusBlock, sizeof(IO_STATUS_BLOCK),
                                  sizeof(ULONG));
        if (NT_SUCCESS(Status))
            Status = probe_buffers(Method, InputBuffer, InputBufferLength,
                                   OutputBuffer, OutputBufferLength);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = IopReferenceFileAndEvent(FileHandle, access_for(IoControlCode),
                                      Event, &FileObject, &EventObject);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopBeginFileRequest(FileObject, EventObject);
    if (Status != STATUS_SUCCESS)
        return Status;
    Device = IoGetRelatedDeviceObject(FileObject);
    Irp = IopAllocateServiceIrp(Device, FileObject, Major);
    if (Irp == NULL) {
        IopAbortFileRequest(FileObject, EventObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Irp->UserIosb = IoStatusBlock;
    Irp->Overlay.AsynchronousParameters.UserApcRoutine = ApcRoutine;
    Irp->Overlay.AsynchronousParameters.UserApcContext = ApcContext;
    /* Parameters.FileSystemControl has DeviceIoControl's layout; a
     * caller's file-system request is IRP_MN_USER_FS_REQUEST (0). */
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MinorFunction = 0;
    Stack->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    Stack->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    Stack->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
    Status = IopSetUpControlBuffers(Irp, Method, InputBuffer, InputBufferLength,
                                    OutputBuffer, OutputBufferLength);
    if (!NT_SUCCESS(Status)) {
        IopFreeIrpAndBuffers(Irp);
        IopAbortFileRequest(FileObject, EventObject);
        return Status;
    }
    Irp->UserEvent = EventObject;
    return IopSynchronousServiceTail(Device, Irp, FileObject);
}

NTSTATUS NTAPI NtDeviceIoControlFile(
    HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
    PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode,
    PVOID InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer,
    ULONG OutputBufferLength)
{
    return control(IRP_MJ_DEVICE_CONTROL, FileHandle, Event, ApcRoutine,
                   ApcContext, IoStatusBlock, IoControlCode, InputBuffer,
                   InputBufferLength, OutputBuffer, OutputBufferLength);
}

NTSTATUS NTAPI NtFsControlFile(HANDLE FileHandle, HANDLE Event,
                               PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                               PIO_STATUS_BLOCK IoStatusBlock,
                               ULONG FsControlCode, PVOID InputBuffer,
                               ULONG InputBufferLength, PVOID OutputBuffer,
                               ULONG OutputBufferLength)
{
    return control(IRP_MJ_FILE_SYSTEM_CONTROL, FileHandle, Event, ApcRoutine,
                   ApcContext, IoStatusBlock, FsControlCode, InputBuffer,
                   InputBufferLength, OutputBuffer, OutputBufferLength);
}
