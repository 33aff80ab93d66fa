/*
 * The page-fault handler's memory-manager half (kernel/ke/trap.c calls it
 * first). The PTE of a user page says what it promises (mm/commit.c): a
 * demand-zero PTE gets a zeroed frame on first touch, a guard page fires
 * STATUS_GUARD_PAGE_VIOLATION once and becomes reachable, as on NT. A
 * trimmed page comes back off its list (a soft fault), a paged-out one
 * from the page file (a hard fault), for user pages, paged pool and
 * drivers' pageable pages alike (docs/paging.md); at DISPATCH_LEVEL or
 * above either stops the machine. Everything else is an access violation
 * for the trap handler to raise: to a try/except block when one is
 * active, else a bug check.
 */
#include "kernel/bugcheck.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/pool_pages.h"
#include "kernel/process.h"
#include "kernel/section.h"
#include "kernel/sysldr.h"
#include "kernel/verifier_special_pool.h"

BOOLEAN MiPagingReady;

/* MI_HARD_FAULT (kernel/section.h), resolve_user_fault's word for "the
 * page is in the page file": the read waits for the disk, which cannot
 * happen at DISPATCH_LEVEL. */

/* Runs at DISPATCH_LEVEL: the PTE cannot change under it. */
static NTSTATUS resolve_user_fault(ULONG FaultStatus, ULONG Va)
{
    PMMPTE Pte = MiGetPteAddress((PVOID)Va);
    MMPTE Old = MiReadPte((PVOID)Va);
    ULONG Mask = MiGetPteProtectionMask(Old);
    PFN_NUMBER Frame;

    if (Old & MI_PTE_VALID)
        return STATUS_SUCCESS; /* another thread made it first: retry */
    /* Not committed, unless a view's section has it; or a view's page
     * trimmed (MI_PTE_PROTOTYPE): the section has it. */
    if (Old == 0 ||
        (Old & (MI_PTE_TRANSITION | MI_PTE_PROTOTYPE)) == MI_PTE_PROTOTYPE) {
        PMMVAD Vad = MiLocateAddress(PsGetCurrentProcess(), (PVOID)Va);

        if (Vad != NULL && Vad->Section != NULL)
            return MiResolveViewFault(Vad, Va, Old);
        return STATUS_ACCESS_VIOLATION;
    }
    /* A trimmed page's frame comes back into the working set first; then
     * the protection decides, as for any resident page. */
    if ((Old & MI_PTE_TRANSITION) &&
        MiReclaimTransitionFrame(MiGetPteFrame(Old)))
        MiPagingCounters.SoftFaults++;
    if ((Mask & MM_PROTECT_SPECIAL) == MM_GUARD_PAGE) {
        /* The guard goes; the page keeps its frame, its copy or stays
         * demand zero, and the next touch succeeds. */
        Mask &= ~MM_GUARD_PAGE;
        *Pte = (Old & MI_PTE_TRANSITION)
                   ? MiMakeUserValidPte(MiGetPteFrame(Old), Mask, Va)
                   : MiSetInvalidPteProtection(Old, Mask);
        return STATUS_GUARD_PAGE_VIOLATION;
    }
    if (!MiIsReachableMask(Mask))
        return STATUS_ACCESS_VIOLATION; /* PAGE_NOACCESS */
    if ((FaultStatus & PF_WRITE) && !MiIsWritableMask(Mask))
        return STATUS_ACCESS_VIOLATION;
    if (Old & MI_PTE_TRANSITION) {
        *Pte = MiMakeUserValidPte(MiGetPteFrame(Old), Mask, Va);
        return STATUS_SUCCESS;
    }
    if (MiIsPageFilePte(Old))
        return MI_HARD_FAULT;
    Frame = MiAllocateZeroedPage();
    if (Frame == MI_NO_PAGE)
        return STATUS_NO_MEMORY;
    MiGetPfnEntry(Frame)->Usage = MiUsageProcess;
    /* The table already counts this PTE: it was not zero. */
    *Pte = MiMakeUserValidPte(Frame, Mask, Va);
    return STATUS_SUCCESS;
}

BOOLEAN MiWaitForFreePages(VOID)
{
    LARGE_INTEGER Timeout = {.QuadPart = -100 * 10000LL}; /* 100 ms */

    if (!MiPageFilePresent)
        return FALSE;
    KeClearEvent(&MiPagesAvailableEvent);
    KeSetEvent(&MiLowMemoryEvent, 0, FALSE);
    KeWaitForSingleObject(&MiPagesAvailableEvent, WrFreePage, KernelMode, FALSE,
                          &Timeout);
    return TRUE;
}

static BOOLEAN is_paged_pool(ULONG Va)
{
    return Va - MI_PAGED_POOL_START < MI_PAGED_POOL_END - MI_PAGED_POOL_START;
}

/* A page coming back: a user page for its program; a system page (paged
 * pool, a driver's) as MiMapPage made it, global as the system's are. */
static MMPTE make_valid(PFN_NUMBER Frame, ULONG Mask, ULONG Va)
{
    if (MiIsUserAddress(Va))
        return MiMakeUserValidPte(Frame, Mask, Va);
    return MiMakeValidPte(Frame, MiProtectionMaskToPage(Mask), Va,
                          MiGlobalPteBit);
}

/* The hard fault: the page's copy is read into a new frame while the
 * thread waits at APC_LEVEL, then mapped if the PTE still names that
 * copy (the page may have gone, or come back through another thread,
 * meanwhile). The copy's slot stays the page's until it is written to
 * again, so a clean page is trimmed without a write. A system page that
 * cannot be read stops the machine: the kernel has no way on without its
 * data. */
static NTSTATUS read_page_back(ULONG Va, MMPTE Expected)
{
    ULONG Slot = MiGetPageFileSlot(Expected);
    BOOLEAN User = MiIsUserAddress(Va);
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    NTSTATUS Status;
    KIRQL OldIrql;
    MMPTE Now;

    if (Frame == MI_NO_PAGE)
        return STATUS_NO_MEMORY;
    Status = MiPageFileTransfer(FALSE, Slot, &Frame, 1);
    OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    Now = MiReadPte((PVOID)Va);
    if (!MiIsPageFilePte(Now) || MiGetPageFileSlot(Now) != Slot) {
        KfLowerIrql(OldIrql);
        MiFreePages(Frame, 0);
        return STATUS_SUCCESS; /* the instruction runs again and sees */
    }
    if (!NT_SUCCESS(Status)) {
        MiPagingCounters.InPageErrors++;
        if (!User)
            KeBugCheckEx(KERNEL_DATA_INPAGE_ERROR, Now, (ULONG_PTR)Status,
                         MiGetPteAddressOf(Va), Va);
        KfLowerIrql(OldIrql);
        MiFreePages(Frame, 0);
        return STATUS_IN_PAGE_ERROR;
    }
    MiGetPfnEntry(Frame)->Usage = User                ? MiUsageProcess
                                  : is_paged_pool(Va) ? MiUsagePool
                                                      : MiUsageDriverPageable;
    MiGetPfnEntry(Frame)->OriginalPte = MiMakePageFilePte(Slot, 0);
    *MiGetPteAddress((PVOID)Va) =
        make_valid(Frame, MiGetPteProtectionMask(Now), Va);
    MiPagingCounters.HardFaults++;
    KfLowerIrql(OldIrql);
    return STATUS_SUCCESS;
}

/* A fault that needs the page lists or the disk at DISPATCH_LEVEL or
 * above breaks the rule every driver writer learns: the machine stops.
 * As NT says it: DRIVER_PORTION_MUST_BE_NONPAGED when the page is a
 * driver's own (its code or data was marked pageable and should not
 * have been), DRIVER_IRQL_NOT_LESS_OR_EQUAL when a driver's code touched
 * it, else IRQL_NOT_LESS_OR_EQUAL. */
static DECLSPEC_NORETURN VOID stop_for_irql(ULONG Va, KIRQL Irql,
                                            ULONG FaultStatus,
                                            PKTRAP_FRAME TrapFrame)
{
    ULONG_PTR Eip = TrapFrame ? TrapFrame->Eip : 0;
    PKLDR_DATA_TABLE_ENTRY Driver;
    PCSTR Export;
    ULONG_PTR Offset;
    ULONG Code = IRQL_NOT_LESS_OR_EQUAL;

    if (MiLookupDriverSymbol(Va, &Driver, &Export, &Offset))
        Code = DRIVER_PORTION_MUST_BE_NONPAGED;
    else if (MiLookupDriverSymbol(Eip, &Driver, &Export, &Offset))
        Code = DRIVER_IRQL_NOT_LESS_OR_EQUAL;
    /* With the trap frame, the stop screen's backtrace starts at the
     * faulting instruction. */
    KiBugCheckWithTrapFrame(TrapFrame, Code, Va, Irql,
                            (FaultStatus & PF_WRITE) ? 1 : 0, Eip);
}

/* A transition PTE whose frame has left the working set. */
static BOOLEAN is_trimmed(MMPTE Pte)
{
    PMMPFN Pfn = MiGetPfnEntry(MiGetPteFrame(Pte));

    return (Pte & MI_PTE_TRANSITION) && Pfn != NULL && MiIsFrameTrimmed(Pfn);
}

/* A system page the working-set manager trimmed (paged pool, a driver's
 * pageable page): back from its list (a soft fault) or from the page
 * file. Anything else is no pageable page. */
static NTSTATUS resolve_system_fault(ULONG FaultStatus, ULONG Va)
{
    MMPTE Pte = MiReadPte((PVOID)Va);

    UNREFERENCED_PARAMETER(FaultStatus);
    if (Pte & MI_PTE_VALID)
        return STATUS_SUCCESS;
    if (MiIsPageFilePte(Pte))
        return MI_HARD_FAULT;
    if (!is_trimmed(Pte))
        return STATUS_ACCESS_VIOLATION;
    MiReclaimTransitionFrame(MiGetPteFrame(Pte));
    MiPagingCounters.SoftFaults++;
    *MiGetPteAddress((PVOID)Va) =
        make_valid(MiGetPteFrame(Pte), MiGetPteProtectionMask(Pte), Va);
    return STATUS_SUCCESS;
}

/* Where the system's pageable pages are: paged pool, and the drivers'
 * images in system PTE space. */
static BOOLEAN is_pageable_system(ULONG Va)
{
    return is_paged_pool(Va) ||
           Va - MI_SYSTEM_PTE_BASE < MI_SYSTEM_PTE_END - MI_SYSTEM_PTE_BASE;
}

/* One try at DISPATCH_LEVEL, and the disk read a hard fault needs at
 * APC_LEVEL. */
static NTSTATUS resolve_once(ULONG FaultStatus, ULONG Va, KIRQL Irql)
{
    NTSTATUS Status;
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    MMPTE Pte = MiReadPte((PVOID)Va);

    if (!MiIsUserAddress(Va))
        Status = resolve_system_fault(FaultStatus, Va);
    else if (FaultStatus & PF_PRESENT)
        Status = MiCopyOnWrite(Va);
    else
        Status = resolve_user_fault(FaultStatus, Va);
    KfLowerIrql(OldIrql);
    /* A view's page in the page file at DISPATCH_LEVEL: no read there
     * (MmAccessFault stops for a trimmed view page first). */
    if (Status == MI_HARD_FAULT && Irql >= DISPATCH_LEVEL)
        return STATUS_ACCESS_VIOLATION;
    if (Status == MI_HARD_FAULT) {
        OldIrql = KfRaiseIrql(APC_LEVEL > Irql ? APC_LEVEL : Irql);
        /* A view's page is read back through its section's prototype. */
        Status =
            MiIsPageFilePte(Pte) ? read_page_back(Va, Pte) : MiReadViewPage(Va);
        KfLowerIrql(OldIrql);
    }
    return Status;
}

NTSTATUS MmAccessFault(ULONG FaultStatus, PVOID Address, PKTRAP_FRAME TrapFrame)
{
    ULONG Va = (ULONG)Address, Try;
    KIRQL Irql = KeGetCurrentIrql();
    NTSTATUS Status;
    MMPTE Pte;

    /* A present page refused the access (protection), a reserved bit is
     * set (a corrupt table), or the address is in a guard: no remedy. */
    if (!MiPagingReady || (FaultStatus & PF_RESERVED))
        return STATUS_ACCESS_VIOLATION;
    /* Driver Verifier's special pool: its guard and freed pages stop. */
    if (!(FaultStatus & PF_PRESENT))
        VfCheckSpecialPoolFault(Address, FaultStatus, TrapFrame);
    Pte = MiReadPte(Address);
    /* A pageable page that is not there at DISPATCH_LEVEL or above: a
     * trimmed or paged-out page of paged pool, a program or a driver. */
    if (Irql >= DISPATCH_LEVEL && !(FaultStatus & PF_PRESENT) &&
        (MiIsPageFilePte(Pte) || is_trimmed(Pte) ||
         (MiIsUserAddress(Va) &&
          (Pte & (MI_PTE_VALID | MI_PTE_TRANSITION | MI_PTE_PROTOTYPE)) ==
              MI_PTE_PROTOTYPE)))
        stop_for_irql(Va, Irql, FaultStatus, TrapFrame);
    if (is_pageable_system(Va)) {
        if ((FaultStatus & PF_PRESENT) || Irql >= DISPATCH_LEVEL)
            return STATUS_ACCESS_VIOLATION;
    } else if (Va < MM_LOWEST_USER_ADDRESS || Va > MM_HIGHEST_USER_ADDRESS ||
               Irql > DISPATCH_LEVEL) {
        return STATUS_ACCESS_VIOLATION;
    } else if ((FaultStatus & PF_PRESENT) && !(FaultStatus & PF_WRITE)) {
        /* A present page refused a write: a write-copy view's shared
         * page gets its copy; anything else stays refused. */
        return STATUS_ACCESS_VIOLATION;
    }
    /* An idle process's page tables may have left memory: they come back
     * before its PTEs are read (mm/process_swap.c). */
    if (Va <= MM_HIGHEST_USER_ADDRESS && Irql < DISPATCH_LEVEL)
        MmInSwapProcess(KeGetCurrentThread()->ApcState.Process);
    /* Out of frames, a thread that may wait waits for the paging threads
     * to free some (a few seconds at most), then tries again. */
    for (Try = 0;; Try++) {
        Status = resolve_once(FaultStatus, Va, Irql);
        if (Status != STATUS_NO_MEMORY || Irql >= DISPATCH_LEVEL || Try == 50 ||
            !MiWaitForFreePages())
            return Status;
    }
}
