/*
 * What every read, write and device-control service shares: the handle's
 * file object and the caller's event, the IRP built around them, and the
 * tail that sends it: a synchronous file object (FO_SYNCHRONOUS_IO) runs
 * one request at a time and the service waits for it; otherwise the
 * caller gets STATUS_PENDING and learns the end from its event, its
 * IO_STATUS_BLOCK, an APC or a wait on the file handle.
 */
#include "kernel/io.h"
#include "kernel/thread.h"

NTSTATUS IopReferenceFileAndEvent(HANDLE FileHandle, ACCESS_MASK Access,
                                  HANDLE Event, PFILE_OBJECT *FileObject,
                                  PKEVENT *EventObject)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    NTSTATUS Status;

    *EventObject = NULL;
    Status = ObReferenceObjectByHandle(FileHandle, Access, IopFileObjectType,
                                       PreviousMode, (PVOID *)FileObject, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Event != NULL) {
        Status = ObReferenceObjectByHandle(Event, EVENT_MODIFY_STATE,
                                           *ExEventObjectType, PreviousMode,
                                           (PVOID *)EventObject, NULL);
        if (!NT_SUCCESS(Status)) {
            ObfDereferenceObject(*FileObject);
            return Status;
        }
        KeClearEvent(*EventObject);
    }
    return STATUS_SUCCESS;
}

PIRP IopAllocateServiceIrp(PDEVICE_OBJECT DeviceObject, PFILE_OBJECT FileObject,
                           UCHAR MajorFunction)
{
    PIO_STACK_LOCATION Stack;
    PIRP Irp = IoAllocateIrp(DeviceObject->StackSize, TRUE);

    if (Irp == NULL)
        return NULL;
    ObfReferenceObject(FileObject); /* the IRP's, dropped at completion */
    Irp->Tail.Overlay.OriginalFileObject = FileObject;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Irp->RequestorMode = ExGetPreviousMode();
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = MajorFunction;
    Stack->FileObject = FileObject;
    return Irp;
}

VOID IopFreeIrpAndBuffers(PIRP Irp)
{
    if (Irp->Flags & IRP_DEALLOCATE_BUFFER)
        ExFreePoolWithTag(Irp->AssociatedIrp.SystemBuffer, IO_BUFFER_TAG);
    IopUnlockIrpMdls(Irp);
    IopFreeIrpMdls(Irp);
    if (Irp->UserEvent != NULL)
        ObfDereferenceObject(Irp->UserEvent);
    if (Irp->Tail.Overlay.OriginalFileObject != NULL)
        ObfDereferenceObject(Irp->Tail.Overlay.OriginalFileObject);
    IoFreeIrp(Irp);
}

NTSTATUS IopSynchronousServiceTail(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                   PFILE_OBJECT FileObject)
{
    KPROCESSOR_MODE Mode = Irp->RequestorMode;
    NTSTATUS Status;

    IopQueueThreadIrp(Irp);
    Status = IofCallDriver(DeviceObject, Irp); /* Irp may be gone now */
    if (FileObject->Flags & FO_SYNCHRONOUS_IO) {
        if (Status == STATUS_PENDING) {
            /* A user-mode wait, so that ending the thread (or an alert on
             * an alertable file) interrupts it; the request is then
             * cancelled and waited for before the service returns. */
            Status = KeWaitForSingleObject(
                &FileObject->Event, Executive, Mode,
                (FileObject->Flags & FO_ALERTABLE_IO) != 0, NULL);
            if (Status == STATUS_ALERTED || Status == STATUS_USER_APC)
                IopCancelFileIo(FileObject, FALSE);
            else
                Status = FileObject->FinalStatus;
        }
        IopReleaseFileObjectLock(FileObject);
    }
    ObfDereferenceObject(FileObject); /* the handle's reference */
    return Status;
}

/* Begins a service's request on FileObject: the lock of a synchronous
 * file object, its event cleared. When the lock wait is cut short the
 * file object and Event are given back and the status says why. */
NTSTATUS IopBeginFileRequest(PFILE_OBJECT FileObject, PKEVENT Event)
{
    NTSTATUS Status = STATUS_SUCCESS;

    if (FileObject->Flags & FO_SYNCHRONOUS_IO)
        Status = IopAcquireFileObjectLock(
            FileObject, ExGetPreviousMode(),
            (FileObject->Flags & FO_ALERTABLE_IO) != 0);
    if (Status != STATUS_SUCCESS) {
        if (Event != NULL)
            ObfDereferenceObject(Event);
        ObfDereferenceObject(FileObject);
        return Status;
    }
    KeClearEvent(&FileObject->Event);
    return STATUS_SUCCESS;
}

/* Undoes what the service took when it fails before sending the IRP. */
VOID IopAbortFileRequest(PFILE_OBJECT FileObject, PKEVENT Event)
{
    if (FileObject->Flags & FO_SYNCHRONOUS_IO)
        IopReleaseFileObjectLock(FileObject);
    if (Event != NULL)
        ObfDereferenceObject(Event);
    ObfDereferenceObject(FileObject);
}

BOOLEAN NTAPI IoIsOperationSynchronous(PIRP Irp)
{
    PFILE_OBJECT FileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;

    return (Irp->Flags & IRP_SYNCHRONOUS_API) ||
           (FileObject != NULL && (FileObject->Flags & FO_SYNCHRONOUS_IO));
}

struct _EPROCESS *NTAPI IoGetRequestorProcess(PIRP Irp)
{
    PETHREAD Thread = Irp->Tail.Overlay.Thread;

    return Thread != NULL ? Thread->ThreadsProcess : NULL;
}
