/*
 * Spin locks inside the kernel: the lock word alone, the IRQL left as it
 * is (NT's KiAcquireSpinLock), for callers that hold off everything else
 * themselves, such as the ExInterlocked routines with interrupts off. The
 * same checks as every spin lock: a lock already held stops the machine
 * (SPIN_LOCK_ALREADY_OWNED), and the checked build refuses a release by
 * anyone but the owner (SPIN_LOCK_NOT_OWNED).
 */
#ifndef KERNEL_SPIN_LOCK_H
#define KERNEL_SPIN_LOCK_H

#include "ntddk.h"

/* The checked build's stop for a ...AtDpcLevel call below DISPATCH_LEVEL
 * (IRQL_NOT_GREATER_OR_EQUAL), shared by every spin lock kind. */
VOID KiCheckSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
VOID FASTCALL KiAcquireSpinLock(PKSPIN_LOCK SpinLock);
VOID FASTCALL KiReleaseSpinLock(PKSPIN_LOCK SpinLock);

#endif
