/*
 * The I/O manager, driven from kernel mode against the tests' own driver
 * (kt_io_driver.c): opens and closes, each buffer method, pending
 * requests completed from a DPC, cancellation by close and by
 * NtCancelIoFile, waits on a file handle. Every test checks that IRPs and
 * file objects all went back.
 */
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/pfn.h"
#include "tests/kernel/kt_io_driver.h"
#include "tests/kernel/kt_ring3.h"
#include "tests/kernel/test_devices.h"

#define SYNC FILE_SYNCHRONOUS_IO_NONALERT

static LONG irps_before, files_before;

static BOOLEAN load(VOID)
{
    irps_before = IopCounters.IrpsAllocated;
    files_before = IopCounters.FileObjects;
    return KtIoLoad();
}

static BOOLEAN all_back(VOID)
{
    if (IopCounters.IrpsAllocated != irps_before ||
        IopCounters.FileObjects != files_before)
        DbgPrint("io test: %d IRPs (%d before), %d file objects (%d)\n",
                 IopCounters.IrpsAllocated, irps_before,
                 IopCounters.FileObjects, files_before);
    return IopCounters.IrpsAllocated == irps_before &&
           IopCounters.FileObjects == files_before;
}

static NTSTATUS ioctl(HANDLE File, HANDLE Event, ULONG Code, PVOID In,
                      ULONG InLength, PVOID Out, ULONG OutLength,
                      PIO_STATUS_BLOCK Iosb)
{
    Iosb->Status = (NTSTATUS)0x12345678;
    Iosb->Information = 0xDEAD;
    return ZwDeviceIoControlFile(File, Event, NULL, NULL, Iosb, Code, In,
                                 InLength, Out, OutLength);
}

static HANDLE new_event(VOID)
{
    HANDLE Event = NULL;

    ZwCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
    return Event;
}

KTEST(io_open_and_close_reach_the_driver_in_order)
{
    KT_CLEANUP_SECTION;
    HANDLE File;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.Creates, 1);
    KT_ASSERT_EQ(KtIo.Device->ReferenceCount, 1);
    KT_ASSERT_EQ(KtIo.Cleanups, 0);
    ZwClose(File);
    KT_ASSERT_EQ(KtIo.Cleanups, 1);
    KT_ASSERT_EQ(KtIo.Closes, 1);
    KT_ASSERT_EQ(KtIo.Device->ReferenceCount, 0);
    KT_ASSERT(all_back());
    KT_CLEANUP;
    KtIoUnload();
}

KTEST(io_open_refuses_unknown_names_and_non_devices)
{
    KT_CLEANUP_SECTION;
    HANDLE File;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(u"\\??\\KtNoSuchDevice", SYNC, &File),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtIoOpen(u"\\Device", SYNC, &File),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, FILE_SYNCHRONOUS_IO_ALERT | SYNC, &File),
                 STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(KtIo.Creates, 0);
    KT_ASSERT(all_back());
    KT_CLEANUP;
    KtIoUnload();
}

/* The last create's FileObject->FileName is Expected. */
static BOOLEAN create_name_is(PCWSTR Expected)
{
    UNICODE_STRING Seen, Wanted;

    RtlInitUnicodeString(&Wanted, Expected);
    if (KtIo.CreateNameLength == 0xFFFF)
        return FALSE;
    Seen.Buffer = KtIo.CreateName;
    Seen.Length = Seen.MaximumLength = KtIo.CreateNameLength;
    return RtlEqualUnicodeString(&Seen, &Wanted, FALSE);
}

/* What a name has past the device reaches the driver as the file
 * object's FileName (nothing when the device itself is named); an open
 * relative to a file handle gives the driver the name as it came and
 * that file as RelatedFileObject. */
KTEST(io_the_name_past_the_device_is_the_files_name)
{
    KT_CLEANUP_SECTION;
    HANDLE File = NULL, Relative = NULL;
    PFILE_OBJECT FileObject = NULL;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    IO_STATUS_BLOCK Iosb;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_DEVICE, SYNC, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.CreateNameLength, 0);
    KT_ASSERT(KtIo.CreateRelated == NULL);
    ZwClose(File);
    File = NULL;
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK u"\\some\\path", SYNC, &File),
                 STATUS_SUCCESS);
    KT_ASSERT(create_name_is(u"\\some\\path"));
    ZwClose(File);
    File = NULL;
    KT_ASSERT_EQ(KtIoOpen(KT_IO_DEVICE u"\\", SYNC, &File), STATUS_SUCCESS);
    KT_ASSERT(create_name_is(u"\\"));
    KT_ASSERT_EQ(ObReferenceObjectByHandle(File, 0, *IoFileObjectType,
                                           KernelMode, (PVOID *)&FileObject,
                                           NULL),
                 STATUS_SUCCESS);
    RtlInitUnicodeString(&Name, u"inner\\file.txt");
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, File,
                               NULL);
    KT_ASSERT_EQ(ZwOpenFile(&Relative, GENERIC_READ | SYNCHRONIZE, &Attributes,
                            &Iosb, 0, SYNC),
                 STATUS_SUCCESS);
    KT_ASSERT(create_name_is(u"inner\\file.txt"));
    KT_ASSERT(KtIo.CreateRelated == FileObject);
    /* The related file stays while the file opened through it does. */
    ZwClose(File);
    File = NULL;
    ObfDereferenceObject(FileObject);
    FileObject = NULL;
    KT_ASSERT_EQ(KtIo.Closes, 2);
    ZwClose(Relative);
    Relative = NULL;
    KT_ASSERT_EQ(KtIo.Closes, 4);
    /* A name past something that is not a device is still no device. */
    KT_ASSERT_EQ(KtIoOpen(u"\\ObjectTypes\\Device\\x", SYNC, &File),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_ASSERT_EQ(KtIoOpen(u"\\Device\\KtNoSuchDevice\\x", SYNC, &File),
                 STATUS_OBJECT_PATH_NOT_FOUND);
    KT_CLEANUP;
    if (FileObject != NULL)
        ObfDereferenceObject(FileObject);
    if (Relative != NULL)
        ZwClose(Relative);
    if (File != NULL)
        ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_buffered_ioctl_copies_back_only_what_the_driver_wrote)
{
    KT_CLEANUP_SECTION;
    UCHAR In[5] = {1, 2, 3, 4, 5}, Out[8];
    IO_STATUS_BLOCK Iosb;
    HANDLE File;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    RtlFillMemory(Out, sizeof(Out), 0xEE);
    KT_ASSERT_EQ(ioctl(File, NULL, KT_IOCTL_REVERSE(METHOD_BUFFERED), In,
                       sizeof(In), Out, sizeof(Out), &Iosb),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, 5);
    KT_ASSERT(Out[0] == 5 && Out[4] == 1 && Out[5] == 0xEE && Out[7] == 0xEE);
    /* Output shorter than input: three bytes back, no more. */
    RtlFillMemory(Out, sizeof(Out), 0xEE);
    KT_ASSERT_EQ(ioctl(File, NULL, KT_IOCTL_REVERSE(METHOD_BUFFERED), In,
                       sizeof(In), Out, 3, &Iosb),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, 3);
    KT_ASSERT(Out[0] == 3 && Out[2] == 1 && Out[3] == 0xEE);
    /* Nothing either way. */
    KT_ASSERT_EQ(ioctl(File, NULL, KT_IOCTL_REVERSE(METHOD_BUFFERED), NULL, 0,
                       NULL, 0, &Iosb),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, 0);
    KT_CLEANUP;
    ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

/* Output straddling a page boundary, described by an MDL whose pages are
 * locked for the request and unlocked when it completes. */
KTEST(io_direct_ioctls_lock_the_output_for_the_request)
{
    KT_CLEANUP_SECTION;
    UCHAR In[16], *Out = NULL;
    ULONG Locked = MiLockedPageCount, Method, Index;
    IO_STATUS_BLOCK Iosb;
    HANDLE File = NULL;

    KT_ASSERT(load());
    Out = ExAllocatePoolWithTag(NonPagedPool, 2 * PAGE_SIZE, 'tOtK');
    KT_ASSERT(Out != NULL);
    for (Index = 0; Index < sizeof(In); Index++)
        In[Index] = (UCHAR)Index;
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    for (Method = METHOD_IN_DIRECT; Method <= METHOD_OUT_DIRECT; Method++) {
        PUCHAR Straddle = Out + PAGE_SIZE - 5;

        RtlZeroMemory(Out, 2 * PAGE_SIZE);
        KT_ASSERT_EQ(ioctl(File, NULL, KT_IOCTL_REVERSE(Method), In, sizeof(In),
                           Straddle, 10, &Iosb),
                     STATUS_SUCCESS);
        KT_ASSERT_EQ(Iosb.Information, 10);
        KT_ASSERT(Straddle[0] == 9 && Straddle[9] == 0 && Straddle[10] == 0);
        KT_ASSERT_EQ(MiLockedPageCount, Locked);
    }
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    if (Out != NULL)
        ExFreePoolWithTag(Out, 'tOtK');
    KT_ASSERT(all_back());
    KtIoUnload();
}

/* ZwFsControlFile sends IRP_MJ_FILE_SYSTEM_CONTROL (IRP_MN_USER_FS_REQUEST)
 * with the buffers placed by the code's method, as NtDeviceIoControlFile
 * places them. */
KTEST(io_fs_control_places_buffers_as_device_control_does)
{
    KT_CLEANUP_SECTION;
    UCHAR In[5] = {1, 2, 3, 4, 5}, Out[5] = {0};
    IO_STATUS_BLOCK Iosb;
    HANDLE File = NULL;
    ULONG Method;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    for (Method = METHOD_BUFFERED; Method <= METHOD_NEITHER; Method++) {
        RtlZeroMemory(Out, sizeof(Out));
        KT_ASSERT_EQ(ZwFsControlFile(File, NULL, NULL, NULL, &Iosb,
                                     KT_IOCTL_REVERSE(Method), In, sizeof(In),
                                     Out, sizeof(Out)),
                     STATUS_SUCCESS);
        KT_ASSERT_EQ(KtIo.ControlMajor, IRP_MJ_FILE_SYSTEM_CONTROL);
        KT_ASSERT_EQ(KtIo.ControlMinor, IRP_MN_USER_FS_REQUEST);
        KT_ASSERT_EQ(Iosb.Information, sizeof(In));
        KT_ASSERT(Out[0] == 5 && Out[4] == 1);
    }
    KT_ASSERT_EQ(ioctl(File, NULL, KT_IOCTL_REVERSE(METHOD_BUFFERED), In, 2,
                       Out, 2, &Iosb),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.ControlMajor, IRP_MJ_DEVICE_CONTROL);
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_neither_ioctl_hands_the_driver_the_callers_pointers)
{
    KT_CLEANUP_SECTION;
    UCHAR In[3] = {7, 8, 9}, Out[3] = {0};
    IO_STATUS_BLOCK Iosb;
    HANDLE File;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(ioctl(File, NULL, KT_IOCTL_REVERSE(METHOD_NEITHER), In,
                       sizeof(In), Out, sizeof(Out), &Iosb),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, 3);
    KT_ASSERT(Out[0] == 9 && Out[1] == 8 && Out[2] == 7);
    KT_CLEANUP;
    ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_buffered_read_and_write_travel_through_the_system_buffer)
{
    KT_CLEANUP_SECTION;
    UCHAR Buffer[6] = {10, 20, 30, 0, 0, 0};
    IO_STATUS_BLOCK Iosb;
    HANDLE File;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(
        ZwWriteFile(File, NULL, NULL, NULL, &Iosb, Buffer, 3, NULL, NULL),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.WrittenSum, 60);
    KT_ASSERT_EQ(Iosb.Information, 3);
    KT_ASSERT_EQ(ZwReadFile(File, NULL, NULL, NULL, &Iosb, Buffer,
                            sizeof(Buffer), NULL, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, sizeof(Buffer));
    KT_ASSERT(Buffer[0] == 1 && Buffer[5] == 6);
    KT_ASSERT_EQ(KtIo.Reads, 1);
    KT_CLEANUP;
    ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

/* A synchronous file object keeps its position: a transfer without an
 * offset (or with FILE_USE_FILE_POINTER_POSITION) starts there and moves
 * it on by what it moved; an offset given moves it first. An asynchronous
 * one has none: a transfer without an offset is refused before any IRP. */
KTEST(io_synchronous_file_keeps_its_position)
{
    KT_CLEANUP_SECTION;
    UCHAR Buffer[6] = {1, 2, 3, 0, 0, 0};
    LARGE_INTEGER Offset;
    IO_STATUS_BLOCK Iosb;
    FILE_OBJECT *FileObject = NULL;
    HANDLE File = NULL;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(ObReferenceObjectByHandle(File, 0, *IoFileObjectType,
                                           KernelMode, (PVOID *)&FileObject,
                                           NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        ZwWriteFile(File, NULL, NULL, NULL, &Iosb, Buffer, 3, NULL, NULL),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.LastOffset.QuadPart, 0);
    KT_ASSERT_EQ(FileObject->CurrentByteOffset.QuadPart, 3);
    KT_ASSERT_EQ(ZwReadFile(File, NULL, NULL, NULL, &Iosb, Buffer,
                            sizeof(Buffer), NULL, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.LastOffset.QuadPart, 3);
    KT_ASSERT_EQ(FileObject->CurrentByteOffset.QuadPart, 9);
    Offset.LowPart = FILE_USE_FILE_POINTER_POSITION;
    Offset.HighPart = -1;
    KT_ASSERT_EQ(
        ZwReadFile(File, NULL, NULL, NULL, &Iosb, Buffer, 2, &Offset, NULL),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.LastOffset.QuadPart, 9);
    KT_ASSERT_EQ(FileObject->CurrentByteOffset.QuadPart, 11);
    Offset.QuadPart = 0x100000000LL + 100;
    KT_ASSERT_EQ(
        ZwWriteFile(File, NULL, NULL, NULL, &Iosb, Buffer, 4, &Offset, NULL),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.LastOffset.QuadPart, 0x100000000LL + 100);
    KT_ASSERT_EQ(FileObject->CurrentByteOffset.QuadPart, 0x100000000LL + 104);
    KT_ASSERT_EQ(
        ZwReadFile(File, NULL, NULL, NULL, &Iosb, Buffer, 1, NULL, NULL),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.LastOffset.QuadPart, 0x100000000LL + 104);
    ObfDereferenceObject(FileObject);
    FileObject = NULL;
    ZwClose(File);
    File = NULL;
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, 0, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwReadFile(File, NULL, NULL, NULL, &Iosb, Buffer,
                            sizeof(Buffer), NULL, NULL),
                 STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(
        ZwWriteFile(File, NULL, NULL, NULL, &Iosb, Buffer, 1, NULL, NULL),
        STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(KtIo.Reads, 3);
    KT_ASSERT_EQ(KtIo.Writes, 2);
    KT_CLEANUP;
    if (FileObject != NULL)
        ObfDereferenceObject(FileObject);
    if (File != NULL)
        ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_pending_request_completed_from_a_dpc_signals_its_event)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb;
    HANDLE File = NULL, Event = new_event();
    NTSTATUS Status;

    KT_ASSERT(load());
    KT_ASSERT(Event != NULL);
    /* Not synchronous: the service returns at once. */
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, 0, &File), STATUS_SUCCESS);
    Status =
        ioctl(File, Event, KT_IOCTL_COMPLETE_LATER, NULL, 0, NULL, 0, &Iosb);
    KT_ASSERT_EQ(Status, STATUS_PENDING);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Event, FALSE, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIo.LaterIrql, DISPATCH_LEVEL);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, KT_LATER_INFORMATION);
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    if (Event != NULL)
        ZwClose(Event);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_wait_on_a_file_handle_ends_with_its_request)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb;
    HANDLE File = NULL;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, 0, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(
        ioctl(File, NULL, KT_IOCTL_COMPLETE_LATER, NULL, 0, NULL, 0, &Iosb),
        STATUS_PENDING);
    KT_ASSERT_EQ(ZwWaitForSingleObject(File, FALSE, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, KT_LATER_INFORMATION);
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_synchronous_file_waits_for_a_pending_request)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb;
    HANDLE File = NULL;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(
        ioctl(File, NULL, KT_IOCTL_COMPLETE_LATER, NULL, 0, NULL, 0, &Iosb),
        STATUS_SUCCESS);
    KT_ASSERT(KtIo.LaterDone);
    KT_ASSERT_EQ(Iosb.Information, KT_LATER_INFORMATION);
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_closing_the_handle_cancels_its_pending_requests)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb;
    HANDLE File = NULL, Event = new_event();

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, 0, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(ioctl(File, Event, KT_IOCTL_PEND, NULL, 0, NULL, 0, &Iosb),
                 STATUS_PENDING);
    KT_ASSERT(KtIo.Pending != NULL);
    ZwClose(File);
    File = NULL;
    KT_ASSERT_EQ(KtIo.Cancels, 1);
    KT_ASSERT(KtIo.Pending == NULL);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Event, FALSE, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Status, STATUS_CANCELLED);
    KT_ASSERT_EQ(KtIo.Cleanups, 1); /* after the cancel, as NT orders it */
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    if (Event != NULL)
        ZwClose(Event);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_cancel_io_file_cancels_the_callers_requests)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb, CancelIosb;
    HANDLE File = NULL;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, 0, &File), STATUS_SUCCESS);
    KT_ASSERT_EQ(ioctl(File, NULL, KT_IOCTL_PEND, NULL, 0, NULL, 0, &Iosb),
                 STATUS_PENDING);
    KT_ASSERT_EQ(EXP_ZW_CALL(NtCancelIoFile(File, &CancelIosb)),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(CancelIosb.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Status, STATUS_CANCELLED);
    KT_ASSERT_EQ(KtIo.Cancels, 1);
    KT_ASSERT_EQ(KtIo.Cleanups, 0);
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_unload_waits_for_the_last_close)
{
    KT_CLEANUP_SECTION;
    HANDLE File = NULL;
    UNICODE_STRING Name;
    PVOID Object;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, SYNC, &File), STATUS_SUCCESS);
    KtIoUnload();
    KT_ASSERT_EQ(KtIo.Unloads, 0);
    /* Unloading: no new opens. */
    KT_ASSERT_EQ(KtIoOpen(KT_IO_DEVICE, SYNC, &File), STATUS_NO_SUCH_DEVICE);
    ZwClose(File);
    File = NULL;
    KT_ASSERT_EQ(KtIo.Unloads, 1);
    RtlInitUnicodeString(&Name, u"\\Driver\\KtIo");
    KT_ASSERT_EQ(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, 0,
                                         NULL, KernelMode, NULL, &Object),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT(all_back());
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    KtIoUnload();
}

static NTSTATUS NTAPI failing_entry(PDRIVER_OBJECT Driver,
                                    PUNICODE_STRING Registry)
{
    UNICODE_STRING Name;
    PDEVICE_OBJECT Device;

    UNREFERENCED_PARAMETER(Registry);
    RtlInitUnicodeString(&Name, u"\\Device\\KtFails");
    IoCreateDevice(Driver, 16, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    return STATUS_UNSUCCESSFUL;
}

KTEST(io_driver_entry_failure_leaves_nothing)
{
    UNICODE_STRING Driver, Device;
    LONG Devices = IopDeviceObjectType->TotalNumberOfObjects;
    LONG Drivers = IopDriverObjectType->TotalNumberOfObjects;
    PVOID Object;

    RtlInitUnicodeString(&Driver, u"\\Driver\\KtFails");
    RtlInitUnicodeString(&Device, u"\\Device\\KtFails");
    KT_ASSERT_EQ(IoCreateDriver(&Driver, failing_entry), STATUS_UNSUCCESSFUL);
    KT_ASSERT_EQ(ObReferenceObjectByName(&Device, OBJ_CASE_INSENSITIVE, NULL, 0,
                                         NULL, KernelMode, NULL, &Object),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(ObReferenceObjectByName(&Driver, OBJ_CASE_INSENSITIVE, NULL, 0,
                                         NULL, KernelMode, NULL, &Object),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(IopDeviceObjectType->TotalNumberOfObjects, Devices);
    KT_ASSERT_EQ(IopDriverObjectType->TotalNumberOfObjects, Drivers);
}

KTEST(io_named_notification_event_is_shared_by_name)
{
    KT_CLEANUP_SECTION;
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Kernel = NULL, Opened = NULL;
    LARGE_INTEGER Zero = {.QuadPart = 0};
    PKEVENT Event;

    RtlInitUnicodeString(&Name, u"\\BaseNamedObjects\\KtIoEvent");
    Event = IoCreateNotificationEvent(&Name, &Kernel);
    KT_ASSERT(Event != NULL);
    KT_ASSERT_EQ(KeReadStateEvent(Event), 1); /* created signalled, as NT */
    KeClearEvent(Event);
    InitializeObjectAttributes(&Attributes, &Name,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwOpenEvent(&Opened, SYNCHRONIZE, &Attributes),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Opened, FALSE, &Zero), STATUS_TIMEOUT);
    KeSetEvent(Event, IO_NO_INCREMENT, FALSE);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Opened, FALSE, &Zero), STATUS_SUCCESS);
    KT_CLEANUP;
    if (Opened != NULL)
        ZwClose(Opened);
    if (Kernel != NULL)
        ZwClose(Kernel);
}

typedef struct _PEND_REQUEST {
    ULONG Code;
    PVOID Output; /* locked in an MDL for KT_IOCTL_PEND_DIRECT */
    ULONG OutputLength;
    HANDLE File; /* the test closes it */
} PEND_REQUEST;

static VOID NTAPI pend_and_leave(PVOID Context)
{
    PEND_REQUEST *Request = Context;
    IO_STATUS_BLOCK Iosb;
    HANDLE File;

    if (NT_SUCCESS(KtIoOpen(KT_IO_LINK, 0, &File))) {
        ioctl(File, NULL, Request->Code, NULL, 0, Request->Output,
              Request->OutputLength, &Iosb);
        Request->File = File;
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

KTEST(io_a_thread_that_ends_cancels_its_requests)
{
    KT_CLEANUP_SECTION;
    PEND_REQUEST Request = {.Code = KT_IOCTL_PEND};
    HANDLE Thread = NULL;

    KT_ASSERT(load());
    KT_ASSERT_EQ(PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL,
                                      NULL, pend_and_leave, &Request),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Thread, FALSE, NULL), STATUS_SUCCESS);
    KT_ASSERT(Request.File != NULL);
    KT_ASSERT_EQ(KtIo.Cancels, 1);
    KT_ASSERT(KtIo.Pending == NULL);
    KT_CLEANUP;
    if (Request.File != NULL)
        ZwClose(Request.File);
    if (Thread != NULL)
        ZwClose(Thread);
    KT_ASSERT(all_back());
    KtIoUnload();
}

/* The same with the request's output locked in an MDL: the thread's end
 * unlocks the pages and frees the MDL with the IRP, so pool comes back
 * to the byte and the buffer's pages are locked no more. */
KTEST(io_a_thread_that_ends_gives_back_its_requests_mdl)
{
    KT_CLEANUP_SECTION;
    PEND_REQUEST Request = {.Code = KT_IOCTL_PEND_DIRECT,
                            .OutputLength = 2 * PAGE_SIZE};
    HANDLE Thread = NULL;
    SIZE_T Bytes;
    PMDL Mdl = NULL;

    ULONG Round;

    KT_ASSERT(load());
    Request.Output = ExAllocatePoolWithTag(NonPagedPool, 2 * PAGE_SIZE, 'dPtK');
    KT_ASSERT(Request.Output != NULL);
    /* The second round is measured: the first may grow what lasts (a
     * handle table, a slab). */
    for (Round = 0; Round < 2; Round++) {
        Bytes = KtUserPoolBytes();
        KT_ASSERT_EQ(PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL,
                                          NULL, NULL, pend_and_leave, &Request),
                     STATUS_SUCCESS);
        KT_ASSERT_EQ(ZwWaitForSingleObject(Thread, FALSE, NULL),
                     STATUS_SUCCESS);
        ZwClose(Thread);
        Thread = NULL;
        KT_ASSERT(Request.File != NULL);
        KT_ASSERT_EQ(KtIo.Cancels, Round + 1);
        ZwClose(Request.File);
        Request.File = NULL;
        KT_ASSERT(all_back());
    }
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
    /* No lock is left on the pages: one more lock and unlock balance. */
    Mdl = IoAllocateMdl(Request.Output, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    MmProbeAndLockPages(Mdl, KernelMode, IoWriteAccess);
    KT_ASSERT_EQ(MiGetPfnEntry(MmGetMdlPfnArray(Mdl)[0])->LockCount, 1);
    KT_ASSERT_EQ(MiGetPfnEntry(MmGetMdlPfnArray(Mdl)[1])->LockCount, 1);
    MmUnlockPages(Mdl);
    KT_CLEANUP;
    if (Mdl != NULL)
        IoFreeMdl(Mdl);
    if (Request.File != NULL)
        ZwClose(Request.File);
    if (Thread != NULL)
        ZwClose(Thread);
    if (Request.Output != NULL)
        ExFreePoolWithTag(Request.Output, 'dPtK');
    KtIoUnload();
}

/* A timer's DPC completes the request while the requester cancels it:
 * whichever wins, the IRP ends exactly once and everything comes back. */
KTEST(io_completion_and_cancel_race_from_a_dpc)
{
    KT_CLEANUP_SECTION;
    IO_STATUS_BLOCK Iosb, CancelIosb;
    HANDLE File = NULL, Event = new_event();
    ULONG Round, Completed = 0, Cancelled = 0;

    KT_ASSERT(load());
    KT_ASSERT_EQ(KtIoOpen(KT_IO_LINK, 0, &File), STATUS_SUCCESS);
    for (Round = 0; Round < 200; Round++) {
        KtIo.LaterDone = 0;
        KT_ASSERT_EQ(ioctl(File, Event, KT_IOCTL_COMPLETE_LATER, NULL, 0, NULL,
                           0, &Iosb),
                     STATUS_PENDING);
        /* Cancel at a point that drifts across the timer's 10 ms. */
        KeStallExecutionProcessor((Round % 20) * 1000);
        EXP_ZW_CALL(NtCancelIoFile(File, &CancelIosb));
        KT_ASSERT_EQ(ZwWaitForSingleObject(Event, FALSE, NULL), STATUS_SUCCESS);
        if (Iosb.Status == STATUS_SUCCESS)
            Completed++;
        else if (Iosb.Status == STATUS_CANCELLED)
            Cancelled++;
        else
            KT_ASSERT_MSG(FALSE, "round %lu ended with %08lx", Round,
                          (ULONG)Iosb.Status);
    }
    KT_ASSERT_EQ(Completed + Cancelled, 200);
    KT_ASSERT_EQ(KtIo.Cancels, Cancelled);
    KT_ASSERT_MSG(Completed != 0 && Cancelled != 0,
                  "%lu completed, %lu cancelled: the race was not run",
                  Completed, Cancelled);
    KT_CLEANUP;
    if (File != NULL)
        ZwClose(File);
    if (Event != NULL)
        ZwClose(Event);
    KT_ASSERT(all_back());
    KtIoUnload();
}

KTEST(io_device_object_pointer_and_a_synchronous_fsd_read)
{
    KT_CLEANUP_SECTION;
    UNICODE_STRING Name;
    PFILE_OBJECT File = NULL;
    PDEVICE_OBJECT Device = NULL;
    IO_STATUS_BLOCK Iosb;
    UCHAR Buffer[4] = {0};
    KEVENT Event;
    PIRP Irp;

    KT_ASSERT(load());
    RtlInitUnicodeString(&Name, KT_IO_LINK);
    KT_ASSERT_EQ(
        IoGetDeviceObjectPointer(&Name, FILE_READ_DATA, &File, &Device),
        STATUS_SUCCESS);
    KT_ASSERT(Device == KtIo.Device);
    KT_ASSERT_EQ(KtIo.Creates, 1);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, Device, Buffer,
                                       sizeof(Buffer), NULL, &Event, &Iosb);
    KT_ASSERT(Irp != NULL);
    IoGetNextIrpStackLocation(Irp)->FileObject = File;
    if (IoCallDriver(Device, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, sizeof(Buffer));
    KT_ASSERT(Buffer[0] == 1 && Buffer[3] == 4);
    /* The pointer's reference is the only thing holding the open. */
    ObfDereferenceObject(File);
    File = NULL;
    KT_ASSERT_EQ(KtIo.Cleanups, 1);
    KT_ASSERT_EQ(KtIo.Closes, 1);
    KT_CLEANUP;
    if (File != NULL)
        ObfDereferenceObject(File);
    KT_ASSERT(all_back());
    KtIoUnload();
}

static VOID NTAPI note_work(PDEVICE_OBJECT Device, PVOID Context)
{
    /* The device is referenced while the routine runs. */
    *(volatile LONG *)Context = OBJECT_TO_OBJECT_HEADER(Device)->PointerCount;
}

KTEST(io_work_item_holds_its_device_while_it_runs)
{
    KT_CLEANUP_SECTION;
    volatile LONG Seen = 0;
    LONG Before;
    PIO_WORKITEM Item = NULL;

    KT_ASSERT(load());
    Before = OBJECT_TO_OBJECT_HEADER(KtIo.Device)->PointerCount;
    Item = IoAllocateWorkItem(KtIo.Device);
    KT_ASSERT(Item != NULL);
    IoQueueWorkItem(Item, note_work, DelayedWorkQueue, (PVOID)&Seen);
    KT_ASSERT(KtWaitFor((volatile ULONG *)&Seen, 1000));
    KT_ASSERT_EQ(Seen, Before + 1);
    KT_CLEANUP;
    if (Item != NULL)
        IoFreeWorkItem(Item);
    KtIoUnload();
}

KTEST(io_share_access_refuses_what_another_open_will_not_share)
{
    FILE_OBJECT First = {0}, Second = {0}, Third = {0};
    SHARE_ACCESS Share;

    /* A reader that shares only reading. */
    IoSetShareAccess(FILE_READ_DATA, FILE_SHARE_READ, &First, &Share);
    KT_ASSERT_EQ(Share.OpenCount, 1);
    KT_ASSERT_EQ(Share.Readers, 1);
    KT_ASSERT_EQ(Share.SharedWrite, 0);
    /* A writer is refused; another reader sharing reading is let in. */
    KT_ASSERT_EQ(IoCheckShareAccess(FILE_WRITE_DATA,
                                    FILE_SHARE_READ | FILE_SHARE_WRITE, &Second,
                                    &Share, TRUE),
                 STATUS_SHARING_VIOLATION);
    KT_ASSERT_EQ(Share.OpenCount, 1);
    KT_ASSERT_EQ(IoCheckShareAccess(FILE_READ_DATA, FILE_SHARE_READ, &Second,
                                    &Share, TRUE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Share.OpenCount, 2);
    /* A reader that refuses to share reading is refused: two read. */
    KT_ASSERT_EQ(IoCheckShareAccess(FILE_READ_DATA, 0, &Third, &Share, TRUE),
                 STATUS_SHARING_VIOLATION);
    /* Attributes only: share access does not count it. */
    KT_ASSERT_EQ(
        IoCheckShareAccess(FILE_READ_ATTRIBUTES, 0, &Third, &Share, TRUE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Share.OpenCount, 2);
    IoRemoveShareAccess(&Second, &Share);
    IoRemoveShareAccess(&First, &Share);
    KT_ASSERT_EQ(Share.OpenCount, 0);
    KT_ASSERT_EQ(Share.Readers, 0);
    KT_ASSERT_EQ(Share.SharedRead, 0);
    /* With nobody left, the writer gets in. */
    KT_ASSERT_EQ(IoCheckShareAccess(FILE_WRITE_DATA, 0, &Second, &Share, TRUE),
                 STATUS_SUCCESS);
}

static VOID NTAPI count_second(PDEVICE_OBJECT Device, PVOID Context)
{
    UNREFERENCED_PARAMETER(Device);
    (*(volatile ULONG *)Context)++;
}

KTEST(io_device_timer_calls_its_routine_each_second_while_started)
{
    KT_CLEANUP_SECTION;
    volatile ULONG Seconds = 0;
    ULONG Stopped;
    LARGE_INTEGER Wait = {.QuadPart = -15000000LL}; /* 1.5 s */

    KT_ASSERT(IoIsWdmVersionAvailable(1, 0x10));
    KT_ASSERT(!IoIsWdmVersionAvailable(1, 0x30));
    KT_ASSERT(load());
    KT_ASSERT_EQ(IoInitializeTimer(KtIo.Device, count_second, (PVOID)&Seconds),
                 STATUS_SUCCESS);
    KeDelayExecutionThread(KernelMode, FALSE, &Wait);
    KT_ASSERT_EQ(Seconds, 0); /* not started yet */
    IoStartTimer(KtIo.Device);
    KT_ASSERT(KtWaitFor(&Seconds, 2500));
    IoStopTimer(KtIo.Device);
    Stopped = Seconds;
    KeDelayExecutionThread(KernelMode, FALSE, &Wait);
    KT_ASSERT_EQ(Seconds, Stopped);
    KT_CLEANUP;
    KtIoUnload();
}
