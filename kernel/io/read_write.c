/*
 * NtReadFile and NtWriteFile. The device's flags choose where the data
 * travels: DO_BUFFERED_IO through a system buffer (copied in before a
 * write, back after a read), DO_DIRECT_IO through an MDL of the caller's
 * locked pages, neither through the caller's address itself, valid only
 * in its context.
 *
 * The position: a synchronous file object (FO_SYNCHRONOUS_IO) keeps one,
 * CurrentByteOffset, as NT's I/O manager does for it. A request without a
 * ByteOffset (or with FILE_USE_FILE_POINTER_POSITION) starts there; one
 * with a ByteOffset moves it there; success moves it on by Information
 * (IopUpdateFilePosition, at completion). An asynchronous file object has
 * no position to use: a request without a ByteOffset is refused.
 */
#include "kernel/io.h"
#include "kernel/probe.h"

NTSTATUS IopSetUpTransfer(PIRP Irp, PDEVICE_OBJECT Device, BOOLEAN Read,
                          PVOID Buffer, ULONG Length)
{
    Irp->UserBuffer = Buffer;
    if (Length == 0)
        return STATUS_SUCCESS;
    if (Device->Flags & DO_BUFFERED_IO) {
        PVOID System =
            ExAllocatePoolWithTag(NonPagedPool, Length, IO_BUFFER_TAG);

        if (System == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        Irp->AssociatedIrp.SystemBuffer = System;
        Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
        if (Read)
            Irp->Flags |= IRP_INPUT_OPERATION;
        else if (Irp->RequestorMode != KernelMode)
            return ExpCopyIn(System, Buffer, Length);
        else
            RtlCopyMemory(System, Buffer, Length);
        return STATUS_SUCCESS;
    }
    if (Device->Flags & DO_DIRECT_IO)
        return IopLockUserBuffer(Irp, Buffer, Length, Read);
    return STATUS_SUCCESS;
}

static BOOLEAN uses_file_pointer(PLARGE_INTEGER Offset)
{
    return Offset->LowPart == FILE_USE_FILE_POINTER_POSITION &&
           Offset->HighPart == -1;
}

VOID IopUpdateFilePosition(PIRP Irp, PFILE_OBJECT FileObject)
{
    if ((FileObject->Flags & FO_SYNCHRONOUS_IO) &&
        (Irp->Flags & (IRP_READ_OPERATION | IRP_WRITE_OPERATION)) &&
        !(Irp->Flags & IRP_PAGING_IO) && NT_SUCCESS(Irp->IoStatus.Status))
        FileObject->CurrentByteOffset.QuadPart += Irp->IoStatus.Information;
}

static NTSTATUS transfer(UCHAR Major, HANDLE FileHandle, HANDLE Event,
                         PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                         PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                         ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    BOOLEAN Read = Major == IRP_MJ_READ;
    LARGE_INTEGER Offset = {.QuadPart = 0};
    ULONG CapturedKey = 0;
    PIO_STACK_LOCATION Stack;
    PFILE_OBJECT FileObject;
    PDEVICE_OBJECT Device;
    PKEVENT EventObject;
    NTSTATUS Status;
    PIRP Irp;

    if (PreviousMode != KernelMode) {
        Status = ExpProbeForWrite(IoStatusBlock, sizeof(IO_STATUS_BLOCK),
                                  sizeof(ULONG));
        if (NT_SUCCESS(Status))
            Status = Read ? ExpProbeForWrite(Buffer, Length, 1)
                          : ExpProbeForRead(Buffer, Length, 1);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (ByteOffset != NULL) {
        Status = ExpCaptureLargeInteger(ByteOffset, PreviousMode, &Offset);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (Key != NULL) {
        Status = PreviousMode != KernelMode
                     ? ExpProbeForRead(Key, sizeof(ULONG), sizeof(ULONG))
                     : STATUS_SUCCESS;
        if (NT_SUCCESS(Status))
            Status = ExpCopyIn(&CapturedKey, Key, sizeof(ULONG));
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = IopReferenceFileAndEvent(FileHandle,
                                      Read ? FILE_READ_DATA : FILE_WRITE_DATA,
                                      Event, &FileObject, &EventObject);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ByteOffset == NULL && !(FileObject->Flags & FO_SYNCHRONOUS_IO) &&
        !(FileObject->Flags & (FO_NAMED_PIPE | FO_MAILSLOT))) {
        if (EventObject != NULL)
            ObfDereferenceObject(EventObject);
        ObfDereferenceObject(FileObject);
        return STATUS_INVALID_PARAMETER;
    }
    Status = IopBeginFileRequest(FileObject, EventObject);
    if (Status != STATUS_SUCCESS)
        return Status;
    /* The lock is held: the position is this request's to use and move. */
    if (FileObject->Flags & FO_SYNCHRONOUS_IO) {
        if (ByteOffset == NULL || uses_file_pointer(&Offset))
            Offset = FileObject->CurrentByteOffset;
        else
            FileObject->CurrentByteOffset = Offset;
    }
    Device = IoGetRelatedDeviceObject(FileObject);
    Irp = IopAllocateServiceIrp(Device, FileObject, Major);
    if (Irp == NULL) {
        IopAbortFileRequest(FileObject, EventObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Irp->Flags |= Read ? IRP_READ_OPERATION : IRP_WRITE_OPERATION;
    Irp->UserIosb = IoStatusBlock;
    Irp->UserEvent = EventObject;
    Irp->Overlay.AsynchronousParameters.UserApcRoutine = ApcRoutine;
    Irp->Overlay.AsynchronousParameters.UserApcContext = ApcContext;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->Parameters.Read.Length = Length;
    Stack->Parameters.Read.Key = CapturedKey;
    Stack->Parameters.Read.ByteOffset = Offset;
    if (Key != NULL)
        Stack->Flags |= SL_KEY_SPECIFIED;
    Status = IopSetUpTransfer(Irp, Device, Read, Buffer, Length);
    if (!NT_SUCCESS(Status)) {
        Irp->UserEvent = NULL; /* the abort gives it back */
        IopFreeIrpAndBuffers(Irp);
        IopAbortFileRequest(FileObject, EventObject);
        return Status;
    }
    return IopSynchronousServiceTail(Device, Irp, FileObject);
}

NTSTATUS NTAPI NtReadFile(HANDLE FileHandle, HANDLE Event,
                          PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                          ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return transfer(IRP_MJ_READ, FileHandle, Event, ApcRoutine, ApcContext,
                    IoStatusBlock, Buffer, Length, ByteOffset, Key);
}

NTSTATUS NTAPI NtWriteFile(HANDLE FileHandle, HANDLE Event,
                           PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                           PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                           ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return transfer(IRP_MJ_WRITE, FileHandle, Event, ApcRoutine, ApcContext,
                    IoStatusBlock, Buffer, Length, ByteOffset, Key);
}
