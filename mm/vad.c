/*
 * A process's reservations: MMVAD nodes from nonpaged pool in the
 * process's balanced tree (mm/vad_tree.c), and the kernel's own way to
 * make a committed region without the services' rounding (what NT's
 * MiCreatePebOrTeb does for the PEB and TEBs).
 */
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/process.h"
#include "kernel/section.h"
#include "kernel/sections.h"

#define MI_VAD_TAG 'SdaV' /* "VadS": NT's tag for private VADs */

PMMVAD MiLocateAddress(PEPROCESS Process, PVOID Address)
{
    return MiLocateVpn(&Process->VadRoot, (ULONG)Address >> PAGE_SHIFT);
}

PMMVAD MiAllocateVad(ULONG StartingVpn, ULONG EndingVpn,
                     ULONG AllocationProtect)
{
    PMMVAD Vad = ExAllocatePoolWithTag(NonPagedPool, sizeof(MMVAD), MI_VAD_TAG);

    if (Vad == NULL)
        return NULL;
    RtlZeroMemory(Vad, sizeof(*Vad));
    Vad->StartingVpn = StartingVpn;
    Vad->EndingVpn = EndingVpn;
    Vad->AllocationProtect = AllocationProtect;
    return Vad;
}

VOID MiFreeVad(PMMVAD Vad)
{
    ExFreePoolWithTag(Vad, MI_VAD_TAG);
}

VOID MiReleaseVad(PEPROCESS Process, PMMVAD Vad)
{
    if (Vad->PhysicalMapping)
        MiUnmapPhysicalView(Vad);
    else if (Vad->Section != NULL) /* a view: the section holds the charge */
        MiDecommitPages(Vad->StartingVpn << PAGE_SHIFT,
                        Vad->EndingVpn - Vad->StartingVpn + 1);
    else
        MiReturnCommitment(
            MiDecommitPages(Vad->StartingVpn << PAGE_SHIFT,
                            Vad->EndingVpn - Vad->StartingVpn + 1));
    MiRemoveVad(&Process->VadRoot, Vad);
    MiFreeVad(Vad);
}

VOID MiDeleteAllVads(PEPROCESS Process)
{
    PMMVAD Vad;

    /* The pages went with the page tables: only the nodes are left, and
     * the references views hold to their sections. */
    while ((Vad = Process->VadRoot.Root) != NULL) {
        MiRemoveVad(&Process->VadRoot, Vad);
        if (Vad->Section != NULL)
            ObDereferenceObject(Vad->Section);
        MiFreeVad(Vad);
    }
}

ALLOC_TEXT(PAGE)
NTSTATUS MiCommitVirtualMemory(PEPROCESS Process, PVOID BaseAddress,
                               SIZE_T Size, ULONG Protection)
{
    ULONG Base = (ULONG)BaseAddress, Mask = MiMakeProtectionMask(Protection);
    ULONG Pages = (ULONG)BYTES_TO_PAGES(Size);
    KAPC_STATE ApcState;
    NTSTATUS Status;
    PMMVAD Vad;

    if (Mask == MM_INVALID_PROTECTION)
        return STATUS_INVALID_PAGE_PROTECTION;
    if ((Base & (PAGE_SIZE - 1)) != 0 || Size == 0 ||
        Base < MM_LOWEST_USER_ADDRESS || Base > MM_HIGHEST_USER_ADDRESS ||
        Size - 1 > MM_HIGHEST_USER_ADDRESS - Base)
        return STATUS_INVALID_PARAMETER;
    Vad = MiAllocateVad(Base >> PAGE_SHIFT, (Base >> PAGE_SHIFT) + Pages - 1,
                        Protection);
    if (Vad == NULL)
        return STATUS_NO_MEMORY;
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    KeAcquireGuardedMutex(&Process->AddressCreationLock);
    if (!MiInsertVad(&Process->VadRoot, Vad)) {
        MiFreeVad(Vad);
        Status = STATUS_CONFLICTING_ADDRESSES;
    } else {
        Status = MiCommitPages(Base, Pages, Mask);
        if (!NT_SUCCESS(Status))
            MiReleaseVad(Process, Vad);
    }
    KeReleaseGuardedMutex(&Process->AddressCreationLock);
    KeUnstackDetachProcess(&ApcState);
    return Status;
}

ALLOC_TEXT(PAGE)
NTSTATUS MiDecommitVirtualMemory(PEPROCESS Process, PVOID BaseAddress)
{
    KAPC_STATE ApcState;
    NTSTATUS Status = STATUS_SUCCESS;
    PMMVAD Vad;

    KeStackAttachProcess(&Process->Pcb, &ApcState);
    KeAcquireGuardedMutex(&Process->AddressCreationLock);
    Vad = MiLocateAddress(Process, BaseAddress);
    if (Vad == NULL || Vad->StartingVpn != (ULONG)BaseAddress >> PAGE_SHIFT)
        Status = STATUS_NOT_COMMITTED;
    else
        MiReleaseVad(Process, Vad);
    KeReleaseGuardedMutex(&Process->AddressCreationLock);
    KeUnstackDetachProcess(&ApcState);
    return Status;
}
