/*
 * Priority and quantum arithmetic, as NT's dispatcher does it. A thread
 * of variable priority (1-15) woken with an increment runs at its base
 * plus the increment (never above 15, never below where it is); each
 * quantum end takes one level of such a boost away. Real-time threads
 * (16-31) keep the priority they were given. The clock takes 3 quantum
 * units a tick. Pure: the host tests build it.
 */
#include "kernel/thread.h"

SCHAR KiBoostedPriority(SCHAR Priority, SCHAR BasePriority, KPRIORITY Increment)
{
    LONG Boosted = BasePriority + Increment;

    if (Priority >= LOW_REALTIME_PRIORITY || Increment <= 0)
        return Priority;
    if (Boosted > LOW_REALTIME_PRIORITY - 1)
        Boosted = LOW_REALTIME_PRIORITY - 1;
    return Boosted > Priority ? (SCHAR)Boosted : Priority;
}

SCHAR KiDecayedPriority(SCHAR Priority, SCHAR BasePriority)
{
    if (Priority >= LOW_REALTIME_PRIORITY || Priority <= BasePriority)
        return Priority;
    return (SCHAR)(Priority - 1);
}

BOOLEAN KiChargeQuantum(PKTHREAD Thread)
{
    Thread->Quantum = (SCHAR)(Thread->Quantum - CLOCK_QUANTUM_DECREMENT);
    return Thread->Quantum <= 0;
}
