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

/* A thread that is not the idle thread leaves its wait or starts: into a
 * ready queue, or straight to standby when it should preempt (the
 * DISPATCH_LEVEL software interrupt then switches to it). */
FORCEINLINE VOID KiReadyThreadOn(PKPRCB Prcb, PKTHREAD Thread)
{
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

/* The idle thread has no queue and is never readied. */
FORCEINLINE VOID KiReadyThread(PKTHREAD Thread)
{
    PKPRCB Prcb = KeGetCurrentPrcb();

    if (Thread != Prcb->IdleThread)
        KiReadyThreadOn(Prcb, Thread);
}

/* Takes Thread out of its wait with WaitStatus: off every object's wait
 * list and its timer, boosted by Increment, readied (a thread that
 * waited is never the idle thread, which cannot block). */
FORCEINLINE VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus,
                                KPRIORITY Increment)
{
    PKWAIT_BLOCK First = Thread->WaitBlockList;
    PKWAIT_BLOCK Block;

    /* The first block outside the loop: most waits have only one. */
    RemoveEntryList(&First->WaitListEntry);
    for (Block = First->NextWaitBlock; Block != First;
         Block = Block->NextWaitBlock)
        RemoveEntryList(&Block->WaitListEntry);
    if (Thread->Timer.Header.Inserted)
        KiCancelTimer(&Thread->Timer);
    Thread->WaitBlockList = NULL;
    Thread->WaitStatus = WaitStatus;
    if (Increment > 0) /* no boost leaves the priority as it is */
        Thread->Priority = KiBoostedPriority(Thread->Priority,
                                             Thread->BasePriority, Increment);
    KiReadyThreadOn(KeGetCurrentPrcb(), Thread);
}

/* The switch (kernel/ke/context_switch.asm): the stack and what goes
 * with it, the PCR's stack bounds, the TSS's ring-0 stack, the TEB, CR3
 * and the LDT when they differ. On return the old thread runs again, the
 * lock still held. */
FORCEINLINE VOID KiSwitchThread(PKTHREAD Old, PKTHREAD New)
{
    KiSwapContext(Old, New);
}

/* The current thread has stopped being runnable (it waits or ended):
 * switches to the standby thread, the highest ready one, or the idle
 * thread. Returns, once the thread runs again, with the lock held and
 * its WaitStatus. In assembly with the switch itself
 * (kernel/ke/context_switch.asm), which saves the registers once. */
NTSTATUS FASTCALL KiSwapThread(VOID);

#endif
