/*
 * Driver Verifier's I/O verification (mm/verifier_io.c, flag 0x10,
 * docs/verifier.md): a verified driver's IofCompleteRequest,
 * IofCallDriver and IoFreeIrp are the verifier's; the I/O manager calls
 * a verified driver's dispatch and completion routines through the
 * verifier, which checks what they leave behind.
 */
#ifndef KERNEL_VERIFIER_IO_H
#define KERNEL_VERIFIER_IO_H

#include "ntddk.h"

/* DRIVER_VERIFIER_IOMANAGER_VIOLATION's parameter 1: NT's codes. */
#define VI_IO_FREE_NOT_AN_IRP 0x01         /* IRP, 0, 0 */
#define VI_IO_FREE_THREAD_IRP 0x02         /* IRP, 0, 0 */
#define VI_IO_CALL_NOT_AN_IRP 0x03         /* IRP, 0, 0 */
#define VI_IO_CALL_BAD_DEVICE 0x04         /* device object, 0, 0 */
#define VI_IO_IRQL_CHANGED 0x05            /* device, IRQL before, after */
#define VI_IO_COMPLETE_PENDING_STATUS 0x06 /* status, IRP, 0 */
#define VI_IO_COMPLETE_CANCEL_SET 0x07     /* cancel routine, IRP, 0 */
#define VI_IO_COMPLETE_HIGH_IRQL 0x0E      /* IRQL, IRP, 0 */
#define VI_IO_CALL_HIGH_IRQL 0x10          /* IRQL, 0, 0 */
/* NT's "WDM DRIVER ERROR" codes: routine (the address in the driver the
 * error was seen at), IRP, device object. */
#define VI_WDM_COPIED_COMPLETION_ROUTINE 0x207
#define VI_WDM_FREE_IRP_IN_USE 0x20B
#define VI_WDM_STATUS_MISMATCH 0x224
#define VI_WDM_NOT_HANDLED 0x226
#define VI_WDM_PENDING_NOT_PROPAGATED 0x228
#define VI_WDM_PENDING_NOT_MARKED 0x23D
#define VI_WDM_MARKED_NOT_PENDING 0x23E

/* Loaded verified images with I/O verification on: 0 keeps the I/O
 * manager's hooks to one test. */
extern volatile LONG ViIoVerifiedImages;

/* The verified driver whose loaded image holds Address (an opaque
 * record, mm/verifier.c), or NULL. */
PVOID ViVerifiedImage(PVOID Address);

/* The routine a verified driver's import of Name binds to: the I/O
 * verifier's, or Address. */
ULONG_PTR ViRedirectIoImport(PCSTR Name, ULONG_PTR Address);

/* The I/O manager's test before calling a driver's routine: Routine is
 * in a verified image and I/O verification is on. */
static inline BOOLEAN VfIsVerifiedRoutine(PVOID Routine)
{
    return ViIoVerifiedImages != 0 && ViVerifiedImage(Routine) != NULL;
}
/* Calls the dispatch routine and checks its result (IRQL, pending,
 * status, an IRP neither completed, passed on nor pended). */
NTSTATUS VfCallDispatchRoutine(PDRIVER_DISPATCH Routine,
                               PDEVICE_OBJECT DeviceObject, PIRP Irp);
/* IofCompleteRequest's hooks: the loop leaves Stack behind (the
 * dispatch calls in progress for Irp learn it was completed there, and
 * whether it was marked pending), and a verified driver's completion
 * routine is called through the verifier (0x228). */
VOID VfIrpStackCompleted(PIRP Irp, PIO_STACK_LOCATION Stack);
NTSTATUS VfCallCompletionRoutine(PIO_COMPLETION_ROUTINE Routine,
                                 PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                 PVOID Context);

#endif
