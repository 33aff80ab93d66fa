/*
 * Sections inside the memory manager (mm/section.c, the object and its
 * pages; mm/section_services.c, the Nt services). What callers outside mm
 * see is in ntmm.h.
 */
#ifndef KERNEL_SECTION_H
#define KERNEL_SECTION_H

#include "kernel/mm.h"
#include "kernel/process.h"

typedef struct _SECTION {
    ULONGLONG SizeOfSection; /* bytes, as created */
    ULONG PageCount;
    ULONG Protection;           /* PAGE_*: what views may ask at most */
    ULONG AllocationAttributes; /* SEC_COMMIT or SEC_RESERVE */
    PPFN_NUMBER Frames; /* one per page; MI_NO_PAGE: not committed yet */
} SECTION, *PSECTION;

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
/* A zeroed page a section owns; MI_NO_PAGE when memory is out. */
PFN_NUMBER MiMakeSectionPage(VOID);

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
/* MEM_COMMIT inside a view: makes the section's pages, then maps them. */
NTSTATUS MiCommitViewPages(PMMVAD Vad, ULONG FirstVpn, ULONG PageCount);
/* A not-committed PTE in a view: the section page, when it exists. */
NTSTATUS MiResolveViewFault(PMMVAD Vad, ULONG Va);
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
