/*
 * What a wait does to each kind of dispatcher object, and when it may: an
 * event or timer is signalled while SignalState is 1, and a
 * synchronization one resets when it releases a waiter; a semaphore while
 * its count is above 0, and each waiter takes one; a mutant while it is
 * free or already owned by the waiter (recursion counts SignalState below
 * 0), and the waiter becomes its owner. Threads and processes stay
 * signalled once they end. Pure: the host tests build it.
 */
#include "kernel/thread.h"

BOOLEAN KiIsObjectSignaled(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
    if (Object->Type == MutantObject)
        return Object->SignalState > 0 ||
               ((PKMUTANT)Object)->OwnerThread == Thread;
    return Object->SignalState > 0;
}

NTSTATUS KiSatisfyObject(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
    PKMUTANT Mutant = (PKMUTANT)Object;
    NTSTATUS Status = STATUS_SUCCESS;

    switch (Object->Type) {
    case EventSynchronizationObject:
    case TimerSynchronizationObject:
        Object->SignalState = 0;
        break;
    case SemaphoreObject:
        Object->SignalState--;
        break;
    case MutantObject:
        if (--Object->SignalState == 0) {
            Mutant->OwnerThread = Thread;
            Thread->KernelApcDisable -= Mutant->ApcDisable;
            if (Mutant->Abandoned) {
                Mutant->Abandoned = FALSE;
                Status = STATUS_ABANDONED;
            }
            InsertTailList(&Thread->MutantListHead, &Mutant->MutantListEntry);
        }
        break;
    default: /* notification events and timers, threads: stay signalled */
        break;
    }
    return Status;
}

/* The thread's blocks for objects; its timeout block is not one. */
#define FOR_EACH_OBJECT_BLOCK(Block, Thread)                                   \
    for (Block = (Thread)->WaitBlockList; Block != NULL;                       \
         Block = Block->NextWaitBlock == (Thread)->WaitBlockList               \
                     ? NULL                                                    \
                     : Block->NextWaitBlock)                                   \
        if (Block->Object != &(Thread)->Timer)

BOOLEAN KiIsWaitAllSatisfied(PKTHREAD Thread)
{
    PKWAIT_BLOCK Block;

    FOR_EACH_OBJECT_BLOCK(Block, Thread)
    {
        if (!KiIsObjectSignaled(Block->Object, Thread))
            return FALSE;
    }
    return TRUE;
}

NTSTATUS KiSatisfyWaitAll(PKTHREAD Thread)
{
    NTSTATUS Status = STATUS_WAIT_0;
    PKWAIT_BLOCK Block;

    FOR_EACH_OBJECT_BLOCK(Block, Thread)
    {
        Status |= KiSatisfyObject(Block->Object, Thread);
    }
    return Status;
}
