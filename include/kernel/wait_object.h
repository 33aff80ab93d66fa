/*
 * What a wait does to each kind of dispatcher object, and when it may: an
 * event or timer is signalled while SignalState is 1, and a
 * synchronization one resets when it releases a waiter; a semaphore while
 * its count is above 0, and each waiter takes one; a mutant while it is
 * free or already owned by the waiter (recursion counts SignalState below
 * 0), and the waiter becomes its owner. Threads and processes stay
 * signalled once they end. The common cases are inline, as every wait and
 * every signal asks; pure: the host tests build them and wait_object.c.
 */
#ifndef KERNEL_WAIT_OBJECT_H
#define KERNEL_WAIT_OBJECT_H

#include "kernel/thread.h"

/* kernel/ke/wait_object.c: a mutant's share of KiSatisfyObject. */
NTSTATUS KiSatisfyMutant(PKMUTANT Mutant, PKTHREAD Thread);
/* Whether every object Thread waits on (a WaitAll) is signalled. */
BOOLEAN KiIsWaitAllSatisfied(PKTHREAD Thread);
/* Satisfies every object of Thread's WaitAll. */
NTSTATUS KiSatisfyWaitAll(PKTHREAD Thread);

FORCEINLINE BOOLEAN KiIsObjectSignaled(PDISPATCHER_HEADER Object,
                                       PKTHREAD Thread)
{
    if (Object->SignalState > 0)
        return TRUE;
    return Object->Type == MutantObject &&
           ((PKMUTANT)Object)->OwnerThread == Thread;
}

/* Consumes one signal of Object for Thread; STATUS_ABANDONED when it is
 * an abandoned mutant, else STATUS_SUCCESS. */
FORCEINLINE NTSTATUS KiSatisfyObject(PDISPATCHER_HEADER Object, PKTHREAD Thread)
{
    switch (Object->Type) {
    case EventSynchronizationObject:
    case TimerSynchronizationObject:
        Object->SignalState = 0;
        break;
    case SemaphoreObject:
        Object->SignalState--;
        break;
    case MutantObject:
        return KiSatisfyMutant((PKMUTANT)Object, Thread);
    default: /* notification events and timers, threads: stay signalled */
        break;
    }
    return STATUS_SUCCESS;
}

#endif
