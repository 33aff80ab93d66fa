/*
 * Processes as the kernel sees them, and attaching a thread to another
 * process's address space. Attaching loads the other directory into CR3
 * (global kernel TLB entries survive, the user half's go) and parks the
 * thread's APC queues, which belong to its own process, in SavedApcState
 * until it detaches; APCs queued for the attached process meanwhile go to
 * the fresh ApcState. A nested attach saves into the caller's KAPC_STATE.
 */
#include "kernel/bugcheck.h"
#include "kernel/process.h"
#include "kernel/thread.h"

/* ApcState->Process when the thread was already in the process. */
#define ALREADY_THERE ((PKPROCESS)1)

VOID KeInitializeProcess(PKPROCESS Process, KPRIORITY BasePriority,
                         ULONG DirectoryTableBase)
{
    Process->Header.Type = ProcessObject;
    Process->Header.Size = sizeof(KPROCESS) / sizeof(ULONG);
    Process->Header.SignalState = 0;
    InitializeListHead(&Process->Header.WaitListHead);
    InitializeListHead(&Process->ThreadListHead);
    Process->BasePriority = (SCHAR)BasePriority;
    Process->DirectoryTableBase = DirectoryTableBase;
}

VOID KiSwapProcess(PKPROCESS Process)
{
    KiCurrentThread()->ApcState.Process = Process;
    if (read_cr3() != Process->DirectoryTableBase)
        write_cr3(Process->DirectoryTableBase);
    KiLoadProcessLdt(KeGetPcr(), &Process->LdtDescriptor);
}

/* Moves a KAPC_STATE: list heads cannot be copied, their neighbours
 * point back at them. */
static VOID move_apc_state(PKAPC_STATE From, PKAPC_STATE To)
{
    ULONG Mode;

    *To = *From;
    for (Mode = KernelMode; Mode < MaximumMode; Mode++) {
        PLIST_ENTRY Head = &To->ApcListHead[Mode];

        if (IsListEmpty(&From->ApcListHead[Mode])) {
            InitializeListHead(Head);
        } else {
            Head->Flink->Blink = Head;
            Head->Blink->Flink = Head;
        }
    }
}

static VOID attach(PKTHREAD Thread, PKPROCESS Process, PKAPC_STATE SaveArea)
{
    move_apc_state(&Thread->ApcState, SaveArea);
    InitializeListHead(&Thread->ApcState.ApcListHead[KernelMode]);
    InitializeListHead(&Thread->ApcState.ApcListHead[UserMode]);
    Thread->ApcState.KernelApcInProgress = FALSE;
    Thread->ApcState.KernelApcPending = FALSE;
    Thread->ApcState.UserApcPending = FALSE;
    if (SaveArea == &Thread->SavedApcState) {
        Thread->ApcStatePointer[OriginalApcEnvironment] =
            &Thread->SavedApcState;
        Thread->ApcStatePointer[AttachedApcEnvironment] = &Thread->ApcState;
        Thread->ApcStateIndex = AttachedApcEnvironment;
    }
    KiSwapProcess(Process);
}

VOID NTAPI KeStackAttachProcess(PRKPROCESS Process, PRKAPC_STATE ApcState)
{
    PKTHREAD Thread = KiCurrentThread();
    KIRQL OldIrql;

    if (KeGetCurrentIrql() > DISPATCH_LEVEL)
        KeBugCheckEx(INVALID_PROCESS_ATTACH_ATTEMPT, (ULONG_PTR)Process,
                     (ULONG_PTR)Thread->ApcState.Process, Thread->ApcStateIndex,
                     KeGetCurrentIrql());
    OldIrql = KiAcquireDispatcherLock();
    if (Thread->ApcState.Process == Process) {
        ApcState->Process = ALREADY_THERE;
    } else if (Thread->ApcStateIndex != OriginalApcEnvironment) {
        attach(Thread, Process, ApcState); /* nested: save in the caller's */
    } else {
        attach(Thread, Process, &Thread->SavedApcState);
        ApcState->Process = NULL;
    }
    KiReleaseDispatcherLock(OldIrql);
    /* An idle process's page tables come back before the caller reads
     * its memory (at DISPATCH_LEVEL it may read none that is paged). */
    if (Process->State != ProcessInMemory &&
        KeGetCurrentIrql() < DISPATCH_LEVEL)
        MmInSwapProcess(Process);
}

VOID NTAPI KeUnstackDetachProcess(PRKAPC_STATE ApcState)
{
    PKTHREAD Thread = KiCurrentThread();
    KIRQL OldIrql;

    if (ApcState->Process == ALREADY_THERE)
        return;
    OldIrql = KiAcquireDispatcherLock();
    if (Thread->ApcStateIndex == OriginalApcEnvironment ||
        !IsListEmpty(&Thread->ApcState.ApcListHead[KernelMode]) ||
        Thread->ApcState.KernelApcInProgress)
        KeBugCheckEx(INVALID_PROCESS_DETACH_ATTEMPT,
                     (ULONG_PTR)Thread->ApcState.Process, (ULONG_PTR)ApcState,
                     Thread->ApcStateIndex, 0);
    if (ApcState->Process != NULL) {
        move_apc_state(ApcState, &Thread->ApcState);
    } else {
        move_apc_state(&Thread->SavedApcState, &Thread->ApcState);
        Thread->SavedApcState.Process = NULL;
        Thread->ApcStatePointer[OriginalApcEnvironment] = &Thread->ApcState;
        Thread->ApcStatePointer[AttachedApcEnvironment] =
            &Thread->SavedApcState;
        Thread->ApcStateIndex = OriginalApcEnvironment;
    }
    KiSwapProcess(Thread->ApcState.Process);
    if (!IsListEmpty(&Thread->ApcState.ApcListHead[KernelMode]))
        KiCheckForKernelApcDelivery();
    KiReleaseDispatcherLock(OldIrql);
}
