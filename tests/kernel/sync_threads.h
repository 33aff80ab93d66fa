/*
 * Threads for the synchronisation tests: made with PsCreateSystemThread,
 * kept as referenced thread objects, and waited for as a driver waits for
 * its own: KeWaitForSingleObject on the object.
 */
#ifndef TESTS_KERNEL_SYNC_THREADS_H
#define TESTS_KERNEL_SYNC_THREADS_H

#include "ntddk.h"

/* A running thread's object (referenced), or NULL when it could not be
 * made. */
PVOID KtStartThread(PKSTART_ROUTINE Routine, PVOID Context);
/* Waits for the thread to end, 10 s at most, and drops the reference;
 * STATUS_SUCCESS, or STATUS_TIMEOUT (the reference is kept: the thread
 * may still touch the test's data). */
NTSTATUS KtJoinThread(PVOID Thread);
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
