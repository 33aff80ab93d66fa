/*
 * NT's protection codes and the software half of user PTEs: what a page
 * promises is kept in its PTE even while it has no frame, as NT's x86
 * demand-zero and transition PTEs keep it.
 */
#include "kernel/pte.h"

#define INVALID MM_INVALID_PROTECTION

/* Indexed by the low nibble of PAGE_* (NOACCESS..WRITECOPY) and by the
 * high one (EXECUTE..EXECUTE_WRITECOPY): exactly one bit may be set. */
static const ULONG low_nibble[16] = {
    INVALID, MM_NOACCESS, MM_READONLY,  INVALID, MM_READWRITE, INVALID,
    INVALID, INVALID,     MM_WRITECOPY, INVALID, INVALID,      INVALID,
    INVALID, INVALID,     INVALID,      INVALID,
};
static const ULONG high_nibble[16] = {
    INVALID,
    MM_EXECUTE,
    MM_EXECUTE_READ,
    INVALID,
    MM_EXECUTE_READWRITE,
    INVALID,
    INVALID,
    INVALID,
    MM_EXECUTE_WRITECOPY,
    INVALID,
    INVALID,
    INVALID,
    INVALID,
    INVALID,
    INVALID,
    INVALID,
};

ULONG MiMakeProtectionMask(ULONG Protect)
{
    ULONG Low = Protect & 0xF, High = (Protect >> 4) & 0xF, Mask;

    if (Protect >= PAGE_WRITECOMBINE * 2 || (Low != 0) == (High != 0))
        return INVALID;
    Mask = Low != 0 ? low_nibble[Low] : high_nibble[High];
    if (Mask == INVALID)
        return INVALID;
    switch (Protect & (PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE)) {
    case 0:
        return Mask;
    case PAGE_GUARD:
        return Mask == MM_NOACCESS ? INVALID : Mask | MM_GUARD_PAGE;
    case PAGE_NOCACHE:
        return Mask == MM_NOACCESS ? INVALID : Mask | MM_NOCACHE;
    case PAGE_WRITECOMBINE:
        return Mask == MM_NOACCESS ? INVALID : Mask | MM_WRITECOMBINE;
    default:
        return INVALID; /* the modifiers exclude each other */
    }
}

ULONG MiProtectionMaskToPage(ULONG Mask)
{
    static const ULONG Access[8] = {
        PAGE_NOACCESS,          PAGE_READONLY,          PAGE_EXECUTE,
        PAGE_EXECUTE_READ,      PAGE_READWRITE,         PAGE_WRITECOPY,
        PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY,
    };
    ULONG Page = Access[Mask & MM_PROTECT_ACCESS];

    if ((Mask & MM_PROTECT_ACCESS) == MM_ZERO_ACCESS)
        return PAGE_NOACCESS;
    switch (Mask & MM_PROTECT_SPECIAL) {
    case MM_NOCACHE:
        return Page | PAGE_NOCACHE;
    case MM_GUARD_PAGE:
        return Page | PAGE_GUARD;
    case MM_WRITECOMBINE:
        return Page | PAGE_WRITECOMBINE;
    default:
        return Page;
    }
}

MMPTE MiMakeDemandZeroPte(ULONG Mask)
{
    return Mask << MI_PTE_PROTECTION_SHIFT;
}

MMPTE MiMakeTransitionPte(PFN_NUMBER Frame, ULONG Mask)
{
    return (Frame << 12) | MI_PTE_TRANSITION |
           (Mask << MI_PTE_PROTECTION_SHIFT);
}

BOOLEAN MiIsReachableMask(ULONG Mask)
{
    return (Mask & MM_PROTECT_ACCESS) != MM_ZERO_ACCESS &&
           (Mask & MM_PROTECT_SPECIAL) != MM_GUARD_PAGE;
}

BOOLEAN MiIsWritableMask(ULONG Mask)
{
    ULONG Access = Mask & MM_PROTECT_ACCESS;

    return MiIsReachableMask(Mask) &&
           (Access == MM_READWRITE || Access == MM_EXECUTE_READWRITE ||
            Access == MM_WRITECOPY || Access == MM_EXECUTE_WRITECOPY);
}

/* Without PAT, PCD alone already means uncached: PWT tells NOCACHE
 * (both bits) from WRITECOMBINE (PCD only) for the query's sake. */
MMPTE MiMakeUserValidPte(PFN_NUMBER Frame, ULONG Mask, ULONG Va)
{
    MMPTE Pte = (Frame << 12) | MI_PTE_VALID |
                ((Mask & MM_PROTECT_ACCESS) << MI_PTE_ACCESS_SHIFT);

    if (MiIsWritableMask(Mask))
        Pte |= MI_PTE_WRITE;
    if (MiIsUserAddress(Va))
        Pte |= MI_PTE_OWNER;
    if ((Mask & MM_PROTECT_SPECIAL) == MM_NOCACHE)
        Pte |= MI_PTE_CACHE_DISABLE | MI_PTE_WRITE_THROUGH;
    else if ((Mask & MM_PROTECT_SPECIAL) == MM_WRITECOMBINE)
        Pte |= MI_PTE_CACHE_DISABLE;
    return Pte;
}

ULONG MiGetPteProtectionMask(MMPTE Pte)
{
    ULONG Mask;

    if (!(Pte & MI_PTE_VALID))
        return (Pte & MI_PTE_PROTECTION_MASK) >> MI_PTE_PROTECTION_SHIFT;
    Mask = (Pte >> MI_PTE_ACCESS_SHIFT) & MM_PROTECT_ACCESS;
    if (Mask == MM_ZERO_ACCESS)
        Mask = (Pte & MI_PTE_WRITE) ? MM_READWRITE : MM_READONLY;
    if ((Pte & (MI_PTE_CACHE_DISABLE | MI_PTE_WRITE_THROUGH)) ==
        (MI_PTE_CACHE_DISABLE | MI_PTE_WRITE_THROUGH))
        Mask |= MM_NOCACHE;
    else if (Pte & MI_PTE_CACHE_DISABLE)
        Mask |= MM_WRITECOMBINE;
    return Mask;
}
