/*
 * A command's life in slot 0. Its header in the command list says how
 * long the command FIS is, the direction and how many PRDT entries
 * follow; the table holds a register host-to-device FIS (the ATA
 * command, LBA48 address and count) and the PRDT, built from the MDL's
 * frames one page piece at a time (ata_prd.c's pieces, as the ATA bus
 * master's table), so the buffer is never mapped. Setting PxCI's bit 0
 * hands it to the controller; the register FIS the device sends back at
 * the end raises PxIS.DHRS (and the interrupt), an error PxIS.TFES.
 */
#include "ahci.h"
#include "ata_prd.h"

/* [write][LBA48] */
static const UCHAR commands[2][2] = {{ATA_READ_DMA, ATA_READ_DMA_EXT},
                                     {ATA_WRITE_DMA, ATA_WRITE_DMA_EXT}};

static ULONG build_prdt(PAHCI_PORT Port, PMDL Mdl, ULONG Position, ULONG Length)
{
    PULONG Entry = (PULONG)(Port->Memory + AHCI_PRDT);
    ULONG Count = 0;

    if (Mdl == NULL) {
        Entry[0] = Port->BouncePhysical;
        Entry[1] = 0;
        Entry[2] = 0;
        Entry[3] = (Length - 1) | AHCI_PRDT_INTERRUPT;
        return 1;
    }
    while (Length != 0) {
        ULONG Address;
        ULONG Piece =
            AtapPrdPiece(MmGetMdlPfnArray(Mdl), Position, Length, &Address);

        Entry[4 * Count] = Address;
        Entry[4 * Count + 1] = 0; /* no PAE: every frame is below 4 GiB */
        Entry[4 * Count + 2] = 0;
        Entry[4 * Count + 3] = Piece - 1; /* the byte count less one */
        Position += Piece;
        Length -= Piece;
        Count++;
    }
    Entry[4 * Count - 1] |= AHCI_PRDT_INTERRUPT;
    return Count;
}

VOID AhcipIssueCommand(PAHCI_PORT Port, UCHAR Command, ULONGLONG Lba,
                       ULONG Count, BOOLEAN Write, PMDL Mdl, ULONG Position)
{
    PULONG Header = (PULONG)(Port->Memory + AHCI_COMMAND_LIST);
    PUCHAR Fis = Port->Memory + AHCI_COMMAND_TABLE;
    ULONG Entries = build_prdt(Port, Mdl, Position, Count * DISK_SECTOR_SIZE);

    RtlZeroMemory(Fis, 0x80);
    Fis[0] = AHCI_FIS_REGISTER_H2D;
    Fis[1] = AHCI_FIS_COMMAND;
    Fis[2] = Command;
    Fis[4] = (UCHAR)Lba;
    Fis[5] = (UCHAR)(Lba >> 8);
    Fis[6] = (UCHAR)(Lba >> 16);
    Fis[7] = ATA_DRIVE_LBA;
    Fis[8] = (UCHAR)(Lba >> 24);
    Fis[9] = (UCHAR)(Lba >> 32);
    Fis[10] = (UCHAR)(Lba >> 40);
    Fis[12] = (UCHAR)Count; /* 256 is 0 for the 28-bit commands */
    Fis[13] = (UCHAR)(Count >> 8);
    Header[0] = AHCI_COMMAND_FIS_DWORDS | (Write ? AHCI_HEADER_WRITE : 0) |
                (Entries << 16);
    Header[1] = 0; /* the bytes moved, counted by the controller */
    Header[2] = Port->MemoryPhysical + AHCI_COMMAND_TABLE;
    Header[3] = 0;
    AhcipWrite(Port->Registers, AHCI_PX_CI, 1);
}

VOID AhcipSendCommand(PAHCI_PORT Port)
{
    PAHCI_DISK Disk = Port->Disk;
    ULONG Limit =
        Port->Bounced ? AHCI_BOUNCE_SECTORS : AHCI_MAX_COMMAND_SECTORS;
    ULONG Count = Port->SectorsLeft < Limit ? Port->SectorsLeft : Limit;
    PMDL Mdl = Port->CurrentIrp->MdlAddress;

    if (Port->Bounced && Port->Writing)
        RtlCopyMemory(Port->Bounce,
                      Port->Buffer + Port->SectorsDone * DISK_SECTOR_SIZE,
                      Count * DISK_SECTOR_SIZE);
    Port->CommandSectors = Count;
    Port->TicksLeft = Port->TimeoutTicks;
    Port->Issued = TRUE;
    Port->Expecting = TRUE;
    AhcipIssueCommand(Port, commands[Port->Writing][Disk->Lba48], Port->NextLba,
                      Count, Port->Writing, Port->Bounced ? NULL : Mdl,
                      MmGetMdlByteOffset(Mdl) +
                          Port->SectorsDone * DISK_SECTOR_SIZE);
}

PIRP AhcipCommandDone(PAHCI_PORT Port, ULONG Status)
{
    ULONG Count = Port->CommandSectors;

    Port->Issued = FALSE;
    if (Status & AHCI_PX_IS_FATAL) {
        ULONG TaskFile = AhcipRead(Port->Registers, AHCI_PX_TFD);

        DbgPrint("ahci: port %lu: command failed, PxIS %08lx PxTFD %08lx\n",
                 Port->Index, Status, TaskFile);
        AhcipRestartPort(Port);
        /* The device's own error (ERR or DF) is the data's; the link's
         * or the host bus's is the device's. */
        return AhcipFinishRequest(
            Port, (Status & AHCI_PX_IS_TFES) &&
                          (TaskFile & (ATA_STATUS_ERR | ATA_STATUS_DF))
                      ? STATUS_DEVICE_DATA_ERROR
                      : STATUS_IO_DEVICE_ERROR);
    }
    if (Port->Bounced && !Port->Writing)
        RtlCopyMemory(Port->Buffer + Port->SectorsDone * DISK_SECTOR_SIZE,
                      Port->Bounce, Count * DISK_SECTOR_SIZE);
    Port->NextLba += Count;
    Port->SectorsLeft -= Count;
    Port->SectorsDone += Count;
    if (Port->SectorsLeft == 0)
        return AhcipFinishRequest(Port, STATUS_SUCCESS);
    AhcipSendCommand(Port);
    return NULL;
}
