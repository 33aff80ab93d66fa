/*
 * The page-fault handler's memory-manager half (kernel/ke/trap.c calls it
 * first). The PTE of a user page says what it promises (mm/commit.c): a
 * demand-zero PTE gets a zeroed frame on first touch, a guard page fires
 * STATUS_GUARD_PAGE_VIOLATION once and becomes reachable, as on NT.
 * Everything else is an access violation for the trap handler to raise:
 * to a try/except block when one is active, else a bug check.
 */
#include "kernel/mm.h"
#include "kernel/process.h"

BOOLEAN MiPagingReady;

/* Runs at DISPATCH_LEVEL: the PTE cannot change under it. */
static NTSTATUS resolve_user_fault(ULONG FaultStatus, ULONG Va)
{
    PMMPTE Pte = MiGetPteAddress((PVOID)Va);
    MMPTE Old = MiReadPte((PVOID)Va);
    ULONG Mask = MiGetPteProtectionMask(Old);
    PFN_NUMBER Frame;

    if (Old & MI_PTE_VALID)
        return STATUS_SUCCESS; /* another thread made it first: retry */
    if (Old == 0)
        return STATUS_ACCESS_VIOLATION; /* not committed */
    if ((Mask & MM_PROTECT_SPECIAL) == MM_GUARD_PAGE) {
        /* The guard goes; the page keeps its frame or stays demand zero,
         * and the next touch succeeds. */
        Mask &= ~MM_GUARD_PAGE;
        *Pte = (Old & MI_PTE_TRANSITION)
                   ? MiMakeUserValidPte(MiGetPteFrame(Old), Mask, Va)
                   : MiMakeDemandZeroPte(Mask);
        return STATUS_GUARD_PAGE_VIOLATION;
    }
    if (!MiIsReachableMask(Mask))
        return STATUS_ACCESS_VIOLATION; /* PAGE_NOACCESS */
    if ((FaultStatus & PF_WRITE) && !MiIsWritableMask(Mask))
        return STATUS_ACCESS_VIOLATION;
    Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    if (Frame == MI_NO_PAGE)
        return STATUS_NO_MEMORY;
    MiZeroPhysicalPage(Frame);
    MiGetPfnEntry(Frame)->Usage = MiUsageProcess;
    /* The table already counts this PTE: it was not zero. */
    *Pte = MiMakeUserValidPte(Frame, Mask, Va);
    return STATUS_SUCCESS;
}

NTSTATUS MmAccessFault(ULONG FaultStatus, PVOID Address, PKTRAP_FRAME TrapFrame)
{
    ULONG Va = (ULONG)Address;
    NTSTATUS Status;
    KIRQL OldIrql;

    (void)TrapFrame;
    /* A present page refused the access (protection), a reserved bit is
     * set (a corrupt table), or the address is in a guard: no remedy. */
    if (!MiPagingReady || (FaultStatus & (PF_PRESENT | PF_RESERVED)))
        return STATUS_ACCESS_VIOLATION;
    if (Va < MM_LOWEST_USER_ADDRESS || Va > MM_HIGHEST_USER_ADDRESS)
        return STATUS_ACCESS_VIOLATION;
    if (KeGetCurrentIrql() > DISPATCH_LEVEL)
        return STATUS_ACCESS_VIOLATION;
    OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    Status = resolve_user_fault(FaultStatus, Va);
    KfLowerIrql(OldIrql);
    return Status;
}
