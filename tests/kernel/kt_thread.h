/* Threads for the kernel tests: start one, wait for it to end. */
#ifndef KT_THREAD_H
#define KT_THREAD_H

#include "kernel/thread.h"

/* A system thread running Routine(Context) at Priority, its object
 * referenced; NULL when it could not be made. Started before the caller
 * sees it, unless the caller outranks Priority. */
PKTHREAD KtStartThread(PKSTART_ROUTINE Routine, PVOID Context,
                       KPRIORITY Priority);
/* Waits (up to 10 s) for the thread to end and drops the reference;
 * FALSE when it did not end in time (the reference is kept: the thread
 * may still use the caller's memory) or is NULL (it was never made). */
BOOLEAN KtJoinThread(PKTHREAD Thread);
/* A relative timeout of Milliseconds, in 100 ns units. */
LARGE_INTEGER KtMilliseconds(LONG Milliseconds);
/* Sleeps for Milliseconds (a clock tick at least). */
VOID KtSleep(ULONG Milliseconds);

/* Sleeps a tick at a time until Condition holds, 5 s at most; yields
 * whether it does. */
#define KT_WAIT_UNTIL(Condition)                                               \
    ({                                                                         \
        ULONG KtTries_ = 0;                                                    \
        while (!(Condition) && KtTries_++ < 500)                               \
            KtSleep(10);                                                       \
        (BOOLEAN)((Condition) != 0);                                           \
    })

#endif
