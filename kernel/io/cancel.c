/*
 * Cancelling IRPs. A driver that keeps an IRP waiting sets a cancel
 * routine; IoCancelIrp marks the IRP and calls that routine under the
 * cancel spin lock, which the routine releases, as NT's protocol has it.
 * A thread that ends, and NtCancelIoFile, cancel the thread's IRPs and
 * wait for them to come back.
 */
#include "kernel/io.h"
#include "kernel/probe.h"
#include "kernel/process.h"
#include "kernel/thread.h"

PIRP IopNextIrpToCancel(PETHREAD Thread, PFILE_OBJECT FileObject);
BOOLEAN IopThreadHasIrps(PETHREAD Thread, PFILE_OBJECT FileObject);
VOID IopDisassociateThreadIrps(PETHREAD Thread);

/* How long a thread waits for its cancelled IRPs before it leaves them
 * behind (NT waits five minutes; a driver that ignores cancellation is
 * told here much sooner): 100 ms steps. */
#define CANCEL_WAIT_STEPS 50

static KSPIN_LOCK cancel_lock;

VOID NTAPI IoAcquireCancelSpinLock(PKIRQL Irql)
{
    KeAcquireSpinLock(&cancel_lock, Irql);
}

VOID NTAPI IoReleaseCancelSpinLock(KIRQL Irql)
{
    KeReleaseSpinLock(&cancel_lock, Irql);
}

BOOLEAN NTAPI IoCancelIrp(PIRP Irp)
{
    PDRIVER_CANCEL Routine;
    KIRQL Irql;

    IoAcquireCancelSpinLock(&Irql);
    Irp->Cancel = TRUE;
    Routine = IoSetCancelRoutine(Irp, NULL);
    if (Routine == NULL) {
        IoReleaseCancelSpinLock(Irql);
        return FALSE;
    }
    /* A driver that sets a cancel routine on an IRP it passed down has
     * no location of its own left: NT stops the machine for it. */
    if (Irp->CurrentLocation > Irp->StackCount)
        KeBugCheckEx(CANCEL_STATE_IN_COMPLETED_IRP, (ULONG_PTR)Irp,
                     (ULONG_PTR)Routine, 0, 0);
    Irp->CancelIrql = Irql;
    Routine(IoGetCurrentIrpStackLocation(Irp)->DeviceObject, Irp);
    return TRUE;
}

static VOID wait_a_little(VOID)
{
    LARGE_INTEGER Interval;

    Interval.QuadPart = -100 * 10000LL; /* 100 ms */
    KeDelayExecutionThread(KernelMode, FALSE, &Interval);
}

/* Cancels Thread's IRPs (of FileObject only, when given) and waits until
 * they are back; TRUE when they all came back. */
static BOOLEAN cancel_and_wait(PETHREAD Thread, PFILE_OBJECT FileObject)
{
    ULONG Step;
    PIRP Irp;

    while ((Irp = IopNextIrpToCancel(Thread, FileObject)) != NULL) {
        IoCancelIrp(Irp);
    }
    for (Step = 0; Step < CANCEL_WAIT_STEPS; Step++) {
        if (!IopThreadHasIrps(Thread, FileObject))
            return TRUE;
        wait_a_little();
    }
    return !IopThreadHasIrps(Thread, FileObject);
}

VOID IoCancelThreadIo(PETHREAD Thread)
{
    if (IsListEmpty(&Thread->IrpList))
        return;
    if (!cancel_and_wait(Thread, NULL)) {
        DbgPrint("io: thread %p leaves IRPs its drivers did not cancel\n",
                 Thread);
        IopDisassociateThreadIrps(Thread);
    }
}

VOID IopCancelFileIo(PFILE_OBJECT FileObject, BOOLEAN AllThreads)
{
    PLIST_ENTRY Entry;
    KIRQL OldIrql;

    if (!AllThreads) {
        cancel_and_wait(PsGetCurrentThread(), FileObject);
        return;
    }
    /* The last handle went: whichever threads still have requests on
     * this file see them cancelled, so nothing is left running against a
     * file nobody can name (their own waits end with their IRPs). */
    KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
    for (Entry = PspActiveThreads.Flink; Entry != &PspActiveThreads;
         Entry = Entry->Flink) {
        PETHREAD Thread = CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);
        PIRP Irp;

        while ((Irp = IopNextIrpToCancel(Thread, FileObject)) != NULL)
            IoCancelIrp(Irp);
    }
    KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
}

NTSTATUS NTAPI NtCancelIoFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    IO_STATUS_BLOCK Result = {{STATUS_SUCCESS}, 0};
    PFILE_OBJECT FileObject;
    NTSTATUS Status;

    if (PreviousMode != KernelMode) {
        Status = ExpProbeForWrite(IoStatusBlock, sizeof(*IoStatusBlock),
                                  sizeof(ULONG));
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status =
        ObReferenceObjectByHandle(FileHandle, 0, IopFileObjectType,
                                  PreviousMode, (PVOID *)&FileObject, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    IopCancelFileIo(FileObject, FALSE);
    ObfDereferenceObject(FileObject);
    ExpWriteBack(IoStatusBlock, &Result, sizeof(Result));
    return STATUS_SUCCESS;
}
