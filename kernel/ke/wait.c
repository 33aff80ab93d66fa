/*
 * Waiting, NT's algorithm. Under the dispatcher lock a wait first tries to
 * be satisfied at once (WaitAny: the first signalled object, by index;
 * WaitAll: all of them together, atomically). Else, unless the timeout is
 * zero, it links one wait block per object onto the object's wait list
 * (plus one on the thread's own timer for a timeout) and switches away.
 * Whoever signals an object walks its wait list (KiWaitTest), satisfies
 * the waiters it can and readies them with their status: the index of
 * the object, STATUS_TIMEOUT, STATUS_ALERTED, STATUS_USER_APC, or
 * STATUS_KERNEL_APC, which only makes the wait deliver the APC and wait
 * again until the same due time.
 */
#include "kernel/bugcheck.h"
#include "kernel/dispatcher.h"
#include "kernel/irql.h"
#include "kernel/probe.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/wait_object.h"

VOID FASTCALL KiWaitTest(PVOID Object, KPRIORITY Increment)
{
    PDISPATCHER_HEADER Header = Object;
    PLIST_ENTRY Entry = Header->WaitListHead.Flink;

    while (Entry != &Header->WaitListHead) {
        PKWAIT_BLOCK Block =
            CONTAINING_RECORD(Entry, KWAIT_BLOCK, WaitListEntry);
        PKTHREAD Thread = Block->Thread;
        NTSTATUS Status;

        if (Block->WaitType == WaitAny) {
            if (!KiIsObjectSignaled(Header, Thread))
                return; /* taken: nobody further along gets it either */
            Status = KiSatisfyObject(Header, Thread) | Block->WaitKey;
        } else {
            if (!KiIsWaitAllSatisfied(Thread)) {
                Entry = Entry->Flink; /* still waits for another object */
                continue;
            }
            Status = KiSatisfyWaitAll(Thread);
        }
        KiUnwaitThread(Thread, Status, Increment);
        Entry = Header->WaitListHead.Flink; /* the list changed */
    }
}

/* Satisfies a wait on several objects at once if it can; STATUS_PENDING
 * when it cannot. */
static NTSTATUS try_satisfy(PKTHREAD Thread, ULONG Count, PVOID Objects[],
                            WAIT_TYPE WaitType)
{
    NTSTATUS Status = STATUS_WAIT_0;
    ULONG Index;

    if (WaitType == WaitAny) {
        for (Index = 0; Index < Count; Index++) {
            if (KiIsObjectSignaled(Objects[Index], Thread))
                return KiSatisfyObject(Objects[Index], Thread) | Index;
        }
        return STATUS_PENDING;
    }
    for (Index = 0; Index < Count; Index++) {
        if (!KiIsObjectSignaled(Objects[Index], Thread))
            return STATUS_PENDING;
    }
    for (Index = 0; Index < Count; Index++)
        Status |= KiSatisfyObject(Objects[Index], Thread);
    return Status;
}

/* Alerts and user APCs that end an alertable wait before it blocks. */
static NTSTATUS test_alert(PKTHREAD Thread, KPROCESSOR_MODE WaitMode)
{
    if (Thread->Alerted[(UCHAR)WaitMode]) {
        Thread->Alerted[(UCHAR)WaitMode] = FALSE;
        return STATUS_ALERTED;
    }
    if (WaitMode == UserMode &&
        !IsListEmpty(&Thread->ApcState.ApcListHead[UserMode])) {
        Thread->ApcState.UserApcPending = TRUE;
        return STATUS_USER_APC;
    }
    if (WaitMode == UserMode && Thread->Alerted[KernelMode]) {
        Thread->Alerted[KernelMode] = FALSE;
        return STATUS_ALERTED;
    }
    return STATUS_PENDING;
}

/* Waiting blocks the thread: only at APC_LEVEL or below, and never the
 * idle thread, which must always be able to run. */
static DECLSPEC_NORETURN VOID wait_would_block(PKTHREAD Thread, PVOID Object,
                                               KIRQL Irql)
{
    PKPRCB Prcb = KeGetCurrentPrcb();

    DbgPrint("KE: a wait at IRQL %u%s; a wait needs IRQL <= APC_LEVEL, or "
             "DISPATCH_LEVEL with a zero timeout\n",
             Irql, Thread == Prcb->IdleThread ? " in the idle thread" : "");
    KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Object, Irql,
                 Thread == Prcb->IdleThread, (ULONG_PTR)Thread);
}

FORCEINLINE VOID check_may_block(PKTHREAD Thread, PVOID Object, KIRQL Irql)
{
    if (Irql > APC_LEVEL || Thread == KeGetCurrentPrcb()->IdleThread)
        wait_would_block(Thread, Object, Irql);
}

/* The rule checked before anything else: a wait starts at APC_LEVEL or
 * below, or at DISPATCH_LEVEL with a zero timeout. The IRQL it starts
 * from is the caller's, or the one a Wait = TRUE call left the dispatcher
 * lock taken from. */
static VOID check_wait_irql(PKTHREAD Thread, PVOID Object,
                            PLARGE_INTEGER Timeout)
{
    KIRQL Irql = Thread->WaitNext ? Thread->WaitIrql : KiReadPcrIrql();

    if (Irql < DISPATCH_LEVEL ||
        (Irql == DISPATCH_LEVEL && Timeout != NULL && Timeout->QuadPart == 0))
        return;
    wait_would_block(Thread, Object, Irql);
}

/* The first cheap look: PASSIVE or APC_LEVEL and no lock kept. */
FORCEINLINE VOID check_wait_irql_fast(PKTHREAD Thread, PVOID Object,
                                      PLARGE_INTEGER Timeout)
{
    if (KiReadPcrIrql() >= DISPATCH_LEVEL)
        check_wait_irql(Thread, Object, Timeout);
}

/* The interrupt time the wait ends at (Timeout not NULL). */
FORCEINLINE ULONGLONG due_time(PLARGE_INTEGER Timeout)
{
    return Timeout == NULL ? 0 : KiDueInterruptTime(Timeout->QuadPart);
}

/* Each round of a wait starts here: the dispatcher lock (or the one a
 * Wait = TRUE call kept), and the caller's IRQL. The IRQL was checked
 * before the first round (at most DISPATCH_LEVEL, and a later round
 * starts from the same), so going to SYNCH_LEVEL is never a lowering and
 * KiRaiseIrql's check is left out. */
FORCEINLINE KIRQL lock_for_wait(PKTHREAD Thread)
{
    KIRQL OldIrql;

    if (Thread->WaitNext) {
        Thread->WaitNext = FALSE;
        return Thread->WaitIrql;
    }
    OldIrql = KiReadPcrIrql();
    KiWritePcrIrql(SYNCH_LEVEL);
    KiLockDispatcherDatabase();
    return OldIrql;
}

/* A kernel APC that may run now runs before the wait starts: TRUE when
 * the lock was dropped for it, and the round starts again. */
FORCEINLINE BOOLEAN deliver_apc_first(PKTHREAD Thread, KIRQL OldIrql)
{
    if (!Thread->ApcState.KernelApcPending || Thread->SpecialApcDisable != 0 ||
        OldIrql >= APC_LEVEL)
        return FALSE;
    KiRequestSoftwareInterrupt(APC_LEVEL);
    KiReleaseDispatcherLock(OldIrql);
    return TRUE;
}

/* The wait could not be satisfied: an alert, a user APC or a due time
 * already past may still end it; STATUS_PENDING when it must block. */
FORCEINLINE NTSTATUS test_unsatisfied(PKTHREAD Thread, KPROCESSOR_MODE WaitMode,
                                      BOOLEAN Alertable, BOOLEAN HasTimeout,
                                      ULONGLONG DueTime)
{
    NTSTATUS Status = STATUS_PENDING;

    if (Alertable)
        Status = test_alert(Thread, WaitMode);
    else if (WaitMode == UserMode && Thread->ApcState.UserApcPending)
        Status = STATUS_USER_APC; /* NT: a thread being terminated */
    if (Status == STATUS_PENDING && HasTimeout &&
        DueTime <= KeQueryInterruptTime())
        Status = STATUS_TIMEOUT;
    return Status;
}

/* The block on the thread's own timer, last in the ring after Last (or
 * alone when there are no objects). */
static VOID link_timer_block(PKTHREAD Thread, PKWAIT_BLOCK Last,
                             ULONGLONG DueTime)
{
    PKWAIT_BLOCK Block = &Thread->WaitBlock[TIMER_WAIT_BLOCK];
    Block->Thread = Thread;
    Block->Object = &Thread->Timer;
    Block->WaitKey = (USHORT)STATUS_TIMEOUT;
    Block->WaitType = WaitAny;
    KiInsertTimer(&Thread->Timer, DueTime, FALSE, 0);
    InsertTailList(&Thread->Timer.Header.WaitListHead, &Block->WaitListEntry);
    if (Last != NULL) {
        Block->NextWaitBlock = Last->NextWaitBlock;
        Last->NextWaitBlock = Block;
    } else {
        Block->NextWaitBlock = Block;
        Thread->WaitBlockList = Block;
    }
}

/* One block per object onto the objects' wait lists, in a ring. */
FORCEINLINE PKWAIT_BLOCK link_object_block(PKTHREAD Thread, PKWAIT_BLOCK Block,
                                           PVOID Object, ULONG Index,
                                           WAIT_TYPE WaitType)
{
    PDISPATCHER_HEADER Header = Object;

    Block->Thread = Thread;
    Block->Object = Header;
    Block->WaitKey = (USHORT)Index;
    Block->WaitType = (UCHAR)WaitType;
    InsertTailList(&Header->WaitListHead, &Block->WaitListEntry);
    return Block;
}

/* The thread blocks, its blocks linked: it switches away and comes back
 * with its wait status, the lock released. */
FORCEINLINE NTSTATUS block_thread(PKTHREAD Thread, KIRQL OldIrql,
                                  KWAIT_REASON WaitReason,
                                  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable)
{
    NTSTATUS Status;

    Thread->WaitIrql = OldIrql;
    Thread->WaitMode = WaitMode;
    Thread->WaitReason = (UCHAR)WaitReason;
    Thread->Alertable = Alertable;
    Thread->WaitTime = (ULONG)KiTickCount;
    Thread->WaitStatus = STATUS_SUCCESS;
    Thread->State = Waiting;
    Status = KiSwapThread();
    KiReleaseDispatcherLock(OldIrql); /* a kernel APC runs here */
    /* Its process may have left memory while every thread waited in user
     * mode: its page tables come back before the thread goes on. */
    if (WaitMode == UserMode &&
        Thread->ApcState.Process->State != ProcessInMemory)
        MmInSwapProcess(Thread->ApcState.Process);
    return Status;
}

/* The common wait: one object, or none (Delay: the thread's own timer
 * alone), as NT keeps it apart from the general one. Inlined into both
 * callers, so each keeps only its own half. */
FORCEINLINE NTSTATUS wait_for_one(PKTHREAD Thread, PVOID Object, BOOLEAN Delay,
                                  KWAIT_REASON WaitReason,
                                  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                  PLARGE_INTEGER Timeout)
{
    PDISPATCHER_HEADER Header = Object;
    ULONGLONG DueTime = due_time(Timeout);

    for (;;) {
        KIRQL OldIrql = lock_for_wait(Thread);
        PKWAIT_BLOCK Block = NULL;
        NTSTATUS Status;

        if (deliver_apc_first(Thread, OldIrql))
            continue;
        if (!Delay && KiIsObjectSignaled(Header, Thread)) {
            Status = KiSatisfyObject(Header, Thread);
            KiReleaseDispatcherLock(OldIrql);
            return Status;
        }
        Status = test_unsatisfied(Thread, WaitMode, Alertable, Timeout != NULL,
                                  DueTime);
        if (Status != STATUS_PENDING) {
            KiReleaseDispatcherLock(OldIrql);
            return Status;
        }
        check_may_block(Thread, Delay ? &Thread->Timer : Object, OldIrql);
        if (!Delay) {
            Block = link_object_block(Thread, &Thread->WaitBlock[0], Header, 0,
                                      WaitAny);
            Block->NextWaitBlock = Block;
            Thread->WaitBlockList = Block;
        }
        if (Timeout != NULL)
            link_timer_block(Thread, Block, DueTime);
        Status = block_thread(Thread, OldIrql, WaitReason, WaitMode, Alertable);
        if (Status != STATUS_KERNEL_APC)
            return Status;
    }
}

static NTSTATUS wait_for_objects(PKTHREAD Thread, ULONG Count, PVOID Objects[],
                                 WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
                                 KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                 PLARGE_INTEGER Timeout, PKWAIT_BLOCK Blocks)
{
    ULONGLONG DueTime = due_time(Timeout);

    for (;;) {
        KIRQL OldIrql = lock_for_wait(Thread);
        PKWAIT_BLOCK Last = NULL;
        NTSTATUS Status;
        ULONG Index;

        if (deliver_apc_first(Thread, OldIrql))
            continue;
        Status = try_satisfy(Thread, Count, Objects, WaitType);
        if (Status == STATUS_PENDING)
            Status = test_unsatisfied(Thread, WaitMode, Alertable,
                                      Timeout != NULL, DueTime);
        if (Status != STATUS_PENDING) {
            KiReleaseDispatcherLock(OldIrql);
            return Status;
        }
        check_may_block(Thread, Objects[0], OldIrql);
        for (Index = 0; Index < Count; Index++) {
            PKWAIT_BLOCK Block = link_object_block(
                Thread, &Blocks[Index], Objects[Index], Index, WaitType);

            if (Last != NULL)
                Last->NextWaitBlock = Block;
            Last = Block;
        }
        Last->NextWaitBlock = Blocks; /* a ring */
        Thread->WaitBlockList = Blocks;
        if (Timeout != NULL)
            link_timer_block(Thread, Last, DueTime);
        Status = block_thread(Thread, OldIrql, WaitReason, WaitMode, Alertable);
        if (Status != STATUS_KERNEL_APC)
            return Status;
    }
}

NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                     KPROCESSOR_MODE WaitMode,
                                     BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    PKTHREAD Thread = KiCurrentThread();

    check_wait_irql_fast(Thread, Object, Timeout);
    if (Timeout == NULL) /* the common wait: its copy has no timeout code */
        return wait_for_one(Thread, Object, FALSE, WaitReason, WaitMode,
                            Alertable, NULL);
    return wait_for_one(Thread, Object, FALSE, WaitReason, WaitMode, Alertable,
                        Timeout);
}

NTSTATUS NTAPI KeWaitForMultipleObjects(
    ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
    KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
    PKWAIT_BLOCK WaitBlockArray)
{
    PKTHREAD Thread = KiCurrentThread();

    if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS ||
        (WaitBlockArray == NULL && Count > THREAD_WAIT_OBJECTS))
        KeBugCheckEx(MAXIMUM_WAIT_OBJECTS_EXCEEDED, Count,
                     (ULONG_PTR)WaitBlockArray, (ULONG_PTR)Thread, 0);
    check_wait_irql_fast(Thread, Object[0], Timeout);
    return wait_for_objects(
        Thread, Count, Object, WaitType, WaitReason, WaitMode, Alertable,
        Timeout, WaitBlockArray != NULL ? WaitBlockArray : Thread->WaitBlock);
}

NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode,
                                      BOOLEAN Alertable,
                                      PLARGE_INTEGER Interval)
{
    PKTHREAD Thread = KiCurrentThread();
    NTSTATUS Status;

    if (Interval == NULL)
        return STATUS_INVALID_PARAMETER;
    check_wait_irql_fast(Thread, &Thread->Timer, Interval);
    if (Interval->QuadPart == 0) { /* the rest of the quantum, if anyone */
        ZwYieldExecution();
        return STATUS_SUCCESS;
    }
    /* A wait on nothing but the thread's own timer. */
    Status = wait_for_one(Thread, NULL, TRUE, DelayExecution, WaitMode,
                          Alertable, Interval);
    return Status == STATUS_TIMEOUT ? STATUS_SUCCESS : Status;
}

/* The service: the interval is read once, before the wait, as NT copies a
 * caller's argument in (probed when the caller is in user mode). */
NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    LARGE_INTEGER Interval;
    NTSTATUS Status;

    if (DelayInterval == NULL && PreviousMode == KernelMode)
        return STATUS_INVALID_PARAMETER;
    Status = ExpCaptureLargeInteger(DelayInterval, PreviousMode, &Interval);
    if (!NT_SUCCESS(Status))
        return Status;
    return KeDelayExecutionThread(PreviousMode, Alertable, &Interval);
}
