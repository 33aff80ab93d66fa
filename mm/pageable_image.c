/*
 * Pageable driver code and data. A page of a loaded driver that only PAGE*
 * sections cover has PFN usage MiUsageDriverPageable, and the working-set
 * manager trims it as it trims paged pool (mm/working_set.c); its next
 * touch brings it back, unless the IRQL forbids (DRIVER_PORTION_MUST_BE_
 * NONPAGED). The DDK's controls change which pages those are:
 * MmLockPagableDataSection (and the WDK's MmLockPagableCodeSection, a
 * macro for it) makes a section resident until MmUnlockPagableImageSection;
 * MmPageEntireDriver makes every page but the headers pageable;
 * MmResetDriverPaging goes back to what the sections say.
 *
 * A page that must stop being pageable is touched first (brought back if
 * it was out), then, at DISPATCH_LEVEL where the trimmer cannot run,
 * checked present and given its new usage.
 */
#include "kernel/bugcheck.h"
#include "kernel/paging.h"
#include "kernel/sysldr.h"

static BOOLEAN is_pageable(PMI_LOADED_IMAGE Image, ULONG Page)
{
    ULONG Start = Page * PAGE_SIZE, Index;
    BOOLEAN Covered = FALSE;

    if (Page == 0)
        return FALSE; /* the headers: the loader and debuggers read them */
    for (Index = 0; Index < Image->SectionCount; Index++) {
        PMI_IMAGE_SECTION Section = &Image->Sections[Index];

        if (Start >= Section->Rva + Section->Size ||
            Section->Rva >= Start + PAGE_SIZE)
            continue;
        if (Section->LockCount != 0 ||
            (Section->Flags & (MI_SECTION_DISCARDABLE | MI_SECTION_FREED)))
            return FALSE;
        if (!Image->PageEntire && !(Section->Flags & MI_SECTION_PAGEABLE))
            return FALSE;
        Covered = TRUE;
    }
    return Covered;
}

/* The page at Va with its frame marked Usage; FALSE when it is not there
 * now (trimmed or paged out: touch it and try again). */
static BOOLEAN set_usage(ULONG Va, UCHAR Usage)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    MMPTE Pte = MiReadPte((PVOID)Va);
    PMMPFN Pfn = MiGetPfnEntry(MiGetPteFrame(Pte));
    BOOLEAN Present = (Pte & MI_PTE_VALID) != 0;

    if (Present && Pfn != NULL && Pfn->Usage != Usage) {
        /* Resident for good: its copy in the page file is no use now. */
        if (Usage == MiUsageSystemPages && MiIsPageFilePte(Pfn->OriginalPte)) {
            MiFreePageFileSlot(MiGetPageFileSlot(Pfn->OriginalPte));
            Pfn->OriginalPte = 0;
        }
        Pfn->Usage = Usage;
    }
    KfLowerIrql(OldIrql);
    return Present;
}

/* Every page of the image as pageable or resident as it should be now.
 * Below DISPATCH_LEVEL: a page coming back may wait for the disk. */
VOID MiSetImagePaging(PMI_LOADED_IMAGE Image)
{
    ULONG Page;

    for (Page = 0; Page < Image->PageCount; Page++) {
        ULONG Va = (ULONG)Image->Entry.DllBase + Page * PAGE_SIZE;
        UCHAR Usage = is_pageable(Image, Page) ? MiUsageDriverPageable
                                               : MiUsageSystemPages;

        if (MiReadPte((PVOID)Va) == 0)
            continue; /* INIT, freed after DriverEntry */
        while (!set_usage(Va, Usage))
            (void)*(volatile UCHAR *)Va;
    }
}

VOID MiReleasePageableImage(PMI_LOADED_IMAGE Image)
{
    ULONG Page;

    for (Page = 0; Page < Image->PageCount; Page++) {
        ULONG Va = (ULONG)Image->Entry.DllBase + Page * PAGE_SIZE;
        KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        MMPTE Pte = MiReadPte((PVOID)Va);

        if (Pte & MI_PTE_VALID) {
            /* MiFreeSystemPages frees the frame; the copy goes here. */
            set_usage(Va, MiUsageSystemPages);
        } else if (Pte != 0) {
            *MiGetPteAddress((PVOID)Va) = 0;
            MiDeletePageablePte(Pte, MiUsageDriverPageable);
        }
        KfLowerIrql(OldIrql);
    }
}

/* The image and section holding Address, the list held exclusive. */
static PMI_IMAGE_SECTION find_section(PVOID Address, PMI_LOADED_IMAGE *Found)
{
    ULONG_PTR Va = (ULONG_PTR)Address;
    PLIST_ENTRY Link;
    ULONG Index;

    for (Link = PsLoadedModuleList.Flink; Link != &PsLoadedModuleList;
         Link = Link->Flink) {
        PMI_LOADED_IMAGE Image = MI_LOADED_IMAGE_OF(
            CONTAINING_RECORD(Link, KLDR_DATA_TABLE_ENTRY, InLoadOrderLinks));
        ULONG_PTR Rva = Va - (ULONG_PTR)Image->Entry.DllBase;

        if (Image->PageCount == 0 || Va < (ULONG_PTR)Image->Entry.DllBase ||
            Rva >= Image->Entry.SizeOfImage)
            continue;
        *Found = Image;
        for (Index = 0; Index < Image->SectionCount; Index++)
            if (Rva - Image->Sections[Index].Rva < Image->Sections[Index].Size)
                return &Image->Sections[Index];
        return NULL;
    }
    *Found = NULL;
    return NULL;
}

static VOID lock_list(VOID)
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&PsLoadedModuleResource, TRUE);
}

static VOID unlock_list(VOID)
{
    ExReleaseResourceLite(&PsLoadedModuleResource);
    KeLeaveCriticalRegion();
}

/* A handle is the section's record; a driver keeps it while it is
 * loaded, as NT's handles are good until the driver unloads. */
static PVOID change_lock(PVOID Handle, PVOID Address, LONG Change)
{
    PMI_IMAGE_SECTION Section = Handle;
    PMI_LOADED_IMAGE Image = NULL;

    lock_list();
    if (Section == NULL)
        Section = find_section(Address, &Image);
    else
        find_section((PVOID)Section, &Image); /* records are pool, not images */
    if (Image == NULL && Section != NULL) {
        /* A handle: find its image by the record's address. */
        PLIST_ENTRY Link;

        for (Link = PsLoadedModuleList.Flink; Link != &PsLoadedModuleList;
             Link = Link->Flink) {
            PMI_LOADED_IMAGE Candidate = MI_LOADED_IMAGE_OF(CONTAINING_RECORD(
                Link, KLDR_DATA_TABLE_ENTRY, InLoadOrderLinks));
            if (Section >= Candidate->Sections &&
                Section < Candidate->Sections + Candidate->SectionCount)
                Image = Candidate;
        }
    }
    if (Image == NULL || Section == NULL) {
        unlock_list();
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_BAD_PAGEABLE_HANDLE,
                     (ULONG_PTR)Handle, (ULONG_PTR)Address, Change);
    }
    if (Change < 0 && Section->LockCount == 0) {
        unlock_list();
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_BAD_PAGEABLE_HANDLE,
                     (ULONG_PTR)Section, 0, 0);
    }
    Section->LockCount += Change;
    MiSetImagePaging(Image);
    unlock_list();
    return Section;
}

PVOID NTAPI MmLockPagableDataSection(PVOID AddressWithinSection)
{
    PAGED_CODE();
    return change_lock(NULL, AddressWithinSection, 1);
}

VOID NTAPI MmLockPagableSectionByHandle(PVOID ImageSectionHandle)
{
    PAGED_CODE();
    change_lock(ImageSectionHandle, NULL, 1);
}

VOID NTAPI MmUnlockPagableImageSection(PVOID ImageSectionHandle)
{
    PAGED_CODE();
    change_lock(ImageSectionHandle, NULL, -1);
}

static PMI_LOADED_IMAGE set_entire(PVOID Address, BOOLEAN Entire)
{
    PMI_LOADED_IMAGE Image;

    lock_list();
    find_section(Address, &Image);
    if (Image != NULL) {
        Image->PageEntire = Entire;
        MiSetImagePaging(Image);
    }
    unlock_list();
    return Image;
}

PVOID NTAPI MmPageEntireDriver(PVOID AddressWithinSection)
{
    PMI_LOADED_IMAGE Image;

    PAGED_CODE();
    Image = set_entire(AddressWithinSection, TRUE);
    return Image != NULL ? Image->Entry.DllBase : NULL;
}

VOID NTAPI MmResetDriverPaging(PVOID AddressWithinSection)
{
    PAGED_CODE();
    set_entire(AddressWithinSection, FALSE);
}
