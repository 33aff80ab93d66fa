/*
 * NtQueryVirtualMemory, MemoryBasicInformation: the run of pages from the
 * queried one that share state and protection, inside its reservation,
 * or the free run up to the next reservation, filled as NT fills it; the
 * last 64 KiB of the user half (KUSER_SHARED_DATA's) answered as NT
 * answers it whatever the VAD tree holds.
 */
#include "kernel/section.h"
#include "kernel/sections.h"
#include "kernel/vm_service.h"
#include "ntpeb.h"

/* A page's MM_* code as the query reports it: a view's page the section
 * has committed (through another view) but this view has not touched yet
 * is committed with the view's protection, as NT's prototype PTE says. */
static ULONG page_mask(PMMVAD Vad, ULONG Vpn)
{
    ULONG Mask = MiQueryPageProtection(Vpn << PAGE_SHIFT);

    if (Mask == MM_ZERO_ACCESS && Vad->Section != NULL &&
        MiViewPageState(Vad, Vpn) == MEM_COMMIT)
        Mask = MiMakeProtectionMask(Vad->AllocationProtect);
    return Mask;
}

/* Pages from Va on, up to the VAD's end, with the same MM_* code as Va's.
 * Outside views a missing page table is 1024 uncommitted pages at once. */
static ULONG same_pages(PMMVAD Vad, ULONG Va, ULONG Mask)
{
    ULONG Vpn = Va >> PAGE_SHIFT, EndVpn = Vad->EndingVpn, Count = 0;

    while (Vpn <= EndVpn) {
        ULONG Address = Vpn << PAGE_SHIFT;

        if (!(*MiGetPdeAddress((PVOID)Address) & MI_PTE_VALID) &&
            Mask == MM_ZERO_ACCESS && Vad->Section == NULL) {
            ULONG Next = (Vpn | (MI_PTES_PER_TABLE - 1)) + 1;
            if (Next > EndVpn + 1)
                Next = EndVpn + 1;
            Count += Next - Vpn;
            Vpn = Next;
            continue;
        }
        if (page_mask(Vad, Vpn) != Mask)
            break;
        Count++;
        Vpn++;
    }
    return Count;
}

/* NT answers for the last 64 KiB of the user half before it looks at
 * the VAD tree (queryvm.c): KUSER_SHARED_DATA's page is committed
 * read-only, the rest is reserved, all of it one private allocation at
 * 0x7FFE0000 whose AllocationProtect is PAGE_READONLY. */
static VOID query_shared_area(ULONG Va, PMEMORY_BASIC_INFORMATION Info)
{
    RtlZeroMemory(Info, sizeof(*Info));
    Info->BaseAddress = (PVOID)Va;
    Info->AllocationBase = (PVOID)(MM_HIGHEST_VAD_ADDRESS + 1);
    Info->AllocationProtect = PAGE_READONLY;
    Info->Type = MEM_PRIVATE;
    if (Va == MM_SHARED_USER_DATA_VA) {
        Info->AllocationBase = (PVOID)MM_SHARED_USER_DATA_VA;
        Info->RegionSize = PAGE_SIZE;
        Info->State = MEM_COMMIT;
        Info->Protect = PAGE_READONLY;
    } else {
        Info->RegionSize = MM_HIGHEST_USER_ADDRESS + 1 - Va;
        Info->State = MEM_RESERVE;
        Info->Protect = PAGE_NOACCESS;
    }
}

static VOID query(PEPROCESS Process, ULONG Va, PMEMORY_BASIC_INFORMATION Info)
{
    PMMVAD Vad = MiFirstVadAtOrAbove(&Process->VadRoot, Va >> PAGE_SHIFT);
    ULONG Mask;

    RtlZeroMemory(Info, sizeof(*Info));
    Info->BaseAddress = (PVOID)Va;
    if (Vad == NULL || Vad->StartingVpn > (Va >> PAGE_SHIFT)) {
        /* A free run ends at the next reservation or where the shared
         * area begins. */
        ULONG End = Vad != NULL ? Vad->StartingVpn << PAGE_SHIFT
                                : MM_HIGHEST_VAD_ADDRESS + 1;
        Info->RegionSize = End - Va;
        Info->State = MEM_FREE;
        Info->Protect = PAGE_NOACCESS;
        return;
    }
    Mask = page_mask(Vad, Va >> PAGE_SHIFT);
    Info->AllocationBase = (PVOID)(Vad->StartingVpn << PAGE_SHIFT);
    Info->AllocationProtect = Vad->AllocationProtect;
    Info->RegionSize = same_pages(Vad, Va, Mask) << PAGE_SHIFT;
    Info->State = Mask == MM_ZERO_ACCESS ? MEM_RESERVE : MEM_COMMIT;
    Info->Protect = Mask == MM_ZERO_ACCESS ? 0 : MiProtectionMaskToPage(Mask);
    Info->Type = MEM_PRIVATE;
    if (Vad->Section != NULL)
        Info->Type = (Vad->Section->AllocationAttributes & SEC_IMAGE)
                         ? MEM_IMAGE
                         : MEM_MAPPED;
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
    /* As NT: before the process handle is looked at. */
    if ((ULONG_PTR)BaseAddress > MM_HIGHEST_VAD_ADDRESS) {
        query_shared_area((ULONG)BaseAddress & ~(PAGE_SIZE - 1), &Info);
        Status = MiReturnToCaller(MemoryInformation, &Info, sizeof(Info),
                                  sizeof(ULONG), PreviousMode);
        if (NT_SUCCESS(Status) && ReturnLength != NULL)
            MiReturnToCaller(ReturnLength, &Returned, sizeof(Returned),
                             sizeof(ULONG), PreviousMode);
        return STATUS_SUCCESS;
    }

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
