/*
 * Asynchronous procedure calls: code queued to run in one thread's
 * context. A special kernel APC (no normal routine) runs at APC_LEVEL as
 * soon as the thread's IRQL is below it, unless the thread is in a
 * guarded region. A normal kernel APC runs its kernel routine at
 * APC_LEVEL, then its normal routine at PASSIVE_LEVEL, one at a time and
 * not in a critical region (or while a KMUTEX is held). A thread waiting
 * at PASSIVE_LEVEL is taken out of its wait to run them, and waits again.
 * User APCs wait for an alertable user-mode wait (or the way back to user
 * mode); a thread that ends runs their rundown routines.
 *
 * Delivery is the APC_LEVEL software interrupt: whoever queues an APC for
 * the running thread asks for it, and a thread switched to with kernel
 * APCs pending asks for it on its way back (scheduler.c).
 */
#include "kernel/bugcheck.h"
#include "kernel/dispatcher.h"
#include "kernel/irql.h"
#include "kernel/thread.h"

ULONG KiApcInterruptCount;
VOID (*KiApcDeliveryHook)(VOID);

static VOID initialize_state(PKAPC_STATE State, struct _KPROCESS *Process)
{
    InitializeListHead(&State->ApcListHead[KernelMode]);
    InitializeListHead(&State->ApcListHead[UserMode]);
    State->Process = Process;
    State->KernelApcInProgress = FALSE;
    State->KernelApcPending = FALSE;
    State->UserApcPending = FALSE;
}

VOID KiInitializeApcState(PKTHREAD Thread)
{
    initialize_state(&Thread->ApcState, Thread->Process);
    initialize_state(&Thread->SavedApcState, NULL);
    Thread->ApcStatePointer[OriginalApcEnvironment] = &Thread->ApcState;
    Thread->ApcStatePointer[AttachedApcEnvironment] = &Thread->SavedApcState;
    Thread->ApcStateIndex = OriginalApcEnvironment;
}

VOID NTAPI KeInitializeApc(PRKAPC Apc, PRKTHREAD Thread,
                           KAPC_ENVIRONMENT Environment,
                           PKKERNEL_ROUTINE KernelRoutine,
                           PKRUNDOWN_ROUTINE RundownRoutine,
                           PKNORMAL_ROUTINE NormalRoutine,
                           KPROCESSOR_MODE ApcMode, PVOID NormalContext)
{
    Apc->Type = ApcObject;
    Apc->Size = sizeof(KAPC);
    Apc->Thread = Thread;
    if (Environment == CurrentApcEnvironment)
        Environment = (KAPC_ENVIRONMENT)Thread->ApcStateIndex;
    Apc->ApcStateIndex = (CCHAR)Environment;
    Apc->KernelRoutine = KernelRoutine;
    Apc->RundownRoutine = RundownRoutine;
    Apc->NormalRoutine = NormalRoutine;
    /* A special APC is always a kernel one. */
    Apc->ApcMode = NormalRoutine != NULL ? ApcMode : KernelMode;
    Apc->NormalContext = NormalRoutine != NULL ? NormalContext : NULL;
    Apc->Inserted = FALSE;
}

/* Special kernel APCs go after the other special ones, before the normal
 * ones; everything else at the end. */
static VOID insert_apc(PKAPC_STATE State, PKAPC Apc)
{
    PLIST_ENTRY Head = &State->ApcListHead[(UCHAR)Apc->ApcMode];
    PLIST_ENTRY Entry = Head;

    if (Apc->NormalRoutine == NULL) {
        for (Entry = Head->Flink; Entry != Head; Entry = Entry->Flink) {
            if (CONTAINING_RECORD(Entry, KAPC, ApcListEntry)->NormalRoutine !=
                NULL)
                break;
        }
    }
    InsertTailList(Entry, &Apc->ApcListEntry);
}

BOOLEAN NTAPI KeInsertQueueApc(PRKAPC Apc, PVOID SystemArgument1,
                               PVOID SystemArgument2, KPRIORITY Increment)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    PKTHREAD Thread = Apc->Thread;
    BOOLEAN Special = Apc->NormalRoutine == NULL;

    if (Apc->Inserted || !Thread->ApcQueueable) {
        KiReleaseDispatcherLock(OldIrql);
        return FALSE;
    }
    if (Apc->ApcStateIndex == InsertApcEnvironment)
        Apc->ApcStateIndex = (CCHAR)Thread->ApcStateIndex;
    Apc->SystemArgument1 = SystemArgument1;
    Apc->SystemArgument2 = SystemArgument2;
    Apc->Inserted = TRUE;
    insert_apc(Thread->ApcStatePointer[(UCHAR)Apc->ApcStateIndex], Apc);

    /* Queued for the environment the thread is in: make it run. */
    if ((UCHAR)Apc->ApcStateIndex == Thread->ApcStateIndex) {
        if (Apc->ApcMode == KernelMode) {
            Thread->ApcState.KernelApcPending = TRUE;
            if (Thread == KiCurrentThread())
                KiRequestSoftwareInterrupt(APC_LEVEL);
            else if (Thread->State == Waiting &&
                     Thread->WaitIrql == PASSIVE_LEVEL &&
                     Thread->SpecialApcDisable == 0 &&
                     (Special || (Thread->KernelApcDisable == 0 &&
                                  !Thread->ApcState.KernelApcInProgress)))
                KiUnwaitThread(Thread, STATUS_KERNEL_APC, Increment);
        } else if (Thread->State == Waiting && Thread->WaitMode == UserMode &&
                   Thread->Alertable) {
            Thread->ApcState.UserApcPending = TRUE;
            KiUnwaitThread(Thread, STATUS_USER_APC, Increment);
        }
    }
    KiReleaseDispatcherLock(OldIrql);
    return TRUE;
}

BOOLEAN NTAPI KeRemoveQueueApc(PKAPC Apc)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN WasQueued = Apc->Inserted;

    if (WasQueued) {
        PKAPC_STATE State =
            Apc->Thread->ApcStatePointer[(UCHAR)Apc->ApcStateIndex];

        Apc->Inserted = FALSE;
        RemoveEntryList(&Apc->ApcListEntry);
        if (IsListEmpty(&State->ApcListHead[(UCHAR)Apc->ApcMode])) {
            if (Apc->ApcMode == KernelMode)
                State->KernelApcPending = FALSE;
            else
                State->UserApcPending = FALSE;
        }
    }
    KiReleaseDispatcherLock(OldIrql);
    return WasQueued;
}

/* The next kernel APC the current thread may run now, taken off its
 * queue; NULL when none may. Dispatcher lock held. */
static PKAPC next_kernel_apc(PKTHREAD Thread)
{
    PLIST_ENTRY Head = &Thread->ApcState.ApcListHead[KernelMode];
    PKAPC Apc;

    if (IsListEmpty(Head))
        return NULL;
    Apc = CONTAINING_RECORD(Head->Flink, KAPC, ApcListEntry);
    if (Thread->SpecialApcDisable != 0 ||
        (Apc->NormalRoutine != NULL && (Thread->KernelApcDisable != 0 ||
                                        Thread->ApcState.KernelApcInProgress)))
        return NULL; /* held off (KiDeliverApc cleared the pending flag) */
    RemoveEntryList(&Apc->ApcListEntry);
    Apc->Inserted = FALSE;
    return Apc;
}

VOID KiDeliverApc(VOID)
{
    PKTHREAD Thread = KiCurrentThread();

    KiApcInterruptCount++;
    if (KiApcDeliveryHook != NULL)
        KiApcDeliveryHook();
    /* Whatever stays queued is delivered when the region that holds it
     * ends, or the next APC is queued: the flag means "look now". */
    Thread->ApcState.KernelApcPending = FALSE;
    for (;;) {
        KIRQL OldIrql = KiAcquireDispatcherLock();
        PKAPC Apc = next_kernel_apc(Thread);
        PKNORMAL_ROUTINE Normal;
        PVOID Context, Argument1, Argument2;

        KiReleaseDispatcherLock(OldIrql);
        if (Apc == NULL)
            return;
        Normal = Apc->NormalRoutine;
        Context = Apc->NormalContext;
        Argument1 = Apc->SystemArgument1;
        Argument2 = Apc->SystemArgument2;
        /* The kernel routine may free the APC, and may cancel the normal
         * routine or change its arguments. */
        Apc->KernelRoutine(Apc, &Normal, &Context, &Argument1, &Argument2);
        if (Normal == NULL)
            continue;
        Thread->ApcState.KernelApcInProgress = TRUE;
        KfLowerIrql(PASSIVE_LEVEL);
        Normal(Context, Argument1, Argument2);
        KfRaiseIrql(APC_LEVEL);
        Thread->ApcState.KernelApcInProgress = FALSE;
    }
}

VOID KiCheckForKernelApcDelivery(VOID)
{
    PKTHREAD Thread = KiCurrentThread();

    if (!IsListEmpty(&Thread->ApcState.ApcListHead[KernelMode])) {
        Thread->ApcState.KernelApcPending = TRUE;
        KiRequestSoftwareInterrupt(APC_LEVEL);
    }
}

VOID KiFlushApcs(PKTHREAD Thread)
{
    ULONG Mode;

    for (Mode = KernelMode; Mode < MaximumMode; Mode++) {
        for (;;) {
            KIRQL OldIrql = KiAcquireDispatcherLock();
            PLIST_ENTRY Head = &Thread->ApcState.ApcListHead[Mode];
            PKAPC Apc = NULL;

            if (!IsListEmpty(Head)) {
                Apc =
                    CONTAINING_RECORD(RemoveHeadList(Head), KAPC, ApcListEntry);
                Apc->Inserted = FALSE;
            }
            KiReleaseDispatcherLock(OldIrql);
            if (Apc == NULL)
                break;
            if (Apc->RundownRoutine != NULL)
                Apc->RundownRoutine(Apc);
            else
                ExFreePool(Apc);
        }
    }
}

/* Critical regions count down from 0, as NT's KernelApcDisable. */
VOID NTAPI KeEnterCriticalRegion(VOID)
{
    KiCurrentThread()->KernelApcDisable--;
}

VOID NTAPI KeLeaveCriticalRegion(VOID)
{
    PKTHREAD Thread = KiCurrentThread();

    if (++Thread->KernelApcDisable == 0 && Thread->SpecialApcDisable == 0)
        KiCheckForKernelApcDelivery();
}

VOID NTAPI KeEnterGuardedRegion(VOID)
{
    KiCurrentThread()->SpecialApcDisable--;
}

VOID NTAPI KeLeaveGuardedRegion(VOID)
{
    PKTHREAD Thread = KiCurrentThread();

    if (++Thread->SpecialApcDisable == 0)
        KiCheckForKernelApcDelivery();
}

BOOLEAN NTAPI KeAreApcsDisabled(VOID)
{
    PKTHREAD Thread = KiCurrentThread();

    return Thread->KernelApcDisable != 0 || Thread->SpecialApcDisable != 0;
}

BOOLEAN NTAPI KeAreAllApcsDisabled(VOID)
{
    return KiCurrentThread()->SpecialApcDisable != 0 ||
           KeGetCurrentIrql() >= APC_LEVEL;
}

/* The first user APC, on the way back to ring 3, at PASSIVE_LEVEL. Its
 * kernel routine runs first, at APC_LEVEL (it may end the thread, as the
 * termination APC does); a normal routine left runs in ring 3, entered
 * through ntdll's KiUserApcDispatcher. The next one waits for the next
 * return to user mode (NtContinue from the dispatcher comes back here). */
VOID KiDeliverUserApc(PKTRAP_FRAME TrapFrame)
{
    PKTHREAD Thread = KiCurrentThread();
    PLIST_ENTRY Head = &Thread->ApcState.ApcListHead[UserMode];
    PKNORMAL_ROUTINE Normal;
    PVOID Context, Argument1, Argument2;
    PKAPC Apc = NULL;
    KIRQL OldIrql;

    OldIrql = KiAcquireDispatcherLock();
    Thread->ApcState.UserApcPending = FALSE;
    if (!IsListEmpty(Head)) {
        Apc = CONTAINING_RECORD(RemoveHeadList(Head), KAPC, ApcListEntry);
        Apc->Inserted = FALSE;
    }
    KiReleaseDispatcherLock(OldIrql);
    if (Apc == NULL)
        return;
    Normal = Apc->NormalRoutine;
    Context = Apc->NormalContext;
    Argument1 = Apc->SystemArgument1;
    Argument2 = Apc->SystemArgument2;
    KfRaiseIrql(APC_LEVEL);
    Apc->KernelRoutine(Apc, &Normal, &Context, &Argument1, &Argument2);
    KfLowerIrql(PASSIVE_LEVEL);
    if (Normal != NULL)
        KiInitializeUserApc(TrapFrame, Normal, Context, Argument1, Argument2);
}
