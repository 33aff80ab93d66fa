/*
 * The system worker queues behind ExQueueWorkItem (kernel/ex/worker.c):
 * per queue a FIFO list of items and a semaphore counting them, on which
 * the queue's worker threads wait, as on NT's KQUEUE.
 */
#ifndef KERNEL_WORKER_H
#define KERNEL_WORKER_H

#include "ntddk.h"

typedef struct _EX_WORK_QUEUE {
    LIST_ENTRY List;      /* the items waiting, oldest first */
    KSPIN_LOCK Lock;      /* the list's, taken by ExInterlocked* */
    KSEMAPHORE Semaphore; /* one count per item in List */
    KPRIORITY Priority;   /* its workers' */
    ULONG ThreadCount;    /* workers serving it */
    volatile LONG ItemsProcessed;
    BOOLEAN Ready; /* set up: items may be queued */
} EX_WORK_QUEUE, *PEX_WORK_QUEUE;

extern EX_WORK_QUEUE ExWorkerQueue[MaximumWorkQueue];

/* Phase 1, at PASSIVE_LEVEL: the queues and their worker threads. */
VOID ExpWorkerInitialization(VOID);

#endif
