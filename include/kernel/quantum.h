/*
 * Priority and quantum arithmetic, as NT's dispatcher does it. A thread
 * of variable priority (1-15) woken with an increment runs at its base
 * plus the increment (never above 15, never below where it is); each
 * quantum end takes one level of such a boost away. Real-time threads
 * (16-31) keep the priority they were given. The clock takes 3 quantum
 * units a tick. Inline (every wake-up boosts); pure: the host tests
 * build them.
 */
#ifndef KERNEL_QUANTUM_H
#define KERNEL_QUANTUM_H

#include "kernel/thread.h"

/* A variable-priority thread woken with Increment. */
FORCEINLINE SCHAR KiBoostedPriority(SCHAR Priority, SCHAR BasePriority,
                                    KPRIORITY Increment)
{
    LONG Boosted = BasePriority + Increment;

    if (Priority >= LOW_REALTIME_PRIORITY || Increment <= 0)
        return Priority;
    if (Boosted > LOW_REALTIME_PRIORITY - 1)
        Boosted = LOW_REALTIME_PRIORITY - 1;
    return Boosted > Priority ? (SCHAR)Boosted : Priority;
}

/* After a quantum end: decays by one towards the base. */
FORCEINLINE SCHAR KiDecayedPriority(SCHAR Priority, SCHAR BasePriority)
{
    if (Priority >= LOW_REALTIME_PRIORITY || Priority <= BasePriority)
        return Priority;
    return (SCHAR)(Priority - 1);
}

/* A clock tick's share of the running thread's quantum; TRUE when the
 * quantum has run out. */
FORCEINLINE BOOLEAN KiChargeQuantum(PKTHREAD Thread)
{
    Thread->Quantum = (SCHAR)(Thread->Quantum - CLOCK_QUANTUM_DECREMENT);
    return Thread->Quantum <= 0;
}

#endif
