/*
 * Driver Verifier's IRQL and lock checks (docs/verifier.md): a verified
 * driver's imports of the IRQL, spin-lock, mutex, fast-mutex and
 * resource routines are bound to the verifier's (mm/verifier_irql.c,
 * mm/verifier_sync.c), which check the call (0xC4 with NT's subcodes),
 * trim pageable memory before a raise (forced IRQL checking, flag 0x2)
 * and feed the lock-order graph (deadlock detection, flag 0x20:
 * mm/verifier_deadlock.c).
 */
#ifndef KERNEL_VERIFIER_LOCKS_H
#define KERNEL_VERIFIER_LOCKS_H

#include "kernel/sysldr.h"
#include "kernel/verifier_deadlock_graph.h"

/* NT's MmVerifierData counters of forced IRQL checking, and the graph's. */
typedef struct _VF_LOCK_COUNTERS {
    ULONG RaiseIrqls;       /* raises to DISPATCH_LEVEL or above */
    ULONG AcquireSpinLocks; /* spin locks taken */
    ULONG SynchronizeExecutions;
    ULONG TrimRequests; /* forced IRQL checking: trims asked for */
    ULONG Trims;        /* ...that found pages to trim */
    ULONG PagesTrimmed;
    ULONG LocksTracked; /* deadlock detection: locks in the graph */
    ULONG Edges;
    ULONG Acquisitions;
    ULONG Releases;
} VF_LOCK_COUNTERS;

VOID VfQueryLockCounters(VF_LOCK_COUNTERS *Counters);

/* The verifier's routine for a verified image's import of Name, or 0:
 * ViRedirectLockImport asks mm/verifier_irql.c's table, then
 * mm/verifier_sync.c's. */
ULONG_PTR ViRedirectLockImport(PCSTR Name);
ULONG_PTR ViRedirectSyncImport(PCSTR Name);

/* Forced IRQL checking, before a verified driver's raise from CurrentIrql
 * to NewIrql (or its spin lock's): every pageable system page trimmed. */
VOID ViTrimBeforeRaise(KIRQL CurrentIrql, KIRQL NewIrql);

/* Deadlock detection (when the flag is on): Lock is taken or given back
 * by the current thread at Caller; a mistake stops the machine with 0xC4
 * and the subcode, after the stop screen's account of it. */
VOID ViDeadlockAcquire(PVOID Lock, ULONG Type, BOOLEAN Try, PVOID Caller);
VOID ViDeadlockRelease(PVOID Lock, ULONG Type, PVOID Caller);
/* ExReleaseResourceForThreadLite: Thread's hold goes. */
VOID ViDeadlockReleaseForThread(PVOID Lock, ULONG Type, ULONG_PTR Thread,
                                PVOID Caller);
/* Memory that held locks goes: a block of pool a verified driver frees,
 * and the image (with the locks it took first) at its unload. */
VOID ViDeadlockFreePool(PVOID Va);
VOID ViDeadlockUnloadImage(PKLDR_DATA_TABLE_ENTRY Entry);
VOID ViQueryDeadlockCounters(VF_LOCK_COUNTERS *Counters);

#endif
