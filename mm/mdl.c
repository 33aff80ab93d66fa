/*
 * MDLs themselves: allocation (IoAllocateMdl, a lookaside list for the
 * small ones as NT keeps), sizing, partial MDLs and the description of
 * nonpaged memory. Locking is mm/lock_pages.c, mapping mm/map_locked.c.
 */
#include "kernel/mm.h"

#define MI_MDL_TAG ' ldM' /* "Mdl ": NT's tag */
/* NT's IOP_FIXED_SIZE_MDL_PFNS: MDLs of up to this many pages come from
 * one lookaside list of equal blocks. */
#define MI_FIXED_SIZE_MDL_PFNS 0x17
#define MI_FIXED_SIZE_MDL_BYTES                                                \
    (sizeof(MDL) + MI_FIXED_SIZE_MDL_PFNS * sizeof(PFN_NUMBER))

static NPAGED_LOOKASIDE_LIST mdl_lookaside;
static volatile BOOLEAN mdl_lookaside_ready;
static KSPIN_LOCK mdl_lookaside_lock;

/* The list comes with the first MDL: made at boot, its object cache
 * would be a frame taken before the boot's statistics. */
static PNPAGED_LOOKASIDE_LIST mdl_lookaside_list(VOID)
{
    KIRQL OldIrql;

    if (!mdl_lookaside_ready) {
        KeAcquireSpinLock(&mdl_lookaside_lock, &OldIrql);
        if (!mdl_lookaside_ready) {
            ExInitializeNPagedLookasideList(&mdl_lookaside, NULL, NULL, 0,
                                            MI_FIXED_SIZE_MDL_BYTES, MI_MDL_TAG,
                                            0);
            mdl_lookaside_ready = TRUE;
        }
        KeReleaseSpinLock(&mdl_lookaside_lock, OldIrql);
    }
    return &mdl_lookaside;
}

SIZE_T NTAPI MmSizeOfMdl(PVOID Base, SIZE_T Length)
{
    return sizeof(MDL) +
           ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length) * sizeof(PFN_NUMBER);
}

PMDL NTAPI IoAllocateMdl(PVOID VirtualAddress, ULONG Length,
                         BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota,
                         struct _IRP *Irp)
{
    SIZE_T Size = MmSizeOfMdl(VirtualAddress, Length);
    CSHORT Fixed = 0;
    PMDL Mdl;

    UNREFERENCED_PARAMETER(ChargeQuota); /* reserved: drivers pass FALSE */
    if (Length > MM_MAXIMUM_MDL_BYTE_COUNT || Size > 0xFFFF)
        return NULL;
    if (Size <= MI_FIXED_SIZE_MDL_BYTES) {
        Mdl = ExAllocateFromNPagedLookasideList(mdl_lookaside_list());
        Fixed = MDL_ALLOCATED_FIXED_SIZE;
    } else {
        Mdl = ExAllocatePoolWithTag(NonPagedPool, Size, MI_MDL_TAG);
    }
    if (Mdl == NULL)
        return NULL;
    MmInitializeMdl(Mdl, VirtualAddress, Length);
    Mdl->Process = NULL;
    Mdl->MappedSystemVa = NULL;
    Mdl->MdlFlags |= Fixed;
    if (Irp != NULL) {
        PMDL *Link = &Irp->MdlAddress;

        if (SecondaryBuffer)
            while (*Link != NULL)
                Link = &(*Link)->Next;
        *Link = Mdl;
    }
    return Mdl;
}

VOID NTAPI IoFreeMdl(PMDL Mdl)
{
    /* A partial MDL's own mapping goes with it, as in NT. */
    MmPrepareMdlForReuse(Mdl);
    if (Mdl->MdlFlags & MDL_ALLOCATED_FIXED_SIZE)
        ExFreeToNPagedLookasideList(mdl_lookaside_list(), Mdl);
    else
        ExFreePoolWithTag(Mdl, MI_MDL_TAG);
}

VOID NTAPI IoBuildPartialMdl(PMDL SourceMdl, PMDL TargetMdl,
                             PVOID VirtualAddress, ULONG Length)
{
    ULONG Source = (ULONG)MmGetMdlVirtualAddress(SourceMdl);
    ULONG Offset = (ULONG)VirtualAddress - Source;
    ULONG FirstPage, Pages;

    if (Length == 0)
        Length = SourceMdl->ByteCount - Offset;
    /* Outside the source, or more pages than the target has room for:
     * the PFN copy would read or write past an array. */
    Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(VirtualAddress, Length);
    if ((ULONG)VirtualAddress < Source || Offset > SourceMdl->ByteCount ||
        Length > SourceMdl->ByteCount - Offset ||
        (ULONG)(USHORT)TargetMdl->Size <
            sizeof(MDL) + Pages * sizeof(PFN_NUMBER))
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_PARTIAL_MDL_RANGE,
                     (ULONG_PTR)SourceMdl, (ULONG_PTR)VirtualAddress, Length);
    FirstPage = (((ULONG)VirtualAddress & ~(PAGE_SIZE - 1)) -
                 (ULONG)SourceMdl->StartVa) >>
                PAGE_SHIFT;

    TargetMdl->MdlFlags &=
        MDL_ALLOCATED_FIXED_SIZE | MDL_ALLOCATED_MUST_SUCCEED;
    TargetMdl->MdlFlags |=
        MDL_PARTIAL | (SourceMdl->MdlFlags &
                       (MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA |
                        MDL_IO_PAGE_READ | MDL_IO_SPACE));
    /* The parent's mapping serves the part: it is not the part's to undo. */
    if (SourceMdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA)
        TargetMdl->MdlFlags |= MDL_PARENT_MAPPED_SYSTEM_VA;
    TargetMdl->Process = SourceMdl->Process;
    TargetMdl->StartVa = PAGE_ALIGN(VirtualAddress);
    TargetMdl->ByteOffset = BYTE_OFFSET(VirtualAddress);
    TargetMdl->ByteCount = Length;
    TargetMdl->MappedSystemVa = (PUCHAR)SourceMdl->MappedSystemVa + Offset;
    RtlCopyMemory(MmGetMdlPfnArray(TargetMdl),
                  MmGetMdlPfnArray(SourceMdl) + FirstPage,
                  Pages * sizeof(PFN_NUMBER));
}

VOID NTAPI MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
    PMDL Mdl = MemoryDescriptorList;
    PPFN_NUMBER Frames = MmGetMdlPfnArray(Mdl);
    ULONG Va = (ULONG)Mdl->StartVa, Page;
    ULONG Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl),
                                                 Mdl->ByteCount);

    Mdl->Process = NULL;
    Mdl->MappedSystemVa = MmGetMdlVirtualAddress(Mdl);
    for (Page = 0; Page < Pages; Page++, Va += PAGE_SIZE) {
        MMPTE Pte = MiReadPte((PVOID)Va);

        /* Nonpaged memory is resident and the kernel's, or the caller
         * broke the routine's one rule. */
        if (MiIsUserAddress(Va) || !(Pte & MI_PTE_VALID))
            KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_MDL_NOT_RESIDENT,
                         (ULONG_PTR)Mdl, Va, Pte);
        Frames[Page] = MiGetPteFrame(Pte);
        if (MiGetPfnEntry(Frames[Page]) == NULL)
            Mdl->MdlFlags |= MDL_IO_SPACE;
    }
    Mdl->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}
