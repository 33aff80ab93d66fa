/*
 * The bus master's physical region descriptor table (ata_prd.c): pure
 * logic, also built for the host (tests/host/test_ata_prd.c).
 */
#ifndef DRIVERS_ATA_PRD_H
#define DRIVERS_ATA_PRD_H

#include "ntdef.h"

#define ATA_PRD_END_OF_TABLE 0x80000000UL
#define ATA_PRD_PAGE_SIZE 4096UL
/* Descriptors one command can need: 256 sectors, page pieces. */
#define ATA_PRD_MAX_ENTRIES (256 * 512 / ATA_PRD_PAGE_SIZE + 1)

/* The piece of a buffer at Position (bytes from the start of the first
 * of the pages Frames lists) that one descriptor takes: its physical
 * address in *Address and its length returned, up to Length and never
 * past the page's end. The AHCI command tables (ahci_command.c) are
 * built from the same pieces. */
ULONG AtapPrdPiece(const PFN_NUMBER *Frames, ULONG Position, ULONG Length,
                   PULONG Address);
/* Fills Table with the descriptors (physical address, byte count; the
 * last one marked end of table) for Length bytes from ByteOffset into
 * the pages whose frames Frames lists: one per piece of a page, so none
 * crosses a 64 KiB boundary or needs the count 0 that means 64 KiB.
 * Returns how many; Length must be above 0, and even, as ByteOffset. */
ULONG AtapBuildPrdTable(PULONG Table, const PFN_NUMBER *Frames,
                        ULONG ByteOffset, ULONG Length);

#endif
