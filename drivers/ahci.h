/*
 * The AHCI (SATA) disk driver's shared state (drivers/ahci*.c): the
 * controller, its ports with a disk each, and the routines one file
 * calls in another. docs/disk.md ("AHCI") tells the story.
 */
#ifndef DRIVERS_AHCI_H
#define DRIVERS_AHCI_H

#include "ata.h"
#include "disk_device.h"

/* Generic host control registers (ABAR, the controller's BAR 5). */
#define AHCI_CAP 0x00
#define AHCI_GHC 0x04
#define AHCI_IS 0x08
#define AHCI_PI 0x0C
#define AHCI_CAP2 0x24
#define AHCI_BOHC 0x28
#define AHCI_GHC_HR 0x00000001UL /* HBA reset */
#define AHCI_GHC_IE 0x00000002UL
#define AHCI_GHC_AE 0x80000000UL
#define AHCI_CAP_S64A 0x80000000UL
#define AHCI_CAP2_BOH 0x00000001UL
#define AHCI_BOHC_BOS 0x00000001UL /* the BIOS owns the controller */
#define AHCI_BOHC_OOS 0x00000002UL /* the OS asks for it */
#define AHCI_BOHC_BB 0x00000010UL  /* the BIOS is busy handing it over */

/* Port registers, 0x80 a port from 0x100. */
#define AHCI_PORT_BASE 0x100
#define AHCI_PORT_SIZE 0x80
#define AHCI_PX_CLB 0x00
#define AHCI_PX_CLBU 0x04
#define AHCI_PX_FB 0x08
#define AHCI_PX_FBU 0x0C
#define AHCI_PX_IS 0x10
#define AHCI_PX_IE 0x14
#define AHCI_PX_CMD 0x18
#define AHCI_PX_TFD 0x20
#define AHCI_PX_SIG 0x24
#define AHCI_PX_SSTS 0x28
#define AHCI_PX_SCTL 0x2C
#define AHCI_PX_SERR 0x30
#define AHCI_PX_CI 0x38
#define AHCI_PX_CMD_ST 0x00000001UL
#define AHCI_PX_CMD_FRE 0x00000010UL
#define AHCI_PX_CMD_FR 0x00004000UL
#define AHCI_PX_CMD_CR 0x00008000UL
#define AHCI_PX_SSTS_DET 0x0000000FUL
#define AHCI_DET_PRESENT 3 /* a device, and the link up */
#define AHCI_SIG_ATA 0x00000101UL
/* PxIS: the command's register FIS came back (the end of a DMA
 * command), and the errors that end it. */
#define AHCI_PX_IS_DHRS 0x00000001UL
#define AHCI_PX_IS_PSS 0x00000002UL
#define AHCI_PX_IS_DSS 0x00000004UL
#define AHCI_PX_IS_SDBS 0x00000008UL
#define AHCI_PX_IS_IFS 0x08000000UL  /* interface fatal */
#define AHCI_PX_IS_HBDS 0x10000000UL /* host bus data error */
#define AHCI_PX_IS_HBFS 0x20000000UL /* host bus fatal */
#define AHCI_PX_IS_TFES 0x40000000UL /* the device set ERR */
#define AHCI_PX_IS_FATAL                                                       \
    (AHCI_PX_IS_IFS | AHCI_PX_IS_HBDS | AHCI_PX_IS_HBFS | AHCI_PX_IS_TFES)
#define AHCI_PX_IS_DONE                                                        \
    (AHCI_PX_IS_DHRS | AHCI_PX_IS_PSS | AHCI_PX_IS_DSS | AHCI_PX_IS_SDBS)

/* A port's page, physically contiguous below 4 GiB: the command list
 * (32 headers, 1 KiB aligned; slot 0 is the one used), the received FIS
 * area (256-byte aligned) and slot 0's command table (128-byte aligned:
 * the command FIS, then the PRDT). */
#define AHCI_COMMAND_LIST 0x000
#define AHCI_RECEIVED_FIS 0x400
#define AHCI_COMMAND_TABLE 0x800
#define AHCI_PRDT (AHCI_COMMAND_TABLE + 0x80)
#define AHCI_PRDT_ENTRIES ((PAGE_SIZE - AHCI_PRDT) / 16)
#define AHCI_PRDT_INTERRUPT 0x80000000UL

#define AHCI_FIS_REGISTER_H2D 0x27
#define AHCI_FIS_COMMAND 0x80 /* C: the FIS carries a command */
#define AHCI_HEADER_WRITE 0x40
#define AHCI_COMMAND_FIS_DWORDS 5

/* One command moves at most this many sectors (a request of more takes
 * several), as on the ATA driver; an odd buffer goes through the port's
 * bounce page, a page at a time. */
#define AHCI_MAX_COMMAND_SECTORS 256
#define AHCI_BOUNCE_SECTORS (PAGE_SIZE / DISK_SECTOR_SIZE)
#define AHCI_TIMEOUT_TICKS 3
#define AHCI_MAX_PORTS 32
#define AHCI_POOL_TAG 'icha' /* "ahci" */

typedef struct _AHCI_CONTROLLER {
    PUCHAR Registers; /* ABAR, mapped uncached */
    ULONG RegistersSize;
    ULONG Irq; /* the PCI interrupt line the firmware routed */
    PKINTERRUPT Interrupt;
    ULONG DiskPorts; /* the bits of the ports with a disk */
    struct _AHCI_PORT *Ports[AHCI_MAX_PORTS];
    volatile ULONG InterruptCount; /* the ISR's, for the tests */
} AHCI_CONTROLLER, *PAHCI_CONTROLLER;

/* One port and the disk on it; its requests one at a time, in slot 0. */
typedef struct _AHCI_PORT {
    PAHCI_CONTROLLER Controller;
    ULONG Index;
    PUCHAR Registers;
    PUCHAR Memory; /* the command list, received FIS and table page */
    ULONG MemoryPhysical;
    PUCHAR Bounce; /* IDENTIFY's buffer, and odd buffers' */
    ULONG BouncePhysical;
    struct _AHCI_DISK *Disk;
    KDPC Dpc;
    KSPIN_LOCK Lock;     /* the request state below, at DISPATCH_LEVEL */
    KDEVICE_QUEUE Queue; /* waiting IRPs, keyed: paging I/O first */
    PIRP CurrentIrp;
    PUCHAR Buffer;   /* the request's system address (bounced only) */
    BOOLEAN Bounced; /* the request goes through the bounce page */
    BOOLEAN Writing;
    BOOLEAN Issued; /* slot 0 holds a command */
    ULONGLONG NextLba;
    ULONG SectorsLeft, SectorsDone, CommandSectors;
    LIST_ENTRY TimedOut; /* IRPs the timer ended, for the DPC to complete */
    LONG TimeoutTicks;   /* AHCI_TIMEOUT_TICKS */
    LONG TicksLeft;
    volatile BOOLEAN Expecting;     /* the ISR takes the command's end */
    volatile ULONG InterruptStatus; /* PxIS bits the ISR collected */
} AHCI_PORT, *PAHCI_PORT;

/* A disk: the device extension of \Device\HarddiskN\DRN. */
typedef struct _AHCI_DISK {
    PAHCI_PORT Port;
    PDEVICE_OBJECT DeviceObject;
    ULONG Number;
    BOOLEAN Lba48;
    DISK_SHAPE Shape;
    CHAR Model[41];
} AHCI_DISK, *PAHCI_DISK;

static inline ULONG AhcipRead(PUCHAR Base, ULONG Offset)
{
    return *(volatile ULONG *)(Base + Offset);
}

/* The barrier: what the controller reads from memory (a command table)
 * is written before the register that sends it there. */
static inline VOID AhcipWrite(PUCHAR Base, ULONG Offset, ULONG Value)
{
    __asm__ __volatile__("" ::: "memory");
    *(volatile ULONG *)(Base + Offset) = Value;
}

/* The controller (ahci_controller.c): found on bus 0 by its class,
 * 01/06/01, its ABAR mapped, taken from the firmware and in AHCI mode;
 * FALSE without one. */
BOOLEAN AhcipFindController(PAHCI_CONTROLLER Controller);

/* A port (ahci_port.c): its state ready for requests; whether its link
 * is up with an ATA disk; given its page and bounce page and started
 * (FALSE without memory); stopped; stopped and its pages freed; and
 * restarted after an error or a timeout, with a COMRESET when the device
 * stays busy. */
VOID AhcipInitializePort(PAHCI_PORT Port, PAHCI_CONTROLLER Controller,
                         ULONG Index);
BOOLEAN AhcipPortHasDisk(PAHCI_PORT Port);
BOOLEAN AhcipStartPort(PAHCI_PORT Port);
VOID AhcipStopPort(PAHCI_PORT Port);
VOID AhcipReleasePort(PAHCI_PORT Port);
VOID AhcipRestartPort(PAHCI_PORT Port);

/* IDENTIFY DEVICE on a started port, polled (boot time, interrupts off,
 * bounded waits): ahci_identify.c. */
BOOLEAN AhcipIdentify(PAHCI_PORT Port, PATA_IDENTITY Identity);

/* Slot 0's command (ahci_command.c): the header and the command FIS for
 * Command at Lba for Count sectors, with the PRDT describing Count
 * sectors from Position bytes into the MDL's pages (Mdl NULL: the bounce
 * page); then issued. */
VOID AhcipIssueCommand(PAHCI_PORT Port, UCHAR Command, ULONGLONG Lba,
                       ULONG Count, BOOLEAN Write, PMDL Mdl, ULONG Position);
/* The next command of the port's request (lock held). */
VOID AhcipSendCommand(PAHCI_PORT Port);
/* What the command's end (PxIS bits) means for the request: the
 * finished IRP, to complete, or NULL. Port lock held. */
PIRP AhcipCommandDone(PAHCI_PORT Port, ULONG Status);

/* The port's queue (ahci_queue.c), as the ATA channel's. */
VOID AhcipQueueRequest(PAHCI_DISK Disk, PIRP Irp);
PIRP AhcipFinishRequest(PAHCI_PORT Port, NTSTATUS Status);

/* The ISR and DPC (ahci_interrupt.c). */
BOOLEAN NTAPI AhcipInterruptService(PKINTERRUPT Interrupt, PVOID Context);
VOID NTAPI AhcipDeferredService(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                PVOID Argument2);

/* The device timer (ahci_timeout.c). */
VOID NTAPI AhcipTimer(PDEVICE_OBJECT DeviceObject, PVOID Context);

/* Dispatch routines (ahci_dispatch.c). */
NTSTATUS NTAPI AhcipDispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS NTAPI AhcipDispatchDeviceControl(PDEVICE_OBJECT DeviceObject,
                                          PIRP Irp);

/* \Device\HarddiskN\DRN and its links for the disk Identity describes
 * on Port, its device timer started (ahci.c); and undone. */
NTSTATUS AhcipCreateDisk(PDRIVER_OBJECT Driver, PAHCI_PORT Port, ULONG Number,
                         const ATA_IDENTITY *Identity, PAHCI_DISK *Disk);
VOID AhcipDeleteDisk(PAHCI_DISK Disk);

/* The controller and disks found at boot, for the tests. */
extern AHCI_CONTROLLER AhcipController;
extern ULONG AhcipDiskCount;
PAHCI_DISK AhcipGetDisk(ULONG Index);

#endif
