/*
 * Virtual memory in the running kernel: mappings through the self-map,
 * protections, the INIT section, address spaces, demand zero, system PTEs
 * and MmMapIoSpace, hyperspace over high memory. Faults are caught with
 * the kernel's try/except; every test gives back what it took.
 */
#include "kernel/ktest.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/process.h"
#include "kernel/sections.h"
#include "kernel/seh.h"
#include "kernel/x86.h"

ULONG KtInitProbeRuns;

/* Lives in INIT: called during boot, gone once the kernel has started. */
ALLOC_TEXT(INIT) ULONG KtInitProbe(VOID)
{
    return 0x1217;
}

ALLOC_TEXT(INIT) VOID KtInitializeProbe(VOID)
{
    if (KtInitProbe() == 0x1217)
        KtInitProbeRuns++;
}

static EXCEPTION_RECORD caught;

/* Reads (Write FALSE) or writes a ULONG at Address inside a try block;
 * the exception code, or STATUS_SUCCESS. */
static NTSTATUS touch(PVOID Address, BOOLEAN Write, ULONG *Value)
{
    volatile NTSTATUS Code = STATUS_SUCCESS;
    volatile ULONG *Target = (volatile ULONG *)Address;

    RtlZeroMemory(&caught, sizeof(caught));
    SEH_TRY
    {
        if (Write)
            *Target = *Value;
        else
            *Value = *Target;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
        RtlCopyMemory(&caught, GetExceptionRecord(), sizeof(caught));
    }
    SEH_END;
    return Code;
}

static NTSTATUS call(ULONG (*Routine)(VOID), ULONG *Result)
{
    volatile NTSTATUS Code = STATUS_SUCCESS;

    RtlZeroMemory(&caught, sizeof(caught));
    SEH_TRY
    {
        *Result = Routine();
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
        RtlCopyMemory(&caught, GetExceptionRecord(), sizeof(caught));
    }
    SEH_END;
    return Code;
}

static PVOID direct(PFN_NUMBER Frame)
{
    return (PVOID)KI_PHYSICAL_TO_VIRTUAL(Frame << PAGE_SHIFT);
}

static PFN_NUMBER free_frames(VOID)
{
    MI_BUDDY_STATISTICS Statistics;

    MiBuddyQuery(&MiBuddy, &Statistics);
    return Statistics.TotalFree + MiZeroedList.Total;
}

KTEST(vm_self_map_is_the_directory)
{
    ULONG Cr3 = read_cr3();

    KT_ASSERT_EQ(Cr3, PsGetCurrentProcess()->Pcb.DirectoryTableBase);
    /* PDE 0x300 holds the directory's own frame, so the PDE of PDE_BASE
     * names it too. */
    KT_ASSERT_EQ(*MiGetPdeAddress((PVOID)PTE_BASE) & MI_PTE_FRAME_MASK, Cr3);
    KT_ASSERT_EQ(*MiGetPteAddress((PVOID)PDE_BASE) & MI_PTE_FRAME_MASK, Cr3);
    /* The kernel's own text, walked by hand, is where the direct map says. */
    KT_ASSERT_EQ(MiReadPte(__text_start) & MI_PTE_FRAME_MASK,
                 KI_VIRTUAL_TO_PHYSICAL(__text_start) & MI_PTE_FRAME_MASK);
    KT_ASSERT_EQ(MmGetPhysicalAddress(__text_start + 5).QuadPart,
                 KI_VIRTUAL_TO_PHYSICAL(__text_start + 5));
}

/* A system PTE run's pages unmapped (their frames are not freed), then
 * the run given back: a test's cleanup, whatever it had mapped. */
static VOID release_run(PUCHAR Run, ULONG PageCount)
{
    ULONG Page;

    if (Run == NULL)
        return;
    for (Page = 0; Page < PageCount; Page++)
        MiUnmapPage(Run + Page * PAGE_SIZE);
    MiReleaseSystemPtes(Run, PageCount);
}

static VOID free_frame(PFN_NUMBER Frame, ULONG Order)
{
    if (Frame != MI_NO_PAGE)
        MiFreePages(Frame, Order);
}

KTEST(vm_map_write_read_through_self_map_and_direct_map)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW), Mapped;
    PUCHAR Va = MiReserveSystemPtes(1);
    ULONG Value = 0x5A5AC3C3, Protection;

    KT_ASSERT(Frame != MI_NO_PAGE && Va != NULL);
    KT_ASSERT(!MmIsAddressValid(Va));
    KT_ASSERT_EQ(MiMapPage(Va, Frame, PAGE_READWRITE), STATUS_SUCCESS);
    KT_ASSERT_EQ(MiMapPage(Va, Frame, PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    RtlFillMemory(Va, PAGE_SIZE, 0xA7);
    KT_ASSERT_EQ(touch(Va + 8, TRUE, &Value), STATUS_SUCCESS);
    /* The PTE through the self-map: the frame, valid, writable, global
     * when the CPU has PGE. */
    KT_ASSERT_EQ(*MiGetPteAddress(Va), (Frame << PAGE_SHIFT) | MI_PTE_VALID |
                                           MI_PTE_WRITE | MiGlobalPteBit |
                                           MI_PTE_ACCESSED | MI_PTE_DIRTY);
    KT_ASSERT(MiQueryPage(Va, &Mapped, &Protection));
    KT_ASSERT_EQ(Mapped, Frame);
    KT_ASSERT_EQ(Protection, PAGE_READWRITE);
    KT_ASSERT_EQ(MmGetPhysicalAddress(Va + 8).QuadPart,
                 (Frame << PAGE_SHIFT) + 8);
    /* The same bytes through the direct map. */
    KT_ASSERT(RtlCompareMemory(direct(Frame), Va, PAGE_SIZE) == PAGE_SIZE);
    KT_ASSERT_EQ(*(PULONG)((PUCHAR)direct(Frame) + 8), 0x5A5AC3C3);

    KT_ASSERT_EQ(MiUnmapPage(Va), Frame);
    KT_ASSERT(!MmIsAddressValid(Va));
    KT_ASSERT_EQ(MmGetPhysicalAddress(Va).QuadPart, 0);
    KT_ASSERT_EQ(touch(Va, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[0], 0); /* a read */
    KT_ASSERT_EQ(caught.ExceptionInformation[1], (ULONG_PTR)Va);
    KT_ASSERT_EQ(MiUnmapPage(Va), MI_NO_PAGE);
    KT_CLEANUP;
    release_run(Va, 1);
    free_frame(Frame, 0);
}

KTEST(vm_protection_change_is_enforced_in_ring_0)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW), Mapped;
    PUCHAR Va = MiReserveSystemPtes(1);
    ULONG Value = 7, Protection;

    KT_ASSERT(Frame != MI_NO_PAGE && Va != NULL);
    KT_ASSERT_EQ(MiMapPage(Va, Frame, PAGE_READWRITE), STATUS_SUCCESS);
    KT_ASSERT_EQ(touch(Va, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(MiProtectPage(Va, PAGE_READONLY), STATUS_SUCCESS);
    KT_ASSERT(MiQueryPage(Va, &Mapped, &Protection));
    KT_ASSERT_EQ(Protection, PAGE_READONLY);
    Value = 8;
    KT_ASSERT_EQ(touch(Va, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[0], 1); /* a write */
    KT_ASSERT_EQ(touch(Va, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 7);
    KT_ASSERT_EQ(MiProtectPage(Va, PAGE_NOACCESS),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(MiProtectPage(Va + PAGE_SIZE, PAGE_READONLY),
                 STATUS_NOT_MAPPED_VIEW);
    KT_ASSERT_EQ(MiUnmapPage(Va), Frame);
    KT_CLEANUP;
    release_run(Va, 1);
    free_frame(Frame, 0);
}

KTEST(vm_guards_refuse_mappings)
{
    static const ULONG Guarded[] = {0, 0xF000, 0x7FFF0000, 0x7FFFF000,
                                    PDE_BASE};
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW);
    NTSTATUS Status;
    ULONG Index;

    KT_ASSERT(Frame != MI_NO_PAGE);
    for (Index = 0; Index < ARRAYSIZE(Guarded); Index++) {
        Status = MiMapPage((PVOID)Guarded[Index], Frame, PAGE_READWRITE);
        if (NT_SUCCESS(Status)) /* undone before the frame goes back */
            MiUnmapPage((PVOID)Guarded[Index]);
        KT_ASSERT_MSG(Status == STATUS_INVALID_PARAMETER,
                      "mapping at %08lx: status %08lx", Guarded[Index],
                      (ULONG)Status);
    }
    KT_CLEANUP;
    free_frame(Frame, 0);
}

static VOID write_text(VOID) {}

KTEST(vm_kernel_text_and_rodata_are_read_only)
{
    static const ULONG constant = 0x600DF00D;
    ULONG Value = 0xCC;

    KT_ASSERT_EQ(touch((PVOID)write_text, TRUE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[0], 1);
    KT_ASSERT_EQ(caught.ExceptionInformation[1], (ULONG_PTR)write_text);
    KT_ASSERT_EQ(touch((PVOID)&constant, TRUE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(constant, 0x600DF00D);
    KT_ASSERT(read_cr0() & CR0_WP);
    /* Data stays writable. */
    KT_ASSERT_EQ(touch(&caught.NumberParameters, TRUE, &Value), STATUS_SUCCESS);
}

KTEST(vm_init_section_is_gone_after_boot)
{
    PFN_NUMBER First = (ULONG)__init_physical_start >> PAGE_SHIFT;
    ULONG Result = 0;

    KT_ASSERT_EQ(KtInitProbeRuns, 1); /* it did run, from INIT */
    KT_ASSERT((ULONG)KtInitProbe >= (ULONG)__init_start &&
              (ULONG)KtInitProbe < (ULONG)__init_text_end);
    KT_ASSERT(!MmIsAddressValid(__init_start));
    KT_ASSERT(!MmIsAddressValid((PVOID)KtInitProbe));
    KT_ASSERT_EQ(call(KtInitProbe, &Result), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[0], 8); /* execute */
    KT_ASSERT_EQ(caught.ExceptionInformation[1], (ULONG_PTR)KtInitProbe);
    KT_ASSERT_EQ(Result, 0);
    /* Its frames went back to the page allocator. */
    KT_ASSERT(MiGetPfnEntry(First)->State != MiPfnReserved);
}

/* Maps Frame at Va in the current space as a page it owns (freed with
 * the space). */
static NTSTATUS map_owned(ULONG Va, PFN_NUMBER Frame)
{
    NTSTATUS Status = MiMapPage((PVOID)Va, Frame, PAGE_READWRITE);

    if (NT_SUCCESS(Status))
        MiGetPfnEntry(Frame)->Usage = MiUsageProcess;
    return Status;
}

/* A test's address space, made, attached to, detached from and deleted
 * through these so that its cleanup knows which of them happened. */
typedef struct _KT_SPACE {
    EPROCESS Process;
    KAPC_STATE Apc;
    BOOLEAN Created;
    BOOLEAN Attached;
} KT_SPACE;

static NTSTATUS create_space(KT_SPACE *Space)
{
    NTSTATUS Status = MmCreateProcessAddressSpace(&Space->Process);

    Space->Created = NT_SUCCESS(Status);
    Space->Attached = FALSE;
    return Status;
}

static VOID attach(KT_SPACE *Space)
{
    KeStackAttachProcess(&Space->Process.Pcb, &Space->Apc);
    Space->Attached = TRUE;
}

static VOID detach(KT_SPACE *Space)
{
    if (Space->Attached)
        KeUnstackDetachProcess(&Space->Apc);
    Space->Attached = FALSE;
}

/* Back in the system's space, the space deleted with what it owns. */
static VOID release_space(KT_SPACE *Space)
{
    detach(Space);
    if (Space->Created)
        MmDeleteProcessAddressSpace(&Space->Process);
    Space->Created = FALSE;
}

KTEST(vm_two_spaces_see_their_own_user_pages)
{
    static KT_SPACE A, B;
    KT_CLEANUP_SECTION;
    /* Frames the test holds; MI_NO_PAGE while a space owns them. */
    PFN_NUMBER FrameA = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    PFN_NUMBER FrameB = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    PFN_NUMBER MappedA = FrameA, HeldA = FrameA, HeldB = FrameB;
    volatile PULONG User = (PULONG)0x00400000;
    PFN_NUMBER Before =
        free_frames() + (FrameA != MI_NO_PAGE) + (FrameB != MI_NO_PAGE);
    ULONG Index;

    A.Created = B.Created = FALSE;
    KT_ASSERT(FrameA != MI_NO_PAGE && FrameB != MI_NO_PAGE);
    KT_ASSERT_EQ(create_space(&A), STATUS_SUCCESS);
    KT_ASSERT_EQ(create_space(&B), STATUS_SUCCESS);

    attach(&A);
    KT_ASSERT_EQ(read_cr3(), A.Process.Pcb.DirectoryTableBase);
    KT_ASSERT_EQ(map_owned((ULONG)User, FrameA), STATUS_SUCCESS);
    HeldA = MI_NO_PAGE;
    *User = 0xAAAA;
    detach(&A);
    KT_ASSERT(!MmIsAddressValid((PVOID)User)); /* not in the system's */

    attach(&B);
    KT_ASSERT(!MmIsAddressValid((PVOID)User));
    KT_ASSERT_EQ(map_owned((ULONG)User, FrameB), STATUS_SUCCESS);
    HeldB = MI_NO_PAGE;
    *User = 0xBBBB;
    detach(&B);

    attach(&A);
    KT_ASSERT_EQ(*User, 0xAAAA);
    KT_ASSERT_EQ(MmGetPhysicalAddress((PVOID)User).QuadPart,
                 (ULONGLONG)FrameA << PAGE_SHIFT);
    /* The table's only page goes: the table goes back too, and returns
     * when a page is mapped again. */
    KT_ASSERT(*MiGetPdeAddress((PVOID)User) & MI_PTE_VALID);
    MappedA = MiUnmapPage((PVOID)User);
    if (MappedA == FrameA)
        HeldA = FrameA;
    KT_ASSERT_EQ(MappedA, FrameA);
    KT_ASSERT(!(*MiGetPdeAddress((PVOID)User) & MI_PTE_VALID));
    KT_ASSERT_EQ(map_owned((ULONG)User, FrameA), STATUS_SUCCESS);
    HeldA = MI_NO_PAGE;
    KT_ASSERT_EQ(*User, 0xAAAA);
    detach(&A);
    KT_ASSERT_EQ(read_cr3(), PsInitialSystemProcess->Pcb.DirectoryTableBase);

    /* The kernel half is the same in every directory (PDE 0x300 is each
     * one's own self-map). */
    for (Index = 0x200; Index < MI_PTES_PER_TABLE; Index++) {
        if (Index == MI_SELF_MAP_PDE_INDEX)
            continue;
        KT_ASSERT_MSG(
            A.Process.PageDirectory[Index] == KiEarlyPageDirectory[Index] &&
                B.Process.PageDirectory[Index] == KiEarlyPageDirectory[Index],
            "PDE %lx differs", Index);
    }
    KT_ASSERT_EQ(A.Process.PageDirectory[MI_SELF_MAP_PDE_INDEX] &
                     MI_PTE_FRAME_MASK,
                 A.Process.Pcb.DirectoryTableBase);
    KT_CLEANUP;
    release_space(&A);
    release_space(&B);
    free_frame(HeldA, 0);
    free_frame(HeldB, 0);
    KT_ASSERT_EQ(free_frames(), Before);
}

KTEST(vm_kernel_mapping_made_later_shows_in_every_space)
{
    static KT_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW);
    /* More than a table's worth, so the run needs a table no directory
     * had when the space was made. */
    PUCHAR Run = NULL, Last;
    ULONG LastPde;

    Space.Created = FALSE;
    KT_ASSERT(Frame != MI_NO_PAGE);
    KT_ASSERT_EQ(create_space(&Space), STATUS_SUCCESS);
    Run = MiReserveSystemPtes(MI_PTES_PER_TABLE + 1);
    KT_ASSERT(Run != NULL);
    Last = Run + MI_PTES_PER_TABLE * PAGE_SIZE;
    LastPde = MiGetPdeIndex((ULONG)Last);
    KT_ASSERT(KiEarlyPageDirectory[LastPde] & MI_PTE_VALID);
    KT_ASSERT_EQ(Space.Process.PageDirectory[LastPde],
                 KiEarlyPageDirectory[LastPde]);
    KT_ASSERT_EQ(MiMapPage(Last, Frame, PAGE_READWRITE), STATUS_SUCCESS);
    *(volatile ULONG *)Last = 0x1A7E;

    attach(&Space);
    KT_ASSERT_EQ(*(volatile ULONG *)Last, 0x1A7E);
    detach(&Space);

    KT_ASSERT_EQ(MiUnmapPage(Last), Frame);
    KT_CLEANUP;
    release_space(&Space);
    release_run(Run, MI_PTES_PER_TABLE + 1);
    free_frame(Frame, 0);
}

KTEST(vm_create_populate_destroy_1000_times_leaks_nothing)
{
    static KT_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Before = free_frames(), Frame = MI_NO_PAGE;
    ULONG Cycle, Value;

    Space.Created = FALSE;
    for (Cycle = 0; Cycle < 1000; Cycle++) {
        KT_ASSERT_EQ(create_space(&Space), STATUS_SUCCESS);
        attach(&Space);
        /* Two explicit pages in two tables, and one demand-zero page. */
        Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
        KT_ASSERT(Frame != MI_NO_PAGE);
        KT_ASSERT_EQ(map_owned(0x00010000, Frame), STATUS_SUCCESS);
        Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
        KT_ASSERT(Frame != MI_NO_PAGE);
        KT_ASSERT_EQ(map_owned(0x7FFD0000, Frame), STATUS_SUCCESS);
        Frame = MI_NO_PAGE; /* the space's now */
        KT_ASSERT_EQ(MiCommitVirtualMemory(&Space.Process, (PVOID)0x10000000,
                                           4 * PAGE_SIZE, PAGE_READWRITE),
                     STATUS_SUCCESS);
        Value = Cycle;
        KT_ASSERT_EQ(touch((PVOID)0x10002000, TRUE, &Value), STATUS_SUCCESS);
        release_space(&Space);
    }
    KT_CLEANUP;
    release_space(&Space);
    free_frame(Frame, 0);
    KT_ASSERT_EQ(free_frames(), Before);
}

KTEST(vm_demand_zero_inside_a_committed_region_only)
{
    static KT_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Before = free_frames();
    PUCHAR Base = (PUCHAR)0x00800000;
    PEPROCESS Process = &Space.Process;
    ULONG Value = 0xFFFFFFFF;

    Space.Created = FALSE;
    KT_ASSERT_EQ(create_space(&Space), STATUS_SUCCESS);
    attach(&Space);
    KT_ASSERT_EQ(
        MiCommitVirtualMemory(Process, Base, 3 * PAGE_SIZE, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process, Base + 2 * PAGE_SIZE, PAGE_SIZE,
                                       PAGE_READWRITE),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process, (PVOID)0x1000, PAGE_SIZE,
                                       PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process, (PVOID)0x7FFE0000, 0x20000,
                                       PAGE_READWRITE),
                 STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process, Base + 8 * PAGE_SIZE, PAGE_SIZE,
                                       PAGE_READONLY),
                 STATUS_SUCCESS);
    KT_ASSERT(!MmIsAddressValid(Base + PAGE_SIZE));

    /* First touch: a zeroed page appears. */
    KT_ASSERT_EQ(touch(Base + PAGE_SIZE + 12, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0);
    KT_ASSERT(MmIsAddressValid(Base + PAGE_SIZE));
    KT_ASSERT(*MiGetPteAddress(Base + PAGE_SIZE) & MI_PTE_OWNER);
    KT_ASSERT(!MmIsAddressValid(Base)); /* only the page touched */
    Value = 99;
    KT_ASSERT_EQ(touch(Base + PAGE_SIZE + 12, TRUE, &Value), STATUS_SUCCESS);
    /* Outside any region: an access violation, nothing mapped. */
    KT_ASSERT_EQ(touch(Base + 3 * PAGE_SIZE, FALSE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[1],
                 (ULONG_PTR)(Base + 3 * PAGE_SIZE));
    /* A read-only region: reads demand-zero, writes do not. */
    KT_ASSERT_EQ(touch(Base + 8 * PAGE_SIZE, TRUE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(touch(Base + 8 * PAGE_SIZE, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(touch(Base + 8 * PAGE_SIZE, TRUE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(MiDecommitVirtualMemory(Process, Base), STATUS_SUCCESS);
    KT_ASSERT(!MmIsAddressValid(Base + PAGE_SIZE));
    KT_ASSERT_EQ(touch(Base + PAGE_SIZE, FALSE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(MiDecommitVirtualMemory(Process, Base), STATUS_NOT_COMMITTED);
    KT_ASSERT_EQ(MiDecommitVirtualMemory(Process, Base + 8 * PAGE_SIZE),
                 STATUS_SUCCESS);
    KT_CLEANUP;
    release_space(&Space);
    KT_ASSERT_EQ(free_frames(), Before);
}

/* A long range is flushed with one CR3 reload: no stale entry may
 * survive it (QEMU keeps stale TLB entries as a real CPU does). */
KTEST(vm_long_decommit_leaves_no_stale_tlb_entries)
{
    static KT_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Before = free_frames();
    PUCHAR Base = (PUCHAR)0x01000000;
    ULONG Page, Value;

    Space.Created = FALSE;
    KT_ASSERT_EQ(create_space(&Space), STATUS_SUCCESS);
    attach(&Space);
    KT_ASSERT_EQ(MiCommitVirtualMemory(&Space.Process, Base, 64 * PAGE_SIZE,
                                       PAGE_READWRITE),
                 STATUS_SUCCESS);
    for (Page = 0; Page < 64; Page++) {
        Value = Page;
        KT_ASSERT_EQ(touch(Base + Page * PAGE_SIZE, TRUE, &Value),
                     STATUS_SUCCESS);
    }
    KT_ASSERT_EQ(MiDecommitVirtualMemory(&Space.Process, Base), STATUS_SUCCESS);
    for (Page = 0; Page < 64; Page++)
        KT_ASSERT_MSG(touch(Base + Page * PAGE_SIZE, FALSE, &Value) ==
                          STATUS_ACCESS_VIOLATION,
                      "page %lu still reachable", Page);
    KT_CLEANUP;
    release_space(&Space);
    KT_ASSERT_EQ(free_frames(), Before);
}

KTEST(vm_null_guard_catches_null_pointers)
{
    ULONG Value;

    KT_ASSERT_EQ(touch(NULL, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[1], 0);
    KT_ASSERT_EQ(touch((PVOID)0xFFFC, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[1], 0xFFFC);
    KT_ASSERT_EQ(touch((PVOID)0x7FFF8000, FALSE, &Value),
                 STATUS_ACCESS_VIOLATION);
}

KTEST(vm_system_pte_runs_have_guard_pages)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW);
    ULONG Value = 1, Free = MiSystemPteRange.FreePages;
    PUCHAR A = MiReserveSystemPtes(2), B = MiReserveSystemPtes(1);

    KT_ASSERT(Frame != MI_NO_PAGE && A != NULL && B != NULL);
    KT_ASSERT(MiIsInVirtualRange(&MiSystemPteRange, (ULONG)A));
    KT_ASSERT_EQ((ULONG)B, (ULONG)(A + 3 * PAGE_SIZE)); /* B's guard between */
    KT_ASSERT_EQ(MiMapPage(A, Frame, PAGE_READWRITE), STATUS_SUCCESS);
    KT_ASSERT_EQ(MiMapPage(A + PAGE_SIZE, Frame, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(touch(A + 2 * PAGE_SIZE, TRUE, &Value),
                 STATUS_ACCESS_VIOLATION); /* the overrun hits the guard */
    KT_ASSERT_EQ(touch(A - 4, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_CLEANUP;
    release_run(A, 2);
    release_run(B, 1);
    free_frame(Frame, 0);
    KT_ASSERT_EQ(MiSystemPteRange.FreePages, Free);
}

KTEST(vm_virtually_contiguous_allocation)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Before = free_frames();
    PUCHAR Base = MiAllocateSystemPages(5, PAGE_READWRITE);
    PVOID Refused = MiAllocateSystemPages(1, PAGE_NOACCESS);
    ULONG Page, Value;

    KT_ASSERT(Base != NULL);
    KT_ASSERT(Refused == NULL);
    KT_ASSERT_EQ(free_frames(), Before - 5);
    for (Page = 0; Page < 5; Page++) {
        KT_ASSERT(MmIsAddressValid(Base + Page * PAGE_SIZE));
        KT_ASSERT_EQ(*(PULONG)(Base + Page * PAGE_SIZE), 0); /* zeroed */
    }
    RtlFillMemory(Base, 5 * PAGE_SIZE, 0x3C);
    KT_ASSERT_EQ(touch(Base + 5 * PAGE_SIZE, FALSE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_CLEANUP;
    if (Refused != NULL)
        MiFreeSystemPages(Refused);
    if (Base != NULL) {
        MiFreeSystemPages(Base);
        KT_ASSERT(!MmIsAddressValid(Base));
    }
    KT_ASSERT_EQ(free_frames(), Before);
}

/* MmMapIoSpace must refuse: NULL. A mapping that came anyway is undone
 * before the failure is reported. */
static BOOLEAN io_space_refused(ULONGLONG Physical, SIZE_T Bytes)
{
    PHYSICAL_ADDRESS Address;
    PVOID Io;

    Address.QuadPart = (LONGLONG)Physical;
    Io = MmMapIoSpace(Address, Bytes, MmNonCached);
    if (Io != NULL)
        MmUnmapIoSpace(Io, Bytes);
    return Io == NULL;
}

KTEST(vm_map_io_space_maps_physical_ranges)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame = MiAllocatePages(1, MI_CONSTRAINT_LOW);
    PHYSICAL_ADDRESS Physical;
    PUCHAR Io = NULL, Vga = NULL;
    ULONG Value;

    KT_ASSERT(Frame != MI_NO_PAGE);
    RtlFillMemory(direct(Frame), 2 * PAGE_SIZE, 0x11);
    /* Two pages, starting mid-page: three PTEs, offset preserved. */
    Physical.QuadPart = ((ULONGLONG)Frame << PAGE_SHIFT) + 0x10;
    Io = MmMapIoSpace(Physical, PAGE_SIZE + 0x20, MmNonCached);
    KT_ASSERT(Io != NULL);
    KT_ASSERT_EQ((ULONG)Io & (PAGE_SIZE - 1), 0x10);
    KT_ASSERT(MiIsInVirtualRange(&MiSystemPteRange, (ULONG)Io));
    KT_ASSERT(*MiGetPteAddress(Io) & MI_PTE_CACHE_DISABLE);
    KT_ASSERT_EQ(MmGetPhysicalAddress(Io).QuadPart, Physical.QuadPart);
    Io[0] = 0x77;
    Io[PAGE_SIZE] = 0x78;
    KT_ASSERT_EQ(((PUCHAR)direct(Frame))[0x10], 0x77);
    KT_ASSERT_EQ(((PUCHAR)direct(Frame))[PAGE_SIZE + 0x10], 0x78);
    MmUnmapIoSpace(Io, PAGE_SIZE + 0x20);
    KT_ASSERT_EQ(touch(Io, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    Io = NULL;

    /* Device memory: the VGA text buffer, the same cells as the direct
     * map shows. */
    Physical.QuadPart = 0xB8000;
    Vga = MmMapIoSpace(Physical, 160, MmCached);
    KT_ASSERT(Vga != NULL);
    KT_ASSERT_EQ(*(volatile USHORT *)Vga,
                 *(volatile USHORT *)KI_PHYSICAL_TO_VIRTUAL(0xB8000));

    KT_ASSERT(io_space_refused(0xFFFFF000, 0x2000));
    KT_ASSERT(io_space_refused(0xFFFFF000, 0));
    KT_ASSERT(io_space_refused(0x100000000ULL, 16));
    KT_CLEANUP;
    if (Vga != NULL)
        MmUnmapIoSpace(Vga, 160);
    if (Io != NULL)
        MmUnmapIoSpace(Io, PAGE_SIZE + 0x20);
    free_frame(Frame, 1);
}

/* Hyperspace mappings a test holds, unmapped in reverse order (they are a
 * stack) by its cleanup. */
typedef struct _KT_KMAPS {
    ULONG Count;
    PVOID Pages[2];
} KT_KMAPS;

static PVOID kmap(KT_KMAPS *Maps, PFN_NUMBER Frame)
{
    PVOID Page = MiMapPageInHyperspace(Frame);

    Maps->Pages[Maps->Count++] = Page;
    return Page;
}

static VOID kunmap_all(KT_KMAPS *Maps)
{
    while (Maps->Count > 0)
        MiUnmapPageInHyperspace(Maps->Pages[--Maps->Count]);
}

static VOID free_frames_of(PFN_NUMBER Frames[], ULONG Count)
{
    while (Count > 0)
        free_frame(Frames[--Count], 0);
}

/* A low frame through hyperspace: the same bytes as direct. */
static VOID low_frame_through_hyperspace(KTEST_CONTEXT *KtContext_)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW);
    KT_KMAPS Maps = {0, {NULL, NULL}};
    PULONG Page = NULL;

    KT_ASSERT(Frame != MI_NO_PAGE);
    *(PULONG)direct(Frame) = 0x4819;
    Page = kmap(&Maps, Frame);
    KT_ASSERT((ULONG)Page >= MI_HYPERSPACE_BASE &&
              (ULONG)Page < MI_SYSTEM_PTE_BASE);
    KT_ASSERT_EQ(*Page, 0x4819);
    KT_CLEANUP;
    kunmap_all(&Maps);
    free_frame(Frame, 0);
    if (Page != NULL)
        KT_ASSERT(!MmIsAddressValid(Page));
}

KTEST(vm_hyperspace_reaches_high_memory)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frames[8];
    KT_KMAPS Maps = {0, {NULL, NULL}};
    ULONG Count = 0, Index;

    if (MiBootStatistics.ManagedPages[MiZoneHigh] == 0) {
        low_frame_through_hyperspace(KtContext_);
        DbgPrint("    (no high memory on this machine: a low frame "
                 "instead)\n");
        return;
    }
    while (Count < ARRAYSIZE(Frames)) {
        PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);

        KT_ASSERT(Frame != MI_NO_PAGE);
        Frames[Count++] = Frame;
        KT_ASSERT(Frame >= MI_LOW_LIMIT_PAGE);
        KT_ASSERT(Frame >= MiDirectMapEndPage);
    }
    /* Write each through a temporary mapping, nested two deep. */
    for (Index = 0; Index < Count; Index++) {
        PULONG Page = kmap(&Maps, Frames[Index]);
        PULONG Other = kmap(&Maps, Frames[(Index + 1) % Count]);

        KT_ASSERT(Page != Other);
        RtlFillMemory(Page, PAGE_SIZE, (UCHAR)Index);
        Page[1] = Frames[Index];
        kunmap_all(&Maps);
    }
    /* Read back through fresh mappings. */
    for (Index = 0; Index < Count; Index++) {
        PULONG Page = kmap(&Maps, Frames[Index]);

        KT_ASSERT_EQ(Page[1], Frames[Index]);
        KT_ASSERT_EQ(((PUCHAR)Page)[PAGE_SIZE - 1], (UCHAR)Index);
        KT_ASSERT_EQ(MmGetPhysicalAddress(Page).QuadPart,
                     (ULONGLONG)Frames[Index] << PAGE_SHIFT);
        kunmap_all(&Maps);
    }
    KT_CLEANUP;
    kunmap_all(&Maps);
    free_frames_of(Frames, Count);
}

/* Crash tests: each boots alone and must stop with the named code. */

static volatile ULONG crash_value = 0xCC;

KTEST_CRASH(crash_write_kernel_text)
{
    /* No try block: ATTEMPTED_WRITE_TO_READONLY_MEMORY. */
    *(volatile ULONG *)(ULONG_PTR)write_text = crash_value;
}

KTEST_CRASH(crash_call_init_after_boot)
{
    crash_value = KtInitProbe(); /* PAGE_FAULT_IN_NONPAGED_AREA */
}

KTEST_CRASH(crash_release_system_ptes_twice)
{
    PVOID Run = MiReserveSystemPtes(2);

    MiReleaseSystemPtes(Run, 2);
    MiReleaseSystemPtes(Run, 2); /* SYSTEM_PTE_MISUSE */
}

KTEST_CRASH(crash_unmap_io_space_wrong_size)
{
    PHYSICAL_ADDRESS Physical;
    PVOID Io;

    Physical.QuadPart = 0xB8000;
    Io = MmMapIoSpace(Physical, PAGE_SIZE, MmNonCached);
    MmUnmapIoSpace(Io, 3 * PAGE_SIZE); /* SYSTEM_PTE_MISUSE, nothing unmapped */
}

KTEST_CRASH(crash_delete_current_space)
{
    MmDeleteProcessAddressSpace(PsGetCurrentProcess()); /* MEMORY_MANAGEMENT */
}

KTEST_CRASH(crash_hyperspace_out_of_order)
{
    PVOID First = MiMapPageInHyperspace(0x100);

    MiMapPageInHyperspace(0x101);
    MiUnmapPageInHyperspace(First); /* MEMORY_MANAGEMENT */
}
