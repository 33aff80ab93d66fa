/*
 * The dispatcher as the WDK declares it for x86: dispatcher objects
 * (events, semaphores, mutexes, timers, and threads and processes, which
 * are waitable), waits, APCs and thread priorities. Layouts are NT's to
 * the byte, so a driver built against another DDK's headers sees the
 * same offsets. Included by ntddk.h.
 */
#ifndef NTDISP_H
#define NTDISP_H

#include "ntke.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef LONG KPRIORITY;
typedef CHAR KPROCESSOR_MODE;
typedef enum _MODE { KernelMode, UserMode, MaximumMode } MODE;

#define LOW_PRIORITY 0
#define LOW_REALTIME_PRIORITY 16
#define HIGH_PRIORITY 31
#define MAXIMUM_PRIORITY 32

/* Priority increments a waker may give (wdm.h's names). */
#define IO_NO_INCREMENT 0
#define EVENT_INCREMENT 1
#define IO_DISK_INCREMENT 1
#define IO_KEYBOARD_INCREMENT 6
#define IO_SERIAL_INCREMENT 2
#define SEMAPHORE_INCREMENT 1
#define MUTANT_INCREMENT 1

/* The Type byte of every dispatcher and control object. */
typedef enum _KOBJECTS {
    EventNotificationObject = 0,
    EventSynchronizationObject = 1,
    MutantObject = 2,
    ProcessObject = 3,
    QueueObject = 4,
    SemaphoreObject = 5,
    ThreadObject = 6,
    GateObject = 7,
    TimerNotificationObject = 8,
    TimerSynchronizationObject = 9,
    ApcObject = 18,
    DpcObject = 19,
} KOBJECTS;

/* The first 16 bytes of every waitable object. Size counts ULONGs. */
typedef struct _DISPATCHER_HEADER {
    union {
        struct {
            UCHAR Type;
            union {
                UCHAR Absolute; /* timers */
                UCHAR Abandoned;
            };
            UCHAR Size;
            union {
                UCHAR Inserted; /* timers */
                BOOLEAN DebugActive;
            };
        };
        volatile LONG Lock;
    };
    LONG SignalState;
    LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;

typedef struct _KEVENT {
    DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef struct _KSEMAPHORE {
    DISPATCHER_HEADER Header;
    LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

struct _KTHREAD;
typedef struct _KTHREAD *PKTHREAD, *PRKTHREAD;
struct _ETHREAD;
typedef struct _ETHREAD *PETHREAD;

typedef struct _KMUTANT {
    DISPATCHER_HEADER Header;
    LIST_ENTRY MutantListEntry; /* in the owner's list */
    struct _KTHREAD *OwnerThread;
    BOOLEAN Abandoned;
    UCHAR ApcDisable; /* 1 for a KMUTEX: normal kernel APCs off while owned */
} KMUTANT, *PKMUTANT, *PRKMUTANT, KMUTEX, *PKMUTEX, *PRKMUTEX;

/* Due times in 100 ns units: negative is relative to now, positive an
 * absolute system time (KeQuerySystemTime's, 100 ns since 1601). A timer's
 * DPC gets the system time of the expiry in its two system arguments. */
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;

typedef struct _KTIMER {
    DISPATCHER_HEADER Header;
    ULARGE_INTEGER DueTime;
    LIST_ENTRY TimerListEntry;
    struct _KDPC *Dpc;
    LONG Period; /* milliseconds; 0 for a one-shot timer */
} KTIMER, *PKTIMER, *PRKTIMER;

typedef enum _WAIT_TYPE { WaitAll, WaitAny } WAIT_TYPE;

/* Why a thread waits (shown by the shell's `threads`). */
typedef enum _KWAIT_REASON {
    Executive,
    FreePage,
    PageIn,
    PoolAllocation,
    DelayExecution,
    Suspended,
    UserRequest,
    WrExecutive,
    WrFreePage,
    WrPageIn,
    WrPoolAllocation,
    WrDelayExecution,
    WrSuspended,
    WrUserRequest,
    WrEventPair,
    WrQueue,
    WrLpcReceive,
    WrLpcReply,
    WrVirtualMemory,
    WrPageOut,
    WrRendezvous,
    WrKeyedEvent,
    WrTerminated,
    WrProcessInSwap,
    WrCpuRateControl,
    WrCalloutStack,
    WrKernel,
    WrResource,
    WrPushLock,
    WrMutex,
    WrQuantumEnd,
    WrDispatchInt,
    WrPreempted,
    WrYieldExecution,
    WrFastMutex,
    WrGuardedMutex,
    WrRundown,
    MaximumWaitReason
} KWAIT_REASON;

/* One link between a waiting thread and one object it waits on. */
typedef struct _KWAIT_BLOCK {
    LIST_ENTRY WaitListEntry; /* in the object's WaitListHead */
    struct _KTHREAD *Thread;
    PVOID Object;
    struct _KWAIT_BLOCK *NextWaitBlock; /* the thread's blocks, a ring */
    USHORT WaitKey;                     /* index: STATUS_WAIT_0 + WaitKey */
    UCHAR WaitType;                     /* WaitAny or WaitAll */
    UCHAR SpareByte;
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;

#define THREAD_WAIT_OBJECTS 3 /* built into every thread */
#define MAXIMUM_WAIT_OBJECTS 64

VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
/* The previous state. Wait = TRUE: the caller's next call is a KeWait*
 * routine, and KeSetEvent returns at DISPATCH_LEVEL or above to keep the
 * two atomic. */
LONG NTAPI KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
LONG NTAPI KeResetEvent(PRKEVENT Event);
VOID NTAPI KeClearEvent(PRKEVENT Event);
/* Signals and resets at once: releases whoever waits now. */
LONG NTAPI KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
LONG NTAPI KeReadStateEvent(PRKEVENT Event);

VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count,
                                 LONG Limit);
/* The previous count; past the limit raises
 * STATUS_SEMAPHORE_LIMIT_EXCEEDED and changes nothing. */
LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment,
                              LONG Adjustment, BOOLEAN Wait);
LONG NTAPI KeReadStateSemaphore(PRKSEMAPHORE Semaphore);

VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level);
/* Release by a thread that does not own it raises
 * STATUS_MUTANT_NOT_OWNED (unhandled: KMODE_EXCEPTION_NOT_HANDLED). */
LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait);
LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex);
/* Mutants: mutexes that may be abandoned (the owner ends while holding
 * one) and that leave APCs alone; user-mode mutexes are mutants. */
VOID NTAPI KeInitializeMutant(PRKMUTANT Mutant, BOOLEAN InitialOwner);
LONG NTAPI KeReleaseMutant(PRKMUTANT Mutant, KPRIORITY Increment,
                           BOOLEAN Abandoned, BOOLEAN Wait);
LONG NTAPI KeReadStateMutant(PRKMUTANT Mutant);

VOID NTAPI KeInitializeTimer(PKTIMER Timer);
VOID NTAPI KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type);
/* TRUE when the timer was already set (it is set again). */
BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime,
                         struct _KDPC *Dpc);
BOOLEAN NTAPI KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period,
                           struct _KDPC *Dpc);
/* TRUE when the timer was set and now is not. */
BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer);
BOOLEAN NTAPI KeReadStateTimer(PKTIMER Timer);

/*
 * Waits. Timeout in 100 ns units: negative relative, positive absolute
 * system time, zero polls, NULL waits for ever. IRQL <= APC_LEVEL, or
 * DISPATCH_LEVEL with a zero timeout; anything else stops the machine.
 */
NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                     KPROCESSOR_MODE WaitMode,
                                     BOOLEAN Alertable, PLARGE_INTEGER Timeout);
#define KeWaitForMutexObject KeWaitForSingleObject
/* More than THREAD_WAIT_OBJECTS objects need WaitBlockArray (one block
 * per object); more than MAXIMUM_WAIT_OBJECTS stops the machine. */
NTSTATUS NTAPI KeWaitForMultipleObjects(
    ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
    KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
    PKWAIT_BLOCK WaitBlockArray);
NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode,
                                      BOOLEAN Alertable,
                                      PLARGE_INTEGER Interval);

/* Threads. */
PKTHREAD NTAPI KeGetCurrentThread(VOID);
KPRIORITY NTAPI KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority);
KPRIORITY NTAPI KeQueryPriorityThread(PKTHREAD Thread);
/* Increment is relative to the process's base priority; returns the old
 * increment. */
LONG NTAPI KeSetBasePriorityThread(PKTHREAD Thread, LONG Increment);
/* Wakes an alertable wait in AlertMode with STATUS_ALERTED, or marks the
 * thread alerted; returns whether it was already. */
BOOLEAN NTAPI KeAlertThread(PKTHREAD Thread, KPROCESSOR_MODE AlertMode);
/* Whether the current thread was alerted (and clears it). */
BOOLEAN NTAPI KeTestAlertThread(KPROCESSOR_MODE AlertMode);
/* Gives the processor to another ready thread of the same priority. */
NTSTATUS NTAPI ZwYieldExecution(VOID);
NTSTATUS NTAPI NtYieldExecution(VOID);

/* APCs: code run in a given thread's context. */
typedef enum _KAPC_ENVIRONMENT {
    OriginalApcEnvironment,
    AttachedApcEnvironment,
    CurrentApcEnvironment,
    InsertApcEnvironment
} KAPC_ENVIRONMENT;

struct _KAPC;
typedef VOID NTAPI KNORMAL_ROUTINE(PVOID NormalContext, PVOID SystemArgument1,
                                   PVOID SystemArgument2);
typedef KNORMAL_ROUTINE *PKNORMAL_ROUTINE;
typedef VOID NTAPI KKERNEL_ROUTINE(struct _KAPC *Apc,
                                   PKNORMAL_ROUTINE *NormalRoutine,
                                   PVOID *NormalContext, PVOID *SystemArgument1,
                                   PVOID *SystemArgument2);
typedef KKERNEL_ROUTINE *PKKERNEL_ROUTINE;
typedef VOID NTAPI KRUNDOWN_ROUTINE(struct _KAPC *Apc);
typedef KRUNDOWN_ROUTINE *PKRUNDOWN_ROUTINE;

typedef struct _KAPC {
    UCHAR Type;
    UCHAR SpareByte0;
    UCHAR Size;
    UCHAR SpareByte1;
    ULONG SpareLong0;
    struct _KTHREAD *Thread;
    LIST_ENTRY ApcListEntry;
    PKKERNEL_ROUTINE KernelRoutine;
    PKRUNDOWN_ROUTINE RundownRoutine;
    PKNORMAL_ROUTINE NormalRoutine;
    PVOID NormalContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    CCHAR ApcStateIndex;
    KPROCESSOR_MODE ApcMode;
    BOOLEAN Inserted;
} KAPC, *PKAPC, *PRKAPC;

/* A thread's APC queues (kernel, user) in one environment. */
struct _KPROCESS;
typedef struct _KAPC_STATE {
    LIST_ENTRY ApcListHead[MaximumMode];
    struct _KPROCESS *Process;
    BOOLEAN KernelApcInProgress;
    BOOLEAN KernelApcPending;
    BOOLEAN UserApcPending;
} KAPC_STATE, *PKAPC_STATE, *PRKAPC_STATE;

/* NormalRoutine NULL: a special kernel APC (runs at APC_LEVEL). Else a
 * normal APC: KernelRoutine at APC_LEVEL, then NormalRoutine at
 * PASSIVE_LEVEL (kernel mode) or in user mode (user mode). */
VOID NTAPI KeInitializeApc(PRKAPC Apc, PRKTHREAD Thread,
                           KAPC_ENVIRONMENT Environment,
                           PKKERNEL_ROUTINE KernelRoutine,
                           PKRUNDOWN_ROUTINE RundownRoutine,
                           PKNORMAL_ROUTINE NormalRoutine,
                           KPROCESSOR_MODE ApcMode, PVOID NormalContext);
/* FALSE when the APC is already queued or the thread is ending. */
BOOLEAN NTAPI KeInsertQueueApc(PRKAPC Apc, PVOID SystemArgument1,
                               PVOID SystemArgument2, KPRIORITY Increment);
/* TRUE when the APC was queued and now is not. */
BOOLEAN NTAPI KeRemoveQueueApc(PKAPC Apc);

/* Critical regions hold off normal kernel APCs; guarded regions all. */
VOID NTAPI KeEnterCriticalRegion(VOID);
VOID NTAPI KeLeaveCriticalRegion(VOID);
VOID NTAPI KeEnterGuardedRegion(VOID);
VOID NTAPI KeLeaveGuardedRegion(VOID);
BOOLEAN NTAPI KeAreApcsDisabled(VOID);
BOOLEAN NTAPI KeAreAllApcsDisabled(VOID);

/* Attaching a thread to another process's address space. */
VOID NTAPI KeStackAttachProcess(struct _KPROCESS *Process,
                                PRKAPC_STATE ApcState);
VOID NTAPI KeUnstackDetachProcess(PRKAPC_STATE ApcState);

#ifdef __cplusplus
}
#endif

#endif
