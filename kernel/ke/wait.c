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
#include "kernel/irql.h"
#include "kernel/thread.h"

#define NO_TIMEOUT (~0ULL)

VOID KiUnwaitThread(PKTHREAD Thread, NTSTATUS WaitStatus, KPRIORITY Increment)
{
    PKWAIT_BLOCK Block = Thread->WaitBlockList;

    do {
        RemoveEntryList(&Block->WaitListEntry);
        Block = Block->NextWaitBlock;
    } while (Block != Thread->WaitBlockList);
    if (Thread->Timer.Header.Inserted)
        KiCancelTimer(&Thread->Timer);
    Thread->WaitBlockList = NULL;
    Thread->WaitStatus = WaitStatus;
    Thread->Priority =
        KiBoostedPriority(Thread->Priority, Thread->BasePriority, Increment);
    KiReadyThread(Thread);
}

VOID KiWaitTest(PVOID Object, KPRIORITY Increment)
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

/* Satisfies the wait at once if it can; STATUS_PENDING when it cannot. */
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
static VOID check_may_block(PKTHREAD Thread, PVOID Object, KIRQL Irql)
{
    PKPRCB Prcb = KeGetCurrentPrcb();

    if (Irql <= APC_LEVEL && Thread != Prcb->IdleThread)
        return;
    DbgPrint("KE: a wait that would block at IRQL %u%s; waits with a timeout "
             "need IRQL <= APC_LEVEL (DISPATCH_LEVEL only with a zero "
             "timeout)\n",
             Irql, Thread == Prcb->IdleThread ? " in the idle thread" : "");
    KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Object, Irql,
                 Thread == Prcb->IdleThread, (ULONG_PTR)Thread);
}

static VOID link_wait_blocks(PKTHREAD Thread, ULONG Count, PVOID Objects[],
                             WAIT_TYPE WaitType, PKWAIT_BLOCK Blocks,
                             ULONGLONG DueTime)
{
    PKWAIT_BLOCK Last = NULL;
    ULONG Index;

    for (Index = 0; Index < Count; Index++) {
        PKWAIT_BLOCK Block = &Blocks[Index];
        PDISPATCHER_HEADER Header = Objects[Index];

        Block->Thread = Thread;
        Block->Object = Header;
        Block->WaitKey = (USHORT)Index;
        Block->WaitType = (UCHAR)WaitType;
        InsertTailList(&Header->WaitListHead, &Block->WaitListEntry);
        if (Last != NULL)
            Last->NextWaitBlock = Block;
        Last = Block;
    }
    if (DueTime != NO_TIMEOUT) {
        PKWAIT_BLOCK Block = &Thread->WaitBlock[TIMER_WAIT_BLOCK];
        LARGE_INTEGER Due;

        Block->Thread = Thread;
        Block->Object = &Thread->Timer;
        Block->WaitKey = (USHORT)STATUS_TIMEOUT;
        Block->WaitType = WaitAny;
        Due.QuadPart = (LONGLONG)DueTime;
        KiInsertTimer(&Thread->Timer, Due, 0);
        InsertTailList(&Thread->Timer.Header.WaitListHead,
                       &Block->WaitListEntry);
        if (Last != NULL)
            Last->NextWaitBlock = Block;
        else
            Blocks = Block;
        Last = Block;
    }
    Last->NextWaitBlock = Blocks; /* a ring */
    Thread->WaitBlockList = Blocks;
}

static NTSTATUS wait_for_objects(ULONG Count, PVOID Objects[],
                                 WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
                                 KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                 PLARGE_INTEGER Timeout, PKWAIT_BLOCK Blocks)
{
    PKTHREAD Thread = KiCurrentThread();
    ULONGLONG DueTime = NO_TIMEOUT;

    if (Timeout != NULL)
        DueTime = Timeout->QuadPart < 0
                      ? KeQueryInterruptTime() + (ULONGLONG)-Timeout->QuadPart
                      : (ULONGLONG)Timeout->QuadPart;
    for (;;) {
        KIRQL OldIrql;
        NTSTATUS Status;

        if (Thread->WaitNext) { /* KeSetEvent(..., TRUE) kept the lock */
            Thread->WaitNext = FALSE;
            OldIrql = Thread->WaitIrql;
        } else {
            OldIrql = KiAcquireDispatcherLock();
        }
        /* A kernel APC that may run now runs before the wait starts. */
        if (Thread->ApcState.KernelApcPending &&
            Thread->SpecialApcDisable == 0 && OldIrql < APC_LEVEL) {
            KiRequestSoftwareInterrupt(APC_LEVEL);
            KiReleaseDispatcherLock(OldIrql);
            continue;
        }
        Status = try_satisfy(Thread, Count, Objects, WaitType);
        if (Status == STATUS_PENDING && Alertable)
            Status = test_alert(Thread, WaitMode);
        if (Status == STATUS_PENDING && DueTime != NO_TIMEOUT &&
            DueTime <= KeQueryInterruptTime())
            Status = STATUS_TIMEOUT;
        if (Status != STATUS_PENDING) {
            KiReleaseDispatcherLock(OldIrql);
            return Status;
        }
        check_may_block(Thread, Count != 0 ? Objects[0] : &Thread->Timer,
                        OldIrql);
        link_wait_blocks(Thread, Count, Objects, WaitType, Blocks, DueTime);
        Thread->WaitIrql = OldIrql;
        Thread->WaitMode = WaitMode;
        Thread->WaitReason = (UCHAR)WaitReason;
        Thread->Alertable = Alertable;
        Thread->WaitTime = (ULONG)KiTickCount;
        Thread->WaitStatus = STATUS_SUCCESS;
        Thread->State = Waiting;
        Status = KiSwapThread();
        KiReleaseDispatcherLock(OldIrql); /* a kernel APC runs here */
        if (Status != STATUS_KERNEL_APC)
            return Status;
    }
}

/* The IRQL the wait starts from: the caller's, or the one a Wait = TRUE
 * call left the dispatcher lock taken from. */
static VOID check_wait_irql(PVOID Object, PLARGE_INTEGER Timeout)
{
    PKTHREAD Thread = KiCurrentThread();
    KIRQL Irql = Thread->WaitNext ? Thread->WaitIrql : KeGetCurrentIrql();

    if (Irql < DISPATCH_LEVEL ||
        (Irql == DISPATCH_LEVEL && Timeout != NULL && Timeout->QuadPart == 0))
        return;
    check_may_block(Thread, Object, Irql);
}

NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                     KPROCESSOR_MODE WaitMode,
                                     BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    PKTHREAD Thread = KiCurrentThread();

    check_wait_irql(Object, Timeout);
    return wait_for_objects(1, &Object, WaitAny, WaitReason, WaitMode,
                            Alertable, Timeout, &Thread->WaitBlock[0]);
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
    check_wait_irql(Object[0], Timeout);
    return wait_for_objects(
        Count, Object, WaitType, WaitReason, WaitMode, Alertable, Timeout,
        WaitBlockArray != NULL ? WaitBlockArray : Thread->WaitBlock);
}

NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode,
                                      BOOLEAN Alertable,
                                      PLARGE_INTEGER Interval)
{
    PKTHREAD Thread = KiCurrentThread();
    NTSTATUS Status;

    if (Interval == NULL)
        return STATUS_INVALID_PARAMETER;
    check_wait_irql(&Thread->Timer, Interval);
    if (Interval->QuadPart == 0) { /* the rest of the quantum, if anyone */
        ZwYieldExecution();
        return STATUS_SUCCESS;
    }
    /* A wait on nothing but the thread's own timer. */
    Status = wait_for_objects(0, NULL, WaitAny, DelayExecution, WaitMode,
                              Alertable, Interval, NULL);
    return Status == STATUS_TIMEOUT ? STATUS_SUCCESS : Status;
}
