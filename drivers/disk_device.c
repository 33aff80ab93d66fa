/*
 * What the disk drivers share (disk_device.h): disk N's device object
 * and NT's names for it, the checks of a read or write as NT's disk.sys
 * makes them, and the geometry and length control codes.
 */
#include "disk_device.h"
#include "ntdddisk.h"

/* Path with its '#' characters replaced by Number's one digit (there are
 * at most ten disks). */
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

NTSTATUS DiskpCreateDevice(PDRIVER_OBJECT Driver, ULONG ExtensionSize,
                           ULONG Number, PDEVICE_OBJECT *DeviceObject)
{
    WCHAR Buffer[48];
    UNICODE_STRING Name;
    PDEVICE_OBJECT New;
    NTSTATUS Status;

    if (Number > 9)
        return STATUS_INVALID_PARAMETER;
    Status = create_directory(Number);
    if (!NT_SUCCESS(Status) && Status != STATUS_OBJECT_NAME_COLLISION)
        return Status;
    make_name(Buffer, u"\\Device\\Harddisk#\\DR#", Number, &Name);
    Status = IoCreateDevice(Driver, ExtensionSize, &Name, FILE_DEVICE_DISK, 0,
                            FALSE, &New);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlZeroMemory(New->DeviceExtension, ExtensionSize);
    /* PIO moves words, and so do the DMA engines. */
    New->Flags |= DO_DIRECT_IO;
    New->AlignmentRequirement = FILE_WORD_ALIGNMENT;
    New->SectorSize = DISK_SECTOR_SIZE;
    Status = create_link(u"\\Device\\Harddisk#\\Partition0", &Name, Number);
    if (NT_SUCCESS(Status))
        Status = create_link(u"\\??\\PhysicalDrive#", &Name, Number);
    if (!NT_SUCCESS(Status)) {
        delete_link(u"\\Device\\Harddisk#\\Partition0", Number);
        IoDeleteDevice(New);
        return Status;
    }
    *DeviceObject = New;
    return STATUS_SUCCESS;
}

VOID DiskpDeleteDevice(PDEVICE_OBJECT DeviceObject, ULONG Number)
{
    delete_link(u"\\Device\\Harddisk#\\Partition0", Number);
    delete_link(u"\\??\\PhysicalDrive#", Number);
    IoDeleteDevice(DeviceObject);
    delete_directory(Number);
}

static NTSTATUS finish(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS NTAPI DiskpDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return finish(Irp, STATUS_SUCCESS,
                  IoGetCurrentIrpStackLocation(Irp)->MajorFunction ==
                          IRP_MJ_CREATE
                      ? FILE_OPENED
                      : 0);
}

static BOOLEAN within_disk(const DISK_SHAPE *Shape, LONGLONG Offset,
                           ULONG Length)
{
    ULONGLONG Size = Shape->Sectors * DISK_SECTOR_SIZE;

    return Offset >= 0 && (Offset % DISK_SECTOR_SIZE) == 0 &&
           (Length % DISK_SECTOR_SIZE) == 0 && (ULONGLONG)Offset <= Size &&
           Size - (ULONGLONG)Offset >= Length;
}

BOOLEAN DiskpCheckTransfer(const DISK_SHAPE *Shape, PIRP Irp, PNTSTATUS Status)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Length = Stack->Parameters.Read.Length;

    /* An unaligned request and one past the end alike, as disk.sys. */
    if (!within_disk(Shape, Stack->Parameters.Read.ByteOffset.QuadPart, Length))
        *Status = finish(Irp, STATUS_INVALID_PARAMETER, 0);
    else if (Length == 0)
        *Status = finish(Irp, STATUS_SUCCESS, 0);
    else if (Irp->MdlAddress == NULL ||
             MmGetMdlByteCount(Irp->MdlAddress) < Length)
        *Status = finish(Irp, STATUS_INVALID_PARAMETER, 0);
    else
        return TRUE;
    return FALSE;
}

static NTSTATUS get_geometry(const DISK_SHAPE *Shape, PIRP Irp,
                             ULONG OutputLength)
{
    PDISK_GEOMETRY Geometry = Irp->AssociatedIrp.SystemBuffer;
    ULONG Heads = Shape->Heads, SectorsPerTrack = Shape->SectorsPerTrack;

    if (OutputLength < sizeof(DISK_GEOMETRY))
        return finish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    /* What IDENTIFY gives, or the usual translation when it gives none;
     * the cylinders cover the whole disk, as disk.sys reports them. */
    if (Heads == 0 || SectorsPerTrack == 0) {
        Heads = 255;
        SectorsPerTrack = 63;
    }
    Geometry->Cylinders.QuadPart =
        (LONGLONG)(Shape->Sectors / (Heads * SectorsPerTrack));
    Geometry->MediaType = FixedMedia;
    Geometry->TracksPerCylinder = Heads;
    Geometry->SectorsPerTrack = SectorsPerTrack;
    Geometry->BytesPerSector = DISK_SECTOR_SIZE;
    return finish(Irp, STATUS_SUCCESS, sizeof(DISK_GEOMETRY));
}

NTSTATUS DiskpDeviceControl(const DISK_SHAPE *Shape, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG OutputLength = Stack->Parameters.DeviceIoControl.OutputBufferLength;

    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        return get_geometry(Shape, Irp, OutputLength);
    case IOCTL_DISK_GET_LENGTH_INFO: {
        PGET_LENGTH_INFORMATION Information = Irp->AssociatedIrp.SystemBuffer;

        if (OutputLength < sizeof(GET_LENGTH_INFORMATION))
            return finish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        Information->Length.QuadPart =
            (LONGLONG)(Shape->Sectors * DISK_SECTOR_SIZE);
        return finish(Irp, STATUS_SUCCESS, sizeof(GET_LENGTH_INFORMATION));
    }
    default:
        return finish(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
