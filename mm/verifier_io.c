/*
 * Driver Verifier's I/O verification (flag 0x10; include/kernel/verifier_io.h,
 * docs/verifier.md). A verified driver's imports of IofCompleteRequest,
 * IofCallDriver and IoFreeIrp are bound to the routines here, which check
 * the call (DRIVER_VERIFIER_IOMANAGER_VIOLATION with NT's codes). The
 * I/O manager calls a verified driver's dispatch routine through
 * VfCallDispatchRoutine, which remembers the call while it runs: the
 * completion loop tells it when the driver's stack location is passed
 * (and whether it was marked pending then, and with which status), so
 * what the routine returns can be checked against what it did without
 * touching an IRP that may be gone by then.
 */
#include "kernel/verifier_io.h"
#include "kernel/sysldr.h"
#include "kernel/verifier.h"

/* One dispatch routine of a verified driver, running. */
typedef struct _VI_DISPATCH_CALL {
    LIST_ENTRY Links;
    PIRP Irp;
    PIO_STACK_LOCATION Stack; /* the driver's location */
    PVOID Driver;             /* its verified image (ViVerifiedImage) */
    BOOLEAN Completed;        /* the completion loop has passed Stack */
    BOOLEAN MarkedPending;    /* SL_PENDING_RETURNED there, then */
    NTSTATUS Status;          /* IoStatus.Status, then */
} VI_DISPATCH_CALL;

/* A dispatch routine returned STATUS_PENDING for an IRP not completed
 * yet, its location not marked: a driver that passes the IRP down and
 * returns the lower driver's status marks it in its completion routine
 * when PendingReturned says so, so the mark is checked when the
 * completion loop reaches the location. */
typedef struct _VI_PENDING_CHECK {
    PIRP Irp;
    PIO_STACK_LOCATION Stack;
    PVOID Routine;
    PDEVICE_OBJECT DeviceObject;
} VI_PENDING_CHECK;

#define VI_PENDING_CHECKS 64 /* past that, such a return goes unchecked */

static VI_PENDING_CHECK pending_checks[VI_PENDING_CHECKS];

/* Newest first. The lock is taken at HIGH_LEVEL: completion may come at
 * any IRQL (checking it is one of the points). */
static LIST_ENTRY calls = {&calls, &calls};
static KSPIN_LOCK calls_lock;

static KIRQL lock_calls(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(HIGH_LEVEL);

    KeAcquireSpinLockAtDpcLevel(&calls_lock);
    return OldIrql;
}

static VOID unlock_calls(KIRQL OldIrql)
{
    KeReleaseSpinLockFromDpcLevel(&calls_lock);
    KfLowerIrql(OldIrql);
}

/* NT's "WDM DRIVER ERROR": a line naming the routine, then 0xC9 with
 * the code, the routine, the IRP and the device. */
static DECLSPEC_NORETURN VOID wdm_error(ULONG Code, PVOID Routine, PIRP Irp,
                                        PDEVICE_OBJECT DeviceObject, PCSTR Why)
{
    PKLDR_DATA_TABLE_ENTRY Entry;
    PCSTR Export = NULL;
    ULONG_PTR Offset = 0;
    CHAR Name[32] = "?";

    if (MiLookupDriverSymbol((ULONG_PTR)Routine, &Entry, &Export, &Offset))
        MiAsciiName(&Entry->BaseDllName, Name, sizeof(Name));
    DbgPrint("IO SYSTEM VERIFICATION ERROR\n");
    DbgPrint("WDM DRIVER ERROR %lX: %s!%s+0x%lx %s (IRP %p, device %p)\n", Code,
             Name, Export != NULL ? Export : "?", (ULONG)Offset, Why, Irp,
             DeviceObject);
    KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, Code, (ULONG_PTR)Routine,
                 (ULONG_PTR)Irp, (ULONG_PTR)DeviceObject);
}

/* Called with the calls lock held, the location not completed yet (the
 * IRP is still out): the completion cannot come in between. */
static VOID defer_pending_check(VI_DISPATCH_CALL *Call, PVOID Routine,
                                PDEVICE_OBJECT DeviceObject)
{
    ULONG Index;

    for (Index = 0; Index < VI_PENDING_CHECKS; Index++) {
        VI_PENDING_CHECK *Check = &pending_checks[Index];

        if (Check->Irp != NULL)
            continue;
        Check->Irp = Call->Irp;
        Check->Stack = Call->Stack;
        Check->Routine = Routine;
        Check->DeviceObject = DeviceObject;
        break;
    }
}

NTSTATUS VfCallDispatchRoutine(PDRIVER_DISPATCH Routine,
                               PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    VI_DISPATCH_CALL Call;
    KIRQL Before = KeGetCurrentIrql(), After, OldIrql;
    NTSTATUS Status;
    BOOLEAN Marked;

    RtlZeroMemory(&Call, sizeof(Call));
    Call.Irp = Irp;
    Call.Stack = IoGetCurrentIrpStackLocation(Irp);
    Call.Driver = ViVerifiedImage((PVOID)Routine);
    OldIrql = lock_calls();
    InsertHeadList(&calls, &Call.Links);
    unlock_calls(OldIrql);
    Status = Routine(DeviceObject, Irp);
    After = KeGetCurrentIrql();
    OldIrql = lock_calls();
    RemoveEntryList(&Call.Links);
    /* Not completed at the driver's location: the driver still holds
     * the IRP (pending it, or a lower driver has it), so it is there to
     * read; under the lock no completion can come in between. */
    Marked = Call.Completed ? Call.MarkedPending
                            : (Call.Stack->Control & SL_PENDING_RETURNED) != 0;
    if (Status == STATUS_PENDING && !Marked && !Call.Completed)
        defer_pending_check(&Call, (PVOID)Routine, DeviceObject);
    unlock_calls(OldIrql);
    if (After != Before)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VI_IO_IRQL_CHANGED,
                     (ULONG_PTR)DeviceObject, Before, After);
    if (Status == STATUS_PENDING) {
        /* Still out and unmarked: checked when it completes. */
        if (!Marked && Call.Completed)
            wdm_error(VI_WDM_PENDING_NOT_MARKED, (PVOID)Routine, Irp,
                      DeviceObject,
                      "returned STATUS_PENDING without IoMarkIrpPending");
        return Status;
    }
    if (Marked)
        wdm_error(VI_WDM_MARKED_NOT_PENDING, (PVOID)Routine, Irp, DeviceObject,
                  "marked the IRP pending but did not return STATUS_PENDING");
    if (!Call.Completed)
        wdm_error(VI_WDM_NOT_HANDLED, (PVOID)Routine, Irp, DeviceObject,
                  "returned without completing, passing on or pending the "
                  "IRP");
    if (Call.Status != Status) {
        DbgPrint("verifier: the IRP completed with %08lx, the routine "
                 "returned %08lx\n",
                 (ULONG)Call.Status, (ULONG)Status);
        wdm_error(VI_WDM_STATUS_MISMATCH, (PVOID)Routine, Irp, DeviceObject,
                  "returned a status other than the IRP's IoStatus.Status");
    }
    return Status;
}

VOID VfIrpStackCompleted(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    VI_PENDING_CHECK Failed = {NULL, NULL, NULL, NULL};
    PLIST_ENTRY Link;
    ULONG Index;
    KIRQL OldIrql = lock_calls();

    for (Index = 0; Index < VI_PENDING_CHECKS; Index++) {
        VI_PENDING_CHECK *Check = &pending_checks[Index];

        if (Check->Irp != Irp || Check->Stack != Stack)
            continue;
        if (!(Stack->Control & SL_PENDING_RETURNED))
            Failed = *Check;
        Check->Irp = NULL;
    }
    for (Link = calls.Flink; Link != &calls; Link = Link->Flink) {
        VI_DISPATCH_CALL *Call =
            CONTAINING_RECORD(Link, VI_DISPATCH_CALL, Links);

        if (Call->Irp != Irp || Call->Stack != Stack || Call->Completed)
            continue;
        Call->Completed = TRUE;
        Call->MarkedPending = (Stack->Control & SL_PENDING_RETURNED) != 0;
        Call->Status = Irp->IoStatus.Status;
    }
    unlock_calls(OldIrql);
    if (Failed.Irp != NULL)
        wdm_error(VI_WDM_PENDING_NOT_MARKED, Failed.Routine, Irp,
                  Failed.DeviceObject,
                  "returned STATUS_PENDING without IoMarkIrpPending");
}

NTSTATUS VfCallCompletionRoutine(PIO_COMPLETION_ROUTINE Routine,
                                 PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                 PVOID Context)
{
    NTSTATUS Status = Routine(DeviceObject, Irp, Context);

    /* A lower driver pended the IRP: the routine's own location must say
     * so too, or the requester is never told (the routine's location is
     * the current one; past the last there is none to mark). */
    if (Status != STATUS_MORE_PROCESSING_REQUIRED && Irp->PendingReturned &&
        Irp->CurrentLocation <= Irp->StackCount &&
        !(IoGetCurrentIrpStackLocation(Irp)->Control & SL_PENDING_RETURNED))
        wdm_error(VI_WDM_PENDING_NOT_PROPAGATED, (PVOID)Routine, Irp,
                  DeviceObject,
                  "did not mark the IRP pending when PendingReturned was set");
    return Status;
}

/* The driver at Caller has dispatch calls for Irp running and the
 * completion loop has passed the location of each: completing it again
 * is a double completion, whatever the IRP's memory holds by now. (A
 * call not completed yet is the one completing it now: the driver's
 * upper device, say, once its completion routine took the IRP back.) */
static BOOLEAN completed_in_dispatch(PIRP Irp, PVOID Caller)
{
    PVOID Driver = ViVerifiedImage(Caller);
    BOOLEAN Found = FALSE, Open = FALSE;
    PLIST_ENTRY Link;
    KIRQL OldIrql = lock_calls();

    for (Link = calls.Flink; Link != &calls; Link = Link->Flink) {
        VI_DISPATCH_CALL *Call =
            CONTAINING_RECORD(Link, VI_DISPATCH_CALL, Links);

        if (Call->Irp == Irp && Call->Driver == Driver) {
            Found = TRUE;
            Open |= !Call->Completed;
        }
    }
    unlock_calls(OldIrql);
    return Found && !Open;
}

/* NT's IovCompleteRequest checks, then the I/O manager's completion. */
static VOID FASTCALL VerifierIofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql > DISPATCH_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION,
                     VI_IO_COMPLETE_HIGH_IRQL, Irql, (ULONG_PTR)Irp, 0);
    /* NT's own code for a second completion: the verifier makes it
     * certain, at the second call, even when the IRP was already reused. */
    if (completed_in_dispatch(Irp, __builtin_return_address(0)) ||
        Irp->Type != IO_TYPE_IRP ||
        Irp->CurrentLocation > (CCHAR)(Irp->StackCount + 1))
        KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, 0, 0, 0);
    if (Irp->IoStatus.Status == STATUS_PENDING ||
        Irp->IoStatus.Status == (NTSTATUS)0xFFFFFFFF)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION,
                     VI_IO_COMPLETE_PENDING_STATUS,
                     (ULONG_PTR)Irp->IoStatus.Status, (ULONG_PTR)Irp, 0);
    if (Irp->CancelRoutine != NULL)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION,
                     VI_IO_COMPLETE_CANCEL_SET, (ULONG_PTR)Irp->CancelRoutine,
                     (ULONG_PTR)Irp, 0);
    IofCompleteRequest(Irp, PriorityBoost);
}

static NTSTATUS FASTCALL VerifierIofCallDriver(PDEVICE_OBJECT DeviceObject,
                                               PIRP Irp)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql > DISPATCH_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VI_IO_CALL_HIGH_IRQL,
                     Irql, 0, 0);
    if (Irp == NULL || Irp->Type != IO_TYPE_IRP)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VI_IO_CALL_NOT_AN_IRP,
                     (ULONG_PTR)Irp, 0, 0);
    if (DeviceObject == NULL || DeviceObject->Type != IO_TYPE_DEVICE)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VI_IO_CALL_BAD_DEVICE,
                     (ULONG_PTR)DeviceObject, 0, 0);
    /* The stack copied by hand, completion routine and all: the lower
     * driver's completion would call the upper driver's routine twice.
     * (Only when the caller has a location of its own: an IRP it
     * allocated has none yet.) */
    if (Irp->CurrentLocation > 1 && Irp->CurrentLocation <= Irp->StackCount) {
        PIO_STACK_LOCATION Current = IoGetCurrentIrpStackLocation(Irp);
        PIO_STACK_LOCATION Next = IoGetNextIrpStackLocation(Irp);

        if (Next->CompletionRoutine != NULL &&
            Next->CompletionRoutine == Current->CompletionRoutine &&
            Next->Context == Current->Context)
            wdm_error(VI_WDM_COPIED_COMPLETION_ROUTINE,
                      __builtin_return_address(0), Irp, DeviceObject,
                      "copied the stack location with the upper driver's "
                      "completion routine (IoCopyCurrentIrpStackLocationToNext "
                      "leaves it out)");
    }
    return IofCallDriver(DeviceObject, Irp);
}

/* An IRP still in a dispatch routine that has not completed it. */
static BOOLEAN in_dispatch(PIRP Irp)
{
    BOOLEAN Found = FALSE;
    PLIST_ENTRY Link;
    KIRQL OldIrql = lock_calls();

    for (Link = calls.Flink; Link != &calls; Link = Link->Flink) {
        VI_DISPATCH_CALL *Call =
            CONTAINING_RECORD(Link, VI_DISPATCH_CALL, Links);

        if (Call->Irp == Irp && !Call->Completed) {
            Found = TRUE;
            break;
        }
    }
    unlock_calls(OldIrql);
    return Found;
}

static VOID NTAPI VerifierIoFreeIrp(PIRP Irp)
{
    if (Irp->Type != IO_TYPE_IRP)
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VI_IO_FREE_NOT_AN_IRP,
                     (ULONG_PTR)Irp, 0, 0);
    if (!IsListEmpty(&Irp->ThreadListEntry))
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VI_IO_FREE_THREAD_IRP,
                     (ULONG_PTR)Irp, 0, 0);
    if (in_dispatch(Irp))
        wdm_error(VI_WDM_FREE_IRP_IN_USE, __builtin_return_address(0), Irp,
                  NULL, "freed an IRP a dispatch routine still has");
    IoFreeIrp(Irp);
}

static const VI_THUNK io_thunks[] = {
    {"IofCompleteRequest", (PVOID)VerifierIofCompleteRequest},
    {"IofCallDriver", (PVOID)VerifierIofCallDriver},
    {"IoFreeIrp", (PVOID)VerifierIoFreeIrp},
};

ULONG_PTR ViRedirectIoImport(PCSTR Name, ULONG_PTR Address)
{
    return ViFindThunk(io_thunks, ARRAYSIZE(io_thunks), Name, Address);
}
