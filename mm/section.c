/*
 * Sections backed by the page file: memory that several address spaces
 * map views of, so two processes see each other's writes. A section owns
 * its pages (PFN usage MiUsageSection): a view's PTEs point at them and
 * unmapping or deleting an address space never frees them; the section
 * frees them when its last reference goes (every view holds one).
 *
 * SEC_COMMIT makes every page at creation: the commitment NT charges at
 * creation is real memory here until there is a page file to stand
 * behind it. SEC_RESERVE pages appear when a view commits them
 * (NtAllocateVirtualMemory MEM_COMMIT inside the view), and other views
 * find them on their next touch (MiResolveViewFault). A PAGE_WRITECOPY
 * view maps the pages read-only; its first write to a page gives the view
 * a private copy (MiCopyOnWrite).
 */
#include "kernel/section.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/paging.h"
#include "kernel/process.h"

#define MI_SECTION_TAG 'tceS'            /* "Sect" */
#define MI_SECTION_MAXIMUM (256UL << 20) /* no page file: RAM holds it */

POBJECT_TYPE MiSectionType;
POBJECT_TYPE *MmSectionObjectType = &MiSectionType;

static VOID delete_section(PVOID Object)
{
    PSECTION Section = Object;
    ULONG Page, Tables;
    KIRQL OldIrql;

    MiReturnCommitment(Section->ChargedPages);
    if (Section->PrototypeFrames == NULL)
        return;
    if (Section->Pageable) {
        OldIrql = MiAcquirePfnLock();
        RemoveEntryList(&Section->Links);
        MiReleasePfnLock(OldIrql);
    }
    Tables = (Section->PageCount + MI_PTES_PER_TABLE - 1) / MI_PTES_PER_TABLE;
    for (Page = 0; Page < Section->PageCount; Page++)
        if (Section->PrototypeFrames[Page / MI_PTES_PER_TABLE] != MI_NO_PAGE)
            MiDeletePrototype(Section, Page);
    for (Page = 0; Page < Tables; Page++)
        if (Section->PrototypeFrames[Page] != MI_NO_PAGE)
            MiFreePages(Section->PrototypeFrames[Page], 0);
    ExFreePoolWithTag(Section->PrototypeFrames, MI_SECTION_TAG);
}

VOID MiInitializeSectionType(VOID)
{
    ObpCreateType(u"Section", SECTION_QUERY | SECTION_MAP_READ,
                  SECTION_MAP_WRITE, SECTION_MAP_EXECUTE, SECTION_ALL_ACCESS,
                  FALSE, delete_section, &MiSectionType);
}

/* A zeroed page for the section at Page, its prototype made valid;
 * MI_NO_PAGE when memory is out. Below DISPATCH_LEVEL. */
static PFN_NUMBER make_page(PSECTION Section, ULONG Page)
{
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    PMMPTE Prototype = MiSectionPrototype(Section, Page);
    PMMPFN Pfn;
    KIRQL OldIrql;

    if (Frame == MI_NO_PAGE)
        return MI_NO_PAGE;
    MiZeroPhysicalPage(Frame);
    Pfn = MiGetPfnEntry(Frame);
    OldIrql = MiAcquirePfnLock();
    Pfn->Usage = Section->Pageable ? MiUsageSectionPageable : MiUsageSection;
    Pfn->ReferenceCount = 0; /* no view maps it yet */
    Pfn->Owner = Section->PrototypeFrames[Page / MI_PTES_PER_TABLE];
    Pfn->PteAddress = (ULONG)Prototype;
    Pfn->OriginalPte = 0;
    *Prototype = (Frame << PAGE_SHIFT) | MI_PTE_VALID;
    if (Section->Pageable)
        MiSectionPages.Resident++;
    MiReleasePfnLock(OldIrql);
    return Frame;
}

/* The protections a section may have and views may ask for: no guard,
 * no caching attributes (NT allows SEC_NOCACHE; this kernel does not). */
static BOOLEAN plain_protection(ULONG Protect)
{
    switch (Protect) {
    case PAGE_READONLY:
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
    case PAGE_NOACCESS:
        return TRUE;
    default:
        return FALSE;
    }
}

NTSTATUS MiCreateSectionObject(ULONGLONG Size, ULONG Protect,
                               ULONG AllocationAttributes,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               KPROCESSOR_MODE Mode, PSECTION *NewSection)
{
    ULONG Pages = (ULONG)BYTES_TO_PAGES(Size), Table, Tables;
    PSECTION Section;
    NTSTATUS Status;

    Status = ObCreateObject(Mode, MiSectionType, ObjectAttributes, Mode, NULL,
                            sizeof(SECTION), 0, 0, (PVOID *)&Section);
    if (!NT_SUCCESS(Status))
        return Status;
    Section->SizeOfSection = Size;
    Section->PageCount = Pages;
    Section->Protection = Protect;
    Section->AllocationAttributes = AllocationAttributes;
    Tables = (Pages + MI_PTES_PER_TABLE - 1) / MI_PTES_PER_TABLE;
    Section->PrototypeFrames = ExAllocatePoolWithTag(
        NonPagedPool, Tables * sizeof(PFN_NUMBER), MI_SECTION_TAG);
    if (Section->PrototypeFrames == NULL) {
        ObfDereferenceObject(Section);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    for (Table = 0; Table < Tables; Table++)
        Section->PrototypeFrames[Table] = MI_NO_PAGE;
    /* Low frames: the direct map reaches them from any space. */
    for (Table = 0; Table < Tables; Table++) {
        Section->PrototypeFrames[Table] = MiAllocatePages(0, MI_CONSTRAINT_LOW);
        if (Section->PrototypeFrames[Table] == MI_NO_PAGE) {
            ObfDereferenceObject(Section);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        MiZeroPhysicalPage(Section->PrototypeFrames[Table]);
    }
    *NewSection = Section;
    return STATUS_SUCCESS;
}

PFN_NUMBER MiMakeSectionPage(PSECTION Section, ULONG Page)
{
    return make_page(Section, Page);
}

NTSTATUS MiCreatePagefileSection(ULONGLONG MaximumSize, ULONG Protect,
                                 ULONG AllocationAttributes,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 KPROCESSOR_MODE Mode, PSECTION *NewSection)
{
    ULONG Pages, Page, Reserve = AllocationAttributes & SEC_RESERVE;
    PSECTION Section;
    NTSTATUS Status;
    KIRQL OldIrql;

    if (!plain_protection(Protect) || Protect == PAGE_NOACCESS)
        return STATUS_INVALID_PAGE_PROTECTION;
    if (MaximumSize == 0)
        return STATUS_INVALID_PARAMETER_4; /* a page-file section needs one */
    if (MaximumSize > MI_SECTION_MAXIMUM)
        return STATUS_SECTION_TOO_BIG;
    Pages = (ULONG)BYTES_TO_PAGES(MaximumSize);
    Status = MiCreateSectionObject(MaximumSize, Protect,
                                   Reserve ? SEC_RESERVE : SEC_COMMIT,
                                   ObjectAttributes, Mode, &Section);
    if (!NT_SUCCESS(Status))
        return Status;
    Section->Pageable = TRUE;
    OldIrql = MiAcquirePfnLock();
    InsertTailList(&MiPagedSections, &Section->Links);
    MiReleasePfnLock(OldIrql);
    /* Committed pages are a promise of memory or page file, charged now
     * (a SEC_RESERVE section's as its views commit them), so a section
     * larger than both is refused here, not in a fault later. */
    if (!Reserve) {
        Status = MiChargeCommitment(Pages);
        if (!NT_SUCCESS(Status)) {
            ObfDereferenceObject(Section);
            return Status;
        }
        Section->ChargedPages = Pages;
    }
    /* With a page file a committed page is made at its first touch and
     * may leave memory; without one, every page is made now, as the
     * commitment is real memory then. */
    for (Page = 0; !Reserve && Page < Pages; Page++) {
        if (MiPageFilePresent) {
            *MiSectionPrototype(Section, Page) = MI_SECTION_DEMAND_ZERO;
        } else if (make_page(Section, Page) == MI_NO_PAGE) {
            ObfDereferenceObject(Section); /* frees what was made */
            return STATUS_COMMITMENT_LIMIT;
        }
    }
    *NewSection = Section;
    return STATUS_SUCCESS;
}

/* What a view may ask of a section of protection SectionProtect: no more
 * than the section allows (write-copy views of a writable or write-copy
 * section; execute only of an executable one). */
BOOLEAN MiIsViewProtectionAllowed(ULONG SectionProtect, ULONG ViewProtect)
{
    BOOLEAN SectionExecute = (SectionProtect & 0xF0) != 0;
    BOOLEAN SectionWrite = (SectionProtect & (PAGE_READWRITE | PAGE_WRITECOPY |
                                              PAGE_EXECUTE_READWRITE |
                                              PAGE_EXECUTE_WRITECOPY)) != 0;

    if (!plain_protection(ViewProtect))
        return FALSE;
    if ((ViewProtect & 0xF0) && !SectionExecute)
        return FALSE;
    if ((ViewProtect & (PAGE_READWRITE | PAGE_EXECUTE_READWRITE)) &&
        !(SectionProtect & (PAGE_READWRITE | PAGE_EXECUTE_READWRITE)))
        return FALSE; /* a shared write needs a writable section */
    if ((ViewProtect & (PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY)) &&
        !SectionWrite)
        return FALSE;
    return TRUE;
}

NTSTATUS MiMapViewPages(PMMVAD Vad, ULONG FirstVpn, ULONG PageCount)
{
    PSECTION Section = Vad->Section;
    ULONG Mask = MiMakeProtectionMask(Vad->AllocationProtect), Vpn;
    NTSTATUS Status;

    Status = MiEnsurePageTables((PVOID)(FirstVpn << PAGE_SHIFT), PageCount);
    if (!NT_SUCCESS(Status))
        return STATUS_NO_MEMORY;
    /* Resident pages now; the others at their first touch. */
    for (Vpn = FirstVpn; Vpn < FirstVpn + PageCount; Vpn++) {
        ULONG Page = Vad->SectionPage + (Vpn - Vad->StartingVpn);
        KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        MMPTE Prototype = *MiSectionPrototype(Section, Page);

        if (Prototype & MI_PTE_VALID)
            MiMapViewPage(Vpn << PAGE_SHIFT, MiGetPteFrame(Prototype), Mask);
        KfLowerIrql(OldIrql);
    }
    return STATUS_SUCCESS;
}

NTSTATUS MiCommitViewPages(PMMVAD Vad, ULONG FirstVpn, ULONG PageCount)
{
    PSECTION Section = Vad->Section;
    ULONG Vpn;

    for (Vpn = FirstVpn; Vpn < FirstVpn + PageCount; Vpn++) {
        ULONG Page = Vad->SectionPage + (Vpn - Vad->StartingVpn);
        PMMPTE Prototype = MiSectionPrototype(Section, Page);

        if (*Prototype != 0)
            continue;
        if (!NT_SUCCESS(MiChargeCommitment(1)))
            return STATUS_COMMITMENT_LIMIT;
        if (MiPageFilePresent && Section->Pageable) {
            KIRQL OldIrql = MiAcquirePfnLock();
            BOOLEAN Made = *Prototype == 0;

            if (Made) {
                *Prototype = MI_SECTION_DEMAND_ZERO;
                InterlockedIncrement((volatile LONG *)&Section->ChargedPages);
            }
            MiReleasePfnLock(OldIrql);
            if (!Made)
                MiReturnCommitment(1); /* another view committed it */
        } else if (make_page(Section, Page) == MI_NO_PAGE) {
            MiReturnCommitment(1);
            return STATUS_COMMITMENT_LIMIT;
        } else {
            InterlockedIncrement((volatile LONG *)&Section->ChargedPages);
        }
    }
    return MiMapViewPages(Vad, FirstVpn, PageCount);
}

NTSTATUS MiCopyOnWrite(ULONG Va)
{
    PMMPTE Pte = MiGetPteAddress((PVOID)Va);
    MMPTE Old = *Pte;
    ULONG Access = MiGetPteProtectionMask(Old) & MM_PROTECT_ACCESS;
    PFN_NUMBER Frame;
    PVOID Source, Target;

    if (!(Old & MI_PTE_VALID) ||
        (Access != MM_WRITECOPY && Access != MM_EXECUTE_WRITECOPY) ||
        !MiIsSectionUsage(MiGetPfnEntry(MiGetPteFrame(Old))->Usage))
        return STATUS_ACCESS_VIOLATION;
    Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    if (Frame == MI_NO_PAGE)
        return STATUS_NO_MEMORY;
    Target = MiMapPageInHyperspace(Frame);
    Source = (PVOID)(Va & ~(PAGE_SIZE - 1)); /* readable: it is valid */
    RtlCopyMemory(Target, Source, PAGE_SIZE);
    MiUnmapPageInHyperspace(Target);
    MiGetPfnEntry(Frame)->Usage = MiUsageProcess;
    /* The copy is the view's own, writable from now on, as NT's is. */
    *Pte = MiMakeUserValidPte(
        Frame, Access == MM_WRITECOPY ? MM_READWRITE : MM_EXECUTE_READWRITE,
        Va);
    MiFlushSingleTb((PVOID)Va);
    MiDropSectionShare(MiGetPteFrame(Old), FALSE); /* read-only: clean */
    return STATUS_SUCCESS;
}

ULONG MiViewPageState(PMMVAD Vad, ULONG Vpn)
{
    ULONG Page = Vad->SectionPage + (Vpn - Vad->StartingVpn);

    return *MiSectionPrototype(Vad->Section, Page) != 0 ? MEM_COMMIT
                                                        : MEM_RESERVE;
}

VOID MiShareViewPagesReadOnly(ULONG StartVa, ULONG PageCount)
{
    ULONG Va, Page;

    for (Va = StartVa, Page = 0; Page < PageCount; Page++, Va += PAGE_SIZE) {
        PMMPTE Pte = MiGetPteAddress((PVOID)Va);
        KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        MMPTE Old = MiReadPte((PVOID)Va);
        ULONG Access = MiGetPteProtectionMask(Old) & MM_PROTECT_ACCESS;

        if ((Old & MI_PTE_VALID) && (Old & MI_PTE_WRITE) &&
            (Access == MM_WRITECOPY || Access == MM_EXECUTE_WRITECOPY) &&
            MiIsSectionUsage(MiGetPfnEntry(MiGetPteFrame(Old))->Usage)) {
            *Pte = Old & ~MI_PTE_WRITE;
            MiFlushSingleTb((PVOID)Va);
        }
        KfLowerIrql(OldIrql);
    }
}

BOOLEAN MiIsViewPageCopied(ULONG Va)
{
    MMPTE Pte = MiReadPte((PVOID)Va);

    return (Pte & (MI_PTE_VALID | MI_PTE_TRANSITION)) != 0 &&
           !MiIsSectionUsage(MiGetPfnEntry(MiGetPteFrame(Pte))->Usage);
}
