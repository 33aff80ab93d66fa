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
#include "ntmm.h"

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

/*
 * NT's protection codes (MM_*, 5 bits): the low three bits the access,
 * the top two a modifier. Every PAGE_* combination the services accept
 * has one; PAGE_GUARD, PAGE_NOCACHE and PAGE_WRITECOMBINE exclude each
 * other and PAGE_NOACCESS.
 */
#define MM_ZERO_ACCESS 0
#define MM_READONLY 1
#define MM_EXECUTE 2
#define MM_EXECUTE_READ 3
#define MM_READWRITE 4
#define MM_WRITECOPY 5
#define MM_EXECUTE_READWRITE 6
#define MM_EXECUTE_WRITECOPY 7
#define MM_PROTECT_ACCESS 7
#define MM_NOCACHE 0x08
#define MM_GUARD_PAGE 0x10
#define MM_WRITECOMBINE 0x18
#define MM_PROTECT_SPECIAL 0x18
#define MM_NOACCESS 0x18 /* MM_ZERO_ACCESS with the WRITECOMBINE bits */
#define MM_INVALID_PROTECTION 0xFFFFFFFFUL

/* The code for a PAGE_* value, or MM_INVALID_PROTECTION (NT's
 * MiMakeProtectionMask). */
ULONG MiMakeProtectionMask(ULONG Protect);
/* Back to PAGE_* (NT's MmProtectToValue). */
ULONG MiProtectionMaskToPage(ULONG Mask);

/*
 * A user PTE says a page's commitment and protection, as NT's x86 PTEs
 * do (docs/virtual-memory.md):
 * - 0: not committed (free, reserved or decommitted);
 * - not valid, bits 5-9 the code: committed, demand zero (no frame yet);
 * - not valid, MI_PTE_TRANSITION, a frame: committed and resident, but
 *   PAGE_NOACCESS or PAGE_GUARD keeps it out of reach;
 * - valid: bits 9-11 (left to software by the CPU) the access code.
 */
#define MI_PTE_PROTECTION_SHIFT 5
#define MI_PTE_PROTECTION_MASK 0x3E0
#define MI_PTE_TRANSITION 0x800
#define MI_PTE_ACCESS_SHIFT 9

/*
 * Paging (docs/paging.md) adds NT's page-file PTE: not valid, not
 * transition, the code in bits 5-9 and the page's slot in the page file
 * in bits 12-31 (bits 1-4, the file number, are 0: there is one page
 * file). Slot 0 holds the page file's header, so slot 0 means demand
 * zero. A transition PTE whose frame's PFN is on the standby or modified
 * list is a trimmed page (a soft fault brings it back); one whose frame is
 * still in the working set is a page PAGE_NOACCESS or PAGE_GUARD hides.
 */
#define MI_PTE_PAGE_FILE_SHIFT 12
/* NT's prototype bit: never set in a page-file PTE (system PTE space's
 * guard marks use it, mm/system_pte.c; in a view, with bits 5-9 the
 * code, it says the page is the section's, mm/section_paging.c). */
#define MI_PTE_PROTOTYPE 0x400

static inline BOOLEAN MiIsPageFilePte(MMPTE Pte)
{
    return !(Pte & (MI_PTE_VALID | MI_PTE_TRANSITION | MI_PTE_PROTOTYPE)) &&
           (Pte >> MI_PTE_PAGE_FILE_SHIFT) != 0;
}

static inline ULONG MiGetPageFileSlot(MMPTE Pte)
{
    return Pte >> MI_PTE_PAGE_FILE_SHIFT;
}

static inline MMPTE MiMakePageFilePte(ULONG Slot, ULONG Mask)
{
    return (Slot << MI_PTE_PAGE_FILE_SHIFT) | (Mask << MI_PTE_PROTECTION_SHIFT);
}

/* A not-valid PTE with its code replaced; the slot or frame it names
 * stays. */
static inline MMPTE MiSetInvalidPteProtection(MMPTE Pte, ULONG Mask)
{
    return (Pte & ~(MMPTE)MI_PTE_PROTECTION_MASK) |
           (Mask << MI_PTE_PROTECTION_SHIFT);
}

MMPTE MiMakeDemandZeroPte(ULONG Mask);
MMPTE MiMakeTransitionPte(PFN_NUMBER Frame, ULONG Mask);
/* Valid, with Mask's access and caching; Mask must be reachable. */
MMPTE MiMakeUserValidPte(PFN_NUMBER Frame, ULONG Mask, ULONG Va);
/* The code of a non-zero user PTE (a valid PTE made without one, as
 * MiMapPage makes them, reads as its hardware bits say). */
ULONG MiGetPteProtectionMask(MMPTE Pte);
/* TRUE when a page with this code may be valid: not guarded, not
 * PAGE_NOACCESS. */
BOOLEAN MiIsReachableMask(ULONG Mask);
BOOLEAN MiIsWritableMask(ULONG Mask);

#endif
