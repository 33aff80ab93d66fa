/*
 * The disk's requests. Reads and writes are checked as NT's disk.sys
 * checks them (whole sectors, inside the disk, else
 * STATUS_INVALID_PARAMETER); a buffer PIO moves is mapped into system
 * space here, at the caller's IRQL (Mm's frames may be high memory),
 * before the request waits for the channel. DMA needs no mapping. The two
 * control codes a page file or a file system asks first: the geometry and the
 * length.
 */
#include "ata.h"
#include "ntdddisk.h"

BOOLEAN AtapUsesDma(PATA_DISK Disk, PIRP Irp)
{
    /* The bus master moves words: an odd buffer goes by PIO. */
    return Disk->Dma && Disk->Channel->BusMasterBase != 0 &&
           (MmGetMdlByteOffset(Irp->MdlAddress) & 1) == 0;
}

NTSTATUS NTAPI AtapDispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PATA_DISK Disk = DeviceObject->DeviceExtension;
    NTSTATUS Status;

    if (!DiskpCheckTransfer(&Disk->Shape, Irp, &Status))
        return Status;
    if (!AtapUsesDma(Disk, Irp) &&
        MmGetSystemAddressForMdlSafe(Irp->MdlAddress, HighPagePriority) ==
            NULL) {
        Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoMarkIrpPending(Irp);
    AtapQueueRequest(Disk, Irp);
    return STATUS_PENDING;
}

NTSTATUS NTAPI AtapDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return DiskpDeviceControl(
        &((PATA_DISK)DeviceObject->DeviceExtension)->Shape, Irp);
}
