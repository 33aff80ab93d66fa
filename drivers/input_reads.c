/*
 * Reads of the console input queue through IRPs, shared by the console,
 * keyboard and serial drivers (one queue holds what the keyboard and the
 * serial line type): a read takes what is there, at least one character,
 * or waits, cancellably, until the devices' DPC says input arrived, as a
 * class driver completes reads from its port driver's callback.
 */
#include "kernel/console.h"
#include "kernel/io.h"

static LIST_ENTRY waiting_reads = {&waiting_reads, &waiting_reads};

/* Fills Irp from the queue; FALSE when nothing was there. */
static BOOLEAN fill(PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PCHAR Buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG Length = Stack->Parameters.Read.Length, Count = 0;

    while (Count < Length && KiConsoleInputGet(&Buffer[Count]))
        Count++;
    if (Count == 0)
        return FALSE;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = Count;
    return TRUE;
}

/* Completes waiting reads while there is input; at DISPATCH_LEVEL. */
static VOID input_arrived(VOID)
{
    LIST_ENTRY Done;
    KIRQL Irql;

    InitializeListHead(&Done);
    IoAcquireCancelSpinLock(&Irql);
    while (!IsListEmpty(&waiting_reads)) {
        PIRP Irp =
            CONTAINING_RECORD(waiting_reads.Flink, IRP, Tail.Overlay.ListEntry);

        if (!fill(Irp))
            break;
        RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
        IoSetCancelRoutine(Irp, NULL);
        InsertTailList(&Done, &Irp->Tail.Overlay.ListEntry);
    }
    IoReleaseCancelSpinLock(Irql);
    while (!IsListEmpty(&Done))
        IoCompleteRequest(CONTAINING_RECORD(RemoveHeadList(&Done), IRP,
                                            Tail.Overlay.ListEntry),
                          IO_KEYBOARD_INCREMENT);
}

static VOID NTAPI cancel_read(PDEVICE_OBJECT Device, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Device);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

NTSTATUS IopReadConsoleInput(PIRP Irp)
{
    KIRQL Irql, OldIrql;

    KiConsoleInputNotify = input_arrived;
    if (IoGetCurrentIrpStackLocation(Irp)->Parameters.Read.Length == 0 ||
        fill(Irp)) {
        if (Irp->IoStatus.Information == 0)
            Irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    IoMarkIrpPending(Irp);
    IoAcquireCancelSpinLock(&Irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(Irql);
        Irp->IoStatus.Status = STATUS_CANCELLED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_PENDING;
    }
    IoSetCancelRoutine(Irp, cancel_read);
    InsertTailList(&waiting_reads, &Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irql);
    /* Input that came between the look and the wait is not lost. */
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    input_arrived();
    KeLowerIrql(OldIrql);
    return STATUS_PENDING;
}
