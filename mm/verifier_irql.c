/*
 * Driver Verifier's IRQL and spin-lock routines (include/kernel/
 * verifier_locks.h, docs/verifier.md). A verified driver's imports of
 * the HAL's and the kernel's IRQL and spin-lock routines are bound here,
 * with the conventions the exports have (exports.tbl: the Kf* and the
 * in-stack queued routines __fastcall, the Ke* ones stdcall). Each
 * checks the call as NT's verifier does, whatever the flags (0xC4:
 * 0x30 a raise to a lower IRQL, 0x31 a lower to a higher one, 0x32 a
 * spin lock released below DISPATCH_LEVEL, 0x40/0x41 the DPC-level
 * routines below it, 0x42 a spin lock taken above it), trims pageable
 * memory first under forced IRQL checking, tells deadlock detection,
 * and calls the kernel's routine.
 */
#include "kernel/bugcheck.h"
#include "kernel/paging.h"
#include "kernel/verifier.h"
#include "kernel/verifier_locks.h"

static VF_LOCK_COUNTERS counters;

#define COUNT(Field) __atomic_add_fetch(&counters.Field, 1, __ATOMIC_RELAXED)

static BOOLEAN flag(ULONG Flag)
{
    return (VfGetFlags() & Flag) != 0;
}

/* NT trims only when the raise starts below DISPATCH_LEVEL: the trim
 * takes the PFN lock, which a caller already at DISPATCH_LEVEL or above
 * may hold (or be above), and nothing pageable can have come back since
 * that caller's own raise, which trimmed. */
VOID ViTrimBeforeRaise(KIRQL CurrentIrql, KIRQL NewIrql)
{
    ULONG Pages;

    if (NewIrql < DISPATCH_LEVEL || CurrentIrql >= DISPATCH_LEVEL ||
        !flag(DRIVER_VERIFIER_FORCE_IRQL_CHECKING))
        return;
    COUNT(TrimRequests);
    Pages = MiTrimAllSystemPagableMemory();
    if (Pages != 0) {
        COUNT(Trims);
        __atomic_add_fetch(&counters.PagesTrimmed, Pages, __ATOMIC_RELAXED);
    }
}

static VOID check_raise(KIRQL CurrentIrql, KIRQL NewIrql)
{
    if (NewIrql < CurrentIrql || NewIrql > HIGH_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x30, CurrentIrql,
                     NewIrql, 0);
    if (NewIrql >= DISPATCH_LEVEL)
        COUNT(RaiseIrqls);
    ViTrimBeforeRaise(CurrentIrql, NewIrql);
}

static VOID check_lower(KIRQL NewIrql)
{
    KIRQL CurrentIrql = KeGetCurrentIrql();

    if (NewIrql > CurrentIrql || NewIrql > HIGH_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x31, CurrentIrql,
                     NewIrql, 0);
}

/* A spin lock taken with a raise (to DISPATCH_LEVEL, or SYNCH_LEVEL). */
static VOID check_acquire(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    KIRQL CurrentIrql = KeGetCurrentIrql();

    if (CurrentIrql > NewIrql)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x42, CurrentIrql,
                     (ULONG_PTR)SpinLock, 0);
    COUNT(AcquireSpinLocks);
    ViTrimBeforeRaise(CurrentIrql, NewIrql);
}

/* NT's 0x32 asks for DISPATCH_LEVEL exactly; a lock taken with
 * KeAcquireSpinLockRaiseToSynch is released with the same routine at
 * SYNCH_LEVEL, so here only below DISPATCH_LEVEL is wrong (a second
 * release of a lock, after the first lowered the IRQL, is one). */
static VOID check_release(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    KIRQL CurrentIrql = KeGetCurrentIrql();

    if (CurrentIrql < DISPATCH_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x32, CurrentIrql,
                     (ULONG_PTR)SpinLock, 0);
    check_lower(NewIrql);
}

static VOID check_at_dpc_level(ULONG Subcode, PKSPIN_LOCK SpinLock)
{
    KIRQL CurrentIrql = KeGetCurrentIrql();

    if (CurrentIrql < DISPATCH_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, Subcode, CurrentIrql,
                     (ULONG_PTR)SpinLock, 0);
}

#define CALLER() __builtin_return_address(0)

static KIRQL FASTCALL VerifierKfRaiseIrql(KIRQL NewIrql)
{
    check_raise(KeGetCurrentIrql(), NewIrql);
    return KfRaiseIrql(NewIrql);
}

static VOID NTAPI VerifierKeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
    check_raise(KeGetCurrentIrql(), NewIrql);
    *OldIrql = KfRaiseIrql(NewIrql);
}

static KIRQL NTAPI VerifierKeRaiseIrqlToDpcLevel(VOID)
{
    check_raise(KeGetCurrentIrql(), DISPATCH_LEVEL);
    return KfRaiseIrql(DISPATCH_LEVEL);
}

static KIRQL NTAPI VerifierKeRaiseIrqlToSynchLevel(VOID)
{
    check_raise(KeGetCurrentIrql(), SYNCH_LEVEL);
    return KfRaiseIrql(SYNCH_LEVEL);
}

static VOID FASTCALL VerifierKfLowerIrql(KIRQL NewIrql)
{
    check_lower(NewIrql);
    KfLowerIrql(NewIrql);
}

static VOID NTAPI VerifierKeLowerIrql(KIRQL NewIrql)
{
    check_lower(NewIrql);
    KfLowerIrql(NewIrql);
}

static KIRQL FASTCALL VerifierKfAcquireSpinLock(PKSPIN_LOCK SpinLock)
{
    KIRQL OldIrql;

    check_acquire(SpinLock, DISPATCH_LEVEL);
    ViDeadlockAcquire(SpinLock, ViDeadlockSpinLock, FALSE, CALLER());
    OldIrql = KfAcquireSpinLock(SpinLock);
    return OldIrql;
}

static VOID NTAPI VerifierKeAcquireSpinLock(PKSPIN_LOCK SpinLock,
                                            PKIRQL OldIrql)
{
    check_acquire(SpinLock, DISPATCH_LEVEL);
    ViDeadlockAcquire(SpinLock, ViDeadlockSpinLock, FALSE, CALLER());
    *OldIrql = KfAcquireSpinLock(SpinLock);
}

static KIRQL FASTCALL
VerifierKeAcquireSpinLockRaiseToSynch(PKSPIN_LOCK SpinLock)
{
    check_acquire(SpinLock, SYNCH_LEVEL);
    ViDeadlockAcquire(SpinLock, ViDeadlockSpinLock, FALSE, CALLER());
    return KeAcquireSpinLockRaiseToSynch(SpinLock);
}

static VOID FASTCALL VerifierKfReleaseSpinLock(PKSPIN_LOCK SpinLock,
                                               KIRQL NewIrql)
{
    check_release(SpinLock, NewIrql);
    ViDeadlockRelease(SpinLock, ViDeadlockSpinLock, CALLER());
    KfReleaseSpinLock(SpinLock, NewIrql);
}

static VOID NTAPI VerifierKeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    check_release(SpinLock, NewIrql);
    ViDeadlockRelease(SpinLock, ViDeadlockSpinLock, CALLER());
    KfReleaseSpinLock(SpinLock, NewIrql);
}

static VOID NTAPI VerifierKeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    check_at_dpc_level(0x40, SpinLock);
    COUNT(AcquireSpinLocks);
    ViDeadlockAcquire(SpinLock, ViDeadlockSpinLock, FALSE, CALLER());
    KeAcquireSpinLockAtDpcLevel(SpinLock);
}

static VOID NTAPI VerifierKeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    check_at_dpc_level(0x41, SpinLock);
    ViDeadlockRelease(SpinLock, ViDeadlockSpinLock, CALLER());
    KeReleaseSpinLockFromDpcLevel(SpinLock);
}

/* The fastcall exports a driver built against the WDK imports. */
static VOID FASTCALL VerifierKefAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    check_at_dpc_level(0x40, SpinLock);
    COUNT(AcquireSpinLocks);
    ViDeadlockAcquire(SpinLock, ViDeadlockSpinLock, FALSE, CALLER());
    KeAcquireSpinLockAtDpcLevel(SpinLock);
}

static VOID FASTCALL
VerifierKefReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    check_at_dpc_level(0x41, SpinLock);
    ViDeadlockRelease(SpinLock, ViDeadlockSpinLock, CALLER());
    KeReleaseSpinLockFromDpcLevel(SpinLock);
}

static BOOLEAN FASTCALL
VerifierKeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    check_at_dpc_level(0x40, SpinLock);
    if (!KeTryToAcquireSpinLockAtDpcLevel(SpinLock))
        return FALSE;
    COUNT(AcquireSpinLocks);
    ViDeadlockAcquire(SpinLock, ViDeadlockSpinLock, TRUE, CALLER());
    return TRUE;
}

static VOID FASTCALL VerifierKeAcquireInStackQueuedSpinLock(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    check_acquire(SpinLock, DISPATCH_LEVEL);
    ViDeadlockAcquire(SpinLock, ViDeadlockSpinLock, FALSE, CALLER());
    KeAcquireInStackQueuedSpinLock(SpinLock, LockHandle);
}

static VOID FASTCALL VerifierKeAcquireInStackQueuedSpinLockAtDpcLevel(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    check_at_dpc_level(0x40, SpinLock);
    COUNT(AcquireSpinLocks);
    ViDeadlockAcquire(SpinLock, ViDeadlockSpinLock, FALSE, CALLER());
    KeAcquireInStackQueuedSpinLockAtDpcLevel(SpinLock, LockHandle);
}

static PKSPIN_LOCK queued_lock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    return (PKSPIN_LOCK)((ULONG_PTR)LockHandle->LockQueue.Lock &
                         ~(ULONG_PTR)(LOCK_QUEUE_WAIT | LOCK_QUEUE_OWNER));
}

static VOID FASTCALL
VerifierKeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    check_release(queued_lock(LockHandle), LockHandle->OldIrql);
    ViDeadlockRelease(queued_lock(LockHandle), ViDeadlockSpinLock, CALLER());
    KeReleaseInStackQueuedSpinLock(LockHandle);
}

static VOID FASTCALL VerifierKeReleaseInStackQueuedSpinLockFromDpcLevel(
    PKLOCK_QUEUE_HANDLE LockHandle)
{
    check_at_dpc_level(0x41, queued_lock(LockHandle));
    ViDeadlockRelease(queued_lock(LockHandle), ViDeadlockSpinLock, CALLER());
    KeReleaseInStackQueuedSpinLockFromDpcLevel(LockHandle);
}

static KIRQL NTAPI VerifierKeAcquireInterruptSpinLock(PKINTERRUPT Interrupt)
{
    check_acquire(Interrupt->ActualLock, Interrupt->SynchronizeIrql);
    ViDeadlockAcquire(Interrupt->ActualLock, ViDeadlockSpinLock, FALSE,
                      CALLER());
    return KeAcquireInterruptSpinLock(Interrupt);
}

static VOID NTAPI VerifierKeReleaseInterruptSpinLock(PKINTERRUPT Interrupt,
                                                     KIRQL OldIrql)
{
    check_lower(OldIrql);
    ViDeadlockRelease(Interrupt->ActualLock, ViDeadlockSpinLock, CALLER());
    KeReleaseInterruptSpinLock(Interrupt, OldIrql);
}

static BOOLEAN NTAPI VerifierKeSynchronizeExecution(
    PKINTERRUPT Interrupt, PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
    PVOID SynchronizeContext)
{
    BOOLEAN Result;

    COUNT(SynchronizeExecutions);
    check_acquire(Interrupt->ActualLock, Interrupt->SynchronizeIrql);
    ViDeadlockAcquire(Interrupt->ActualLock, ViDeadlockSpinLock, FALSE,
                      CALLER());
    Result = KeSynchronizeExecution(Interrupt, SynchronizeRoutine,
                                    SynchronizeContext);
    ViDeadlockRelease(Interrupt->ActualLock, ViDeadlockSpinLock, CALLER());
    return Result;
}

static const VI_THUNK thunks[] = {
    {"KfRaiseIrql", (PVOID)VerifierKfRaiseIrql},
    {"KeRaiseIrql", (PVOID)VerifierKeRaiseIrql},
    {"KeRaiseIrqlToDpcLevel", (PVOID)VerifierKeRaiseIrqlToDpcLevel},
    {"KeRaiseIrqlToSynchLevel", (PVOID)VerifierKeRaiseIrqlToSynchLevel},
    {"KfLowerIrql", (PVOID)VerifierKfLowerIrql},
    {"KeLowerIrql", (PVOID)VerifierKeLowerIrql},
    {"KfAcquireSpinLock", (PVOID)VerifierKfAcquireSpinLock},
    {"KeAcquireSpinLock", (PVOID)VerifierKeAcquireSpinLock},
    {"KeAcquireSpinLockRaiseToSynch",
     (PVOID)VerifierKeAcquireSpinLockRaiseToSynch},
    {"KfReleaseSpinLock", (PVOID)VerifierKfReleaseSpinLock},
    {"KeReleaseSpinLock", (PVOID)VerifierKeReleaseSpinLock},
    {"KeAcquireSpinLockAtDpcLevel", (PVOID)VerifierKeAcquireSpinLockAtDpcLevel},
    {"KeReleaseSpinLockFromDpcLevel",
     (PVOID)VerifierKeReleaseSpinLockFromDpcLevel},
    {"KefAcquireSpinLockAtDpcLevel",
     (PVOID)VerifierKefAcquireSpinLockAtDpcLevel},
    {"KefReleaseSpinLockFromDpcLevel",
     (PVOID)VerifierKefReleaseSpinLockFromDpcLevel},
    {"KeTryToAcquireSpinLockAtDpcLevel",
     (PVOID)VerifierKeTryToAcquireSpinLockAtDpcLevel},
    {"KeAcquireInStackQueuedSpinLock",
     (PVOID)VerifierKeAcquireInStackQueuedSpinLock},
    {"KeAcquireInStackQueuedSpinLockAtDpcLevel",
     (PVOID)VerifierKeAcquireInStackQueuedSpinLockAtDpcLevel},
    {"KeReleaseInStackQueuedSpinLock",
     (PVOID)VerifierKeReleaseInStackQueuedSpinLock},
    {"KeReleaseInStackQueuedSpinLockFromDpcLevel",
     (PVOID)VerifierKeReleaseInStackQueuedSpinLockFromDpcLevel},
    {"KeAcquireInterruptSpinLock", (PVOID)VerifierKeAcquireInterruptSpinLock},
    {"KeReleaseInterruptSpinLock", (PVOID)VerifierKeReleaseInterruptSpinLock},
    {"KeSynchronizeExecution", (PVOID)VerifierKeSynchronizeExecution},
};

ULONG_PTR ViRedirectLockImport(PCSTR Name)
{
    return ViFindThunk(thunks, ARRAYSIZE(thunks), Name,
                       ViRedirectSyncImport(Name));
}

VOID VfQueryLockCounters(VF_LOCK_COUNTERS *Counters)
{
    *Counters = counters;
    ViQueryDeadlockCounters(Counters);
}
