/*
 * Setting a thread's priority. KeSetPriorityThread sets the current
 * priority, from which a variable-priority thread decays towards its base
 * at each quantum end; KeSetBasePriorityThread moves the base relative to
 * the process's, clamped to the class the process is in (variable 1-15
 * or real-time 16-31), and the current priority with it.
 */
#include "kernel/process.h"
#include "kernel/thread.h"

KPRIORITY NTAPI KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority)
{
    KIRQL OldIrql;
    KPRIORITY Previous;

    ASSERT(Priority >= LOW_PRIORITY && Priority <= HIGH_PRIORITY);
    if (Priority < LOW_PRIORITY + 1)
        Priority = LOW_PRIORITY + 1; /* 0 is the idle thread's alone */
    if (Priority > HIGH_PRIORITY)
        Priority = HIGH_PRIORITY;
    OldIrql = KiAcquireDispatcherLock();
    Previous = Thread->Priority;
    if (Priority != Previous) {
        Thread->Quantum = (SCHAR)Thread->QuantumReset;
        KiSetPriorityThread(Thread, Priority);
    }
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}

KPRIORITY NTAPI KeQueryPriorityThread(PKTHREAD Thread)
{
    return Thread->Priority;
}

LONG NTAPI KeSetBasePriorityThread(PKTHREAD Thread, LONG Increment)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG ProcessBase = Thread->Process->BasePriority;
    LONG Previous = Thread->BasePriority - ProcessBase;
    LONG Base = ProcessBase + Increment;
    LONG Low = ProcessBase >= LOW_REALTIME_PRIORITY ? LOW_REALTIME_PRIORITY : 1;
    LONG High = ProcessBase >= LOW_REALTIME_PRIORITY
                    ? HIGH_PRIORITY
                    : LOW_REALTIME_PRIORITY - 1;

    if (Base < Low)
        Base = Low;
    if (Base > High)
        Base = High;
    Thread->BasePriority = (SCHAR)Base;
    Thread->Quantum = (SCHAR)Thread->QuantumReset;
    KiSetPriorityThread(Thread, Base);
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}
