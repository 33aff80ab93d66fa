/*
 * The bus master's descriptor table for a run of a request's buffer:
 * ata_prd.h. The frames are physical pages below 4 GiB (the kernel has
 * no PAE), each described as a piece of its own.
 */
#include "ata_prd.h"

ULONG AtapPrdPiece(const PFN_NUMBER *Frames, ULONG Position, ULONG Length,
                   PULONG Address)
{
    ULONG InPage = Position & (ATA_PRD_PAGE_SIZE - 1);

    *Address =
        Frames[Position / ATA_PRD_PAGE_SIZE] * ATA_PRD_PAGE_SIZE + InPage;
    return ATA_PRD_PAGE_SIZE - InPage < Length ? ATA_PRD_PAGE_SIZE - InPage
                                               : Length;
}

ULONG AtapBuildPrdTable(PULONG Table, const PFN_NUMBER *Frames,
                        ULONG ByteOffset, ULONG Length)
{
    ULONG Position = ByteOffset, Entry = 0;

    while (Length != 0) {
        ULONG Piece = AtapPrdPiece(Frames, Position, Length, &Table[2 * Entry]);

        Table[2 * Entry + 1] = Piece;
        Position += Piece;
        Length -= Piece;
        Entry++;
    }
    Table[2 * Entry - 1] |= ATA_PRD_END_OF_TABLE;
    return Entry;
}
