/*
 * Page directory and page table entries of the x86 without PAE: a linear
 * address splits 10 / 10 / 12 into directory index, table index and byte
 * offset. Directory entry 0x300 points at the directory itself, so the
 * running address space's tables appear as one 4 MiB array of PTEs at
 * PTE_BASE (the PTE of va is at PTE_BASE + (va >> 12) * 4) and its
 * directory as the page at PDE_BASE, as in NT.
 *
 * Pure arithmetic and encoding: the host tests check it under sanitizers.
 */
#ifndef KERNEL_PTE_H
#define KERNEL_PTE_H

#include "ntdef.h"

/* Hardware bits, the same in a PDE and a PTE. */
#define MI_PTE_VALID 0x001
#define MI_PTE_WRITE 0x002
#define MI_PTE_OWNER 0x004 /* user mode may use the page */
#define MI_PTE_WRITE_THROUGH 0x008
#define MI_PTE_CACHE_DISABLE 0x010
#define MI_PTE_ACCESSED 0x020
#define MI_PTE_DIRTY 0x040
#define MI_PTE_LARGE_PAGE 0x080 /* in a PDE, with CR4.PSE */
#define MI_PTE_GLOBAL 0x100     /* kept across CR3 loads, with CR4.PGE */
#define MI_PTE_FRAME_MASK 0xFFFFF000UL

typedef ULONG MMPTE, *PMMPTE;

#define PTE_BASE 0xC0000000UL
#define PDE_BASE 0xC0300000UL
#define MI_SELF_MAP_PDE_INDEX 0x300
#define MI_PTES_PER_TABLE 1024
#define MI_PDE_SPAN (MI_PTES_PER_TABLE * 4096UL) /* 4 MiB per table */

/* Address space boundaries (docs/virtual-memory.md has the whole map). */
#define MM_LOWEST_USER_ADDRESS 0x00010000UL
#define MM_HIGHEST_USER_ADDRESS 0x7FFEFFFFUL
#define MM_USER_PROBE_ADDRESS 0x7FFF0000UL /* the 64 KiB guard */
#define MM_SYSTEM_RANGE_START 0x80000000UL
#define MI_HYPERSPACE_BASE 0xC0400000UL
#define MI_SYSTEM_PTE_BASE 0xC0800000UL
#define MI_SYSTEM_PTE_END 0xE0000000UL /* one past the last byte */

static inline ULONG MiGetPdeIndex(ULONG Va)
{
    return Va >> 22;
}

static inline ULONG MiGetPteIndex(ULONG Va)
{
    return (Va >> 12) & (MI_PTES_PER_TABLE - 1);
}

static inline ULONG MiGetByteOffset(ULONG Va)
{
    return Va & 0xFFF;
}

/* Where the self-map shows the entries for Va (addresses, not pointers, so
 * the host can check the arithmetic). */
static inline ULONG MiGetPteAddressOf(ULONG Va)
{
    return PTE_BASE + ((Va >> 12) << 2);
}

static inline ULONG MiGetPdeAddressOf(ULONG Va)
{
    return PDE_BASE + ((Va >> 22) << 2);
}

/* The address a PTE (seen through the self-map) translates. */
static inline ULONG MiGetVirtualAddressMappedByPteAddress(ULONG PteAddress)
{
    return (PteAddress - PTE_BASE) << 10;
}

static inline PFN_NUMBER MiGetPteFrame(MMPTE Pte)
{
    return Pte >> 12;
}

static inline BOOLEAN MiIsUserAddress(ULONG Va)
{
    return Va < MM_SYSTEM_RANGE_START;
}

/* NT's page protections (winnt.h values). x86 without PAE cannot refuse to
 * execute a readable page, so each EXECUTE variant maps like its plain
 * form. */
#define PAGE_NOACCESS 0x01
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define PAGE_EXECUTE 0x10
#define PAGE_EXECUTE_READ 0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_NOCACHE 0x200
#define PAGE_WRITECOMBINE 0x400 /* no PAT here: mapped uncached */

/* TRUE when Protection names one base protection with at most one caching
 * modifier, and is mappable (PAGE_NOACCESS is a reservation, not a map). */
BOOLEAN MiIsMappableProtection(ULONG Protection);

/* The valid PTE for Frame at Va: writable or not from Protection, owner
 * bit for user addresses, global for system addresses when GlobalBit (0
 * or MI_PTE_GLOBAL, what the CPU supports) says so. Protection must be
 * mappable. */
MMPTE MiMakeValidPte(PFN_NUMBER Frame, ULONG Protection, ULONG Va,
                     ULONG GlobalBit);

/* The protection a valid PTE grants, as PAGE_READONLY / PAGE_READWRITE
 * (with PAGE_NOCACHE when caching is off). */
ULONG MiPteProtection(MMPTE Pte);

#endif
