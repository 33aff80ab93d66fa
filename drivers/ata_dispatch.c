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

static NTSTATUS finish(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS NTAPI AtapDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return finish(Irp, STATUS_SUCCESS,
                  IoGetCurrentIrpStackLocation(Irp)->MajorFunction ==
                          IRP_MJ_CREATE
                      ? FILE_OPENED
                      : 0);
}

BOOLEAN AtapUsesDma(PATA_DISK Disk, PIRP Irp)
{
    /* The bus master moves words: an odd buffer goes by PIO. */
    return Disk->Dma && Disk->Channel->BusMasterBase != 0 &&
           (MmGetMdlByteOffset(Irp->MdlAddress) & 1) == 0;
}

static BOOLEAN within_disk(PATA_DISK Disk, LONGLONG Offset, ULONG Length)
{
    ULONGLONG Size = Disk->Sectors * ATA_SECTOR_SIZE;

    return Offset >= 0 && (Offset % ATA_SECTOR_SIZE) == 0 &&
           (Length % ATA_SECTOR_SIZE) == 0 && (ULONGLONG)Offset <= Size &&
           Size - (ULONGLONG)Offset >= Length;
}

NTSTATUS NTAPI AtapDispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PATA_DISK Disk = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Length = Stack->Parameters.Read.Length;

    if (!within_disk(Disk, Stack->Parameters.Read.ByteOffset.QuadPart, Length))
        return finish(Irp, STATUS_INVALID_PARAMETER, 0);
    if (Length == 0)
        return finish(Irp, STATUS_SUCCESS, 0);
    if (Irp->MdlAddress == NULL || MmGetMdlByteCount(Irp->MdlAddress) < Length)
        return finish(Irp, STATUS_INVALID_PARAMETER, 0);
    if (!AtapUsesDma(Disk, Irp) &&
        MmGetSystemAddressForMdlSafe(Irp->MdlAddress, HighPagePriority) == NULL)
        return finish(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    IoMarkIrpPending(Irp);
    AtapQueueRequest(Disk, Irp);
    return STATUS_PENDING;
}

static NTSTATUS get_geometry(PATA_DISK Disk, PIRP Irp, ULONG OutputLength)
{
    PDISK_GEOMETRY Geometry = Irp->AssociatedIrp.SystemBuffer;
    ULONG Heads = Disk->Heads, SectorsPerTrack = Disk->SectorsPerTrack;

    if (OutputLength < sizeof(DISK_GEOMETRY))
        return finish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    /* What IDENTIFY gives, or the usual translation when it gives none;
     * the cylinders cover the whole disk, as disk.sys reports them. */
    if (Heads == 0 || SectorsPerTrack == 0) {
        Heads = 255;
        SectorsPerTrack = 63;
    }
    Geometry->Cylinders.QuadPart =
        (LONGLONG)(Disk->Sectors / (Heads * SectorsPerTrack));
    Geometry->MediaType = FixedMedia;
    Geometry->TracksPerCylinder = Heads;
    Geometry->SectorsPerTrack = SectorsPerTrack;
    Geometry->BytesPerSector = ATA_SECTOR_SIZE;
    return finish(Irp, STATUS_SUCCESS, sizeof(DISK_GEOMETRY));
}

NTSTATUS NTAPI AtapDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PATA_DISK Disk = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG OutputLength = Stack->Parameters.DeviceIoControl.OutputBufferLength;

    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        return get_geometry(Disk, Irp, OutputLength);
    case IOCTL_DISK_GET_LENGTH_INFO: {
        PGET_LENGTH_INFORMATION Information = Irp->AssociatedIrp.SystemBuffer;

        if (OutputLength < sizeof(GET_LENGTH_INFORMATION))
            return finish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        Information->Length.QuadPart =
            (LONGLONG)(Disk->Sectors * ATA_SECTOR_SIZE);
        return finish(Irp, STATUS_SUCCESS, sizeof(GET_LENGTH_INFORMATION));
    }
    default:
        return finish(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
