/*
 * The shell's view of threads: `threads`, a line per thread as WinDbg's
 * !process 0 7 summary gives it, and `thread ID`, one thread's wait
 * blocks and a backtrace from the context it saved when it switched away.
 * States are copied under the dispatcher lock, then printed.
 */
#include "kernel/process.h"
#include "kernel/shell.h"
#include "kernel/symbols.h"
#include "kernel/thread.h"

#define MAXIMUM_LISTED 64
#define BACKTRACE_DEPTH 12

typedef struct _THREAD_ROW {
    PETHREAD Thread;
    ULONG Id;
    UCHAR State, WaitReason;
    SCHAR Priority, BasePriority;
    PVOID WaitObject; /* the first object waited on */
    ULONG StackUsed, HighWater, Ticks, Switches;
    PVOID Start;
} THREAD_ROW;

static const PCSTR state_names[] = {"Initialized", "Ready",      "Running",
                                    "Standby",     "Terminated", "Waiting"};
static const PCSTR reason_names[] = {
    "Executive",        "FreePage",         "PageIn",
    "PoolAllocation",   "DelayExecution",   "Suspended",
    "UserRequest",      "WrExecutive",      "WrFreePage",
    "WrPageIn",         "WrPoolAllocation", "WrDelayExecution",
    "WrSuspended",      "WrUserRequest",    "WrEventPair",
    "WrQueue",          "WrLpcReceive",     "WrLpcReply",
    "WrVirtualMemory",  "WrPageOut",        "WrRendezvous",
    "WrKeyedEvent",     "WrTerminated",     "WrProcessInSwap",
    "WrCpuRateControl", "WrCalloutStack",   "WrKernel",
    "WrResource",       "WrPushLock",       "WrMutex",
    "WrQuantumEnd",     "WrDispatchInt",    "WrPreempted",
    "WrYieldExecution", "WrFastMutex",      "WrGuardedMutex",
    "WrRundown"};

static PCSTR object_kind(PVOID Object, PKTHREAD Waiter)
{
    const DISPATCHER_HEADER *Header = Object;

    if (Object == &Waiter->Timer)
        return "timeout";
    switch (Header->Type) {
    case EventNotificationObject:
        return "notification event";
    case EventSynchronizationObject:
        return "synchronization event";
    case MutantObject:
        return "mutex";
    case SemaphoreObject:
        return "semaphore";
    case ThreadObject:
        return "thread";
    case ProcessObject:
        return "process";
    case TimerNotificationObject:
    case TimerSynchronizationObject:
        return "timer";
    default:
        return "object";
    }
}

static VOID fill_row(THREAD_ROW *Row, PETHREAD Thread)
{
    PKTHREAD Tcb = &Thread->Tcb;
    ULONG Here; /* on this stack: where the running thread is now */
    ULONG Esp =
        Tcb == KeGetCurrentThread() ? (ULONG)&Here : (ULONG)Tcb->KernelStack;

    Row->Thread = Thread;
    Row->Id = (ULONG)(ULONG_PTR)Thread->Cid.UniqueThread;
    Row->State = Tcb->State;
    Row->WaitReason = Tcb->WaitReason;
    Row->Priority = Tcb->Priority;
    Row->BasePriority = Tcb->BasePriority;
    Row->WaitObject = Tcb->State == Waiting && Tcb->WaitBlockList != NULL
                          ? Tcb->WaitBlockList->Object
                          : NULL;
    Row->StackUsed = (ULONG)Tcb->InitialStack - Esp;
    Row->HighWater = KiStackHighWater(Tcb);
    Row->Ticks = Tcb->KernelTime;
    Row->Switches = Tcb->ContextSwitches;
    Row->Start = (PVOID)Thread->StartAddress;
}

/* Copies up to Maximum rows of live threads (their stacks not yet given
 * back); returns how many. */
static ULONG collect(THREAD_ROW *Rows, ULONG Maximum)
{
    PLIST_ENTRY Entry;
    ULONG Count = 0;
    KIRQL ListIrql, OldIrql;

    KeAcquireSpinLock(&PspActiveThreadsLock, &ListIrql);
    OldIrql = KiAcquireDispatcherLock();
    for (Entry = PspActiveThreads.Flink;
         Entry != &PspActiveThreads && Count < Maximum; Entry = Entry->Flink) {
        PETHREAD Thread = CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);

        if (!Thread->StackReaped && Thread->Tcb.State != Terminated)
            fill_row(&Rows[Count++], Thread);
    }
    KiReleaseDispatcherLock(OldIrql);
    KeReleaseSpinLock(&PspActiveThreadsLock, ListIrql);
    return Count;
}

static PCSTR symbol_of(PVOID Address)
{
    ULONG_PTR Offset;
    PCSTR Name;

    if (Address == NULL)
        return "(the boot flow)";
    Name = KiLookupSymbol((ULONG_PTR)Address, &Offset);
    return Name != NULL ? Name : "?";
}

BOOLEAN KiShellThreads(ULONG Argc, PCHAR Argv[])
{
    static THREAD_ROW Rows[MAXIMUM_LISTED];
    ULONG Count, Index;

    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    Count = collect(Rows, MAXIMUM_LISTED);
    DbgPrint("  id thread   state       pri base wait             object   "
             "stack/high  ticks start\n");
    for (Index = 0; Index < Count; Index++) {
        const THREAD_ROW *Row = &Rows[Index];

        DbgPrint("%4lu %08lx %-11s %3d %4d %-16s %08lx %5lu/%-5lu %5lu %s\n",
                 Row->Id, (ULONG)Row->Thread, state_names[Row->State],
                 Row->Priority, Row->BasePriority,
                 Row->State == Waiting ? reason_names[Row->WaitReason] : "-",
                 (ULONG)Row->WaitObject, Row->StackUsed, Row->HighWater,
                 Row->Ticks, symbol_of(Row->Start));
    }
    DbgPrint("%lu thread(s)\n", Count);
    return TRUE;
}

/* The return addresses of a thread that switched away, read under the
 * dispatcher lock (it can neither run nor end meanwhile): its saved EBP
 * is the fifth word of the switch frame, the return into the routine
 * that switched away (KiSwapThread's caller for a wait) the seventh. */
static ULONG saved_backtrace(PKTHREAD Tcb, ULONG *Returns, ULONG Maximum)
{
    const ULONG *Frame = Tcb->KernelStack;
    ULONG Low = (ULONG)Tcb->StackLimit, High = (ULONG)Tcb->InitialStack;
    ULONG Ebp = Frame[4], Return = Frame[6], Count = 0;

    while (Count < Maximum && Return != 0) {
        Returns[Count++] = Return;
        if (Ebp < Low || Ebp + 8 > High || (Ebp & 3) != 0 ||
            ((const ULONG *)Ebp)[0] <= Ebp)
            break;
        Return = ((const ULONG *)Ebp)[1];
        Ebp = ((const ULONG *)Ebp)[0];
    }
    return Count;
}

ULONG KiCollectWaitBlocks(PKTHREAD Thread, PKWAIT_BLOCK Blocks[], ULONG Maximum)
{
    PKWAIT_BLOCK Block = Thread->WaitBlockList;
    ULONG Count = 0;

    if (Thread->State != Waiting || Block == NULL)
        return 0;
    do {
        Blocks[Count++] = Block;
        Block = Block->NextWaitBlock;
    } while (Block != Thread->WaitBlockList && Count < Maximum);
    return Count;
}

BOOLEAN KiShellThread(ULONG Argc, PCHAR Argv[])
{
    static THREAD_ROW Rows[MAXIMUM_LISTED];
    /* Up to 64 objects with the caller's blocks, and the timeout's. */
    PKWAIT_BLOCK Blocks[MAXIMUM_WAIT_OBJECTS + 1];
    ULONG Returns[BACKTRACE_DEPTH], ReturnCount = 0;
    ULONG Id, Count, Index, BlockCount = 0;
    const THREAD_ROW *Row = NULL;
    PKTHREAD Tcb;
    KIRQL OldIrql;

    if (Argc != 2 || !KiShellParseNumber(Argv[1], 10, &Id))
        return FALSE;
    Count = collect(Rows, MAXIMUM_LISTED);
    for (Index = 0; Index < Count; Index++) {
        if (Rows[Index].Id == Id)
            Row = &Rows[Index];
    }
    if (Row == NULL) {
        DbgPrint("thread: no thread with id %lu (threads lists them)\n", Id);
        return TRUE;
    }
    Tcb = &Row->Thread->Tcb;
    DbgPrint("Thread %lu at %08lx: %s, priority %d (base %d), start %s\n",
             Row->Id, (ULONG)Row->Thread, state_names[Row->State],
             Row->Priority, Row->BasePriority, symbol_of(Row->Start));
    DbgPrint("Stack %08lx-%08lx: %lu bytes in use, %lu at most; %lu ticks, "
             "%lu switches\n",
             (ULONG)Tcb->StackLimit, (ULONG)Tcb->InitialStack, Row->StackUsed,
             Row->HighWater, Row->Ticks, Row->Switches);
    OldIrql = KiAcquireDispatcherLock();
    if (Tcb != KeGetCurrentThread() && Tcb->State != Terminated)
        ReturnCount = saved_backtrace(Tcb, Returns, BACKTRACE_DEPTH);
    BlockCount = KiCollectWaitBlocks(Tcb, Blocks, ARRAYSIZE(Blocks));
    KiReleaseDispatcherLock(OldIrql);
    if (BlockCount != 0)
        DbgPrint("Waiting (%s, %s%s) on:\n", reason_names[Row->WaitReason],
                 Blocks[0]->WaitType == WaitAll ? "all" : "any",
                 Tcb->Alertable ? ", alertable" : "");
    for (Index = 0; Index < BlockCount; Index++)
        DbgPrint("  block %08lx: %s %08lx, key %u\n", (ULONG)Blocks[Index],
                 object_kind(Blocks[Index]->Object, Tcb),
                 (ULONG)Blocks[Index]->Object, Blocks[Index]->WaitKey);
    if (Tcb == KeGetCurrentThread()) {
        DbgPrint("(running now: no saved context)\n");
        return TRUE;
    }
    DbgPrint("Backtrace:\n");
    for (Index = 0; Index < ReturnCount; Index++) {
        ULONG_PTR Offset;
        PCSTR Name = KiLookupSymbol(Returns[Index] - 1, &Offset);

        DbgPrint("  %08lx  %s+0x%lx\n", Returns[Index],
                 Name != NULL ? Name : "?", Offset + 1);
    }
    return TRUE;
}
