/*
 * The IRQL machinery inside the kernel: software interrupts (APC and
 * DISPATCH), the delivery of what waited while the IRQL was high, and the
 * entry of hardware interrupts. The driver-facing half is in ntke.h.
 */
#ifndef KERNEL_IRQL_H
#define KERNEL_IRQL_H

#include "kernel/gdt.h"
#include "kernel/hal.h"
#include "kernel/trap.h"
#include "ntddk.h"

/* The hot pair's slow paths (kernel/ke/irql_hot_path.asm calls them). */
DECLSPEC_NORETURN VOID FASTCALL KiIrqlRaiseViolation(KIRQL NewIrql);
DECLSPEC_NORETURN VOID FASTCALL KiIrqlLowerViolation(KIRQL NewIrql);

/* Asks for a software interrupt at Level (APC_LEVEL or DISPATCH_LEVEL); it
 * is delivered as soon as the IRQL is below Level. Any IRQL. */
VOID FASTCALL KiRequestSoftwareInterrupt(KIRQL Level);

/* Runs, highest first, everything pending above NewIrql, then leaves the
 * IRQL at NewIrql. Called by KfLowerIrql's slow path and after an ISR. */
VOID FASTCALL KiDeliverPendingInterrupts(KIRQL NewIrql);

/* The common end of every lowering, checks already done: the new level,
 * then the slow path if something waits above it. */
FORCEINLINE VOID KiSetLowerIrql(KIRQL NewIrql)
{
    KiWritePcrIrql(NewIrql);
    if (((KiReadPcrIrr() >> NewIrql) >> 1) != 0)
        KiDeliverPendingInterrupts(NewIrql);
}

/* KfRaiseIrql inline, for the kernel's own hottest raises: one store. The
 * checked build's stop for a "raise" that would lower goes through
 * KfRaiseIrql. */
FORCEINLINE KIRQL KiRaiseIrql(KIRQL NewIrql)
{
    KIRQL OldIrql = KiReadPcrIrql();

    if (OldIrql > NewIrql)
        return KfRaiseIrql(NewIrql);
    KiWritePcrIrql(NewIrql);
    return OldIrql;
}

/* The DISPATCH_LEVEL software interrupt: runs the DPC queue. */
VOID KiRetireDpcList(VOID);
BOOLEAN KiDpcQueueNonEmpty(VOID);
extern ULONG KiDpcQueueDepth; /* DPCs queued now */
extern ULONG KiDpcCount;      /* DPCs run since boot */
/* The APC_LEVEL software interrupt delivers the current thread's kernel
 * APCs (kernel/ke/apc.c); each delivery is counted, and a test hook may
 * watch it. */
extern ULONG KiApcInterruptCount;
extern VOID (*KiApcDeliveryHook)(VOID);

/* Interrupt entry from trap_entry.asm for vectors 0x20 and up. */
VOID KiInterruptDispatch(PKTRAP_FRAME TrapFrame);
/* Runs the chain of interrupt objects on Vector at Irql (interrupts on),
 * then the HAL's end of interrupt and the way back down. */
VOID KiRunInterrupt(ULONG Vector, KIRQL Irql);

/* Executes INT Vector (trap_entry.asm): the way to reach a vector from
 * software, as a controller that cannot tell would see it. */
VOID KiSoftwareInterrupt(ULONG Vector);

/* Per-vector counts of interrupts taken, for the shell and tests. */
extern ULONG KiInterruptCount[256];
/* Interrupts with no interrupt object that claimed them. */
extern ULONG KiUnexpectedInterruptCount;

/* The clock's interrupt service: tick count, timers, DPC requests. */
extern volatile ULONGLONG KiTickCount; /* read with KeQueryTickCount */
extern ULONG KiClockVector;
/* 100 ns units per tick, as NT's exported variable (a debugger reads it). */
extern ULONG KeTimeIncrement;
VOID KiClockInterrupt(VOID);
VOID KiInitializeClock(VOID);
ULONG KiTimerDpcCount(VOID);

/* Boot: the HAL chosen by the command line, interrupts enabled. */
VOID KiInitializeInterrupts(PCSTR HalOption);

#endif
