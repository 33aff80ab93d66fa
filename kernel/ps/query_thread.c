/*
 * NtQueryInformationThread: what a program may ask about a thread, in
 * NT's structures. The basic information carries the exit status
 * (STATUS_PENDING while the thread runs), which GetExitCodeThread reads.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/process.h"
#include "kernel/thread.h"

NTSTATUS NTAPI NtQueryInformationThread(HANDLE ThreadHandle,
                                        THREADINFOCLASS ThreadInformationClass,
                                        PVOID ThreadInformation,
                                        ULONG ThreadInformationLength,
                                        PULONG ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    THREAD_BASIC_INFORMATION Basic;
    PETHREAD Thread;
    NTSTATUS Status;

    Status = PspCheckQueryBuffers(
        ThreadInformationClass == ThreadBasicInformation, ThreadInformation,
        ThreadInformationLength, sizeof(Basic), ReturnLength, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        ObReferenceObjectByHandle(ThreadHandle, THREAD_QUERY_INFORMATION,
                                  PspThreadType, Mode, (PVOID *)&Thread, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Basic.ExitStatus = Thread->ExitStatus;
    Basic.TebBaseAddress = Thread->Tcb.Teb;
    Basic.ClientId = Thread->Cid;
    Basic.AffinityMask = 1; /* one processor */
    Basic.Priority = Thread->Tcb.Priority;
    Basic.BasePriority = Thread->Tcb.BasePriority;
    ObfDereferenceObject(Thread);
    PspReturnQuery(ThreadInformation, &Basic, sizeof(Basic), ReturnLength);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwQueryInformationThread(HANDLE ThreadHandle,
                                        THREADINFOCLASS ThreadInformationClass,
                                        PVOID ThreadInformation,
                                        ULONG ThreadInformationLength,
                                        PULONG ReturnLength)
{
    return EXP_ZW_CALL(NtQueryInformationThread(
        ThreadHandle, ThreadInformationClass, ThreadInformation,
        ThreadInformationLength, ReturnLength));
}
