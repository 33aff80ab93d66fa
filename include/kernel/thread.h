/*
 * Threads inside the kernel: the kernel's part (KTHREAD: what the
 * dispatcher schedules and waits with) and the executive's (ETHREAD: ids,
 * start address, exit status). NT's field names, where a debugger user
 * would look for them; drivers see both only as opaque pointers.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "kernel/gdt.h"
#include "kernel/irql.h"
#include "kernel/trap.h"
#include "ntddk.h"

typedef enum _KTHREAD_STATE {
    Initialized,
    Ready,
    Running,
    Standby, /* chosen to preempt the running thread (KPRCB.NextThread) */
    Terminated,
    Waiting,
} KTHREAD_STATE;

/* The thread's wait block for its timeout timer, after the built-in
 * blocks for objects. */
#define TIMER_WAIT_BLOCK THREAD_WAIT_OBJECTS

/* Quantum units: the clock takes 3 a tick, a thread starts with 6. */
#define CLOCK_QUANTUM_DECREMENT 3
#define THREAD_QUANTUM 6

/* Kernel stacks: 12 KiB, as NT's x86 kernel, an unmapped page below. */
#define KERNEL_STACK_SIZE 12288
/* The top of every kernel stack is kept for the frame a trap from ring 3
 * pushes there (TSS.Esp0 is the stack's top). */
#define KiUserTrapFrame(Thread)                                                \
    ((PKTRAP_FRAME)((PUCHAR)(Thread)->InitialStack - sizeof(KTRAP_FRAME)))

typedef VOID(NTAPI *PKSYSTEM_ROUTINE)(PKSTART_ROUTINE StartRoutine,
                                      PVOID StartContext);

typedef struct _KTHREAD {
    DISPATCHER_HEADER Header;  /* signalled when the thread ends */
    LIST_ENTRY MutantListHead; /* mutants it owns */
    PVOID InitialStack;        /* top of the kernel stack */
    PVOID StackLimit;          /* its lowest byte */
    PVOID KernelStack;         /* the saved stack pointer while switched out */
    UCHAR State;               /* KTHREAD_STATE */
    BOOLEAN Alertable;
    BOOLEAN Alerted[MaximumMode];
    BOOLEAN ApcQueueable; /* FALSE once the thread ends */
    BOOLEAN WaitNext;     /* a Wait = TRUE call kept the dispatcher lock */
    KIRQL WaitIrql;       /* the IRQL to return to after a wait */
    KPROCESSOR_MODE WaitMode;
    UCHAR WaitReason;
    SCHAR Priority;
    SCHAR BasePriority;
    SCHAR Quantum; /* units left; the clock takes 3 a tick */
    UCHAR QuantumReset;
    SHORT KernelApcDisable;  /* below 0: in a critical region (or a KMUTEX) */
    SHORT SpecialApcDisable; /* below 0: in a guarded region */
    NTSTATUS WaitStatus;
    PKWAIT_BLOCK WaitBlockList;
    KWAIT_BLOCK WaitBlock[THREAD_WAIT_OBJECTS + 1];
    KTIMER Timer;             /* the timeout of its waits */
    LIST_ENTRY WaitListEntry; /* its ready queue while Ready */
    KAPC_STATE ApcState;      /* ApcState.Process: the space it runs in */
    PKAPC_STATE ApcStatePointer[2];
    KAPC_STATE SavedApcState;
    UCHAR ApcStateIndex;        /* AttachedApcEnvironment while attached */
    struct _KPROCESS *Process;  /* the process it belongs to */
    LIST_ENTRY ThreadListEntry; /* in its process's list */
    ULONG WaitTime;             /* tick count when it last began to wait */
    ULONG KernelTime;           /* clock ticks it was running for */
    ULONG ContextSwitches;      /* times it was switched to */
    PKSYSTEM_ROUTINE SystemRoutine;
    PKSTART_ROUTINE StartRoutine;
    PVOID StartContext;
    KPROCESSOR_MODE PreviousMode; /* the mode a system service came from */
    PVOID Teb; /* user threads: the TEB fs points at in ring 3; else NULL */
    /* Suspension, as NT's: a kernel APC whose normal routine waits on the
     * semaphore while the count is above zero (kernel/ke/suspend.c). */
    CHAR SuspendCount;
    KAPC SuspendApc;
    KSEMAPHORE SuspendSemaphore;
} KTHREAD;

typedef struct _ETHREAD {
    KTHREAD Tcb;
    LARGE_INTEGER CreateTime; /* system time, as NT's */
    NTSTATUS ExitStatus;
    CLIENT_ID Cid;
    PKSTART_ROUTINE StartAddress;
    LIST_ENTRY ThreadListEntry; /* PspActiveThreads: every thread alive */
    BOOLEAN SystemThread;
    BOOLEAN StackReaped; /* the kernel stack has gone back */
    BOOLEAN Terminated;  /* a termination APC is on its way or ran */
    struct _EPROCESS *ThreadsProcess; /* referenced while the object lives */
    LIST_ENTRY IrpList; /* IRPs it issued, cancelled when it ends */
} ETHREAD;

/* The boot flow's thread, which becomes the idle thread. */
extern ETHREAD KiInitialThread;

/* fs:[0x124], as NT reads it. */
FORCEINLINE PKTHREAD KiCurrentThread(VOID)
{
    PKTHREAD Thread;
    __asm__ volatile("movl %%fs:%c1, %0"
                     : "=r"(Thread)
                     : "i"(KPCR_CURRENT_THREAD));
    return Thread;
}

/* The dispatcher database (ready queues, wait lists, object states) is
 * guarded by one lock taken at SYNCH_LEVEL. On one processor nobody can
 * hold it when it is taken, so taking it is an exchange that checks that
 * (SYNCH_LEVEL keeps every other taker out). Inline: every wait, signal
 * and switch takes it. */
extern volatile KSPIN_LOCK KiDispatcherLock;
/* SPIN_LOCK_ALREADY_OWNED (0x0F): the lock was taken twice;
 * SPIN_LOCK_NOT_OWNED (0x10, checked build): released while free. */
DECLSPEC_NORETURN VOID KiDispatcherLockOwned(ULONG_PTR Caller);
DECLSPEC_NORETURN VOID KiDispatcherLockNotOwned(VOID);

FORCEINLINE VOID KiLockDispatcherDatabase(VOID)
{
    if (__atomic_exchange_n(&KiDispatcherLock, 1, __ATOMIC_ACQUIRE) != 0)
        KiDispatcherLockOwned((ULONG_PTR)__builtin_return_address(0));
}

/* Releases the lock and leaves the IRQL at DISPATCH_LEVEL or above. */
FORCEINLINE VOID KiReleaseDispatcherLockToDpcLevel(VOID)
{
#if DBG
    if (KiDispatcherLock == 0)
        KiDispatcherLockNotOwned();
#endif
    __atomic_store_n(&KiDispatcherLock, 0, __ATOMIC_RELEASE);
}

FORCEINLINE KIRQL KiAcquireDispatcherLock(VOID)
{
    KIRQL OldIrql = KiRaiseIrql(SYNCH_LEVEL);

    KiLockDispatcherDatabase();
    return OldIrql;
}

FORCEINLINE VOID KiReleaseDispatcherLock(KIRQL OldIrql)
{
    KiReleaseDispatcherLockToDpcLevel();
    KiSetLowerIrql(OldIrql);
}

/* The end of a signalling routine: releases the lock, or with Wait = TRUE
 * keeps it (and the raised IRQL) for the KeWait* call that comes next. */
FORCEINLINE VOID KiExitDispatcher(KIRQL OldIrql, BOOLEAN Wait)
{
    if (Wait) {
        PKTHREAD Thread = KiCurrentThread();

        Thread->WaitNext = TRUE;
        Thread->WaitIrql = OldIrql;
        return;
    }
    KiReleaseDispatcherLock(OldIrql);
}

/* kernel/ke/thread.c */
VOID KiInitializeBootThread(VOID);
/* The kernel half of a new thread: a stack, an initial frame that starts
 * in SystemRoutine(StartRoutine, StartContext), priority 8. */
NTSTATUS KeInitializeThread(PKTHREAD Thread, struct _KPROCESS *Process,
                            PKSYSTEM_ROUTINE SystemRoutine,
                            PKSTART_ROUTINE StartRoutine, PVOID StartContext);
/* Readies a thread KeInitializeThread made. */
VOID KeStartThread(PKTHREAD Thread);
/* Ends the current thread (never returns): owned mutants, APCs, the
 * signalled state; the stack goes back once another thread runs. */
DECLSPEC_NORETURN VOID KeTerminateThread(VOID);
/* Gives back the kernel stacks of threads that have ended. */
VOID KiReapTerminatedThreads(VOID);
/* Gives back a stack KeInitializeThread made (a thread that never ran). */
VOID KiReleaseThreadStack(PKTHREAD Thread);
/* The deepest stack use seen, in bytes. */
ULONG KiStackHighWater(PKTHREAD Thread);
/* The idle loop: the boot flow ends here. */
DECLSPEC_NORETURN VOID KiIdleLoop(VOID);

/* The ready queues: include/kernel/ready_queue.h (inline, pure). */

/* kernel/ke/scheduler.c */
VOID KiInitializeScheduler(VOID);
/* KiReadyThread, KiUnwaitThread, KiSwapThread: include/kernel/dispatcher.h
 * (inline). */
/* The DISPATCH_LEVEL software interrupt's share: preemption and quantum
 * end, after the DPC queue ran. */
VOID KiDispatchInterrupt(VOID);
/* From the clock interrupt: charges the tick to the running thread. */
VOID KiUpdateRunTime(VOID);
/* Sets a ready or waiting thread's priority, requeueing it. Lock held. */
VOID KiSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority);
/* The highest ready priority, -1 when no thread is ready. */
LONG KiHighestReadyPriority(VOID);

/* kernel/ke/context_switch.asm: switches from Old, the current thread,
 * to New (the states, the PCR, the TSS, the stacks); returns when Old
 * runs again. The callee-saved registers, EFLAGS and the exception list
 * are saved on Old's stack. */
VOID FASTCALL KiSwapContext(PKTHREAD Old, PKTHREAD New);
/* Its rare half, in C: the TEB descriptor, CR3 and the LDT, called only
 * when New's TEB or process differs from Old's. */
VOID FASTCALL KiSwapProcessContext(PKTHREAD Old, PKTHREAD New);

/* kernel/ke/wait.c */
/* Tells waiters Object has become signalled. Dispatcher lock held. */
VOID FASTCALL KiWaitTest(PVOID Object, KPRIORITY Increment);
/* What a wait does to each object: include/kernel/wait_object.h; boosts,
 * decay and quanta: include/kernel/quantum.h (inline, pure). */

/* kernel/ke/timer.c */
/* Inserts or cancels a timer, dispatcher lock held. */
/* Due is an interrupt time; Absolute says the caller gave a system time. */
VOID KiInsertTimer(PKTIMER Timer, ULONGLONG Due, BOOLEAN Absolute, LONG Period);
BOOLEAN KiCancelTimer(PKTIMER Timer);

/* kernel/ke/apc.c */
VOID KiInitializeApcState(PKTHREAD Thread);
/* Runs the current thread's deliverable kernel APCs (APC_LEVEL software
 * interrupt). */
VOID KiDeliverApc(VOID);
/* Queued APCs of an ending thread: rundown routines, or freed. */
VOID KiFlushApcs(PKTHREAD Thread);
/* kernel/ke/suspend.c */
VOID KiInitializeSuspend(PKTHREAD Thread);
/* The previous count; STATUS_SUSPEND_COUNT_EXCEEDED past 127 (as
 * *PreviousCount = -1). */
NTSTATUS KeSuspendThread(PKTHREAD Thread, PULONG PreviousCount);
ULONG KeResumeThread(PKTHREAD Thread); /* the previous count */
/* Lets it run whatever the count (thread termination does). */
ULONG KeForceResumeThread(PKTHREAD Thread);

/* kernel/ke/apc.c: the first user APC, on the way back to ring 3. */
VOID KiDeliverUserApc(PKTRAP_FRAME TrapFrame);
/* kernel/ke/user_mode.c: makes TrapFrame enter ntdll's KiUserApcDispatcher
 * to run Normal(Context, Argument1, Argument2) in ring 3. */
VOID KiInitializeUserApc(PKTRAP_FRAME TrapFrame, PKNORMAL_ROUTINE Normal,
                         PVOID Context, PVOID Argument1, PVOID Argument2);
/* Asks for the APC interrupt when the thread's kernel APCs may run. */
VOID KiCheckForKernelApcDelivery(VOID);

/* kernel/ke/mutex.c */
/* An ending thread's mutants: abandoned (a KMUTEX stops the machine). */
VOID KiRundownMutants(PKTHREAD Thread);

#endif
