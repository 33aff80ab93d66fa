/*
 * Driver Verifier's I/O test driver (tests/kernel/verifier_io.c,
 * docs/verifier.md): \Device\VfIo answers IOCTLs (vfio.h) that each make
 * one I/O mistake, in an exported routine so the stop screen names it;
 * an unnamed second device below it lets a request pass through a
 * completion routine. Loaded through NtLoadDriver.
 */
#include <ntddk.h>

#include "vfio.h"

typedef struct _VFIO_EXTENSION {
    PDEVICE_OBJECT Lower; /* NULL in the lower device itself */
} VFIO_EXTENSION, *PVFIO_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD VfIoUnload;
static DRIVER_DISPATCH VfIoCreateClose;

/* The IRP this driver allocated "for later", after the double
 * completion: the kernel test looks at what became of it. */
static PIRP kept_irp;

__declspec(dllexport) PIRP __cdecl VfIoKeptIrp(VOID)
{
    return kept_irp;
}

/* The low-resources simulation's test (tests/kernel/verifier_fault.c):
 * each routine that may be failed, Count times, correctly; Failures
 * counts, per VFIO_LOW_* index, the calls that failed. */
static UCHAR probe_buffer[64];

static PMDL locked_mdl(VOID)
{
    ULONG Try;

    for (Try = 0; Try < 100; Try++) {
        PMDL Mdl = IoAllocateMdl(probe_buffer, sizeof(probe_buffer), FALSE,
                                 FALSE, NULL);

        if (Mdl == NULL)
            continue;
        __try {
            MmProbeAndLockPages(Mdl, KernelMode, IoReadAccess);
            return Mdl;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            IoFreeMdl(Mdl);
        }
    }
    return NULL;
}

__declspec(dllexport) VOID
    __cdecl VfIoAllocateEach(ULONG Count, BOOLEAN BugCheckOnFailure,
                             PULONG Failures)
{
    PMDL Mdl = locked_mdl();
    ULONG Index;

    for (Index = 0; Index < Count; Index++) {
        PVOID Block = ExAllocatePoolWithTag(NonPagedPool, 32, 'oIfV');
        PVOID Sure = ExAllocatePoolWithTag(NonPagedPoolMustSucceed, 32, 'oIfV');
        PIRP Irp = IoAllocateIrp(1, FALSE);
        PMDL Other = IoAllocateMdl(probe_buffer, sizeof(probe_buffer), FALSE,
                                   FALSE, NULL);
        PIO_WORKITEM WorkItem = IoAllocateWorkItem(NULL);
        PVOID Mapped;

        Failures[VFIO_LOW_POOL] += Block == NULL;
        Failures[VFIO_LOW_MUST_SUCCEED] += Sure == NULL;
        Failures[VFIO_LOW_IRP] += Irp == NULL;
        Failures[VFIO_LOW_MDL] += Other == NULL;
        Failures[VFIO_LOW_WORK_ITEM] += WorkItem == NULL;
        if (Block != NULL)
            ExFreePoolWithTag(Block, 'oIfV');
        if (Sure != NULL)
            ExFreePoolWithTag(Sure, 'oIfV');
        if (Irp != NULL)
            IoFreeIrp(Irp);
        if (WorkItem != NULL)
            IoFreeWorkItem(WorkItem);
        if (Other != NULL) {
            __try {
                MmProbeAndLockPages(Other, KernelMode, IoReadAccess);
                MmUnlockPages(Other);
            } __except (GetExceptionCode() == STATUS_WORKING_SET_QUOTA
                            ? EXCEPTION_EXECUTE_HANDLER
                            : EXCEPTION_CONTINUE_SEARCH) {
                Failures[VFIO_LOW_PROBE]++;
            }
            IoFreeMdl(Other);
        }
        if (Mdl == NULL)
            continue;
        Mapped =
            MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL,
                                         BugCheckOnFailure, NormalPagePriority);
        if (Mapped == NULL)
            Failures[VFIO_LOW_MAP]++;
        else
            MmUnmapLockedPages(Mapped, Mdl);
    }
    if (Mdl != NULL) {
        MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }
}

static NTSTATUS complete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* Completes the IRP, takes an IRP of its own, and completes the first
 * again: with the first one freed, the second completion lands on
 * whatever uses its memory now (often the new IRP). */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoDoubleCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    complete(Irp, STATUS_SUCCESS);
    kept_irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

/* Says STATUS_PENDING without IoMarkIrpPending (having completed it). */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoPendingUnmarked(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    complete(Irp, STATUS_SUCCESS);
    return STATUS_PENDING;
}

/* Completes with one status and returns another. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoWrongStatus(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    complete(Irp, STATUS_SUCCESS);
    return STATUS_UNSUCCESSFUL;
}

/* Completes with STATUS_PENDING as the IRP's status. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCompletePending(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return complete(Irp, STATUS_PENDING);
}

static VOID NTAPI VfIoCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    complete(Irp, STATUS_CANCELLED);
}

/* Completes an IRP whose cancel routine is still set. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCancelRoutineSet(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSetCancelRoutine(Irp, VfIoCancel);
    return complete(Irp, STATUS_SUCCESS);
}

/* Completes at HIGH_LEVEL. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCompleteAtHighIrql(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    KIRQL OldIrql;
    NTSTATUS Status;

    KeRaiseIrql(HIGH_LEVEL, &OldIrql);
    Status = complete(Irp, STATUS_SUCCESS);
    KeLowerIrql(OldIrql);
    return Status;
}

/* Returns at DISPATCH_LEVEL, having raised and forgotten to lower. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoIrqlChanged(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    KIRQL OldIrql;

    complete(Irp, STATUS_SUCCESS);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    return STATUS_SUCCESS;
}

/* Frees the IRP it was sent, which belongs to the I/O manager. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoFreeIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoFreeIrp(Irp);
    return STATUS_SUCCESS;
}

/* Returns without completing, passing on or pending the IRP. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoNotHandled(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    return STATUS_SUCCESS;
}

/* Marks the IRP pending, completes it, and says it is done. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoMarkedNotPending(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoMarkIrpPending(Irp);
    return complete(Irp, STATUS_SUCCESS);
}

/* Sends its device object as if it were an IRP. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCallNotAnIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVFIO_EXTENSION Extension = DeviceObject->DeviceExtension;

    UNREFERENCED_PARAMETER(Irp);
    return IoCallDriver(Extension->Lower, (PIRP)DeviceObject);
}

/* Sends the IRP to something that is not a device object. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCallBadDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    return IoCallDriver((PDEVICE_OBJECT)Irp, Irp);
}

/* Sends the IRP down at HIGH_LEVEL. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCallAtHighIrql(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVFIO_EXTENSION Extension = DeviceObject->DeviceExtension;
    KIRQL OldIrql;
    NTSTATUS Status;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    KeRaiseIrql(HIGH_LEVEL, &OldIrql);
    Status = IoCallDriver(Extension->Lower, Irp);
    KeLowerIrql(OldIrql);
    return Status;
}

/* Frees its device object as if it were an IRP. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoFreeNotAnIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IoFreeIrp((PIRP)DeviceObject);
    return complete(Irp, STATUS_SUCCESS);
}

/* The synchronous forward, done right: the routine takes the IRP back
 * (STATUS_MORE_PROCESSING_REQUIRED) and signals; the dispatch routine
 * waits, then completes it. */
static NTSTATUS NTAPI VfIoSignal(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                 PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoForwardAndWait(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVFIO_EXTENSION Extension = DeviceObject->DeviceExtension;
    KEVENT Event;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VfIoSignal, &Event, TRUE, TRUE, TRUE);
    if (IoCallDriver(Extension->Lower, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    Status = Irp->IoStatus.Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* Completes the IRP upward from inside the lower device's completion,
 * having marked it pending as the lower device did. */
static NTSTATUS NTAPI VfIoCompleteUpward(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                         PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCompleteInRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVFIO_EXTENSION Extension = DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VfIoCompleteUpward, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(Extension->Lower, Irp);
}

/* Copies its stack location to the next one by hand, the caller's
 * completion routine with it. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCopiedStack(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVFIO_EXTENSION Extension = DeviceObject->DeviceExtension;

    RtlCopyMemory(IoGetNextIrpStackLocation(Irp),
                  IoGetCurrentIrpStackLocation(Irp), sizeof(IO_STACK_LOCATION));
    return IoCallDriver(Extension->Lower, Irp);
}

/* Keeps the IRP to complete later and says STATUS_PENDING, unmarked
 * (no cancel routine: the test completes it at once). */
static PIRP held_irp;

__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoHoldUnmarked(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    held_irp = Irp;
    return STATUS_PENDING;
}

/* Completes the IRP held above, then this one. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoCompleteHeld(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIRP Held = held_irp;

    UNREFERENCED_PARAMETER(DeviceObject);
    held_irp = NULL;
    if (Held != NULL)
        complete(Held, STATUS_SUCCESS);
    return complete(Irp, STATUS_SUCCESS);
}

/* The completion routine that forgets IoMarkIrpPending when the lower
 * device pended the IRP. */
__declspec(dllexport) NTSTATUS NTAPI
    VfIoForgetsPending(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_SUCCESS;
}

/* Passes the request to the lower device through the routine above. */
__declspec(dllexport) __declspec(noinline) NTSTATUS
    __cdecl VfIoPassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVFIO_EXTENSION Extension = DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VfIoForgetsPending, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(Extension->Lower, Irp);
}

/* The lower device pends every request, correctly: marked, completed,
 * STATUS_PENDING returned. */
static NTSTATUS lower_dispatch(PIRP Irp)
{
    IoMarkIrpPending(Irp);
    complete(Irp, STATUS_SUCCESS);
    return STATUS_PENDING;
}

static NTSTATUS correct(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return complete(Irp, STATUS_SUCCESS);
}

/* Code to routine, in .data: a switch's jump table (or any constant)
 * would sit in .rdata before the export directory and leave it
 * unaligned, which the image check refuses (docs/pe-images.md). */
static struct {
    ULONG Code;
    NTSTATUS (*Routine)(PDEVICE_OBJECT DeviceObject, PIRP Irp);
} requests[] = {
    {VFIO_CORRECT, correct},
    {VFIO_DOUBLE_COMPLETION, VfIoDoubleCompletion},
    {VFIO_PENDING_UNMARKED, VfIoPendingUnmarked},
    {VFIO_WRONG_STATUS, VfIoWrongStatus},
    {VFIO_COMPLETE_PENDING, VfIoCompletePending},
    {VFIO_CANCEL_ROUTINE_SET, VfIoCancelRoutineSet},
    {VFIO_COMPLETE_HIGH_IRQL, VfIoCompleteAtHighIrql},
    {VFIO_IRQL_CHANGED, VfIoIrqlChanged},
    {VFIO_FREE_IRP, VfIoFreeIrp},
    {VFIO_PENDING_NOT_PROPAGATED, VfIoPassDown},
    {VFIO_NOT_HANDLED, VfIoNotHandled},
    {VFIO_HOLD_UNMARKED, VfIoHoldUnmarked},
    {VFIO_COMPLETE_HELD, VfIoCompleteHeld},
    {VFIO_MARKED_NOT_PENDING, VfIoMarkedNotPending},
    {VFIO_CALL_NOT_AN_IRP, VfIoCallNotAnIrp},
    {VFIO_CALL_BAD_DEVICE, VfIoCallBadDevice},
    {VFIO_CALL_HIGH_IRQL, VfIoCallAtHighIrql},
    {VFIO_FREE_NOT_AN_IRP, VfIoFreeNotAnIrp},
    {VFIO_FORWARD_AND_WAIT, VfIoForwardAndWait},
    {VFIO_COMPLETE_IN_ROUTINE, VfIoCompleteInRoutine},
    {VFIO_COPIED_STACK, VfIoCopiedStack},
};

__declspec(dllexport) NTSTATUS NTAPI
    VfIoDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVFIO_EXTENSION Extension = DeviceObject->DeviceExtension;
    ULONG Code = IoGetCurrentIrpStackLocation(Irp)
                     ->Parameters.DeviceIoControl.IoControlCode;
    ULONG Index;

    if (Extension->Lower == NULL)
        return lower_dispatch(Irp);
    for (Index = 0; Index < ARRAYSIZE(requests); Index++)
        if (requests[Index].Code == Code)
            return requests[Index].Routine(DeviceObject, Irp);
    return complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

static NTSTATUS VfIoCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return complete(Irp, STATUS_SUCCESS);
}

static VOID VfIoUnload(PDRIVER_OBJECT DriverObject)
{
    while (DriverObject->DeviceObject != NULL)
        IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    static WCHAR NameBuffer[] = VFIO_DEVICE_NAME; /* .data, as above */
    UNICODE_STRING Name = {sizeof(NameBuffer) - sizeof(WCHAR),
                           sizeof(NameBuffer), NameBuffer};
    PDEVICE_OBJECT Upper, Lower;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, sizeof(VFIO_EXTENSION), NULL,
                            FILE_DEVICE_UNKNOWN, 0, FALSE, &Lower);
    if (!NT_SUCCESS(Status))
        return Status;
    ((PVFIO_EXTENSION)Lower->DeviceExtension)->Lower = NULL;
    Status = IoCreateDevice(DriverObject, sizeof(VFIO_EXTENSION), &Name,
                            FILE_DEVICE_UNKNOWN, 0, FALSE, &Upper);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Lower);
        return Status;
    }
    ((PVFIO_EXTENSION)Upper->DeviceExtension)->Lower = Lower;
    Upper->StackSize = (CCHAR)(Lower->StackSize + 1);
    Upper->Flags |= DO_BUFFERED_IO;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = VfIoCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VfIoCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VfIoDispatch;
    DriverObject->DriverUnload = VfIoUnload;
    Lower->Flags &= ~DO_DEVICE_INITIALIZING;
    Upper->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
