/*
 * The AHCI disk driver (drivers/ahci*.c) on the controller's first disk,
 * when the boot has one (q35: -drive ...,if=none,id=d0 -device
 * ide-hd,drive=d0,bus=ide.0); without a controller or a disk each test
 * skips, and only a disk with the page-file signature is written
 * (kt_disk.h). The ATA tests on disk 0 run on it too when it is disk 0.
 */
#include "drivers/ahci.h"
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "kt_disk.h"
#include "ntdddisk.h"

#define KT_NO_AHCI "no AHCI controller: boot a q35 machine (-M q35)"
#define KT_NO_AHCI_DISK                                                        \
    "no disk on the AHCI controller: attach one with -drive "                  \
    "file=IMG,format=raw,if=none,id=d0 -device ide-hd,drive=d0,bus=ide.0"

/* The first AHCI disk, as Mm opens it, by its Partition0 name. */
static BOOLEAN open_disk(PAHCI_DISK *Found, KT_DISK *Disk)
{
    WCHAR Buffer[] = u"\\Device\\Harddisk0\\Partition0";
    UNICODE_STRING Name;
    GET_LENGTH_INFORMATION Length;
    ULONG_PTR Information;
    PAHCI_DISK Ahci = AhcipGetDisk(0);

    if (Ahci == NULL)
        return FALSE;
    Buffer[16] = (WCHAR)(u'0' + Ahci->Number);
    RtlInitUnicodeString(&Name, Buffer);
    if (!NT_SUCCESS(IoGetDeviceObjectPointer(&Name,
                                             FILE_READ_DATA | FILE_WRITE_DATA,
                                             &Disk->FileObject, &Disk->Device)))
        return FALSE;
    Disk->Length = 0;
    if (NT_SUCCESS(KtDiskControl(Disk->Device, IOCTL_DISK_GET_LENGTH_INFO,
                                 &Length, sizeof(Length), &Information)))
        Disk->Length = (ULONGLONG)Length.Length.QuadPart;
    *Found = Ahci;
    return TRUE;
}

#define KT_OPEN_AHCI_DISK(Ahci_, Disk_)                                        \
    do {                                                                       \
        if (AhcipController.Registers == NULL)                                 \
            KT_SKIP(KT_NO_AHCI);                                               \
        if (!open_disk(&(Ahci_), &(Disk_)))                                    \
            KT_SKIP(KT_NO_AHCI_DISK);                                          \
    } while (0)

KTEST(ahci_disk_has_the_disk_names_after_the_ata_disks)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    PAHCI_DISK Ahci = NULL;
    UNICODE_STRING DriverName;
    PUCHAR Registers;

    KT_OPEN_AHCI_DISK(Ahci, Disk);
    /* \Device\HarddiskN\Partition0 is the disk's DRN, numbered after
     * every ATA disk, so Mm's page-file search finds it as an ATA one. */
    KT_ASSERT(Disk.Device == Ahci->DeviceObject);
    KT_ASSERT_EQ(Ahci->Number, AtapDiskCount);
    KT_ASSERT_EQ(Disk.Device->DeviceType, FILE_DEVICE_DISK);
    KT_ASSERT(Disk.Device->Flags & DO_DIRECT_IO);
    KT_ASSERT_EQ(Disk.Device->SectorSize, KT_SECTOR);
    RtlInitUnicodeString(&DriverName, u"\\Driver\\storahci");
    KT_ASSERT(RtlEqualUnicodeString(&Disk.Device->DriverObject->DriverName,
                                    &DriverName, TRUE));
    KT_ASSERT_EQ(Disk.Length, Ahci->Shape.Sectors * KT_SECTOR);
    KT_ASSERT(Disk.Length != 0);
    /* The controller in AHCI mode with its interrupt on; the port's
     * engines running. */
    Registers = AhcipController.Registers;
    KT_ASSERT(AhcipRead(Registers, AHCI_GHC) & AHCI_GHC_AE);
    KT_ASSERT(AhcipRead(Registers, AHCI_GHC) & AHCI_GHC_IE);
    KT_ASSERT(AhcipController.Interrupt != NULL);
    KT_ASSERT(AhcipRead(Ahci->Port->Registers, AHCI_PX_CMD) & AHCI_PX_CMD_ST);
    KT_ASSERT(AhcipRead(Ahci->Port->Registers, AHCI_PX_CMD) & AHCI_PX_CMD_FRE);
    KT_CLEANUP;
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* Written and read back through IRPs, each command ended by the
 * controller's interrupt: one sector, 260 (two commands of at most 256)
 * and an odd buffer of 20 sectors, which goes through the bounce page a
 * page (8 sectors) a command. */
KTEST(ahci_irp_writes_read_back_and_complete_by_interrupt)
{
    KT_CLEANUP_SECTION;
    const ULONG Length = 260 * KT_SECTOR;
    KT_DISK Disk = {0};
    PAHCI_DISK Ahci = NULL;
    PUCHAR Out = NULL, In = NULL;
    ULONG Interrupts;
    NTSTATUS Status;

    KT_OPEN_AHCI_DISK(Ahci, Disk);
    if (!KtDiskWritable(&Disk))
        KT_SKIP(KT_NOT_WRITABLE);
    Out = ExAllocatePoolWithTag(NonPagedPool, Length + 2, KT_DISK_TAG);
    In = ExAllocatePoolWithTag(NonPagedPool, Length + 2, KT_DISK_TAG);
    KT_ASSERT(Out != NULL && In != NULL);
    Interrupts = AhcipController.InterruptCount;
    Status = KtDiskRoundTrip(&Disk, Out, In, KT_SECTOR, 0x31);
    KT_ASSERT_MSG(NT_SUCCESS(Status), "one sector: %08lx", (ULONG)Status);
    KT_ASSERT_EQ(AhcipController.InterruptCount - Interrupts, 2);
    Interrupts = AhcipController.InterruptCount;
    Status = KtDiskRoundTrip(&Disk, Out, In, Length, 0x77);
    KT_ASSERT_MSG(NT_SUCCESS(Status), "260 sectors: %08lx", (ULONG)Status);
    KT_ASSERT_EQ(AhcipController.InterruptCount - Interrupts, 4);
    Interrupts = AhcipController.InterruptCount;
    Status = KtDiskRoundTrip(&Disk, Out + 1, In + 1, 20 * KT_SECTOR, 0x55);
    KT_ASSERT_MSG(NT_SUCCESS(Status), "an odd buffer: %08lx", (ULONG)Status);
    KT_ASSERT_EQ(AhcipController.InterruptCount - Interrupts, 6);
    KT_CLEANUP;
    if (Out != NULL)
        ExFreePoolWithTag(Out, KT_DISK_TAG);
    if (In != NULL)
        ExFreePoolWithTag(In, KT_DISK_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

static NTSTATUS page_io(KT_DISK *Disk, BOOLEAN Write, PMDL Mdl, LONGLONG Offset)
{
    LARGE_INTEGER Where = {.QuadPart = Offset};
    IO_STATUS_BLOCK Iosb = {.Status = STATUS_PENDING};
    KEVENT Event;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Status = Write ? IoSynchronousPageWrite(Disk->FileObject, Mdl, &Where,
                                            &Event, &Iosb)
                   : IoPageRead(Disk->FileObject, Mdl, &Where, &Event, &Iosb);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb.Status;
    }
    return Status;
}

/* Paging I/O through an MDL of pages that are not neighbours (its frame
 * list reversed) starting 512 bytes into the first: the command's PRDT
 * has a piece per page, 3584 bytes, four whole pages, 512 bytes. */
KTEST(ahci_scattered_mdl_pages_round_trip)
{
    KT_CLEANUP_SECTION;
    const ULONG Pages = 6, Length = 5 * PAGE_SIZE;
    KT_DISK Disk = {0};
    PAHCI_DISK Ahci = NULL;
    PMDL Mdl = NULL;
    PUCHAR Va = NULL, Expected = NULL;
    PPFN_NUMBER Frames;
    PHYSICAL_ADDRESS Low = {.QuadPart = 0}, High = {.QuadPart = 0xFFFFFFFFLL},
                     Skip = {.QuadPart = 0};
    PULONG Header, Prdt;
    ULONG Index;
    NTSTATUS Status;

    KT_OPEN_AHCI_DISK(Ahci, Disk);
    if (!KtDiskWritable(&Disk))
        KT_SKIP(KT_NOT_WRITABLE);
    Mdl = MmAllocatePagesForMdl(Low, High, Skip, Pages * PAGE_SIZE);
    KT_ASSERT(Mdl != NULL && Mdl->ByteCount == Pages * PAGE_SIZE);
    Frames = MmGetMdlPfnArray(Mdl);
    for (Index = 0; Index < Pages / 2; Index++) {
        PFN_NUMBER Frame = Frames[Index];

        Frames[Index] = Frames[Pages - 1 - Index];
        Frames[Pages - 1 - Index] = Frame;
    }
    Mdl->ByteOffset = KT_SECTOR;
    Mdl->ByteCount = Length;
    Expected = ExAllocatePoolWithTag(NonPagedPool, Length, KT_DISK_TAG);
    KT_ASSERT(Expected != NULL);
    Va = MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE,
                                      HighPagePriority);
    KT_ASSERT(Va != NULL);
    KtDiskFill(Expected, Length, 0x6B);
    RtlCopyMemory(Va, Expected, Length);
    Status = page_io(&Disk, TRUE, Mdl, KT_SCRATCH_OFFSET);
    KT_ASSERT_MSG(NT_SUCCESS(Status), "write: %08lx", (ULONG)Status);
    RtlZeroMemory(Va, Length);
    Status = page_io(&Disk, FALSE, Mdl, KT_SCRATCH_OFFSET);
    KT_ASSERT_MSG(NT_SUCCESS(Status), "read: %08lx", (ULONG)Status);
    KT_ASSERT(RtlCompareMemory(Va, Expected, Length) == Length);
    /* The read's command, still in slot 0: six pieces, the frames in the
     * MDL's order. */
    Header = (PULONG)(Ahci->Port->Memory + AHCI_COMMAND_LIST);
    Prdt = (PULONG)(Ahci->Port->Memory + AHCI_PRDT);
    KT_ASSERT_EQ(Header[0] >> 16, Pages);
    KT_ASSERT_EQ(Header[0] & AHCI_HEADER_WRITE, 0);
    KT_ASSERT_EQ(Prdt[0], Frames[0] * PAGE_SIZE + KT_SECTOR);
    KT_ASSERT_EQ(Prdt[3] & 0x3FFFFF, PAGE_SIZE - KT_SECTOR - 1);
    for (Index = 1; Index < Pages - 1; Index++) {
        KT_ASSERT_EQ(Prdt[4 * Index], Frames[Index] * PAGE_SIZE);
        KT_ASSERT_EQ(Prdt[4 * Index + 3] & 0x3FFFFF, PAGE_SIZE - 1);
    }
    KT_ASSERT_EQ(Prdt[4 * (Pages - 1)], Frames[Pages - 1] * PAGE_SIZE);
    KT_ASSERT_EQ(Prdt[4 * (Pages - 1) + 3],
                 (KT_SECTOR - 1) | AHCI_PRDT_INTERRUPT);
    KT_CLEANUP;
    if (Mdl != NULL) {
        if (Va != NULL)
            MmUnmapLockedPages(Va, Mdl);
        Mdl->ByteOffset = 0;
        Mdl->ByteCount = Pages * PAGE_SIZE;
        MmFreePagesFromMdl(Mdl);
        ExFreePool(Mdl);
    }
    if (Expected != NULL)
        ExFreePoolWithTag(Expected, KT_DISK_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* Whole sectors inside the disk, or STATUS_INVALID_PARAMETER at once:
 * a refused write across the end changes nothing. */
KTEST(ahci_out_of_range_requests_are_refused)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    PAHCI_DISK Ahci = NULL;
    PUCHAR Before = NULL, Pattern = NULL, After = NULL;
    LONGLONG Last;
    ULONG Case;

    KT_OPEN_AHCI_DISK(Ahci, Disk);
    if (!KtDiskWritable(&Disk))
        KT_SKIP(KT_NOT_WRITABLE);
    Before = ExAllocatePoolWithTag(NonPagedPool, 2 * KT_SECTOR, KT_DISK_TAG);
    Pattern = ExAllocatePoolWithTag(NonPagedPool, 2 * KT_SECTOR, KT_DISK_TAG);
    After = ExAllocatePoolWithTag(NonPagedPool, 2 * KT_SECTOR, KT_DISK_TAG);
    KT_ASSERT(Before != NULL && Pattern != NULL && After != NULL);
    Last = (LONGLONG)Disk.Length - KT_SECTOR;
    KT_ASSERT_EQ(
        KtDiskTransfer(Disk.Device, IRP_MJ_READ, Before, KT_SECTOR, Last, NULL),
        STATUS_SUCCESS);
    KtDiskFill(Pattern, 2 * KT_SECTOR, 0x99);
    for (Case = 0; Case < 5; Case++) {
        static const struct {
            LONGLONG FromEnd; /* bytes before the end, or -1: offset 100 */
            ULONG Length;
        } Cases[] = {
            {KT_SECTOR, 2 * KT_SECTOR}, /* across the end */
            {0, KT_SECTOR},             /* at the end */
            {-KT_SECTOR, KT_SECTOR},    /* past it */
            {-1, KT_SECTOR},            /* an unaligned offset */
            {KT_SECTOR, 100},           /* a part of a sector */
        };
        LONGLONG Offset = Cases[Case].FromEnd == -1
                              ? 100
                              : (LONGLONG)Disk.Length - Cases[Case].FromEnd;

        KT_ASSERT_MSG(KtDiskTransfer(Disk.Device, IRP_MJ_WRITE, Pattern,
                                     Cases[Case].Length, Offset,
                                     NULL) == STATUS_INVALID_PARAMETER,
                      "write case %lu", Case);
        KT_ASSERT_MSG(KtDiskTransfer(Disk.Device, IRP_MJ_READ, After,
                                     Cases[Case].Length, Offset,
                                     NULL) == STATUS_INVALID_PARAMETER,
                      "read case %lu", Case);
    }
    KT_ASSERT_EQ(
        KtDiskTransfer(Disk.Device, IRP_MJ_READ, After, KT_SECTOR, Last, NULL),
        STATUS_SUCCESS);
    KT_ASSERT(RtlCompareMemory(After, Before, KT_SECTOR) == KT_SECTOR);
    KT_CLEANUP;
    if (Before != NULL)
        ExFreePoolWithTag(Before, KT_DISK_TAG);
    if (Pattern != NULL)
        ExFreePoolWithTag(Pattern, KT_DISK_TAG);
    if (After != NULL)
        ExFreePoolWithTag(After, KT_DISK_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}
