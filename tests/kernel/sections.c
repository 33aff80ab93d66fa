/*
 * Sections: views of one page-file section in two processes see each
 * other's writes; a write-copy view gets its own copy; protections,
 * alignment and sizes are checked as NT checks them; SEC_RESERVE pages
 * appear when a view commits them; everything goes back at the end.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/paging.h"
#include "kernel/seh.h"
#include "tests/kernel/kt_ring3.h"
#include "tests/kernel/kt_user.h"

static NTSTATUS map(HANDLE Section, HANDLE Process, PVOID *Base, SIZE_T *Size,
                    ULONG Offset, ULONG Protect)
{
    LARGE_INTEGER SectionOffset = {.QuadPart = Offset};

    *Base = NULL;
    *Size = 0;
    return ZwMapViewOfSection(Section, Process, Base, 0, 0, &SectionOffset,
                              Size, ViewShare, 0, Protect);
}

static HANDLE open_process(PEPROCESS Process)
{
    HANDLE Handle = NULL;

    ObOpenObjectByPointer(Process, OBJ_KERNEL_HANDLE, NULL, PROCESS_ALL_ACCESS,
                          *PsProcessType, KernelMode, &Handle);
    return Handle;
}

KTEST(section_views_share_pages_between_processes)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    LARGE_INTEGER Size = {.QuadPart = 3 * PAGE_SIZE};
    LARGE_INTEGER Small = {.QuadPart = 2 * PAGE_SIZE};
    PEPROCESS A = NULL, B = NULL;
    HANDLE Section = NULL, Opened = NULL, ReadOnly = NULL, Reserved = NULL,
           HA = NULL, HB = NULL;
    PVOID ViewA = NULL, ViewB = NULL, CopyB = NULL, ReservedA = NULL,
          ReservedB = NULL, Base;
    SIZE_T ViewSize, Length;
    MEMORY_BASIC_INFORMATION Info;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    ULONG Value;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-sec-a", &A), STATUS_SUCCESS);
    KT_ASSERT_EQ(PspCreateProcess("kt-sec-b", &B), STATUS_SUCCESS);
    HA = open_process(A);
    HB = open_process(B);
    KT_ASSERT(HA != NULL && HB != NULL);
    RtlInitUnicodeString(&Name, u"\\BaseNamedObjects\\KtSection");
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwCreateSection(&Section, SECTION_ALL_ACCESS, &Attributes,
                                 &Size, PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_SUCCESS);
    /* Named: another opener finds the same section. */
    KT_ASSERT_EQ(ZwOpenSection(&Opened, SECTION_MAP_READ, &Attributes),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(map(Section, HA, &ViewA, &ViewSize, 0, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ViewSize, 3 * PAGE_SIZE);
    KT_ASSERT(((ULONG_PTR)ViewA & 0xFFFF) == 0);
    KT_ASSERT_EQ(map(Opened, HB, &ViewB, &ViewSize, 0, PAGE_READONLY),
                 STATUS_SUCCESS);
    /* A writes, B reads it; B's view is read-only. */
    Value = 0x5EC7104;
    KT_ASSERT_EQ(
        KtAccessInProcess(A, (ULONG_PTR)ViewA + PAGE_SIZE, TRUE, &Value),
        STATUS_SUCCESS);
    Value = 0;
    KT_ASSERT_EQ(
        KtAccessInProcess(B, (ULONG_PTR)ViewB + PAGE_SIZE, FALSE, &Value),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x5EC7104UL);
    KT_ASSERT_EQ(KtAccessInProcess(B, (ULONG_PTR)ViewB, TRUE, &Value),
                 STATUS_ACCESS_VIOLATION);
    /* A write-copy view: B's write stays B's. */
    KT_ASSERT_EQ(map(Section, HB, &CopyB, &ViewSize, 0, PAGE_WRITECOPY),
                 STATUS_SUCCESS);
    Value = 0xC0B1;
    KT_ASSERT_EQ(
        KtAccessInProcess(B, (ULONG_PTR)CopyB + PAGE_SIZE, TRUE, &Value),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(
        KtAccessInProcess(A, (ULONG_PTR)ViewA + PAGE_SIZE, FALSE, &Value),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x5EC7104UL);
    /* What the query says of a view. */
    KT_ASSERT_EQ(ZwQueryVirtualMemory(HA, ViewA, MemoryBasicInformation, &Info,
                                      sizeof(Info), NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Info.Type, MEM_MAPPED);
    KT_ASSERT_EQ(Info.State, MEM_COMMIT);
    KT_ASSERT_EQ(Info.Protect, PAGE_READWRITE);
    KT_ASSERT_EQ(Info.RegionSize, 3 * PAGE_SIZE);
    KT_ASSERT(Info.AllocationBase == ViewA);
    /* NtFreeVirtualMemory is not how views go. */
    Base = ViewA;
    Length = 0;
    KT_ASSERT_EQ(ZwFreeVirtualMemory(HA, &Base, &Length, MEM_RELEASE),
                 STATUS_UNABLE_TO_DELETE_SECTION);
    /* NT's argument checks. */
    KT_ASSERT_EQ(map(Section, HA, &Base, &Length, PAGE_SIZE, PAGE_READWRITE),
                 STATUS_MAPPED_ALIGNMENT);
    Length = 4 * PAGE_SIZE;
    Base = NULL;
    KT_ASSERT_EQ(ZwMapViewOfSection(Section, HA, &Base, 0, 0, NULL, &Length,
                                    ViewShare, 0, PAGE_READWRITE),
                 STATUS_INVALID_VIEW_SIZE);
    KT_ASSERT_EQ(ZwCreateSection(&ReadOnly, SECTION_ALL_ACCESS, NULL, &Small,
                                 PAGE_READONLY, SEC_COMMIT, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(map(ReadOnly, HA, &Base, &Length, 0, PAGE_READWRITE),
                 STATUS_SECTION_PROTECTION);
    KT_ASSERT_EQ(ZwCreateSection(&Base, SECTION_ALL_ACCESS, NULL, NULL,
                                 PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_INVALID_PARAMETER_4);
    /* SEC_RESERVE: nothing until a view commits it, then every view. */
    KT_ASSERT_EQ(ZwCreateSection(&Reserved, SECTION_ALL_ACCESS, NULL, &Small,
                                 PAGE_READWRITE, SEC_RESERVE, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(map(Reserved, HA, &ReservedA, &ViewSize, 0, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(map(Reserved, HB, &ReservedB, &ViewSize, 0, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtAccessInProcess(A, (ULONG_PTR)ReservedA, FALSE, &Value),
                 STATUS_ACCESS_VIOLATION);
    Base = ReservedA;
    Length = PAGE_SIZE;
    KT_ASSERT_EQ(ZwAllocateVirtualMemory(HA, &Base, 0, &Length, MEM_COMMIT,
                                         PAGE_READWRITE),
                 STATUS_SUCCESS);
    Value = 0x7E5E;
    KT_ASSERT_EQ(KtAccessInProcess(A, (ULONG_PTR)ReservedA, TRUE, &Value),
                 STATUS_SUCCESS);
    Value = 0;
    KT_ASSERT_EQ(KtAccessInProcess(B, (ULONG_PTR)ReservedB, FALSE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x7E5EUL);
    KT_ASSERT_EQ(
        KtAccessInProcess(B, (ULONG_PTR)ReservedB + PAGE_SIZE, FALSE, &Value),
        STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(ZwUnmapViewOfSection(HA, ViewA), STATUS_SUCCESS);
    ViewA = NULL;
    KT_ASSERT_EQ(ZwUnmapViewOfSection(HA, ViewA), STATUS_NOT_MAPPED_VIEW);
    KT_CLEANUP;
    /* Views left mapped go with their processes. */
    if (ViewA != NULL)
        ZwUnmapViewOfSection(HA, ViewA);
    if (ReadOnly != NULL)
        ZwClose(ReadOnly);
    if (Reserved != NULL)
        ZwClose(Reserved);
    if (Opened != NULL)
        ZwClose(Opened);
    if (Section != NULL)
        ZwClose(Section);
    if (HA != NULL)
        ZwClose(HA);
    if (HB != NULL)
        ZwClose(HB);
    if (A != NULL)
        ObDereferenceObject(A);
    if (B != NULL)
        ObDereferenceObject(B);
    UNREFERENCED_PARAMETER(ReservedB);
    UNREFERENCED_PARAMETER(CopyB);
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}

static NTSTATUS map_commit(HANDLE Section, HANDLE Process, PVOID *Base,
                           SIZE_T *Size, ULONG Offset, SIZE_T CommitSize)
{
    LARGE_INTEGER SectionOffset = {.QuadPart = (LONG)Offset};

    *Base = NULL;
    return ZwMapViewOfSection(Section, Process, Base, 0, CommitSize,
                              &SectionOffset, Size, ViewShare, 0,
                              PAGE_READWRITE);
}

/* Every field of what a query of Address in Process answers. */
static BOOLEAN query_is(HANDLE Process, ULONG_PTR Address, ULONG_PTR Base,
                        ULONG_PTR AllocationBase, SIZE_T Size, ULONG State,
                        ULONG Protect)
{
    MEMORY_BASIC_INFORMATION Info;

    if (ZwQueryVirtualMemory(Process, (PVOID)Address, MemoryBasicInformation,
                             &Info, sizeof(Info), NULL) != STATUS_SUCCESS)
        return FALSE;
    return (ULONG_PTR)Info.BaseAddress == Base &&
           (ULONG_PTR)Info.AllocationBase == AllocationBase &&
           Info.AllocationProtect == PAGE_READWRITE &&
           Info.RegionSize == Size && Info.State == State &&
           Info.Protect == Protect && Info.Type == MEM_MAPPED;
}

/* NtMapViewOfSection's CommitSize commits a SEC_RESERVE section's pages
 * from the view's start, and every view then reports and reaches them;
 * a query reports a run of like pages as one region whether this view
 * has touched them or another view committed them. */
KTEST(section_reserve_commit_size_and_query_runs)
{
    LARGE_INTEGER Size = {.QuadPart = 8 * PAGE_SIZE};
    PEPROCESS A = NULL, B = NULL;
    HANDLE Section = NULL, HA = NULL, HB = NULL;
    PVOID ViewA = NULL, ViewB = NULL, Base;
    SIZE_T ViewSize, Length;
    ULONG_PTR VA, VB;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    ULONG Value = 0;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-cs-a", &A), STATUS_SUCCESS);
    KT_ASSERT_EQ(PspCreateProcess("kt-cs-b", &B), STATUS_SUCCESS);
    HA = open_process(A);
    HB = open_process(B);
    KT_ASSERT(HA != NULL && HB != NULL);
    KT_ASSERT_EQ(ZwCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size,
                                 PAGE_READWRITE, SEC_RESERVE, NULL),
                 STATUS_SUCCESS);
    /* More to commit than the view holds. */
    ViewSize = 2 * PAGE_SIZE;
    KT_ASSERT_EQ(map_commit(Section, HA, &Base, &ViewSize, 0, 3 * PAGE_SIZE),
                 STATUS_INVALID_PARAMETER_5);
    /* 0x3001 bytes: four pages, rounded up. */
    ViewSize = 0;
    KT_ASSERT_EQ(map_commit(Section, HA, &ViewA, &ViewSize, 0, 0x3001),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ViewSize, 8 * PAGE_SIZE);
    VA = (ULONG_PTR)ViewA;
    KT_ASSERT(query_is(HA, VA, VA, VA, 0x4000, MEM_COMMIT, PAGE_READWRITE));
    KT_ASSERT(
        query_is(HA, VA + 0x4000, VA + 0x4000, VA, 0x4000, MEM_RESERVE, 0));
    /* B's view: committed in the section, untouched by B, one run. */
    ViewSize = 0;
    KT_ASSERT_EQ(map_commit(Section, HB, &ViewB, &ViewSize, 0, 0),
                 STATUS_SUCCESS);
    VB = (ULONG_PTR)ViewB;
    KT_ASSERT(query_is(HB, VB, VB, VB, 0x4000, MEM_COMMIT, PAGE_READWRITE));
    KT_ASSERT(query_is(HB, VB + 0x2000, VB + 0x2000, VB, 0x2000, MEM_COMMIT,
                       PAGE_READWRITE));
    /* A page B touched and pages it did not: still one run. */
    Value = 0xB1;
    KT_ASSERT_EQ(KtAccessInProcess(B, VB + 0x1000, TRUE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT(query_is(HB, VB, VB, VB, 0x4000, MEM_COMMIT, PAGE_READWRITE));
    Value = 0;
    KT_ASSERT_EQ(KtAccessInProcess(A, VA + 0x1000, FALSE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0xB1UL);
    KT_ASSERT_EQ(KtAccessInProcess(B, VB + 0x3000, FALSE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtAccessInProcess(B, VB + 0x4000, FALSE, &Value),
                 STATUS_ACCESS_VIOLATION);
    /* Two more pages committed through A's VirtualAlloc: B sees a run of
     * two between runs of one. */
    Base = (PVOID)(VA + 0x5000);
    Length = 0x2000;
    KT_ASSERT_EQ(ZwAllocateVirtualMemory(HA, &Base, 0, &Length, MEM_COMMIT,
                                         PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT(
        query_is(HB, VB + 0x4000, VB + 0x4000, VB, 0x1000, MEM_RESERVE, 0));
    KT_ASSERT(query_is(HB, VB + 0x5000, VB + 0x5000, VB, 0x2000, MEM_COMMIT,
                       PAGE_READWRITE));
    KT_ASSERT(
        query_is(HB, VB + 0x7000, VB + 0x7000, VB, 0x1000, MEM_RESERVE, 0));
    /* NtFreeVirtualMemory: a range past the view's end is refused for
     * that before the view is refused for being a view (freevm.c). */
    Base = ViewB;
    Length = 9 * PAGE_SIZE;
    KT_ASSERT_EQ(ZwFreeVirtualMemory(HB, &Base, &Length, MEM_RELEASE),
                 STATUS_UNABLE_TO_FREE_VM);
    Length = 9 * PAGE_SIZE;
    KT_ASSERT_EQ(ZwFreeVirtualMemory(HB, &Base, &Length, MEM_DECOMMIT),
                 STATUS_UNABLE_TO_FREE_VM);
    Length = PAGE_SIZE;
    KT_ASSERT_EQ(ZwFreeVirtualMemory(HB, &Base, &Length, MEM_DECOMMIT),
                 STATUS_UNABLE_TO_DELETE_SECTION);
    KT_CLEANUP;
    if (ViewA != NULL)
        ZwUnmapViewOfSection(HA, ViewA);
    if (ViewB != NULL)
        ZwUnmapViewOfSection(HB, ViewB);
    if (Section != NULL)
        ZwClose(Section);
    if (HA != NULL)
        ZwClose(HA);
    if (HB != NULL)
        ZwClose(HB);
    if (A != NULL)
        ObDereferenceObject(A);
    if (B != NULL)
        ObDereferenceObject(B);
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}

/* A page-file section's committed pages are charged against the commit
 * limit as NT charges them: a SEC_COMMIT section's all at creation, a
 * SEC_RESERVE section's as its views commit them; deletion returns the
 * charge, and a section past the limit is refused at creation. */
KTEST(section_pages_are_charged_against_the_commit_limit)
{
    LARGE_INTEGER Size = {.QuadPart = 64 * PAGE_SIZE};
    HANDLE Committed = NULL, Reserved = NULL, Process = NULL, Huge = NULL;
    PVOID View = NULL;
    SIZE_T ViewSize = 0;
    ULONG Before = MmTotalCommittedPages, Available;
    PEPROCESS A = NULL;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(ZwCreateSection(&Committed, SECTION_ALL_ACCESS, NULL, &Size,
                                 PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(MmTotalCommittedPages - Before, 64UL);
    KT_ASSERT_EQ(ZwCreateSection(&Reserved, SECTION_ALL_ACCESS, NULL, &Size,
                                 PAGE_READWRITE, SEC_RESERVE, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(MmTotalCommittedPages - Before, 64UL);
    KT_ASSERT_EQ(PspCreateProcess("kt-charge", &A), STATUS_SUCCESS);
    Process = open_process(A);
    KT_ASSERT(Process != NULL);
    KT_ASSERT_EQ(
        map_commit(Reserved, Process, &View, &ViewSize, 0, 3 * PAGE_SIZE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(MmTotalCommittedPages - Before, 67UL);
    ZwClose(Committed);
    Committed = NULL;
    KT_ASSERT_EQ(MmTotalCommittedPages - Before, 3UL);
    /* Past what is left of the limit: refused, nothing charged. */
    Available = MmTotalCommitLimit - MmTotalCommittedPages;
    if (Available < (256UL << 20) / PAGE_SIZE) {
        Size.QuadPart = (LONGLONG)(Available + 1) * PAGE_SIZE;
        KT_ASSERT_EQ(ZwCreateSection(&Huge, SECTION_ALL_ACCESS, NULL, &Size,
                                     PAGE_READWRITE, SEC_COMMIT, NULL),
                     STATUS_COMMITMENT_LIMIT);
        KT_ASSERT_EQ(MmTotalCommittedPages - Before, 3UL);
    }
    KT_CLEANUP;
    if (Huge != NULL)
        ZwClose(Huge);
    if (View != NULL)
        ZwUnmapViewOfSection(Process, View);
    if (Reserved != NULL)
        ZwClose(Reserved);
    if (Committed != NULL)
        ZwClose(Committed);
    if (Process != NULL)
        ZwClose(Process);
    if (A != NULL)
        ObDereferenceObject(A);
    KT_ASSERT_EQ(MmTotalCommittedPages, Before);
}

/* NT's view-size rule (mapview.c): offset plus size may reach the
 * section's size itself, not the end of its last page; ViewSize 0 maps
 * from the offset to the end; an offset at or past the end maps nothing. */
KTEST(section_view_size_against_section_size)
{
    LARGE_INTEGER Odd = {.QuadPart = 0x2800}, Big = {.QuadPart = 0x18000};
    PEPROCESS P = NULL;
    HANDLE Small = NULL, Large = NULL, HP = NULL;
    PVOID Base = NULL;
    SIZE_T ViewSize;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-vsize", &P), STATUS_SUCCESS);
    HP = open_process(P);
    KT_ASSERT(HP != NULL);
    KT_ASSERT_EQ(ZwCreateSection(&Small, SECTION_ALL_ACCESS, NULL, &Odd,
                                 PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwCreateSection(&Large, SECTION_ALL_ACCESS, NULL, &Big,
                                 PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_SUCCESS);
    /* The section's last page holds 0x800 bytes of it: no more. */
    ViewSize = 0x3000;
    KT_ASSERT_EQ(map_commit(Small, HP, &Base, &ViewSize, 0, 0),
                 STATUS_INVALID_VIEW_SIZE);
    ViewSize = 0x2801;
    KT_ASSERT_EQ(map_commit(Small, HP, &Base, &ViewSize, 0, 0),
                 STATUS_INVALID_VIEW_SIZE);
    ViewSize = 0x2800;
    KT_ASSERT_EQ(map_commit(Small, HP, &Base, &ViewSize, 0, 0), STATUS_SUCCESS);
    KT_ASSERT_EQ(ViewSize, 0x3000);
    KT_ASSERT_EQ(ZwUnmapViewOfSection(HP, Base), STATUS_SUCCESS);
    ViewSize = 0;
    KT_ASSERT_EQ(map_commit(Small, HP, &Base, &ViewSize, 0, 0), STATUS_SUCCESS);
    KT_ASSERT_EQ(ViewSize, 0x3000);
    KT_ASSERT_EQ(ZwUnmapViewOfSection(HP, Base), STATUS_SUCCESS);
    /* From an offset: to the end, no further. */
    ViewSize = 0;
    KT_ASSERT_EQ(map_commit(Large, HP, &Base, &ViewSize, 0x10000, 0),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ViewSize, 0x8000);
    KT_ASSERT_EQ(ZwUnmapViewOfSection(HP, Base), STATUS_SUCCESS);
    ViewSize = 0x8001;
    KT_ASSERT_EQ(map_commit(Large, HP, &Base, &ViewSize, 0x10000, 0),
                 STATUS_INVALID_VIEW_SIZE);
    ViewSize = 0;
    KT_ASSERT_EQ(map_commit(Large, HP, &Base, &ViewSize, 0x20000, 0),
                 STATUS_INVALID_VIEW_SIZE);
    ViewSize = 0x1000;
    KT_ASSERT_EQ(map_commit(Large, HP, &Base, &ViewSize, 0xFFFF0000UL, 0),
                 STATUS_INVALID_VIEW_SIZE); /* a negative offset */
    /* A base and size past the highest VAD address: the base's fault. */
    Base = (PVOID)0x7FFD0000;
    ViewSize = 0x20000;
    KT_ASSERT_EQ(ZwMapViewOfSection(Large, HP, &Base, 0, 0, NULL, &ViewSize,
                                    ViewShare, 0, PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER_3);
    Base = NULL;
    KT_CLEANUP;
    if (Small != NULL)
        ZwClose(Small);
    if (Large != NULL)
        ZwClose(Large);
    if (HP != NULL)
        ZwClose(HP);
    if (P != NULL)
        ObDereferenceObject(P);
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
