/*
 * The dispatcher's hot path, inline (as ReactOS keeps its own in ke_x.h):
 * readying a thread, taking a thread out of its wait, and the switch.
 * Every signal and every blocking wait runs them, so each caller gets its
 * own copy instead of a chain of calls. The dispatcher lock is held
 * throughout.
 */
#ifndef KERNEL_DISPATCHER_H
#define KERNEL_DISPATCHER_H

#include "kernel/irql.h"
#include "kernel/process.h"
#include "kernel/quantum.h"
#include "kernel/ready_queue.h"
#include "kernel/thread.h"

/* The priority a newcomer must beat to preempt: the standby thread's,
 * else the running one's (the idle thread always loses). */
FORCEINLINE LONG KiPriorityToBeat(const KPRCB *Prcb)
{
    if (Prcb->NextThread != NULL)
        return Prcb->NextThread->Priority;
    if (Prcb->CurrentThread == Prcb->IdleThread)
        return -1;
    return Prcb->CurrentThread->Priority;
}

/* A thread leaves its wait or starts: into a ready queue, or straight to
 * standby when it should preempt (the DISPATCH_LEVEL software interrupt
 * then switches to it). */
FORCEINLINE VOID KiReadyThread(PKTHREAD Thread)
{
    PKPRCB Prcb = KeGetCurrentPrcb();

    if (Thread == Prcb->IdleThread)
        return;
    if (Thread->Priority > KiPriorityToBeat(Prcb)) {
        if (Prcb->NextThread != NULL) /* displaced: first in line again */
            KiInsertReadyQueue(Prcb, Prcb->NextThread, TRUE);
        Thread->State = Standby;
        Prcb->NextThread = Thread;
        KiRequestSoftwareInterrupt(DISPATCH_LEVEL);
        return;
    }
    KiInsertReadyQueue(Prcb, Thread, FALSE);
}

/* Takes Thread out of its wait with WaitStatus: off every object's wait
 * list and its timer, boosted by Increment, readied. */
FORCEINLINE VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus,
                                KPRIORITY Increment)
{
    PKWAIT_BLOCK Block = Thread->WaitBlockList;

    do {
        RemoveEntryList(&Block->WaitListEntry);
        Block = Block->NextWaitBlock;
    } while (Block != Thread->WaitBlockList);
    if (Thread->Timer.Header.Inserted)
        KiCancelTimer(&Thread->Timer);
    Thread->WaitBlockList = NULL;
    Thread->WaitStatus = WaitStatus;
    Thread->Priority =
        KiBoostedPriority(Thread->Priority, Thread->BasePriority, Increment);
    KiReadyThread(Thread);
}

/* The stack switch and what goes with it: the PCR's stack bounds, the
 * TSS's ring-0 stack, CR3 when the process differs. On return the old
 * thread runs again, the lock still held. */
FORCEINLINE VOID KiSwitchThread(PKTHREAD Old, PKTHREAD New)
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
    if (New->Teb != Old->Teb && New->Teb != NULL)
        KiSetTebDescriptor(Pcr, (ULONG)New->Teb); /* fs in ring 3 */
    if (NewProcess != Old->ApcState.Process) {
        if (read_cr3() != NewProcess->DirectoryTableBase)
            write_cr3(NewProcess->DirectoryTableBase);
        KiLoadProcessLdt(Pcr, &NewProcess->LdtDescriptor);
    }
    KiSwitchKernelStack(&Old->KernelStack, New->KernelStack);
    /* Old again: its kernel APCs may have come while it was away. */
    if (Old->ApcState.KernelApcPending)
        KiRequestSoftwareInterrupt(APC_LEVEL);
}

/* The current thread has stopped being runnable (it waits or ended):
 * switches to the standby thread, the highest ready one, or the idle
 * thread. Returns, once the thread runs again, with the lock held and
 * its WaitStatus. Out of line (kernel/ke/scheduler.c): inlined into a
 * wait it costs more in spilled registers than the call. */
NTSTATUS FASTCALL KiSwapThread(VOID);

#endif
