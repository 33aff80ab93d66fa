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

NTSTATUS AtapCreateDisk(PDRIVER_OBJECT Driver, PATA_CHANNEL Channel,
                        UCHAR Device, ULONG Number,
                        const ATA_IDENTITY *Identity, PATA_DISK *Disk)
{
    PDEVICE_OBJECT DeviceObject;
    PATA_DISK New;
    NTSTATUS Status;

    Status = DiskpCreateDevice(Driver, sizeof(ATA_DISK), Number, &DeviceObject);
    if (!NT_SUCCESS(Status))
        return Status;
    New = DeviceObject->DeviceExtension;
    New->Channel = Channel;
    New->DeviceObject = DeviceObject;
    New->Number = Number;
    New->Device = Device;
    New->Lba48 = Identity->Lba48;
    New->Dma = Identity->Dma && Channel->BusMasterBase != 0;
    New->Shape.Sectors = Identity->Sectors;
    New->Shape.Heads = Identity->Heads;
    New->Shape.SectorsPerTrack = Identity->SectorsPerTrack;
    RtlCopyMemory(New->Model, Identity->Model, sizeof(New->Model));
    if (Channel->TimerDisk == NULL) {
        Status = IoInitializeTimer(DeviceObject, AtapTimer, Channel);
        if (!NT_SUCCESS(Status)) {
            DiskpDeleteDevice(DeviceObject, Number);
            return Status;
        }
        Channel->TimerDisk = New;
        IoStartTimer(DeviceObject);
    }
    DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    *Disk = New;
    return STATUS_SUCCESS;
}

VOID AtapDeleteDisk(PATA_DISK Disk)
{
    if (Disk->Channel->TimerDisk == Disk) {
        IoStopTimer(Disk->DeviceObject);
        Disk->Channel->TimerDisk = NULL;
    }
    DiskpDeleteDevice(Disk->DeviceObject, Disk->Number);
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
                 (ULONG)(Disk->Shape.Sectors / (1024 * 1024 / ATA_SECTOR_SIZE)),
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
    Driver->MajorFunction[IRP_MJ_CREATE] = DiskpDispatchCreateClose;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = DiskpDispatchCreateClose;
    Driver->MajorFunction[IRP_MJ_CLOSE] = DiskpDispatchCreateClose;
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
