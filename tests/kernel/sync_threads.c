/* Threads for the synchronisation tests (sync_threads.h). */
#include "tests/kernel/sync_threads.h"

PVOID KtStartThread(PKSTART_ROUTINE Routine, PVOID Context)
{
    HANDLE Handle;
    PVOID Thread;
    NTSTATUS Status = PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL,
                                           NULL, NULL, Routine, Context);

    if (!NT_SUCCESS(Status))
        return NULL;
    Status = ObReferenceObjectByHandle(Handle, THREAD_ALL_ACCESS, *PsThreadType,
                                       KernelMode, &Thread, NULL);
    ZwClose(Handle);
    return NT_SUCCESS(Status) ? Thread : NULL;
}

NTSTATUS KtJoinThread(PVOID Thread)
{
    LARGE_INTEGER Timeout;
    NTSTATUS Status;

    Timeout.QuadPart = -10LL * 1000 * 1000 * 10; /* 10 s */
    Status =
        KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, &Timeout);
    if (Status != STATUS_SUCCESS)
        return STATUS_TIMEOUT;
    ObDereferenceObject(Thread);
    return STATUS_SUCCESS;
}

VOID KtSleep(ULONG Milliseconds)
{
    LARGE_INTEGER Interval;

    Interval.QuadPart = -(LONGLONG)Milliseconds * 10000;
    KeDelayExecutionThread(KernelMode, FALSE, &Interval);
}
