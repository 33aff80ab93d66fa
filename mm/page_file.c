/*
 * The page file: a whole ATA disk, used only when its first sector starts
 * with MI_PAGE_FILE_SIGNATURE (`make run` and `make test` make such an
 * image), so a PC's own disk is never written. There is no file system:
 * slot N is the disk's page N, slot 0 the header. A bitmap says which
 * slots hold a page's copy. Pages travel through the disk driver's
 * paging I/O (IoPageRead, IoSynchronousPageWrite), as NT's do.
 */
#include "kernel/io.h"
#include "kernel/paging.h"
#include "kernel/x86.h"
#include "ntdddisk.h"
#include "ntrtl.h"

BOOLEAN MiPageFilePresent;
ULONG MiPageFileSlots;
ULONG MiPageFileFreeSlots;

static PFILE_OBJECT page_file_object;
static RTL_BITMAP slot_bitmap;
static KSPIN_LOCK slot_lock;
static ULONG slot_hint; /* where the next search starts */

ULONG MiAllocatePageFileSlots(ULONG Count)
{
    KIRQL OldIrql;
    ULONG Slot;

    if (!MiPageFilePresent)
        return 0;
    KeAcquireSpinLock(&slot_lock, &OldIrql);
    Slot = RtlFindClearBitsAndSet(&slot_bitmap, Count, slot_hint);
    if (Slot == 0xFFFFFFFF) {
        Slot = 0;
    } else {
        MiPageFileFreeSlots -= Count;
        slot_hint = Slot + Count;
    }
    KeReleaseSpinLock(&slot_lock, OldIrql);
    return Slot;
}

VOID MiFreePageFileSlot(ULONG Slot)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&slot_lock, &OldIrql);
    if (Slot == 0 || Slot >= MiPageFileSlots ||
        !RtlCheckBit(&slot_bitmap, Slot))
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_PAGE_FILE_SLOT, Slot,
                     MiPageFileSlots, 0);
    RtlClearBits(&slot_bitmap, Slot, 1);
    MiPageFileFreeSlots++;
    KeReleaseSpinLock(&slot_lock, OldIrql);
}

BOOLEAN MiIsPageFileSlotInUse(ULONG Slot)
{
    return MiPageFilePresent && Slot < MiPageFileSlots &&
           RtlCheckBit(&slot_bitmap, Slot);
}

/* Waits for a request the driver may complete later. */
static NTSTATUS finish(NTSTATUS Status, PKEVENT Event, PIO_STATUS_BLOCK Iosb)
{
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(Event, WrPageIn, KernelMode, FALSE, NULL);
        Status = Iosb->Status;
    }
    return Status;
}

static NTSTATUS transfer(PFILE_OBJECT File, BOOLEAN Write, ULONG Slot,
                         PPFN_NUMBER Frames, ULONG Count)
{
    struct {
        MDL Mdl;
        PFN_NUMBER Pages[MI_PAGE_FILE_CLUSTER];
    } Packet;
    IO_STATUS_BLOCK Iosb;
    LARGE_INTEGER Offset;
    KEVENT Event;
    NTSTATUS Status;
    ULONG Page;

    MmInitializeMdl(&Packet.Mdl, NULL, Count * PAGE_SIZE);
    Packet.Mdl.MdlFlags |= MDL_PAGES_LOCKED | (Write ? 0 : MDL_IO_PAGE_READ);
    for (Page = 0; Page < Count; Page++)
        Packet.Pages[Page] = Frames[Page];
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Offset.QuadPart = (LONGLONG)Slot * PAGE_SIZE;
    Status = Write ? IoSynchronousPageWrite(File, &Packet.Mdl, &Offset, &Event,
                                            &Iosb)
                   : IoPageRead(File, &Packet.Mdl, &Offset, &Event, &Iosb);
    Status = finish(Status, &Event, &Iosb);
    if (Packet.Mdl.MdlFlags & MDL_MAPPED_TO_SYSTEM_VA)
        MmUnmapLockedPages(Packet.Mdl.MappedSystemVa, &Packet.Mdl);
    return Status;
}

ULONGLONG MiPageFileTransferTicks;

NTSTATUS MiPageFileTransfer(BOOLEAN Write, ULONG Slot, PPFN_NUMBER Frames,
                            ULONG Count)
{
    ULONGLONG Start;
    NTSTATUS Status;

    if (!MiPageFilePresent || Slot == 0 || Count == 0 ||
        Count > MI_PAGE_FILE_CLUSTER || Slot >= MiPageFileSlots ||
        Count > MiPageFileSlots - Slot)
        return STATUS_INVALID_PARAMETER;
    Start = read_tsc();
    Status = transfer(page_file_object, Write, Slot, Frames, Count);
    MiPageFileTransferTicks += read_tsc() - Start;
    return Status;
}

static NTSTATUS disk_length(PDEVICE_OBJECT Device, PLONGLONG Length)
{
    GET_LENGTH_INFORMATION Information;
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    PIRP Irp;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(
        IOCTL_DISK_GET_LENGTH_INFO, Device, NULL, 0, &Information,
        sizeof(Information), FALSE, &Event, &Iosb);
    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Iosb.Status = finish(IoCallDriver(Device, Irp), &Event, &Iosb);
    *Length = Information.Length.QuadPart;
    return Iosb.Status;
}

/* Is this disk a page file? Its first page says. */
static BOOLEAN has_signature(PFILE_OBJECT File)
{
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    BOOLEAN Found = FALSE;

    if (Frame == MI_NO_PAGE)
        return FALSE;
    if (NT_SUCCESS(transfer(File, FALSE, 0, &Frame, 1))) {
        PVOID Page = MiMapPageInHyperspace(Frame);
        Found = RtlCompareMemory(Page, MI_PAGE_FILE_SIGNATURE,
                                 sizeof(MI_PAGE_FILE_SIGNATURE) - 1) ==
                sizeof(MI_PAGE_FILE_SIGNATURE) - 1;
        MiUnmapPageInHyperspace(Page);
    }
    MiFreePages(Frame, 0);
    return Found;
}

static BOOLEAN use_disk(ULONG Disk)
{
    static const PCWSTR Names[] = {
        L"\\Device\\Harddisk0\\Partition0",
        L"\\Device\\Harddisk1\\Partition0",
        L"\\Device\\Harddisk2\\Partition0",
        L"\\Device\\Harddisk3\\Partition0",
    };
    UNICODE_STRING Name;
    PDEVICE_OBJECT Device;
    PFILE_OBJECT File;
    LONGLONG Length;
    ULONG Slots;
    PULONG Bits;

    RtlInitUnicodeString(&Name, Names[Disk]);
    if (!NT_SUCCESS(IoGetDeviceObjectPointer(
            &Name, FILE_READ_DATA | FILE_WRITE_DATA, &File, &Device)))
        return FALSE;
    if (!has_signature(File) || !NT_SUCCESS(disk_length(Device, &Length)) ||
        Length / PAGE_SIZE < 2) {
        ObDereferenceObject(File);
        return FALSE;
    }
    Slots = (ULONG)(Length / PAGE_SIZE);
    Bits = ExAllocatePoolWithTag(NonPagedPool, (Slots + 31) / 32 * 4, 'fgaP');
    if (Bits == NULL) {
        ObDereferenceObject(File);
        return FALSE;
    }
    RtlInitializeBitMap(&slot_bitmap, Bits, Slots);
    RtlClearAllBits(&slot_bitmap);
    RtlSetBits(&slot_bitmap, 0, 1); /* the header */
    page_file_object = File;
    MiPageFileSlots = Slots;
    MiPageFileFreeSlots = Slots - 1;
    slot_hint = 1;
    MiPageFilePresent = TRUE;
    MiUpdateCommitLimit();
    DbgPrint("mm: page file on %wZ: %lu KiB (%lu pages)\n", &Name,
             (Slots - 1) * (PAGE_SIZE / 1024), Slots - 1);
    return TRUE;
}

VOID MmInitializePageFile(VOID)
{
    ULONG Disk;

    KeInitializeSpinLock(&slot_lock);
    MiInitializePagingEvents();
    MiStartZeroPageThread();         /* with or without a page file */
    for (Disk = 0; Disk < 4; Disk++) /* the legacy channels' four */
        if (use_disk(Disk))
            break;
    if (!MiPageFilePresent) {
        DbgPrint("mm: no page-file disk (a disk whose first sector says "
                 "%s): running without paging\n",
                 MI_PAGE_FILE_SIGNATURE);
        return;
    }
    MiStartPagingThreads();
}
