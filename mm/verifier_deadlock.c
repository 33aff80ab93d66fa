/*
 * Driver Verifier's deadlock detection, the kernel's side (include/
 * kernel/verifier_locks.h, docs/verifier.md): one lock-order graph
 * (mm/verifier_deadlock_graph.c) for every verified driver, under a
 * lock taken at HIGH_LEVEL (spin locks are judged at any IRQL), and the
 * stop: the account of the mistake on the console, then 0xC4 with NT's
 * subcode (0x1000 self-deadlock, 0x1001 a cycle, 0x1004 released by a
 * non-owner, 0x1007 released and never acquired, 0x1008/0x1009 a lock
 * used through another type's routine).
 */
#include "kernel/bugcheck.h"
#include "kernel/spin_lock.h"
#include "kernel/symbols.h"
#include "kernel/thread.h"
#include "kernel/verifier.h"
#include "kernel/verifier_locks.h"
#include "kernel/verifier_special_pool.h"

static VI_DEADLOCK_GRAPH graph;
static KSPIN_LOCK graph_lock;
/* The report of the stop, kept for a debugger: 0x1001's parameter 3. */
static VI_DEADLOCK_REPORT stop_report;

/* Threads are known by id: a thread that ended may leave its KTHREAD's
 * memory to the next one, and the stop screen names both. */
static ULONG_PTR thread_id(PKTHREAD Thread)
{
    return (ULONG_PTR)CONTAINING_RECORD(Thread, ETHREAD, Tcb)->Cid.UniqueThread;
}

static BOOLEAN enabled(VOID)
{
    return (VfGetFlags() & DRIVER_VERIFIER_DEADLOCK_DETECTION) != 0;
}

static KIRQL lock_graph(VOID)
{
    KIRQL OldIrql = KeGetCurrentIrql();

    if (OldIrql < HIGH_LEVEL)
        OldIrql = KfRaiseIrql(HIGH_LEVEL);
    KiAcquireSpinLock(&graph_lock);
    return OldIrql;
}

static VOID unlock_graph(KIRQL OldIrql)
{
    KiReleaseSpinLock(&graph_lock);
    KfLowerIrql(OldIrql);
}

static PCSTR type_name(ULONG Type)
{
    static const PCSTR names[ViDeadlockTypes] = {"spin lock", "mutex",
                                                 "fast mutex", "resource"};

    return Type < ViDeadlockTypes ? names[Type] : "lock";
}

/* A return address in a routine, as the backtrace names it: the kernel's
 * symbol, or driver!export+offset (looked up one byte back: a call's
 * return address may be the next routine's first byte). */
static VOID print_routine(ULONG_PTR Address)
{
    PKLDR_DATA_TABLE_ENTRY Driver;
    ULONG_PTR Offset;
    CHAR Module[32];
    PCSTR Name = KiLookupSymbol(Address - 1, &Offset);

    if (Name != NULL)
        DbgPrint("%s+0x%lx", Name, Offset + 1);
    else if (MiLookupDriverSymbol(Address - 1, &Driver, &Name, &Offset))
        DbgPrint("%s%s%s+0x%lx",
                 MiAsciiName(&Driver->BaseDllName, Module, sizeof(Module)),
                 Name != NULL ? "!" : "", Name != NULL ? Name : "", Offset + 1);
    else
        DbgPrint("%08lx", Address);
}

/* The stop screen's account, printed before the bug check through the
 * same console. For a cycle, one pair of lines per edge: the thread held
 * the first lock (taken at a routine) when it took the second. */
static VOID print_report(const VI_DEADLOCK_REPORT *Report)
{
    ULONG Index;

    DbgPrint("\nDriver Verifier: ");
    switch (Report->Issue) {
    case VI_DEADLOCK_CYCLE:
        DbgPrint("deadlock: lock hierarchy violation (a cycle of %lu "
                 "locks)\n",
                 Report->CycleLength);
        for (Index = 0; Index < Report->CycleLength; Index++) {
            const VI_DEADLOCK_CYCLE_EDGE *Edge = &Report->Cycle[Index];
            BOOLEAN Last = Index + 1 == Report->CycleLength;

            DbgPrint("  thread %lu holds %s %08lx, taken at ", Edge->Thread,
                     type_name(Edge->FromType), Edge->FromLock);
            print_routine(Edge->FromCaller);
            DbgPrint("\n    %s %s %08lx at ",
                     Last ? "and now asks for" : "and took",
                     type_name(Edge->ToType), Edge->ToLock);
            print_routine(Edge->ToCaller);
            DbgPrint("\n");
        }
        DbgPrint("  Each thread waits for a lock the next one holds when "
                 "their timing lines up.\n");
        return;
    case VI_DEADLOCK_SELF:
        DbgPrint("self-deadlock: thread %lu asks again for %s %08lx it "
                 "holds\n",
                 Report->Thread, type_name(Report->Type), Report->Lock);
        return;
    case VI_DEADLOCK_WRONG_THREAD:
        DbgPrint("thread %lu releases %s %08lx, which thread %lu holds\n",
                 Report->Thread, type_name(Report->Type), Report->Lock,
                 Report->Owner);
        return;
    case VI_DEADLOCK_NOT_ACQUIRED:
        DbgPrint("thread %lu releases %s %08lx, which nobody acquired\n",
                 Report->Thread, type_name(Report->Type), Report->Lock);
        return;
    default:
        DbgPrint("%s %08lx used through a %s routine\n",
                 type_name(Report->OtherType), Report->Lock,
                 type_name(Report->Type));
        return;
    }
}

/* The owner's KTHREAD for 0x1004's parameter 3: the graph knows its
 * id; the lookup is made below DISPATCH_LEVEL only (its id otherwise). */
static ULONG_PTR owner_address(ULONG_PTR Id)
{
    PETHREAD Thread;

    if (KeGetCurrentIrql() >= DISPATCH_LEVEL ||
        !NT_SUCCESS(PsLookupThreadByThreadId((HANDLE)Id, &Thread)))
        return Id;
    return (ULONG_PTR)&Thread->Tcb; /* the reference stays: we stop */
}

static DECLSPEC_NORETURN VOID stop(const VI_DEADLOCK_REPORT *Report,
                                   PVOID Caller)
{
    ULONG_PTR Parameter3 = 0, Parameter4 = 0;

    stop_report = *Report;
    print_report(Report);
    DbgPrint("  called from ");
    print_routine((ULONG_PTR)Caller);
    DbgPrint("\n");
    switch (Report->Issue) {
    case VI_DEADLOCK_CYCLE:
        Parameter3 = (ULONG_PTR)&stop_report;
        break;
    case VI_DEADLOCK_WRONG_THREAD: /* NT: the owner, the current thread */
        Parameter3 = owner_address(Report->Owner);
        Parameter4 = (ULONG_PTR)KeGetCurrentThread();
        break;
    case VI_DEADLOCK_ACQUIRE_MISMATCH:
    case VI_DEADLOCK_RELEASE_MISMATCH:
        Parameter3 = Report->OtherType;
        Parameter4 = Report->Type;
        break;
    }
    KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, Report->Issue,
                 Report->Lock, Parameter3, Parameter4);
}

VOID ViDeadlockAcquire(PVOID Lock, ULONG Type, BOOLEAN Try, PVOID Caller)
{
    VI_DEADLOCK_REPORT Report;
    KIRQL OldIrql;

    if (!enabled())
        return;
    OldIrql = lock_graph();
    ViDeadlockGraphAcquire(&graph, (ULONG_PTR)Lock, Type,
                           thread_id(KeGetCurrentThread()), (ULONG_PTR)Caller,
                           Try, &Report);
    unlock_graph(OldIrql);
    if (Report.Issue != 0)
        stop(&Report, Caller);
}

VOID ViDeadlockReleaseForThread(PVOID Lock, ULONG Type, ULONG_PTR Thread,
                                PVOID Caller)
{
    VI_DEADLOCK_REPORT Report;
    KIRQL OldIrql;

    /* An owner pointer with its low bits set (ExSetResourceOwnerPointer)
     * is no thread the graph knows. */
    if (!enabled() || (Thread & 3) != 0)
        return;
    OldIrql = lock_graph();
    ViDeadlockGraphRelease(&graph, (ULONG_PTR)Lock, Type,
                           thread_id((PKTHREAD)Thread), &Report);
    unlock_graph(OldIrql);
    if (Report.Issue != 0)
        stop(&Report, Caller);
}

VOID ViDeadlockRelease(PVOID Lock, ULONG Type, PVOID Caller)
{
    ViDeadlockReleaseForThread(Lock, Type, (ULONG_PTR)KeGetCurrentThread(),
                               Caller);
}

/* The pool is asked for the block's size only when a tracked lock lies
 * at or after its start (within 16 MiB): most frees hold none. */
VOID ViDeadlockFreePool(PVOID Va)
{
    ULONG_PTR Start = (ULONG_PTR)Va;
    BOOLEAN Candidate = FALSE, Quota;
    SIZE_T Size;
    ULONG Index;
    KIRQL OldIrql;

    if (!enabled())
        return;
    OldIrql = lock_graph();
    for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_LOCKS; Index++)
        if (graph.Nodes[Index].Lock != 0 &&
            graph.Nodes[Index].Lock - Start < 0x1000000)
            Candidate = TRUE;
    unlock_graph(OldIrql);
    if (!Candidate)
        return;
    /* A special-pool block runs to its page's end. */
    Size = ViIsSpecialPool(Va) ? PAGE_SIZE - BYTE_OFFSET(Va)
                               : ExQueryPoolBlockSize(Va, &Quota);
    OldIrql = lock_graph();
    ViDeadlockGraphForget(&graph, Start, Size, FALSE);
    unlock_graph(OldIrql);
}

VOID ViDeadlockUnloadImage(PKLDR_DATA_TABLE_ENTRY Entry)
{
    KIRQL OldIrql = lock_graph();

    ViDeadlockGraphForget(&graph, (ULONG_PTR)Entry->DllBase, Entry->SizeOfImage,
                          TRUE);
    unlock_graph(OldIrql);
}

VOID ViQueryDeadlockCounters(VF_LOCK_COUNTERS *Counters)
{
    KIRQL OldIrql = lock_graph();

    Counters->LocksTracked = ViDeadlockGraphLocks(&graph);
    Counters->Edges = ViDeadlockGraphEdges(&graph);
    Counters->Acquisitions = graph.Acquisitions;
    Counters->Releases = graph.Releases;
    unlock_graph(OldIrql);
}
