/*
 * The AHCI disk's requests, checked as the ATA disk's are
 * (disk_device.c); an odd buffer, which goes through the port's bounce
 * page, is mapped here at the caller's IRQL. DMA needs no mapping.
 */
#include "ahci.h"

NTSTATUS NTAPI AhcipDispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PAHCI_DISK Disk = DeviceObject->DeviceExtension;
    NTSTATUS Status;

    if (!DiskpCheckTransfer(&Disk->Shape, Irp, &Status))
        return Status;
    if ((MmGetMdlByteOffset(Irp->MdlAddress) & 1) &&
        MmGetSystemAddressForMdlSafe(Irp->MdlAddress, HighPagePriority) ==
            NULL) {
        Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoMarkIrpPending(Irp);
    AhcipQueueRequest(Disk, Irp);
    return STATUS_PENDING;
}

NTSTATUS NTAPI AhcipDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return DiskpDeviceControl(
        &((PAHCI_DISK)DeviceObject->DeviceExtension)->Shape, Irp);
}
