/*
 * The ATA disk driver on disk 0, when the boot has one (tools/test.sh
 * attaches a fresh page-file image to one suite): its names, sector 0,
 * its control codes, IRP reads and writes and what it refuses
 * (kt_disk.h: without a disk each test skips, and only a page-file disk
 * is written).
 */
#include "drivers/ata.h"
#include "kernel/ktest.h"
#include "kt_disk.h"
#include "ntdddisk.h"

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

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    KT_ASSERT(Disk.FileObject->DeviceObject == Disk.Device);
    KT_ASSERT_EQ(Disk.Device->DeviceType, FILE_DEVICE_DISK);
    KT_ASSERT(Disk.Device->Flags & DO_DIRECT_IO);
    KT_ASSERT_EQ(Disk.Device->SectorSize, KT_SECTOR);
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
    RtlInitUnicodeString(&Name, KT_DISK0);
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

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    Sector = ExAllocatePoolWithTag(NonPagedPool, KT_SECTOR, KT_DISK_TAG);
    KT_ASSERT(Sector != NULL);
    KT_ASSERT_EQ(KtDiskTransfer(Disk.Device, IRP_MJ_READ, Sector, KT_SECTOR, 0,
                                &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, KT_SECTOR);
    KT_ASSERT_MSG(RtlCompareMemory(Sector, KT_PAGE_FILE_SIGNATURE, 16) == 16,
                  "sector 0 starts '%.16s'", Sector);
    KT_CLEANUP;
    if (Sector != NULL)
        ExFreePoolWithTag(Sector, KT_DISK_TAG);
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

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    KT_ASSERT_EQ(IOCTL_DISK_GET_DRIVE_GEOMETRY, 0x00070000);
    KT_ASSERT_EQ(IOCTL_DISK_GET_LENGTH_INFO, 0x0007405C);
    KT_ASSERT_EQ(KtDiskControl(Disk.Device, IOCTL_DISK_GET_LENGTH_INFO, &Length,
                               sizeof(Length), &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, sizeof(Length));
    KT_ASSERT(Length.Length.QuadPart >= 1024 * 1024 &&
              Length.Length.QuadPart % KT_SECTOR == 0);
    KT_ASSERT_EQ(KtDiskControl(Disk.Device, IOCTL_DISK_GET_DRIVE_GEOMETRY,
                               &Geometry, sizeof(Geometry), &Information),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Information, sizeof(Geometry));
    KT_ASSERT_EQ(Geometry.MediaType, FixedMedia);
    KT_ASSERT_EQ(Geometry.BytesPerSector, KT_SECTOR);
    Cylinder = (ULONGLONG)Geometry.TracksPerCylinder *
               Geometry.SectorsPerTrack * KT_SECTOR;
    KT_ASSERT(Cylinder != 0);
    KT_ASSERT_EQ(Geometry.Cylinders.QuadPart,
                 (ULONGLONG)Length.Length.QuadPart / Cylinder);
    KT_ASSERT_EQ(KtDiskControl(Disk.Device, IOCTL_DISK_GET_DRIVE_GEOMETRY,
                               &Geometry, sizeof(Geometry) - 1, &Information),
                 STATUS_BUFFER_TOO_SMALL);
    KT_CLEANUP;
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}

/* Written and read back through IRPs: one sector, a run longer than one
 * command's 256 sectors, and a buffer at an odd address (which the bus
 * master cannot take: it goes by PIO); by DMA when the disk has it, and
 * by PIO. */
KTEST(ata_irp_write_then_read_round_trip)
{
    KT_CLEANUP_SECTION;
    const ULONG Length = 260 * KT_SECTOR;
    KT_DISK Disk = {0};
    PUCHAR Out = NULL, In = NULL;
    ULONG Mode;

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    if (!KtDiskWritable(&Disk))
        KT_SKIP(KT_NOT_WRITABLE);
    Out = ExAllocatePoolWithTag(NonPagedPool, Length + 2, KT_DISK_TAG);
    In = ExAllocatePoolWithTag(NonPagedPool, Length + 2, KT_DISK_TAG);
    KT_ASSERT(Out != NULL && In != NULL);
    for (Mode = 0; Mode < KtDiskModes(); Mode++) {
        PCSTR Name = Mode == 0 && KtDiskModes() == 2 ? "DMA" : "PIO";

        KtDiskUsePio(Mode == 1);
        KT_ASSERT_MSG(
            NT_SUCCESS(KtDiskRoundTrip(&Disk, Out, In, KT_SECTOR, 0x31 + Mode)),
            "one sector by %s", Name);
        KT_ASSERT_MSG(
            NT_SUCCESS(KtDiskRoundTrip(&Disk, Out, In, Length, 0x77 + Mode)),
            "260 sectors by %s", Name);
        KT_ASSERT_MSG(NT_SUCCESS(KtDiskRoundTrip(&Disk, Out + 1, In + 1,
                                                 3 * KT_SECTOR, 0x55 + Mode)),
                      "an odd buffer by %s", Name);
    }
    KT_CLEANUP;
    KtDiskUsePio(FALSE);
    if (Out != NULL)
        ExFreePoolWithTag(Out, KT_DISK_TAG);
    if (In != NULL)
        ExFreePoolWithTag(In, KT_DISK_TAG);
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
    const ULONG Span = 4 * KT_SECTOR;
    LONGLONG Last;
    ULONG Case;

    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    if (!KtDiskWritable(&Disk))
        KT_SKIP(KT_NOT_WRITABLE);
    KT_ASSERT(Disk.Length >= 1024 * 1024);
    Before = ExAllocatePoolWithTag(NonPagedPool, 2 * Span, KT_DISK_TAG);
    Pattern = ExAllocatePoolWithTag(NonPagedPool, 2 * Span, KT_DISK_TAG);
    After = ExAllocatePoolWithTag(NonPagedPool, 2 * Span, KT_DISK_TAG);
    KT_ASSERT(Before != NULL && Pattern != NULL && After != NULL);
    Last = (LONGLONG)Disk.Length - Span;
    /* What is there: the scratch sectors and the disk's last ones. */
    KT_ASSERT_EQ(KtDiskTransfer(Disk.Device, IRP_MJ_READ, Before, Span,
                                KT_SCRATCH_OFFSET, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtDiskTransfer(Disk.Device, IRP_MJ_READ, Before + Span, Span,
                                Last, NULL),
                 STATUS_SUCCESS);
    KtDiskFill(Pattern, 2 * Span, 0xC3);
    for (Case = 0; Case < 5; Case++) {
        static const struct {
            LONGLONG Offset; /* from the scratch area, or (End) the end */
            ULONG Length;
            BOOLEAN End;
        } Cases[] = {{1, KT_SECTOR, FALSE},
                     {0, KT_SECTOR + 100, FALSE},
                     {0, 0, TRUE},
                     {-KT_SECTOR, 2 * KT_SECTOR, TRUE},
                     {KT_SECTOR, KT_SECTOR, TRUE}};
        LONGLONG Offset = Cases[Case].End
                              ? (LONGLONG)Disk.Length + Cases[Case].Offset
                              : KT_SCRATCH_OFFSET + Cases[Case].Offset;
        ULONG Length = Cases[Case].Length ? Cases[Case].Length : KT_SECTOR;
        ULONG Major;

        for (Major = IRP_MJ_READ; Major <= IRP_MJ_WRITE; Major++)
            KT_ASSERT_MSG(KtDiskTransfer(Disk.Device, Major, Pattern, Length,
                                         Offset,
                                         NULL) == STATUS_INVALID_PARAMETER,
                          "case %lu, major %lu", Case, Major);
    }
    KT_ASSERT_EQ(KtDiskTransfer(Disk.Device, IRP_MJ_READ, After, Span,
                                KT_SCRATCH_OFFSET, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtDiskTransfer(Disk.Device, IRP_MJ_READ, After + Span, Span,
                                Last, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT(RtlCompareMemory(Before, After, 2 * Span) == 2 * Span);
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

/* QEMU's pc machine and Bochs have a PIIX whose bus master serves the
 * legacy channels: a disk there moves its data by DMA. */
KTEST(ata_disk_uses_the_bus_master_where_there_is_one)
{
    PCI_SLOT_NUMBER Slot = {.u.AsULONG = 0};
    BOOLEAN Found = FALSE;
    ULONG Device, Function;

    if (AtapGetDisk(0) == NULL)
        KT_SKIP(KT_NO_DISK);
    for (Device = 0; Device < PCI_MAX_DEVICES && !Found; Device++) {
        for (Function = 0; Function < PCI_MAX_FUNCTION && !Found; Function++) {
            ULONG Class = 0;

            Slot.u.bits.DeviceNumber = Device;
            Slot.u.bits.FunctionNumber = Function;
            if (HalGetBusDataByOffset(PCIConfiguration, 0, Slot.u.AsULONG,
                                      &Class, 8, sizeof(Class)) != 4)
                continue;
            Found = (Class >> 16) == 0x0101 && (Class & 0x8000) &&
                    !(Class & 0x0500);
        }
    }
    if (!Found)
        KT_SKIP("no PCI IDE bus master on bus 0");
    KT_ASSERT(AtapGetDisk(0)->Channel->BusMasterBase != 0);
    KT_ASSERT(AtapGetDisk(0)->Dma);
}
