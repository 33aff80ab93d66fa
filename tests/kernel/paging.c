/*
 * Paging to disk: trimming, the standby and modified lists, soft and hard
 * faults, the modified page writer, and user programs that commit more
 * than the machine has. The tests that need the page-file disk skip
 * without one, saying so.
 */
#include "kernel/paging.h"
#include "kernel/ktest.h"
#include "kernel/loader.h"
#include "kt_paging.h"
#include "kt_ring3.h"
#include "kt_thread.h"
#include "kt_user.h"
#include "vm_api_test.h"

#define USER_PAGE ((PVOID)0x00500000)
#define PATTERN 0x7A6E5C01UL

static PMMPFN pfn_of_pte(PVOID Address)
{
    return MiGetPfnEntry(MiGetPteFrame(MiReadPte(Address)));
}

/* A committed page of a new process holding PATTERN, attached. */
static NTSTATUS page_with_pattern(KT_PROCESS *Process)
{
    NTSTATUS Status = KtCreateProcess(Process);

    if (NT_SUCCESS(Status))
        Status = MiCommitVirtualMemory(Process->Process, USER_PAGE, PAGE_SIZE,
                                       PAGE_READWRITE);
    if (!NT_SUCCESS(Status))
        return Status;
    KtAttachProcess(Process);
    *(volatile ULONG *)USER_PAGE = PATTERN;
    return STATUS_SUCCESS;
}

KTEST(paging_trimmed_page_comes_back_by_a_soft_fault)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    ULONG Soft = MiPagingCounters.SoftFaults;
    MMPTE Pte;

    KT_ASSERT_EQ(page_with_pattern(&Process), STATUS_SUCCESS);
    KtTrimUserPages();
    Pte = MiReadPte(USER_PAGE);
    KT_ASSERT_MSG(!(Pte & MI_PTE_VALID) && (Pte & MI_PTE_TRANSITION),
                  "the trimmed page's PTE is %lx", Pte);
    /* Written and never copied: its contents exist nowhere else. */
    KT_ASSERT(pfn_of_pte(USER_PAGE)->Flags & MI_PFN_MODIFIED);
    KT_ASSERT_EQ(MiGetPteProtectionMask(Pte), MM_READWRITE);
    KT_ASSERT_EQ(*(volatile ULONG *)USER_PAGE, PATTERN);
    KT_ASSERT_EQ(MiPagingCounters.SoftFaults, Soft + 1);
    KT_ASSERT(MiReadPte(USER_PAGE) & MI_PTE_VALID);
    KT_ASSERT(!(pfn_of_pte(USER_PAGE)->Flags & MI_PFN_ON_LIST));
    KT_CLEANUP;
    KtDeleteProcess(&Process);
}

/* One pass of the clock over every space, without forcing. */
static ULONG age_once(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    ULONG Trimmed = MiTrimPass(FALSE, FALSE, 0xFFFFFFFF);

    KfLowerIrql(OldIrql);
    MiFlushEntireTb();
    return Trimmed;
}

KTEST(paging_pages_used_between_passes_stay)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(page_with_pattern(&Process), STATUS_SUCCESS);
    /* Touched just now: the first pass only clears the Accessed bit. */
    KT_ASSERT(MiReadPte(USER_PAGE) & MI_PTE_ACCESSED);
    age_once();
    KT_ASSERT(MiReadPte(USER_PAGE) & MI_PTE_VALID);
    KT_ASSERT(!(MiReadPte(USER_PAGE) & MI_PTE_ACCESSED));
    /* Used again before the next pass: it stays again. */
    KT_ASSERT_EQ(*(volatile ULONG *)USER_PAGE, PATTERN);
    age_once();
    KT_ASSERT(MiReadPte(USER_PAGE) & MI_PTE_VALID);
    /* Left alone for a whole pass: trimmed. */
    age_once();
    KT_ASSERT(!(MiReadPte(USER_PAGE) & MI_PTE_VALID));
    KT_ASSERT(pfn_of_pte(USER_PAGE)->Flags & MI_PFN_MODIFIED);
    KT_CLEANUP;
    KtDeleteProcess(&Process);
}

KTEST(paging_a_trimmed_page_goes_with_its_space)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame, Listed;
    KIRQL OldIrql;

    KT_ASSERT_EQ(page_with_pattern(&Process), STATUS_SUCCESS);
    KtTrimUserPages();
    Frame = MiGetPteFrame(MiReadPte(USER_PAGE));
    KT_ASSERT(MiGetPfnEntry(Frame)->Flags & MI_PFN_MODIFIED);
    KtDeleteProcess(&Process);
    /* Off the list (the list holds the system's trimmed pages too). */
    OldIrql = MiAcquirePfnLock();
    for (Listed = MiModifiedList.Flink; Listed != MI_NO_PAGE && Listed != Frame;
         Listed = MiGetPfnEntry(Listed)->Flink)
        ;
    MiReleasePfnLock(OldIrql);
    KT_ASSERT(Listed == MI_NO_PAGE);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
    KT_CLEANUP;
    KtDeleteProcess(&Process);
}

/* The zero-page thread fills the zeroed list while the machine idles; a
 * demand-zero fault takes a frame from it as it is. */
KTEST(paging_zeroed_list_feeds_demand_zero_faults)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frame, Taken;
    ULONG Before, Index;
    KIRQL OldIrql;
    BOOLEAN Zero = TRUE;

    KT_ASSERT(KT_WAIT_UNTIL(MiZeroedList.Total >= 2));
    /* Every frame on it holds zeros. */
    OldIrql = MiAcquirePfnLock();
    for (Frame = MiZeroedList.Flink; Frame != MI_NO_PAGE && Zero;
         Frame = MiGetPfnEntry(Frame)->Flink) {
        PULONG Page = MiMapPageInHyperspace(Frame);

        for (Index = 0; Index < PAGE_SIZE / 4; Index++)
            Zero &= Page[Index] == 0;
        MiUnmapPageInHyperspace(Page);
    }
    Taken = MiZeroedList.Flink;
    MiReleasePfnLock(OldIrql);
    KT_ASSERT(Zero);
    KT_ASSERT_EQ(KtCreateProcess(&Process), STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process.Process, USER_PAGE, PAGE_SIZE,
                                       PAGE_READWRITE),
                 STATUS_SUCCESS);
    KtAttachProcess(&Process);
    Before = MiZeroedList.Total;
    KT_ASSERT_EQ(*(volatile ULONG *)USER_PAGE, 0);
    /* The oldest zeroed frame, and the thread has not run since. */
    KT_ASSERT_EQ(MiGetPteFrame(MiReadPte(USER_PAGE)), Taken);
    KT_ASSERT_EQ(MiZeroedList.Total, Before - 1);
    KT_CLEANUP;
    KtDeleteProcess(&Process);
}

KTEST(paging_page_travels_to_the_page_file_and_back)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    ULONG Hard = MiPagingCounters.HardFaults;
    ULONG FreeSlots = MiPageFileFreeSlots;
    MMPTE Pte;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    KT_ASSERT_EQ(page_with_pattern(&Process), STATUS_SUCCESS);
    KtTrimUserPages();
    KT_ASSERT(KtWaitForWriter());
    /* Written: clean now, on the standby list with its copy's slot. */
    KT_ASSERT(pfn_of_pte(USER_PAGE)->Flags & MI_PFN_STANDBY);
    KT_ASSERT(MiIsPageFilePte(pfn_of_pte(USER_PAGE)->OriginalPte));
    KT_ASSERT(MiPageFileFreeSlots < FreeSlots);
    /* A new owner takes the frame: the PTE names the copy. */
    KtStealStandby(0xFFFFFFFF);
    Pte = MiReadPte(USER_PAGE);
    KT_ASSERT_MSG(MiIsPageFilePte(Pte), "the PTE is %lx", Pte);
    KT_ASSERT_EQ(MiGetPteProtectionMask(Pte), MM_READWRITE);
    /* The hard fault reads it back intact; the copy stays its own. */
    KT_ASSERT_EQ(*(volatile ULONG *)USER_PAGE, PATTERN);
    KT_ASSERT_EQ(MiPagingCounters.HardFaults, Hard + 1);
    KT_ASSERT(MiIsPageFilePte(pfn_of_pte(USER_PAGE)->OriginalPte));
    /* Written again, it is dirty: the next trim drops the stale copy. */
    *(volatile ULONG *)USER_PAGE = PATTERN + 1;
    KtTrimUserPages();
    KT_ASSERT(pfn_of_pte(USER_PAGE)->Flags & MI_PFN_MODIFIED);
    KT_ASSERT_EQ(pfn_of_pte(USER_PAGE)->OriginalPte, 0);
    KT_ASSERT_EQ(*(volatile ULONG *)USER_PAGE, PATTERN + 1);
    KT_CLEANUP;
    KtDeleteProcess(&Process);
    if (MiPageFilePresent) {
        KT_ASSERT_EQ(MiPageFileFreeSlots, FreeSlots);
        KT_ASSERT(KtWaitForWriter());
        KT_ASSERT_EQ(MiCheckPagingState(), 0);
    }
}

/* With QEMU's blkdebug failing reads of the page file's slot 1 (sectors
 * 8-15; tools/test.sh): the first page written goes there, and reading it
 * back fails. The access raises STATUS_IN_PAGE_ERROR, the machine runs
 * on, and the page's slot goes with its space. */
KTEST_EXTERNAL(paging_in_page_error_reaches_the_access)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    ULONG Errors = MiPagingCounters.InPageErrors, Value = 0;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    KT_ASSERT_EQ(page_with_pattern(&Process), STATUS_SUCCESS);
    KtTrimUserPages();
    KT_ASSERT(KtWaitForWriter());
    KT_ASSERT_EQ(MiGetPageFileSlot(pfn_of_pte(USER_PAGE)->OriginalPte), 1);
    KtStealStandby(0xFFFFFFFF);
    KT_ASSERT_EQ(KtVmTouch((ULONG)USER_PAGE, FALSE, &Value),
                 STATUS_IN_PAGE_ERROR);
    KT_ASSERT_EQ(MiPagingCounters.InPageErrors, Errors + 1);
    KT_ASSERT(MiIsPageFilePte(MiReadPte(USER_PAGE)));
    KT_CLEANUP;
    KtDeleteProcess(&Process);
    if (MiPageFilePresent) {
        KT_ASSERT(!MiIsPageFileSlotInUse(1));
        KT_ASSERT_EQ(MiCheckPagingState(), 0);
    }
}

/* Runs pagetest.exe with these arguments in Count processes at once. */
static NTSTATUS run_pagetests(ULONG Count, PCSTR *CommandLines,
                              NTSTATUS *ExitStatus)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * 600};
    PEPROCESS Processes[2];
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Index, Started = 0;

    for (Index = 0; Index < Count && NT_SUCCESS(Status); Index++) {
        PETHREAD Thread;

        Status = PspCreateUserProcess("pagetest.exe", CommandLines[Index], NULL,
                                      NULL, &Processes[Index], &Thread);
        if (NT_SUCCESS(Status)) {
            PspStartThread(Thread);
            ObDereferenceObject(Thread);
            Started++;
        }
    }
    for (Index = 0; Index < Started; Index++) {
        NTSTATUS Wait = KeWaitForSingleObject(Processes[Index], Executive,
                                              KernelMode, FALSE, &Timeout);
        if (Wait == STATUS_TIMEOUT)
            PspTerminateProcess(Processes[Index], STATUS_TIMEOUT);
        ExitStatus[Index] = Processes[Index]->ExitStatus;
        ObDereferenceObject(Processes[Index]);
    }
    return Status;
}

/* -m 16M with the page file: 48 MiB written and read back intact. */
KTEST_EXTERNAL(paging_program_commits_three_times_memory)
{
    static PCSTR Line[] = {"pagetest 48 11"};
    ULONG Hard = MiPagingCounters.HardFaults;
    NTSTATUS Exit = STATUS_PENDING;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    KT_ASSERT_EQ(run_pagetests(1, Line, &Exit), STATUS_SUCCESS);
    KT_ASSERT_MSG(Exit == 0, "pagetest: %lx (pages wrong, or the error)",
                  (ULONG)Exit);
    DbgPrint("paging: %lu hard faults, %lu soft, %lu pages written in %lu "
             "clusters, %lu trimmed\n",
             MiPagingCounters.HardFaults - Hard, MiPagingCounters.SoftFaults,
             MiPagingCounters.PagesWritten, MiPagingCounters.WriteClusters,
             MiPagingCounters.PagesTrimmed);
    KT_ASSERT(MiPagingCounters.HardFaults - Hard > 48 * 256 / 2);
    KT_ASSERT(KtWaitForWriter());
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
}

/* Past the commit limit (memory plus the page file: 80 MiB at 16 MiB with
 * a 64 MiB page file), a commit fails at once, as it does on NT, for a
 * program (ERROR_COMMITMENT_LIMIT from VirtualAlloc) and for pool. */
KTEST_EXTERNAL(paging_commit_limit_refuses_what_cannot_be_kept)
{
    static PCSTR Line[] = {"pagetest 96 3"};
    NTSTATUS Exit = STATUS_PENDING;
    ULONG Charged;
    PVOID Block;

    KT_ASSERT_EQ(run_pagetests(1, Line, &Exit), STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)Exit, 1455);       /* ERROR_COMMITMENT_LIMIT */
    KT_ASSERT_EQ(MiCheckPagingState(), 0); /* nothing of it charged */
    Charged = MmTotalCommittedPages;
    Block = ExAllocatePoolWithTag(
        PagedPool, (MmTotalCommitLimit - Charged + 16) * PAGE_SIZE, 'gPtK');
    KT_ASSERT(Block == NULL);
    /* Nothing charged for it (the pool's retry may even give back the
     * pages it kept for later). */
    KT_ASSERT(MmTotalCommittedPages <= Charged);
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
}

KTEST_EXTERNAL(paging_two_programs_at_once)
{
    static PCSTR Lines[] = {"pagetest 28 1", "pagetest 28 2"};
    NTSTATUS Exit[2] = {STATUS_PENDING, STATUS_PENDING};

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    KT_ASSERT_EQ(run_pagetests(2, Lines, Exit), STATUS_SUCCESS);
    KT_ASSERT_MSG(Exit[0] == 0 && Exit[1] == 0, "pagetest: %lx, %lx",
                  (ULONG)Exit[0], (ULONG)Exit[1]);
    KT_ASSERT(KtWaitForWriter());
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
}

/* Paged pool's pages are the system working set's: trimmed, written,
 * their frames taken, and read back by the fault that needs them. */
KTEST(paging_paged_pool_leaves_memory_and_comes_back)
{
    KT_CLEANUP_SECTION;
    ULONG Hard = MiPagingCounters.HardFaults;
    ULONG Slots[3] = {0, 0, 0};
    PULONG Block = NULL;
    ULONG Index;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    Block = ExAllocatePoolWithTag(PagedPool, 3 * PAGE_SIZE, 'gPtK');
    KT_ASSERT(Block != NULL);
    for (Index = 0; Index < 3 * PAGE_SIZE / sizeof(ULONG); Index++)
        Block[Index] = PATTERN ^ Index;
    KtTrimEverything();
    KT_ASSERT(KtWaitForWriter());
    KtStealStandby(0xFFFFFFFF);
    KT_ASSERT_MSG(MiIsPageFilePte(MiReadPte(Block + PAGE_SIZE / 4)),
                  "the pool page's PTE is %lx",
                  MiReadPte(Block + PAGE_SIZE / 4));
    for (Index = 0; Index < 3 * PAGE_SIZE / sizeof(ULONG); Index++)
        if (Block[Index] != (PATTERN ^ Index))
            break;
    KT_ASSERT_EQ(Index, 3 * PAGE_SIZE / sizeof(ULONG));
    KT_ASSERT(MiPagingCounters.HardFaults - Hard >= 3);
    /* Each page keeps its copy until it is written again or freed. */
    for (Index = 0; Index < 3; Index++) {
        MMPTE Original =
            pfn_of_pte((PUCHAR)Block + Index * PAGE_SIZE)->OriginalPte;
        KT_ASSERT(MiIsPageFilePte(Original));
        Slots[Index] = MiGetPageFileSlot(Original);
        KT_ASSERT(MiIsPageFileSlotInUse(Slots[Index]));
    }
    ExFreePoolWithTag(Block, 'gPtK');
    Block = NULL;
    for (Index = 0; Index < 3; Index++)
        KT_ASSERT(!MiIsPageFileSlotInUse(Slots[Index]));
    KT_CLEANUP;
    if (Block != NULL)
        ExFreePoolWithTag(Block, 'gPtK');
}

/* -m 16M with the page file: more paged pool than the machine has, each
 * block checked after all were written. */
KTEST_EXTERNAL(paging_paged_pool_larger_than_memory)
{
#define BLOCKS 384 /* of 64 KiB: 24 MiB */
    static PULONG Blocks[BLOCKS];
    KT_CLEANUP_SECTION;
    ULONG Block, Index, Bad = 0, Made = 0, Charged = 0;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    for (Made = 0; Made < BLOCKS; Made++) {
        Blocks[Made] = ExAllocatePoolWithTag(PagedPool, 0x10000, 'gPtK');
        if (Blocks[Made] == NULL)
            break;
        for (Index = 0; Index < 0x10000 / sizeof(ULONG); Index += 512)
            Blocks[Made][Index] = Made * 0x10000 + Index;
    }
    KT_ASSERT_EQ(Made, BLOCKS);
    Charged = MmTotalCommittedPages;
    for (Block = 0; Block < Made; Block++)
        for (Index = 0; Index < 0x10000 / sizeof(ULONG); Index += 512)
            Bad += Blocks[Block][Index] != Block * 0x10000 + Index;
    KT_ASSERT_EQ(Bad, 0);
    KT_ASSERT(MiPagingCounters.HardFaults > 0);
    KT_CLEANUP;
    while (Made > 0)
        ExFreePoolWithTag(Blocks[--Made], 'gPtK');
    /* Each block's 16 pages of charge went with it. */
    KT_ASSERT(Charged == 0 || Charged - MmTotalCommittedPages >= BLOCKS * 16);
    if (MiPageFilePresent) {
        KT_ASSERT(KtWaitForWriter());
        KT_ASSERT_EQ(MiCheckPagingState(), 0);
    }
#undef BLOCKS
}

/* The kernel touching trimmed paged pool at DISPATCH_LEVEL:
 * IRQL_NOT_LESS_OR_EQUAL (the address, 2, read, where). */
KTEST_CRASH(crash_paged_pool_touched_at_dispatch_level)
{
    PULONG Block = ExAllocatePoolWithTag(PagedPool, PAGE_SIZE, 'gPtK');

    if (Block == NULL)
        return;
    *Block = PATTERN;
    KtTrimEverything();
    KfRaiseIrql(DISPATCH_LEVEL);
    (void)*(volatile ULONG *)Block;
}

/* A trimmed user page touched at DISPATCH_LEVEL: IRQL_NOT_LESS_OR_EQUAL
 * with the address, the IRQL, the kind of access and where. */
KTEST_CRASH(crash_paged_out_page_touched_at_dispatch_level)
{
    static KT_PROCESS Process;

    if (!NT_SUCCESS(page_with_pattern(&Process)))
        return;
    KtTrimUserPages();
    KfRaiseIrql(DISPATCH_LEVEL);
    (void)*(volatile ULONG *)USER_PAGE;
}

/* pagetest with "idle": it writes its pages, sets PageTestReady and
 * waits in user mode for PageTestWake. */
typedef struct _IDLE_PROGRAM {
    PEPROCESS Process;
    PKEVENT Ready, Wake;
    HANDLE ReadyHandle, WakeHandle;
} IDLE_PROGRAM;

static NTSTATUS start_idle_program(IDLE_PROGRAM *Program, PCSTR CommandLine)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * 120};
    UNICODE_STRING Ready, Wake;
    PETHREAD Thread;
    NTSTATUS Status;

    RtlInitUnicodeString(&Ready, L"\\BaseNamedObjects\\PageTestReady");
    RtlInitUnicodeString(&Wake, L"\\BaseNamedObjects\\PageTestWake");
    Program->Ready = IoCreateNotificationEvent(&Ready, &Program->ReadyHandle);
    Program->Wake = IoCreateNotificationEvent(&Wake, &Program->WakeHandle);
    if (Program->Ready == NULL || Program->Wake == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    KeClearEvent(Program->Ready);
    KeClearEvent(Program->Wake);
    Status = PspCreateUserProcess("pagetest.exe", CommandLine, NULL, NULL,
                                  &Program->Process, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    PspStartThread(Thread);
    ObDereferenceObject(Thread);
    return KeWaitForSingleObject(Program->Ready, Executive, KernelMode, FALSE,
                                 &Timeout);
}

/* Trims until one of the program's page tables is in the page file (the
 * program must have waited long enough to count as idle). */
static BOOLEAN page_tables_to_page_file(PEPROCESS Process)
{
    LARGE_INTEGER Second = {.QuadPart = -10LL * 1000 * 1000};
    ULONG Round, Index;

    KeDelayExecutionThread(KernelMode, FALSE, &Second);
    for (Round = 0; Round < 4; Round++) {
        KtTrimUserPages();
        KtWaitForWriter();
        KtStealStandby(0xFFFFFFFF);
        for (Index = 0; Index < MM_SYSTEM_RANGE_START >> 22; Index++)
            if (MiIsPageFilePte(Process->PageDirectory[Index]))
                return TRUE;
    }
    return FALSE;
}

static VOID end_idle_program(IDLE_PROGRAM *Program, NTSTATUS *ExitStatus)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * 120};

    if (Program->Process != NULL) {
        if (KeWaitForSingleObject(Program->Process, Executive, KernelMode,
                                  FALSE, &Timeout) == STATUS_TIMEOUT)
            PspTerminateProcess(Program->Process, STATUS_TIMEOUT);
        *ExitStatus = Program->Process->ExitStatus;
        ObDereferenceObject(Program->Process);
    }
    if (Program->ReadyHandle != NULL)
        ZwClose(Program->ReadyHandle);
    if (Program->WakeHandle != NULL)
        ZwClose(Program->WakeHandle);
    RtlZeroMemory(Program, sizeof(*Program));
}

/* An idle program's page tables leave memory after its pages (the PDE
 * holds a page-file slot, `ws` counts the tables out) and come back when
 * its thread wakes: the program reads its pages back intact. */
KTEST_EXTERNAL(paging_idle_process_page_tables_leave_and_come_back)
{
    static IDLE_PROGRAM Program;
    KT_CLEANUP_SECTION;
    ULONG In = MiPagingCounters.PageTablesIn;
    MI_WORKING_SET_INFORMATION Info;
    NTSTATUS Exit = STATUS_PENDING;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    RtlZeroMemory(&Program, sizeof(Program));
    KT_ASSERT_EQ(start_idle_program(&Program, "pagetest 6 21 idle"),
                 STATUS_SUCCESS);
    KT_ASSERT(page_tables_to_page_file(Program.Process));
    KT_ASSERT_EQ(Program.Process->Pcb.State, ProcessOutOfMemory);
    MiQueryWorkingSet(Program.Process, &Info);
    KT_ASSERT_MSG(Info.TablesOut >= 1 && Info.PagedOut >= 6 * 256,
                  "ws: %lu tables out, %lu pages out", Info.TablesOut,
                  Info.PagedOut);
    KT_ASSERT_EQ(MiCheckPagingState(), 0); /* it counts what is out */
    KeSetEvent(Program.Wake, 0, FALSE);
    end_idle_program(&Program, &Exit);
    KT_ASSERT_MSG(Exit == 0, "pagetest: %lx", (ULONG)Exit);
    KT_ASSERT(MiPagingCounters.PageTablesIn - In >= Info.TablesOut);
    KT_ASSERT(KtWaitForWriter());
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
    KT_CLEANUP;
    if (Program.Process != NULL)
        PspTerminateProcess(Program.Process, STATUS_UNSUCCESSFUL);
    end_idle_program(&Program, &Exit);
}

/* An idle program ended while its tables are out gives back every slot
 * they held: the checker finds each slot in use held by someone. */
KTEST_EXTERNAL(paging_idle_process_ended_while_out_leaks_nothing)
{
    static IDLE_PROGRAM Program;
    KT_CLEANUP_SECTION;
    NTSTATUS Exit = STATUS_PENDING;
    ULONG InUse = MiPageFileSlots - 1 - MiPageFileFreeSlots;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    RtlZeroMemory(&Program, sizeof(Program));
    KT_ASSERT_EQ(start_idle_program(&Program, "pagetest 6 22 idle"),
                 STATUS_SUCCESS);
    KT_ASSERT(page_tables_to_page_file(Program.Process));
    KT_ASSERT(MiPageFileSlots - 1 - MiPageFileFreeSlots > InUse + 6 * 256);
    KT_ASSERT_EQ(PspTerminateProcess(Program.Process, STATUS_UNSUCCESSFUL),
                 STATUS_SUCCESS);
    end_idle_program(&Program, &Exit);
    KT_ASSERT_EQ((ULONG)Exit, (ULONG)STATUS_UNSUCCESSFUL);
    KT_ASSERT(KtWaitForWriter());
    KT_ASSERT_EQ(MiCheckPagingState(), 0);
    KT_ASSERT_MSG(MiPageFileSlots - 1 - MiPageFileFreeSlots < InUse + 256,
                  "page file: %lu slots in use, %lu before",
                  MiPageFileSlots - 1 - MiPageFileFreeSlots, InUse);
    KT_CLEANUP;
    if (Program.Process != NULL)
        PspTerminateProcess(Program.Process, STATUS_UNSUCCESSFUL);
    end_idle_program(&Program, &Exit);
}
