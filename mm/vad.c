/*
 * Committed user regions (virtual address descriptors): a sorted array
 * per process, small enough to scan. Committing records a region and maps
 * nothing; the page-fault handler makes each page on its first touch, a
 * zeroed frame (demand zero), as NT does for committed private memory.
 */
#include "kernel/mm.h"
#include "kernel/process.h"
#include "kernel/sections.h"

PMMVAD MiLocateAddress(PEPROCESS Process, PVOID Address)
{
    ULONG Vpn = (ULONG)Address >> PAGE_SHIFT, Index;

    for (Index = 0; Index < Process->VadCount; Index++) {
        PMMVAD Vad = &Process->Vad[Index];
        if (Vpn >= Vad->StartingVpn && Vpn <= Vad->EndingVpn)
            return Vad;
    }
    return NULL;
}

ALLOC_TEXT(PAGE)
NTSTATUS MiCommitVirtualMemory(PEPROCESS Process, PVOID BaseAddress,
                               SIZE_T Size, ULONG Protection)
{
    ULONG Base = (ULONG)BaseAddress, Start, End, Index;

    if (!MiIsMappableProtection(Protection))
        return STATUS_INVALID_PAGE_PROTECTION;
    if ((Base & (PAGE_SIZE - 1)) != 0 || Size == 0 ||
        Base < MM_LOWEST_USER_ADDRESS || Base > MM_HIGHEST_USER_ADDRESS ||
        Size - 1 > MM_HIGHEST_USER_ADDRESS - Base)
        return STATUS_INVALID_PARAMETER;
    Start = Base >> PAGE_SHIFT;
    End = (Base + Size - 1) >> PAGE_SHIFT;
    for (Index = 0; Index < Process->VadCount; Index++) {
        PMMVAD Vad = &Process->Vad[Index];
        if (End >= Vad->StartingVpn && Start <= Vad->EndingVpn)
            return STATUS_CONFLICTING_ADDRESSES;
        if (Vad->StartingVpn > End)
            break;
    }
    if (Process->VadCount == MI_MAXIMUM_VADS)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlMoveMemory(&Process->Vad[Index + 1], &Process->Vad[Index],
                  (Process->VadCount - Index) * sizeof(MMVAD));
    Process->Vad[Index].StartingVpn = Start;
    Process->Vad[Index].EndingVpn = End;
    Process->Vad[Index].Protection = Protection;
    Process->VadCount++;
    return STATUS_SUCCESS;
}

ALLOC_TEXT(PAGE)
NTSTATUS MiDecommitVirtualMemory(PEPROCESS Process, PVOID BaseAddress)
{
    PMMVAD Vad = MiLocateAddress(Process, BaseAddress);
    ULONG Index;

    if (Vad == NULL || Vad->StartingVpn != (ULONG)BaseAddress >> PAGE_SHIFT)
        return STATUS_NOT_COMMITTED;
    /* The pages are reached through the self-map: the space must be the
     * current one (attach first). */
    if (Process != PsGetCurrentProcess())
        return STATUS_INVALID_PARAMETER;
    MiDeleteUserRange((PVOID)(Vad->StartingVpn << PAGE_SHIFT),
                      Vad->EndingVpn - Vad->StartingVpn + 1);
    Index = (ULONG)(Vad - Process->Vad);
    RtlMoveMemory(Vad, Vad + 1,
                  (Process->VadCount - Index - 1) * sizeof(MMVAD));
    Process->VadCount--;
    return STATUS_SUCCESS;
}
