/*
 * NtAllocateVirtualMemory: reserve address space (64 KiB-aligned base,
 * page-rounded end), commit pages inside a reservation (page rounding),
 * or both, in any process the caller may operate on, with NT's checks in
 * NT's order and NT's statuses (docs/virtual-memory.md).
 */
#include "kernel/section.h"
#include "kernel/sections.h"
#include "kernel/vm_service.h"

/* A fresh reservation at Base (or, Base 0, where one fits), committed
 * too when MEM_COMMIT says so. */
static NTSTATUS reserve(PEPROCESS Process, PULONG Base, PULONG Size,
                        ULONG_PTR ZeroBits, ULONG AllocationType, ULONG Protect,
                        ULONG Mask)
{
    ULONG Start, End, StartVpn, Highest = MM_HIGHEST_VAD_ADDRESS;
    NTSTATUS Status;
    PMMVAD Vad;

    if (*Base == 0) {
        ULONG Pages = (ULONG)BYTES_TO_PAGES(*Size);

        if (ZeroBits != 0 && (0xFFFFFFFFUL >> ZeroBits) < Highest)
            Highest = 0xFFFFFFFFUL >> ZeroBits;
        if (!MiFindEmptyVpnRange(
                &Process->VadRoot, Pages, MI_ALLOCATION_PAGES,
                MM_LOWEST_USER_ADDRESS >> PAGE_SHIFT, Highest >> PAGE_SHIFT,
                (AllocationType & MEM_TOP_DOWN) != 0, &StartVpn))
            return STATUS_NO_MEMORY;
        Start = StartVpn << PAGE_SHIFT;
        End = Start + (Pages << PAGE_SHIFT) - 1;
    } else {
        Start = *Base & ~(MI_ALLOCATION_GRANULARITY - 1);
        End = (*Base + *Size - 1) | (PAGE_SIZE - 1);
        /* The NULL guard's 64 KiB are never user memory here (Windows 8's
         * rule; older NT let a program map page 0). */
        if (Start < MM_LOWEST_USER_ADDRESS)
            return STATUS_INVALID_PARAMETER_2;
        if (MiCheckForConflictingVad(&Process->VadRoot, Start >> PAGE_SHIFT,
                                     End >> PAGE_SHIFT) != NULL)
            return STATUS_CONFLICTING_ADDRESSES;
    }
    Vad = MiAllocateVad(Start >> PAGE_SHIFT, End >> PAGE_SHIFT, Protect);
    if (Vad == NULL)
        return STATUS_NO_MEMORY;
    MiInsertVad(&Process->VadRoot, Vad); /* no conflict: checked above */
    if (AllocationType & MEM_COMMIT) {
        Status = MiCommitPages(Start, (End - Start + 1) >> PAGE_SHIFT, Mask);
        if (!NT_SUCCESS(Status)) {
            MiReleaseVad(Process, Vad);
            return Status;
        }
    }
    *Base = Start;
    *Size = End - Start + 1;
    return STATUS_SUCCESS;
}

/* Pages inside one existing reservation. */
static NTSTATUS commit(PEPROCESS Process, PULONG Base, PULONG Size, ULONG Mask)
{
    ULONG Start = *Base & ~(PAGE_SIZE - 1);
    ULONG End = (*Base + *Size - 1) | (PAGE_SIZE - 1);
    PMMVAD Vad = MiLocateAddress(Process, (PVOID)Start);
    NTSTATUS Status;

    if (Vad == NULL || (End >> PAGE_SHIFT) > Vad->EndingVpn ||
        Vad->PhysicalMapping) /* an MDL's pages are all there already */
        return STATUS_CONFLICTING_ADDRESSES;
    /* Inside a view the section's pages are committed, with the view's
     * protection, as NT commits a SEC_RESERVE section. */
    Status = Vad->Section != NULL
                 ? MiCommitViewPages(Vad, Start >> PAGE_SHIFT,
                                     (End - Start + 1) >> PAGE_SHIFT)
                 : MiCommitPages(Start, (End - Start + 1) >> PAGE_SHIFT, Mask);
    if (!NT_SUCCESS(Status))
        return Status;
    *Base = Start;
    *Size = End - Start + 1;
    return STATUS_SUCCESS;
}

ALLOC_TEXT(PAGE)
NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                       ULONG_PTR ZeroBits, PSIZE_T RegionSize,
                                       ULONG AllocationType, ULONG Protect)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    ULONG_PTR Base, Size;
    ULONG Mask = MiMakeProtectionMask(Protect), Start, Length;
    MI_VM_TARGET Target;
    NTSTATUS Status;

    if (ZeroBits > MI_MAXIMUM_ZERO_BITS)
        return STATUS_INVALID_PARAMETER_3;
    if ((AllocationType & ~(MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN)) != 0 ||
        (AllocationType & (MEM_COMMIT | MEM_RESERVE)) == 0)
        return STATUS_INVALID_PARAMETER_5;
    /* Private memory is never copy-on-write. */
    if (Mask == MM_INVALID_PROTECTION ||
        (Mask & MM_PROTECT_ACCESS) == MM_WRITECOPY ||
        (Mask & MM_PROTECT_ACCESS) == MM_EXECUTE_WRITECOPY)
        return STATUS_INVALID_PAGE_PROTECTION;
    Status = MiCaptureArgument(BaseAddress, PreviousMode, &Base);
    if (NT_SUCCESS(Status))
        Status = MiCaptureArgument(RegionSize, PreviousMode, &Size);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Base > MM_HIGHEST_VAD_ADDRESS)
        return STATUS_INVALID_PARAMETER_2;
    if (MM_HIGHEST_VAD_ADDRESS + 1 - Base < Size || Size == 0)
        return STATUS_INVALID_PARAMETER_4;

    Status = MiAttachVmTarget(ProcessHandle, PROCESS_VM_OPERATION, PreviousMode,
                              &Target);
    if (!NT_SUCCESS(Status))
        return Status;
    Start = Base;
    Length = Size;
    /* A NULL base reserves too, even with MEM_COMMIT alone, as on NT. */
    if (Base == 0 || (AllocationType & MEM_RESERVE))
        Status = reserve(Target.Process, &Start, &Length, ZeroBits,
                         AllocationType, Protect, Mask);
    else
        Status = commit(Target.Process, &Start, &Length, Mask);
    MiDetachVmTarget(&Target);
    if (!NT_SUCCESS(Status))
        return Status;

    Base = Start;
    Size = Length;
    Status = MiReturnToCaller(BaseAddress, &Base, sizeof(Base), sizeof(Base),
                              PreviousMode);
    if (NT_SUCCESS(Status))
        Status = MiReturnToCaller(RegionSize, &Size, sizeof(Size), sizeof(Size),
                                  PreviousMode);
    return Status;
}
