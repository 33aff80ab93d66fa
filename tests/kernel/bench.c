/*
 * Benchmarks inside the kernel (bench=buddy on the command line, run by
 * `make bench` under QEMU with -icount shift=0, where the time-stamp
 * counter advances with retired instructions). The counter is calibrated
 * against a loop of known length, so the figures are instructions.
 */
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/hal.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/pool.h"
#include "kernel/section.h"
#include "kernel/system_service.h"
#include "kernel/x86.h"
#include "tests/bench/buddy_loops.h"
#include "tests/bench/pool_loops.h"
#include "tests/kernel/kt_ring3.h"

VOID KtBenchIo(VOID);       /* tests/kernel/bench_io.c */
VOID KtBenchPaging(VOID);   /* tests/kernel/bench_paging.c */
VOID KtBenchVerifier(VOID); /* tests/kernel/bench_verifier.c */

#define PAIRS 200000

static PFN_NUMBER frames[BENCH_BATCH];
static ULONG calibration; /* ticks per 1000 instructions */
static volatile PFN_NUMBER sink;

static VOID calibrate(VOID)
{
    ULONGLONG Start = read_tsc();

    cpu_count_down(500000); /* one million instructions */
    calibration = (ULONG)((read_tsc() - Start) / 1000);
    if (calibration == 0)
        calibration = 1;
}

/* Prints "bench NAME: N.NN instructions per UNIT". */
static VOID report_per(PCSTR Name, ULONGLONG Ticks, ULONG Count, PCSTR Unit)
{
    ULONG Hundredths = (ULONG)(Ticks * 100000 / calibration / Count);

    DbgPrint("bench guest %s: %lu.%02lu instructions per %s\n", Name,
             Hundredths / 100, Hundredths % 100, Unit);
}

static VOID report(PCSTR Name, ULONGLONG Ticks, ULONG Pairs)
{
    report_per(Name, Ticks, Pairs, "pair");
}

static DECLSPEC_NOINLINE PFN_NUMBER bench_page_pairs(ULONG Count)
{
    PFN_NUMBER Sum = 0;

    while (Count-- > 0) {
        PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
        MiFreePages(Frame, 0);
        Sum += Frame;
    }
    return Sum;
}

static VOID bench_buddy(VOID)
{
    BENCH_FREE_LIST List;
    ULONGLONG Start;
    PFN_NUMBER First;

    calibrate();
    DbgPrint("bench guest calibration: %lu ticks per 1000 instructions\n",
             calibration);

    sink = BenchBuddyOrder0Pairs(&MiBuddy, 1000); /* warm the page cache */
    Start = read_tsc();
    sink = BenchBuddyOrder0Pairs(&MiBuddy, PAIRS);
    report("order-0 pair", read_tsc() - Start, PAIRS);

    Start = read_tsc();
    sink = BenchBuddyPairs(&MiBuddy, 3, PAIRS);
    report("order-3 pair", read_tsc() - Start, PAIRS);

    Start = read_tsc();
    sink = BenchBuddyBatches(&MiBuddy, 0, PAIRS, frames);
    report("order-0 batch", read_tsc() - Start, PAIRS);

    Start = read_tsc();
    sink = BenchBuddyBatches(&MiBuddy, 3, PAIRS, frames);
    report("order-3 batch", read_tsc() - Start, PAIRS);

    /* The kernel's callers' pair: the PFN lock, the buddy's fast path, the
     * page lists' fallbacks and the low-memory test around it. */
    Start = read_tsc();
    sink = bench_page_pairs(PAIRS);
    report("order-0 pair via MiAllocatePages", read_tsc() - Start, PAIRS);

    /* The floor: 64 frames of a bare free list, borrowed from the buddy. */
    First = MiAllocatePages(6, MI_CONSTRAINT_ANY);
    BenchFreeListInitialize(&List, MmPfnDatabase, First, 64);
    Start = read_tsc();
    sink = BenchFreeListPairs(&List, PAIRS);
    report("free-list pair", read_tsc() - Start, PAIRS);
    MiFreePages(First, 6);
}

#define IRQL_PAIRS 200000
#define INTERRUPTS 20000
#define BENCH_IRQ 12

static volatile ULONG interrupts_taken;

/* The floor for the pair: the same calls to a routine of two instructions
 * (movzbl, ret), so that what remains is what the IRQL routines execute. */
KIRQL FASTCALL bench_empty_routine(KIRQL Irql);
__asm__(".text\n"
        "bench_empty_routine:\n\t"
        "movzbl %cl, %eax\n\t"
        "ret\n");

static BOOLEAN NTAPI count_interrupt(PKINTERRUPT Interrupt, PVOID Context)
{
    UNREFERENCED_PARAMETER(Interrupt);
    UNREFERENCED_PARAMETER(Context);
    interrupts_taken++;
    return TRUE;
}

/* The raise/lower pair with nothing pending, and one interrupt from its
 * trigger through the ISR and back: on the PIC an INT instruction to the
 * line's vector, on the APIC a self-IPI, so no device time is counted. */
static VOID bench_irql(VOID)
{
    static KINTERRUPT Interrupt;
    KAFFINITY Affinity;
    ULONGLONG Start, Pair, Floor;
    ULONG Index, Vector;
    KIRQL Irql, Old;

    calibrate();
    DbgPrint("bench guest calibration: %lu ticks per 1000 instructions\n",
             calibration);
    DbgPrint("bench guest HAL: %s\n", HalpController->Name);
    Start = read_tsc();
    for (Index = 0; Index < IRQL_PAIRS; Index++) {
        KeRaiseIrql(DISPATCH_LEVEL, &Old);
        KeLowerIrql(Old);
    }
    Pair = read_tsc() - Start;
    report("raise/lower pair with calls and loop", Pair, IRQL_PAIRS);
    Start = read_tsc();
    for (Index = 0; Index < IRQL_PAIRS; Index++) {
        Old = bench_empty_routine(DISPATCH_LEVEL);
        bench_empty_routine(Old);
    }
    Floor = read_tsc() - Start;
    /* Add back the floor's own four instructions. */
    report("raise/lower pair inside KfRaiseIrql+KfLowerIrql",
           Pair - Floor + (ULONGLONG)4 * IRQL_PAIRS * calibration / 1000,
           IRQL_PAIRS);

    Vector =
        HalGetInterruptVector(Isa, 0, BENCH_IRQ, BENCH_IRQ, &Irql, &Affinity);
    KeInitializeInterrupt(&Interrupt, count_interrupt, NULL, NULL, Vector, Irql,
                          Irql, Latched, FALSE, 0, FALSE);
    if (!KeConnectInterrupt(&Interrupt)) {
        DbgPrint("bench: cannot connect vector %02lx\n", Vector);
        return;
    }
    HalpTriggerInterrupt(Vector); /* warm up */
    Start = read_tsc();
    for (Index = 0; Index < INTERRUPTS; Index++)
        HalpTriggerInterrupt(Vector);
    Start = read_tsc() - Start;
    KeDisconnectInterrupt(&Interrupt);
    if (interrupts_taken != INTERRUPTS + 1)
        DbgPrint("bench: %lu interrupts taken, %lu sent\n", interrupts_taken,
                 INTERRUPTS + 1);
    report_per("interrupt trigger-ISR-return", Start, INTERRUPTS, "interrupt");
}

#define MUTEX_PAIRS 200000

/* An uncontended ExAcquireFastMutex/ExReleaseFastMutex pair; the floor is
 * the same two calls to the empty routine, whose own four instructions
 * are added back, so that what remains is what the mutex routines
 * execute. */
static VOID bench_fast_mutex(VOID)
{
    static FAST_MUTEX Mutex;
    ULONGLONG Start, Pair, Floor;
    ULONG Index;

    calibrate();
    DbgPrint("bench guest calibration: %lu ticks per 1000 instructions\n",
             calibration);
    DbgPrint("bench guest HAL: %s\n", HalpController->Name);
    ExInitializeFastMutex(&Mutex);
    Start = read_tsc();
    for (Index = 0; Index < MUTEX_PAIRS; Index++) {
        ExAcquireFastMutex(&Mutex);
        ExReleaseFastMutex(&Mutex);
    }
    Pair = read_tsc() - Start;
    report("fast mutex pair with calls and loop", Pair, MUTEX_PAIRS);
    Start = read_tsc();
    for (Index = 0; Index < MUTEX_PAIRS; Index++) {
        bench_empty_routine(APC_LEVEL);
        bench_empty_routine(APC_LEVEL);
    }
    Floor = read_tsc() - Start;
    report("fast mutex pair inside ExAcquireFastMutex+ExReleaseFastMutex",
           Pair - Floor + (ULONGLONG)4 * MUTEX_PAIRS * calibration / 1000,
           MUTEX_PAIRS);
    if (Mutex.Count != FM_LOCK_BIT || Mutex.Contention != 0)
        DbgPrint("bench: the mutex was contended (count %ld, contention "
                 "%lu)\n",
                 Mutex.Count, Mutex.Contention);
}

/* The pool's workloads (tests/bench/pool_loops.c), as on the host: the
 * figures include the IRQL raise and lower of the pool's lock; (a) and
 * (c) also through the inline fast paths the kernel's own callers use. */
static VOID bench_pool(VOID)
{
    static NPAGED_LOOKASIDE_LIST List;
    ULONG Count = BENCH_RANDOM_BLOCKS, Index;
    USHORT *Sizes = ExAllocatePoolWithTag(NonPagedPool, Count * 2, 'hcnB');
    ULONG *Order = ExAllocatePoolWithTag(NonPagedPool, Count * 4, 'hcnB');
    PVOID *Blocks = ExAllocatePoolWithTag(NonPagedPool, Count * 4, 'hcnB');
    ULONGLONG Start, Live = 0;
    SIZE_T PeakBefore;

    calibrate();
    if (Sizes == NULL || Order == NULL || Blocks == NULL) {
        DbgPrint("bench: no memory for the workload\n");
        return;
    }
    BenchPoolTight(1000, 64);
    Start = read_tsc();
    BenchPoolTight(PAIRS, 64);
    report("pool (a) 64-byte pair", read_tsc() - Start, PAIRS);
    BenchPoolTightInline(1000);
    Start = read_tsc();
    BenchPoolTightInline(PAIRS);
    report("pool (a) 64-byte pair inline", read_tsc() - Start, PAIRS);

    BenchPoolMakeWorkload(Sizes, Order, Count, 12345);
    for (Index = 0; Index < Count; Index++)
        Live += Sizes[Index];
    MiPoolReclaim();
    PeakBefore = MiPools[0].SlabPages + MiPools[0].BigPages;
    MiPools[0].PeakPages = PeakBefore;
    Start = read_tsc();
    BenchPoolAllocateAll(Blocks, Sizes, Count);
    BenchPoolFreeAll(Blocks, Order, Count);
    report("pool (b) random 16-2048 pair", read_tsc() - Start, Count);
    Index = (ULONG)((ULONGLONG)(MiPools[0].PeakPages - PeakBefore) * PAGE_SIZE *
                    1000 / Live);
    DbgPrint("bench guest pool (b) peak pages / peak live bytes: %lu.%03lu\n",
             Index / 1000, Index % 1000);

    for (Index = 0; Index < BENCH_CHURN_LIVE; Index++)
        Blocks[Index] = ExAllocatePoolWithTag(NonPagedPool, 256, 'hcnB');
    BenchPoolMakeWorkload(Sizes, Order, BENCH_CHURN_LIVE, 777);
    Start = read_tsc();
    BenchPoolChurn(Blocks, BENCH_CHURN_LIVE, Order, PAIRS, 256);
    report("pool (c) 256-byte churn pair", read_tsc() - Start, PAIRS);
    Start = read_tsc();
    BenchPoolChurnInline(Blocks, BENCH_CHURN_LIVE, Order, PAIRS);
    report("pool (c) 256-byte churn pair inline", read_tsc() - Start, PAIRS);
    for (Index = 0; Index < BENCH_CHURN_LIVE; Index++)
        ExFreePool(Blocks[Index]);

    ExInitializeNPagedLookasideList(&List, NULL, NULL, 0, 64, 'hcnB', 0);
    BenchLookasidePairs(&List, 1000);
    Start = read_tsc();
    BenchLookasidePairs(&List, PAIRS);
    report("pool (d) lookaside pair", read_tsc() - Start, PAIRS);
    ExDeleteNPagedLookasideList(&List);
    Start = read_tsc();
    BenchBareFreeListPairs(PAIRS);
    report("bare free list pair", read_tsc() - Start, PAIRS);
}

/* The interlocked family, the SLIST and the spin lock variants, each
 * figure with its loop (a compare and a branch or two). */
static VOID bench_interlocked(VOID)
{
    static SLIST_HEADER List;
    static SLIST_ENTRY Entry;
    static LIST_ENTRY Head, Link;
    volatile LONG Counter = 0;
    KSPIN_LOCK Lock;
    KLOCK_QUEUE_HANDLE Handle;
    ULONGLONG Start;
    ULONG Index;
    KIRQL Old;

    calibrate();
    Start = read_tsc();
    for (Index = 0; Index < PAIRS; Index++)
        InterlockedIncrement(&Counter);
    report_per("InterlockedIncrement (inline lock xadd) with loop",
               read_tsc() - Start, PAIRS, "increment");
    Start = read_tsc();
    for (Index = 0; Index < PAIRS; Index++)
        (InterlockedIncrement)(&Counter);
    report_per("InterlockedIncrement (FASTCALL export) with call and loop",
               read_tsc() - Start, PAIRS, "increment");
    if (Counter != 2 * PAIRS)
        DbgPrint("bench: the counter is %ld\n", Counter);

    InitializeSListHead(&List);
    Start = read_tsc();
    for (Index = 0; Index < PAIRS; Index++) {
        InterlockedPushEntrySList(&List, &Entry);
        InterlockedPopEntrySList(&List);
    }
    report("SLIST push+pop", read_tsc() - Start, PAIRS);

    KeInitializeSpinLock(&Lock);
    Start = read_tsc();
    for (Index = 0; Index < PAIRS; Index++) {
        KeAcquireSpinLock(&Lock, &Old);
        KeReleaseSpinLock(&Lock, Old);
    }
    report("spin lock acquire+release", read_tsc() - Start, PAIRS);
    Start = read_tsc();
    for (Index = 0; Index < PAIRS; Index++) {
        KeAcquireInStackQueuedSpinLock(&Lock, &Handle);
        KeReleaseInStackQueuedSpinLock(&Handle);
    }
    report("in-stack queued spin lock acquire+release", read_tsc() - Start,
           PAIRS);

    InitializeListHead(&Head);
    Start = read_tsc();
    for (Index = 0; Index < PAIRS; Index++) {
        ExInterlockedInsertTailList(&Head, &Link, &Lock);
        ExInterlockedRemoveHeadList(&Head, &Lock);
    }
    report("ExInterlocked insert+remove", read_tsc() - Start, PAIRS);
}

/* The dispatcher: an event ping-pong between two threads (a round trip
 * is two sets, two waits and two switches), and a switch alone, as two
 * threads of one priority yielding to each other. */
#define ROUND_TRIPS 20000

static KEVENT ping, pong;

static VOID NTAPI bench_ponger(PVOID Context)
{
    ULONG Round;

    UNREFERENCED_PARAMETER(Context);
    for (Round = 0; Round < ROUND_TRIPS + 100; Round++) {
        KeWaitForSingleObject(&ping, Executive, KernelMode, FALSE, NULL);
        KeSetEvent(&pong, 0, FALSE);
    }
}

static VOID NTAPI bench_yielder(PVOID Context)
{
    ULONG Round;

    UNREFERENCED_PARAMETER(Context);
    for (Round = 0; Round < ROUND_TRIPS + 100; Round++)
        ZwYieldExecution();
}

/* A thread at Priority, waited for by the caller later. */
static PVOID start_bench_thread(PKSTART_ROUTINE Routine, KPRIORITY Priority)
{
    HANDLE Handle;
    PVOID Thread = NULL;

    if (NT_SUCCESS(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL,
                                        NULL, Routine, NULL))) {
        ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &Thread, NULL);
        KeSetPriorityThread(Thread, Priority);
        ZwClose(Handle);
    }
    return Thread;
}

static VOID bench_dispatcher(VOID)
{
    PKTHREAD Me = KeGetCurrentThread();
    ULONGLONG Start = 0;
    ULONG Round;
    PVOID Thread;

    calibrate();
    DbgPrint("bench guest HAL: %s\n", HalpController->Name);
    KeInitializeEvent(&ping, SynchronizationEvent, FALSE);
    KeInitializeEvent(&pong, SynchronizationEvent, FALSE);
    Thread = start_bench_thread(bench_ponger, 8);
    for (Round = 0; Round < ROUND_TRIPS + 100; Round++) {
        if (Round == 100) /* warm */
            Start = read_tsc();
        KeSetEvent(&ping, 0, FALSE);
        KeWaitForSingleObject(&pong, Executive, KernelMode, FALSE, NULL);
    }
    report_per("event ping-pong", read_tsc() - Start, ROUND_TRIPS,
               "round trip");
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Thread);

    KeSetPriorityThread(Me, 20); /* both yielders start before we count */
    Thread = start_bench_thread(bench_yielder, 20);
    for (Round = 0; Round < ROUND_TRIPS + 100; Round++) {
        if (Round == 100)
            Start = read_tsc();
        ZwYieldExecution();
    }
    /* Each of our yields is two switches: to the other thread and back. */
    report_per("context switch (yield)", read_tsc() - Start, 2 * ROUND_TRIPS,
               "switch");
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Thread);
    KeSetPriorityThread(Me, 8);
}

extern const UCHAR KtUserBench[], KtUserBenchEnd[], KtUserBenchSysexit[];
extern const UCHAR KtUserExitNow[], KtUserExitNowEnd[];

#define SERVICE_CALLS 20000
#define PROCESS_LIVES 50

#define VM_PAIRS 2000

/* NtAllocateVirtualMemory (reserve and commit a page) and
 * NtFreeVirtualMemory (release it) in a process's space, through the Zw
 * entry points: the services' own cost, without the trip from ring 3
 * (iobench.exe, under bench=io, times the same pair from ring 3). */
static VOID bench_virtual_memory(VOID)
{
    ULONGLONG Start = 0;
    KAPC_STATE ApcState;
    PEPROCESS Process;
    ULONG Pair;

    if (!NT_SUCCESS(PspCreateProcess("bench-vm", &Process))) {
        DbgPrint("bench user: no process could be made\n");
        return;
    }
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    for (Pair = 0; Pair < VM_PAIRS + 100; Pair++) {
        PVOID Base = NULL;
        SIZE_T Size = PAGE_SIZE;

        if (Pair == 100)
            Start = read_tsc();
        ZwAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size,
                                MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        Size = 0;
        ZwFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_RELEASE);
    }
    report("NtAllocateVirtualMemory + NtFreeVirtualMemory (a page)",
           read_tsc() - Start, VM_PAIRS);
    KeUnstackDetachProcess(&ApcState);
    ObDereferenceObject(Process);
}

#define CELL_BASE 0x00500000UL

/* A one-page section mapped at CELL_BASE in Process; the section
 * referenced for the caller. */
static NTSTATUS map_cell(PEPROCESS Process, PSECTION *Cell)
{
    LARGE_INTEGER Size = {.QuadPart = PAGE_SIZE};
    HANDLE ProcessHandle = NULL, Section = NULL;
    PVOID Base = (PVOID)CELL_BASE;
    SIZE_T ViewSize = 0;
    NTSTATUS Status;

    Status = ObOpenObjectByPointer(Process, OBJ_KERNEL_HANDLE, NULL,
                                   PROCESS_ALL_ACCESS, *PsProcessType,
                                   KernelMode, &ProcessHandle);
    if (NT_SUCCESS(Status))
        Status = ZwCreateSection(&Section, SECTION_ALL_ACCESS, NULL, &Size,
                                 PAGE_READWRITE, SEC_COMMIT, NULL);
    if (NT_SUCCESS(Status))
        Status = ZwMapViewOfSection(Section, ProcessHandle, &Base, 0, 0, NULL,
                                    &ViewSize, ViewShare, 0, PAGE_READWRITE);
    if (NT_SUCCESS(Status))
        Status = ObReferenceObjectByHandle(Section, 0, MiSectionType,
                                           KernelMode, (PVOID *)Cell, NULL);
    if (Section != NULL)
        ZwClose(Section);
    if (ProcessHandle != NULL)
        ZwClose(ProcessHandle);
    return Status;
}

/* A whole PE program's life (exitnow.exe: image, ntdll and kernel32
 * bound, PEB, heap, the C runtime's start), next to the one-page
 * figure; one warm-up life first lays its image section out. Needs the
 * user images as boot files. */
static VOID bench_pe_lives(LONG Processes, LONG Threads)
{
    NTSTATUS ExitStatus;
    ULONGLONG Start;
    ULONG Life;

    if (!NT_SUCCESS(KtRunProgram("exitnow.exe", "exitnow", 60, &ExitStatus))) {
        DbgPrint("bench user: no exitnow.exe among the boot files\n");
        return;
    }
    KtWaitForProcessObjects(Processes, Threads);
    Start = read_tsc();
    for (Life = 0; Life < PROCESS_LIVES; Life++) {
        KtRunProgram("exitnow.exe", "exitnow", 60, &ExitStatus);
        KtWaitForProcessObjects(Processes, Threads);
    }
    report_per("PE process create to exit (exitnow.exe)", read_tsc() - Start,
               PROCESS_LIVES, "process");
}

/* Ring 3: the null service through int 0x2e and through sysenter, timed
 * in ring 3 (rdtsc); a process's life from creation to its object's
 * deletion. */
static VOID bench_user(VOID)
{
    ULONG OldReturn = KiSystemCallReturn;
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PSP_USER_CONTEXT Context = {0};
    ULONGLONG Times[3] = {0, 0, 0}, Start;
    PEPROCESS Process;
    PETHREAD Thread;
    PSECTION Cell;
    PVOID Page;
    ULONG Life;

    calibrate();
    Context.Ebx = KT_SERVICE_NtTestAlert;
    Context.Ecx = SERVICE_CALLS;
    Context.Edi = CELL_BASE;
    Context.Ebp = (KeFeatureBits & KF_FAST_SYSCALL) != 0;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    KiSystemCallReturn =
        KT_CODE_BASE + (ULONG)(KtUserBenchSysexit - KtUserBench);
    if (!NT_SUCCESS(KtCreateUserProcess(KtUserBench,
                                        (ULONG)(KtUserBenchEnd - KtUserBench),
                                        &Context, &Process, &Thread))) {
        DbgPrint("bench user: no process could be made\n");
        return;
    }
    /* The times go to a section page, which outlives the process's own
     * memory (that goes when it ends). */
    if (!NT_SUCCESS(map_cell(Process, &Cell))) {
        DbgPrint("bench user: no page for the times\n");
        PspTerminateProcess(Process, STATUS_UNSUCCESSFUL);
        ObDereferenceObject(Thread);
        ObDereferenceObject(Process);
        return;
    }
    PspStartThread(Thread);
    KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, NULL);
    /* Unmapped, the page is on a list now, or still valid: resident. */
    Page = MiMapPageInHyperspace(MiGetPteFrame(*MiSectionPrototype(Cell, 0)));
    RtlCopyMemory(Times, Page, sizeof(Times));
    MiUnmapPageInHyperspace(Page);
    ObDereferenceObject(Cell);
    ObDereferenceObject(Thread);
    ObDereferenceObject(Process);
    KiSystemCallReturn = OldReturn;
    report_per("null service (int 0x2e)", Times[1] - Times[0], SERVICE_CALLS,
               "round trip");
    if (Context.Ebp)
        report_per("null service (sysenter)", Times[2] - Times[1],
                   SERVICE_CALLS, "round trip");
    KtWaitForProcessObjects(Processes, Threads);
    Start = read_tsc();
    for (Life = 0; Life < PROCESS_LIVES; Life++) {
        NTSTATUS ExitStatus;

        RtlZeroMemory(&Context, sizeof(Context));
        Context.Esi = KT_SERVICE_NtTerminateProcess;
        KtRunUserCode(KtUserExitNow, (ULONG)(KtUserExitNowEnd - KtUserExitNow),
                      &Context, &ExitStatus);
        KtWaitForProcessObjects(Processes, Threads);
    }
    report_per("process create to exit (a one-page program)",
               read_tsc() - Start, PROCESS_LIVES, "process");
    bench_pe_lives(Processes, Threads);
    bench_virtual_memory();
}

static const struct {
    PCSTR Name;
    VOID (*Routine)(VOID);
} benchmarks[] = {
    {"buddy", bench_buddy},
    {"irql", bench_irql},
    {"pool", bench_pool},
    {"dispatcher", bench_dispatcher},
    {"fastmutex", bench_fast_mutex},
    {"interlocked", bench_interlocked},
    {"user", bench_user},
    {"io", KtBenchIo},
    {"paging", KtBenchPaging},
    {"verifier", KtBenchVerifier},
};

/* An unknown name is a failure, so that a script that misspells one does
 * not take the missing figures for a run. */
VOID KtRunBenchmarks(PCSTR Name)
{
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(benchmarks); Index++) {
        if (strcmp(Name, benchmarks[Index].Name) == 0)
            break;
    }
    if (Index == ARRAYSIZE(benchmarks)) {
        DbgPrint("bench: no benchmark named '%s'; there are:", Name);
        for (Index = 0; Index < ARRAYSIZE(benchmarks); Index++)
            DbgPrint(" %s", benchmarks[Index].Name);
        DbgPrint("\n");
        HaliQemuExit(KI_EXIT_TESTS_FAILED);
        return;
    }
    if (!(KeFeatureBits & KF_RDTSC))
        DbgPrint("bench: this processor has no time-stamp counter; the "
                 "benchmarks need a Pentium or later\n");
    else
        benchmarks[Index].Routine();
    DbgPrint("bench done\n");
    HaliQemuExit(KI_EXIT_TESTS_PASSED);
}
