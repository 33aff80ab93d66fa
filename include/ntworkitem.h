/*
 * Executive work items, as the WDK declares them for x86: a routine and
 * its parameter queued to one of the system worker queues, run later at
 * PASSIVE_LEVEL by a system worker thread of that queue's priority.
 * Included by ntddk.h.
 */
#ifndef NTWORKITEM_H
#define NTWORKITEM_H

#include "ntdef.h"
#include "ntlist.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _WORK_QUEUE_TYPE {
    CriticalWorkQueue,      /* priority 13: time-critical work */
    DelayedWorkQueue,       /* priority 12: work that can wait */
    HyperCriticalWorkQueue, /* priority 15: the system's own */
    MaximumWorkQueue
} WORK_QUEUE_TYPE;

typedef VOID NTAPI WORKER_THREAD_ROUTINE(PVOID Parameter);
typedef WORKER_THREAD_ROUTINE *PWORKER_THREAD_ROUTINE;

typedef struct _WORK_QUEUE_ITEM {
    LIST_ENTRY List; /* Flink is NULL while the item is not queued */
    PWORKER_THREAD_ROUTINE WorkerRoutine;
    volatile PVOID Parameter;
} WORK_QUEUE_ITEM, *PWORK_QUEUE_ITEM;

#define ExInitializeWorkItem(Item, Routine, Context)                           \
    do {                                                                       \
        (Item)->WorkerRoutine = (Routine);                                     \
        (Item)->Parameter = (Context);                                         \
        (Item)->List.Flink = NULL;                                             \
    } while (0)

/*
 * Queues the item at IRQL <= DISPATCH_LEVEL; items of one queue start in
 * the order they were queued. Once the routine runs, the item is free to
 * be queued again or freed (by the routine too). The routine must return
 * at PASSIVE_LEVEL with APCs enabled and no mutex held, or the machine
 * stops (WORKER_THREAD_RETURNED_AT_BAD_IRQL, APC_INDEX_MISMATCH,
 * SYSTEM_EXIT_OWNED_MUTEX); an item already queued, a bad queue type or
 * a routine outside system space stop it with WORKER_INVALID.
 */
VOID NTAPI ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem,
                           WORK_QUEUE_TYPE QueueType);

#ifdef __cplusplus
}
#endif

#endif
