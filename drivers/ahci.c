/*
 * The AHCI (SATA) disk driver, built in: \Driver\storahci, created at
 * boot right after \Driver\Atapi, for the disks of q35's ICH9 and of the
 * UEFI machines. It finds the controller (ahci_controller.c), starts
 * each implemented port with an ATA disk (ahci_port.c), asks the disk
 * IDENTIFY DEVICE (ahci_identify.c) and makes it disk N, numbered after
 * the ATA disks, with the names the ATA driver gives (disk_device.c):
 * \Device\HarddiskN\DRN, \Device\HarddiskN\Partition0 and
 * \??\PhysicalDriveN, where Mm looks for its page file. Then it connects
 * the controller's interrupt and turns the ports' interrupts on.
 * docs/disk.md ("AHCI") tells the story.
 */
#include "ahci.h"
#include "kernel/io.h"

AHCI_CONTROLLER AhcipController;
ULONG AhcipDiskCount;
static PAHCI_DISK disks[AHCI_MAX_PORTS];

PAHCI_DISK AhcipGetDisk(ULONG Index)
{
    return Index < AhcipDiskCount ? disks[Index] : NULL;
}

NTSTATUS AhcipCreateDisk(PDRIVER_OBJECT Driver, PAHCI_PORT Port, ULONG Number,
                         const ATA_IDENTITY *Identity, PAHCI_DISK *Created)
{
    PDEVICE_OBJECT DeviceObject;
    PAHCI_DISK Disk;
    NTSTATUS Status;

    Status =
        DiskpCreateDevice(Driver, sizeof(AHCI_DISK), Number, &DeviceObject);
    if (!NT_SUCCESS(Status))
        return Status;
    Disk = DeviceObject->DeviceExtension;
    Disk->Port = Port;
    Disk->DeviceObject = DeviceObject;
    Disk->Number = Number;
    Disk->Lba48 = Identity->Lba48;
    Disk->Shape.Sectors = Identity->Sectors;
    Disk->Shape.Heads = Identity->Heads;
    Disk->Shape.SectorsPerTrack = Identity->SectorsPerTrack;
    RtlCopyMemory(Disk->Model, Identity->Model, sizeof(Disk->Model));
    Status = IoInitializeTimer(DeviceObject, AhcipTimer, Port);
    if (!NT_SUCCESS(Status)) {
        DiskpDeleteDevice(DeviceObject, Number);
        return Status;
    }
    Port->Disk = Disk;
    IoStartTimer(DeviceObject);
    DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    *Created = Disk;
    return STATUS_SUCCESS;
}

VOID AhcipDeleteDisk(PAHCI_DISK Disk)
{
    IoStopTimer(Disk->DeviceObject);
    Disk->Port->Disk = NULL;
    DiskpDeleteDevice(Disk->DeviceObject, Disk->Number);
}

/* Port Index's disk, if it has one, as disk Number. */
static BOOLEAN probe_port(PDRIVER_OBJECT Driver, PAHCI_CONTROLLER Controller,
                          ULONG Index, ULONG Number)
{
    PAHCI_PORT Port =
        ExAllocatePoolWithTag(NonPagedPool, sizeof(*Port), AHCI_POOL_TAG);
    ATA_IDENTITY Identity;
    PAHCI_DISK Disk;
    NTSTATUS Status;

    if (Port == NULL)
        return FALSE;
    AhcipInitializePort(Port, Controller, Index);
    if (!AhcipPortHasDisk(Port) || !AhcipStartPort(Port) ||
        !AhcipIdentify(Port, &Identity)) {
        AhcipReleasePort(Port);
        ExFreePoolWithTag(Port, AHCI_POOL_TAG);
        return FALSE;
    }
    Status = AhcipCreateDisk(Driver, Port, Number, &Identity, &Disk);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("ahci: disk on port %lu not created (status %08lx)\n", Index,
                 (ULONG)Status);
        AhcipReleasePort(Port);
        ExFreePoolWithTag(Port, AHCI_POOL_TAG);
        return FALSE;
    }
    disks[AhcipDiskCount++] = Disk;
    Controller->Ports[Index] = Port;
    Controller->DiskPorts |= 1UL << Index;
    DbgPrint("ahci: \\Device\\Harddisk%lu\\Partition0: %s, %lu MiB, port %lu "
             "IRQ %lu, LBA%s\n",
             Number, Port->Disk->Model,
             (ULONG)(Identity.Sectors / (1024 * 1024 / DISK_SECTOR_SIZE)),
             Index, Controller->Irq, Identity.Lba48 ? "48" : "28");
    return TRUE;
}

/* The controller's PCI line as the firmware routed it, through the HAL
 * as an ISA IRQ (the PIC's, or the IO-APIC pin the MADT gives it),
 * level-triggered and shared as PCI lines are; then the ports' end of
 * command and error interrupts on, and the controller's. */
static NTSTATUS connect_controller(PAHCI_CONTROLLER Controller)
{
    KIRQL Irql;
    KAFFINITY Affinity;
    ULONG Vector = HalGetInterruptVector(Isa, 0, Controller->Irq,
                                         Controller->Irq, &Irql, &Affinity);
    ULONG Index;
    NTSTATUS Status;

    if (Vector == 0)
        return STATUS_INVALID_PARAMETER;
    Status = IoConnectInterrupt(&Controller->Interrupt, AhcipInterruptService,
                                Controller, NULL, Vector, Irql, Irql,
                                LevelSensitive, TRUE, Affinity, FALSE);
    if (!NT_SUCCESS(Status))
        return Status;
    for (Index = 0; Index < AHCI_MAX_PORTS; Index++) {
        PAHCI_PORT Port = Controller->Ports[Index];

        if (Port == NULL)
            continue;
        AhcipWrite(Port->Registers, AHCI_PX_IS, 0xFFFFFFFFUL);
        AhcipWrite(Port->Registers, AHCI_PX_IE,
                   AHCI_PX_IS_DONE | AHCI_PX_IS_FATAL);
    }
    AhcipWrite(Controller->Registers, AHCI_IS, 0xFFFFFFFFUL);
    AhcipWrite(Controller->Registers, AHCI_GHC,
               AhcipRead(Controller->Registers, AHCI_GHC) | AHCI_GHC_IE);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI storahci_entry(PDRIVER_OBJECT Driver,
                                     PUNICODE_STRING Path)
{
    PAHCI_CONTROLLER Controller = &AhcipController;
    ULONG Implemented, Index, Number = AtapDiskCount;

    UNREFERENCED_PARAMETER(Path);
    Driver->MajorFunction[IRP_MJ_CREATE] = DiskpDispatchCreateClose;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = DiskpDispatchCreateClose;
    Driver->MajorFunction[IRP_MJ_CLOSE] = DiskpDispatchCreateClose;
    Driver->MajorFunction[IRP_MJ_READ] = AhcipDispatchReadWrite;
    Driver->MajorFunction[IRP_MJ_WRITE] = AhcipDispatchReadWrite;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AhcipDispatchDeviceControl;
    if (!AhcipFindController(Controller)) {
        DbgPrint("ahci: no controller\n");
        return STATUS_SUCCESS;
    }
    Implemented = AhcipRead(Controller->Registers, AHCI_PI);
    for (Index = 0; Index < AHCI_MAX_PORTS; Index++)
        if ((Implemented & (1UL << Index)) &&
            probe_port(Driver, Controller, Index, Number))
            Number++;
    if (AhcipDiskCount == 0) {
        DbgPrint("ahci: no disks\n");
    } else {
        NTSTATUS Status = connect_controller(Controller);

        if (!NT_SUCCESS(Status))
            DbgPrint("ahci: cannot connect IRQ %lu (status %08lx)\n",
                     Controller->Irq, (ULONG)Status);
    }
    return STATUS_SUCCESS;
}

VOID IopCreateAhciDriver(VOID)
{
    UNICODE_STRING Name;
    NTSTATUS Status;

    RtlInitUnicodeString(&Name, u"\\Driver\\storahci");
    Status = IoCreateDriver(&Name, storahci_entry);
    if (!NT_SUCCESS(Status))
        DbgPrint("io: storahci did not start: %08lx\n", (ULONG)Status);
}
