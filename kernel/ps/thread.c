/*
 * System threads as the executive sees them: an ETHREAD object (the
 * kernel's KTHREAD inside it) with an id and a handle, started in
 * PspSystemThreadStartup, which runs the driver's routine at
 * PASSIVE_LEVEL and ends the thread when it returns. The object lives as
 * long as a reference does: one for the running thread (dropped once its
 * stack is given back) and one for each handle.
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
static ULONG next_thread_id = 4; /* ids are multiples of 4, as NT's */

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
    KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
    InsertTailList(&PspActiveThreads, &Thread->ThreadListEntry);
    KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
}

NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes,
                                    HANDLE ProcessHandle, PCLIENT_ID ClientId,
                                    PKSTART_ROUTINE StartRoutine,
                                    PVOID StartContext)
{
    PEPROCESS Process = PsInitialSystemProcess;
    OBJECT_ATTRIBUTES Attributes;
    PETHREAD Thread;
    NTSTATUS Status;
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(ObjectAttributes);
    if (ThreadHandle == NULL || StartRoutine == NULL ||
        (ProcessHandle != NULL && ProcessHandle != NtCurrentProcess()))
        return STATUS_INVALID_PARAMETER;
    if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)StartRoutine,
                     KeGetCurrentIrql(), 0,
                     (ULONG_PTR)__builtin_return_address(0));
    KiReapTerminatedThreads(); /* a storm of short threads stays bounded */
    /* Unnamed, and a kernel handle whatever the caller asked, as before
     * user processes exist. */
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    Status = ObCreateObject(KernelMode, PspThreadType, &Attributes, KernelMode,
                            NULL, sizeof(ETHREAD), 0, 0, (PVOID *)&Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        KeInitializeThread(&Thread->Tcb, &Process->Pcb, PspSystemThreadStartup,
                           StartRoutine, StartContext);
    if (!NT_SUCCESS(Status)) {
        ObfDereferenceObject(Thread);
        return Status;
    }
    Thread->SystemThread = TRUE;
    Thread->StartAddress = StartRoutine;
    Thread->ExitStatus = STATUS_PENDING;
    Thread->CreateTime.QuadPart = (LONGLONG)KeQueryInterruptTime();
    Thread->Cid.UniqueProcess = (HANDLE)4; /* the System process */
    /* The running thread's reference; the insert takes the creation one
     * over for the handle, always a kernel handle. */
    ObfReferenceObject(Thread);
    Status = ObInsertObject(Thread, NULL, DesiredAccess, 0, NULL, ThreadHandle);
    if (!NT_SUCCESS(Status)) {
        Thread->StackReaped = TRUE; /* never ran: nothing else to drop */
        KiReleaseThreadStack(&Thread->Tcb);
        ObfDereferenceObject(Thread);
        return Status;
    }
    KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
    Thread->Cid.UniqueThread = (HANDLE)(ULONG_PTR)next_thread_id;
    next_thread_id += 4;
    InsertTailList(&PspActiveThreads, &Thread->ThreadListEntry);
    KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
    if (ClientId != NULL)
        *ClientId = Thread->Cid;
    KeStartThread(&Thread->Tcb);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    PETHREAD Thread = PsGetCurrentThread();
    PKTHREAD Tcb = &Thread->Tcb;

    if (!Thread->SystemThread || Thread == &KiInitialThread)
        return STATUS_INVALID_PARAMETER;
    /* The thread must leave the way it came: APCs on, PASSIVE_LEVEL (a
     * KMUTEX still held is caught here too: it holds APCs off). */
    if (Tcb->KernelApcDisable != 0 || Tcb->SpecialApcDisable != 0 ||
        KeGetCurrentIrql() != PASSIVE_LEVEL)
        KeBugCheckEx(KERNEL_APC_PENDING_DURING_EXIT, 0,
                     (ULONG_PTR)(LONG)(Tcb->KernelApcDisable != 0
                                           ? Tcb->KernelApcDisable
                                           : Tcb->SpecialApcDisable),
                     KeGetCurrentIrql(), 0);
    Thread->ExitStatus = ExitStatus;
    Tcb->ApcQueueable = FALSE;
    KiFlushApcs(Tcb);
    KeTerminateThread();
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

HANDLE NTAPI PsGetCurrentProcessId(VOID)
{
    return (HANDLE)4;
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
