/*
 * The ready queues of one processor: a FIFO per priority and a summary
 * with bit n set while queue n holds a thread, so the highest ready
 * priority is one bit scan. Pure: the host tests build it.
 */
#include "kernel/thread.h"

VOID KiInsertReadyQueue(PKPRCB Prcb, PKTHREAD Thread, BOOLEAN AtHead)
{
    PLIST_ENTRY Queue = &Prcb->DispatcherReadyListHead[Thread->Priority];

    Thread->State = Ready;
    if (AtHead)
        InsertHeadList(Queue, &Thread->WaitListEntry);
    else
        InsertTailList(Queue, &Thread->WaitListEntry);
    Prcb->ReadySummary |= 1UL << Thread->Priority;
}

VOID KiRemoveReadyQueue(PKPRCB Prcb, PKTHREAD Thread)
{
    RemoveEntryList(&Thread->WaitListEntry);
    if (IsListEmpty(&Prcb->DispatcherReadyListHead[Thread->Priority]))
        Prcb->ReadySummary &= ~(1UL << Thread->Priority);
}

LONG KiHighestReadyPriorityOf(const KPRCB *Prcb)
{
    return Prcb->ReadySummary == 0 ? -1
                                   : (LONG)bit_scan_reverse(Prcb->ReadySummary);
}

PKTHREAD KiTakeReadyThread(PKPRCB Prcb, LONG Floor)
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
