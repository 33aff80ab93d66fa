/*
 * The page-fault handler's memory-manager half (kernel/ke/trap.c calls it
 * first). It resolves what the design allows: the first touch of a page
 * in a committed user region gets a zeroed frame. Everything else is an
 * access violation for the trap handler to raise: to a try/except block
 * when one is active, else a bug check.
 */
#include "kernel/mm.h"
#include "kernel/process.h"

BOOLEAN MiPagingReady;

static NTSTATUS demand_zero(ULONG FaultStatus, ULONG Va)
{
    PMMVAD Vad = MiLocateAddress(PsGetCurrentProcess(), (PVOID)Va);
    PFN_NUMBER Frame;
    NTSTATUS Status;

    if (Vad == NULL)
        return STATUS_ACCESS_VIOLATION;
    if ((FaultStatus & PF_WRITE) &&
        !(MiMakeValidPte(0, Vad->Protection, Va, 0) & MI_PTE_WRITE))
        return STATUS_ACCESS_VIOLATION;
    Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    if (Frame == MI_NO_PAGE)
        return STATUS_NO_MEMORY;
    MiZeroPhysicalPage(Frame);
    MiGetPfnEntry(Frame)->Usage = MiUsageProcess;
    Status = MiMapPage((PVOID)Va, Frame, Vad->Protection);
    if (!NT_SUCCESS(Status)) {
        MiFreePages(Frame, 0);
        return STATUS_NO_MEMORY; /* no frame for the page table */
    }
    return STATUS_SUCCESS;
}

NTSTATUS MmAccessFault(ULONG FaultStatus, PVOID Address, PKTRAP_FRAME TrapFrame)
{
    ULONG Va = (ULONG)Address;

    (void)TrapFrame;
    /* A present page refused the access (protection), a reserved bit is
     * set (a corrupt table), or the address is in a guard: no remedy. */
    if (!MiPagingReady || (FaultStatus & (PF_PRESENT | PF_RESERVED)))
        return STATUS_ACCESS_VIOLATION;
    if (Va < MM_LOWEST_USER_ADDRESS || Va > MM_HIGHEST_USER_ADDRESS)
        return STATUS_ACCESS_VIOLATION;
    return demand_zero(FaultStatus, Va);
}
