/*
 * Driver Verifier's I/O verification (mm/verifier_io.c) on vfio.sys
 * (tests/drivers/vfio/), loaded through NtLoadDriver from the boot files
 * tools/test.sh passes (KTEST_EXTERNAL). Without the verifier each
 * mistake runs on and its damage shows later, elsewhere or never; the
 * crash tests, booted with verifier=vfio.sys, stop at the mistake.
 */
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "kernel/verifier.h"
#include "tests/drivers/vfio/vfio.h"
#include "tests/kernel/kt_image.h"
#include "tests/kernel/kt_io_driver.h"

#define VFIO_SERVICE                                                           \
    u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vfio"

typedef PIRP (*PKEPT_IRP_ROUTINE)(VOID);

static NTSTATUS load_vfio(BOOLEAN Unload)
{
    UNICODE_STRING Key;

    RtlInitUnicodeString(&Key, VFIO_SERVICE);
    return Unload ? NtUnloadDriver(&Key) : NtLoadDriver(&Key);
}

/* One IOCTL through a synchronous kernel handle, as a program sends it. */
static NTSTATUS send_ioctl(ULONG Code, PIO_STATUS_BLOCK Iosb)
{
    HANDLE Handle;
    NTSTATUS Status =
        KtIoOpen(u"\\Device\\VfIo", FILE_SYNCHRONOUS_IO_NONALERT, &Handle);

    if (!NT_SUCCESS(Status))
        return Status;
    Iosb->Status = (NTSTATUS)0x12345678;
    Status = ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, Iosb, Code, NULL,
                                   0, NULL, 0);
    ZwClose(Handle);
    return Status;
}

/* An IRP of the caller's own (no thread, no file), with Routine (if
 * any) as its completion routine: its completion frees it at once. *Irp
 * is the address it had. */
static NTSTATUS send_own_irp(ULONG Code, PIO_COMPLETION_ROUTINE Routine,
                             PIRP *Irp, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING Name;
    PFILE_OBJECT File;
    PIO_STACK_LOCATION Stack;
    NTSTATUS Status;

    RtlInitUnicodeString(&Name, u"\\Device\\VfIo");
    Status =
        IoGetDeviceObjectPointer(&Name, FILE_READ_ATTRIBUTES, &File, Device);
    if (!NT_SUCCESS(Status))
        return Status;
    *Irp = IoAllocateIrp((*Device)->StackSize, FALSE);
    if (*Irp == NULL) {
        ObDereferenceObject(File);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Stack = IoGetNextIrpStackLocation(*Irp);
    Stack->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Stack->Parameters.DeviceIoControl.IoControlCode = Code;
    if (Routine != NULL)
        IoSetCompletionRoutine(*Irp, Routine, NULL, TRUE, TRUE, TRUE);
    Status = IoCallDriver(*Device, *Irp);
    ObDereferenceObject(File);
    return Status;
}

/* Without the verifier a double completion goes unseen: the first frees
 * the IRP, the driver's next IRP takes its memory, and the second
 * completion frees that one behind the driver's back. Nothing stops;
 * the driver's pointer now leads to freed memory, the crash comes later
 * and elsewhere. */
KTEST_EXTERNAL(verifier_io_off_double_completion_frees_the_drivers_own_irp)
{
    KT_CLEANUP_SECTION;
    LONG Irps = IopCounters.IrpsAllocated;
    BOOLEAN Loaded = FALSE;
    PDEVICE_OBJECT Device;
    PIRP Irp, Kept;

    KT_ASSERT(!KtVerifierQuery("vfio.sys", NULL));
    KT_ASSERT_EQ(load_vfio(FALSE), STATUS_SUCCESS);
    Loaded = TRUE;
    KT_ASSERT_EQ(send_own_irp(VFIO_DOUBLE_COMPLETION, NULL, &Irp, &Device),
                 STATUS_SUCCESS);
    Kept = ((PKEPT_IRP_ROUTINE)RtlFindExportedRoutineByName(
        Device->DriverObject->DriverStart, "VfIoKeptIrp"))();
    KT_ASSERT(Kept == Irp);      /* the same memory, a new IRP */
    KT_ASSERT_EQ(Kept->Type, 0); /* and freed: not the driver's now */
    KT_ASSERT_EQ(IopCounters.IrpsAllocated, Irps);
    KT_CLEANUP;
    if (Loaded)
        KT_ASSERT_EQ(load_vfio(TRUE), STATUS_SUCCESS);
}

/* STATUS_PENDING without IoMarkIrpPending: here the caller still gets
 * the result (completion always reaches the requester), so the bug goes
 * unnoticed until a filter above trusts PendingReturned, or NT's
 * I/O manager skips the completion it thought the caller would do. */
KTEST_EXTERNAL(verifier_io_off_pending_unmarked_goes_unnoticed)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb;
    BOOLEAN Loaded = FALSE;

    KT_ASSERT(!KtVerifierQuery("vfio.sys", NULL));
    KT_ASSERT_EQ(load_vfio(FALSE), STATUS_SUCCESS);
    Loaded = TRUE;
    KT_ASSERT_EQ(send_ioctl(VFIO_PENDING_UNMARKED, &Iosb), STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_CLEANUP;
    if (Loaded)
        KT_ASSERT_EQ(load_vfio(TRUE), STATUS_SUCCESS);
}

/* A returned status other than the IRP's: the caller is told one thing
 * and its status block another. */
KTEST_EXTERNAL(verifier_io_off_wrong_status_tells_two_stories)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb;
    BOOLEAN Loaded = FALSE;

    KT_ASSERT(!KtVerifierQuery("vfio.sys", NULL));
    KT_ASSERT_EQ(load_vfio(FALSE), STATUS_SUCCESS);
    Loaded = TRUE;
    KT_ASSERT_EQ(send_ioctl(VFIO_WRONG_STATUS, &Iosb), STATUS_UNSUCCESSFUL);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_CLEANUP;
    if (Loaded)
        KT_ASSERT_EQ(load_vfio(TRUE), STATUS_SUCCESS);
}

/* Under I/O verification (the boot's verifier_flags has 0x10) correct
 * requests, an open and a close pass every check. */
KTEST_EXTERNAL(verifier_io_correct_requests_pass)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb;
    BOOLEAN Loaded = FALSE;

    KT_ASSERT(VfGetFlags() & DRIVER_VERIFIER_IO_CHECKING);
    KT_ASSERT_EQ(VfAddDriver("vfio.sys"), STATUS_SUCCESS);
    KT_ASSERT_EQ(load_vfio(FALSE), STATUS_SUCCESS);
    Loaded = TRUE;
    KT_ASSERT_EQ(send_ioctl(VFIO_CORRECT, &Iosb), STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(send_ioctl(VFIO_IOCTL(99), &Iosb),
                 STATUS_INVALID_DEVICE_REQUEST);
    /* The synchronous forward; and a completion routine that completes
     * the IRP upward while the lower device's dispatch is still running
     * (its location done, the upper one not: no double completion). */
    KT_ASSERT_EQ(send_ioctl(VFIO_FORWARD_AND_WAIT, &Iosb), STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(send_ioctl(VFIO_COMPLETE_IN_ROUTINE, &Iosb), STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_CLEANUP;
    if (Loaded)
        KT_ASSERT_EQ(load_vfio(TRUE), STATUS_SUCCESS);
    VfRemoveDriver("vfio.sys");
}

/* The crash tests: booted with verifier=vfio.sys and the I/O flag. */
static VOID crash_with(ULONG Code)
{
    IO_STATUS_BLOCK Iosb;

    if (!KtVerifierQuery("vfio.sys", NULL) ||
        !(VfGetFlags() & DRIVER_VERIFIER_IO_CHECKING) ||
        load_vfio(FALSE) != STATUS_SUCCESS)
        return;
    send_ioctl(Code, &Iosb);
}

/* 0x44 at the second IoCompleteRequest, the driver's routine on the
 * stack, before the new IRP is harmed. */
KTEST_CRASH(crash_verifier_io_double_completion)
{
    PDEVICE_OBJECT Device;
    PIRP Irp;

    KT_ASSERT(KtVerifierQuery("vfio.sys", NULL));
    KT_ASSERT_EQ(load_vfio(FALSE), STATUS_SUCCESS);
    send_own_irp(VFIO_DOUBLE_COMPLETION, NULL, &Irp, &Device);
}

/* 0xC9 / 0x23D: STATUS_PENDING returned, the IRP not marked. */
KTEST_CRASH(crash_verifier_io_pending_unmarked)
{
    crash_with(VFIO_PENDING_UNMARKED);
}

/* 0xC9 / 0x23D found later: the IRP was kept, STATUS_PENDING returned
 * unmarked, and the completion reaches the unmarked location. */
KTEST_CRASH(crash_verifier_io_pending_unmarked_later)
{
    IO_STATUS_BLOCK Held, Iosb;
    HANDLE Async;

    KT_ASSERT(KtVerifierQuery("vfio.sys", NULL));
    KT_ASSERT_EQ(load_vfio(FALSE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIoOpen(u"\\Device\\VfIo", 0, &Async), STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwDeviceIoControlFile(Async, NULL, NULL, NULL, &Held,
                                       VFIO_HOLD_UNMARKED, NULL, 0, NULL, 0),
                 STATUS_PENDING);
    send_ioctl(VFIO_COMPLETE_HELD, &Iosb);
}

/* 0xC9 / 0x224: the returned status is not the IRP's. */
KTEST_CRASH(crash_verifier_io_wrong_status)
{
    crash_with(VFIO_WRONG_STATUS);
}

/* 0xC9 / 0x06: completed with STATUS_PENDING as its status. */
KTEST_CRASH(crash_verifier_io_complete_pending)
{
    crash_with(VFIO_COMPLETE_PENDING);
}

/* 0xC9 / 0x07: completed with its cancel routine still set. */
KTEST_CRASH(crash_verifier_io_cancel_routine_set)
{
    crash_with(VFIO_CANCEL_ROUTINE_SET);
}

/* 0xC9 / 0x0E: completed above DISPATCH_LEVEL. */
KTEST_CRASH(crash_verifier_io_complete_high_irql)
{
    crash_with(VFIO_COMPLETE_HIGH_IRQL);
}

/* 0xC9 / 0x05: the dispatch routine returned at another IRQL. */
KTEST_CRASH(crash_verifier_io_irql_changed)
{
    crash_with(VFIO_IRQL_CHANGED);
}

/* 0xC9 / 0x02: the driver freed the thread's IRP it was sent. */
KTEST_CRASH(crash_verifier_io_free_irp)
{
    crash_with(VFIO_FREE_IRP);
}

/* 0xC9 / 0x228: a completion routine did not propagate the pending. */
KTEST_CRASH(crash_verifier_io_pending_not_propagated)
{
    crash_with(VFIO_PENDING_NOT_PROPAGATED);
}

/* 0xC9 / 0x226: neither completed, passed on nor pended. */
KTEST_CRASH(crash_verifier_io_not_handled)
{
    crash_with(VFIO_NOT_HANDLED);
}

/* 0xC9 / 0x23E: marked pending, STATUS_SUCCESS returned. */
KTEST_CRASH(crash_verifier_io_marked_not_pending)
{
    crash_with(VFIO_MARKED_NOT_PENDING);
}

/* 0xC9 / 0x03: IoCallDriver given a device object for an IRP. */
KTEST_CRASH(crash_verifier_io_call_not_an_irp)
{
    crash_with(VFIO_CALL_NOT_AN_IRP);
}

/* 0xC9 / 0x04: IoCallDriver given an IRP for a device object. */
KTEST_CRASH(crash_verifier_io_call_bad_device)
{
    crash_with(VFIO_CALL_BAD_DEVICE);
}

/* 0xC9 / 0x10: IoCallDriver at HIGH_LEVEL. */
KTEST_CRASH(crash_verifier_io_call_high_irql)
{
    crash_with(VFIO_CALL_HIGH_IRQL);
}

/* 0xC9 / 0x01: IoFreeIrp given a device object. */
KTEST_CRASH(crash_verifier_io_free_not_an_irp)
{
    crash_with(VFIO_FREE_NOT_AN_IRP);
}

/* 0xC9 / 0x20B: the driver frees an IRP (no thread's) it was sent and
 * has not completed. */
KTEST_CRASH(crash_verifier_io_free_irp_in_use)
{
    PDEVICE_OBJECT Device;
    PIRP Irp;

    KT_ASSERT(KtVerifierQuery("vfio.sys", NULL));
    KT_ASSERT_EQ(load_vfio(FALSE), STATUS_SUCCESS);
    send_own_irp(VFIO_FREE_IRP, NULL, &Irp, &Device);
}

static NTSTATUS NTAPI sender_completion(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                        PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_SUCCESS;
}

/* 0xC9 / 0x207: the stack location copied whole, the sender's completion
 * routine with it. */
KTEST_CRASH(crash_verifier_io_copied_stack)
{
    PDEVICE_OBJECT Device;
    PIRP Irp;

    KT_ASSERT(KtVerifierQuery("vfio.sys", NULL));
    KT_ASSERT_EQ(load_vfio(FALSE), STATUS_SUCCESS);
    send_own_irp(VFIO_COPIED_STACK, sender_completion, &Irp, &Device);
}
