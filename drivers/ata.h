/*
 * The ATA (IDE) disk driver's shared state (drivers/ata*.c): the legacy
 * channels, the disks on them, and the routines one file calls in
 * another. docs/disk.md tells the story.
 */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H

#include "disk_device.h"
#include "ntddk.h"

/* Command block registers, from a channel's CommandBase. */
#define ATA_DATA 0
#define ATA_ERROR 1    /* read */
#define ATA_FEATURES 1 /* write */
#define ATA_SECTOR_COUNT 2
#define ATA_LBA_LOW 3
#define ATA_LBA_MID 4
#define ATA_LBA_HIGH 5
#define ATA_DRIVE_HEAD 6
#define ATA_STATUS 7  /* read: acknowledges the interrupt */
#define ATA_COMMAND 7 /* write */
/* The control block's one register (ControlBase): the alternate status
 * when read (no acknowledgement), the device control when written. */
#define ATA_CONTROL_NIEN 0x02 /* no interrupts */
#define ATA_CONTROL_SRST 0x04 /* software reset of both devices */

#define ATA_STATUS_ERR 0x01
#define ATA_STATUS_DRQ 0x08
#define ATA_STATUS_DF 0x20
#define ATA_STATUS_DRDY 0x40
#define ATA_STATUS_BSY 0x80

#define ATA_DRIVE_LBA 0x40
#define ATA_DRIVE_OBSOLETE 0xA0 /* bits 7 and 5, set by tradition */

#define ATA_READ_SECTORS 0x20
#define ATA_READ_SECTORS_EXT 0x24
#define ATA_WRITE_SECTORS 0x30
#define ATA_WRITE_SECTORS_EXT 0x34
#define ATA_READ_DMA 0xC8
#define ATA_READ_DMA_EXT 0x25
#define ATA_WRITE_DMA 0xCA
#define ATA_WRITE_DMA_EXT 0x35
#define ATA_IDENTIFY_DEVICE 0xEC

/* The bus master's registers (a PCI IDE controller's BAR 4, eight per
 * channel); its descriptor table is built by ata_prd.c. */
#define ATA_BM_COMMAND 0
#define ATA_BM_STATUS 2
#define ATA_BM_PRD_TABLE 4
#define ATA_BM_COMMAND_START 0x01
#define ATA_BM_COMMAND_READ 0x08 /* the device writes memory */
#define ATA_BM_STATUS_ACTIVE 0x01
#define ATA_BM_STATUS_ERROR 0x02
#define ATA_BM_STATUS_INTERRUPT 0x04

#define ATA_SECTOR_SIZE 512
#define ATA_LBA28_SECTORS (1UL << 28)
/* One command moves at most this many sectors (a count of 0 says 256). */
#define ATA_MAX_COMMAND_SECTORS 256
/* Seconds (device timer ticks) a command may go without progress, by
 * default; the first tick comes up to a second early. */
#define ATA_TIMEOUT_TICKS 3

#define ATA_POOL_TAG 'ataA' /* "Aata" */

/* Where a channel's current request stands. */
typedef enum _ATA_CHANNEL_STATE {
    AtaIdle,
    AtaWaitReady,     /* the device was busy: the command is not sent yet */
    AtaWaitDrq,       /* a write was sent; the device has not asked for data */
    AtaWaitInterrupt, /* a sector (or the command) is in the device's hands */
} ATA_CHANNEL_STATE;

struct _ATA_DISK;

/* One IDE channel: two devices on one set of registers and one IRQ, so
 * requests for either wait in the channel's queue, paging I/O first. */
typedef struct _ATA_CHANNEL {
    USHORT CommandBase; /* 0x1F0, 0x170 */
    USHORT ControlBase; /* 0x3F6, 0x376 */
    ULONG Irq;          /* 14, 15 */
    PKINTERRUPT Interrupt;
    KDPC Dpc;
    KSPIN_LOCK Lock;             /* the state below, at DISPATCH_LEVEL */
    KDEVICE_QUEUE Queue;         /* waiting IRPs, keyed: paging I/O first */
    struct _ATA_DISK *TimerDisk; /* whose device timer ticks for the channel */
    ATA_CHANNEL_STATE State;
    PIRP CurrentIrp;
    struct _ATA_DISK *CurrentDisk;
    PUCHAR Buffer;                  /* the next sector's bytes (PIO) */
    USHORT BusMasterBase;           /* 0: no bus master, PIO only */
    BOOLEAN Dma;                    /* the current request goes by DMA */
    volatile UCHAR BusMasterStatus; /* what the ISR read */
    PULONG PrdTable;                /* one page, physically contiguous */
    ULONG PrdPhysical;
    ULONGLONG NextLba;        /* the next sector's address */
    ULONG SectorsLeft;        /* in the request */
    ULONG CommandSectorsLeft; /* in the command the device has */
    ULONG SectorsDone;
    BOOLEAN Writing;
    LIST_ENTRY TimedOut; /* IRPs the timer ended, for the DPC to complete */
    LONG TimeoutTicks;   /* ATA_TIMEOUT_TICKS */
    LONG TicksLeft;      /* before the request times out */
    volatile BOOLEAN Expecting;     /* the ISR takes the next interrupt */
    volatile UCHAR InterruptStatus; /* what the ISR read */
} ATA_CHANNEL, *PATA_CHANNEL;

/* A disk: the device extension of \Device\HarddiskN\DRN. */
typedef struct _ATA_DISK {
    PATA_CHANNEL Channel;
    PDEVICE_OBJECT DeviceObject;
    ULONG Number;     /* N */
    UCHAR Device;     /* 0 master, 1 slave */
    BOOLEAN Lba48;    /* the disk takes the EXT commands */
    BOOLEAN Dma;      /* requests go by bus-master DMA */
    DISK_SHAPE Shape; /* IDENTIFY's size and geometry */
    CHAR Model[41];
} ATA_DISK, *PATA_DISK;

/* What IDENTIFY DEVICE told about a device (ata_identify.c). */
typedef struct _ATA_IDENTITY {
    ULONGLONG Sectors;
    BOOLEAN Lba48;
    BOOLEAN Dma; /* the device does multiword or Ultra DMA */
    USHORT Heads, SectorsPerTrack;
    CHAR Model[41];
} ATA_IDENTITY, *PATA_IDENTITY;

/* Polls IDENTIFY DEVICE on one device of a channel whose interrupts are
 * off (boot time, bounded waits); FALSE when there is no ATA disk there
 * (nothing, or an ATAPI device such as the CD-ROM). */
BOOLEAN AtapIdentify(PATA_CHANNEL Channel, UCHAR Device,
                     PATA_IDENTITY Identity);
/* IDENTIFY DEVICE's 256 words read into Identity (ata_identify.c, also
 * for AHCI's disks); FALSE when the device cannot be addressed by LBA or
 * says it has no sectors. */
BOOLEAN AtapReadIdentity(const USHORT *Words, PATA_IDENTITY Identity);
/* Waits up to Microseconds for the selected device's BSY to clear. */
BOOLEAN AtapWaitNotBusy(PATA_CHANNEL Channel, ULONG Microseconds);
UCHAR AtapReadStatus(PATA_CHANNEL Channel);    /* acknowledges */
UCHAR AtapReadAltStatus(PATA_CHANNEL Channel); /* does not */
VOID AtapWriteControl(PATA_CHANNEL Channel, UCHAR Value);

/* The channel's queue (ata_queue.c): Irp (validated, its MDL mapped) is
 * started at once on an idle channel or waits, paging I/O ahead of the
 * rest. At or below DISPATCH_LEVEL. */
VOID AtapQueueRequest(PATA_DISK Disk, PIRP Irp);
/* The current request is over with Status: the next one is started and
 * the finished IRP returned, for the caller to complete once it holds no
 * lock. Channel lock held. */
PIRP AtapFinishRequest(PATA_CHANNEL Channel, NTSTATUS Status);
/* Starts Irp on the idle channel (lock held): sends its first command or
 * leaves it to the device timer while the device is busy. */
VOID AtapStartRequest(PATA_CHANNEL Channel, PIRP Irp);

/* Sends the command for the next run of sectors (ata_command.c), by
 * DMA when the request goes so, else by PIO. Channel lock held. */
VOID AtapSendCommand(PATA_CHANNEL Channel);
/* The request goes by DMA: the disk's bus master takes its buffer. */
BOOLEAN AtapUsesDma(PATA_DISK Disk, PIRP Irp);

/* PIO (ata_pio.c): the command sent, the first sector of a write, and
 * what an interrupt's status means for the request (the finished IRP,
 * to complete, or NULL). Channel lock held. */
VOID AtapSendPioCommand(PATA_CHANNEL Channel, UCHAR Command);
VOID AtapWriteFirstSector(PATA_CHANNEL Channel);
PIRP AtapPioInterrupt(PATA_CHANNEL Channel, UCHAR Status);

/* The ISR and DPC (ata_interrupt.c). */
BOOLEAN NTAPI AtapInterruptService(PKINTERRUPT Interrupt, PVOID Context);
VOID NTAPI AtapDeferredService(PKDPC Dpc, PVOID Context, PVOID Argument1,
                               PVOID Argument2);

/* Bus-master DMA (ata_dma.c): the PCI IDE controller's bus master for
 * the legacy channels, found and enabled (FALSE without one), each
 * channel given its register base and descriptor table; a command's
 * descriptors built from the MDL's frames and the bus master started;
 * and stopped. */
BOOLEAN AtapFindBusMaster(PATA_CHANNEL Primary, PATA_CHANNEL Secondary);
VOID AtapSendDmaCommand(PATA_CHANNEL Channel, UCHAR Command, ULONG Count);
VOID AtapStopBusMaster(PATA_CHANNEL Channel);
PIRP AtapDmaInterrupt(PATA_CHANNEL Channel, UCHAR Status, UCHAR BusMaster);

/* The device timer (ata_timeout.c): retries a command the busy device
 * could not take, and ends one it never answers with STATUS_IO_TIMEOUT. */
VOID NTAPI AtapTimer(PDEVICE_OBJECT DeviceObject, PVOID Context);
/* The ISR's expectation is dropped; FALSE when the ISR took it first. */
BOOLEAN AtapStopExpecting(PATA_CHANNEL Channel);

/* Dispatch routines (ata_dispatch.c). */
NTSTATUS NTAPI AtapDispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS NTAPI AtapDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* A channel's state ready for requests (no interrupt connected yet). */
VOID AtapInitializeChannel(PATA_CHANNEL Channel, USHORT CommandBase,
                           USHORT ControlBase, ULONG Irq);
/* \Device\HarddiskN\DRN and its links for a disk Identity describes on
 * Channel's Device (ata.c); the device timer is the channel's when it has
 * none yet. */
NTSTATUS AtapCreateDisk(PDRIVER_OBJECT Driver, PATA_CHANNEL Channel,
                        UCHAR Device, ULONG Number,
                        const ATA_IDENTITY *Identity, PATA_DISK *Disk);

/* Undoes AtapCreateDisk; the channel is idle. */
VOID AtapDeleteDisk(PATA_DISK Disk);

/* The disks found at boot, for the tests (kernel tests ask for disk 0). */
extern ULONG AtapDiskCount;
PATA_DISK AtapGetDisk(ULONG Number);

#endif
