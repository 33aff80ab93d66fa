/*
 * Mutexes and mutants. A mutant has an owner and a recursion count
 * (SignalState: 1 free, 0 owned once, below 0 owned again). A KMUTEX is a
 * mutant that also holds off normal kernel APCs while owned, as NT's
 * kernel mutex does. A mutant whose owner ends is abandoned: the next
 * owner is told so with STATUS_ABANDONED; a thread that ends owning a
 * KMUTEX stops the machine (THREAD_TERMINATE_HELD_MUTEX), as NT does.
 */
#include "kernel/bugcheck.h"
#include "kernel/thread.h"
#include "kernel/wait_object.h"

static VOID initialize(PRKMUTANT Mutant, UCHAR ApcDisable)
{
    Mutant->Header.Type = MutantObject;
    Mutant->Header.Size = sizeof(KMUTANT) / sizeof(ULONG);
    Mutant->Header.Inserted = 0;
    Mutant->Header.Abandoned = 0;
    Mutant->Header.SignalState = 1;
    InitializeListHead(&Mutant->Header.WaitListHead);
    Mutant->OwnerThread = NULL;
    Mutant->Abandoned = FALSE;
    Mutant->ApcDisable = ApcDisable;
}

VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
    UNREFERENCED_PARAMETER(Level);
    initialize(Mutex, 1);
}

VOID NTAPI KeInitializeMutant(PRKMUTANT Mutant, BOOLEAN InitialOwner)
{
    KIRQL OldIrql;

    initialize(Mutant, 0);
    if (InitialOwner) {
        OldIrql = KiAcquireDispatcherLock();
        KiSatisfyObject(&Mutant->Header, KiCurrentThread());
        KiReleaseDispatcherLock(OldIrql);
    }
}

/* The mutant is free again: off its owner's list, the owner's APCs back. */
static VOID disown(PRKMUTANT Mutant)
{
    PKTHREAD Owner = Mutant->OwnerThread;

    RemoveEntryList(&Mutant->MutantListEntry);
    Mutant->OwnerThread = NULL;
    Owner->KernelApcDisable += Mutant->ApcDisable;
    if (Mutant->ApcDisable != 0 && Owner == KiCurrentThread())
        KiCheckForKernelApcDelivery();
}

LONG NTAPI KeReleaseMutant(PRKMUTANT Mutant, KPRIORITY Increment,
                           BOOLEAN Abandoned, BOOLEAN Wait)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    LONG Previous = Mutant->Header.SignalState;

    if (Abandoned) {
        Mutant->Header.SignalState = 1;
        Mutant->Abandoned = TRUE;
    } else {
        if (Mutant->OwnerThread != KiCurrentThread()) {
            KiReleaseDispatcherLock(OldIrql);
            ExRaiseStatus(Mutant->Abandoned ? STATUS_ABANDONED
                                            : STATUS_MUTANT_NOT_OWNED);
        }
        Mutant->Header.SignalState++;
    }
    if (Mutant->Header.SignalState == 1) {
        if (Previous <= 0)
            disown(Mutant);
        KiWaitTest(Mutant, Increment);
    }
    KiExitDispatcher(OldIrql, Wait);
    return Previous;
}

LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
    return KeReleaseMutant(Mutex, MUTANT_INCREMENT, FALSE, Wait);
}

LONG NTAPI KeReadStateMutant(PRKMUTANT Mutant)
{
    return Mutant->Header.SignalState;
}

LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex)
{
    return Mutex->Header.SignalState;
}

VOID KiRundownMutants(PKTHREAD Thread)
{
    while (!IsListEmpty(&Thread->MutantListHead)) {
        PRKMUTANT Mutant = CONTAINING_RECORD(Thread->MutantListHead.Flink,
                                             KMUTANT, MutantListEntry);

        if (Mutant->ApcDisable != 0)
            KeBugCheckEx(THREAD_TERMINATE_HELD_MUTEX, (ULONG_PTR)Thread,
                         (ULONG_PTR)Mutant, 0, 0);
        disown(Mutant);
        Mutant->Header.SignalState = 1;
        Mutant->Abandoned = TRUE;
        KiWaitTest(Mutant, MUTANT_INCREMENT);
    }
}
