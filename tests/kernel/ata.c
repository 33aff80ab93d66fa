/*
 * The ATA disk driver and paging I/O, on disk 0 when the boot has one
 * (tools/test.sh attaches a fresh page-file image to one suite); without
 * it each test skips. Tests write only to a disk whose sector 0 carries
 * the page-file signature, as the kernel pages only to such a disk.
 */
#include "drivers/ata.h"
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "ntdddisk.h"

#define DISK0 u"\\Device\\Harddisk0\\Partition0"
#define NO_DISK                                                                \
    "no ATA disk: attach one with -drive file=IMG,format=raw,if=ide,index=0"
#define SIGNATURE "NTPAGEFILE-DISK1"
#define SECTOR ATA_SECTOR_SIZE
#define KT_ATA_TAG 'tAtK'
/* Where the tests write: past sector 0, inside the smallest image. */
#define SCRATCH_OFFSET (64 * SECTOR)

typedef struct _KT_DISK {
    PFILE_OBJECT FileObject;
    PDEVICE_OBJECT Device;
    ULONGLONG Length;
} KT_DISK;

/* Sends Irp (built for the current thread) and waits for it. */
static NTSTATUS send_and_wait(PDEVICE_OBJECT Device, PIRP Irp, PKEVENT Event,
                              PIO_STATUS_BLOCK Iosb)
{
    NTSTATUS Status = IoCallDriver(Device, Irp);

    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb->Status;
    }
    return Status;
}

static NTSTATUS transfer(PDEVICE_OBJECT Device, ULONG Major, PVOID Buffer,
                         ULONG Length, LONGLONG Offset, PULONG_PTR Information)
{
    LARGE_INTEGER Where = {.QuadPart = Offset};
    IO_STATUS_BLOCK Iosb = {0};
    KEVENT Event;
    PIRP Irp;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildSynchronousFsdRequest(Major, Device, Buffer, Length, &Where,
                                       &Event, &Iosb);
    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = send_and_wait(Device, Irp, &Event, &Iosb);
    if (Information != NULL)
        *Information = Iosb.Information;
    return Status;
}

static NTSTATUS control(PDEVICE_OBJECT Device, ULONG Code, PVOID Output,
                        ULONG OutputLength, PULONG_PTR Information)
{
    IO_STATUS_BLOCK Iosb = {0};
    KEVENT Event;
    PIRP Irp;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(Code, Device, NULL, 0, Output,
                                        OutputLength, FALSE, &Event, &Iosb);
    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = send_and_wait(Device, Irp, &Event, &Iosb);
    *Information = Iosb.Information;
    return Status;
}

/* Disk 0 opened as Mm opens it; FALSE when the boot has no disk. */
static BOOLEAN open_disk(KT_DISK *Disk)
{
    UNICODE_STRING Name;
    GET_LENGTH_INFORMATION Length;
    ULONG_PTR Information;

    RtlInitUnicodeString(&Name, DISK0);
    if (!NT_SUCCESS(IoGetDeviceObjectPointer(&Name,
                                             FILE_READ_DATA | FILE_WRITE_DATA,
                                             &Disk->FileObject, &Disk->Device)))
        return FALSE;
    Disk->Length = 0;
    if (NT_SUCCESS(control(Disk->Device, IOCTL_DISK_GET_LENGTH_INFO, &Length,
                           sizeof(Length), &Information)))
        Disk->Length = (ULONGLONG)Length.Length.QuadPart;
    return TRUE;
}

/* The disk is the tests' to write: it carries the page-file signature. */
static BOOLEAN writable(KT_DISK *Disk)
{
    PUCHAR Sector = ExAllocatePoolWithTag(NonPagedPool, SECTOR, KT_ATA_TAG);
    BOOLEAN Yes;

    if (Sector == NULL)
        return FALSE;
    Yes = NT_SUCCESS(
              transfer(Disk->Device, IRP_MJ_READ, Sector, SECTOR, 0, NULL)) &&
          RtlCompareMemory(Sector, SIGNATURE, 16) == 16;
    ExFreePoolWithTag(Sector, KT_ATA_TAG);
    return Yes;
}

static VOID fill(PUCHAR Buffer, ULONG Length, ULONG Seed)
{
    ULONG Index;

    for (Index = 0; Index < Length; Index++)
        Buffer[Index] = (UCHAR)(Seed + Index * 7 + (Index >> 9));
}

KTEST(ata_disk_opens_by_its_nt_names)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    UNICODE_STRING Name;
    PFILE_OBJECT Other = NULL;
    PDEVICE_OBJECT OtherDevice;
    HANDLE Handle = NULL;
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Iosb;

    if (!open_disk(&Disk))
        KT_SKIP(NO_DISK);
    KT_ASSERT(Disk.FileObject->DeviceObject == Disk.Device);
    KT_ASSERT_EQ(Disk.Device->DeviceType, FILE_DEVICE_DISK);
    KT_ASSERT(Disk.Device->Flags & DO_DIRECT_IO);
    KT_ASSERT_EQ(Disk.Device->SectorSize, SECTOR);
    RtlInitUnicodeString(&Name, u"\\Device\\Harddisk0\\DR0");
    KT_ASSERT_EQ(
        IoGetDeviceObjectPointer(&Name, FILE_READ_DATA, &Other, &OtherDevice),
        STATUS_SUCCESS);
    KT_ASSERT(OtherDevice == Disk.Device);
    ObDereferenceObject(Other);
    RtlInitUnicodeString(&Name, u"\\??\\PhysicalDrive0");
    KT_ASSERT_EQ(
        IoGetDeviceObjectPointer(&Name, FILE_READ_DATA, &Other, &OtherDevice),
        STATUS_SUCCESS);
    KT_ASSERT(OtherDevice == Disk.Device);
    ObDereferenceObject(Other);
    Other = NULL;
    RtlInitUnicodeString(&Name, DISK0);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwCreateFile(&Handle, FILE_READ_DATA | SYNCHRONIZE,
                              &Attributes, &Iosb, NULL, 0,
                              FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
                              FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0),
                 STATUS_SUCCESS);
    KT_CLEANUP;
    if (Handle != NULL)
        ZwClose(Handle);
    if (Other != NULL)
        ObDereferenceObject(Other);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

KTEST(ata_sector0_carries_the_page_file_signature)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    PUCHAR Sector = NULL;
    ULONG_PTR Information = 0;

    if (!open_disk(&Disk))
        KT_SKIP(NO_DISK);
    Sector = ExAllocatePoolWithTag(NonPagedPool, SECTOR, KT_ATA_TAG);
    KT_ASSERT(Sector != NULL);
    KT_ASSERT_EQ(
        transfer(Disk.Device, IRP_MJ_READ, Sector, SECTOR, 0, &Information),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, SECTOR);
    KT_ASSERT_MSG(RtlCompareMemory(Sector, SIGNATURE, 16) == 16,
                  "sector 0 starts '%.16s'", Sector);
    KT_CLEANUP;
    if (Sector != NULL)
        ExFreePoolWithTag(Sector, KT_ATA_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

KTEST(ata_geometry_and_length_describe_the_disk)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    DISK_GEOMETRY Geometry;
    GET_LENGTH_INFORMATION Length;
    ULONG_PTR Information;
    ULONGLONG Cylinder;

    if (!open_disk(&Disk))
        KT_SKIP(NO_DISK);
    KT_ASSERT_EQ(IOCTL_DISK_GET_DRIVE_GEOMETRY, 0x00070000);
    KT_ASSERT_EQ(IOCTL_DISK_GET_LENGTH_INFO, 0x0007405C);
    KT_ASSERT_EQ(control(Disk.Device, IOCTL_DISK_GET_LENGTH_INFO, &Length,
                         sizeof(Length), &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, sizeof(Length));
    KT_ASSERT(Length.Length.QuadPart >= 1024 * 1024 &&
              Length.Length.QuadPart % SECTOR == 0);
    KT_ASSERT_EQ(control(Disk.Device, IOCTL_DISK_GET_DRIVE_GEOMETRY, &Geometry,
                         sizeof(Geometry), &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, sizeof(Geometry));
    KT_ASSERT_EQ(Geometry.MediaType, FixedMedia);
    KT_ASSERT_EQ(Geometry.BytesPerSector, SECTOR);
    Cylinder = (ULONGLONG)Geometry.TracksPerCylinder *
               Geometry.SectorsPerTrack * SECTOR;
    KT_ASSERT(Cylinder != 0);
    KT_ASSERT_EQ(Geometry.Cylinders.QuadPart,
                 (ULONGLONG)Length.Length.QuadPart / Cylinder);
    KT_ASSERT_EQ(control(Disk.Device, IOCTL_DISK_GET_DRIVE_GEOMETRY, &Geometry,
                         sizeof(Geometry) - 1, &Information),
                 STATUS_BUFFER_TOO_SMALL);
    KT_CLEANUP;
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* Written and read back through IRPs: one sector, and a run longer than
 * one command's 256 sectors. */
KTEST(ata_irp_write_then_read_round_trip)
{
    KT_CLEANUP_SECTION;
    const ULONG Length = 260 * SECTOR;
    KT_DISK Disk = {0};
    PUCHAR Out = NULL, In = NULL;
    ULONG_PTR Information = 0;

    if (!open_disk(&Disk))
        KT_SKIP(NO_DISK);
    if (!writable(&Disk))
        KT_SKIP("disk 0 has no " SIGNATURE " signature: not written");
    Out = ExAllocatePoolWithTag(NonPagedPool, Length, KT_ATA_TAG);
    In = ExAllocatePoolWithTag(NonPagedPool, Length, KT_ATA_TAG);
    KT_ASSERT(Out != NULL && In != NULL);
    fill(Out, Length, 0x31);
    KT_ASSERT_EQ(transfer(Disk.Device, IRP_MJ_WRITE, Out, SECTOR,
                          SCRATCH_OFFSET, &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, SECTOR);
    RtlZeroMemory(In, Length);
    KT_ASSERT_EQ(transfer(Disk.Device, IRP_MJ_READ, In, SECTOR, SCRATCH_OFFSET,
                          &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, SECTOR);
    KT_ASSERT(RtlCompareMemory(In, Out, SECTOR) == SECTOR);
    fill(Out, Length, 0x77);
    KT_ASSERT_EQ(transfer(Disk.Device, IRP_MJ_WRITE, Out, Length,
                          SCRATCH_OFFSET, &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, Length);
    RtlZeroMemory(In, Length);
    KT_ASSERT_EQ(transfer(Disk.Device, IRP_MJ_READ, In, Length, SCRATCH_OFFSET,
                          &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, Length);
    KT_ASSERT(RtlCompareMemory(In, Out, Length) == Length);
    KT_CLEANUP;
    if (Out != NULL)
        ExFreePoolWithTag(Out, KT_ATA_TAG);
    if (In != NULL)
        ExFreePoolWithTag(In, KT_ATA_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* Whole sectors inside the disk, or STATUS_INVALID_PARAMETER (as
 * disk.sys): a refused write changes nothing. */
KTEST(ata_bad_offsets_and_lengths_are_refused)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    PUCHAR Before = NULL, Pattern = NULL, After = NULL;
    const ULONG Span = 4 * SECTOR;
    LONGLONG Last;
    ULONG Case;

    if (!open_disk(&Disk))
        KT_SKIP(NO_DISK);
    if (!writable(&Disk))
        KT_SKIP("disk 0 has no " SIGNATURE " signature: not written");
    KT_ASSERT(Disk.Length >= 1024 * 1024);
    Before = ExAllocatePoolWithTag(NonPagedPool, 2 * Span, KT_ATA_TAG);
    Pattern = ExAllocatePoolWithTag(NonPagedPool, 2 * Span, KT_ATA_TAG);
    After = ExAllocatePoolWithTag(NonPagedPool, 2 * Span, KT_ATA_TAG);
    KT_ASSERT(Before != NULL && Pattern != NULL && After != NULL);
    Last = (LONGLONG)Disk.Length - Span;
    /* What is there: the scratch sectors and the disk's last ones. */
    KT_ASSERT_EQ(
        transfer(Disk.Device, IRP_MJ_READ, Before, Span, SCRATCH_OFFSET, NULL),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(
        transfer(Disk.Device, IRP_MJ_READ, Before + Span, Span, Last, NULL),
        STATUS_SUCCESS);
    fill(Pattern, 2 * Span, 0xC3);
    for (Case = 0; Case < 5; Case++) {
        static const struct {
            LONGLONG Offset; /* from the scratch area, or (End) the end */
            ULONG Length;
            BOOLEAN End;
        } Cases[] = {{1, SECTOR, FALSE},
                     {0, SECTOR + 100, FALSE},
                     {0, 0, TRUE},
                     {-SECTOR, 2 * SECTOR, TRUE},
                     {SECTOR, SECTOR, TRUE}};
        LONGLONG Offset = Cases[Case].End
                              ? (LONGLONG)Disk.Length + Cases[Case].Offset
                              : SCRATCH_OFFSET + Cases[Case].Offset;
        ULONG Length = Cases[Case].Length ? Cases[Case].Length : SECTOR;
        ULONG Major;

        for (Major = IRP_MJ_READ; Major <= IRP_MJ_WRITE; Major++)
            KT_ASSERT_MSG(transfer(Disk.Device, Major, Pattern, Length, Offset,
                                   NULL) == STATUS_INVALID_PARAMETER,
                          "case %lu, major %lu", Case, Major);
    }
    KT_ASSERT_EQ(
        transfer(Disk.Device, IRP_MJ_READ, After, Span, SCRATCH_OFFSET, NULL),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(
        transfer(Disk.Device, IRP_MJ_READ, After + Span, Span, Last, NULL),
        STATUS_SUCCESS);
    KT_ASSERT(RtlCompareMemory(Before, After, 2 * Span) == 2 * Span);
    KT_CLEANUP;
    if (Before != NULL)
        ExFreePoolWithTag(Before, KT_ATA_TAG);
    if (Pattern != NULL)
        ExFreePoolWithTag(Pattern, KT_ATA_TAG);
    if (After != NULL)
        ExFreePoolWithTag(After, KT_ATA_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* One paging request as Mm makes it, waited for at Irql (APC_LEVEL or
 * below). */
static NTSTATUS page_io(KT_DISK *Disk, BOOLEAN Write, PMDL Mdl, LONGLONG Offset,
                        KIRQL Irql)
{
    LARGE_INTEGER Where = {.QuadPart = Offset};
    IO_STATUS_BLOCK Iosb = {.Status = STATUS_PENDING};
    KEVENT Event;
    KIRQL OldIrql;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KeRaiseIrql(Irql, &OldIrql);
    Status = Write ? IoSynchronousPageWrite(Disk->FileObject, Mdl, &Where,
                                            &Event, &Iosb)
                   : IoPageRead(Disk->FileObject, Mdl, &Where, &Event, &Iosb);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb.Status;
    }
    KeLowerIrql(OldIrql);
    return Status;
}

/* Mm's MDL keeps its mapping and its lock: Mm undoes them itself. */
static VOID unmap(PMDL Mdl)
{
    if (Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA)
        MmUnmapLockedPages(Mdl->MappedSystemVa, Mdl);
}

/* Fills (or compares with Seed) the frames of an unmapped MDL. */
static BOOLEAN touch_frames(PMDL Mdl, ULONG Seed, BOOLEAN Compare)
{
    PUCHAR Va = MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL,
                                             FALSE, HighPagePriority);
    ULONG Length = Mdl->ByteCount;
    PUCHAR Expected;
    BOOLEAN Same = TRUE;

    if (Va == NULL)
        return FALSE;
    if (!Compare) {
        fill(Va, Length, Seed);
    } else {
        Expected = ExAllocatePoolWithTag(NonPagedPool, Length, KT_ATA_TAG);
        if (Expected == NULL) {
            Same = FALSE;
        } else {
            fill(Expected, Length, Seed);
            Same = RtlCompareMemory(Va, Expected, Length) == Length;
            ExFreePoolWithTag(Expected, KT_ATA_TAG);
        }
    }
    MmUnmapLockedPages(Va, Mdl);
    return Same;
}

KTEST(ata_paging_io_round_trips_pool_and_unmapped_frames)
{
    KT_CLEANUP_SECTION;
    const ULONG Pages = 16;
    KT_DISK Disk = {0};
    PUCHAR Pool = NULL, Check = NULL;
    PMDL PoolMdl = NULL, FrameMdl = NULL;
    PHYSICAL_ADDRESS Low = {.QuadPart = 0x40000000},
                     High = {.QuadPart = 0xFFFFFFFFLL}, Skip = {.QuadPart = 0};
    LONG Irps = IopCounters.IrpsAllocated;

    if (!open_disk(&Disk))
        KT_SKIP(NO_DISK);
    if (!writable(&Disk))
        KT_SKIP("disk 0 has no " SIGNATURE " signature: not written");
    /* A cluster of pool pages, as Mm's MDL of resident pages. */
    Pool = ExAllocatePoolWithTag(NonPagedPool, Pages * PAGE_SIZE, KT_ATA_TAG);
    Check = ExAllocatePoolWithTag(NonPagedPool, Pages * PAGE_SIZE, KT_ATA_TAG);
    KT_ASSERT(Pool != NULL && Check != NULL);
    PoolMdl = IoAllocateMdl(Pool, Pages * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(PoolMdl != NULL);
    MmBuildMdlForNonPagedPool(PoolMdl);
    fill(Pool, Pages * PAGE_SIZE, 0x5A);
    KT_ASSERT_EQ(page_io(&Disk, TRUE, PoolMdl, SCRATCH_OFFSET, PASSIVE_LEVEL),
                 STATUS_SUCCESS);
    RtlZeroMemory(Pool, Pages * PAGE_SIZE);
    KT_ASSERT_EQ(page_io(&Disk, FALSE, PoolMdl, SCRATCH_OFFSET, APC_LEVEL),
                 STATUS_SUCCESS);
    fill(Check, Pages * PAGE_SIZE, 0x5A);
    KT_ASSERT(RtlCompareMemory(Pool, Check, Pages * PAGE_SIZE) ==
              Pages * PAGE_SIZE);
    /* The IRP read agrees with what paging I/O wrote. */
    RtlZeroMemory(Check, Pages * PAGE_SIZE);
    KT_ASSERT_EQ(transfer(Disk.Device, IRP_MJ_READ, Check, Pages * PAGE_SIZE,
                          SCRATCH_OFFSET, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT(RtlCompareMemory(Pool, Check, Pages * PAGE_SIZE) ==
              Pages * PAGE_SIZE);

    /* Frames no one maps (above 1 GiB when the machine has any): the
     * driver reaches them through the MDL's system mapping. */
    FrameMdl = MmAllocatePagesForMdl(Low, High, Skip, Pages * PAGE_SIZE);
    if (FrameMdl != NULL && FrameMdl->ByteCount != Pages * PAGE_SIZE) {
        MmFreePagesFromMdl(FrameMdl);
        ExFreePool(FrameMdl);
        FrameMdl = NULL;
    }
    if (FrameMdl == NULL) {
        Low.QuadPart = 0;
        FrameMdl = MmAllocatePagesForMdl(Low, High, Skip, Pages * PAGE_SIZE);
    }
    KT_ASSERT(FrameMdl != NULL && FrameMdl->ByteCount == Pages * PAGE_SIZE);
    KT_ASSERT(touch_frames(FrameMdl, 0x99, FALSE));
    KT_ASSERT_EQ(
        page_io(&Disk, TRUE, FrameMdl, SCRATCH_OFFSET + PAGE_SIZE, APC_LEVEL),
        STATUS_SUCCESS);
    /* Completion left Mm's MDL as it was: locked, not freed. */
    KT_ASSERT(FrameMdl->MdlFlags & MDL_PAGES_LOCKED);
    unmap(FrameMdl);
    KT_ASSERT(touch_frames(FrameMdl, 0, FALSE));
    KT_ASSERT_EQ(page_io(&Disk, FALSE, FrameMdl, SCRATCH_OFFSET + PAGE_SIZE,
                         PASSIVE_LEVEL),
                 STATUS_SUCCESS);
    KT_ASSERT(FrameMdl->MdlFlags & MDL_PAGES_LOCKED);
    unmap(FrameMdl);
    KT_ASSERT(touch_frames(FrameMdl, 0x99, TRUE));
    /* Every paging IRP was freed at its completion. */
    KT_ASSERT_EQ(IopCounters.IrpsAllocated, Irps);
    KT_CLEANUP;
    if (FrameMdl != NULL) {
        unmap(FrameMdl);
        MmFreePagesFromMdl(FrameMdl);
        ExFreePool(FrameMdl);
    }
    if (PoolMdl != NULL)
        IoFreeMdl(PoolMdl);
    if (Pool != NULL)
        ExFreePoolWithTag(Pool, KT_ATA_TAG);
    if (Check != NULL)
        ExFreePoolWithTag(Check, KT_ATA_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* The order requests finished in, by their completion routines. */
typedef struct _KT_ORDER {
    KEVENT Done[3];
    ULONG Order[3];
    volatile LONG Count;
} KT_ORDER;

static NTSTATUS NTAPI record_completion(PDEVICE_OBJECT Device, PIRP Irp,
                                        PVOID Context)
{
    KT_ORDER *Order = Context;
    ULONG Which = (ULONG)(ULONG_PTR)Irp->UserBuffer; /* set below */
    LONG Slot = InterlockedIncrement(&Order->Count) - 1;

    UNREFERENCED_PARAMETER(Device);
    if (Slot < 3)
        Order->Order[Slot] = Which;
    KeSetEvent(&Order->Done[Which], IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED; /* the test frees the IRP */
}

/* A read IRP of one sector into Buffer, paging I/O or not. */
static PIRP build_read(PDEVICE_OBJECT Device, PVOID Buffer, LONGLONG Offset,
                       BOOLEAN Paging, ULONG Which, KT_ORDER *Order)
{
    PIRP Irp = IoAllocateIrp(Device->StackSize, FALSE);
    PIO_STACK_LOCATION Stack;
    PMDL Mdl;

    if (Irp == NULL)
        return NULL;
    Mdl = IoAllocateMdl(Buffer, SECTOR, FALSE, FALSE, Irp);
    if (Mdl == NULL) {
        IoFreeIrp(Irp);
        return NULL;
    }
    MmBuildMdlForNonPagedPool(Mdl);
    Irp->Flags = Paging ? IRP_PAGING_IO | IRP_NOCACHE : 0;
    Irp->UserBuffer = (PVOID)(ULONG_PTR)Which;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = IRP_MJ_READ;
    Stack->Parameters.Read.Length = SECTOR;
    Stack->Parameters.Read.ByteOffset.QuadPart = Offset;
    IoSetCompletionRoutine(Irp, record_completion, Order, TRUE, TRUE, TRUE);
    return Irp;
}

/* The first request holds the channel while two wait (the test at
 * DISPATCH_LEVEL: the channel's DPC cannot run); the paging read, sent
 * last, goes next. */
KTEST(ata_paging_io_goes_before_waiting_requests)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    KT_ORDER Order;
    PUCHAR Buffer = NULL;
    PIRP Irps[3] = {NULL, NULL, NULL};
    ULONG Index;
    KIRQL OldIrql;

    if (!open_disk(&Disk))
        KT_SKIP(NO_DISK);
    Buffer = ExAllocatePoolWithTag(NonPagedPool, 3 * SECTOR, KT_ATA_TAG);
    KT_ASSERT(Buffer != NULL);
    Order.Count = 0;
    for (Index = 0; Index < 3; Index++) {
        KeInitializeEvent(&Order.Done[Index], NotificationEvent, FALSE);
        Irps[Index] =
            build_read(Disk.Device, Buffer + Index * SECTOR,
                       (LONGLONG)Index * SECTOR, Index == 2, Index, &Order);
        KT_ASSERT(Irps[Index] != NULL);
    }
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    for (Index = 0; Index < 3; Index++)
        IoCallDriver(Disk.Device, Irps[Index]);
    KeLowerIrql(OldIrql);
    for (Index = 0; Index < 3; Index++)
        KeWaitForSingleObject(&Order.Done[Index], Executive, KernelMode, FALSE,
                              NULL);
    KT_ASSERT_EQ(Order.Count, 3);
    KT_ASSERT_MSG(Order.Order[0] == 0 && Order.Order[1] == 2 &&
                      Order.Order[2] == 1,
                  "finished in the order %lu %lu %lu", Order.Order[0],
                  Order.Order[1], Order.Order[2]);
    for (Index = 0; Index < 3; Index++)
        KT_ASSERT_EQ(Irps[Index]->IoStatus.Status, STATUS_SUCCESS);
    KT_CLEANUP;
    for (Index = 0; Index < 3; Index++) {
        if (Irps[Index] == NULL)
            continue;
        IoFreeMdl(Irps[Index]->MdlAddress);
        IoFreeIrp(Irps[Index]);
    }
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, KT_ATA_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}
