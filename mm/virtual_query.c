/*
 * NtQueryVirtualMemory, MemoryBasicInformation: the run of pages from the
 * queried one that share state and protection, inside its reservation,
 * or the free run up to the next reservation, filled as NT fills it.
 */
#include "kernel/section.h"
#include "kernel/sections.h"
#include "kernel/vm_service.h"

/* Pages from Va on, up to EndVpn, with the same MM_* code as Va's. A
 * missing page table is 1024 uncommitted pages at once. */
static ULONG same_pages(ULONG Va, ULONG EndVpn, ULONG Mask)
{
    ULONG Vpn = Va >> PAGE_SHIFT, Count = 0;

    while (Vpn <= EndVpn) {
        ULONG Address = Vpn << PAGE_SHIFT;

        if (!(*MiGetPdeAddress((PVOID)Address) & MI_PTE_VALID) &&
            Mask == MM_ZERO_ACCESS) {
            ULONG Next = (Vpn | (MI_PTES_PER_TABLE - 1)) + 1;
            if (Next > EndVpn + 1)
                Next = EndVpn + 1;
            Count += Next - Vpn;
            Vpn = Next;
            continue;
        }
        if (MiQueryPageProtection(Address) != Mask)
            break;
        Count++;
        Vpn++;
    }
    return Count;
}

static VOID query(PEPROCESS Process, ULONG Va, PMEMORY_BASIC_INFORMATION Info)
{
    PMMVAD Vad = MiFirstVadAtOrAbove(&Process->VadRoot, Va >> PAGE_SHIFT);
    ULONG Mask;

    RtlZeroMemory(Info, sizeof(*Info));
    Info->BaseAddress = (PVOID)Va;
    if (Vad == NULL || Vad->StartingVpn > (Va >> PAGE_SHIFT)) {
        ULONG End = Vad != NULL ? Vad->StartingVpn << PAGE_SHIFT
                                : MM_USER_PROBE_ADDRESS;
        Info->RegionSize = End - Va;
        Info->State = MEM_FREE;
        Info->Protect = PAGE_NOACCESS;
        return;
    }
    Mask = MiQueryPageProtection(Va);
    Info->AllocationBase = (PVOID)(Vad->StartingVpn << PAGE_SHIFT);
    Info->AllocationProtect = Vad->AllocationProtect;
    Info->RegionSize = same_pages(Va, Vad->EndingVpn, Mask) << PAGE_SHIFT;
    Info->State = Mask == MM_ZERO_ACCESS ? MEM_RESERVE : MEM_COMMIT;
    Info->Protect = Mask == MM_ZERO_ACCESS ? 0 : MiProtectionMaskToPage(Mask);
    Info->Type = MEM_PRIVATE;
    if (Vad->Section != NULL) {
        Info->Type = (Vad->Section->AllocationAttributes & SEC_IMAGE)
                         ? MEM_IMAGE
                         : MEM_MAPPED;
        /* A page another view committed, not touched here yet. */
        if (Mask == MM_ZERO_ACCESS &&
            MiViewPageState(Vad, Va >> PAGE_SHIFT) == MEM_COMMIT) {
            Info->State = MEM_COMMIT;
            Info->Protect = Vad->AllocationProtect;
            Info->RegionSize = PAGE_SIZE;
        }
    }
}

ALLOC_TEXT(PAGE)
NTSTATUS NTAPI NtQueryVirtualMemory(
    HANDLE ProcessHandle, PVOID BaseAddress,
    MEMORY_INFORMATION_CLASS MemoryInformationClass, PVOID MemoryInformation,
    SIZE_T MemoryInformationLength, PSIZE_T ReturnLength)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    MEMORY_BASIC_INFORMATION Info;
    SIZE_T Returned = sizeof(Info);
    MI_VM_TARGET Target;
    NTSTATUS Status;

    if (MemoryInformationClass != MemoryBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (MemoryInformationLength < sizeof(Info))
        return STATUS_INFO_LENGTH_MISMATCH;
    Status = MiProbeCallerBuffer(MemoryInformation, MemoryInformationLength,
                                 sizeof(ULONG), PreviousMode);
    if (NT_SUCCESS(Status) && ReturnLength != NULL)
        Status = MiProbeCallerBuffer(ReturnLength, sizeof(*ReturnLength),
                                     sizeof(ULONG), PreviousMode);
    if (!NT_SUCCESS(Status))
        return Status;
    if ((ULONG_PTR)BaseAddress > MM_HIGHEST_USER_ADDRESS)
        return STATUS_INVALID_PARAMETER;

    Status = MiAttachVmTarget(ProcessHandle, PROCESS_QUERY_INFORMATION,
                              PreviousMode, &Target);
    if (!NT_SUCCESS(Status))
        return Status;
    query(Target.Process, (ULONG)BaseAddress & ~(PAGE_SIZE - 1), &Info);
    MiDetachVmTarget(&Target);

    Status = MiReturnToCaller(MemoryInformation, &Info, sizeof(Info),
                              sizeof(ULONG), PreviousMode);
    if (NT_SUCCESS(Status) && ReturnLength != NULL)
        Status = MiReturnToCaller(ReturnLength, &Returned, sizeof(Returned),
                                  sizeof(ULONG), PreviousMode);
    return Status;
}
