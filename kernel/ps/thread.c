/*
 * Threads as the executive sees them: an ETHREAD object (the kernel's
 * KTHREAD inside it) with an id, in a process it keeps referenced. System
 * threads start in PspSystemThreadStartup, which runs the driver's routine
 * at PASSIVE_LEVEL and ends the thread when it returns; user threads
 * (kernel/ps/user_thread.c) start by leaving for ring 3. The object lives
 * as long as a reference does: one for the running thread (dropped once
 * its stack is given back) and one for each handle.
 */
#include "kernel/thread.h"
#include "kernel/bugcheck.h"
#include "kernel/object.h"
#include "kernel/process.h"

POBJECT_TYPE PspThreadType;
POBJECT_TYPE *PsThreadType = &PspThreadType;

/* Every thread alive, for the shell and the debugger. */
LIST_ENTRY PspActiveThreads = {&PspActiveThreads, &PspActiveThreads};
KSPIN_LOCK PspActiveThreadsLock;

static VOID remove_from_active(PETHREAD Thread)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
    RemoveEntryList(&Thread->ThreadListEntry);
    KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
}

static VOID NTAPI PspSystemThreadStartup(PKSTART_ROUTINE StartRoutine,
                                         PVOID StartContext)
{
    StartRoutine(StartContext);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID PspInitializeInitialThread(VOID)
{
    PETHREAD Thread = &KiInitialThread;
    KIRQL OldIrql;

    Thread->Cid.UniqueThread = (HANDLE)0; /* the idle thread's, as NT */
    InitializeListHead(&Thread->IrpList);
    KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
    InsertTailList(&PspActiveThreads, &Thread->ThreadListEntry);
    KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
}

/* The last reference is gone (the stack went back long before). */
VOID PspDeleteThread(PVOID Object)
{
    PETHREAD Thread = Object;

    if (!Thread->StackReaped && Thread->Tcb.StackLimit != NULL)
        KiReleaseThreadStack(&Thread->Tcb); /* made, never started */
    if (Thread->ThreadsProcess != NULL)
        ObfDereferenceObject(Thread->ThreadsProcess);
}

NTSTATUS PspCreateThreadObject(PEPROCESS Process,
                               PKSYSTEM_ROUTINE SystemRoutine,
                               PKSTART_ROUTINE StartRoutine, PVOID StartContext,
                               ULONG Attributes, PETHREAD *NewThread)
{
    OBJECT_ATTRIBUTES ObjectAttributes;
    PETHREAD Thread;
    NTSTATUS Status;

    if (Process->ProcessExiting)
        return STATUS_PROCESS_IS_TERMINATING;
    InitializeObjectAttributes(&ObjectAttributes, NULL, Attributes, NULL, NULL);
    Status =
        ObCreateObject(KernelMode, PspThreadType, &ObjectAttributes, KernelMode,
                       NULL, sizeof(ETHREAD), 0, 0, (PVOID *)&Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = KeInitializeThread(&Thread->Tcb, &Process->Pcb, SystemRoutine,
                                StartRoutine, StartContext);
    if (!NT_SUCCESS(Status)) {
        ObfDereferenceObject(Thread);
        return Status;
    }
    Thread->StartAddress = StartRoutine;
    Thread->ExitStatus = STATUS_PENDING;
    InitializeListHead(&Thread->IrpList);
    KeQuerySystemTime(&Thread->CreateTime);
    Thread->Cid.UniqueProcess = Process->UniqueProcessId;
    Thread->Cid.UniqueThread = PspAllocateClientId();
    ObfReferenceObject(Process);
    Thread->ThreadsProcess = Process;
    *NewThread = Thread;
    return STATUS_SUCCESS;
}

VOID PspStartThread(PETHREAD Thread)
{
    KIRQL OldIrql;

    /* The running thread's reference, dropped when its stack is reaped. */
    ObfReferenceObject(Thread);
    __atomic_add_fetch(&Thread->ThreadsProcess->ActiveThreads, 1,
                       __ATOMIC_RELAXED);
    KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
    InsertTailList(&PspActiveThreads, &Thread->ThreadListEntry);
    KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
    KeStartThread(&Thread->Tcb);
}

NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes,
                                    HANDLE ProcessHandle, PCLIENT_ID ClientId,
                                    PKSTART_ROUTINE StartRoutine,
                                    PVOID StartContext)
{
    PETHREAD Thread;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(ObjectAttributes);
    if (ThreadHandle == NULL || StartRoutine == NULL ||
        (ProcessHandle != NULL && ProcessHandle != NtCurrentProcess()))
        return STATUS_INVALID_PARAMETER;
    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)StartRoutine,
                     KeGetCurrentIrql(), 0,
                     (ULONG_PTR)__builtin_return_address(0));
    KiReapTerminatedThreads(); /* a storm of short threads stays bounded */
    Status = PspCreateThreadObject(PsInitialSystemProcess,
                                   PspSystemThreadStartup, StartRoutine,
                                   StartContext, OBJ_KERNEL_HANDLE, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    Thread->SystemThread = TRUE;
    /* A kernel handle whatever the caller asked: system threads belong to
     * the system process. The insert takes the creation reference. */
    Status = ObInsertObject(Thread, NULL, DesiredAccess, 0, NULL, ThreadHandle);
    if (!NT_SUCCESS(Status))
        return Status; /* the thread never ran: the delete procedure frees */
    if (ClientId != NULL)
        *ClientId = Thread->Cid;
    PspStartThread(Thread);
    return STATUS_SUCCESS;
}

/* Out of line: a stop screen at a bad exit names it in the backtrace. */
__attribute__((noinline)) NTSTATUS NTAPI
PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    PETHREAD Thread = PsGetCurrentThread();

    if (!Thread->SystemThread || Thread == &KiInitialThread)
        return STATUS_INVALID_PARAMETER;
    PspExitThread(ExitStatus);
}

/* Called by the reaper, at DISPATCH_LEVEL, once the stack is back. */
VOID PspThreadStackReaped(PKTHREAD Tcb)
{
    PETHREAD Thread = CONTAINING_RECORD(Tcb, ETHREAD, Tcb);

    Thread->StackReaped = TRUE;
    remove_from_active(Thread);
    ObfDereferenceObject(Thread); /* the running thread's reference */
}

PETHREAD NTAPI PsGetCurrentThread(VOID)
{
    return CONTAINING_RECORD(KiCurrentThread(), ETHREAD, Tcb);
}

HANDLE NTAPI PsGetCurrentThreadId(VOID)
{
    return PsGetCurrentThread()->Cid.UniqueThread;
}

HANDLE NTAPI PsGetThreadId(PETHREAD Thread)
{
    return Thread->Cid.UniqueThread;
}

BOOLEAN NTAPI PsIsSystemThread(PETHREAD Thread)
{
    return Thread->SystemThread;
}

NTSTATUS NTAPI PsGetThreadExitStatus(PETHREAD Thread)
{
    return Thread->ExitStatus;
}

NTSTATUS NTAPI PsLookupThreadByThreadId(HANDLE ThreadId, PETHREAD *Thread)
{
    NTSTATUS Status = STATUS_INVALID_CID;
    PLIST_ENTRY Entry;
    KIRQL OldIrql;

    KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
    for (Entry = PspActiveThreads.Flink; Entry != &PspActiveThreads;
         Entry = Entry->Flink) {
        PETHREAD Candidate = CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);

        if (Candidate->Cid.UniqueThread == ThreadId &&
            Candidate != &KiInitialThread) {
            ObfReferenceObject(Candidate);
            *Thread = Candidate;
            Status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
    return Status;
}
