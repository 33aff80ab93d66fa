/*
 * What every disk driver (drivers/ata*.c, drivers/ahci*.c) does alike:
 * disk N's device object \Device\HarddiskN\DRN with NT's links to it,
 * the checks a read or write passes, and the two control codes a page
 * file asks. docs/disk.md tells the story.
 */
#ifndef DRIVERS_DISK_DEVICE_H
#define DRIVERS_DISK_DEVICE_H

#include "ntddk.h"

#define DISK_SECTOR_SIZE 512

/* What a disk's control codes report (IDENTIFY's figures). */
typedef struct _DISK_SHAPE {
    ULONGLONG Sectors;
    USHORT Heads, SectorsPerTrack; /* 0: the usual translation */
} DISK_SHAPE, *PDISK_SHAPE;

/* \Device\HarddiskN\DRN (FILE_DEVICE_DISK, DO_DIRECT_IO, 512-byte
 * sectors, word alignment) with an ExtensionSize extension, zeroed, and
 * the links \Device\HarddiskN\Partition0 and \??\PhysicalDriveN. The
 * caller clears DO_DEVICE_INITIALIZING. */
NTSTATUS DiskpCreateDevice(PDRIVER_OBJECT Driver, ULONG ExtensionSize,
                           ULONG Number, PDEVICE_OBJECT *DeviceObject);
/* Undoes DiskpCreateDevice. */
VOID DiskpDeleteDevice(PDEVICE_OBJECT DeviceObject, ULONG Number);

/* IRP_MJ_CREATE, CLEANUP and CLOSE: they succeed. */
NTSTATUS NTAPI DiskpDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp);
/* A read or write the disk can take: whole sectors inside it, an MDL
 * covering the length. Otherwise (or for a length of 0) the IRP is
 * completed here and FALSE returned, *Status its status. */
BOOLEAN DiskpCheckTransfer(const DISK_SHAPE *Shape, PIRP Irp, PNTSTATUS Status);
/* drivers/disk_pci.c: the first function on PCI bus 0 whose class code
 * register, masked with ClassMask, is ClassValue; its configuration
 * space read as HalGetBusDataByOffset reads it. */
BOOLEAN DiskpFindPciFunction(ULONG ClassMask, ULONG ClassValue,
                             PPCI_SLOT_NUMBER Found);
ULONG DiskpReadPciConfig(PCI_SLOT_NUMBER Slot, ULONG Offset, PVOID Buffer,
                         ULONG Length);

/* IOCTL_DISK_GET_DRIVE_GEOMETRY and IOCTL_DISK_GET_LENGTH_INFO;
 * another code is STATUS_INVALID_DEVICE_REQUEST. Completes the IRP. */
NTSTATUS DiskpDeviceControl(const DISK_SHAPE *Shape, PIRP Irp);

#endif
