/*
 * Driver Verifier's low-resources simulation (mm/verifier_fault.c, flag
 * 0x4, docs/verifier.md): a verified driver's allocations fail now and
 * then, from a seeded generator, so its failure paths run.
 */
#ifndef KERNEL_VERIFIER_FAULT_H
#define KERNEL_VERIFIER_FAULT_H

#include "ntddk.h"

/* The routines that may fail, each with its counters. */
typedef enum _VI_FAULT_ROUTINE {
    ViFaultPool,
    ViFaultProbeAndLockPages,
    ViFaultMapLockedPages,
    ViFaultAllocateIrp,
    ViFaultAllocateMdl,
    ViFaultAllocateWorkItem,
    ViFaultRoutineCount
} VI_FAULT_ROUTINE;

/* The defaults: 5 in 100 calls, from boot on (NT waits 7 minutes). */
#define VF_DEFAULT_FAULT_RATE 500 /* per 10,000 calls */
#define VF_DEFAULT_FAULT_DELAY 0  /* seconds since boot */

typedef struct _VF_FAULT_INFORMATION {
    ULONG Seed;
    ULONG Rate;         /* failures per 10,000 calls */
    ULONG DelaySeconds; /* none before this long after boot */
    struct {
        PCSTR Name;
        ULONG Attempts;
        ULONG Failures;
    } Routines[ViFaultRoutineCount];
} VF_FAULT_INFORMATION;

/* From verifier_seed=HEX, verifier_fault_rate=N, verifier_fault_delay=N
 * (the verifier's first use, with the flag on); prints the seed. */
VOID ViInitializeFaultInjection(VOID);
/* Starts the sequence again (the tests: one seed after another); the
 * counters go back to 0. Rate is clamped to 10,000. */
VOID VfSetFaultInjection(ULONG Seed, ULONG Rate, ULONG DelaySeconds);
VOID VfQueryFaultInjection(VF_FAULT_INFORMATION *Information);

/* Counts a call of Routine by a verified driver; TRUE: fail it. */
BOOLEAN ViInjectFailure(VI_FAULT_ROUTINE Routine);
/* The same for a pool allocation of PoolType: must-succeed pool never
 * fails. */
BOOLEAN ViInjectPoolFailure(POOL_TYPE PoolType);

/* The routine a verified driver's import of Name binds to: the
 * simulation's, or Address. */
ULONG_PTR ViRedirectFaultImport(PCSTR Name, ULONG_PTR Address);

#endif
