/*
 * The ready queues of one processor: a FIFO per priority and a summary
 * with bit n set while queue n holds a thread, so the highest ready
 * priority is one bit scan. Inline, as every switch goes through them;
 * pure: the host tests build them.
 */
#ifndef KERNEL_READY_QUEUE_H
#define KERNEL_READY_QUEUE_H

#include "kernel/thread.h"

FORCEINLINE VOID KiInsertReadyQueue(PKPRCB Prcb, PKTHREAD Thread,
                                    BOOLEAN AtHead)
{
    PLIST_ENTRY Queue = &Prcb->DispatcherReadyListHead[Thread->Priority];

    Thread->State = Ready;
    if (AtHead)
        InsertHeadList(Queue, &Thread->WaitListEntry);
    else
        InsertTailList(Queue, &Thread->WaitListEntry);
    Prcb->ReadySummary |= 1UL << Thread->Priority;
}

FORCEINLINE VOID KiRemoveReadyQueue(PKPRCB Prcb, PKTHREAD Thread)
{
    RemoveEntryList(&Thread->WaitListEntry);
    if (IsListEmpty(&Prcb->DispatcherReadyListHead[Thread->Priority]))
        Prcb->ReadySummary &= ~(1UL << Thread->Priority);
}

/* -1 when no thread is ready. */
FORCEINLINE LONG KiHighestReadyPriorityOf(const KPRCB *Prcb)
{
    return Prcb->ReadySummary == 0 ? -1
                                   : (LONG)bit_scan_reverse(Prcb->ReadySummary);
}

/* Takes the first thread of the highest queue at or above Floor; NULL
 * when there is none. */
FORCEINLINE PKTHREAD KiTakeReadyThread(PKPRCB Prcb, LONG Floor)
{
    LONG Priority = KiHighestReadyPriorityOf(Prcb);
    PKTHREAD Thread;

    if (Priority < 0 || Priority < Floor)
        return NULL;
    Thread = CONTAINING_RECORD(Prcb->DispatcherReadyListHead[Priority].Flink,
                               KTHREAD, WaitListEntry);
    KiRemoveReadyQueue(Prcb, Thread);
    return Thread;
}

#endif
