/*
 * Mappings of an MDL's frames: into system PTEs (KernelMode; the MDL
 * remembers the address in MappedSystemVa) or into the current process
 * (UserMode; a VAD marked PhysicalMapping records it, so the process's end
 * unmaps it and no one frees frames that are not the space's). A mapping
 * costs a run of PTEs and, for a user one, a VAD and its page tables; the
 * frames themselves are the MDL's, locked or allocated for it.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/process.h"

/* The PAGE_* a mapping gets: read-write unless the caller asked for no
 * write, and the caching the caller named; 0 for a type there is not. */
static ULONG mapping_protection(MEMORY_CACHING_TYPE CacheType, ULONG Priority)
{
    ULONG Protection =
        (Priority & MdlMappingNoWrite) ? PAGE_READONLY : PAGE_READWRITE;

    switch (CacheType) {
    case MmNonCached:
    case MmNonCachedUnordered:
        return Protection | PAGE_NOCACHE;
    case MmWriteCombined:
    case MmUSWCCached:
        return Protection | PAGE_WRITECOMBINE;
    case MmCached:
    case MmHardwareCoherentCached:
        return Protection;
    default:
        return 0;
    }
}

static PVOID map_in_system_space(PMDL Mdl, ULONG Pages, ULONG Protection)
{
    PPFN_NUMBER Frames = MmGetMdlPfnArray(Mdl);
    PUCHAR Base = MiReserveSystemPtes(Pages);
    ULONG Page;

    if (Base == NULL)
        return NULL;
    /* The run's page tables exist: mapping into it cannot fail. */
    for (Page = 0; Page < Pages; Page++)
        MiMapPage(Base + Page * PAGE_SIZE, Frames[Page], Protection);
    Mdl->MappedSystemVa = Base + Mdl->ByteOffset;
    Mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    if (Mdl->MdlFlags & MDL_PARTIAL)
        Mdl->MdlFlags |= MDL_PARTIAL_HAS_BEEN_MAPPED;
    return Mdl->MappedSystemVa;
}

static VOID unmap_pages(ULONG Va, ULONG Pages)
{
    ULONG Page;

    for (Page = 0; Page < Pages; Page++, Va += PAGE_SIZE)
        MiUnmapPage((PVOID)Va); /* the frame stays the MDL's */
}

/* A VAD over a free run (or the one asked for) and the frames mapped in
 * it; the status to raise otherwise. */
static NTSTATUS map_in_user_space(PMDL Mdl, ULONG Pages, ULONG Protection,
                                  PVOID RequestedAddress, PVOID *Base)
{
    PEPROCESS Process = PsGetCurrentProcess();
    PPFN_NUMBER Frames = MmGetMdlPfnArray(Mdl);
    NTSTATUS Status = STATUS_SUCCESS;
    PMMVAD Vad = NULL;
    ULONG Vpn = 0, Page;

    KeAcquireGuardedMutex(&Process->AddressCreationLock);
    if (RequestedAddress != NULL) {
        Vpn = (ULONG)RequestedAddress >> PAGE_SHIFT;
        if ((ULONG)RequestedAddress < MM_LOWEST_USER_ADDRESS ||
            Vpn + Pages - 1 > (MM_HIGHEST_USER_ADDRESS >> PAGE_SHIFT))
            Status = STATUS_INVALID_ADDRESS;
    } else if (!MiFindEmptyVpnRange(&Process->VadRoot, Pages, 1,
                                    MM_LOWEST_USER_ADDRESS >> PAGE_SHIFT,
                                    MM_HIGHEST_USER_ADDRESS >> PAGE_SHIFT,
                                    FALSE, &Vpn)) {
        Status = STATUS_NO_MEMORY;
    }
    if (NT_SUCCESS(Status)) {
        Vad = MiAllocateVad(Vpn, Vpn + Pages - 1, PAGE_READWRITE);
        if (Vad == NULL)
            Status = STATUS_INSUFFICIENT_RESOURCES;
    }
    if (Vad != NULL) {
        Vad->PhysicalMapping = TRUE;
        if (!MiInsertVad(&Process->VadRoot, Vad)) {
            MiFreeVad(Vad);
            Vad = NULL;
            Status = STATUS_CONFLICTING_ADDRESSES;
        }
    }
    for (Page = 0; Vad != NULL && Page < Pages; Page++) {
        Status = MiMapPage((PVOID)((Vpn + Page) << PAGE_SHIFT), Frames[Page],
                           Protection);
        if (!NT_SUCCESS(Status)) {
            unmap_pages(Vpn << PAGE_SHIFT, Page);
            MiRemoveVad(&Process->VadRoot, Vad);
            MiFreeVad(Vad);
            Vad = NULL;
            Status = STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    KeReleaseGuardedMutex(&Process->AddressCreationLock);
    *Base = (PVOID)((Vpn << PAGE_SHIFT) + Mdl->ByteOffset);
    return Status;
}

PVOID NTAPI MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList,
                                         KPROCESSOR_MODE AccessMode,
                                         MEMORY_CACHING_TYPE CacheType,
                                         PVOID RequestedAddress,
                                         ULONG BugCheckOnFailure,
                                         ULONG Priority)
{
    PMDL Mdl = MemoryDescriptorList;
    ULONG Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl),
                                                 Mdl->ByteCount);
    ULONG Protection = mapping_protection(CacheType, Priority);
    NTSTATUS Status;
    PVOID Base;

    /* Only an MDL whose PFN array is filled can be mapped. */
    if (!(Mdl->MdlFlags &
          (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL)))
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_MDL_NOT_LOCKED, (ULONG_PTR)Mdl,
                     (USHORT)Mdl->MdlFlags, 0);
    if (AccessMode == KernelMode) {
        Base = (Protection != 0 && Pages != 0)
                   ? map_in_system_space(Mdl, Pages, Protection)
                   : NULL;
        if (Base == NULL && BugCheckOnFailure &&
            !(Mdl->MdlFlags & MDL_MAPPING_CAN_FAIL))
            KeBugCheckEx(NO_MORE_SYSTEM_PTES, 0, Pages, 0, 0);
        return Base;
    }
    Status = (Protection == 0 || Pages == 0)
                 ? STATUS_INVALID_PARAMETER
                 : map_in_user_space(Mdl, Pages, Protection, RequestedAddress,
                                     &Base);
    if (!NT_SUCCESS(Status))
        ExRaiseStatus(Status);
    return Base;
}

PVOID NTAPI MmMapLockedPages(PMDL MemoryDescriptorList,
                             KPROCESSOR_MODE AccessMode)
{
    return MmMapLockedPagesSpecifyCache(MemoryDescriptorList, AccessMode,
                                        MmCached, NULL, TRUE, HighPagePriority);
}

VOID MiUnmapPhysicalView(PMMVAD Vad)
{
    unmap_pages(Vad->StartingVpn << PAGE_SHIFT,
                Vad->EndingVpn - Vad->StartingVpn + 1);
}

VOID MiForgetPhysicalViews(PEPROCESS Process)
{
    PMMVAD Vad;
    ULONG Vpn;

    for (Vad = MiGetFirstVad(&Process->VadRoot); Vad != NULL;
         Vad = MiGetNextVad(Vad)) {
        if (!Vad->PhysicalMapping)
            continue;
        for (Vpn = Vad->StartingVpn; Vpn <= Vad->EndingVpn; Vpn++) {
            MMPTE Pde = Process->PageDirectory[Vpn >> 10];
            PMMPTE Table;

            if (!(Pde & MI_PTE_VALID))
                continue;
            /* User tables are low memory: the direct map reaches them. */
            Table = (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(Pde & MI_PTE_FRAME_MASK);
            if (Table[Vpn & (MI_PTES_PER_TABLE - 1)] != 0) {
                Table[Vpn & (MI_PTES_PER_TABLE - 1)] = 0;
                MiGetPfnEntry(MiGetPteFrame(Pde))->ReferenceCount--;
            }
        }
    }
}

VOID NTAPI MmUnmapLockedPages(PVOID BaseAddress, PMDL MemoryDescriptorList)
{
    PMDL Mdl = MemoryDescriptorList;
    ULONG Base = (ULONG)BaseAddress & ~(PAGE_SIZE - 1);
    PEPROCESS Process;
    PMMVAD Vad;

    if (!MiIsUserAddress(Base)) {
        ULONG Pages =
            ADDRESS_AND_SIZE_TO_SPAN_PAGES(BaseAddress, Mdl->ByteCount);

        /* Stops with SYSTEM_PTE_MISUSE unless this is one whole run. */
        MiCheckSystemPteRun((PVOID)Base, Pages);
        unmap_pages(Base, Pages);
        MiReleaseSystemPtes((PVOID)Base, Pages);
        Mdl->MdlFlags &=
            ~(MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED);
        return;
    }
    Process = PsGetCurrentProcess();
    KeAcquireGuardedMutex(&Process->AddressCreationLock);
    Vad = MiLocateAddress(Process, (PVOID)Base);
    if (Vad == NULL || !Vad->PhysicalMapping ||
        Vad->StartingVpn != Base >> PAGE_SHIFT)
        KeBugCheckEx(DRIVER_UNMAPPING_INVALID_VIEW, (ULONG_PTR)BaseAddress, 1,
                     0, 0);
    MiReleaseVad(Process, Vad);
    KeReleaseGuardedMutex(&Process->AddressCreationLock);
}
