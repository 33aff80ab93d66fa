/*
 * Ring-3 test helpers (tests/kernel/kt_ring3.h).
 */
#include "tests/kernel/kt_ring3.h"
#include "kernel/buddy.h"
#include "kernel/ktest.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/paging.h"
#include "kernel/pool.h"
#include "kernel/pool_pages.h"
#include "kernel/seh.h"
#include "ntpeb.h"

/* What processes take and must give back: frames (those the pool and the
 * kernel's own page tables keep for later do not count) and pool bytes.
 * The pool keeps emptied slab pages, and a kernel page table made for a
 * stack or a pool page stays for good: neither is a process's leak. */
PFN_NUMBER KtUserFreeFrames(VOID)
{
    MI_BUDDY_STATISTICS Statistics;
    PFN_NUMBER Kept = 0;
    KIRQL OldIrql;
    ULONG Type, Pde;

    KtTouchKernelPageablePages(); /* memory pressure may have paged them */
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    MiBuddyDrainCache(&MiBuddy);
    KeLowerIrql(OldIrql);
    MiBuddyQuery(&MiBuddy, &Statistics);
    /* Paged pool's pages hold frames only once touched (and while not
     * paged out): count those. */
    Kept += MiPools[NonPagedPool].SlabPages + MiPools[NonPagedPool].BigPages;
    for (Type = 0; Type < 2; Type++)
        Kept += MiPools[Type].BigTablePages;
    Kept += MiPagedPoolWordPages + MiPagedPoolResidentPages();
    for (Pde = MM_SYSTEM_RANGE_START >> 22; Pde < 1024; Pde++)
        if (Pde != MI_SELF_MAP_PDE_INDEX &&
            (((PMMPTE)MiGetPdeAddress(0))[Pde] & MI_PTE_VALID))
            Kept++;
    return Statistics.TotalFree + MiZeroedList.Total + Kept;
}

SIZE_T KtUserPoolBytes(VOID)
{
    static MI_POOL_TAG_INFO Tags[256];
    ULONG Count, Index;
    SIZE_T Bytes = 0;

    /* Lookaside lists keep freed IRPs and MDLs for the next request, as
     * they should: empty them so only what is really held is counted. */
    ExpTrimLookasideLists();
    Count = MiQueryPoolTags(Tags, 256);

    for (Index = 0; Index < Count && Index < 256; Index++)
        Bytes += Tags[Index].NonPagedBytes + Tags[Index].PagedBytes;
    return Bytes;
}

/* A value the next process finds at KT_CODE_BASE + user_cell_offset (0:
 * none), past its code. */
static ULONG user_cell_value, user_cell_offset;

typedef struct _CODE_COPY {
    const UCHAR *Code;
    ULONG Size;
} CODE_COPY;

/* Guarded: short of memory the page finds no frame. */
static NTSTATUS copy_code(PVOID Context)
{
    CODE_COPY *Copy = Context;

    RtlCopyMemory((PVOID)KT_CODE_BASE, Copy->Code, Copy->Size);
    if (user_cell_offset != 0)
        *(PULONG)(KT_CODE_BASE + user_cell_offset) = user_cell_value;
    return STATUS_SUCCESS;
}

/* A process holding Code at KT_CODE_BASE and a stack, its one thread made
 * (not started) to run it with Context's registers. */
NTSTATUS KtCreateUserProcess(const UCHAR *Code, ULONG Size,
                             PSP_USER_CONTEXT *Context, PEPROCESS *NewProcess,
                             PETHREAD *Thread)
{
    INITIAL_TEB Stack = {.StackBase = (PVOID)(KT_STACK_BASE + KT_STACK_SIZE),
                         .StackLimit = (PVOID)KT_STACK_BASE,
                         .AllocatedStackBase = (PVOID)KT_STACK_BASE};
    KAPC_STATE ApcState;
    CODE_COPY Copy;
    PEPROCESS Process;
    NTSTATUS Status;

    Status = PspCreateProcess("kt-user", &Process);
    if (!NT_SUCCESS(Status))
        return Status;
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Status = MiCommitVirtualMemory(Process, (PVOID)KT_CODE_BASE, PAGE_SIZE,
                                   PAGE_EXECUTE_READWRITE);
    if (NT_SUCCESS(Status))
        Status = MiCommitVirtualMemory(Process, (PVOID)KT_STACK_BASE,
                                       KT_STACK_SIZE, PAGE_READWRITE);
    if (NT_SUCCESS(Status)) {
        Copy.Code = Code;
        Copy.Size = Size;
        Status = KiCallGuarded(copy_code, &Copy);
    }
    KeUnstackDetachProcess(&ApcState);
    Context->Eip = KT_CODE_BASE;
    Context->Esp = KT_STACK_BASE + KT_STACK_SIZE - 16;
    if (NT_SUCCESS(Status))
        Status = PspCreateUserThread(Process, Context, &Stack, 0, Thread);
    if (!NT_SUCCESS(Status)) {
        ObfDereferenceObject(Process);
        return Status;
    }
    *NewProcess = Process;
    return STATUS_SUCCESS;
}

/* Deleting a process and its last thread waits for the reaper and a
 * worker thread: give them the time they need. */
BOOLEAN KtWaitForProcessObjects(LONG Processes, LONG Threads)
{
    LARGE_INTEGER Interval = {.QuadPart = -10 * 1000 * 10}; /* 10 ms */
    ULONG Tries;

    for (Tries = 0; Tries < 300; Tries++) {
        if (PspProcessType->TotalNumberOfObjects == Processes &&
            PspThreadType->TotalNumberOfObjects == Threads)
            return TRUE;
        KeDelayExecutionThread(KernelMode, FALSE, &Interval);
    }
    return FALSE;
}

/* Runs Code in a new process and returns its exit status. */
NTSTATUS KtRunUserCode(const UCHAR *Code, ULONG Size, PSP_USER_CONTEXT *Context,
                       PNTSTATUS ExitStatus)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10 * 1000 * 1000 * 10LL}; /* 10 s */
    PEPROCESS Process;
    PETHREAD Thread;
    NTSTATUS Status;

    Status = KtCreateUserProcess(Code, Size, Context, &Process, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    PspStartThread(Thread);
    Status =
        KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, &Timeout);
    *ExitStatus = Process->ExitStatus;
    ObfDereferenceObject(Thread);
    ObfDereferenceObject(Process);
    return Status;
}

VOID KtUserSetCell(ULONG Offset, ULONG Value)
{
    user_cell_offset = Offset;
    user_cell_value = Value;
}

NTSTATUS KtStartProgram(PCSTR Image, PCSTR CommandLine, PEPROCESS *Process)
{
    PETHREAD Thread;
    NTSTATUS Status;

    Status =
        PspCreateUserProcess(Image, CommandLine, NULL, NULL, Process, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    PspStartThread(Thread);
    ObDereferenceObject(Thread);
    return STATUS_SUCCESS;
}

NTSTATUS KtWaitForProgram(PEPROCESS Process, ULONG Seconds,
                          PNTSTATUS ExitStatus)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * Seconds};
    NTSTATUS Status;

    Status =
        KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, &Timeout);
    if (Status == STATUS_TIMEOUT)
        PspTerminateProcess(Process, STATUS_TIMEOUT);
    *ExitStatus = Process->ExitStatus;
    ObDereferenceObject(Process);
    return Status;
}

NTSTATUS KtRunProgram(PCSTR Image, PCSTR CommandLine, ULONG Seconds,
                      PNTSTATUS ExitStatus)
{
    PEPROCESS Process;
    NTSTATUS Status;

    Status = KtStartProgram(Image, CommandLine, &Process);
    if (!NT_SUCCESS(Status))
        return Status;
    return KtWaitForProgram(Process, Seconds, ExitStatus);
}
