/*
 * The thread services: NtCreateThread (a thread in any process the caller
 * may create threads in, starting at the CONTEXT it gives, on the stack
 * its INITIAL_TEB describes), NtSuspendThread and NtResumeThread.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/process.h"
#include "kernel/system_service.h"
#include "ntcontext.h"
#include "ntpeb.h"

/* Reads the caller's Length bytes at Source (probed when from ring 3). */
static NTSTATUS read_argument(PVOID Target, PVOID Source, ULONG Length,
                              KPROCESSOR_MODE Mode)
{
    NTSTATUS Status = STATUS_SUCCESS;

    if (Source == NULL) /* NT reads through it: a fault */
        return STATUS_ACCESS_VIOLATION;
    if (Mode == UserMode)
        Status = ExpProbeForRead(Source, Length, sizeof(ULONG));
    if (NT_SUCCESS(Status))
        Status = ExpCopyIn(Target, Source, Length);
    return Status;
}

NTSTATUS NTAPI NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              HANDLE ProcessHandle, PCLIENT_ID ClientId,
                              PCONTEXT ThreadContext, PINITIAL_TEB InitialTeb,
                              BOOLEAN CreateSuspended)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PSP_USER_CONTEXT Start = {0};
    OBJECT_ATTRIBUTES Attributes = {0};
    INITIAL_TEB Stack;
    CONTEXT Context;
    PEPROCESS Process;
    PETHREAD Thread;
    HANDLE Handle;
    NTSTATUS Status;
    ULONG Previous;

    Status = ExpProbeHandleOut(ThreadHandle, Mode);
    if (NT_SUCCESS(Status) && ClientId != NULL && Mode == UserMode)
        Status = ExpProbeForWrite(ClientId, sizeof(*ClientId), sizeof(ULONG));
    /* NT's order and statuses (WRK pscreate.c): no CONTEXT is an invalid
     * parameter; a NULL INITIAL_TEB is read, and faults. */
    if (NT_SUCCESS(Status) && ThreadContext == NULL)
        Status = STATUS_INVALID_PARAMETER;
    if (NT_SUCCESS(Status))
        Status = read_argument(&Context, ThreadContext, sizeof(Context), Mode);
    if (NT_SUCCESS(Status))
        Status = read_argument(&Stack, InitialTeb, sizeof(Stack), Mode);
    if (NT_SUCCESS(Status) && ObjectAttributes != NULL)
        Status = read_argument(&Attributes, ObjectAttributes,
                               sizeof(Attributes), Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Stack.StackBase == NULL) { /* a fixed stack: the old fields */
        Stack.StackBase = Stack.OldStackBase;
        Stack.StackLimit = Stack.OldStackLimit;
    }
    Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_CREATE_THREAD,
                                       PspProcessType, Mode, (PVOID *)&Process,
                                       NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Process == PsInitialSystemProcess) {
        ObfDereferenceObject(Process);
        return STATUS_ACCESS_DENIED; /* no ring 3 in the system process */
    }
    Start.Eip = Context.Eip;
    Start.Esp = Context.Esp;
    Status = PspCreateUserThread(Process, &Start, &Stack,
                                 Attributes.Attributes & OBJ_INHERIT, &Thread);
    ObfDereferenceObject(Process);
    if (!NT_SUCCESS(Status))
        return Status;
    Context.ContextFlags |= CONTEXT_FULL; /* all of it, sanitised */
    KiContextToTrapFrame(&Context, KiUserTrapFrame(&Thread->Tcb));
    if (CreateSuspended)
        KeSuspendThread(&Thread->Tcb, &Previous);
    ObfReferenceObject(Thread); /* ours, past the insert */
    Status = ObInsertObject(Thread, NULL, DesiredAccess, 0, NULL, &Handle);
    if (NT_SUCCESS(Status)) {
        PspStartThread(Thread);
        ExpWriteBack(ThreadHandle, &Handle, sizeof(Handle));
        if (ClientId != NULL)
            ExpWriteBack(ClientId, &Thread->Cid, sizeof(*ClientId));
    }
    ObfDereferenceObject(Thread);
    return Status;
}

static NTSTATUS change_suspension(HANDLE ThreadHandle, BOOLEAN Suspend,
                                  PULONG PreviousSuspendCount)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    NTSTATUS Status = STATUS_SUCCESS;
    PETHREAD Thread;
    ULONG Previous;

    if (PreviousSuspendCount != NULL && Mode == UserMode)
        Status = ExpProbeForWrite(PreviousSuspendCount, sizeof(ULONG),
                                  sizeof(ULONG));
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        ObReferenceObjectByHandle(ThreadHandle, THREAD_SUSPEND_RESUME,
                                  PspThreadType, Mode, (PVOID *)&Thread, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Suspend && (Thread->Terminated || Thread->SystemThread))
        Status = Thread->Terminated ? STATUS_THREAD_IS_TERMINATING
                                    : STATUS_ACCESS_DENIED;
    else if (Suspend)
        Status = KeSuspendThread(&Thread->Tcb, &Previous);
    else
        Previous = KeResumeThread(&Thread->Tcb);
    ObfDereferenceObject(Thread);
    if (NT_SUCCESS(Status) && PreviousSuspendCount != NULL)
        ExpWriteBack(PreviousSuspendCount, &Previous, sizeof(Previous));
    return Status;
}

NTSTATUS NTAPI NtSuspendThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    return change_suspension(ThreadHandle, TRUE, PreviousSuspendCount);
}

NTSTATUS NTAPI NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    return change_suspension(ThreadHandle, FALSE, PreviousSuspendCount);
}
