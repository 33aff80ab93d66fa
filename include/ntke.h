/*
 * The kernel (Ke) part of the driver API, as the WDK declares it for x86:
 * IRQLs, spin locks, DPCs, timers, interrupt objects and the clock.
 * Included by ntddk.h; drivers include that.
 */
#ifndef NTKE_H
#define NTKE_H

#include "ntdef.h"
#include "ntlist.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Interrupt request levels, NT's x86 values. */
#define PASSIVE_LEVEL 0
#define LOW_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define PROFILE_LEVEL 27
#define CLOCK1_LEVEL 28
#define CLOCK2_LEVEL 28
#define CLOCK_LEVEL 28
#define IPI_LEVEL 29
#define POWER_LEVEL 30
#define HIGH_LEVEL 31
#define SYNCH_LEVEL (IPI_LEVEL - 2) /* as the multiprocessor kernel */

KIRQL NTAPI KeGetCurrentIrql(VOID);
/* Raising below the current level or lowering above it stops the machine
 * in the checked build (IRQL_NOT_GREATER_OR_EQUAL, IRQL_NOT_LESS_OR_EQUAL). */
KIRQL FASTCALL KfRaiseIrql(KIRQL NewIrql);
VOID FASTCALL KfLowerIrql(KIRQL NewIrql);
/* NT's x86 HAL also exports these two as stdcall functions, for drivers
 * built before the Kf* routines; the WDK's macros, as here, call the Kf*
 * ones, and (KeRaiseIrql)(...) the functions. */
VOID NTAPI(KeRaiseIrql)(KIRQL NewIrql, PKIRQL OldIrql);
VOID NTAPI(KeLowerIrql)(KIRQL NewIrql);
#define KeRaiseIrql(NewIrql, OldIrql) (*(OldIrql) = KfRaiseIrql(NewIrql))
#define KeLowerIrql(NewIrql) KfLowerIrql(NewIrql)
KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID);
KIRQL NTAPI KeRaiseIrqlToSynchLevel(VOID);

/* Pageable code must not run at DISPATCH_LEVEL or above: a page fault
 * there could not be served. Checked builds stop the machine. A driver
 * gets the WDK's expansion, over exports only (wdm.h). */
#if !defined(NT_DRIVER_BUILD)
VOID NTAPI KiCheckPagedCode(VOID);
#if DBG
#define PAGED_CODE() KiCheckPagedCode()
#else
#define PAGED_CODE() ((void)0)
#endif
#endif

/* Spin locks. On one processor they still raise to DISPATCH_LEVEL; the
 * checked build records the owner and stops on recursion
 * (SPIN_LOCK_ALREADY_OWNED) and on release by a non-owner
 * (SPIN_LOCK_NOT_OWNED). */
VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock);
KIRQL FASTCALL KfAcquireSpinLock(PKSPIN_LOCK SpinLock);
VOID FASTCALL KfReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
/* The HAL's stdcall exports of the same, as KeRaiseIrql's. */
VOID NTAPI(KeAcquireSpinLock)(PKSPIN_LOCK SpinLock, PKIRQL OldIrql);
VOID NTAPI(KeReleaseSpinLock)(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
#define KeAcquireSpinLock(SpinLock, OldIrql)                                   \
    (*(OldIrql) = KfAcquireSpinLock(SpinLock))
#define KeReleaseSpinLock(SpinLock, NewIrql)                                   \
    KfReleaseSpinLock(SpinLock, NewIrql)
VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
/* The fastcall forms NT x86's ntoskrnl also exports, which the WDK's
 * KeAcquireSpinLockAtDpcLevel macro calls: a driver built against it
 * imports these. */
VOID FASTCALL KefAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
VOID FASTCALL KefReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
BOOLEAN NTAPI KeTestSpinLock(PKSPIN_LOCK SpinLock);
/* Raises to SYNCH_LEVEL, the dispatcher's own level; release with
 * KeReleaseSpinLock. */
KIRQL FASTCALL KeAcquireSpinLockRaiseToSynch(PKSPIN_LOCK SpinLock);
/* At DISPATCH_LEVEL: TRUE and the lock held, or FALSE when it is held. */
BOOLEAN FASTCALL KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);

/*
 * In-stack queued spin locks. On a multiprocessor each waiter spins on
 * its own queue entry, in the caller's handle on its stack, and the lock
 * word points at the last one; the owner hands the lock to the next. On
 * this one processor there is never a waiter: a lock found held stops the
 * machine (SPIN_LOCK_ALREADY_OWNED), and a release through a handle that
 * does not own the lock too (SPIN_LOCK_NOT_OWNED). NT x86's layout.
 */
typedef struct _KSPIN_LOCK_QUEUE {
    struct _KSPIN_LOCK_QUEUE *volatile Next;
    PKSPIN_LOCK volatile Lock; /* low bits: LOCK_QUEUE_WAIT, LOCK_QUEUE_OWNER */
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;

#define LOCK_QUEUE_WAIT 1
#define LOCK_QUEUE_OWNER 2

typedef struct _KLOCK_QUEUE_HANDLE {
    KSPIN_LOCK_QUEUE LockQueue;
    KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

VOID FASTCALL KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
                                             PKLOCK_QUEUE_HANDLE LockHandle);
VOID FASTCALL KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle);
VOID FASTCALL KeAcquireInStackQueuedSpinLockAtDpcLevel(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
VOID FASTCALL
KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle);

/* Deferred procedure calls. */
typedef enum _KDPC_IMPORTANCE {
    LowImportance,
    MediumImportance,
    HighImportance,
    MediumHighImportance
} KDPC_IMPORTANCE;

struct _KDPC;
typedef VOID NTAPI KDEFERRED_ROUTINE(struct _KDPC *Dpc, PVOID DeferredContext,
                                     PVOID SystemArgument1,
                                     PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

typedef struct _KDPC {
    UCHAR Type;
    UCHAR Importance;
    USHORT Number;
    LIST_ENTRY DpcListEntry;
    PKDEFERRED_ROUTINE DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    volatile PVOID DpcData; /* non-NULL while queued */
} KDPC, *PKDPC, *PRKDPC;

VOID NTAPI KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
                           PVOID DeferredContext);
VOID NTAPI KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance);
/* Returns when every DPC queued before the call has run; PASSIVE_LEVEL. */
VOID NTAPI KeFlushQueuedDpcs(VOID);
/* FALSE when the DPC is already queued (it will still run once). */
BOOLEAN NTAPI KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1,
                               PVOID SystemArgument2);
/* TRUE when the DPC was queued and now is not. */
BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc);

/* The clock. */
VOID NTAPI KeQueryTickCount(PLARGE_INTEGER TickCount);
/* 100 ns units since 1601-01-01 00:00 UTC: the CMOS clock's time at boot
 * plus the interrupt time since. */
VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
ULONG NTAPI KeQueryTimeIncrement(VOID); /* 100 ns units per tick */
ULONGLONG NTAPI KeQueryInterruptTime(VOID);
LARGE_INTEGER NTAPI
KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency);
VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds);

/* Interrupt objects. */
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;
typedef enum _KINTERRUPT_MODE { LevelSensitive, Latched } KINTERRUPT_MODE;
typedef enum _INTERFACE_TYPE {
    InterfaceTypeUndefined = -1,
    Internal = 0,
    Isa = 1,
} INTERFACE_TYPE;

struct _KINTERRUPT;
typedef BOOLEAN NTAPI KSERVICE_ROUTINE(struct _KINTERRUPT *Interrupt,
                                       PVOID ServiceContext);
typedef KSERVICE_ROUTINE *PKSERVICE_ROUTINE;
typedef BOOLEAN NTAPI KSYNCHRONIZE_ROUTINE(PVOID SynchronizeContext);
typedef KSYNCHRONIZE_ROUTINE *PKSYNCHRONIZE_ROUTINE;

typedef struct _KINTERRUPT {
    USHORT Type;
    USHORT Size;
    LIST_ENTRY InterruptListEntry; /* the chain of one vector */
    PKSERVICE_ROUTINE ServiceRoutine;
    PVOID ServiceContext;
    KSPIN_LOCK SpinLock;
    PKSPIN_LOCK ActualLock;
    ULONG Vector;
    KIRQL Irql;
    KIRQL SynchronizeIrql;
    BOOLEAN ShareVector;
    BOOLEAN Connected;
    KINTERRUPT_MODE Mode;
    ULONG ServiceCount; /* times the routine said "mine" */
} KINTERRUPT, *PKINTERRUPT, *PRKINTERRUPT;

/* The vector and DIRQL the HAL gives a bus interrupt (ISA: the IRQ). */
ULONG NTAPI HalGetInterruptVector(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
                                  ULONG BusInterruptLevel,
                                  ULONG BusInterruptVector, PKIRQL Irql,
                                  PKAFFINITY Affinity);
VOID NTAPI KeInitializeInterrupt(
    PKINTERRUPT Interrupt, PKSERVICE_ROUTINE ServiceRoutine,
    PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector, KIRQL Irql,
    KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector,
    CHAR ProcessorNumber, BOOLEAN FloatingSave);
BOOLEAN NTAPI KeConnectInterrupt(PKINTERRUPT Interrupt);
BOOLEAN NTAPI KeDisconnectInterrupt(PKINTERRUPT Interrupt);
NTSTATUS NTAPI IoConnectInterrupt(
    PKINTERRUPT *InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
    PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector, KIRQL Irql,
    KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector,
    KAFFINITY ProcessorEnableMask, BOOLEAN FloatingSave);
VOID NTAPI IoDisconnectInterrupt(PKINTERRUPT InterruptObject);
BOOLEAN NTAPI KeSynchronizeExecution(PKINTERRUPT Interrupt,
                                     PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
                                     PVOID SynchronizeContext);
KIRQL NTAPI KeAcquireInterruptSpinLock(PKINTERRUPT Interrupt);
VOID NTAPI KeReleaseInterruptSpinLock(PKINTERRUPT Interrupt, KIRQL OldIrql);

#ifdef __cplusplus
}
#endif

#endif
