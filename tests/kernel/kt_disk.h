/*
 * Disk 0 for the kernel tests (kt_disk.c): opened as Mm opens it, read
 * and written through IRPs. The tests write only to a disk whose sector 0
 * carries the page-file signature, as the kernel pages only to such a
 * disk; without a disk they skip.
 */
#ifndef TESTS_KERNEL_KT_DISK_H
#define TESTS_KERNEL_KT_DISK_H

#include "ntddk.h"

#define KT_DISK0 u"\\Device\\Harddisk0\\Partition0"
#define KT_NO_DISK                                                             \
    "no ATA disk: attach one with -drive file=IMG,format=raw,if=ide,index=0"
#define KT_PAGE_FILE_SIGNATURE "NTPAGEFILE-DISK1"
#define KT_NOT_WRITABLE                                                        \
    "disk 0 has no " KT_PAGE_FILE_SIGNATURE " signature: not written"
#define KT_SECTOR 512
#define KT_DISK_TAG 'tAtK'
/* Where the tests write: past sector 0, inside the smallest image. */
#define KT_SCRATCH_OFFSET (64 * KT_SECTOR)

typedef struct _KT_DISK {
    PFILE_OBJECT FileObject;
    PDEVICE_OBJECT Device;
    ULONGLONG Length;
} KT_DISK;

/* Sends Irp (built for the current thread) and waits for it. */
/* Disk 0, referenced as IoGetDeviceObjectPointer gives it, and its
 * length; FALSE when the boot has no disk. */
BOOLEAN KtDiskOpen(KT_DISK *Disk);
/* Its sector 0 carries the page-file signature. */
BOOLEAN KtDiskWritable(KT_DISK *Disk);
/* A read or write (Major) of Length bytes at Offset through an IRP from
 * IoBuildSynchronousFsdRequest, waited for; Information when asked. */
NTSTATUS KtDiskTransfer(PDEVICE_OBJECT Device, ULONG Major, PVOID Buffer,
                        ULONG Length, LONGLONG Offset, PULONG_PTR Information);
/* A METHOD_BUFFERED control request with only an output buffer. */
NTSTATUS KtDiskControl(PDEVICE_OBJECT Device, ULONG Code, PVOID Output,
                       ULONG OutputLength, PULONG_PTR Information);
/* Makes disk 0 move data by PIO (TRUE) or by DMA when it can (FALSE),
 * between requests; returns whether it went by DMA before. The tests
 * run each transfer both ways. */
BOOLEAN KtDiskUsePio(BOOLEAN Pio);
/* The ways disk 0 can move data: 2 with a bus master, else 1 (PIO). */
ULONG KtDiskModes(VOID);

/* A pattern of bytes that differs per Seed and per sector. */
VOID KtDiskFill(PUCHAR Buffer, ULONG Length, ULONG Seed);
/* Two reads of a sector at offset 0 into Buffer (two sectors), the second
 * queued behind the first, both waited for: their statuses and the time
 * it took (100 ns units). STATUS_SUCCESS when both were pending, else the
 * failure of the first that was not. */
NTSTATUS KtDiskTwoQueuedReads(PDEVICE_OBJECT Device, PUCHAR Buffer,
                              NTSTATUS Statuses[2], PULONGLONG Waited);
/* Out filled (KtDiskFill with Seed), written to the scratch area through
 * an IRP, read back into In and compared: STATUS_UNSUCCESSFUL when a
 * count or a byte differs, else the transfers' status. */
NTSTATUS KtDiskRoundTrip(KT_DISK *Disk, PUCHAR Out, PUCHAR In, ULONG Length,
                         ULONG Seed);

#endif
