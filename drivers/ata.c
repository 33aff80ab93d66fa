/*
 * The ATA (IDE) disk driver, built in: \Driver\Atapi, created at boot
 * after the console drivers. It probes the two legacy channels (0x1F0
 * with IRQ 14, 0x170 with IRQ 15), master and slave, and makes each ATA
 * disk N \Device\HarddiskN\DRN, with NT's links to it:
 * \Device\HarddiskN\Partition0 (the whole disk) and \??\PhysicalDriveN.
 * A machine without legacy IDE (q35's AHCI) has no disk, and says so.
 * docs/disk.md tells the story.
 */
#include "ata.h"
#include "kernel/io.h"

#define MAX_DISKS 4 /* two channels, two devices each */

static ATA_CHANNEL channels[2];
static PATA_DISK disks[MAX_DISKS];
ULONG AtapDiskCount;

PATA_DISK AtapGetDisk(ULONG Number)
{
    return Number < AtapDiskCount ? disks[Number] : NULL;
}

VOID AtapInitializeChannel(PATA_CHANNEL Channel, USHORT CommandBase,
                           USHORT ControlBase, ULONG Irq)
{
    RtlZeroMemory(Channel, sizeof(*Channel));
    Channel->CommandBase = CommandBase;
    Channel->ControlBase = ControlBase;
    Channel->Irq = Irq;
    Channel->TimeoutTicks = ATA_TIMEOUT_TICKS;
    KeInitializeSpinLock(&Channel->Lock);
    KeInitializeDeviceQueue(&Channel->Queue);
    InitializeListHead(&Channel->TimedOut);
    KeInitializeDpc(&Channel->Dpc, AtapDeferredService, Channel);
    Channel->State = AtaIdle;
}

/* Path with its '#' characters replaced by Number's one digit (there are
 * at most four disks). */
static VOID make_name(PWCHAR Buffer, PCWSTR Path, ULONG Number,
                      PUNICODE_STRING Name)
{
    ULONG Index;

    for (Index = 0; Path[Index] != 0; Index++)
        Buffer[Index] =
            Path[Index] == u'#' ? (WCHAR)(u'0' + Number) : Path[Index];
    Buffer[Index] = 0;
    RtlInitUnicodeString(Name, Buffer);
}

static NTSTATUS create_directory(ULONG Number)
{
    WCHAR Buffer[32];
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;

    make_name(Buffer, u"\\Device\\Harddisk#", Number, &Name);
    InitializeObjectAttributes(
        &Attributes, &Name,
        OBJ_PERMANENT | OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status =
        ZwCreateDirectoryObject(&Handle, DIRECTORY_ALL_ACCESS, &Attributes);
    if (NT_SUCCESS(Status))
        ZwClose(Handle);
    return Status;
}

static NTSTATUS create_link(PCWSTR LinkPath, PUNICODE_STRING Target,
                            ULONG Number)
{
    WCHAR Buffer[48];
    UNICODE_STRING Link;

    make_name(Buffer, LinkPath, Number, &Link);
    return IoCreateSymbolicLink(&Link, Target);
}

NTSTATUS AtapCreateDisk(PDRIVER_OBJECT Driver, PATA_CHANNEL Channel,
                        UCHAR Device, ULONG Number,
                        const ATA_IDENTITY *Identity, PATA_DISK *Disk)
{
    WCHAR Buffer[48];
    UNICODE_STRING Name;
    PDEVICE_OBJECT DeviceObject;
    PATA_DISK New;
    NTSTATUS Status;

    Status = create_directory(Number);
    if (!NT_SUCCESS(Status) && Status != STATUS_OBJECT_NAME_COLLISION)
        return Status;
    make_name(Buffer, u"\\Device\\Harddisk#\\DR#", Number, &Name);
    Status = IoCreateDevice(Driver, sizeof(ATA_DISK), &Name, FILE_DEVICE_DISK,
                            0, FALSE, &DeviceObject);
    if (!NT_SUCCESS(Status))
        return Status;
    New = DeviceObject->DeviceExtension;
    RtlZeroMemory(New, sizeof(*New));
    New->Channel = Channel;
    New->DeviceObject = DeviceObject;
    New->Number = Number;
    New->Device = Device;
    New->Lba48 = Identity->Lba48;
    New->Dma = Identity->Dma && Channel->BusMasterBase != 0;
    New->Sectors = Identity->Sectors;
    New->Cylinders = Identity->Cylinders;
    New->Heads = Identity->Heads;
    New->SectorsPerTrack = Identity->SectorsPerTrack;
    RtlCopyMemory(New->Model, Identity->Model, sizeof(New->Model));
    /* PIO moves words; DMA would want more. */
    DeviceObject->Flags |= DO_DIRECT_IO;
    DeviceObject->AlignmentRequirement = FILE_WORD_ALIGNMENT;
    DeviceObject->SectorSize = ATA_SECTOR_SIZE;
    Status = create_link(u"\\Device\\Harddisk#\\Partition0", &Name, Number);
    if (NT_SUCCESS(Status))
        Status = create_link(u"\\??\\PhysicalDrive#", &Name, Number);
    if (NT_SUCCESS(Status) && Channel->TimerDisk == NULL) {
        Status = IoInitializeTimer(DeviceObject, AtapTimer, Channel);
        if (NT_SUCCESS(Status)) {
            Channel->TimerDisk = New;
            IoStartTimer(DeviceObject);
        }
    }
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(DeviceObject);
        return Status;
    }
    DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    *Disk = New;
    return STATUS_SUCCESS;
}

static VOID delete_link(PCWSTR LinkPath, ULONG Number)
{
    WCHAR Buffer[48];
    UNICODE_STRING Link;

    make_name(Buffer, LinkPath, Number, &Link);
    IoDeleteSymbolicLink(&Link);
}

/* \Device\HarddiskN goes when nothing else holds it. */
static VOID delete_directory(ULONG Number)
{
    WCHAR Buffer[32];
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;

    make_name(Buffer, u"\\Device\\Harddisk#", Number, &Name);
    InitializeObjectAttributes(&Attributes, &Name,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL,
                               NULL);
    if (NT_SUCCESS(ZwOpenDirectoryObject(&Handle, DIRECTORY_ALL_ACCESS,
                                         &Attributes))) {
        ZwMakeTemporaryObject(Handle);
        ZwClose(Handle);
    }
}

VOID AtapDeleteDisk(PATA_DISK Disk)
{
    ULONG Number = Disk->Number;

    if (Disk->Channel->TimerDisk == Disk) {
        IoStopTimer(Disk->DeviceObject);
        Disk->Channel->TimerDisk = NULL;
    }
    delete_link(u"\\Device\\Harddisk#\\Partition0", Number);
    delete_link(u"\\??\\PhysicalDrive#", Number);
    IoDeleteDevice(Disk->DeviceObject);
    delete_directory(Number);
}

/* The channel's interrupt, once it has a disk; the devices' interrupts
 * (off while probing) on. */
static NTSTATUS connect_channel(PATA_CHANNEL Channel)
{
    KIRQL Irql;
    KAFFINITY Affinity;
    ULONG Vector = HalGetInterruptVector(Isa, 0, Channel->Irq, Channel->Irq,
                                         &Irql, &Affinity);
    NTSTATUS Status;

    if (Vector == 0)
        return STATUS_INVALID_PARAMETER;
    (void)AtapReadStatus(Channel); /* nothing left pending */
    Status = IoConnectInterrupt(&Channel->Interrupt, AtapInterruptService,
                                Channel, NULL, Vector, Irql, Irql, Latched,
                                FALSE, Affinity, FALSE);
    if (NT_SUCCESS(Status))
        AtapWriteControl(Channel, 0);
    return Status;
}

static VOID probe_channel(PDRIVER_OBJECT Driver, PATA_CHANNEL Channel)
{
    UCHAR Device;
    ULONG First = AtapDiskCount;

    if (AtapReadAltStatus(Channel) == 0xFF)
        return; /* nothing decodes these ports */
    AtapWriteControl(Channel, ATA_CONTROL_NIEN);
    for (Device = 0; Device < 2; Device++) {
        ATA_IDENTITY Identity;
        PATA_DISK Disk;
        NTSTATUS Status;

        if (!AtapIdentify(Channel, Device, &Identity))
            continue;
        Status = AtapCreateDisk(Driver, Channel, Device, AtapDiskCount,
                                &Identity, &Disk);
        if (!NT_SUCCESS(Status)) {
            DbgPrint("ata: disk on %03x/%u not created (status %08lx)\n",
                     Channel->CommandBase, Device, (ULONG)Status);
            continue;
        }
        disks[AtapDiskCount++] = Disk;
        DbgPrint("ata: \\Device\\Harddisk%lu\\Partition0: %s, %lu MiB, "
                 "%s on %03x IRQ %lu, LBA%s, %s\n",
                 Disk->Number, Disk->Model,
                 (ULONG)(Disk->Sectors / (1024 * 1024 / ATA_SECTOR_SIZE)),
                 Device ? "slave" : "master", Channel->CommandBase,
                 Channel->Irq, Disk->Lba48 ? "48" : "28",
                 Disk->Dma ? "bus-master DMA" : "PIO");
    }
    if (AtapDiskCount != First) {
        NTSTATUS Status = connect_channel(Channel);

        if (!NT_SUCCESS(Status))
            DbgPrint("ata: cannot connect IRQ %lu (status %08lx)\n",
                     Channel->Irq, (ULONG)Status);
    }
}

static NTSTATUS NTAPI atapi_entry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    UNREFERENCED_PARAMETER(Path);
    Driver->MajorFunction[IRP_MJ_CREATE] = AtapDispatchCreateClose;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = AtapDispatchCreateClose;
    Driver->MajorFunction[IRP_MJ_CLOSE] = AtapDispatchCreateClose;
    Driver->MajorFunction[IRP_MJ_READ] = AtapDispatchReadWrite;
    Driver->MajorFunction[IRP_MJ_WRITE] = AtapDispatchReadWrite;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AtapDispatchDeviceControl;
    AtapInitializeChannel(&channels[0], 0x1F0, 0x3F6, 14);
    AtapInitializeChannel(&channels[1], 0x170, 0x376, 15);
    AtapFindBusMaster(&channels[0], &channels[1]);
    probe_channel(Driver, &channels[0]);
    probe_channel(Driver, &channels[1]);
    if (AtapDiskCount == 0)
        DbgPrint("ata: no disks\n");
    return STATUS_SUCCESS;
}

VOID IopCreateDiskDrivers(VOID)
{
    UNICODE_STRING Name;
    NTSTATUS Status;

    RtlInitUnicodeString(&Name, u"\\Driver\\Atapi");
    Status = IoCreateDriver(&Name, atapi_entry);
    if (!NT_SUCCESS(Status))
        DbgPrint("io: atapi did not start: %08lx\n", (ULONG)Status);
}
