/*
 * NtFreeVirtualMemory: MEM_DECOMMIT gives back pages and keeps the
 * reservation; MEM_RELEASE gives back the reservation. Size 0 means the
 * whole reservation and then the base must be its base; a range inside
 * one reservation releases that part (the rest stays reserved, split in
 * two when the part was in the middle), as NT does.
 */
#include "kernel/paging.h"
#include "kernel/sections.h"
#include "kernel/vm_service.h"

/* Releases [StartVpn, EndVpn] of Vad: all of it, an end, or a middle. */
static NTSTATUS release(PEPROCESS Process, PMMVAD Vad, ULONG StartVpn,
                        ULONG EndVpn)
{
    PMMVAD Tail;

    if (StartVpn == Vad->StartingVpn && EndVpn == Vad->EndingVpn) {
        MiReleaseVad(Process, Vad);
        return STATUS_SUCCESS;
    }
    if (StartVpn != Vad->StartingVpn && EndVpn != Vad->EndingVpn) {
        Tail =
            MiAllocateVad(EndVpn + 1, Vad->EndingVpn, Vad->AllocationProtect);
        if (Tail == NULL)
            return STATUS_NO_MEMORY; /* before anything changed */
        Vad->EndingVpn = StartVpn - 1;
        MiInsertVad(&Process->VadRoot, Tail);
    } else if (StartVpn == Vad->StartingVpn) {
        Vad->StartingVpn = EndVpn + 1; /* stays between its neighbours */
    } else {
        Vad->EndingVpn = StartVpn - 1;
    }
    MiReturnCommitment(
        MiDecommitPages(StartVpn << PAGE_SHIFT, EndVpn - StartVpn + 1));
    return STATUS_SUCCESS;
}

ALLOC_TEXT(PAGE)
NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                   PSIZE_T RegionSize, ULONG FreeType)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    ULONG_PTR Base, Size;
    ULONG StartVpn, EndVpn;
    MI_VM_TARGET Target;
    NTSTATUS Status;
    PMMVAD Vad;

    if ((FreeType & ~(MEM_DECOMMIT | MEM_RELEASE)) != 0 ||
        (FreeType != MEM_DECOMMIT && FreeType != MEM_RELEASE))
        return STATUS_INVALID_PARAMETER_4;
    Status = MiCaptureArgument(BaseAddress, PreviousMode, &Base);
    if (NT_SUCCESS(Status))
        Status = MiCaptureArgument(RegionSize, PreviousMode, &Size);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Base > MM_HIGHEST_USER_ADDRESS)
        return STATUS_INVALID_PARAMETER_2;
    if (MM_HIGHEST_USER_ADDRESS - Base < Size) /* NT's test, to the byte */
        return STATUS_INVALID_PARAMETER_3;

    Status = MiAttachVmTarget(ProcessHandle, PROCESS_VM_OPERATION, PreviousMode,
                              &Target);
    if (!NT_SUCCESS(Status))
        return Status;
    StartVpn = Base >> PAGE_SHIFT;
    EndVpn = Size == 0 ? StartVpn : (Base + Size - 1) >> PAGE_SHIFT;
    Vad = MiLocateVpn(&Target.Process->VadRoot, StartVpn);
    /* NT's order (freevm.c): the range's extent before the VAD's kind. */
    if (Vad == NULL) {
        Status = STATUS_MEMORY_NOT_ALLOCATED;
    } else if (EndVpn > Vad->EndingVpn) {
        Status = STATUS_UNABLE_TO_FREE_VM; /* runs past the reservation */
    } else if (Vad->Section != NULL || Vad->PhysicalMapping) {
        Status = STATUS_UNABLE_TO_DELETE_SECTION; /* NtUnmapViewOfSection's */
    } else if (Size == 0 && StartVpn != Vad->StartingVpn) {
        Status = STATUS_FREE_VM_NOT_AT_BASE;
    } else {
        if (Size == 0) {
            StartVpn = Vad->StartingVpn;
            EndVpn = Vad->EndingVpn;
        }
        if (FreeType == MEM_RELEASE)
            Status = release(Target.Process, Vad, StartVpn, EndVpn);
        else
            MiReturnCommitment(
                MiDecommitPages(StartVpn << PAGE_SHIFT, EndVpn - StartVpn + 1));
    }
    MiDetachVmTarget(&Target);
    if (!NT_SUCCESS(Status))
        return Status;

    Base = StartVpn << PAGE_SHIFT;
    Size = (EndVpn - StartVpn + 1) << PAGE_SHIFT;
    Status = MiReturnToCaller(BaseAddress, &Base, sizeof(Base), sizeof(Base),
                              PreviousMode);
    if (NT_SUCCESS(Status))
        Status = MiReturnToCaller(RegionSize, &Size, sizeof(Size), sizeof(Size),
                                  PreviousMode);
    return Status;
}
