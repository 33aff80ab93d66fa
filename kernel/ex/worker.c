/*
 * System worker threads. Each queue (critical, delayed, hyper-critical)
 * is a FIFO list with a semaphore that counts its items; the queue's
 * worker threads, at NT's priorities for it, wait on the semaphore, take
 * the oldest item and run its routine at PASSIVE_LEVEL. Since a count
 * is released only after its item is in the list, a worker that got a
 * count always finds an item. Two workers serve the critical and the
 * delayed queue, so one item that blocks does not hold up the rest; one
 * serves the hyper-critical queue, as on NT.
 *
 * After each routine the worker checks what the routine must give back:
 * PASSIVE_LEVEL, every mutex, normal APCs; a routine that kept one
 * stops the machine with the code NT uses and the routine in its
 * parameters. The worker also sets its priority back if the routine
 * changed it, so the next item starts at the queue's.
 */
#include "kernel/worker.h"
#include "kernel/bugcheck.h"
#include "kernel/process.h"
#include "kernel/pte.h"
#include "kernel/thread.h"

static const struct {
    KPRIORITY Priority;
    ULONG Threads;
} queue_setup[MaximumWorkQueue] = {
    [CriticalWorkQueue] = {13, 2},
    [DelayedWorkQueue] = {12, 2},
    [HyperCriticalWorkQueue] = {15, 1},
};

EX_WORK_QUEUE ExWorkerQueue[MaximumWorkQueue];

VOID NTAPI ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType)
{
    KIRQL Irql = KeGetCurrentIrql();
    PEX_WORK_QUEUE Queue;

    if (Irql > DISPATCH_LEVEL)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)WorkItem, Irql, 0,
                     (ULONG_PTR)__builtin_return_address(0));
    if ((ULONG)QueueType >= MaximumWorkQueue)
        KeBugCheckEx(WORKER_INVALID, 6, (ULONG_PTR)WorkItem, QueueType, 0);
    if ((ULONG_PTR)WorkItem->WorkerRoutine < MM_SYSTEM_RANGE_START)
        KeBugCheckEx(WORKER_INVALID, 7, (ULONG_PTR)WorkItem, QueueType, 0);
    Queue = &ExWorkerQueue[QueueType];
    if (!Queue->Ready)
        KeBugCheckEx(WORKER_INVALID, 5, (ULONG_PTR)WorkItem, QueueType,
                     (ULONG_PTR)-1);
    if (WorkItem->List.Flink != NULL) /* queued and not yet started */
        KeBugCheckEx(WORKER_INVALID, 1, (ULONG_PTR)WorkItem, QueueType, 0);
    ExInterlockedInsertTailList(&Queue->List, &WorkItem->List, &Queue->Lock);
    KeReleaseSemaphore(&Queue->Semaphore, IO_NO_INCREMENT, 1, FALSE);
}

/* What a routine must leave as it found it. */
static VOID check_return(PKTHREAD Thread, PWORKER_THREAD_ROUTINE Routine,
                         PVOID Parameter, PWORK_QUEUE_ITEM Item)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql != PASSIVE_LEVEL)
        KeBugCheckEx(WORKER_THREAD_RETURNED_AT_BAD_IRQL, (ULONG_PTR)Routine,
                     Irql, (ULONG_PTR)Parameter, (ULONG_PTR)Item);
    /* Before the APC check: a kept KMUTEX also holds APCs off, and the
     * mutex is the better name for the mistake. */
    if (!IsListEmpty(&Thread->MutantListHead))
        KeBugCheckEx(SYSTEM_EXIT_OWNED_MUTEX, (ULONG_PTR)Routine,
                     (ULONG_PTR)Parameter, (ULONG_PTR)Item, 0);
    if (Thread->KernelApcDisable != 0 || Thread->SpecialApcDisable != 0 ||
        Thread->ApcStateIndex != OriginalApcEnvironment)
        KeBugCheckEx(APC_INDEX_MISMATCH, (ULONG_PTR)Routine,
                     Thread->ApcStateIndex,
                     ((ULONG)(USHORT)Thread->SpecialApcDisable << 16) |
                         (USHORT)Thread->KernelApcDisable,
                     1 /* a worker routine, not a system call */);
}

static VOID NTAPI ExpWorkerThread(PVOID Context)
{
    PEX_WORK_QUEUE Queue = Context;
    PKTHREAD Thread = KeGetCurrentThread();

    for (;;) {
        PLIST_ENTRY Entry;
        PWORK_QUEUE_ITEM Item;
        PWORKER_THREAD_ROUTINE Routine;
        PVOID Parameter;

        KeWaitForSingleObject(&Queue->Semaphore, WrQueue, KernelMode, FALSE,
                              NULL);
        Entry = ExInterlockedRemoveHeadList(&Queue->List, &Queue->Lock);
        ASSERT(Entry != NULL); /* a count always has its item */
        Item = CONTAINING_RECORD(Entry, WORK_QUEUE_ITEM, List);
        Routine = Item->WorkerRoutine;
        Parameter = Item->Parameter;
        Entry->Flink = NULL; /* the routine may queue or free it */
        Routine(Parameter);
        InterlockedIncrement(&Queue->ItemsProcessed);
        check_return(Thread, Routine, Parameter, Item);
        if (Thread->Priority != Queue->Priority)
            KeSetPriorityThread(Thread, Queue->Priority);
    }
}

/* A worker at its queue's priority at once: it preempts this thread,
 * runs to its first wait, and is ready for the first item. */
static NTSTATUS create_worker(PEX_WORK_QUEUE Queue)
{
    HANDLE Handle;
    PETHREAD Thread;
    NTSTATUS Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL,
                                           NULL, NULL, ExpWorkerThread, Queue);

    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObReferenceObjectByHandle(Handle, THREAD_ALL_ACCESS, *PsThreadType,
                                       KernelMode, (PVOID *)&Thread, NULL);
    ZwClose(Handle);
    if (!NT_SUCCESS(Status))
        return Status;
    KeSetBasePriorityThread(
        &Thread->Tcb, Queue->Priority - Thread->Tcb.Process->BasePriority);
    ObDereferenceObject(Thread);
    return STATUS_SUCCESS;
}

VOID ExpWorkerInitialization(VOID)
{
    ULONG Type, Index;

    for (Type = 0; Type < MaximumWorkQueue; Type++) {
        PEX_WORK_QUEUE Queue = &ExWorkerQueue[Type];

        InitializeListHead(&Queue->List);
        KeInitializeSpinLock(&Queue->Lock);
        KeInitializeSemaphore(&Queue->Semaphore, 0, 0x7FFFFFFF);
        Queue->Priority = queue_setup[Type].Priority;
        for (Index = 0; Index < queue_setup[Type].Threads; Index++) {
            NTSTATUS Status = create_worker(Queue);

            if (!NT_SUCCESS(Status))
                KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG)Status, Type,
                             Index, 0);
            Queue->ThreadCount++;
        }
        Queue->Ready = TRUE;
    }
}
