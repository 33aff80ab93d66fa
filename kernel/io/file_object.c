/*
 * File objects: one per open of a device. The last handle's close sends
 * IRP_MJ_CLEANUP (the driver completes what it still holds for this
 * open); the last reference sends IRP_MJ_CLOSE and lets the device go.
 * Requests on a synchronous file object (FO_SYNCHRONOUS_IO) go one at a
 * time, under the file object's lock.
 */
#include "kernel/io.h"

static PIRP reserve_irp; /* cleanup and close's, when pool is short */
static KEVENT reserve_free;

/* Sends an IRP the I/O manager waits for itself (create, cleanup, close):
 * IofCompleteRequest completes these in place, without an APC, so the
 * wait works at any IRQL below DISPATCH_LEVEL. Frees the IRP. */
NTSTATUS IopCallDriverAndWait(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                              PIO_STATUS_BLOCK IoStatus)
{
    KEVENT Event;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp->UserEvent = &Event;
    Irp->UserIosb = IoStatus;
    Irp->Flags |= IRP_SYNCHRONOUS_API;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Status = IofCallDriver(DeviceObject, Irp);
    if (Status == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    else /* the driver's word, when it did not complete as it said */
        IoStatus->Status =
            IoStatus->Status == STATUS_PENDING ? Status : IoStatus->Status;
    if (Irp == reserve_irp)
        KeSetEvent(&reserve_free, IO_NO_INCREMENT, FALSE);
    else
        IoFreeIrp(Irp);
    return IoStatus->Status;
}

/* Cleanup and close must not fail for want of pool: NT keeps a reserve
 * IRP for them, and so does this kernel, one request at a time (stacks
 * deeper than the reserve's wait for pool instead). */
VOID IopInitializeCloseReserve(VOID)
{
    reserve_irp = IoAllocateIrp(IOP_LARGE_IRP_STACK_LOCATIONS, FALSE);
    if (reserve_irp == NULL)
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0, 0, 0, 0);
    KeInitializeEvent(&reserve_free, SynchronizationEvent, TRUE);
}

static PIRP close_irp(CCHAR StackSize)
{
    PIRP Irp;

    for (;;) {
        Irp = IoAllocateIrp(StackSize, FALSE);
        if (Irp != NULL)
            return Irp;
        if (StackSize <= IOP_LARGE_IRP_STACK_LOCATIONS)
            break;
        LARGE_INTEGER Interval = {.QuadPart = -10 * 10000LL};

        KeDelayExecutionThread(KernelMode, FALSE, &Interval);
    }
    KeWaitForSingleObject(&reserve_free, Executive, KernelMode, FALSE, NULL);
    IoInitializeIrp(reserve_irp, reserve_irp->Size, StackSize);
    reserve_irp->AllocationFlags = IRP_ALLOCATED_MUST_SUCCEED;
    return reserve_irp;
}

static VOID send_close_irp(PFILE_OBJECT FileObject, UCHAR MajorFunction)
{
    PDEVICE_OBJECT Device = IoGetRelatedDeviceObject(FileObject);
    IO_STATUS_BLOCK IoStatus;
    PIO_STACK_LOCATION Stack;
    PIRP Irp = close_irp(Device->StackSize);

    Irp->Flags = IRP_CLOSE_OPERATION;
    Irp->RequestorMode = KernelMode;
    IoStatus.Status = STATUS_PENDING;
    IoStatus.Information = 0;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = MajorFunction;
    Stack->FileObject = FileObject;
    IopCallDriverAndWait(Device, Irp, &IoStatus);
}

VOID IopCloseFile(PVOID Object, ULONG SystemHandleCount)
{
    PFILE_OBJECT FileObject = Object;

    if (SystemHandleCount != 1 || !(FileObject->Flags & FO_HANDLE_CREATED))
        return;
    /* Requests still queued on this open end before the driver cleans up
     * after it. */
    IopCancelFileIo(FileObject, TRUE);
    send_close_irp(FileObject, IRP_MJ_CLEANUP);
}

VOID IopDeleteFile(PVOID Object)
{
    PFILE_OBJECT FileObject = Object;
    PDEVICE_OBJECT Device = FileObject->DeviceObject;

    __atomic_sub_fetch(&IopCounters.FileObjects, 1, __ATOMIC_RELAXED);
    if (Device != NULL) /* NULL: the create failed and undid its part */
        send_close_irp(FileObject, IRP_MJ_CLOSE);
    if (FileObject->FileName.Buffer != NULL)
        ExFreePoolWithTag(FileObject->FileName.Buffer, IO_NAME_TAG);
    if (FileObject->RelatedFileObject != NULL)
        ObfDereferenceObject(FileObject->RelatedFileObject);
    if (Device == NULL)
        return;
    __atomic_sub_fetch(&Device->ReferenceCount, 1, __ATOMIC_RELAXED);
    if (Device->ReferenceCount == 0)
        IopCheckUnloadDriver(Device->DriverObject);
    ObfDereferenceObject(Device);
}

NTSTATUS IopAcquireFileObjectLock(PFILE_OBJECT FileObject,
                                  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable)
{
    while (__atomic_exchange_n(&FileObject->Busy, TRUE, __ATOMIC_ACQUIRE)) {
        NTSTATUS Status;

        __atomic_add_fetch(&FileObject->Waiters, 1, __ATOMIC_RELAXED);
        Status = KeWaitForSingleObject(&FileObject->Lock, Executive, WaitMode,
                                       Alertable, NULL);
        __atomic_sub_fetch(&FileObject->Waiters, 1, __ATOMIC_RELAXED);
        if (Status == STATUS_ALERTED || Status == STATUS_USER_APC)
            return Status;
    }
    return STATUS_SUCCESS;
}

VOID IopReleaseFileObjectLock(PFILE_OBJECT FileObject)
{
    __atomic_store_n(&FileObject->Busy, FALSE, __ATOMIC_RELEASE);
    if (FileObject->Waiters != 0)
        KeSetEvent(&FileObject->Lock, IO_NO_INCREMENT, FALSE);
}
