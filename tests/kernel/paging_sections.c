/*
 * A page-file section's pages page (mm/section_paging.c): a view's page
 * trimmed comes back by a soft fault from its list and by a hard fault
 * from the page file, through the section's prototype PTE; a section
 * larger than the machine, mapped in two processes, holds what one wrote
 * for the other; a section deleted while its pages are out gives every
 * frame and slot back. The invariant checker agrees at every step.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/paging.h"
#include "kernel/section.h"
#include "kt_paging.h"
#include "kt_ring3.h"
#include "kt_user.h"

#define PATTERN 0x5EC7A6E1UL

typedef struct _KT_VIEWS {
    KT_PROCESS A, B;
    HANDLE HA, HB, Section;
    PSECTION Object;
    PVOID ViewA, ViewB;
} KT_VIEWS;

static HANDLE open_process(PEPROCESS Process)
{
    HANDLE Handle = NULL;

    ObOpenObjectByPointer(Process, OBJ_KERNEL_HANDLE, NULL, PROCESS_ALL_ACCESS,
                          *PsProcessType, KernelMode, &Handle);
    return Handle;
}

static NTSTATUS map(HANDLE Section, HANDLE Process, PVOID *Base, ULONG Protect)
{
    SIZE_T Size = 0;

    *Base = NULL;
    return ZwMapViewOfSection(Section, Process, Base, 0, 0, NULL, &Size,
                              ViewShare, 0, Protect);
}

/* A SEC_COMMIT section of Pages pages, a read-write view in A and a
 * read-only one in B. */
static NTSTATUS make_views(KT_VIEWS *Views, ULONG Pages)
{
    LARGE_INTEGER Size = {.QuadPart = (LONGLONG)Pages * PAGE_SIZE};
    NTSTATUS Status;

    Status = KtCreateProcess(&Views->A);
    if (NT_SUCCESS(Status))
        Status = KtCreateProcess(&Views->B);
    if (!NT_SUCCESS(Status))
        return Status;
    Views->HA = open_process(Views->A.Process);
    Views->HB = open_process(Views->B.Process);
    Status = ZwCreateSection(&Views->Section, SECTION_ALL_ACCESS, NULL, &Size,
                             PAGE_READWRITE, SEC_COMMIT, NULL);
    if (NT_SUCCESS(Status))
        Status = ObReferenceObjectByHandle(Views->Section, 0, MiSectionType,
                                           KernelMode, (PVOID *)&Views->Object,
                                           NULL);
    if (NT_SUCCESS(Status))
        Status = map(Views->Section, Views->HA, &Views->ViewA, PAGE_READWRITE);
    if (NT_SUCCESS(Status))
        Status = map(Views->Section, Views->HB, &Views->ViewB, PAGE_READONLY);
    return Status;
}

/* The views unmapped, the section closed, the processes deleted. */
static VOID delete_views(KT_VIEWS *Views)
{
    if (Views->ViewA != NULL)
        ZwUnmapViewOfSection(Views->HA, Views->ViewA);
    if (Views->ViewB != NULL)
        ZwUnmapViewOfSection(Views->HB, Views->ViewB);
    if (Views->Object != NULL)
        ObDereferenceObject(Views->Object);
    if (Views->Section != NULL)
        ZwClose(Views->Section);
    if (Views->HA != NULL)
        ZwClose(Views->HA);
    if (Views->HB != NULL)
        ZwClose(Views->HB);
    KtDeleteProcess(&Views->A);
    KtDeleteProcess(&Views->B);
    RtlZeroMemory(Views, sizeof(*Views));
}

static MMPTE prototype(KT_VIEWS *Views, ULONG Page)
{
    return *MiSectionPrototype(Views->Object, Page);
}

static ULONG read_in(PEPROCESS Process, PVOID View, ULONG Page)
{
    ULONG Value = 0;

    if (!NT_SUCCESS(KtAccessInProcess(
            Process, (ULONG_PTR)View + Page * PAGE_SIZE, FALSE, &Value)))
        return 0xBADBAD;
    return Value;
}

static MMPTE pte_in(PEPROCESS Process, PVOID Va)
{
    KAPC_STATE ApcState;
    MMPTE Pte;

    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Pte = MiReadPte(Va);
    KeUnstackDetachProcess(&ApcState);
    return Pte;
}

KTEST(paging_section_view_page_comes_back_soft_and_hard)
{
    static KT_VIEWS Views;
    ULONG FreeSlots = MiPageFileFreeSlots, Value = PATTERN;
    ULONG Soft, Hard;
    MMPTE Proto, Pte;
    PMMPFN Pfn;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(make_views(&Views, 2), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtAccessInProcess(Views.A.Process, (ULONG_PTR)Views.ViewA,
                                   TRUE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(read_in(Views.B.Process, Views.ViewB, 0), PATTERN);
    Proto = prototype(&Views, 0);
    KT_ASSERT_MSG(Proto & MI_PTE_VALID, "the prototype is %lx", Proto);
    Pfn = MiGetPfnEntry(MiGetPteFrame(Proto));
    KT_ASSERT_EQ(Pfn->Usage, MiUsageSectionPageable);
    KT_ASSERT_EQ(Pfn->ReferenceCount, 2); /* A's PTE and B's */
    KT_ASSERT_EQ(MiCheckPagingState(), 0);

    /* Trimmed from both views: the PTEs point at the section, the frame
     * is on the modified list and the prototype in transition. */
    KtTrimUserPages();
    Pte = pte_in(Views.A.Process, Views.ViewA);
    KT_ASSERT_EQ(Pte,
                 MI_PTE_PROTOTYPE | (MM_READWRITE << MI_PTE_PROTECTION_SHIFT));
    Pte = pte_in(Views.B.Process, Views.ViewB);
    KT_ASSERT_EQ(Pte,
                 MI_PTE_PROTOTYPE | (MM_READONLY << MI_PTE_PROTECTION_SHIFT));
    Proto = prototype(&Views, 0);
    KT_ASSERT_MSG(!(Proto & MI_PTE_VALID) && (Proto & MI_PTE_TRANSITION),
                  "the prototype is %lx", Proto);
    KT_ASSERT(MiGetPfnEntry(MiGetPteFrame(Proto))->Flags & MI_PFN_MODIFIED);
    KT_ASSERT_EQ(MiGetPfnEntry(MiGetPteFrame(Proto))->ReferenceCount, 0);
    KT_ASSERT(MiSectionPages.Trimmed >= 1);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);

    /* B's touch takes it back off the list: a soft fault. */
    Soft = MiPagingCounters.SoftFaults;
    KT_ASSERT_EQ(read_in(Views.B.Process, Views.ViewB, 0), PATTERN);
    KT_ASSERT_EQ(MiPagingCounters.SoftFaults, Soft + 1);
    Proto = prototype(&Views, 0);
    KT_ASSERT(Proto & MI_PTE_VALID);
    KT_ASSERT_EQ(MiGetPfnEntry(MiGetPteFrame(Proto))->ReferenceCount, 1);
    KT_ASSERT(!(MiGetPfnEntry(MiGetPteFrame(Proto))->Flags & MI_PFN_ON_LIST));
    /* A's PTE still points at the section: A finds the same frame. */
    KT_ASSERT_EQ(read_in(Views.A.Process, Views.ViewA, 0), PATTERN);
    KT_ASSERT_EQ(MiPagingCounters.SoftFaults, Soft + 1);
    KT_ASSERT_EQ(MiGetPfnEntry(MiGetPteFrame(Proto))->ReferenceCount, 2);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk for the hard fault (tools/mkpagefile.sh)");

    /* Written to the page file, its frame taken: the prototype holds the
     * slot, and a touch reads it back (a hard fault). */
    KtTrimUserPages();
    KT_ASSERT(KtWaitForWriter());
    Proto = prototype(&Views, 0);
    KT_ASSERT(MiGetPfnEntry(MiGetPteFrame(Proto))->Flags & MI_PFN_STANDBY);
    KtStealStandby(0xFFFFFFFF);
    Proto = prototype(&Views, 0);
    KT_ASSERT_MSG(MiIsPageFilePte(Proto), "the prototype is %lx", Proto);
    KT_ASSERT(MiSectionPages.PagedOut >= 1);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
    Hard = MiPagingCounters.HardFaults;
    KT_ASSERT_EQ(read_in(Views.A.Process, Views.ViewA, 0), PATTERN);
    KT_ASSERT_EQ(MiPagingCounters.HardFaults, Hard + 1);
    Proto = prototype(&Views, 0);
    KT_ASSERT(Proto & MI_PTE_VALID);
    Pfn = MiGetPfnEntry(MiGetPteFrame(Proto));
    KT_ASSERT(MiIsPageFilePte(Pfn->OriginalPte)); /* the copy stays */
    KT_ASSERT_EQ(read_in(Views.B.Process, Views.ViewB, 0), PATTERN);
    KT_ASSERT_EQ(MiPagingCounters.HardFaults, Hard + 1);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);

    /* Clean, it leaves for the standby list without a write; written, its
     * copy is stale and it goes to the modified list. */
    KtTrimUserPages();
    KT_ASSERT(Pfn->Flags & MI_PFN_STANDBY);
    Value = PATTERN + 1;
    KT_ASSERT_EQ(KtAccessInProcess(Views.A.Process, (ULONG_PTR)Views.ViewA,
                                   TRUE, &Value),
                 STATUS_SUCCESS);
    KtTrimUserPages();
    KT_ASSERT(Pfn->Flags & MI_PFN_MODIFIED);
    KT_ASSERT_EQ(Pfn->OriginalPte, 0);
    KT_ASSERT_EQ(read_in(Views.B.Process, Views.ViewB, 0), PATTERN + 1);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
    KT_CLEANUP;
    delete_views(&Views);
    if (MiPageFilePresent) {
        KT_ASSERT(KtWaitForWriter());
        KT_ASSERT_EQ(MiPageFileFreeSlots, FreeSlots);
    }
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
}

KTEST(paging_section_deleted_while_out_leaks_nothing)
{
    static KT_VIEWS Views;
    ULONG FreeSlots = 0, Page, Value;
    PFN_NUMBER Frames = 0;
    KT_CLEANUP_SECTION;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    KtTrimUserPages();
    KT_ASSERT(KtWaitForWriter());
    KtStealStandby(0xFFFFFFFF);
    FreeSlots = MiPageFileFreeSlots;
    Frames = KtUserFreeFrames();
    KT_ASSERT_EQ(make_views(&Views, 64), STATUS_SUCCESS);
    for (Page = 0; Page < 64; Page++) {
        Value = PATTERN ^ Page;
        KT_ASSERT_EQ(
            KtAccessInProcess(Views.A.Process,
                              (ULONG_PTR)Views.ViewA + Page * PAGE_SIZE, TRUE,
                              &Value),
            STATUS_SUCCESS);
    }
    /* Every state at once: in the page file (0-15), on the standby list
     * (16-31), on the modified list (32-47), resident (48-63). */
    KtTrimUserPages();
    KT_ASSERT(KtWaitForWriter());
    KtStealStandby(0xFFFFFFFF);
    for (Page = 16; Page < 64; Page++)
        KT_ASSERT_EQ(read_in(Views.B.Process, Views.ViewB, Page),
                     PATTERN ^ Page);
    KtTrimUserPages(); /* clean: 16-63 to standby */
    for (Page = 32; Page < 64; Page++) {
        Value = PATTERN ^ Page;
        KT_ASSERT_EQ(
            KtAccessInProcess(Views.A.Process,
                              (ULONG_PTR)Views.ViewA + Page * PAGE_SIZE, TRUE,
                              &Value),
            STATUS_SUCCESS);
    }
    KtTrimUserPages(); /* written: 32-63 to the modified list */
    for (Page = 48; Page < 64; Page++)
        KT_ASSERT_EQ(read_in(Views.A.Process, Views.ViewA, Page),
                     PATTERN ^ Page);
    KT_ASSERT(MiIsPageFilePte(prototype(&Views, 0)));
    KT_ASSERT(MiGetPfnEntry(MiGetPteFrame(prototype(&Views, 16)))->Flags &
              MI_PFN_STANDBY);
    KT_ASSERT(MiGetPfnEntry(MiGetPteFrame(prototype(&Views, 32)))->Flags &
              MI_PFN_MODIFIED);
    KT_ASSERT(prototype(&Views, 48) & MI_PTE_VALID);
    KT_ASSERT(MiPageFileFreeSlots < FreeSlots);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
    KT_CLEANUP;
    delete_views(&Views);
    if (Frames == 0)
        return; /* skipped */
    KT_ASSERT(KtWaitForWriter());
    KT_ASSERT_EQ(MiPageFileFreeSlots, FreeSlots);
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
}

/* With the page file, on a 16 MiB machine: 32 MiB of section, every page
 * written through A's view, then read back through B's. */
#define BIG_PAGES 8192

static ULONG big_value(ULONG Page)
{
    return Page * 0x9E3779B1UL ^ PATTERN;
}

KTEST_EXTERNAL(paging_section_larger_than_memory_between_two_processes)
{
    static KT_VIEWS Views;
    MI_SECTION_PAGE_COUNTS Before = MiSectionPages;
    ULONG Page, Wrong = 0, MostOut = 0;
    PULONG View;
    KT_CLEANUP_SECTION;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    KT_ASSERT_EQ(make_views(&Views, BIG_PAGES), STATUS_SUCCESS);
    KtAttachProcess(&Views.A);
    View = Views.ViewA;
    for (Page = 0; Page < BIG_PAGES; Page++) {
        View[Page * (PAGE_SIZE / sizeof(ULONG))] = big_value(Page);
        View[Page * (PAGE_SIZE / sizeof(ULONG)) + 1023] = ~big_value(Page);
        if (MiSectionPages.PagedOut > MostOut)
            MostOut = MiSectionPages.PagedOut;
        if (Page % 1024 == 1023)
            KT_ASSERT_EQ(MiCheckPagingState(), 0);
    }
    KeUnstackDetachProcess(&Views.A.Apc);
    Views.A.Attached = FALSE;
    DbgPrint("paging_section: %lu pages written, at most %lu in the page "
             "file at once\n",
             BIG_PAGES, MostOut);
    KT_ASSERT(MostOut > 0);
    KtAttachProcess(&Views.B);
    View = Views.ViewB;
    for (Page = 0; Page < BIG_PAGES; Page++) {
        Wrong += View[Page * (PAGE_SIZE / sizeof(ULONG))] != big_value(Page);
        Wrong +=
            View[Page * (PAGE_SIZE / sizeof(ULONG)) + 1023] != ~big_value(Page);
        if (Page % 1024 == 1023)
            KT_ASSERT_EQ(MiCheckPagingState(), 0);
    }
    KeUnstackDetachProcess(&Views.B.Apc);
    Views.B.Attached = FALSE;
    KT_ASSERT_EQ(Wrong, 0);
    KT_ASSERT(MiSectionPages.PagedOut > 0);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
    KT_CLEANUP;
    delete_views(&Views);
    KT_ASSERT(KtWaitForWriter());
    /* Its slots and frames went with it (paged pool and the kernel's PAGE
     * may hold slots now: the checker accounts for every one). */
    KT_ASSERT_EQ(MiSectionPages.Resident, Before.Resident);
    KT_ASSERT_EQ(MiSectionPages.Trimmed, Before.Trimmed);
    KT_ASSERT_EQ(MiSectionPages.PagedOut, Before.PagedOut);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
}

/* A view's page trimmed (its PTE pointing at the section) touched at
 * DISPATCH_LEVEL: IRQL_NOT_LESS_OR_EQUAL, as for a private page, and
 * never a read of the page file there. */
KTEST_CRASH(crash_trimmed_view_page_touched_at_dispatch_level)
{
    static KT_VIEWS Views;

    if (!NT_SUCCESS(make_views(&Views, 1)))
        return;
    KtAttachProcess(&Views.A);
    *(volatile ULONG *)Views.ViewA = PATTERN;
    KtTrimUserPages();
    KfRaiseIrql(DISPATCH_LEVEL);
    (void)*(volatile ULONG *)Views.ViewA;
}
