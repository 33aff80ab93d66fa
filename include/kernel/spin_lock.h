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

VOID FASTCALL KiAcquireSpinLock(PKSPIN_LOCK SpinLock);
VOID FASTCALL KiReleaseSpinLock(PKSPIN_LOCK SpinLock);

#endif
