/*
 * Paging I/O on disk 0 (kt_disk.h): IoPageRead, IoSynchronousPageWrite
 * and IoAsynchronousPageWrite with Mm-style MDLs of several pages, of
 * pool and of frames nothing maps, which the I/O manager must leave as
 * Mm gave them; and the channel serving paging I/O before the ordinary
 * requests waiting for it.
 */
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "kt_disk.h"

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
        KtDiskFill(Va, Length, Seed);
    } else {
        Expected = ExAllocatePoolWithTag(NonPagedPool, Length, KT_DISK_TAG);
        if (Expected == NULL) {
            Same = FALSE;
        } else {
            KtDiskFill(Expected, Length, Seed);
            Same = RtlCompareMemory(Va, Expected, Length) == Length;
            ExFreePoolWithTag(Expected, KT_DISK_TAG);
        }
    }
    MmUnmapLockedPages(Va, Mdl);
    return Same;
}

/* One round of both kinds of MDL, by the disk's current mode. */
static NTSTATUS round_trips(KT_DISK *Disk, PMDL PoolMdl, PUCHAR Pool,
                            PUCHAR Check, PMDL FrameMdl, ULONG Seed,
                            PCSTR *Failed)
{
    ULONG Length = PoolMdl->ByteCount;
    NTSTATUS Status;

    *Failed = "pool write";
    KtDiskFill(Pool, Length, Seed);
    Status = page_io(Disk, TRUE, PoolMdl, KT_SCRATCH_OFFSET, PASSIVE_LEVEL);
    if (!NT_SUCCESS(Status))
        return Status;
    *Failed = "pool read";
    RtlZeroMemory(Pool, Length);
    Status = page_io(Disk, FALSE, PoolMdl, KT_SCRATCH_OFFSET, APC_LEVEL);
    if (!NT_SUCCESS(Status))
        return Status;
    KtDiskFill(Check, Length, Seed);
    if (RtlCompareMemory(Pool, Check, Length) != Length)
        return STATUS_UNSUCCESSFUL;
    /* The IRP read agrees with what paging I/O wrote. */
    *Failed = "IRP read";
    RtlZeroMemory(Check, Length);
    Status = KtDiskTransfer(Disk->Device, IRP_MJ_READ, Check, Length,
                            KT_SCRATCH_OFFSET, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (RtlCompareMemory(Pool, Check, Length) != Length)
        return STATUS_UNSUCCESSFUL;
    /* Frames nothing maps: PIO reaches them through a system mapping of
     * the MDL, DMA through their frame numbers. */
    *Failed = "frames write";
    if (!touch_frames(FrameMdl, Seed + 1, FALSE))
        return STATUS_INSUFFICIENT_RESOURCES;
    Status =
        page_io(Disk, TRUE, FrameMdl, KT_SCRATCH_OFFSET + PAGE_SIZE, APC_LEVEL);
    if (!NT_SUCCESS(Status))
        return Status;
    /* Completion left Mm's MDL as it was: locked, not freed. */
    *Failed = "the MDL after the write";
    if (!(FrameMdl->MdlFlags & MDL_PAGES_LOCKED))
        return STATUS_UNSUCCESSFUL;
    unmap(FrameMdl);
    *Failed = "frames read";
    if (!touch_frames(FrameMdl, 0, FALSE))
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = page_io(Disk, FALSE, FrameMdl, KT_SCRATCH_OFFSET + PAGE_SIZE,
                     PASSIVE_LEVEL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!(FrameMdl->MdlFlags & MDL_PAGES_LOCKED))
        return STATUS_UNSUCCESSFUL;
    unmap(FrameMdl);
    return touch_frames(FrameMdl, Seed + 1, TRUE) ? STATUS_SUCCESS
                                                  : STATUS_UNSUCCESSFUL;
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
    ULONG Mode;

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    if (!KtDiskWritable(&Disk))
        KT_SKIP(KT_NOT_WRITABLE);
    /* A cluster of pool pages, as Mm's MDL of resident pages. */
    Pool = ExAllocatePoolWithTag(NonPagedPool, Pages * PAGE_SIZE, KT_DISK_TAG);
    Check = ExAllocatePoolWithTag(NonPagedPool, Pages * PAGE_SIZE, KT_DISK_TAG);
    KT_ASSERT(Pool != NULL && Check != NULL);
    PoolMdl = IoAllocateMdl(Pool, Pages * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(PoolMdl != NULL);
    MmBuildMdlForNonPagedPool(PoolMdl);
    /* Frames above 1 GiB when the machine has some, else anywhere. */
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
    for (Mode = 0; Mode < KtDiskModes(); Mode++) {
        PCSTR Name = Mode == 0 && KtDiskModes() == 2 ? "DMA" : "PIO", Failed;
        NTSTATUS Status;

        KtDiskUsePio(Mode == 1);
        Status = round_trips(&Disk, PoolMdl, Pool, Check, FrameMdl,
                             0x5A + 2 * Mode, &Failed);
        KT_ASSERT_MSG(NT_SUCCESS(Status), "%s by %s: %08lx", Failed, Name,
                      (ULONG)Status);
    }
    /* Every paging IRP was freed at its completion. */
    KT_ASSERT_EQ(IopCounters.IrpsAllocated, Irps);
    KT_CLEANUP;
    KtDiskUsePio(FALSE);
    if (FrameMdl != NULL) {
        unmap(FrameMdl);
        MmFreePagesFromMdl(FrameMdl);
        ExFreePool(FrameMdl);
    }
    if (PoolMdl != NULL)
        IoFreeMdl(PoolMdl);
    if (Pool != NULL)
        ExFreePoolWithTag(Pool, KT_DISK_TAG);
    if (Check != NULL)
        ExFreePoolWithTag(Check, KT_DISK_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* The order requests finished in, by their completion routines. */
struct _KT_ORDER;
typedef struct _KT_REQUEST {
    struct _KT_ORDER *Order;
    ULONG Which;
} KT_REQUEST;

typedef struct _KT_ORDER {
    KEVENT Done[3];
    KT_REQUEST Requests[3]; /* each IRP's completion context */
    ULONG Order[3];
    volatile LONG Count;
} KT_ORDER;

static NTSTATUS NTAPI record_completion(PDEVICE_OBJECT Device, PIRP Irp,
                                        PVOID Context)
{
    KT_REQUEST *Request = Context;
    KT_ORDER *Order = Request->Order;
    LONG Slot = InterlockedIncrement(&Order->Count) - 1;

    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Irp);
    if (Slot < 3)
        Order->Order[Slot] = Request->Which;
    KeSetEvent(&Order->Done[Request->Which], IO_NO_INCREMENT, FALSE);
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
    Mdl = IoAllocateMdl(Buffer, KT_SECTOR, FALSE, FALSE, Irp);
    if (Mdl == NULL) {
        IoFreeIrp(Irp);
        return NULL;
    }
    MmBuildMdlForNonPagedPool(Mdl);
    Irp->Flags = Paging ? IRP_PAGING_IO | IRP_NOCACHE : 0;
    Order->Requests[Which].Order = Order;
    Order->Requests[Which].Which = Which;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = IRP_MJ_READ;
    Stack->Parameters.Read.Length = KT_SECTOR;
    Stack->Parameters.Read.ByteOffset.QuadPart = Offset;
    IoSetCompletionRoutine(Irp, record_completion, &Order->Requests[Which],
                           TRUE, TRUE, TRUE);
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

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    Buffer = ExAllocatePoolWithTag(NonPagedPool, 3 * KT_SECTOR, KT_DISK_TAG);
    KT_ASSERT(Buffer != NULL);
    Order.Count = 0;
    for (Index = 0; Index < 3; Index++) {
        KeInitializeEvent(&Order.Done[Index], NotificationEvent, FALSE);
        Irps[Index] =
            build_read(Disk.Device, Buffer + Index * KT_SECTOR,
                       (LONGLONG)Index * KT_SECTOR, Index == 2, Index, &Order);
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
        ExFreePoolWithTag(Buffer, KT_DISK_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* What IoAsynchronousPageWrite's routine saw. */
typedef struct _KT_PAGE_WRITE {
    KEVENT Done;
    PKTHREAD Thread;
    PIO_STATUS_BLOCK IoStatusBlock;
    NTSTATUS Status;
} KT_PAGE_WRITE;

static VOID NTAPI page_write_done(PVOID ApcContext,
                                  PIO_STATUS_BLOCK IoStatusBlock,
                                  ULONG Reserved)
{
    KT_PAGE_WRITE *Write = ApcContext;

    UNREFERENCED_PARAMETER(Reserved);
    Write->Thread = KeGetCurrentThread();
    Write->IoStatusBlock = IoStatusBlock;
    Write->Status = IoStatusBlock->Status;
    KeSetEvent(&Write->Done, IO_NO_INCREMENT, FALSE);
}

/* The modified page writer's way: the routine runs as a kernel APC in
 * the thread that wrote, with the status block already filled. */
KTEST(ata_asynchronous_page_write_calls_back_in_the_writer)
{
    KT_CLEANUP_SECTION;
    const ULONG Pages = 4;
    KT_DISK Disk = {0};
    KT_PAGE_WRITE Write;
    IO_STATUS_BLOCK Iosb = {.Status = STATUS_PENDING};
    LARGE_INTEGER Where = {.QuadPart = KT_SCRATCH_OFFSET + 2 * PAGE_SIZE};
    PUCHAR Pool = NULL, Check = NULL;
    PMDL Mdl = NULL;
    PIRP Irp = NULL;
    NTSTATUS Status;
    LONG Irps = IopCounters.IrpsAllocated;

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    if (!KtDiskWritable(&Disk))
        KT_SKIP(KT_NOT_WRITABLE);
    Pool = ExAllocatePoolWithTag(NonPagedPool, Pages * PAGE_SIZE, KT_DISK_TAG);
    Check = ExAllocatePoolWithTag(NonPagedPool, Pages * PAGE_SIZE, KT_DISK_TAG);
    KT_ASSERT(Pool != NULL && Check != NULL);
    Mdl = IoAllocateMdl(Pool, Pages * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    MmBuildMdlForNonPagedPool(Mdl);
    KtDiskFill(Pool, Pages * PAGE_SIZE, 0xA7);
    KeInitializeEvent(&Write.Done, NotificationEvent, FALSE);
    Write.Thread = NULL;
    Status = IoAsynchronousPageWrite(Disk.FileObject, Mdl, &Where,
                                     page_write_done, &Write, &Iosb, &Irp);
    if (NT_SUCCESS(Status)) /* the buffer is the disk's until then */
        KeWaitForSingleObject(&Write.Done, Executive, KernelMode, FALSE, NULL);
    KT_ASSERT(NT_SUCCESS(Status));
    KT_ASSERT(Irp != NULL);
    KT_ASSERT(Write.Thread == KeGetCurrentThread());
    KT_ASSERT(Write.IoStatusBlock == &Iosb);
    KT_ASSERT_EQ(Write.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, Pages * PAGE_SIZE);
    KT_ASSERT_EQ(IopCounters.IrpsAllocated, Irps);
    KT_ASSERT_EQ(KtDiskTransfer(Disk.Device, IRP_MJ_READ, Check,
                                Pages * PAGE_SIZE, Where.QuadPart, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT(RtlCompareMemory(Pool, Check, Pages * PAGE_SIZE) ==
              Pages * PAGE_SIZE);
    KT_CLEANUP;
    if (Mdl != NULL)
        IoFreeMdl(Mdl);
    if (Pool != NULL)
        ExFreePoolWithTag(Pool, KT_DISK_TAG);
    if (Check != NULL)
        ExFreePoolWithTag(Check, KT_DISK_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* A paging request the disk refuses at once still sets the event and
 * the status block, and its IRP goes. */
KTEST(ata_refused_paging_io_still_tells_the_waiter)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    PUCHAR Page = NULL;
    PMDL Mdl = NULL;
    LARGE_INTEGER Where;
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    LONG Irps = IopCounters.IrpsAllocated;
    ULONG Case;

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    Page = ExAllocatePoolWithTag(NonPagedPool, PAGE_SIZE, KT_DISK_TAG);
    KT_ASSERT(Page != NULL);
    Mdl = IoAllocateMdl(Page, PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    MmBuildMdlForNonPagedPool(Mdl);
    for (Case = 0; Case < 2; Case++) {
        Where.QuadPart =
            Case == 0 ? KT_SCRATCH_OFFSET + 1 : (LONGLONG)Disk.Length;
        Iosb.Status = STATUS_PENDING;
        KeInitializeEvent(&Event, NotificationEvent, FALSE);
        KT_ASSERT_EQ(IoPageRead(Disk.FileObject, Mdl, &Where, &Event, &Iosb),
                     STATUS_INVALID_PARAMETER);
        KT_ASSERT(KeReadStateEvent(&Event) != 0);
        KT_ASSERT_EQ(Iosb.Status, STATUS_INVALID_PARAMETER);
    }
    KT_ASSERT_EQ(IopCounters.IrpsAllocated, Irps);
    KT_CLEANUP;
    if (Mdl != NULL)
        IoFreeMdl(Mdl);
    if (Page != NULL)
        ExFreePoolWithTag(Page, KT_DISK_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}
