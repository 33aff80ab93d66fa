/*
 * Sections inside the memory manager (mm/section.c, the object and its
 * pages; mm/section_services.c, the Nt services). What callers outside mm
 * see is in ntmm.h.
 */
#ifndef KERNEL_SECTION_H
#define KERNEL_SECTION_H

#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/process.h"

/*
 * A section's pages are described by its prototype PTEs (NT's segment),
 * one per page, in low frames the direct map reaches (so a frame's PFN
 * names its prototype as a process page's names its PTE: Owner, the
 * frame holding it; PteAddress, its offset). What one says:
 * - 0: not committed (SEC_RESERVE);
 * - MI_SECTION_DEMAND_ZERO: committed, no page made yet;
 * - valid: the frame; MI_PTE_DIRTY when a view wrote it since its copy;
 * - transition: the frame, on the standby or modified list (or on its
 *   way to disk): no process PTE maps it;
 * - page file: the slot of its copy, the frame gone.
 * A section frame's ReferenceCount is its share count: the process PTEs
 * (valid, or transition for PAGE_NOACCESS) that name it. A view's PTE
 * whose page was trimmed is MI_PTE_PROTOTYPE with its protection code:
 * the page is found through the VAD's section (MiResolveViewFault).
 */
typedef struct _SECTION {
    ULONGLONG SizeOfSection; /* bytes, as created */
    ULONG PageCount;
    ULONG Protection;            /* PAGE_*: what views may ask at most */
    ULONG AllocationAttributes;  /* SEC_COMMIT or SEC_RESERVE */
    PPFN_NUMBER PrototypeFrames; /* one low frame per 1024 prototype PTEs */
    LIST_ENTRY Links;            /* MiPagedSections, for a pageable one */
    ULONG ChargedPages; /* commitment: its committed pages, as NT charges */
    BOOLEAN Pageable;   /* a page-file section: its pages page */
} SECTION, *PSECTION;

#define MI_SECTION_DEMAND_ZERO                                                 \
    ((MMPTE)(MM_READWRITE << MI_PTE_PROTECTION_SHIFT))

/* Page's prototype PTE. */
static inline PMMPTE MiSectionPrototype(PSECTION Section, ULONG Page)
{
    return (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(
               Section->PrototypeFrames[Page / MI_PTES_PER_TABLE]
               << PAGE_SHIFT) +
           Page % MI_PTES_PER_TABLE;
}

static inline BOOLEAN MiIsSectionUsage(UCHAR Usage)
{
    return Usage == MiUsageSection || Usage == MiUsageSectionPageable;
}

/* Page-file sections' pages by where they are (under the PFN lock). */
typedef struct _MI_SECTION_PAGE_COUNTS {
    ULONG Resident; /* valid prototypes */
    ULONG Trimmed;  /* transition: on a list or on its way to disk */
    ULONG PagedOut; /* only in the page file */
} MI_SECTION_PAGE_COUNTS;
extern MI_SECTION_PAGE_COUNTS MiSectionPages;
extern LIST_ENTRY MiPagedSections; /* under the PFN lock */

extern POBJECT_TYPE MiSectionType;
VOID MiInitializeSectionType(VOID);

/* A page-file section of MaximumSize bytes (rounded up to pages), named
 * when ObjectAttributes names it; one reference, the caller's. */
NTSTATUS MiCreatePagefileSection(ULONGLONG MaximumSize, ULONG Protect,
                                 ULONG AllocationAttributes,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 KPROCESSOR_MODE Mode, PSECTION *NewSection);
BOOLEAN MiIsViewProtectionAllowed(ULONG SectionProtect, ULONG ViewProtect);
/* A section object of Size bytes with no page made yet. */
NTSTATUS MiCreateSectionObject(ULONGLONG Size, ULONG Protect,
                               ULONG AllocationAttributes,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               KPROCESSOR_MODE Mode, PSECTION *NewSection);
/* A zeroed page the section owns at Page, its prototype made valid;
 * MI_NO_PAGE when memory is out. */
PFN_NUMBER MiMakeSectionPage(PSECTION Section, ULONG Page);

/* Image sections (mm/image_section.c): an image laid out once, its pages
 * shared by every process that maps it at its own base. */
VOID MiPrepareImageSection(PCVOID File, ULONG FileSize);
/* The image section prepared for File (referenced), or NULL. */
PSECTION MiLookupImageSection(PCVOID File);
/* Drops the section prepared for File, as NT drops an image's section
 * when its file goes: processes mapping it keep their views. */
VOID MiForgetImageSection(PCVOID File);
/* A write-copy view of Section at Base in Process (current, attached). */
NTSTATUS MiMapImageView(PEPROCESS Process, PSECTION Section, ULONG Base);

/* A view is a VAD with its Section set (current space, the VAD tree
 * locked). Maps the section's made pages into [FirstVpn, + PageCount). */
NTSTATUS MiMapViewPages(PMMVAD Vad, ULONG FirstVpn, ULONG PageCount);
/* The view's PTE at Va (0 or MI_PTE_PROTOTYPE) made to name Frame, one
 * share more; write-copy pages read-only until their first write. At
 * DISPATCH_LEVEL, the current space, the page's table made. */
VOID MiMapViewPage(ULONG Va, PFN_NUMBER Frame, ULONG Mask);
/* MEM_COMMIT inside a view: makes the section's pages, then maps them. */
NTSTATUS MiCommitViewPages(PMMVAD Vad, ULONG FirstVpn, ULONG PageCount);
/* A view PTE that is 0 or MI_PTE_PROTOTYPE (Old): the section page,
 * when it exists, made, taken back from its list, or MI_HARD_FAULT when
 * it is in the page file. At DISPATCH_LEVEL. */
NTSTATUS MiResolveViewFault(PMMVAD Vad, ULONG Va, MMPTE Old);
/* resolve_user_fault's word for "the page is in the page file". */
#define MI_HARD_FAULT ((NTSTATUS)0x00000102L)
/* The hard fault of a view page: its copy read back into a new frame
 * (below DISPATCH_LEVEL, the current space). */
NTSTATUS MiReadViewPage(ULONG Va);
/* Under the PFN lock (mm/section_paging.c). A valid view PTE naming a
 * pageable section frame is trimmed: the PTE at Pte becomes
 * MI_PTE_PROTOTYPE; TRUE when the frame left for a list. */
BOOLEAN MiTrimViewPte(PMMPTE Pte, MMPTE Old);
/* One process PTE fewer names Frame (Dirty: it had been written); at
 * none a pageable section's frame goes to its list. TRUE when it did. */
BOOLEAN MiDropSectionShare(PFN_NUMBER Frame, BOOLEAN Dirty);
/* What a prototype PTE holds goes back (section deletion). */
VOID MiDeletePrototype(PSECTION Section, ULONG Page);
/* The invariant checker's part: the slots page-file sections hold and
 * the commitment they are charged (added to Slots and Committed), and 0
 * or MI_PAGING_BAD_SECTION when their counts, charges or share counts
 * are off. At DISPATCH_LEVEL. */
ULONG MiCheckSectionPages(PULONG Slots, PULONG Committed);
/* A write to a write-copy view's shared page: the view's own copy. */
NTSTATUS MiCopyOnWrite(ULONG Va);
/* After a protection change in a view: write-copy pages that still show
 * the section's page lose the write bit again. */
VOID MiShareViewPagesReadOnly(ULONG StartVa, ULONG PageCount);
/* Whether the view's page at Va (current space) is the process's own
 * copy rather than the section's page. */
BOOLEAN MiIsViewPageCopied(ULONG Va);
/* MEM_COMMIT or MEM_RESERVE: whether the section has the page. */
ULONG MiViewPageState(PMMVAD Vad, ULONG Vpn);
/* The view's pages unmapped (copies freed, the section's kept), its VAD
 * gone, the section dereferenced. */
VOID MiDeleteView(PEPROCESS Process, PMMVAD Vad);

#endif
