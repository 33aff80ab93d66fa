/*
 * Committed pages of the current user space, kept in the PTEs as NT keeps
 * them (include/kernel/pte.h): committing writes a demand-zero PTE with
 * the protection, the first touch turns it valid (mm/page_fault.c),
 * decommitting writes zero again. A user page table counts its non-zero
 * PTEs in its PFN record and goes back to the buddy allocator when the
 * count drops to zero.
 *
 * Each PTE changes at DISPATCH_LEVEL: with one processor no page fault
 * of another thread of the process can come between the read and the
 * write. The VAD tree is the caller's, under AddressCreationLock.
 */
#include "kernel/bugcheck.h"
#include "kernel/mm.h"
#include "kernel/paging.h"

static PMMPFN table_of(ULONG Va)
{
    return MiGetPfnEntry(MiGetPteFrame(*MiGetPdeAddress((PVOID)Va)));
}

/* The table under Va counted one PTE fewer: free it when none is left. */
static VOID drop_table_reference(ULONG Va)
{
    PMMPTE Pde = MiGetPdeAddress((PVOID)Va);
    PMMPFN Table = table_of(Va);

    if (Table->ReferenceCount == 0)
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_PAGE_TABLE_COUNT, Va, *Pde, 0);
    if (--Table->ReferenceCount == 0) {
        *Pde = 0;
        MiFlushSingleTb(MiGetPteAddress((PVOID)Va)); /* its self-map page */
        MiFreePages(MiGetPfnFrame(Table), 0);
    }
}

/* A table MiEnsurePageTables made for a commit that then failed. */
static VOID free_table_if_unused(ULONG Va)
{
    PMMPTE Pde = MiGetPdeAddress((PVOID)Va);

    if ((*Pde & MI_PTE_VALID) && table_of(Va)->ReferenceCount == 0) {
        PMMPFN Table = table_of(Va);
        *Pde = 0;
        MiFlushSingleTb(MiGetPteAddress((PVOID)Va));
        MiFreePages(MiGetPfnFrame(Table), 0);
    }
}

/* A committed page's new protection; its frame, if any, stays. */
static VOID protect_pte(ULONG Va, MMPTE Old, ULONG Mask)
{
    PMMPTE Pte = MiGetPteAddress((PVOID)Va);
    PFN_NUMBER Frame = MiGetPteFrame(Old);

    if (!(Old & (MI_PTE_VALID | MI_PTE_TRANSITION))) {
        *Pte = MiSetInvalidPteProtection(Old, Mask); /* zero or page file */
        return;
    }
    if (Old & MI_PTE_TRANSITION)
        MiReclaimTransitionFrame(Frame); /* trimmed: back in the set */
    if (MiIsReachableMask(Mask))
        *Pte = MiMakeUserValidPte(Frame, Mask, Va);
    else
        *Pte = MiMakeTransitionPte(Frame, Mask);
    if (Old & MI_PTE_VALID)
        MiFlushSingleTb((PVOID)Va);
}

NTSTATUS MiCommitPages(ULONG StartVa, ULONG PageCount, ULONG Mask)
{
    ULONG Va, Page, New = 0;
    NTSTATUS Status = MiEnsurePageTables((PVOID)StartVa, PageCount);
    KIRQL OldIrql;

    if (!NT_SUCCESS(Status)) {
        for (Va = StartVa, Page = 0; Page < PageCount; Page++, Va += PAGE_SIZE)
            free_table_if_unused(Va);
        return STATUS_NO_MEMORY;
    }
    /* The new pages' charge first: a refusal changes nothing. */
    for (Va = StartVa, Page = 0; Page < PageCount; Page++, Va += PAGE_SIZE)
        New += *MiGetPteAddress((PVOID)Va) == 0;
    if (!NT_SUCCESS(MiChargeCommitment(New))) {
        for (Va = StartVa, Page = 0; Page < PageCount; Page++, Va += PAGE_SIZE)
            free_table_if_unused(Va);
        return STATUS_COMMITMENT_LIMIT;
    }
    for (Va = StartVa, Page = 0; Page < PageCount; Page++, Va += PAGE_SIZE) {
        PMMPTE Pte = MiGetPteAddress((PVOID)Va);

        OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        if (*Pte == 0) {
            *Pte = MiMakeDemandZeroPte(Mask);
            table_of(Va)->ReferenceCount++;
        } else {
            protect_pte(Va, *Pte, Mask); /* NT: a recommit sets it too */
        }
        KfLowerIrql(OldIrql);
    }
    return STATUS_SUCCESS;
}

ULONG MiDecommitPages(ULONG StartVa, ULONG PageCount)
{
    ULONG Va, Page, Committed = 0;
    KIRQL OldIrql;

    for (Va = StartVa, Page = 0; Page < PageCount; Page++, Va += PAGE_SIZE) {
        PMMPTE Pte = MiGetPteAddress((PVOID)Va);
        MMPTE Old;

        OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        Old = MiReadPte((PVOID)Va);
        if (Old != 0) {
            *Pte = 0;
            if (Old & MI_PTE_VALID)
                MiFlushSingleTb((PVOID)Va);
            MiDeletePageablePte(Old, MiUsageProcess);
            drop_table_reference(Va);
            Committed++;
        }
        KfLowerIrql(OldIrql);
    }
    return Committed;
}

VOID MiProtectPages(ULONG StartVa, ULONG PageCount, ULONG Mask)
{
    ULONG Va, Page;
    KIRQL OldIrql;

    for (Va = StartVa, Page = 0; Page < PageCount; Page++, Va += PAGE_SIZE) {
        MMPTE Old;

        OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        Old = MiReadPte((PVOID)Va);
        if (Old != 0)
            protect_pte(Va, Old, Mask);
        KfLowerIrql(OldIrql);
    }
}

ULONG MiQueryPageProtection(ULONG Va)
{
    MMPTE Pte = MiReadPte((PVOID)Va);

    return Pte == 0 ? MM_ZERO_ACCESS : MiGetPteProtectionMask(Pte);
}
