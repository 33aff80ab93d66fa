/* Threads for the kernel tests (kt_thread.h). */
#include "tests/kernel/kt_thread.h"

PKTHREAD KtStartThread(PKSTART_ROUTINE Routine, PVOID Context,
                       KPRIORITY Priority)
{
    PKTHREAD Current = KeGetCurrentThread();
    KPRIORITY Saved = KeQueryPriorityThread(Current);
    HANDLE Handle;
    PVOID Object = NULL;

    /* Outrank the new thread while its priority is set. */
    KeSetPriorityThread(Current, HIGH_PRIORITY);
    if (NT_SUCCESS(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL,
                                        NULL, Routine, Context))) {
        if (NT_SUCCESS(ObReferenceObjectByHandle(Handle, THREAD_ALL_ACCESS,
                                                 *PsThreadType, KernelMode,
                                                 &Object, NULL)))
            KeSetPriorityThread(Object, Priority);
        ZwClose(Handle);
    }
    KeSetPriorityThread(Current, Saved);
    return Object;
}

LARGE_INTEGER KtMilliseconds(LONG Milliseconds)
{
    LARGE_INTEGER Interval;

    Interval.QuadPart = -(LONGLONG)Milliseconds * 10000;
    return Interval;
}

BOOLEAN KtJoinThread(PKTHREAD Thread)
{
    LARGE_INTEGER Timeout = KtMilliseconds(10000);

    if (Thread == NULL) /* KtStartThread could not make it (no memory) */
        return FALSE;
    if (KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Timeout) !=
        STATUS_WAIT_0)
        return FALSE;
    ObDereferenceObject(Thread);
    return TRUE;
}

VOID KtSleep(ULONG Milliseconds)
{
    LARGE_INTEGER Interval = KtMilliseconds((LONG)Milliseconds);

    KeDelayExecutionThread(KernelMode, FALSE, &Interval);
}
