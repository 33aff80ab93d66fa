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
#include "kernel/dispatcher.h"
#include "kernel/irql.h"

volatile KSPIN_LOCK KiDispatcherLock;

VOID KiDispatcherLockOwned(ULONG_PTR Caller)
{
    KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)&KiDispatcherLock, 1,
                 Caller, 0);
}

VOID KiDispatcherLockNotOwned(VOID)
{
    KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)&KiDispatcherLock, 0, 1, 0);
}

VOID KiInitializeScheduler(VOID)
{
    PKPRCB Prcb = KeGetCurrentPrcb();
    ULONG Priority;

    for (Priority = 0; Priority < MAXIMUM_PRIORITY; Priority++)
        InitializeListHead(&Prcb->DispatcherReadyListHead[Priority]);
    Prcb->ReadySummary = 0;
}

FORCEINLINE VOID insert_ready(PKTHREAD Thread, BOOLEAN AtHead)
{
    KiInsertReadyQueue(KeGetCurrentPrcb(), Thread, AtHead);
}

FORCEINLINE VOID remove_ready(PKTHREAD Thread)
{
    KiRemoveReadyQueue(KeGetCurrentPrcb(), Thread);
}

LONG KiHighestReadyPriority(VOID)
{
    return KiHighestReadyPriorityOf(KeGetCurrentPrcb());
}

/* The first thread of the highest ready queue at or above Floor. */
FORCEINLINE PKTHREAD take_ready(LONG Floor)
{
    return KiTakeReadyThread(KeGetCurrentPrcb(), Floor);
}

/* KiSwapThread and KiSwapContext are in kernel/ke/context_switch.asm,
 * which reaches these fields by offset. */
#define SWITCH_OFFSET(Type, Field, Offset)                                     \
    _Static_assert(offsetof(Type, Field) == (Offset), #Type "." #Field)
SWITCH_OFFSET(KPCR, StackBase, 0x04);
SWITCH_OFFSET(KPCR, StackLimit, 0x08);
SWITCH_OFFSET(KPCR, SelfPcr, 0x1C);
SWITCH_OFFSET(KPCR, TSS, 0x40);
SWITCH_OFFSET(KPCR, PrcbData.CurrentThread, 0x124);
SWITCH_OFFSET(KPCR, PrcbData.NextThread, 0x128);
SWITCH_OFFSET(KPCR, PrcbData.IdleThread, 0x12C);
SWITCH_OFFSET(KPCR, PrcbData.ReadySummary, 0x134);
SWITCH_OFFSET(KPCR, PrcbData.DispatcherReadyListHead, 0x138);
SWITCH_OFFSET(KPCR, PrcbData.ContextSwitches, 0x240);
SWITCH_OFFSET(KTSS, Esp0, 0x04);
SWITCH_OFFSET(KTHREAD, InitialStack, 0x18);
SWITCH_OFFSET(KTHREAD, StackLimit, 0x1C);
SWITCH_OFFSET(KTHREAD, KernelStack, 0x20);
SWITCH_OFFSET(KTHREAD, State, 0x24);
SWITCH_OFFSET(KTHREAD, WaitStatus, 0x38);
SWITCH_OFFSET(KTHREAD, WaitListEntry, 0xC8);
SWITCH_OFFSET(KTHREAD, ApcState.Process, 0xE0);
SWITCH_OFFSET(KTHREAD, ApcState.KernelApcPending, 0xE5);
SWITCH_OFFSET(KTHREAD, ContextSwitches, 0x120);
SWITCH_OFFSET(KTHREAD, Teb, 0x134);
_Static_assert(Ready == 1 && Running == 2,
               "the states context_switch.asm sets");

VOID FASTCALL KiSwapProcessContext(PKTHREAD Old, PKTHREAD New)
{
    PKPCR Pcr = KeGetPcr();
    PKPROCESS NewProcess = New->ApcState.Process;

    if (New->Teb != Old->Teb && New->Teb != NULL)
        KiSetTebDescriptor(Pcr, (ULONG)New->Teb); /* fs in ring 3 */
    if (NewProcess != Old->ApcState.Process) {
        if (read_cr3() != NewProcess->DirectoryTableBase)
            write_cr3(NewProcess->DirectoryTableBase);
        KiLoadProcessLdt(Pcr, &NewProcess->LdtDescriptor);
    }
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
            KiSwitchThread(Old, New);
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
        KiSwitchThread(Old, New);
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

NTSTATUS NTAPI NtYieldExecution(VOID)
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
        KiSwitchThread(Thread, Next);
        Status = STATUS_SUCCESS;
    }
    KiReleaseDispatcherLock(OldIrql);
    return Status;
}

NTSTATUS NTAPI ZwYieldExecution(VOID)
{
    return NtYieldExecution();
}
