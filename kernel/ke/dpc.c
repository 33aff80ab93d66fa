/*
 * Deferred procedure calls: work an ISR hands to DISPATCH_LEVEL. The queue
 * is shared with ISRs at every DIRQL, so it is edited with interrupts off
 * (as NT does), never under a spin lock an ISR could spin on.
 */
#include "kernel/bugcheck.h"
#include "kernel/irql.h"
#include "kernel/thread.h"

#define DPC_OBJECT 0x13
/* A low-importance DPC waits for the clock tick unless the queue is this
 * deep (NT's MaximumDpcQueueDepth). */
#define MAXIMUM_DPC_QUEUE_DEPTH 4

ULONG KiDpcQueueDepth;
ULONG KiDpcCount;

/* As NT's: the system arguments are left alone (KeInsertQueueDpc sets
 * them), so a caller may fill them in before or after. */
VOID NTAPI KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
                           PVOID DeferredContext)
{
    Dpc->Type = DPC_OBJECT;
    Dpc->Importance = MediumImportance;
    Dpc->Number = 0;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
    Dpc->DpcData = NULL;
}

VOID NTAPI KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
    Dpc->Importance = (UCHAR)Importance;
}

BOOLEAN NTAPI KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1,
                               PVOID SystemArgument2)
{
    ULONG Flags = save_and_disable_interrupts();
    PLIST_ENTRY Queue = &KeGetCurrentPrcb()->DpcListHead;
    BOOLEAN Request;

    if (Dpc->DpcData != NULL) {
        restore_interrupts(Flags);
        return FALSE;
    }
    Dpc->SystemArgument1 = SystemArgument1;
    Dpc->SystemArgument2 = SystemArgument2;
    Dpc->DpcData = Queue;
    if (Dpc->Importance == HighImportance)
        InsertHeadList(Queue, &Dpc->DpcListEntry);
    else
        InsertTailList(Queue, &Dpc->DpcListEntry);
    KiDpcQueueDepth++;
    Request = Dpc->Importance != LowImportance ||
              KiDpcQueueDepth >= MAXIMUM_DPC_QUEUE_DEPTH;
    restore_interrupts(Flags);
    if (Request)
        KiRequestSoftwareInterrupt(DISPATCH_LEVEL);
    return TRUE;
}

BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc)
{
    ULONG Flags = save_and_disable_interrupts();
    BOOLEAN WasQueued = Dpc->DpcData != NULL;

    if (WasQueued) {
        RemoveEntryList(&Dpc->DpcListEntry);
        KiDpcQueueDepth--;
        Dpc->DpcData = NULL;
    }
    restore_interrupts(Flags);
    return WasQueued;
}

/* The clock's share: a queue of low-importance DPCs runs at the tick. */
BOOLEAN KiDpcQueueNonEmpty(VOID)
{
    return KiDpcQueueDepth != 0;
}

/* Runs at DISPATCH_LEVEL with interrupts on, each DPC once, in order. */
VOID KiRetireDpcList(VOID)
{
    PKPRCB Prcb = KeGetCurrentPrcb();

    for (;;) {
        ULONG Flags = save_and_disable_interrupts();
        PKDEFERRED_ROUTINE Routine;
        PVOID Context, Argument1, Argument2;
        PRKDPC Dpc;
        KIRQL Irql;

        if (IsListEmpty(&Prcb->DpcListHead)) {
            restore_interrupts(Flags);
            return;
        }
        Dpc = CONTAINING_RECORD(RemoveHeadList(&Prcb->DpcListHead), KDPC,
                                DpcListEntry);
        KiDpcQueueDepth--;
        Routine = Dpc->DeferredRoutine;
        Context = Dpc->DeferredContext;
        Argument1 = Dpc->SystemArgument1;
        Argument2 = Dpc->SystemArgument2;
        Dpc->DpcData = NULL; /* from here it may be queued again */
        restore_interrupts(Flags);

        KiDpcCount++;
        Prcb->DpcRoutineActive = TRUE; /* no waiting in here */
        Routine(Dpc, Context, Argument1, Argument2);
        Prcb->DpcRoutineActive = FALSE;
        Irql = KeGetCurrentIrql();
        if (Irql != DISPATCH_LEVEL)
            KeBugCheckEx(IRQL_UNEXPECTED_VALUE,
                         ((ULONG)Irql << 16) | (DISPATCH_LEVEL << 8),
                         (ULONG_PTR)Routine, (ULONG_PTR)Dpc, 0);
    }
}

/* Every DPC queued so far has run when this returns (PASSIVE_LEVEL): on
 * one processor, asking for the DISPATCH_LEVEL interrupt now drains the
 * queue, low-importance DPCs included. */
VOID NTAPI KeFlushQueuedDpcs(VOID)
{
    KiRequestSoftwareInterrupt(DISPATCH_LEVEL);
}
