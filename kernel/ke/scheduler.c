/*
 * The scheduler: 32 ready queues, one per priority, and a summary bitmap
 * with bit n set while queue n is not empty, all in the processor's KPRCB.
 * The highest ready priority runs. A thread made ready at a higher
 * priority than the running one becomes the standby thread (NextThread)
 * and the DISPATCH_LEVEL software interrupt switches to it, never an
 * ISR: the switch happens when the IRQL drops below DISPATCH_LEVEL.
 * Equal priorities take turns by quantum: the clock takes 3 units a tick
 * from the running thread; at 0 it goes to the back of its queue.
 *
 * Every switch happens with the dispatcher lock held at SYNCH_LEVEL; the
 * thread switched to resumes on its own stack where it once switched
 * away, still holding the lock, and releases it. A new thread starts in
 * KiThreadStartup (thread.c), which releases it too.
 */
#include "kernel/bugcheck.h"
#include "kernel/irql.h"
#include "kernel/process.h"
#include "kernel/thread.h"

/* The dispatcher lock. On one processor nobody can hold it when it is
 * taken, so taking it is an exchange that checks that (SYNCH_LEVEL keeps
 * every other taker out); it is inline here, as it is on every path. */
static volatile KSPIN_LOCK dispatcher_lock;

FORCEINLINE VOID lock_dispatcher(VOID)
{
    KSPIN_LOCK Previous =
        __atomic_exchange_n(&dispatcher_lock, 1, __ATOMIC_ACQUIRE);

    if (Previous != 0)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)&dispatcher_lock,
                     Previous, (ULONG_PTR)__builtin_return_address(0), 0);
}

FORCEINLINE VOID unlock_dispatcher(VOID)
{
#if DBG
    if (dispatcher_lock == 0)
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)&dispatcher_lock, 0, 1, 0);
#endif
    __atomic_store_n(&dispatcher_lock, 0, __ATOMIC_RELEASE);
}

KIRQL KiAcquireDispatcherLock(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);

    lock_dispatcher();
    return OldIrql;
}

VOID KiReleaseDispatcherLock(KIRQL OldIrql)
{
    unlock_dispatcher();
    KfLowerIrql(OldIrql);
}

VOID KiReleaseDispatcherLockToDpcLevel(VOID)
{
    unlock_dispatcher();
}

VOID KiInitializeScheduler(VOID)
{
    PKPRCB Prcb = KeGetCurrentPrcb();
    ULONG Priority;

    for (Priority = 0; Priority < MAXIMUM_PRIORITY; Priority++)
        InitializeListHead(&Prcb->DispatcherReadyListHead[Priority]);
    Prcb->ReadySummary = 0;
}

static VOID insert_ready(PKTHREAD Thread, BOOLEAN AtHead)
{
    KiInsertReadyQueue(KeGetCurrentPrcb(), Thread, AtHead);
}

static VOID remove_ready(PKTHREAD Thread)
{
    KiRemoveReadyQueue(KeGetCurrentPrcb(), Thread);
}

LONG KiHighestReadyPriority(VOID)
{
    return KiHighestReadyPriorityOf(KeGetCurrentPrcb());
}

/* The first thread of the highest ready queue at or above Floor. */
static PKTHREAD take_ready(LONG Floor)
{
    return KiTakeReadyThread(KeGetCurrentPrcb(), Floor);
}

/* The priority a newcomer must beat to preempt: the standby thread's,
 * else the running one's (the idle thread always loses). */
static LONG priority_to_beat(PKPRCB Prcb)
{
    if (Prcb->NextThread != NULL)
        return Prcb->NextThread->Priority;
    if (Prcb->CurrentThread == Prcb->IdleThread)
        return -1;
    return Prcb->CurrentThread->Priority;
}

VOID KiReadyThread(PKTHREAD Thread)
{
    PKPRCB Prcb = KeGetCurrentPrcb();

    if (Thread == Prcb->IdleThread)
        return;
    if (Thread->Priority > priority_to_beat(Prcb)) {
        if (Prcb->NextThread != NULL) /* displaced: first in line again */
            insert_ready(Prcb->NextThread, TRUE);
        Thread->State = Standby;
        Prcb->NextThread = Thread;
        KiRequestSoftwareInterrupt(DISPATCH_LEVEL);
        return;
    }
    insert_ready(Thread, FALSE);
}

/* The stack switch and what goes with it: the PCR's stack bounds, the
 * TSS's ring-0 stack, CR3 when the process differs. On return the
 * old thread runs again. */
static VOID switch_to(PKTHREAD Old, PKTHREAD New)
{
    PKPCR Pcr = KeGetPcr();
    PKPROCESS NewProcess = New->ApcState.Process;

    if (Old->State == Running) /* the idle thread, which has no queue */
        Old->State = Ready;
    New->State = Running;
    New->ContextSwitches++;
    Pcr->PrcbData.ContextSwitches++;
    Pcr->PrcbData.CurrentThread = New;
    Pcr->StackBase = (ULONG)New->InitialStack;
    Pcr->StackLimit = (ULONG)New->StackLimit;
    Pcr->TSS->Esp0 = (ULONG)New->InitialStack;
    if (NewProcess != Old->ApcState.Process &&
        read_cr3() != NewProcess->DirectoryTableBase)
        write_cr3(NewProcess->DirectoryTableBase);
    KiSwitchKernelStack(&Old->KernelStack, New->KernelStack);
    /* Old again, lock held: its kernel APCs may have come while away. */
    if (Old->ApcState.KernelApcPending)
        KiRequestSoftwareInterrupt(APC_LEVEL);
}

/* The thread to run when the current one stops: the standby one, the
 * highest ready one, or the idle thread. */
static PKTHREAD select_next(PKPRCB Prcb)
{
    PKTHREAD Next = Prcb->NextThread;

    if (Next != NULL) {
        Prcb->NextThread = NULL;
        return Next;
    }
    Next = take_ready(0);
    return Next != NULL ? Next : Prcb->IdleThread;
}

NTSTATUS KiSwapThread(VOID)
{
    PKPRCB Prcb = KeGetCurrentPrcb();
    PKTHREAD Old = Prcb->CurrentThread;
    PKTHREAD New = select_next(Prcb);

    if (New != Old)
        switch_to(Old, New);
    else
        Old->State = Running;
    return Old->WaitStatus;
}

/* Quantum end: a fresh quantum, a boost decays by one, and the thread
 * gives way to a ready thread of its priority (round robin). */
static VOID quantum_end(PKPRCB Prcb)
{
    PKTHREAD Thread = Prcb->CurrentThread;
    PKTHREAD Next;

    Thread->Quantum = (SCHAR)Thread->QuantumReset;
    if (Thread == Prcb->IdleThread || Prcb->NextThread != NULL)
        return;
    Thread->Priority =
        KiDecayedPriority(Thread->Priority, Thread->BasePriority);
    Next = take_ready(Thread->Priority);
    if (Next != NULL) {
        Next->State = Standby;
        Prcb->NextThread = Next;
    }
}

VOID KiDispatchInterrupt(VOID)
{
    PKPRCB Prcb = KeGetCurrentPrcb();
    PKTHREAD Old, New;
    KIRQL OldIrql;

    if (!Prcb->QuantumEnd && Prcb->NextThread == NULL)
        return;
    OldIrql = KiAcquireDispatcherLock();
    if (Prcb->QuantumEnd) {
        Prcb->QuantumEnd = FALSE;
        quantum_end(Prcb);
        New = Prcb->NextThread;
        Old = Prcb->CurrentThread;
        if (New != NULL && Old != Prcb->IdleThread &&
            New->Priority == Old->Priority) {
            /* Its turn is over: to the back of its queue. */
            Prcb->NextThread = NULL;
            insert_ready(Old, FALSE);
            switch_to(Old, New);
            KiReleaseDispatcherLock(OldIrql);
            return;
        }
    }
    New = Prcb->NextThread;
    if (New != NULL) {
        Old = Prcb->CurrentThread;
        Prcb->NextThread = NULL;
        /* Preempted with quantum left: first in line at its priority. */
        if (Old != Prcb->IdleThread)
            insert_ready(Old, TRUE);
        switch_to(Old, New);
    }
    KiReleaseDispatcherLock(OldIrql);
}

VOID KiUpdateRunTime(VOID)
{
    PKPRCB Prcb = KeGetCurrentPrcb();
    PKTHREAD Thread = Prcb->CurrentThread;

    if (Thread == NULL)
        return;
    Thread->KernelTime++;
    if (Thread == Prcb->IdleThread)
        return;
    if (KiChargeQuantum(Thread)) {
        Prcb->QuantumEnd = TRUE;
        KiRequestSoftwareInterrupt(DISPATCH_LEVEL);
    }
}

VOID KiSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority)
{
    PKPRCB Prcb = KeGetCurrentPrcb();

    if (Thread->Priority == Priority)
        return;
    switch (Thread->State) {
    case Ready:
        remove_ready(Thread);
        Thread->Priority = (SCHAR)Priority;
        KiReadyThread(Thread);
        break;
    case Standby:
        Thread->Priority = (SCHAR)Priority;
        if (Priority < Prcb->CurrentThread->Priority &&
            Prcb->CurrentThread != Prcb->IdleThread) {
            Prcb->NextThread = NULL;
            insert_ready(Thread, FALSE);
        }
        break;
    case Running:
        Thread->Priority = (SCHAR)Priority;
        if (Prcb->NextThread == NULL && KiHighestReadyPriority() > Priority) {
            PKTHREAD Next = take_ready(0);
            Next->State = Standby;
            Prcb->NextThread = Next;
            KiRequestSoftwareInterrupt(DISPATCH_LEVEL);
        }
        break;
    default: /* waiting or new: takes effect when it is readied */
        Thread->Priority = (SCHAR)Priority;
        break;
    }
}

NTSTATUS NTAPI ZwYieldExecution(VOID)
{
    PKPRCB Prcb = KeGetCurrentPrcb();
    PKTHREAD Thread = Prcb->CurrentThread;
    NTSTATUS Status = STATUS_NO_YIELD_PERFORMED;
    KIRQL OldIrql = KiAcquireDispatcherLock();
    PKTHREAD Next = Prcb->NextThread;

    if (Next == NULL)
        Next = take_ready(Thread->Priority);
    else
        Prcb->NextThread = NULL;
    if (Next != NULL) {
        Thread->Quantum = (SCHAR)Thread->QuantumReset;
        insert_ready(Thread, FALSE);
        switch_to(Thread, Next);
        Status = STATUS_SUCCESS;
    }
    KiReleaseDispatcherLock(OldIrql);
    return Status;
}
