/*
 * Page tables of the running address space, reached through the self-map:
 * the PDE of any address is at PDE_BASE + index * 4 and its PTE at
 * PTE_BASE + (va >> 12) * 4, so mapping a page is two array stores.
 *
 * Page tables are frames from the buddy allocator (low memory, so the
 * direct map reaches every one). A user table counts its valid PTEs in its
 * PFN record and goes back to the allocator when the count drops to zero.
 * Kernel tables are shared by every address space: a new one is written
 * into every directory at once (as Linux's pgd_list does on 32-bit x86),
 * so a kernel mapping made after a space was created is visible in it.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/process.h"
#include "kernel/x86.h"

ULONG MiGlobalPteBit;
LIST_ENTRY MiAddressSpaceList; /* every EPROCESS with a directory */

VOID MiFlushSingleTb(PVOID Address)
{
    invlpg((ULONG)Address);
}

VOID MiFlushEntireTb(VOID)
{
    ULONG Cr4;

    if (MiGlobalPteBit == 0) {
        flush_tlb();
        return;
    }
    /* Turning PGE off and on drops the global entries too. */
    Cr4 = read_cr4();
    write_cr4(Cr4 & ~CR4_PGE);
    write_cr4(Cr4);
}

static PMMPFN table_pfn(MMPTE Pde)
{
    return MiGetPfnEntry(MiGetPteFrame(Pde));
}

/* Addresses no mapping may ever use: the NULL guard, the guard between
 * user and kernel space, and the self-map. */
static BOOLEAN is_mappable_address(ULONG Va)
{
    if (Va < MM_LOWEST_USER_ADDRESS)
        return FALSE;
    if (Va >= MM_USER_PROBE_ADDRESS && Va < MM_SYSTEM_RANGE_START)
        return FALSE;
    return MiGetPdeIndex(Va) != MI_SELF_MAP_PDE_INDEX;
}

/* A kernel PDE goes into every directory, the system's first. */
static VOID set_kernel_pde(ULONG Index, MMPTE Pde)
{
    PLIST_ENTRY Entry;

    for (Entry = MiAddressSpaceList.Flink; Entry != &MiAddressSpaceList;
         Entry = Entry->Flink) {
        PEPROCESS Process = CONTAINING_RECORD(Entry, EPROCESS, MmProcessLinks);
        Process->PageDirectory[Index] = Pde;
    }
}

/* Makes sure the page table for Va exists. */
static NTSTATUS make_page_table(ULONG Va)
{
    PMMPTE Pde = MiGetPdeAddress((PVOID)Va);
    PFN_NUMBER Frame;
    PMMPFN Pfn;
    MMPTE NewPde;

    if (*Pde & MI_PTE_VALID)
        return STATUS_SUCCESS;
    Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW);
    if (Frame == MI_NO_PAGE)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlZeroMemory((PVOID)KI_PHYSICAL_TO_VIRTUAL(Frame << PAGE_SHIFT),
                  PAGE_SIZE);
    Pfn = MiGetPfnEntry(Frame);
    Pfn->Usage = MiUsagePageTable;
    Pfn->ReferenceCount = 0;
    Pfn->Owner = MiGetPdeIndex(Va);

    NewPde = (Frame << PAGE_SHIFT) | MI_PTE_VALID | MI_PTE_WRITE;
    if (MiIsUserAddress(Va))
        *Pde = NewPde | MI_PTE_OWNER;
    else
        set_kernel_pde(MiGetPdeIndex(Va), NewPde);
    /* The table's page in the self-map was not present a moment ago. */
    MiFlushSingleTb(MiGetPteAddress((PVOID)Va));
    return STATUS_SUCCESS;
}

NTSTATUS MiEnsurePageTables(PVOID Base, ULONG PageCount)
{
    ULONG Va = (ULONG)Base & ~(PAGE_SIZE - 1);
    ULONG Last = Va + (PageCount - 1) * PAGE_SIZE;
    NTSTATUS Status;

    for (;;) {
        Status = make_page_table(Va);
        if (!NT_SUCCESS(Status) || MiGetPdeIndex(Va) == MiGetPdeIndex(Last))
            return Status;
        Va = (Va & ~(MI_PDE_SPAN - 1)) + MI_PDE_SPAN;
    }
}

MMPTE MiReadPte(PVOID Address)
{
    if (!(*MiGetPdeAddress(Address) & MI_PTE_VALID))
        return 0;
    return *MiGetPteAddress(Address);
}

NTSTATUS MiMapPage(PVOID Address, PFN_NUMBER Frame, ULONG Protection)
{
    ULONG Va = (ULONG)Address & ~(PAGE_SIZE - 1);
    PMMPTE Pte = MiGetPteAddress((PVOID)Va);
    NTSTATUS Status;

    if (!MiIsMappableProtection(Protection))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!is_mappable_address(Va))
        return STATUS_INVALID_PARAMETER;
    Status = make_page_table(Va);
    if (!NT_SUCCESS(Status))
        return Status;
    /* A not-present user PTE that is not zero is committed memory. */
    if ((*Pte & MI_PTE_VALID) || (MiIsUserAddress(Va) && *Pte != 0))
        return STATUS_CONFLICTING_ADDRESSES;
    /* Not-present entries are never cached, so no flush is needed. */
    *Pte = MiMakeValidPte(Frame, Protection, Va, MiGlobalPteBit);
    if (MiIsUserAddress(Va))
        table_pfn(*MiGetPdeAddress((PVOID)Va))->ReferenceCount++;
    return STATUS_SUCCESS;
}

PFN_NUMBER MiUnmapPage(PVOID Address)
{
    ULONG Va = (ULONG)Address & ~(PAGE_SIZE - 1);
    PMMPTE Pde = MiGetPdeAddress((PVOID)Va);
    PMMPTE Pte = MiGetPteAddress((PVOID)Va);
    PFN_NUMBER Frame;
    PMMPFN Table;

    if (!is_mappable_address(Va) || !(*Pde & MI_PTE_VALID) ||
        !(*Pte & MI_PTE_VALID))
        return MI_NO_PAGE;
    Frame = MiGetPteFrame(*Pte);
    *Pte = 0;
    MiFlushSingleTb((PVOID)Va);
    if (!MiIsUserAddress(Va))
        return Frame;

    Table = table_pfn(*Pde);
    if (Table->ReferenceCount == 0)
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_PAGE_TABLE_COUNT, Va, *Pde, 0);
    if (--Table->ReferenceCount == 0) {
        *Pde = 0;
        MiFlushSingleTb(Pte); /* the table's page in the self-map */
        MiFreePages(MiGetPfnFrame(Table), 0);
    }
    return Frame;
}

NTSTATUS MiProtectPage(PVOID Address, ULONG Protection)
{
    ULONG Va = (ULONG)Address & ~(PAGE_SIZE - 1);
    MMPTE Pte = MiReadPte((PVOID)Va);

    if (!MiIsMappableProtection(Protection))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!(Pte & MI_PTE_VALID) || !is_mappable_address(Va))
        return STATUS_NOT_MAPPED_VIEW;
    *MiGetPteAddress((PVOID)Va) =
        MiMakeValidPte(MiGetPteFrame(Pte), Protection, Va, MiGlobalPteBit);
    MiFlushSingleTb((PVOID)Va);
    return STATUS_SUCCESS;
}

BOOLEAN MiQueryPage(PVOID Address, PPFN_NUMBER Frame, PULONG Protection)
{
    MMPTE Pte = MiReadPte(Address);

    if (!(Pte & MI_PTE_VALID))
        return FALSE;
    *Frame = MiGetPteFrame(Pte);
    *Protection = MiPteProtection(Pte);
    return TRUE;
}

BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress)
{
    return (MiReadPte(VirtualAddress) & MI_PTE_VALID) != 0;
}

PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(PVOID BaseAddress)
{
    PHYSICAL_ADDRESS Physical;
    MMPTE Pte = MiReadPte(BaseAddress);

    Physical.QuadPart = 0;
    if (Pte & MI_PTE_VALID)
        Physical.QuadPart =
            (Pte & MI_PTE_FRAME_MASK) | MiGetByteOffset((ULONG)BaseAddress);
    return Physical;
}
