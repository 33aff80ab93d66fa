/*
 * Calling a driver and completing its IRP. Completion runs in two halves,
 * as NT's: IofCompleteRequest walks the stack locations back up, calling
 * completion routines, at the completer's IRQL; what must happen in the
 * requester's address space (copying a buffered result back, writing the
 * caller's IO_STATUS_BLOCK, signalling, a user APC) runs as a kernel APC
 * in the requesting thread: IopCompleteRequest.
 */
#include "kernel/io.h"
#include "kernel/pte.h"
#include "kernel/seh.h"
#include "kernel/thread.h"
#include "kernel/verifier_io.h"

/* Paging I/O's end (paging_io.c): Mm's MDL kept, the waiter told here. */
VOID IopCompletePagingIo(PIRP Irp, CCHAR PriorityBoost);

NTSTATUS FASTCALL IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack;
    PDRIVER_DISPATCH Routine;

    Irp->CurrentLocation--;
    if (Irp->CurrentLocation <= 0)
        KeBugCheckEx(NO_MORE_IRP_STACK_LOCATIONS, (ULONG_PTR)Irp, 0, 0, 0);
    Stack = --Irp->Tail.Overlay.CurrentStackLocation;
    Stack->DeviceObject = DeviceObject;
    Routine = DeviceObject->DriverObject->MajorFunction[Stack->MajorFunction];
    /* Driver Verifier's I/O checks watch a verified driver's routine. */
    if (VfIsVerifiedRoutine((PVOID)Routine))
        return VfCallDispatchRoutine(Routine, DeviceObject, Irp);
    return Routine(DeviceObject, Irp);
}

/* What a stack location keeps once its driver is done with the IRP. */
static VOID zero_stack_location(PIO_STACK_LOCATION Stack)
{
    Stack->MinorFunction = 0;
    Stack->Flags = 0;
    Stack->Control = 0;
    Stack->Parameters.Others.Argument1 = NULL;
    Stack->Parameters.Others.Argument2 = NULL;
    Stack->Parameters.Others.Argument3 = NULL;
    Stack->Parameters.Others.Argument4 = NULL;
    Stack->FileObject = NULL;
    Stack->CompletionRoutine = NULL;
    Stack->Context = NULL;
}

static BOOLEAN wants_call(PIRP Irp, UCHAR Control)
{
    NTSTATUS Status = Irp->IoStatus.Status;

    return (NT_SUCCESS(Status) && (Control & SL_INVOKE_ON_SUCCESS)) ||
           (!NT_SUCCESS(Status) && (Control & SL_INVOKE_ON_ERROR)) ||
           (Irp->Cancel && (Control & SL_INVOKE_ON_CANCEL));
}

/* The APC overlays the IRP's Tail, so what completion needs from there
 * travels as the APC's first argument, as NT passes it. */
static VOID NTAPI complete_kernel_routine(PKAPC Apc,
                                          PKNORMAL_ROUTINE *NormalRoutine,
                                          PVOID *NormalContext,
                                          PVOID *SystemArgument1,
                                          PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument2);
    IopCompleteRequest(CONTAINING_RECORD(Apc, IRP, Tail.Apc), *SystemArgument1,
                       PsGetCurrentThread());
}

/* The thread went before its APC could run: nobody is left to tell. */
static VOID NTAPI complete_rundown(PKAPC Apc)
{
    IopCompleteRequest(CONTAINING_RECORD(Apc, IRP, Tail.Apc),
                       Apc->SystemArgument1, NULL);
}

/* An associated IRP is done: it goes, and its master completes with the
 * last of them. */
static VOID complete_associated(PIRP Irp)
{
    PIRP Master = Irp->AssociatedIrp.MasterIrp;

    IopUnlockIrpMdls(Irp);
    IopFreeIrpMdls(Irp);
    IoFreeIrp(Irp);
    if (__atomic_sub_fetch(&Master->AssociatedIrp.IrpCount, 1,
                           __ATOMIC_ACQ_REL) == 0)
        IofCompleteRequest(Master, IO_NO_INCREMENT);
}

VOID FASTCALL IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
    PIO_STACK_LOCATION Stack;
    PFILE_OBJECT FileObject;
    PETHREAD Thread;

    if (Irp->Type != IO_TYPE_IRP ||
        Irp->CurrentLocation > (CCHAR)(Irp->StackCount + 1))
        KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, Irp->Type,
                     (ULONG_PTR)(LONG)Irp->CurrentLocation, 0);
    for (Stack = IoGetCurrentIrpStackLocation(Irp), Irp->CurrentLocation++,
        Irp->Tail.Overlay.CurrentStackLocation++;
         Irp->CurrentLocation <= (CCHAR)(Irp->StackCount + 1); Stack++,
        Irp->CurrentLocation++, Irp->Tail.Overlay.CurrentStackLocation++) {
        /* Driver Verifier learns where its dispatch calls' IRPs end. */
        if (ViIoVerifiedImages != 0)
            VfIrpStackCompleted(Irp, Stack);
        Irp->PendingReturned = (Stack->Control & SL_PENDING_RETURNED) != 0;
        if (Stack->CompletionRoutine != NULL &&
            wants_call(Irp, Stack->Control)) {
            PIO_COMPLETION_ROUTINE Routine = Stack->CompletionRoutine;
            PVOID Context = Stack->Context;
            PDEVICE_OBJECT Device =
                Irp->CurrentLocation == (CCHAR)(Irp->StackCount + 1)
                    ? NULL
                    : IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
            NTSTATUS Status;

            zero_stack_location(Stack);
            Status =
                VfIsVerifiedRoutine((PVOID)Routine)
                    ? VfCallCompletionRoutine(Routine, Device, Irp, Context)
                    : Routine(Device, Irp, Context);
            if (Status == STATUS_MORE_PROCESSING_REQUIRED)
                return; /* the routine owns the IRP again */
        } else {
            /* A driver above that did not see this one's pending return
             * must still see it when it looks at its own location. */
            if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount)
                IoMarkIrpPending(Irp);
            zero_stack_location(Stack);
        }
    }
    if (Irp->Flags & IRP_ASSOCIATED_IRP) {
        complete_associated(Irp);
        return;
    }
    if (Irp->Flags & IRP_PAGING_IO) {
        IopCompletePagingIo(Irp, PriorityBoost);
        return;
    }
    /* Pages go back at once; the MDLs themselves with the rest. */
    IopUnlockIrpMdls(Irp);
    if (Irp->Flags & (IRP_CREATE_OPERATION | IRP_CLOSE_OPERATION)) {
        /* The I/O manager waits for these itself, perhaps at APC_LEVEL
         * (a close from a completion APC): no APC, and the waiter frees
         * the IRP, so it is not touched after the event is set. */
        PKEVENT Event = Irp->UserEvent;

        *Irp->UserIosb = Irp->IoStatus;
        KeSetEvent(Event, PriorityBoost, FALSE);
        return;
    }
    Thread = Irp->Tail.Overlay.Thread;
    FileObject = Irp->Tail.Overlay.OriginalFileObject;
    if (Thread == NULL) {
        /* A driver's own IRP, or one whose thread is gone. */
        IopCompleteRequest(Irp, FileObject, NULL);
        return;
    }
    KeInitializeApc(
        &Irp->Tail.Apc, &Thread->Tcb, (KAPC_ENVIRONMENT)Irp->ApcEnvironment,
        complete_kernel_routine, complete_rundown, NULL, KernelMode, NULL);
    if (!KeInsertQueueApc(&Irp->Tail.Apc, FileObject, NULL,
                          (KPRIORITY)PriorityBoost))
        IopCompleteRequest(Irp, FileObject, NULL);
}

/* A user APC routine's IRP: freed when the user APC has been queued. */
static VOID NTAPI user_apc_kernel_routine(PKAPC Apc,
                                          PKNORMAL_ROUTINE *NormalRoutine,
                                          PVOID *NormalContext,
                                          PVOID *SystemArgument1,
                                          PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    IoFreeIrp(CONTAINING_RECORD(Apc, IRP, Tail.Apc));
}

static VOID NTAPI user_apc_rundown(PKAPC Apc)
{
    IoFreeIrp(CONTAINING_RECORD(Apc, IRP, Tail.Apc));
}

/* Copies a buffered request's result to the caller; a fault there becomes
 * the request's status, as NT's copy under try. */
static VOID copy_back(PIRP Irp, BOOLEAN InRequester)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    if (!(Irp->Flags & IRP_BUFFERED_IO))
        return;
    if ((Irp->Flags & IRP_INPUT_OPERATION) && InRequester &&
        !NT_ERROR(Irp->IoStatus.Status) && Irp->IoStatus.Information != 0 &&
        Irp->UserBuffer != NULL) {
        SEH_TRY
        {
            RtlCopyMemory(Irp->UserBuffer, Irp->AssociatedIrp.SystemBuffer,
                          Irp->IoStatus.Information);
        }
        SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
        {
            Status = GetExceptionCode();
        }
        SEH_END;
        if (!NT_SUCCESS(Status))
            Irp->IoStatus.Status = Status;
    }
    if (Irp->Flags & IRP_DEALLOCATE_BUFFER)
        ExFreePoolWithTag(Irp->AssociatedIrp.SystemBuffer, IO_BUFFER_TAG);
    Irp->Flags &= ~(IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER);
}

static VOID write_status_block(PIRP Irp)
{
    PIO_STATUS_BLOCK Iosb = Irp->UserIosb;

    if (Iosb == NULL)
        return;
    SEH_TRY
    {
        Iosb->Information = Irp->IoStatus.Information;
        Iosb->Status = Irp->IoStatus.Status;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER) {}
    SEH_END;
}

VOID IopCompleteRequest(PIRP Irp, PFILE_OBJECT FileObject, PETHREAD Thread)
{
    BOOLEAN InRequester = Thread != NULL;
    PIO_APC_ROUTINE UserApc =
        Irp->Overlay.AsynchronousParameters.UserApcRoutine;

    IopDequeueThreadIrp(Irp);
    copy_back(Irp, InRequester);
    IopFreeIrpMdls(Irp);
    /* The caller's status block lives in its address space, or the kernel
     * (IoBuild* requests): either way only the requester may write it. */
    if (InRequester || (Irp->UserIosb != NULL &&
                        (ULONG_PTR)Irp->UserIosb >= MM_SYSTEM_RANGE_START))
        write_status_block(Irp);
    if (FileObject != NULL) {
        IopUpdateFilePosition(Irp, FileObject);
        FileObject->FinalStatus = Irp->IoStatus.Status;
    }
    if (Irp->UserEvent != NULL) {
        KeSetEvent(Irp->UserEvent, IO_NO_INCREMENT, FALSE);
        /* A service referenced the caller's event object; IoBuild* and
         * the kernel's own synchronous requests lent theirs. */
        if (!(Irp->Flags & IRP_SYNCHRONOUS_API))
            ObfDereferenceObject(Irp->UserEvent);
    }
    if (FileObject != NULL &&
        (Irp->UserEvent == NULL || (FileObject->Flags & FO_SYNCHRONOUS_IO)))
        KeSetEvent(&FileObject->Event, IO_NO_INCREMENT, FALSE);
    if (FileObject != NULL)
        ObfDereferenceObject(FileObject); /* the IRP's reference */
    if (UserApc != NULL && InRequester && Irp->RequestorMode == UserMode) {
        KeInitializeApc(&Irp->Tail.Apc, &Thread->Tcb, CurrentApcEnvironment,
                        user_apc_kernel_routine, user_apc_rundown,
                        (PKNORMAL_ROUTINE)(ULONG_PTR)UserApc, UserMode,
                        Irp->Overlay.AsynchronousParameters.UserApcContext);
        if (KeInsertQueueApc(&Irp->Tail.Apc, Irp->UserIosb, NULL,
                             IO_NO_INCREMENT))
            return;
    }
    IoFreeIrp(Irp);
}
