/* The bug check's internal side: stops that know the trapped registers. */
#ifndef KERNEL_BUGCHECK_H
#define KERNEL_BUGCHECK_H

#include "kernel/trap.h"
#include "ntddk.h"

/* Like KeBugCheckEx, showing TrapFrame's registers and walking its stack. */
DECLSPEC_NORETURN VOID KiBugCheckWithTrapFrame(PKTRAP_FRAME TrapFrame,
                                               ULONG Code, ULONG_PTR P1,
                                               ULONG_PTR P2, ULONG_PTR P3,
                                               ULONG_PTR P4);

/* NT's name for a code, or "" for a code this kernel does not know. */
PCSTR KiBugCheckName(ULONG Code);

/* Stops this processor for good: interrupts off, hlt, forever. */
DECLSPEC_NORETURN VOID KiHaltProcessor(VOID);

/* Set under the test runner: a stop then leaves QEMU with a status. */
extern BOOLEAN KiExitOnBugCheck;
extern ULONG_PTR KiBugCheckData[5]; /* code, parameters: the last stop */

#endif
