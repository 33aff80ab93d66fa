/*
 * IRPs a driver builds to send to another driver: the IoBuild* routines
 * place buffers as the service paths do (the same routines), for a
 * kernel-mode requester. The synchronous ones are queued on the calling
 * thread, set the caller's event and status block when done, and are
 * freed by the I/O manager.
 */
#include "kernel/io.h"

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
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = (UCHAR)MajorFunction;
    if (MajorFunction == IRP_MJ_READ || MajorFunction == IRP_MJ_WRITE) {
        if (!NT_SUCCESS(IopSetUpTransfer(Irp, DeviceObject,
                                         MajorFunction == IRP_MJ_READ, Buffer,
                                         Length))) {
            IopFreeIrpAndBuffers(Irp);
            return NULL;
        }
        Stack->Parameters.Read.Length = Length;
        if (StartingOffset != NULL)
            Stack->Parameters.Read.ByteOffset = *StartingOffset;
    }
    Irp->UserIosb = IoStatusBlock;
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
    PIO_STACK_LOCATION Stack;
    PIRP Irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    if (InputBuffer == NULL)
        InputBufferLength = 0;
    if (OutputBuffer == NULL)
        OutputBufferLength = 0;
    Irp->RequestorMode = KernelMode;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = InternalDeviceIoControl
                               ? IRP_MJ_INTERNAL_DEVICE_CONTROL
                               : IRP_MJ_DEVICE_CONTROL;
    Stack->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    Stack->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    Stack->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
    if (!NT_SUCCESS(IopSetUpControlBuffers(
            Irp, METHOD_FROM_CTL_CODE(IoControlCode), InputBuffer,
            InputBufferLength, OutputBuffer, OutputBufferLength))) {
        IopFreeIrpAndBuffers(Irp);
        return NULL;
    }
    Irp->UserIosb = IoStatusBlock;
    Irp->UserEvent = Event;
    Irp->Flags |= IRP_SYNCHRONOUS_API;
    IopQueueThreadIrp(Irp);
    return Irp;
}
