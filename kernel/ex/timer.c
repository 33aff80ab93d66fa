/*
 * Timer objects (type "Timer"): a KTIMER with an object header and NT's
 * services. NtSetTimer may name a routine to run in ring 3 when the timer
 * expires: a DPC queues it as a user APC to the thread that set the timer
 * (it runs when that thread next waits alertably), with the expiry time in
 * its two arguments, as NT's TimerApcRoutine gets it. The timer holds a
 * reference to that thread while the routine is armed; each expiry's APC
 * is its own block with its own reference, so no APC points back into a
 * timer that may be gone by the time it runs.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/process.h"
#include "kernel/thread.h"

#define TIMER_APC_TAG 'pAmT' /* "TmAp" */

typedef struct _ETIMER {
    KTIMER KeTimer; /* first: waits wait on it */
    KDPC TimerDpc;
    KSPIN_LOCK Lock;
    PETHREAD ApcThread; /* referenced while a routine is armed; else NULL */
    PTIMER_APC_ROUTINE ApcRoutine;
    PVOID ApcContext;
    KPROCESSOR_MODE ApcMode;
} ETIMER, *PETIMER;

POBJECT_TYPE ExpTimerObjectType;
POBJECT_TYPE *ExTimerObjectType = &ExpTimerObjectType;

/* Disarms the routine; the thread reference to drop, if there was one.
 * The timer's lock is held. An APC already queued still runs. */
static PETHREAD disarm(PETIMER Timer)
{
    PETHREAD Thread = Timer->ApcThread;

    Timer->ApcThread = NULL;
    return Thread;
}

static VOID delete_timer(PVOID Object)
{
    PETIMER Timer = Object;
    PETHREAD Thread;
    KIRQL OldIrql;

    KeCancelTimer(&Timer->KeTimer);
    KeAcquireSpinLock(&Timer->Lock, &OldIrql);
    Thread = disarm(Timer);
    KeReleaseSpinLock(&Timer->Lock, OldIrql);
    KeRemoveQueueDpc(&Timer->TimerDpc);
    if (Thread != NULL)
        ObDereferenceObject(Thread);
}

VOID ExpInitializeTimerImplementation(VOID)
{
    ObpCreateType(u"Timer", TIMER_QUERY_STATE, TIMER_MODIFY_STATE, SYNCHRONIZE,
                  TIMER_ALL_ACCESS, TRUE, delete_timer, &ExpTimerObjectType);
}

/* An expiry's APC has run, or was flushed with its thread: its block and
 * its reference go. */
static VOID NTAPI free_timer_apc(PKAPC Apc)
{
    ObDereferenceObject(CONTAINING_RECORD(Apc->Thread, ETHREAD, Tcb));
    ExFreePoolWithTag(Apc, TIMER_APC_TAG);
}

static VOID NTAPI timer_apc_kernel(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine,
                                   PVOID *NormalContext, PVOID *SystemArgument1,
                                   PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    free_timer_apc(Apc); /* the normal routine has its arguments */
}

static VOID NTAPI timer_dpc(PKDPC Dpc, PVOID Context, PVOID SystemArgument1,
                            PVOID SystemArgument2)
{
    PETIMER Timer = Context;
    PKAPC Apc;

    UNREFERENCED_PARAMETER(Dpc);
    KeAcquireSpinLockAtDpcLevel(&Timer->Lock);
    Apc = Timer->ApcThread != NULL
              ? ExAllocatePoolWithTag(NonPagedPool, sizeof(KAPC), TIMER_APC_TAG)
              : NULL;
    if (Apc != NULL) { /* no memory: this expiry's routine is skipped */
        ObReferenceObject(Timer->ApcThread);
        KeInitializeApc(Apc, &Timer->ApcThread->Tcb, OriginalApcEnvironment,
                        timer_apc_kernel, free_timer_apc,
                        (PKNORMAL_ROUTINE)(PVOID)Timer->ApcRoutine,
                        Timer->ApcMode, Timer->ApcContext);
        /* The expiry's system time, as the timer's DPC was given it. */
        if (!KeInsertQueueApc(Apc, SystemArgument1, SystemArgument2, 0))
            free_timer_apc(Apc); /* the thread has ended */
    }
    KeReleaseSpinLockFromDpcLevel(&Timer->Lock);
}

NTSTATUS NTAPI NtCreateTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             TIMER_TYPE TimerType)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    HANDLE Handle;
    PETIMER Timer;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(TimerHandle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (TimerType != NotificationTimer && TimerType != SynchronizationTimer)
        return STATUS_INVALID_PARAMETER_4;
    Status = ObCreateObject(Mode, ExpTimerObjectType, ObjectAttributes, Mode,
                            NULL, sizeof(ETIMER), 0, 0, (PVOID *)&Timer);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeTimerEx(&Timer->KeTimer, TimerType);
    KeInitializeDpc(&Timer->TimerDpc, timer_dpc, Timer);
    KeInitializeSpinLock(&Timer->Lock);
    Status = ObInsertObject(Timer, NULL, DesiredAccess, 0, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(TimerHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtOpenTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(TimerHandle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObOpenObjectByName(ObjectAttributes, ExpTimerObjectType, Mode,
                                NULL, DesiredAccess, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(TimerHandle, &Handle, sizeof(Handle));
    return Status;
}

/* The timer behind Handle with TIMER_MODIFY_STATE, and where its previous
 * state goes (probed), for set and cancel. */
static NTSTATUS reference_for_change(HANDLE Handle, PBOOLEAN State,
                                     PETIMER *Timer)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    NTSTATUS Status = STATUS_SUCCESS;

    if (State != NULL && Mode == UserMode)
        Status = ExpProbeForWrite(State, sizeof(BOOLEAN), 1);
    if (!NT_SUCCESS(Status))
        return Status;
    return ObReferenceObjectByHandle(Handle, TIMER_MODIFY_STATE,
                                     ExpTimerObjectType, Mode, (PVOID *)Timer,
                                     NULL);
}

NTSTATUS NTAPI NtSetTimer(HANDLE TimerHandle, PLARGE_INTEGER DueTime,
                          PTIMER_APC_ROUTINE TimerApcRoutine,
                          PVOID TimerContext, BOOLEAN ResumeTimer, LONG Period,
                          PBOOLEAN PreviousState)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER Due;
    PETHREAD Old, Self = PsGetCurrentThread();
    PETIMER Timer;
    BOOLEAN State;
    NTSTATUS Status;
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(ResumeTimer); /* no power states to resume from */
    if (Period < 0)
        return STATUS_INVALID_PARAMETER_6;
    Status = ExpCaptureLargeInteger(DueTime, Mode, &Due);
    if (NT_SUCCESS(Status))
        Status = reference_for_change(TimerHandle, PreviousState, &Timer);
    if (!NT_SUCCESS(Status))
        return Status;
    KeCancelTimer(&Timer->KeTimer);
    KeAcquireSpinLock(&Timer->Lock, &OldIrql);
    Old = disarm(Timer);
    State = KeReadStateTimer(&Timer->KeTimer);
    if (TimerApcRoutine != NULL) {
        ObReferenceObject(Self);
        Timer->ApcThread = Self;
        Timer->ApcRoutine = TimerApcRoutine;
        Timer->ApcContext = TimerContext;
        Timer->ApcMode = Mode;
    }
    KeReleaseSpinLock(&Timer->Lock, OldIrql);
    KeSetTimerEx(&Timer->KeTimer, Due, Period,
                 TimerApcRoutine != NULL ? &Timer->TimerDpc : NULL);
    ObDereferenceObject(Timer);
    if (Old != NULL)
        ObDereferenceObject(Old);
    if (PreviousState != NULL)
        ExpWriteBack(PreviousState, &State, sizeof(State));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCancelTimer(HANDLE TimerHandle, PBOOLEAN CurrentState)
{
    PETHREAD Old;
    PETIMER Timer;
    BOOLEAN State;
    NTSTATUS Status;
    KIRQL OldIrql;

    Status = reference_for_change(TimerHandle, CurrentState, &Timer);
    if (!NT_SUCCESS(Status))
        return Status;
    KeCancelTimer(&Timer->KeTimer);
    KeAcquireSpinLock(&Timer->Lock, &OldIrql);
    Old = disarm(Timer);
    State = KeReadStateTimer(&Timer->KeTimer);
    KeReleaseSpinLock(&Timer->Lock, OldIrql);
    ObDereferenceObject(Timer);
    if (Old != NULL)
        ObDereferenceObject(Old);
    if (CurrentState != NULL)
        ExpWriteBack(CurrentState, &State, sizeof(State));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtQueryTimer(HANDLE TimerHandle,
                            TIMER_INFORMATION_CLASS TimerInformationClass,
                            PVOID TimerInformation,
                            ULONG TimerInformationLength, PULONG ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    TIMER_BASIC_INFORMATION Basic;
    ULONG Length = sizeof(Basic);
    ULONGLONG Now;
    PETIMER Timer;
    NTSTATUS Status = STATUS_SUCCESS;

    if (TimerInformationClass != TimerBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (TimerInformationLength != sizeof(Basic))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (Mode == UserMode) {
        Status =
            ExpProbeForWrite(TimerInformation, sizeof(Basic), sizeof(ULONG));
        if (NT_SUCCESS(Status) && ReturnLength != NULL)
            Status =
                ExpProbeForWrite(ReturnLength, sizeof(ULONG), sizeof(ULONG));
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = ObReferenceObjectByHandle(TimerHandle, TIMER_QUERY_STATE,
                                       ExpTimerObjectType, Mode,
                                       (PVOID *)&Timer, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Now = KeQueryInterruptTime();
    Basic.TimerState = KeReadStateTimer(&Timer->KeTimer);
    /* What is left, as NT reports it; an expired timer has none left. */
    Basic.RemainingTime.QuadPart =
        Timer->KeTimer.DueTime.QuadPart > Now
            ? (LONGLONG)(Timer->KeTimer.DueTime.QuadPart - Now)
            : 0;
    ObDereferenceObject(Timer);
    ExpWriteBack(TimerInformation, &Basic, sizeof(Basic));
    if (ReturnLength != NULL)
        ExpWriteBack(ReturnLength, &Length, sizeof(Length));
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwCreateTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             TIMER_TYPE TimerType)
{
    return EXP_ZW_CALL(
        NtCreateTimer(TimerHandle, DesiredAccess, ObjectAttributes, TimerType));
}

NTSTATUS NTAPI ZwOpenTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes)
{
    return EXP_ZW_CALL(
        NtOpenTimer(TimerHandle, DesiredAccess, ObjectAttributes));
}

NTSTATUS NTAPI ZwSetTimer(HANDLE TimerHandle, PLARGE_INTEGER DueTime,
                          PTIMER_APC_ROUTINE TimerApcRoutine,
                          PVOID TimerContext, BOOLEAN ResumeTimer, LONG Period,
                          PBOOLEAN PreviousState)
{
    return EXP_ZW_CALL(NtSetTimer(TimerHandle, DueTime, TimerApcRoutine,
                                  TimerContext, ResumeTimer, Period,
                                  PreviousState));
}

NTSTATUS NTAPI ZwCancelTimer(HANDLE TimerHandle, PBOOLEAN CurrentState)
{
    return EXP_ZW_CALL(NtCancelTimer(TimerHandle, CurrentState));
}
