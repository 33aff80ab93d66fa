/*
 * Driver Verifier's low-resources simulation (flag 0x4;
 * include/kernel/verifier_fault.h, docs/verifier.md). As NT's, it fails
 * a verified driver's allocations now and then, so the paths that handle
 * failure run before a customer's machine runs them: pool (through the
 * verifier's pool routines, mm/verifier.c), IoAllocateIrp,
 * IoAllocateMdl, IoAllocateWorkItem, MmProbeAndLockPages (which raises)
 * and MmMapLockedPagesSpecifyCache (kernel mappings that may fail). A
 * seeded generator decides, so a run can be repeated: the seed is
 * printed at boot.
 */
#include "kernel/verifier_fault.h"
#include "kernel/cmdline.h"
#include "kernel/verifier.h"

static const PCSTR routine_names[ViFaultRoutineCount] = {
    [ViFaultPool] = "pool",
    [ViFaultProbeAndLockPages] = "MmProbeAndLockPages",
    [ViFaultMapLockedPages] = "MmMapLockedPagesSpecifyCache",
    [ViFaultAllocateIrp] = "IoAllocateIrp",
    [ViFaultAllocateMdl] = "IoAllocateMdl",
    [ViFaultAllocateWorkItem] = "IoAllocateWorkItem",
};

static KSPIN_LOCK fault_lock;
static ULONG fault_seed, fault_state, fault_rate = VF_DEFAULT_FAULT_RATE;
static ULONG fault_delay = VF_DEFAULT_FAULT_DELAY;
static ULONG attempts[ViFaultRoutineCount], failures[ViFaultRoutineCount];

/* Marsaglia's xorshift32: small, and the same sequence from a seed. */
static ULONG next_random(VOID)
{
    ULONG X = fault_state;

    X ^= X << 13;
    X ^= X >> 17;
    X ^= X << 5;
    fault_state = X;
    return X;
}

VOID VfSetFaultInjection(ULONG Seed, ULONG Rate, ULONG DelaySeconds)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&fault_lock, &OldIrql);
    fault_seed = Seed;
    fault_state = Seed != 0 ? Seed : 1; /* xorshift stays at 0 */
    fault_rate = Rate > 10000 ? 10000 : Rate;
    fault_delay = DelaySeconds;
    RtlZeroMemory(attempts, sizeof(attempts));
    RtlZeroMemory(failures, sizeof(failures));
    KeReleaseSpinLock(&fault_lock, OldIrql);
}

VOID ViInitializeFaultInjection(VOID)
{
    /* Without a seed, the clock chooses one; printed either way. */
    ULONG Seed = KiGetNumberOption("verifier_seed", 16,
                                   (ULONG)KeQueryInterruptTime() * 2654435761u);

    KeInitializeSpinLock(&fault_lock);
    VfSetFaultInjection(
        Seed,
        KiGetNumberOption("verifier_fault_rate", 10, VF_DEFAULT_FAULT_RATE),
        KiGetNumberOption("verifier_fault_delay", 10, VF_DEFAULT_FAULT_DELAY));
    DbgPrint("verifier: low-resources simulation: verifier_seed=%lx, "
             "%lu failures in 10000 calls, from %lu s after boot\n",
             fault_seed, fault_rate, fault_delay);
}

VOID VfQueryFaultInjection(VF_FAULT_INFORMATION *Information)
{
    KIRQL OldIrql;
    ULONG Index;

    KeAcquireSpinLock(&fault_lock, &OldIrql);
    Information->Seed = fault_seed;
    Information->Rate = fault_rate;
    Information->DelaySeconds = fault_delay;
    for (Index = 0; Index < ViFaultRoutineCount; Index++) {
        Information->Routines[Index].Name = routine_names[Index];
        Information->Routines[Index].Attempts = attempts[Index];
        Information->Routines[Index].Failures = failures[Index];
    }
    KeReleaseSpinLock(&fault_lock, OldIrql);
}

BOOLEAN ViInjectFailure(VI_FAULT_ROUTINE Routine)
{
    BOOLEAN Fail = FALSE;
    KIRQL OldIrql = KfRaiseIrql(HIGH_LEVEL);

    /* Pool may be asked for up to DISPATCH_LEVEL and (wrongly) above: the
     * lock is taken at HIGH_LEVEL, after the caller's checks. */
    KeAcquireSpinLockAtDpcLevel(&fault_lock);
    attempts[Routine]++;
    if (KeQueryInterruptTime() >= (ULONGLONG)fault_delay * 10000000 &&
        next_random() % 10000 < fault_rate) {
        failures[Routine]++;
        Fail = TRUE;
    }
    KeReleaseSpinLockFromDpcLevel(&fault_lock);
    KfLowerIrql(OldIrql);
    return Fail;
}

BOOLEAN ViInjectPoolFailure(POOL_TYPE PoolType)
{
    ULONG Base = (ULONG)PoolType & 7;

    if (Base == NonPagedPoolMustSucceed ||
        Base == NonPagedPoolCacheAlignedMustS)
        return FALSE;
    return ViInjectFailure(ViFaultPool);
}

static PIRP NTAPI VerifierIoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
    if (ViInjectFailure(ViFaultAllocateIrp))
        return NULL;
    return IoAllocateIrp(StackSize, ChargeQuota);
}

static PMDL NTAPI VerifierIoAllocateMdl(PVOID VirtualAddress, ULONG Length,
                                        BOOLEAN SecondaryBuffer,
                                        BOOLEAN ChargeQuota, PIRP Irp)
{
    if (ViInjectFailure(ViFaultAllocateMdl))
        return NULL;
    return IoAllocateMdl(VirtualAddress, Length, SecondaryBuffer, ChargeQuota,
                         Irp);
}

static PIO_WORKITEM NTAPI VerifierIoAllocateWorkItem(PDEVICE_OBJECT Device)
{
    if (ViInjectFailure(ViFaultAllocateWorkItem))
        return NULL;
    return IoAllocateWorkItem(Device);
}

/* NT's verifier raises STATUS_WORKING_SET_QUOTA: what a real failure to
 * lock raises when the working set cannot take the pages. */
static VOID NTAPI VerifierMmProbeAndLockPages(PMDL Mdl,
                                              KPROCESSOR_MODE AccessMode,
                                              LOCK_OPERATION Operation)
{
    if (ViInjectFailure(ViFaultProbeAndLockPages))
        ExRaiseStatus(STATUS_WORKING_SET_QUOTA);
    MmProbeAndLockPages(Mdl, AccessMode, Operation);
}

/* Only a kernel mapping that may fail does: a caller that asked for a
 * bug check on failure cannot handle NULL, and a user mapping's failure
 * raises instead. */
static PVOID NTAPI VerifierMmMapLockedPagesSpecifyCache(
    PMDL Mdl, KPROCESSOR_MODE AccessMode, MEMORY_CACHING_TYPE CacheType,
    PVOID RequestedAddress, ULONG BugCheckOnFailure, ULONG Priority)
{
    if (AccessMode == KernelMode && !BugCheckOnFailure &&
        ViInjectFailure(ViFaultMapLockedPages))
        return NULL;
    return MmMapLockedPagesSpecifyCache(Mdl, AccessMode, CacheType,
                                        RequestedAddress, BugCheckOnFailure,
                                        Priority);
}

static const VI_THUNK fault_thunks[] = {
    {"IoAllocateIrp", (PVOID)VerifierIoAllocateIrp},
    {"IoAllocateMdl", (PVOID)VerifierIoAllocateMdl},
    {"IoAllocateWorkItem", (PVOID)VerifierIoAllocateWorkItem},
    {"MmProbeAndLockPages", (PVOID)VerifierMmProbeAndLockPages},
    {"MmMapLockedPagesSpecifyCache",
     (PVOID)VerifierMmMapLockedPagesSpecifyCache},
};

ULONG_PTR ViRedirectFaultImport(PCSTR Name, ULONG_PTR Address)
{
    return ViFindThunk(fault_thunks, ARRAYSIZE(fault_thunks), Name, Address);
}
