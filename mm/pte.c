/*
 * PTE encoding: NT's page protections in, hardware bits out, and back.
 */
#include "kernel/pte.h"

static ULONG base_protection(ULONG Protection)
{
    return Protection & ~(ULONG)(PAGE_NOCACHE | PAGE_WRITECOMBINE);
}

BOOLEAN MiIsMappableProtection(ULONG Protection)
{
    ULONG Caching = Protection & (PAGE_NOCACHE | PAGE_WRITECOMBINE);

    if (Caching == (PAGE_NOCACHE | PAGE_WRITECOMBINE))
        return FALSE;
    switch (base_protection(Protection)) {
    case PAGE_READONLY:
    case PAGE_READWRITE:
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_READWRITE:
        return TRUE;
    default:
        return FALSE;
    }
}

MMPTE MiMakeValidPte(PFN_NUMBER Frame, ULONG Protection, ULONG Va,
                     ULONG GlobalBit)
{
    ULONG Base = base_protection(Protection);
    MMPTE Pte = (Frame << 12) | MI_PTE_VALID;

    if (Base == PAGE_READWRITE || Base == PAGE_EXECUTE_READWRITE)
        Pte |= MI_PTE_WRITE;
    if (Protection & (PAGE_NOCACHE | PAGE_WRITECOMBINE))
        Pte |= MI_PTE_CACHE_DISABLE | MI_PTE_WRITE_THROUGH;
    if (MiIsUserAddress(Va))
        Pte |= MI_PTE_OWNER;
    else
        Pte |= GlobalBit & MI_PTE_GLOBAL;
    return Pte;
}

ULONG MiPteProtection(MMPTE Pte)
{
    ULONG Protection = (Pte & MI_PTE_WRITE) ? PAGE_READWRITE : PAGE_READONLY;

    if (Pte & MI_PTE_CACHE_DISABLE)
        Protection |= PAGE_NOCACHE;
    return Protection;
}
