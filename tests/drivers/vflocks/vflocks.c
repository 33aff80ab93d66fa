/*
 * Driver Verifier's lock test driver (tests/kernel/verifier_locks.c,
 * docs/verifier.md): exported routines that each make one IRQL or lock
 * mistake the verifier catches, and ones that make none. Exports are
 * cdecl; the thread routines are exported too, so that a stop screen's
 * backtrace names them.
 */
#include "ntddk.h"

#define VFLOCKS_TAG 'kLfV'

static KSPIN_LOCK LockA, LockB;
static FAST_MUTEX MutexA, MutexB;
static KMUTEX KernelMutex;
static ERESOURCE Resource;

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

/* Correct: Rounds times every kind of lock, always in the same order
 * (resource, mutex, fast mutex, then spin locks A before B), and a raise
 * to DISPATCH_LEVEL. Returns the rounds done. */
__declspec(dllexport) ULONG __cdecl VfLocksInOrder(ULONG Rounds)
{
    ULONG Round;

    KeInitializeSpinLock(&LockA);
    KeInitializeSpinLock(&LockB);
    ExInitializeFastMutex(&MutexA);
    KeInitializeMutex(&KernelMutex, 0);
    if (!NT_SUCCESS(ExInitializeResourceLite(&Resource)))
        return 0;
    for (Round = 0; Round < Rounds; Round++) {
        KIRQL OldIrql;

        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&Resource, TRUE);
        KeWaitForSingleObject(&KernelMutex, Executive, KernelMode, FALSE, NULL);
        ExAcquireFastMutex(&MutexA);
        KeAcquireSpinLock(&LockA, &OldIrql);
        KeAcquireSpinLockAtDpcLevel(&LockB);
        KeReleaseSpinLockFromDpcLevel(&LockB);
        KeReleaseSpinLock(&LockA, OldIrql);
        ExReleaseFastMutex(&MutexA);
        KeReleaseMutex(&KernelMutex, FALSE);
        ExReleaseResourceLite(&Resource);
        KeLeaveCriticalRegion();
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        KeLowerIrql(OldIrql);
    }
    ExDeleteResourceLite(&Resource);
    return Rounds;
}

/* Correct: a fast mutex at the start of a block of Size bytes of pool,
 * taken, then freed with it (the verifier forgets a lock whose memory
 * goes). */
__declspec(dllexport) BOOLEAN __cdecl VfLocksMutexInPool(ULONG Size)
{
    PFAST_MUTEX Mutex =
        Size < sizeof(*Mutex)
            ? NULL
            : ExAllocatePoolWithTag(NonPagedPool, Size, VFLOCKS_TAG);

    if (Mutex == NULL)
        return FALSE;
    ExInitializeFastMutex(Mutex);
    ExAcquireFastMutex(Mutex);
    ExReleaseFastMutex(Mutex);
    ExFreePoolWithTag(Mutex, VFLOCKS_TAG);
    return TRUE;
}

/* The paged touch under a spin lock: paged pool, written at
 * PASSIVE_LEVEL (so resident), read holding a spin lock. Without the
 * verifier it works as long as nobody trimmed the page meanwhile. */
__declspec(dllexport) ULONG __cdecl VfLocksPagedTouch(VOID)
{
    volatile ULONG *Block =
        ExAllocatePoolWithTag(PagedPool, sizeof(ULONG), VFLOCKS_TAG);
    KIRQL OldIrql;
    ULONG Value;

    if (Block == NULL)
        return 0;
    *Block = 0x5EED;
    KeInitializeSpinLock(&LockA);
    KeAcquireSpinLock(&LockA, &OldIrql);
    Value = *Block; /* paged pool at DISPATCH_LEVEL */
    KeReleaseSpinLock(&LockA, OldIrql);
    ExFreePoolWithTag((PVOID)Block, VFLOCKS_TAG);
    return Value;
}

/* Correct: a spin lock taken and given back (forced IRQL checking trims
 * before it). */
__declspec(dllexport) VOID __cdecl VfLocksSpinLockRoundTrip(VOID)
{
    KIRQL OldIrql;

    KeInitializeSpinLock(&LockA);
    KeAcquireSpinLock(&LockA, &OldIrql);
    KeReleaseSpinLock(&LockA, OldIrql);
}

/* The lock-order inversion: thread one takes A then B; once it is done,
 * thread two takes B then A. The timing never lets them meet, so
 * nothing deadlocks, but the two orders are there to see. */
__declspec(dllexport) VOID NTAPI VfLocksThreadOne(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    ExAcquireFastMutex(&MutexA);
    ExAcquireFastMutex(&MutexB);
    ExReleaseFastMutex(&MutexB);
    ExReleaseFastMutex(&MutexA);
}

__declspec(dllexport) VOID NTAPI VfLocksThreadTwo(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    ExAcquireFastMutex(&MutexB);
    ExAcquireFastMutex(&MutexA); /* A after B: the other order */
    ExReleaseFastMutex(&MutexA);
    ExReleaseFastMutex(&MutexB);
}

/* Runs Routine in a system thread and waits for it to end. */
static NTSTATUS run_thread(PKSTART_ROUTINE Routine)
{
    HANDLE Handle;
    PVOID Thread;
    NTSTATUS Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL,
                                           NULL, NULL, Routine, NULL);

    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *PsThreadType,
                                       KernelMode, &Thread, NULL);
    ZwClose(Handle);
    if (!NT_SUCCESS(Status))
        return Status;
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Thread);
    return STATUS_SUCCESS;
}

__declspec(dllexport) NTSTATUS __cdecl VfLocksInversion(VOID)
{
    NTSTATUS Status;

    ExInitializeFastMutex(&MutexA);
    ExInitializeFastMutex(&MutexB);
    Status = run_thread(VfLocksThreadOne);
    if (NT_SUCCESS(Status))
        Status = run_thread(VfLocksThreadTwo);
    return Status;
}

/* A spin lock released below DISPATCH_LEVEL: the IRQL was lowered
 * first, by hand. */
__declspec(dllexport) VOID __cdecl VfLocksReleaseAtPassive(VOID)
{
    KIRQL OldIrql;

    KeInitializeSpinLock(&LockA);
    KeAcquireSpinLock(&LockA, &OldIrql);
    KeLowerIrql(OldIrql);
    KeReleaseSpinLock(&LockA, OldIrql);
    KeLowerIrql(OldIrql); /* (a call after it keeps this frame) */
}

/* "Lowering" to a higher IRQL. */
__declspec(dllexport) VOID __cdecl VfLocksLowerToHigher(VOID)
{
    KeLowerIrql(DISPATCH_LEVEL);
    KeLowerIrql(PASSIVE_LEVEL);
}

/* "Raising" to a lower IRQL. */
__declspec(dllexport) VOID __cdecl VfLocksRaiseToLower(VOID)
{
    KIRQL OldIrql, Again;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    KeRaiseIrql(APC_LEVEL, &Again);
    KeLowerIrql(OldIrql);
}

/* Releasing a lock not held: B, while holding A. */
__declspec(dllexport) VOID __cdecl VfLocksReleaseNotHeld(VOID)
{
    KIRQL OldIrql;

    KeInitializeSpinLock(&LockA);
    KeInitializeSpinLock(&LockB);
    KeAcquireSpinLock(&LockA, &OldIrql);
    KeReleaseSpinLock(&LockB, OldIrql);
    KeReleaseSpinLock(&LockA, OldIrql);
}

/* A fast mutex taken again by its owner. */
__declspec(dllexport) VOID __cdecl VfLocksSelfDeadlock(VOID)
{
    ExInitializeFastMutex(&MutexA);
    ExAcquireFastMutex(&MutexA);
    ExAcquireFastMutex(&MutexA);
    ExReleaseFastMutex(&MutexA);
    ExReleaseFastMutex(&MutexA);
}

/* A fast mutex taken at DISPATCH_LEVEL. */
__declspec(dllexport) VOID __cdecl VfLocksFastMutexAtDispatch(VOID)
{
    KIRQL OldIrql;

    ExInitializeFastMutex(&MutexA);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    ExAcquireFastMutex(&MutexA);
    ExReleaseFastMutex(&MutexA);
    KeLowerIrql(OldIrql);
}

/* KeAcquireSpinLockAtDpcLevel at PASSIVE_LEVEL. */
__declspec(dllexport) VOID __cdecl VfLocksAtDpcLevelAtPassive(VOID)
{
    KeInitializeSpinLock(&LockA);
    KeAcquireSpinLockAtDpcLevel(&LockA);
    KeReleaseSpinLockFromDpcLevel(&LockA);
}

/* A resource taken with normal kernel APCs enabled (no critical region). */
__declspec(dllexport) VOID __cdecl VfLocksResourceWithApcsEnabled(VOID)
{
    if (!NT_SUCCESS(ExInitializeResourceLite(&Resource)))
        return;
    ExAcquireResourceExclusiveLite(&Resource, TRUE);
    ExReleaseResourceLite(&Resource);
    ExDeleteResourceLite(&Resource);
}

/* The release by another thread: thread one takes fast mutex A and
 * waits for good; thread two, at APC_LEVEL as the release asks, gives
 * A back. */
static KEVENT Taken, Never;

__declspec(dllexport) VOID NTAPI VfLocksHolder(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    ExAcquireFastMutex(&MutexA);
    KeSetEvent(&Taken, 0, FALSE);
    KeWaitForSingleObject(&Never, Executive, KernelMode, FALSE, NULL);
    ExReleaseFastMutex(&MutexA);
}

__declspec(dllexport) VOID NTAPI VfLocksReleaser(PVOID Context)
{
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Context);
    KeRaiseIrql(APC_LEVEL, &OldIrql);
    ExReleaseFastMutex(&MutexA); /* thread one's */
    KeLowerIrql(OldIrql);
}

__declspec(dllexport) NTSTATUS __cdecl VfLocksReleaseByAnotherThread(VOID)
{
    HANDLE Handle;
    NTSTATUS Status;

    ExInitializeFastMutex(&MutexA);
    KeInitializeEvent(&Taken, NotificationEvent, FALSE);
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  VfLocksHolder, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    ZwClose(Handle);
    KeWaitForSingleObject(&Taken, Executive, KernelMode, FALSE, NULL);
    return run_thread(VfLocksReleaser);
}
