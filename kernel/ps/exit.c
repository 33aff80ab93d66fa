/*
 * Ending threads and processes, as NT does it. A thread only ever ends
 * itself (PspExitThread). Ending another thread queues it a kernel APC;
 * at PASSIVE_LEVEL that APC re-queues itself as a user APC, and the user
 * APC's kernel routine ends the thread on its way back to ring 3, where it
 * holds nothing (a wait in a service returns STATUS_USER_APC first, so the
 * service drops its references). The last thread of a process ends the
 * process: its handles are closed and waiters on it are released; the
 * address space goes with the object's last reference.
 */
#include "kernel/bugcheck.h"
#include "kernel/dispatcher.h"
#include "kernel/io.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/thread.h"

#define PS_EXIT_APC_TAG 'xEsP' /* "PsEx" */

/* The last thread is gone: the process ends with ExitStatus (or with the
 * status NtTerminateProcess gave it first). */
static VOID exit_process(PEPROCESS Process, NTSTATUS ExitStatus)
{
    PHANDLE_TABLE Table;
    KIRQL OldIrql;

    if (!Process->ProcessExiting) {
        Process->ProcessExiting = TRUE;
        Process->ExitStatus = ExitStatus;
    } else if (Process->ExitStatus == STATUS_PENDING) {
        Process->ExitStatus = ExitStatus;
    }
    KeQuerySystemTime(&Process->ExitTime);
    /* Its handles go now: an object it holds (even itself) must not keep
     * it alive. Handle lookups from here on find no table. */
    Table = Process->ObjectTable;
    Process->ObjectTable = NULL;
    if (Table != NULL)
        ObpDestroyHandleTable(Table);
    /* Its memory goes now too, not with the last reference to it. */
    MmCleanProcessAddressSpace(Process);
    OldIrql = KiAcquireDispatcherLock();
    Process->Pcb.Header.SignalState = 1;
    KiWaitTest(&Process->Pcb.Header, 0);
    KiReleaseDispatcherLock(OldIrql);
}

VOID PspExitThread(NTSTATUS ExitStatus)
{
    PETHREAD Thread = PsGetCurrentThread();
    PKTHREAD Tcb = &Thread->Tcb;
    PEPROCESS Process = Thread->ThreadsProcess;

    /* The thread must leave the way it came: APCs on, PASSIVE_LEVEL (a
     * KMUTEX still held is caught here too: it holds APCs off). */
    if (Tcb->KernelApcDisable != 0 || Tcb->SpecialApcDisable != 0 ||
        KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeBugCheckEx(KERNEL_APC_PENDING_DURING_EXIT, 0,
                     (ULONG_PTR)(LONG)(Tcb->KernelApcDisable != 0
                                           ? Tcb->KernelApcDisable
                                           : Tcb->SpecialApcDisable),
                     KeGetCurrentIrql(), 0);
    if (Tcb->ApcStateIndex != OriginalApcEnvironment)
        KeBugCheckEx(INVALID_PROCESS_ATTACH_ATTEMPT, (ULONG_PTR)Process,
                     (ULONG_PTR)Tcb->ApcState.Process, Tcb->ApcStateIndex,
                     KeGetCurrentIrql());
    Thread->ExitStatus = ExitStatus;
    Thread->Terminated = TRUE;
    /* Its requests end before it does: their completion APCs still reach
     * it here. */
    IoCancelThreadIo(Thread);
    Tcb->ApcQueueable = FALSE;
    KiFlushApcs(Tcb);
    if (Tcb->Teb != NULL)
        PspDeleteTeb(Process, Tcb->Teb);
    if (__atomic_sub_fetch(&Process->ActiveThreads, 1, __ATOMIC_RELAXED) == 0 &&
        Process != PsInitialSystemProcess)
        exit_process(Process, ExitStatus);
    KeTerminateThread();
}

static VOID NTAPI exit_rundown(PKAPC Apc)
{
    ExFreePoolWithTag(Apc, PS_EXIT_APC_TAG);
}

/* The user APC's kernel routine: the thread is on its way to ring 3. */
static VOID NTAPI exit_user_apc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                PVOID *NormalContext, PVOID *SystemArgument1,
                                PVOID *SystemArgument2)
{
    NTSTATUS ExitStatus = (NTSTATUS)(ULONG_PTR)*NormalContext;

    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    ExFreePoolWithTag(Apc, PS_EXIT_APC_TAG);
    KfLowerIrql(PASSIVE_LEVEL);
    PspExitThread(ExitStatus);
}

static VOID NTAPI exit_normal_apc(PVOID NormalContext, PVOID SystemArgument1,
                                  PVOID SystemArgument2);

static VOID NTAPI exit_kernel_apc(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                  PVOID *NormalContext, PVOID *SystemArgument1,
                                  PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument2);
    *SystemArgument1 = Apc; /* the normal routine re-queues it */
}

/* At PASSIVE_LEVEL in the thread. A system thread has no ring 3 to go
 * back to and ends here; a user thread ends on its way out. */
static VOID NTAPI exit_normal_apc(PVOID NormalContext, PVOID SystemArgument1,
                                  PVOID SystemArgument2)
{
    PKAPC Apc = SystemArgument1;
    PKTHREAD Thread = KiCurrentThread();

    UNREFERENCED_PARAMETER(SystemArgument2);
    if (PsGetCurrentThread()->SystemThread) {
        ExFreePoolWithTag(Apc, PS_EXIT_APC_TAG);
        PspExitThread((NTSTATUS)(ULONG_PTR)NormalContext);
    }
    /* A user APC needs a normal routine (without one KeInitializeApc makes
     * it a special kernel APC, which would end the thread inside whatever
     * wait it is in, its service's frames abandoned). The kernel routine
     * ends the thread before the normal routine could run. */
    KeInitializeApc(Apc, Thread, OriginalApcEnvironment, exit_user_apc,
                    exit_rundown, exit_normal_apc, UserMode, NormalContext);
    if (!KeInsertQueueApc(Apc, NULL, NULL, 0)) {
        ExFreePoolWithTag(Apc, PS_EXIT_APC_TAG);
        return;
    }
    Thread->ApcState.UserApcPending = TRUE; /* waits in ring 3's name end */
}

NTSTATUS PspTerminateThreadByPointer(PETHREAD Thread, NTSTATUS ExitStatus)
{
    PKAPC Apc;

    if (Thread == PsGetCurrentThread())
        PspExitThread(ExitStatus);
    if (Thread->Terminated)
        return STATUS_SUCCESS;
    Apc = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Apc), PS_EXIT_APC_TAG);
    if (Apc == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    KeInitializeApc(Apc, &Thread->Tcb, OriginalApcEnvironment, exit_kernel_apc,
                    exit_rundown, exit_normal_apc, KernelMode,
                    (PVOID)(ULONG_PTR)ExitStatus);
    if (!KeInsertQueueApc(Apc, NULL, NULL, 2)) {
        ExFreePoolWithTag(Apc, PS_EXIT_APC_TAG); /* already ending */
        return STATUS_SUCCESS;
    }
    Thread->Terminated = TRUE;
    KeForceResumeThread(&Thread->Tcb); /* a suspended thread must run to end */
    return STATUS_SUCCESS;
}

/* Every thread of Process but the caller gets its termination APC. */
static VOID terminate_other_threads(PEPROCESS Process, NTSTATUS ExitStatus)
{
    PETHREAD Self = PsGetCurrentThread();
    PLIST_ENTRY Entry;
    KIRQL OldIrql;

    for (;;) {
        PETHREAD Victim = NULL;

        KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
        for (Entry = PspActiveThreads.Flink; Entry != &PspActiveThreads;
             Entry = Entry->Flink) {
            PETHREAD Thread =
                CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);

            if (Thread->ThreadsProcess == Process && Thread != Self &&
                !Thread->Terminated && Thread->Tcb.State != Terminated) {
                Victim = Thread;
                ObfReferenceObject(Victim);
                break;
            }
        }
        KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
        if (Victim == NULL)
            return;
        if (!NT_SUCCESS(PspTerminateThreadByPointer(Victim, ExitStatus)))
            Victim->Terminated = TRUE; /* no memory: it is skipped */
        ObfDereferenceObject(Victim);
    }
}

NTSTATUS PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus)
{
    if (Process == PsInitialSystemProcess)
        return STATUS_ACCESS_DENIED;
    if (!Process->ProcessExiting) {
        Process->ProcessExiting = TRUE;
        Process->ExitStatus = ExitStatus;
    }
    terminate_other_threads(Process, ExitStatus);
    if (Process == PsGetCurrentProcess() &&
        PsGetCurrentThread()->ThreadsProcess == Process)
        PspExitThread(ExitStatus);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus)
{
    PEPROCESS Process;
    NTSTATUS Status;

    /* NULL: every thread but the caller (NT's kernel32 does this before
     * ExitProcess's DLL notifications). */
    if (ProcessHandle == NULL) {
        Process = PsGetCurrentThread()->ThreadsProcess;
        if (!Process->ProcessExiting) {
            Process->ProcessExiting = TRUE;
            Process->ExitStatus = ExitStatus;
        }
        terminate_other_threads(Process, ExitStatus);
        return STATUS_SUCCESS;
    }
    Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_TERMINATE,
                                       PspProcessType, ExGetPreviousMode(),
                                       (PVOID *)&Process, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Process == PsInitialSystemProcess) {
        ObfDereferenceObject(Process);
        return STATUS_ACCESS_DENIED;
    }
    if (Process->ProcessExiting && Process->ActiveThreads == 0) {
        ObfDereferenceObject(Process);
        return STATUS_PROCESS_IS_TERMINATING;
    }
    if (Process == PsGetCurrentThread()->ThreadsProcess)
        ObfDereferenceObject(Process); /* ends here: drop it first */
    Status = PspTerminateProcess(Process, ExitStatus);
    ObfDereferenceObject(Process);
    return Status;
}

NTSTATUS NTAPI NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus)
{
    PETHREAD Thread;
    NTSTATUS Status;

    if (ThreadHandle == NULL || ThreadHandle == NtCurrentThread()) {
        Thread = PsGetCurrentThread();
        /* NT refuses to end the last thread this way: ExitProcess must. */
        if (Thread->ThreadsProcess->ActiveThreads == 1 && ThreadHandle == NULL)
            return STATUS_CANT_TERMINATE_SELF;
        PspExitThread(ExitStatus);
    }
    Status =
        ObReferenceObjectByHandle(ThreadHandle, THREAD_TERMINATE, PspThreadType,
                                  ExGetPreviousMode(), (PVOID *)&Thread, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Thread->SystemThread && ExGetPreviousMode() == UserMode) {
        ObfDereferenceObject(Thread);
        return STATUS_ACCESS_DENIED;
    }
    if (Thread == PsGetCurrentThread())
        ObfDereferenceObject(Thread);
    Status = PspTerminateThreadByPointer(Thread, ExitStatus);
    ObfDereferenceObject(Thread);
    return Status;
}
