/*
 * An AHCI port that never answers: requests end with STATUS_IO_TIMEOUT
 * after the port's restart, the machine goes on. By name only, in a
 * boot of its own (tools/test.sh, next to the ATA faults), as it waits
 * out the driver's seconds. The read error on an AHCI disk is the ATA
 * test's (ata_faults.c), which runs on disk 0 whatever its driver.
 */
#include "drivers/ahci.h"
#include "kernel/ktest.h"
#include "kt_disk.h"

#define KT_DEAD_DISK_NUMBER 9

/* An implemented port with nothing on its link: QEMU's AHCI leaves a
 * command issued there in PxCI for ever. */
static BOOLEAN find_empty_port(PULONG Found)
{
    ULONG Implemented = AhcipRead(AhcipController.Registers, AHCI_PI), Index;

    for (Index = 0; Index < AHCI_MAX_PORTS; Index++) {
        PUCHAR Registers =
            AhcipController.Registers + AHCI_PORT_BASE + Index * AHCI_PORT_SIZE;

        if ((Implemented & (1UL << Index)) &&
            AhcipController.Ports[Index] == NULL &&
            (AhcipRead(Registers, AHCI_PX_SSTS) & AHCI_PX_SSTS_DET) == 0) {
            *Found = Index;
            return TRUE;
        }
    }
    return FALSE;
}

KTEST_EXTERNAL(ahci_port_that_never_answers_times_out)
{
    KT_CLEANUP_SECTION;
    static AHCI_PORT Dead;
    ATA_IDENTITY Identity = {.Sectors = 2048, .Lba48 = TRUE, .Model = "dead"};
    UNICODE_STRING DriverName;
    PDRIVER_OBJECT Driver = NULL;
    PAHCI_DISK Disk = NULL;
    PUCHAR Buffer = NULL;
    NTSTATUS Statuses[2];
    ULONGLONG Waited;
    ULONG Index, PortIndex;
    BOOLEAN Started = FALSE;

    if (AhcipController.Registers == NULL)
        KT_SKIP("no AHCI controller: boot a q35 machine (-M q35)");
    if (!find_empty_port(&PortIndex))
        KT_SKIP("no empty AHCI port");
    AhcipInitializePort(&Dead, &AhcipController, PortIndex);
    Dead.TimeoutTicks = 2; /* a second or two each, not three */
    Started = AhcipStartPort(&Dead);
    KT_ASSERT(Started);
    RtlInitUnicodeString(&DriverName, u"\\Driver\\storahci");
    KT_ASSERT_EQ(ObReferenceObjectByName(&DriverName, OBJ_CASE_INSENSITIVE,
                                         NULL, 0, *IoDriverObjectType,
                                         KernelMode, NULL, (PVOID *)&Driver),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(
        AhcipCreateDisk(Driver, &Dead, KT_DEAD_DISK_NUMBER, &Identity, &Disk),
        STATUS_SUCCESS);
    Buffer = ExAllocatePoolWithTag(NonPagedPool, 2 * KT_SECTOR, KT_DISK_TAG);
    KT_ASSERT(Buffer != NULL);
    /* Two requests: the second waits in the queue behind the first. */
    KT_ASSERT_EQ(
        KtDiskTwoQueuedReads(Disk->DeviceObject, Buffer, Statuses, &Waited),
        STATUS_SUCCESS);
    for (Index = 0; Index < 2; Index++)
        KT_ASSERT_EQ(Statuses[Index], STATUS_IO_TIMEOUT);
    /* Each took at least a whole second of the device timer. */
    KT_ASSERT_MSG(Waited >= 2 * (Dead.TimeoutTicks - 1) * 10000000ULL,
                  "both timed out after %lu ms", (ULONG)(Waited / 10000));
    KT_ASSERT(Dead.CurrentIrp == NULL && !Dead.Issued);
    KT_CLEANUP;
    if (Disk != NULL)
        AhcipDeleteDisk(Disk);
    if (Started || Dead.Memory != NULL)
        AhcipReleasePort(&Dead);
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, KT_DISK_TAG);
    if (Driver != NULL)
        ObDereferenceObject(Driver);
}
