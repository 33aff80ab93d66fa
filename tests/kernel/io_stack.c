/*
 * Device stacks and IRP mechanics: a filter attached above a device sees
 * requests first, completion routines run bottom-up and can take an IRP
 * back (STATUS_MORE_PROCESSING_REQUIRED), IoBuildDeviceIoControlRequest
 * completes into the caller's event, StartIo serialises a device's IRPs,
 * and the rules a driver must keep stop the machine as NT stops it.
 */
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "tests/kernel/test_devices.h"

#define KT_STACK_IOCTL                                                         \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)

static KT_LOG stack_log;
static PDEVICE_OBJECT lower_device, filter_device, serial_device;
static PDRIVER_OBJECT stack_driver;
static KDPC start_dpc;
static volatile ULONG started_count;

static NTSTATUS complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI filter_saw_completion(PDEVICE_OBJECT Device, PIRP Irp,
                                            PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KtLog(&stack_log, Device == filter_device ? 'u' : '?');
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    return STATUS_SUCCESS;
}

static VOID NTAPI start_io(PDEVICE_OBJECT Device, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Irp);
    /* The device is busy with it until the test's DPC finishes it. */
    KtLog(&stack_log, (CHAR)('0' + started_count++));
}

static VOID NTAPI finish_current(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                 PVOID Argument2)
{
    PIRP Irp = serial_device->CurrentIrp;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    IoStartNextPacket(serial_device, FALSE);
    complete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS NTAPI dispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    if (Device == filter_device) {
        KtLog(&stack_log, 'f');
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, filter_saw_completion, NULL, TRUE, TRUE,
                               TRUE);
        return IoCallDriver(lower_device, Irp);
    }
    if (Device == serial_device) {
        IoMarkIrpPending(Irp);
        IoStartPacket(Device, Irp, NULL, NULL);
        return STATUS_PENDING;
    }
    KtLog(&stack_log, 'l');
    return complete(Irp, STATUS_SUCCESS, 42);
}

static NTSTATUS NTAPI stack_entry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Path);
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = dispatch;
    Driver->DriverStartIo = start_io;
    Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                            &lower_device);
    if (NT_SUCCESS(Status))
        Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                &filter_device);
    if (NT_SUCCESS(Status))
        Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                &serial_device);
    stack_driver = Driver;
    return Status;
}

static BOOLEAN make_stack(VOID)
{
    UNICODE_STRING Name;

    RtlInitUnicodeString(&Name, u"\\Driver\\KtStack");
    KtLogReset(&stack_log);
    started_count = 0;
    KeInitializeDpc(&start_dpc, finish_current, NULL);
    return NT_SUCCESS(IoCreateDriver(&Name, stack_entry));
}

static VOID remove_stack(VOID)
{
    if (filter_device->DeviceObjectExtension->AttachedTo != NULL)
        IoDetachDevice(lower_device);
    IoDeleteDriver(stack_driver);
}

KTEST(io_filter_sees_requests_first_and_completions_last)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    PIRP Irp;
    NTSTATUS Status;

    KT_ASSERT(make_stack());
    KT_ASSERT(IoAttachDeviceToDeviceStack(filter_device, lower_device) ==
              lower_device);
    KT_ASSERT_EQ(filter_device->StackSize, 2);
    KT_ASSERT(IoGetAttachedDevice(lower_device) == filter_device);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(KT_STACK_IOCTL, filter_device, NULL, 0,
                                        NULL, 0, FALSE, &Event, &Iosb);
    KT_ASSERT(Irp != NULL);
    Status = IoCallDriver(filter_device, Irp);
    if (Status == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, 42);
    KT_ASSERT_EQ(KeReadStateEvent(&Event), 1);
    KT_ASSERT_MSG(strcmp(stack_log.Events, "flu") == 0, "order %s",
                  stack_log.Events);
    KT_CLEANUP;
    remove_stack();
}

static NTSTATUS NTAPI take_back(PDEVICE_OBJECT Device, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(Irp);
    /* The originator has no location of its own: no device. */
    *(PDEVICE_OBJECT *)Context = Device != NULL ? Device : (PVOID)1;
    return STATUS_MORE_PROCESSING_REQUIRED;
}

KTEST(io_completion_routine_takes_the_irp_back)
{
    KT_CLEANUP_SECTION;
    PDEVICE_OBJECT Seen = NULL;
    LONG Irps = IopCounters.IrpsAllocated;
    PIO_STACK_LOCATION Next;
    PIRP Irp = NULL;

    KT_ASSERT(make_stack());
    Irp = IoAllocateIrp(lower_device->StackSize, FALSE);
    KT_ASSERT(Irp != NULL);
    KT_ASSERT_EQ(Irp->CurrentLocation, 2);
    Next = IoGetNextIrpStackLocation(Irp);
    Next->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Next->Parameters.DeviceIoControl.IoControlCode = KT_STACK_IOCTL;
    IoSetCompletionRoutine(Irp, take_back, &Seen, TRUE, TRUE, TRUE);
    KT_ASSERT_EQ(IoCallDriver(lower_device, Irp), STATUS_SUCCESS);
    KT_ASSERT(Seen == (PVOID)1);
    /* Still ours, whole, and back at the originator's location. */
    KT_ASSERT_EQ(Irp->Type, IO_TYPE_IRP);
    KT_ASSERT_EQ(Irp->CurrentLocation, 2);
    KT_ASSERT_EQ(Irp->IoStatus.Information, 42);
    IoFreeIrp(Irp);
    Irp = NULL;
    KT_ASSERT_EQ(IopCounters.IrpsAllocated, Irps);
    KT_CLEANUP;
    if (Irp != NULL)
        IoFreeIrp(Irp);
    remove_stack();
}

KTEST(io_start_packet_runs_one_irp_at_a_time_in_order)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb[3];
    KEVENT Events[3];
    ULONG Index, Sent = 0, Finished = 0;

    KT_ASSERT(make_stack());
    for (Index = 0; Index < 3; Index++) {
        PIRP Irp;

        KeInitializeEvent(&Events[Index], NotificationEvent, FALSE);
        Irp = IoBuildDeviceIoControlRequest(KT_STACK_IOCTL, serial_device, NULL,
                                            0, NULL, 0, FALSE, &Events[Index],
                                            &Iosb[Index]);
        KT_ASSERT(Irp != NULL);
        KT_ASSERT_EQ(IoCallDriver(serial_device, Irp), STATUS_PENDING);
        Sent++;
    }
    /* The first started; the others wait in the device queue. */
    KT_ASSERT_EQ(stack_log.Count, 1);
    KT_ASSERT(serial_device->DeviceQueue.Busy);
    /* Each finish (from a DPC, as a device's interrupt would) starts the
     * next one. */
    for (Index = 0; Index < 3; Index++) {
        KeInsertQueueDpc(&start_dpc, NULL, NULL);
        KeWaitForSingleObject(&Events[Index], Executive, KernelMode, FALSE,
                              NULL);
        Finished++;
        KT_ASSERT_EQ(stack_log.Count, Index < 2 ? Index + 2 : 3);
    }
    KT_ASSERT_MSG(strcmp(stack_log.Events, "012") == 0, "started %s",
                  stack_log.Events);
    KT_ASSERT(!serial_device->DeviceQueue.Busy);
    KT_ASSERT(serial_device->CurrentIrp == NULL);
    KT_CLEANUP;
    /* Whatever a failed check left started or queued ends before the
     * device goes. */
    while (Finished < Sent) {
        KeInsertQueueDpc(&start_dpc, NULL, NULL);
        KeWaitForSingleObject(&Events[Finished], Executive, KernelMode, FALSE,
                              NULL);
        Finished++;
    }
    remove_stack();
}

KTEST_CRASH(crash_irp_completed_twice)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);

    IoSetNextIrpStackLocation(Irp);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT); /* freed: nobody waits */
    IoCompleteRequest(Irp,
                      IO_NO_INCREMENT); /* MULTIPLE_IRP_COMPLETE_REQUESTS */
}

KTEST_CRASH(crash_irp_without_a_stack_location)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);

    IoSetNextIrpStackLocation(Irp); /* the only location, taken */
    IoCallDriver(NULL, Irp);        /* NO_MORE_IRP_STACK_LOCATIONS */
}
