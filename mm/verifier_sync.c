/*
 * Driver Verifier's mutex, fast-mutex and resource routines (include/
 * kernel/verifier_locks.h, docs/verifier.md): a verified driver's
 * imports of them are bound here. The always-on checks are NT's (0xC4:
 * 0x33/0x34 a fast mutex taken above, or released other than at,
 * APC_LEVEL; 0x39/0x3A the unsafe forms with APCs enabled; 0x37/0x38 a
 * resource with APCs enabled); under deadlock detection each
 * acquisition is judged before it can wait (a deadlock found after it
 * would never be reported) and recorded, each release checked.
 */
#include "kernel/bugcheck.h"
#include "kernel/thread.h"
#include "kernel/verifier.h"
#include "kernel/verifier_locks.h"

#define CALLER() __builtin_return_address(0)

static VOID check_fast_mutex(ULONG Subcode, BOOLEAN Release,
                             PFAST_MUTEX FastMutex)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Release ? Irql != APC_LEVEL : Irql > APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, Subcode, Irql,
                     (ULONG_PTR)FastMutex, 0);
}

/* The unsafe forms and resources need normal kernel APCs off: APC_LEVEL
 * or a critical region. Parameter 3 is the thread's disable count. */
static VOID check_apcs_disabled(ULONG Subcode, PVOID Lock)
{
    KIRQL Irql = KeGetCurrentIrql();
    PKTHREAD Thread = KeGetCurrentThread();

    if (Irql < APC_LEVEL && Thread->KernelApcDisable == 0)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, Subcode, Irql,
                     (ULONG_PTR)(LONG)Thread->KernelApcDisable,
                     (ULONG_PTR)Lock);
}

static VOID FASTCALL VerifierExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    check_fast_mutex(0x33, FALSE, FastMutex);
    ViDeadlockAcquire(FastMutex, ViDeadlockFastMutex, FALSE, CALLER());
    ExAcquireFastMutex(FastMutex);
}

static BOOLEAN FASTCALL VerifierExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    check_fast_mutex(0x33, FALSE, FastMutex);
    if (!ExTryToAcquireFastMutex(FastMutex))
        return FALSE;
    ViDeadlockAcquire(FastMutex, ViDeadlockFastMutex, TRUE, CALLER());
    return TRUE;
}

static VOID FASTCALL VerifierExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
    check_fast_mutex(0x34, TRUE, FastMutex);
    ViDeadlockRelease(FastMutex, ViDeadlockFastMutex, CALLER());
    ExReleaseFastMutex(FastMutex);
}

static VOID FASTCALL VerifierExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    check_apcs_disabled(0x39, FastMutex);
    ViDeadlockAcquire(FastMutex, ViDeadlockFastMutex, FALSE, CALLER());
    ExAcquireFastMutexUnsafe(FastMutex);
}

static VOID FASTCALL VerifierExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    check_apcs_disabled(0x3A, FastMutex);
    ViDeadlockRelease(FastMutex, ViDeadlockFastMutex, CALLER());
    ExReleaseFastMutexUnsafe(FastMutex);
}

/* Guarded mutexes are fast mutexes to the graph, as to NT's verifier. */
static VOID FASTCALL VerifierKeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    ViDeadlockAcquire(Mutex, ViDeadlockFastMutex, FALSE, CALLER());
    KeAcquireGuardedMutex(Mutex);
}

static VOID FASTCALL VerifierKeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex)
{
    ViDeadlockAcquire(Mutex, ViDeadlockFastMutex, FALSE, CALLER());
    KeAcquireGuardedMutexUnsafe(Mutex);
}

static BOOLEAN FASTCALL
VerifierKeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    if (!KeTryToAcquireGuardedMutex(Mutex))
        return FALSE;
    ViDeadlockAcquire(Mutex, ViDeadlockFastMutex, TRUE, CALLER());
    return TRUE;
}

static VOID FASTCALL VerifierKeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    ViDeadlockRelease(Mutex, ViDeadlockFastMutex, CALLER());
    KeReleaseGuardedMutex(Mutex);
}

static VOID FASTCALL VerifierKeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex)
{
    ViDeadlockRelease(Mutex, ViDeadlockFastMutex, CALLER());
    KeReleaseGuardedMutexUnsafe(Mutex);
}

/* A KMUTEX is taken by waiting on it: only those waits are locks. A wait
 * that ends without it (a timeout, an alert) takes the record back. */
static NTSTATUS NTAPI VerifierKeWaitForSingleObject(PVOID Object,
                                                    KWAIT_REASON WaitReason,
                                                    KPROCESSOR_MODE WaitMode,
                                                    BOOLEAN Alertable,
                                                    PLARGE_INTEGER Timeout)
{
    BOOLEAN Mutex = ((DISPATCHER_HEADER *)Object)->Type == MutantObject;
    NTSTATUS Status;

    if (Mutex)
        ViDeadlockAcquire(Object, ViDeadlockMutex,
                          Timeout != NULL && Timeout->QuadPart == 0, CALLER());
    Status =
        KeWaitForSingleObject(Object, WaitReason, WaitMode, Alertable, Timeout);
    if (Mutex && Status != STATUS_SUCCESS && Status != STATUS_ABANDONED)
        ViDeadlockRelease(Object, ViDeadlockMutex, CALLER());
    return Status;
}

static LONG NTAPI VerifierKeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
    ViDeadlockRelease(Mutex, ViDeadlockMutex, CALLER());
    return KeReleaseMutex(Mutex, Wait);
}

typedef BOOLEAN(NTAPI *PACQUIRE_RESOURCE)(PERESOURCE Resource, BOOLEAN Wait);

/* A waiting acquisition is judged before; one that may not wait only
 * once it succeeded. */
static BOOLEAN acquire_resource(PACQUIRE_RESOURCE Routine, PERESOURCE Resource,
                                BOOLEAN Wait, PVOID Caller)
{
    check_apcs_disabled(0x37, Resource);
    if (Wait)
        ViDeadlockAcquire(Resource, ViDeadlockResource, FALSE, Caller);
    if (!Routine(Resource, Wait))
        return FALSE;
    if (!Wait)
        ViDeadlockAcquire(Resource, ViDeadlockResource, TRUE, Caller);
    return TRUE;
}

static BOOLEAN NTAPI VerifierExAcquireResourceExclusiveLite(PERESOURCE Resource,
                                                            BOOLEAN Wait)
{
    return acquire_resource(ExAcquireResourceExclusiveLite, Resource, Wait,
                            CALLER());
}

static BOOLEAN NTAPI VerifierExAcquireResourceSharedLite(PERESOURCE Resource,
                                                         BOOLEAN Wait)
{
    return acquire_resource(ExAcquireResourceSharedLite, Resource, Wait,
                            CALLER());
}

static BOOLEAN NTAPI VerifierExAcquireSharedStarveExclusive(PERESOURCE Resource,
                                                            BOOLEAN Wait)
{
    return acquire_resource(ExAcquireSharedStarveExclusive, Resource, Wait,
                            CALLER());
}

static BOOLEAN NTAPI
VerifierExAcquireSharedWaitForExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    return acquire_resource(ExAcquireSharedWaitForExclusive, Resource, Wait,
                            CALLER());
}

static BOOLEAN NTAPI
VerifierExTryToAcquireResourceExclusiveLite(PERESOURCE Resource)
{
    check_apcs_disabled(0x37, Resource);
    if (!ExTryToAcquireResourceExclusiveLite(Resource))
        return FALSE;
    ViDeadlockAcquire(Resource, ViDeadlockResource, TRUE, CALLER());
    return TRUE;
}

static VOID FASTCALL VerifierExReleaseResourceLite(PERESOURCE Resource)
{
    check_apcs_disabled(0x38, Resource);
    ViDeadlockRelease(Resource, ViDeadlockResource, CALLER());
    ExReleaseResourceLite(Resource);
}

/* The release on behalf of another thread: that thread's hold goes. */
static VOID NTAPI VerifierExReleaseResourceForThreadLite(
    PERESOURCE Resource, ERESOURCE_THREAD ResourceThreadId)
{
    check_apcs_disabled(0x38, Resource);
    ViDeadlockReleaseForThread(Resource, ViDeadlockResource, ResourceThreadId,
                               CALLER());
    ExReleaseResourceForThreadLite(Resource, ResourceThreadId);
}

static const VI_THUNK thunks[] = {
    {"ExAcquireFastMutex", (PVOID)VerifierExAcquireFastMutex},
    {"ExTryToAcquireFastMutex", (PVOID)VerifierExTryToAcquireFastMutex},
    {"ExReleaseFastMutex", (PVOID)VerifierExReleaseFastMutex},
    {"ExAcquireFastMutexUnsafe", (PVOID)VerifierExAcquireFastMutexUnsafe},
    {"ExReleaseFastMutexUnsafe", (PVOID)VerifierExReleaseFastMutexUnsafe},
    {"KeAcquireGuardedMutex", (PVOID)VerifierKeAcquireGuardedMutex},
    {"KeAcquireGuardedMutexUnsafe", (PVOID)VerifierKeAcquireGuardedMutexUnsafe},
    {"KeTryToAcquireGuardedMutex", (PVOID)VerifierKeTryToAcquireGuardedMutex},
    {"KeReleaseGuardedMutex", (PVOID)VerifierKeReleaseGuardedMutex},
    {"KeReleaseGuardedMutexUnsafe", (PVOID)VerifierKeReleaseGuardedMutexUnsafe},
    {"KeWaitForSingleObject", (PVOID)VerifierKeWaitForSingleObject},
    {"KeReleaseMutex", (PVOID)VerifierKeReleaseMutex},
    {"ExAcquireResourceExclusiveLite",
     (PVOID)VerifierExAcquireResourceExclusiveLite},
    {"ExAcquireResourceSharedLite", (PVOID)VerifierExAcquireResourceSharedLite},
    {"ExAcquireSharedStarveExclusive",
     (PVOID)VerifierExAcquireSharedStarveExclusive},
    {"ExAcquireSharedWaitForExclusive",
     (PVOID)VerifierExAcquireSharedWaitForExclusive},
    {"ExTryToAcquireResourceExclusiveLite",
     (PVOID)VerifierExTryToAcquireResourceExclusiveLite},
    {"ExReleaseResourceLite", (PVOID)VerifierExReleaseResourceLite},
    {"ExReleaseResourceForThreadLite",
     (PVOID)VerifierExReleaseResourceForThreadLite},
};

ULONG_PTR ViRedirectSyncImport(PCSTR Name)
{
    return ViFindThunk(thunks, ARRAYSIZE(thunks), Name, 0);
}
