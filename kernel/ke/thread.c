/*
 * Threads, the kernel's half: a 12 KiB kernel stack from system PTEs with
 * an unmapped guard page below it (an overflow faults on the guard, the
 * fault cannot push its frame, and the double-fault task reports it), an
 * initial frame that makes a new thread look like one that switched away,
 * the end of a thread, and the idle thread the boot flow becomes.
 */
#include "kernel/thread.h"
#include "kernel/bugcheck.h"
#include "kernel/dispatcher.h"
#include "kernel/irql.h"
#include "kernel/mm.h"
#include "kernel/process.h"

#define KERNEL_STACK_PAGES (KERNEL_STACK_SIZE / PAGE_SIZE)
#define INITIAL_EFLAGS 0x00000002 /* interrupts off until it starts */
/* The switch frame context_switch.asm pops, then the return into the thread. */
typedef struct _KSWITCH_FRAME {
    PVOID ExceptionList;
    ULONG Edi, Esi, Ebx, Ebp;
    ULONG EFlags;
    PVOID ReturnAddress;
    PVOID StartupReturnAddress; /* KiThreadStartup's: 0 ends backtraces */
} KSWITCH_FRAME;

ETHREAD KiInitialThread;
/* Threads that ended and whose stacks are still to be given back. */
static LIST_ENTRY terminated_threads = {&terminated_threads,
                                        &terminated_threads};
static KDPC reaper_dpc;
static KDEFERRED_ROUTINE reap;

static VOID initialize_thread_object(PKTHREAD Thread, PKPROCESS Process)
{
    Thread->Header.Type = ThreadObject;
    Thread->Header.Size = sizeof(KTHREAD) / sizeof(ULONG);
    Thread->Header.SignalState = 0;
    InitializeListHead(&Thread->Header.WaitListHead);
    InitializeListHead(&Thread->MutantListHead);
    KeInitializeTimer(&Thread->Timer);
    Thread->ApcQueueable = TRUE;
    Thread->Process = Process;
    Thread->Quantum = Thread->QuantumReset = THREAD_QUANTUM;
    KiInitializeApcState(Thread);
    Thread->ApcState.Process = Process;
    KiInitializeSuspend(Thread);
}

/* The boot flow becomes a thread at once, so that everything after the
 * GDT has a current thread; it becomes the idle thread at the end. */
VOID KiInitializeBootThread(VOID)
{
    PKPRCB Prcb = KeGetCurrentPrcb();
    PKTHREAD Thread = &KiInitialThread.Tcb;

    KiInitializeScheduler();
    InitializeListHead(&Prcb->DpcListHead);
    initialize_thread_object(Thread, &PsInitialSystemProcess->Pcb);
    Thread->InitialStack = KiBootStackTop;
    Thread->StackLimit = KiBootStack;
    Thread->State = Running;
    Thread->Priority = Thread->BasePriority = 0;
    KiInitialThread.SystemThread = TRUE;
    InitializeListHead(&KiInitialThread.ThreadListEntry);
    Prcb->CurrentThread = Prcb->IdleThread = Thread;
    KeInitializeDpc(&reaper_dpc, reap, NULL);
}

/* The first code a new thread runs: it inherits the dispatcher lock from
 * the thread that switched to it, then goes down to PASSIVE_LEVEL. */
static DECLSPEC_NORETURN VOID KiThreadStartup(VOID)
{
    PKTHREAD Thread = KiCurrentThread();

    KiReleaseDispatcherLockToDpcLevel();
    cpu_enable_interrupts();
    if (Thread->ApcState.KernelApcPending)
        KiRequestSoftwareInterrupt(APC_LEVEL);
    KfLowerIrql(PASSIVE_LEVEL);
    Thread->SystemRoutine(Thread->StartRoutine, Thread->StartContext);
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, STATUS_UNSUCCESSFUL,
                 (ULONG_PTR)Thread->SystemRoutine, (ULONG_PTR)Thread, 0);
}

NTSTATUS KeInitializeThread(PKTHREAD Thread, PKPROCESS Process,
                            PKSYSTEM_ROUTINE SystemRoutine,
                            PKSTART_ROUTINE StartRoutine, PVOID StartContext)
{
    PUCHAR Stack = MiAllocateSystemPages(KERNEL_STACK_PAGES, PAGE_READWRITE);
    KSWITCH_FRAME *Frame;

    if (Stack == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlZeroMemory(Thread, sizeof(*Thread));
    initialize_thread_object(Thread, Process);
    Thread->StackLimit = Stack;
    Thread->InitialStack = Stack + KERNEL_STACK_SIZE;
    Thread->SystemRoutine = SystemRoutine;
    Thread->StartRoutine = StartRoutine;
    Thread->StartContext = StartContext;
    Thread->Priority = Thread->BasePriority = 8;
    Thread->State = Initialized;

    Frame = (KSWITCH_FRAME *)((PUCHAR)KiUserTrapFrame(Thread) - sizeof(*Frame));
    Frame->ExceptionList = EXCEPTION_CHAIN_END;
    Frame->EFlags = INITIAL_EFLAGS;
    Frame->ReturnAddress = (PVOID)KiThreadStartup;
    Thread->KernelStack = Frame;
    return STATUS_SUCCESS;
}

VOID KeStartThread(PKTHREAD Thread)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();

    InsertTailList(&Thread->Process->ThreadListHead, &Thread->ThreadListEntry);
    KiReadyThread(Thread);
    KiReleaseDispatcherLock(OldIrql);
}

VOID KeTerminateThread(VOID)
{
    PKTHREAD Thread = KiCurrentThread();

    KiAcquireDispatcherLock();
    Thread->ApcQueueable = FALSE;
    KiRundownMutants(Thread);
    Thread->Header.SignalState = 1;
    KiWaitTest(&Thread->Header, 0);
    RemoveEntryList(&Thread->ThreadListEntry);
    Thread->State = Terminated;
    InsertTailList(&terminated_threads, &Thread->WaitListEntry);
    /* Runs once this stack is no longer the one in use. */
    KeInsertQueueDpc(&reaper_dpc, NULL, NULL);
    KiSwapThread();
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, STATUS_UNSUCCESSFUL,
                 (ULONG_PTR)Thread, 0, 0); /* a dead thread was resumed */
}

VOID KiReleaseThreadStack(PKTHREAD Thread)
{
    MiFreeSystemPages(Thread->StackLimit);
    Thread->StackLimit = Thread->InitialStack = NULL;
}

/* The executive's part of an ended thread (kernel/ps/thread.c). */
VOID PspThreadStackReaped(PKTHREAD Thread);

VOID KiReapTerminatedThreads(VOID)
{
    for (;;) {
        KIRQL OldIrql = KiAcquireDispatcherLock();
        PKTHREAD Thread = NULL;

        if (!IsListEmpty(&terminated_threads))
            Thread = CONTAINING_RECORD(RemoveHeadList(&terminated_threads),
                                       KTHREAD, WaitListEntry);
        KiReleaseDispatcherLock(OldIrql);
        if (Thread == NULL)
            return;
        KiReleaseThreadStack(Thread);
        PspThreadStackReaped(Thread);
    }
}

static VOID NTAPI reap(PKDPC Dpc, PVOID Context, PVOID Argument1,
                       PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KiReapTerminatedThreads();
}

/* Stacks start zeroed: the lowest word no longer zero marks the deepest
 * use (a zero pushed at the very bottom would hide, never inflate). */
ULONG KiStackHighWater(PKTHREAD Thread)
{
    const ULONG *Word = Thread->StackLimit;
    const ULONG *Top = Thread->InitialStack;

    if (Word == NULL)
        return 0;
    while (Word < Top && *Word == 0)
        Word++;
    return (ULONG)((const UCHAR *)Top - (const UCHAR *)Word);
}

/* The idle thread halts with interrupts on; whatever makes a thread
 * ready also asks for the DISPATCH_LEVEL interrupt, which switches away
 * from here on the way out of the interrupt that woke the processor. */
VOID KiIdleLoop(VOID)
{
    KfLowerIrql(PASSIVE_LEVEL);
    for (;;)
        cpu_wait_for_interrupt();
}

PKTHREAD NTAPI KeGetCurrentThread(VOID)
{
    return KiCurrentThread();
}
