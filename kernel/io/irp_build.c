/*
 * IRPs a driver builds to send to another driver: the IoBuild* routines
 * place buffers as the service paths do, for a kernel-mode requester.
 * The synchronous ones are queued on the calling thread, set the caller's
 * event and status block when done, and are freed by the I/O manager.
 */
#include "kernel/io.h"
#include "kernel/seh.h"

/* Buffers of a kernel requester's read or write, by the device's flags. */
static BOOLEAN set_up_transfer(PIRP Irp, PDEVICE_OBJECT Device, BOOLEAN Read,
                               PVOID Buffer, ULONG Length)
{
    Irp->UserBuffer = Buffer;
    if (Length == 0)
        return TRUE;
    if (Device->Flags & DO_BUFFERED_IO) {
        PVOID System =
            ExAllocatePoolWithTag(NonPagedPool, Length, IO_BUFFER_TAG);

        if (System == NULL)
            return FALSE;
        Irp->AssociatedIrp.SystemBuffer = System;
        Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
        if (Read)
            Irp->Flags |= IRP_INPUT_OPERATION;
        else
            RtlCopyMemory(System, Buffer, Length);
        return TRUE;
    }
    if (Device->Flags & DO_DIRECT_IO)
        return NT_SUCCESS(IopLockUserBuffer(Irp, Buffer, Length, Read));
    return TRUE;
}

PIRP NTAPI IoBuildAsynchronousFsdRequest(ULONG MajorFunction,
                                         PDEVICE_OBJECT DeviceObject,
                                         PVOID Buffer, ULONG Length,
                                         PLARGE_INTEGER StartingOffset,
                                         PIO_STATUS_BLOCK IoStatusBlock)
{
    PIO_STACK_LOCATION Stack;
    PIRP Irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = IoStatusBlock;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = (UCHAR)MajorFunction;
    if (MajorFunction == IRP_MJ_READ || MajorFunction == IRP_MJ_WRITE) {
        if (!set_up_transfer(Irp, DeviceObject, MajorFunction == IRP_MJ_READ,
                             Buffer, Length)) {
            IopFreeIrpMdls(Irp);
            if (Irp->Flags & IRP_DEALLOCATE_BUFFER)
                ExFreePoolWithTag(Irp->AssociatedIrp.SystemBuffer,
                                  IO_BUFFER_TAG);
            IoFreeIrp(Irp);
            return NULL;
        }
        Stack->Parameters.Read.Length = Length;
        if (StartingOffset != NULL)
            Stack->Parameters.Read.ByteOffset = *StartingOffset;
    }
    return Irp;
}

PIRP NTAPI IoBuildSynchronousFsdRequest(ULONG MajorFunction,
                                        PDEVICE_OBJECT DeviceObject,
                                        PVOID Buffer, ULONG Length,
                                        PLARGE_INTEGER StartingOffset,
                                        PKEVENT Event,
                                        PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp =
        IoBuildAsynchronousFsdRequest(MajorFunction, DeviceObject, Buffer,
                                      Length, StartingOffset, IoStatusBlock);

    if (Irp == NULL)
        return NULL;
    Irp->UserEvent = Event;
    Irp->Flags |= IRP_SYNCHRONOUS_API;
    IopQueueThreadIrp(Irp);
    return Irp;
}

PIRP NTAPI IoBuildDeviceIoControlRequest(
    ULONG IoControlCode, PDEVICE_OBJECT DeviceObject, PVOID InputBuffer,
    ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
    BOOLEAN InternalDeviceIoControl, PKEVENT Event,
    PIO_STATUS_BLOCK IoStatusBlock)
{
    ULONG Method = METHOD_FROM_CTL_CODE(IoControlCode);
    PIO_STACK_LOCATION Stack;
    ULONG Size = 0;
    PIRP Irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    Irp->RequestorMode = KernelMode;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = InternalDeviceIoControl
                               ? IRP_MJ_INTERNAL_DEVICE_CONTROL
                               : IRP_MJ_DEVICE_CONTROL;
    Stack->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    Stack->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    Stack->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
    if (Method == METHOD_BUFFERED)
        Size = InputBufferLength > OutputBufferLength ? InputBufferLength
                                                      : OutputBufferLength;
    else if (Method != METHOD_NEITHER)
        Size = InputBufferLength;
    if (Size != 0) {
        Irp->AssociatedIrp.SystemBuffer =
            ExAllocatePoolWithTag(NonPagedPool, Size, IO_BUFFER_TAG);
        if (Irp->AssociatedIrp.SystemBuffer == NULL) {
            IoFreeIrp(Irp);
            return NULL;
        }
        Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
        if (InputBuffer != NULL && InputBufferLength != 0)
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, InputBuffer,
                          InputBufferLength);
    }
    if (Method == METHOD_BUFFERED) {
        Irp->UserBuffer = OutputBuffer;
        if (OutputBuffer != NULL && OutputBufferLength != 0)
            Irp->Flags |= IRP_INPUT_OPERATION;
    } else if (Method == METHOD_NEITHER) {
        Stack->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
        Irp->UserBuffer = OutputBuffer;
    } else if (OutputBuffer != NULL && OutputBufferLength != 0 &&
               !NT_SUCCESS(IopLockUserBuffer(Irp, OutputBuffer,
                                             OutputBufferLength,
                                             Method == METHOD_OUT_DIRECT))) {
        if (Irp->Flags & IRP_DEALLOCATE_BUFFER)
            ExFreePoolWithTag(Irp->AssociatedIrp.SystemBuffer, IO_BUFFER_TAG);
        IoFreeIrp(Irp);
        return NULL;
    }
    Irp->UserIosb = IoStatusBlock;
    Irp->UserEvent = Event;
    Irp->Flags |= IRP_SYNCHRONOUS_API;
    IopQueueThreadIrp(Irp);
    return Irp;
}
