/*
 * Disk 0 for the kernel tests: kt_disk.h.
 */
#include "kt_disk.h"
#include "drivers/ata.h"
#include "ntdddisk.h"

static NTSTATUS send_and_wait(PDEVICE_OBJECT Device, PIRP Irp, PKEVENT Event,
                              PIO_STATUS_BLOCK Iosb)
{
    NTSTATUS Status = IoCallDriver(Device, Irp);

    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb->Status;
    }
    return Status;
}

NTSTATUS KtDiskTransfer(PDEVICE_OBJECT Device, ULONG Major, PVOID Buffer,
                        ULONG Length, LONGLONG Offset, PULONG_PTR Information)
{
    LARGE_INTEGER Where = {.QuadPart = Offset};
    IO_STATUS_BLOCK Iosb = {0};
    KEVENT Event;
    PIRP Irp;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildSynchronousFsdRequest(Major, Device, Buffer, Length, &Where,
                                       &Event, &Iosb);
    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = send_and_wait(Device, Irp, &Event, &Iosb);
    if (Information != NULL)
        *Information = Iosb.Information;
    return Status;
}

NTSTATUS KtDiskControl(PDEVICE_OBJECT Device, ULONG Code, PVOID Output,
                       ULONG OutputLength, PULONG_PTR Information)
{
    IO_STATUS_BLOCK Iosb = {0};
    KEVENT Event;
    PIRP Irp;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(Code, Device, NULL, 0, Output,
                                        OutputLength, FALSE, &Event, &Iosb);
    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = send_and_wait(Device, Irp, &Event, &Iosb);
    *Information = Iosb.Information;
    return Status;
}

/* Disk 0 opened as Mm opens it; FALSE when the boot has no disk. */
BOOLEAN KtDiskOpen(KT_DISK *Disk)
{
    UNICODE_STRING Name;
    GET_LENGTH_INFORMATION Length;
    ULONG_PTR Information;

    RtlInitUnicodeString(&Name, KT_DISK0);
    if (!NT_SUCCESS(IoGetDeviceObjectPointer(&Name,
                                             FILE_READ_DATA | FILE_WRITE_DATA,
                                             &Disk->FileObject, &Disk->Device)))
        return FALSE;
    Disk->Length = 0;
    if (NT_SUCCESS(KtDiskControl(Disk->Device, IOCTL_DISK_GET_LENGTH_INFO,
                                 &Length, sizeof(Length), &Information)))
        Disk->Length = (ULONGLONG)Length.Length.QuadPart;
    return TRUE;
}

/* The disk is the tests' to write: it carries the page-file signature. */
BOOLEAN KtDiskWritable(KT_DISK *Disk)
{
    PUCHAR Sector = ExAllocatePoolWithTag(NonPagedPool, KT_SECTOR, KT_DISK_TAG);
    BOOLEAN Yes;

    if (Sector == NULL)
        return FALSE;
    Yes = NT_SUCCESS(KtDiskTransfer(Disk->Device, IRP_MJ_READ, Sector,
                                    KT_SECTOR, 0, NULL)) &&
          RtlCompareMemory(Sector, KT_PAGE_FILE_SIGNATURE, 16) == 16;
    ExFreePoolWithTag(Sector, KT_DISK_TAG);
    return Yes;
}

VOID KtDiskFill(PUCHAR Buffer, ULONG Length, ULONG Seed)
{
    ULONG Index;

    for (Index = 0; Index < Length; Index++)
        Buffer[Index] = (UCHAR)(Seed + Index * 7 + (Index >> 9));
}

static BOOLEAN dma_capable; /* disk 0 came up with DMA */
static BOOLEAN dma_known;

ULONG KtDiskModes(VOID)
{
    PATA_DISK Disk = AtapGetDisk(0);

    if (!dma_known && Disk != NULL) {
        dma_capable = Disk->Dma;
        dma_known = TRUE;
    }
    return dma_capable ? 2 : 1;
}

BOOLEAN KtDiskUsePio(BOOLEAN Pio)
{
    PATA_DISK Disk = AtapGetDisk(0);
    BOOLEAN Was;

    if (Disk == NULL)
        return FALSE;
    KtDiskModes();
    Was = Disk->Dma;
    Disk->Dma = !Pio && dma_capable;
    return Was;
}

NTSTATUS KtDiskRoundTrip(KT_DISK *Disk, PUCHAR Out, PUCHAR In, ULONG Length,
                         ULONG Seed)
{
    ULONG_PTR Information = 0;
    NTSTATUS Status;

    KtDiskFill(Out, Length, Seed);
    Status = KtDiskTransfer(Disk->Device, IRP_MJ_WRITE, Out, Length,
                            KT_SCRATCH_OFFSET, &Information);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Information != Length)
        return STATUS_UNSUCCESSFUL;
    RtlZeroMemory(In, Length);
    Status = KtDiskTransfer(Disk->Device, IRP_MJ_READ, In, Length,
                            KT_SCRATCH_OFFSET, &Information);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Information != Length || RtlCompareMemory(In, Out, Length) != Length)
        return STATUS_UNSUCCESSFUL;
    return STATUS_SUCCESS;
}

NTSTATUS KtDiskTwoQueuedReads(PDEVICE_OBJECT Device, PUCHAR Buffer,
                              NTSTATUS Statuses[2], PULONGLONG Waited)
{
    LARGE_INTEGER Offset = {.QuadPart = 0};
    ULONGLONG Start = KeQueryInterruptTime();
    IO_STATUS_BLOCK Iosb[2];
    KEVENT Events[2];
    PIRP Irps[2];
    ULONG Index;

    for (Index = 0; Index < 2; Index++) {
        KeInitializeEvent(&Events[Index], NotificationEvent, FALSE);
        Irps[Index] = IoBuildSynchronousFsdRequest(
            IRP_MJ_READ, Device, Buffer + Index * KT_SECTOR, KT_SECTOR, &Offset,
            &Events[Index], &Iosb[Index]);
        if (Irps[Index] == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
    }
    for (Index = 0; Index < 2; Index++) {
        NTSTATUS Status = IoCallDriver(Device, Irps[Index]);

        if (Status != STATUS_PENDING)
            return NT_SUCCESS(Status) ? STATUS_UNSUCCESSFUL : Status;
    }
    for (Index = 0; Index < 2; Index++) {
        KeWaitForSingleObject(&Events[Index], Executive, KernelMode, FALSE,
                              NULL);
        Statuses[Index] = Iosb[Index].Status;
    }
    *Waited = KeQueryInterruptTime() - Start;
    return STATUS_SUCCESS;
}
