/*
 * Spin locks. The lock word is taken with an atomic exchange, as a
 * multiprocessor kernel must; on this one processor a lock that is already
 * held can only be held by the code that now asks for it again, so the
 * request stops the machine instead of spinning for ever. The checked build
 * also refuses a release by anyone but the owner.
 */
#include "kernel/spin_lock.h"
#include "kernel/bugcheck.h"
#include "kernel/gdt.h"

/* The owner's mark in the lock word: this processor's PCR, low bit set. */
FORCEINLINE KSPIN_LOCK owner_mark(VOID)
{
    return (KSPIN_LOCK)KeGetPcr() | 1;
}

FORCEINLINE VOID take(PKSPIN_LOCK SpinLock)
{
    KSPIN_LOCK Previous =
        __atomic_exchange_n(SpinLock, owner_mark(), __ATOMIC_ACQUIRE);

    if (Previous != 0)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)SpinLock, Previous,
                     (ULONG_PTR)__builtin_return_address(0), 0);
}

FORCEINLINE VOID give_back(PKSPIN_LOCK SpinLock)
{
#if DBG
    if (*SpinLock != owner_mark())
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock, *SpinLock,
                     owner_mark(), 0);
#endif
    __atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
}

VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
    *SpinLock = 0;
}

BOOLEAN NTAPI KeTestSpinLock(PKSPIN_LOCK SpinLock)
{
    return *SpinLock == 0; /* TRUE: free, worth trying */
}

KIRQL FASTCALL KfAcquireSpinLock(PKSPIN_LOCK SpinLock)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);

    take(SpinLock);
    return OldIrql;
}

VOID FASTCALL KfReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    give_back(SpinLock);
    KfLowerIrql(NewIrql);
}

VOID KiCheckSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
#if DBG
    if (KeGetCurrentIrql() < DISPATCH_LEVEL)
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, KeGetCurrentIrql(),
                     DISPATCH_LEVEL, (ULONG_PTR)SpinLock, 0);
#else
    UNREFERENCED_PARAMETER(SpinLock);
#endif
}

VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    KiCheckSpinLockAtDpcLevel(SpinLock);
    take(SpinLock);
}

VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    KiCheckSpinLockAtDpcLevel(SpinLock);
    give_back(SpinLock);
}

VOID FASTCALL KefAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    KiCheckSpinLockAtDpcLevel(SpinLock);
    take(SpinLock);
}

VOID FASTCALL KefReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    KiCheckSpinLockAtDpcLevel(SpinLock);
    give_back(SpinLock);
}

/* The dispatcher's level, for locks the scheduler's paths share. */
KIRQL FASTCALL KeAcquireSpinLockRaiseToSynch(PKSPIN_LOCK SpinLock)
{
    KIRQL OldIrql = KfRaiseIrql(SYNCH_LEVEL);

    take(SpinLock);
    return OldIrql;
}

BOOLEAN FASTCALL KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    KSPIN_LOCK Free = 0;

    KiCheckSpinLockAtDpcLevel(SpinLock);
    return __atomic_compare_exchange_n(SpinLock, &Free, owner_mark(), FALSE,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Interrupt spin locks: the ISR's own level and lock. */
KIRQL NTAPI KeAcquireInterruptSpinLock(PKINTERRUPT Interrupt)
{
    KIRQL OldIrql = KfRaiseIrql(Interrupt->SynchronizeIrql);

    take(Interrupt->ActualLock);
    return OldIrql;
}

VOID NTAPI KeReleaseInterruptSpinLock(PKINTERRUPT Interrupt, KIRQL OldIrql)
{
    give_back(Interrupt->ActualLock);
    KfLowerIrql(OldIrql);
}

BOOLEAN NTAPI KeSynchronizeExecution(PKINTERRUPT Interrupt,
                                     PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
                                     PVOID SynchronizeContext)
{
    KIRQL OldIrql = KeAcquireInterruptSpinLock(Interrupt);
    BOOLEAN Result = SynchronizeRoutine(SynchronizeContext);

    KeReleaseInterruptSpinLock(Interrupt, OldIrql);
    return Result;
}

/* For the interrupt dispatcher: the lock alone, the IRQL already set. */
VOID KiAcquireInterruptLock(PKINTERRUPT Interrupt)
{
    take(Interrupt->ActualLock);
}

VOID KiReleaseInterruptLock(PKINTERRUPT Interrupt)
{
    give_back(Interrupt->ActualLock);
}

VOID FASTCALL KiAcquireSpinLock(PKSPIN_LOCK SpinLock)
{
    take(SpinLock);
}

VOID FASTCALL KiReleaseSpinLock(PKSPIN_LOCK SpinLock)
{
    give_back(SpinLock);
}
