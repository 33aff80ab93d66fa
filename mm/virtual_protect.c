/*
 * NtProtectVirtualMemory: a new protection for committed pages of one
 * reservation. Every page of the range must be committed; the old
 * protection reported is the first page's, as NT reports it.
 */
#include "kernel/section.h"
#include "kernel/sections.h"
#include "kernel/vm_service.h"

static BOOLEAN all_committed(ULONG StartVa, ULONG PageCount)
{
    ULONG Page;

    for (Page = 0; Page < PageCount; Page++)
        if (MiQueryPageProtection(StartVa + Page * PAGE_SIZE) == MM_ZERO_ACCESS)
            return FALSE;
    return TRUE;
}

ALLOC_TEXT(PAGE)
NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                      PSIZE_T RegionSize, ULONG NewProtect,
                                      PULONG OldProtect)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    ULONG Mask = MiMakeProtectionMask(NewProtect), Start, Pages, Old = 0;
    ULONG_PTR Base, Size, Unused;
    MI_VM_TARGET Target;
    NTSTATUS Status;
    PMMVAD Vad;

    if (Mask == MM_INVALID_PROTECTION)
        return STATUS_INVALID_PAGE_PROTECTION;
    Status = MiCaptureArgument(BaseAddress, PreviousMode, &Base);
    if (NT_SUCCESS(Status))
        Status = MiCaptureArgument(RegionSize, PreviousMode, &Size);
    if (NT_SUCCESS(Status))
        Status = MiCaptureArgument(OldProtect, PreviousMode, &Unused);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Base > MM_HIGHEST_USER_ADDRESS)
        return STATUS_INVALID_PARAMETER_2;
    if (MM_HIGHEST_USER_ADDRESS + 1 - Base < Size || Size == 0)
        return STATUS_INVALID_PARAMETER_3;

    Status = MiAttachVmTarget(ProcessHandle, PROCESS_VM_OPERATION, PreviousMode,
                              &Target);
    if (!NT_SUCCESS(Status))
        return Status;
    Start = Base & ~(PAGE_SIZE - 1);
    Pages = (((Base + Size - 1) | (PAGE_SIZE - 1)) - Start + 1) >> PAGE_SHIFT;
    Vad = MiLocateAddress(Target.Process, (PVOID)Start);
    if (Vad == NULL || (Start >> PAGE_SHIFT) + Pages - 1 > Vad->EndingVpn ||
        Vad->PhysicalMapping) /* an MDL's pages: the driver's to change */
        Status = STATUS_CONFLICTING_ADDRESSES;
    else if (Vad->Section != NULL &&
             !MiIsViewProtectionAllowed(Vad->Section->Protection,
                                        NewProtect & ~PAGE_GUARD))
        Status = STATUS_SECTION_PROTECTION; /* more than the section gives */
    else if (Vad->Section == NULL &&
             ((Mask & MM_PROTECT_ACCESS) == MM_WRITECOPY ||
              (Mask & MM_PROTECT_ACCESS) == MM_EXECUTE_WRITECOPY))
        Status = STATUS_INVALID_PAGE_PROTECTION; /* private memory */
    else if (!all_committed(Start, Pages))
        Status = STATUS_NOT_COMMITTED;
    else {
        Old = MiProtectionMaskToPage(MiQueryPageProtection(Start));
        MiProtectPages(Start, Pages, Mask);
        if (Vad->Section != NULL)
            MiShareViewPagesReadOnly(Start, Pages);
    }
    MiDetachVmTarget(&Target);
    if (!NT_SUCCESS(Status))
        return Status;

    Base = Start;
    Size = Pages << PAGE_SHIFT;
    Status = MiReturnToCaller(OldProtect, &Old, sizeof(Old), sizeof(Old),
                              PreviousMode);
    if (NT_SUCCESS(Status))
        Status = MiReturnToCaller(BaseAddress, &Base, sizeof(Base),
                                  sizeof(Base), PreviousMode);
    if (NT_SUCCESS(Status))
        Status = MiReturnToCaller(RegionSize, &Size, sizeof(Size), sizeof(Size),
                                  PreviousMode);
    return Status;
}
