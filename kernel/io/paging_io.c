/*
 * Paging I/O: the requests Mm sends to bring a page in from its backing
 * file (IoPageRead) and to write a modified one out (IoSynchronousPageWrite,
 * IoAsynchronousPageWrite). The MDL is Mm's: its frames locked and owned
 * by Mm, so the I/O manager neither unlocks nor frees it. The IRP is not
 * queued on the thread (a page fault must not be cancelled by the
 * thread's exit) and holds no reference on the file object, which Mm
 * keeps. Completion is the I/O manager's shortest path, as NT's: a
 * synchronous request's status block is written and its event set in
 * IoCompleteRequest itself, at whatever IRQL the driver completes at,
 * with no APC; the asynchronous write's routine runs as a kernel APC.
 */
#include "kernel/io.h"
#include "kernel/thread.h"

/* The IRP of a paging request, ready to send; NULL when pool is short. */
static PIRP build(UCHAR MajorFunction, PFILE_OBJECT FileObject, PMDL Mdl,
                  PLARGE_INTEGER Offset, PIO_STATUS_BLOCK IoStatusBlock,
                  ULONG Flags)
{
    PIO_STACK_LOCATION Stack;
    PIRP Irp =
        IoAllocateIrp(IoGetRelatedDeviceObject(FileObject)->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    Irp->MdlAddress = Mdl;
    Irp->Flags = IRP_PAGING_IO | IRP_NOCACHE | Flags;
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = IoStatusBlock;
    Irp->UserBuffer = MmGetMdlVirtualAddress(Mdl);
    Irp->Tail.Overlay.OriginalFileObject = FileObject;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = MajorFunction;
    Stack->FileObject = FileObject;
    Stack->Parameters.Read.Length = Mdl->ByteCount;
    Stack->Parameters.Read.ByteOffset = *Offset;
    return Irp;
}

static NTSTATUS synchronous(UCHAR MajorFunction, PFILE_OBJECT FileObject,
                            PMDL Mdl, PLARGE_INTEGER Offset, PKEVENT Event,
                            PIO_STATUS_BLOCK IoStatusBlock, ULONG Flags)
{
    PIRP Irp = build(MajorFunction, FileObject, Mdl, Offset, IoStatusBlock,
                     IRP_SYNCHRONOUS_PAGING_IO | Flags);

    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Irp->UserEvent = Event;
    return IofCallDriver(IoGetRelatedDeviceObject(FileObject), Irp);
}

NTSTATUS NTAPI IoPageRead(PFILE_OBJECT FileObject, PMDL MemoryDescriptorList,
                          PLARGE_INTEGER StartingOffset, PKEVENT Event,
                          PIO_STATUS_BLOCK IoStatusBlock)
{
    return synchronous(IRP_MJ_READ, FileObject, MemoryDescriptorList,
                       StartingOffset, Event, IoStatusBlock,
                       IRP_INPUT_OPERATION);
}

NTSTATUS NTAPI IoSynchronousPageWrite(PFILE_OBJECT FileObject,
                                      PMDL MemoryDescriptorList,
                                      PLARGE_INTEGER StartingOffset,
                                      PKEVENT Event,
                                      PIO_STATUS_BLOCK IoStatusBlock)
{
    return synchronous(IRP_MJ_WRITE, FileObject, MemoryDescriptorList,
                       StartingOffset, Event, IoStatusBlock, 0);
}

NTSTATUS NTAPI IoAsynchronousPageWrite(
    PFILE_OBJECT FileObject, PMDL MemoryDescriptorList,
    PLARGE_INTEGER StartingOffset, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
    PIO_STATUS_BLOCK IoStatusBlock, PIRP *Irp)
{
    PIRP New = build(IRP_MJ_WRITE, FileObject, MemoryDescriptorList,
                     StartingOffset, IoStatusBlock, 0);

    if (New == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    New->Overlay.AsynchronousParameters.UserApcRoutine = ApcRoutine;
    New->Overlay.AsynchronousParameters.UserApcContext = ApcContext;
    if (Irp != NULL)
        *Irp = New;
    return IofCallDriver(IoGetRelatedDeviceObject(FileObject), New);
}

/* The asynchronous write's end, in the thread that sent it: the status
 * block, then the caller's routine as the APC's normal routine
 * (ApcRoutine(ApcContext, IoStatusBlock, 0)). */
static VOID NTAPI page_write_kernel_routine(PKAPC Apc,
                                            PKNORMAL_ROUTINE *NormalRoutine,
                                            PVOID *NormalContext,
                                            PVOID *SystemArgument1,
                                            PVOID *SystemArgument2)
{
    PIRP Irp = CONTAINING_RECORD(Apc, IRP, Tail.Apc);

    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    *Irp->UserIosb = Irp->IoStatus;
    IoFreeIrp(Irp);
}

static VOID NTAPI page_write_rundown(PKAPC Apc)
{
    PIRP Irp = CONTAINING_RECORD(Apc, IRP, Tail.Apc);

    *Irp->UserIosb = Irp->IoStatus;
    IoFreeIrp(Irp);
}

VOID IopCompletePagingIo(PIRP Irp, CCHAR PriorityBoost)
{
    PKNORMAL_ROUTINE Routine;
    PETHREAD Thread = Irp->Tail.Overlay.Thread;

    if (Irp->Flags & IRP_SYNCHRONOUS_PAGING_IO) {
        /* The waiter may free the event and the block once it is set:
         * nothing of theirs is touched after. */
        *Irp->UserIosb = Irp->IoStatus;
        KeSetEvent(Irp->UserEvent, PriorityBoost, FALSE);
        IoFreeIrp(Irp);
        return;
    }
    Routine = (PKNORMAL_ROUTINE)(ULONG_PTR)
                  Irp->Overlay.AsynchronousParameters.UserApcRoutine;
    KeInitializeApc(
        &Irp->Tail.Apc, &Thread->Tcb, (KAPC_ENVIRONMENT)Irp->ApcEnvironment,
        page_write_kernel_routine, page_write_rundown, Routine, KernelMode,
        Irp->Overlay.AsynchronousParameters.UserApcContext);
    if (!KeInsertQueueApc(&Irp->Tail.Apc, Irp->UserIosb, NULL,
                          (KPRIORITY)PriorityBoost))
        page_write_rundown(&Irp->Tail.Apc);
}
