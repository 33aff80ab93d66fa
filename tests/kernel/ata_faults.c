/*
 * A disk that fails and a controller that never answers: requests end
 * with a status, the machine goes on, and the next request works. Both
 * run by name only, in boots of their own (tools/test.sh): the read error
 * needs QEMU's blkdebug to fail reads of sector KT_BAD_SECTOR, and the
 * timeout waits out the driver's seconds, which the suites need not
 * spend on every machine.
 */
#include "drivers/ata.h"
#include "kernel/ktest.h"
#include "kt_disk.h"

/* tools/test.sh's blkdebug rule fails every read of this sector. */
#define KT_BAD_SECTOR 100

static NTSTATUS read_sectors(KT_DISK *Disk, PUCHAR Buffer, ULONG First,
                             ULONG Count)
{
    return KtDiskTransfer(Disk->Device, IRP_MJ_READ, Buffer, Count * KT_SECTOR,
                          (LONGLONG)First * KT_SECTOR, NULL);
}

static NTSTATUS page_read(KT_DISK *Disk, PVOID Buffer, ULONG Length,
                          LONGLONG Offset)
{
    LARGE_INTEGER Where = {.QuadPart = Offset};
    IO_STATUS_BLOCK Iosb = {.Status = STATUS_PENDING};
    PMDL Mdl = IoAllocateMdl(Buffer, Length, FALSE, FALSE, NULL);
    KEVENT Event;
    NTSTATUS Status;

    if (Mdl == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    MmBuildMdlForNonPagedPool(Mdl);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Status = IoPageRead(Disk->FileObject, Mdl, &Where, &Event, &Iosb);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb.Status;
    }
    IoFreeMdl(Mdl);
    return Status;
}

/* The failing sector and around it, by the disk's current mode. */
static NTSTATUS reads_around(KT_DISK *Disk, PUCHAR Buffer, PCSTR *Failed)
{
    static const struct {
        PCSTR Name;
        ULONG First, Count; /* sectors; 0 count: a page by IoPageRead */
        NTSTATUS Expected;
    } Reads[] = {
        {"the sector before", KT_BAD_SECTOR - 1, 1, STATUS_SUCCESS},
        {"the bad sector", KT_BAD_SECTOR, 1, STATUS_DEVICE_DATA_ERROR},
        {"the sector after", KT_BAD_SECTOR + 1, 1, STATUS_SUCCESS},
        {"a run across it", KT_BAD_SECTOR - 2, 4, STATUS_DEVICE_DATA_ERROR},
        {"the page holding it", KT_BAD_SECTOR & ~7UL, 0,
         STATUS_DEVICE_DATA_ERROR},
        {"page 0", 0, 0, STATUS_SUCCESS},
        {"the sector before, again", KT_BAD_SECTOR - 1, 1, STATUS_SUCCESS},
    };
    ULONG Index;

    for (Index = 0; Index < sizeof(Reads) / sizeof(Reads[0]); Index++) {
        NTSTATUS Status =
            Reads[Index].Count != 0
                ? read_sectors(Disk, Buffer, Reads[Index].First,
                               Reads[Index].Count)
                : page_read(Disk, Buffer, PAGE_SIZE,
                            (LONGLONG)Reads[Index].First * KT_SECTOR);

        *Failed = Reads[Index].Name;
        if (Status != Reads[Index].Expected)
            return Status == STATUS_SUCCESS ? STATUS_UNSUCCESSFUL : Status;
        /* Page 0 came in whole after the error. */
        if (Reads[Index].First == 0 &&
            RtlCompareMemory(Buffer, KT_PAGE_FILE_SIGNATURE, 16) != 16)
            return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

KTEST_EXTERNAL(ata_read_error_is_a_status_and_the_next_read_works)
{
    KT_CLEANUP_SECTION;
    KT_DISK Disk = {0};
    PUCHAR Buffer = NULL;
    ULONG Mode;

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    Buffer = ExAllocatePoolWithTag(NonPagedPool, PAGE_SIZE, KT_DISK_TAG);
    KT_ASSERT(Buffer != NULL);
    for (Mode = 0; Mode < KtDiskModes(); Mode++) {
        PCSTR Name = Mode == 0 && KtDiskModes() == 2 ? "DMA" : "PIO", Failed;
        NTSTATUS Status;

        KtDiskUsePio(Mode == 1);
        Status = reads_around(&Disk, Buffer, &Failed);
        KT_ASSERT_MSG(NT_SUCCESS(Status), "%s by %s: %08lx", Failed, Name,
                      (ULONG)Status);
    }
    KT_CLEANUP;
    KtDiskUsePio(FALSE);
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, KT_DISK_TAG);
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* A disk on a channel nobody decodes (the tertiary one's ports): its
 * status reads 0xFF, busy for ever. */
#define KT_DEAD_COMMAND_BASE 0x1E8
#define KT_DEAD_CONTROL_BASE 0x3EE
#define KT_DEAD_DISK_NUMBER 9

KTEST_EXTERNAL(ata_controller_that_never_answers_times_out)
{
    KT_CLEANUP_SECTION;
    static ATA_CHANNEL Dead;
    ATA_IDENTITY Identity = {.Sectors = 2048, .Model = "dead"};
    UNICODE_STRING DriverName;
    PDRIVER_OBJECT Driver = NULL;
    PATA_DISK Disk = NULL;
    PUCHAR Buffer = NULL;
    NTSTATUS Statuses[2];
    ULONGLONG Waited;
    ULONG Index;

    AtapInitializeChannel(&Dead, KT_DEAD_COMMAND_BASE, KT_DEAD_CONTROL_BASE, 0);
    Dead.TimeoutTicks = 2; /* a second or two each, not three */
    if (AtapReadAltStatus(&Dead) != 0xFF)
        KT_SKIP("something answers at %x", KT_DEAD_COMMAND_BASE);
    RtlInitUnicodeString(&DriverName, u"\\Driver\\Atapi");
    KT_ASSERT_EQ(ObReferenceObjectByName(&DriverName, OBJ_CASE_INSENSITIVE,
                                         NULL, 0, *IoDriverObjectType,
                                         KernelMode, NULL, (PVOID *)&Driver),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        AtapCreateDisk(Driver, &Dead, 0, KT_DEAD_DISK_NUMBER, &Identity, &Disk),
        STATUS_SUCCESS);
    Buffer = ExAllocatePoolWithTag(NonPagedPool, 2 * KT_SECTOR, KT_DISK_TAG);
    KT_ASSERT(Buffer != NULL);
    /* Two requests: the second waits in the queue behind the first. */
    KT_ASSERT_EQ(
        KtDiskTwoQueuedReads(Disk->DeviceObject, Buffer, Statuses, &Waited),
        STATUS_SUCCESS);
    for (Index = 0; Index < 2; Index++)
        KT_ASSERT_EQ(Statuses[Index], STATUS_IO_TIMEOUT);
    /* Each took at least a whole second of the device timer. */
    KT_ASSERT_MSG(Waited >= 2 * (Dead.TimeoutTicks - 1) * 10000000ULL,
                  "both timed out after %lu ms", (ULONG)(Waited / 10000));
    KT_ASSERT_EQ(Dead.State, AtaIdle);
    KT_CLEANUP;
    if (Disk != NULL)
        AtapDeleteDisk(Disk);
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, KT_DISK_TAG);
    if (Driver != NULL)
        ObDereferenceObject(Driver);
}
