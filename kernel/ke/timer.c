/*
 * Timers: dispatcher objects in a list sorted by due time. The list is
 * CLOCK_LEVEL data: it is edited only at CLOCK_LEVEL, so the clock
 * interrupt, which only looks at the earliest due time, never sees it half
 * changed. Expired timers are taken off at DISPATCH_LEVEL by one expiry
 * DPC, which signals them under the dispatcher lock (releasing their
 * waiters: a notification timer all of them, a synchronization timer one)
 * and queues their DPCs; a periodic timer goes back in. A thread's wait
 * timeout is its own timer.
 */
#include "kernel/timer.h"
#include "kernel/sections.h"
#include "kernel/thread.h"

#define NO_TIMER_DUE (~0ULL)

static LIST_ENTRY timer_list = {&timer_list, &timer_list};
static volatile ULONGLONG earliest_due = NO_TIMER_DUE;
static KDPC expiry_dpc;

static VOID insert_sorted(PKTIMER Timer)
{
    PLIST_ENTRY Entry;

    for (Entry = timer_list.Flink; Entry != &timer_list; Entry = Entry->Flink) {
        PKTIMER Other = CONTAINING_RECORD(Entry, KTIMER, TimerListEntry);
        if (Other->DueTime.QuadPart > Timer->DueTime.QuadPart)
            break;
    }
    /* Before Entry: after every timer due at the same time or earlier. */
    InsertTailList(Entry, &Timer->TimerListEntry);
    Timer->Header.Inserted = TRUE;
}

static VOID remove_timer(PKTIMER Timer)
{
    RemoveEntryList(&Timer->TimerListEntry);
    Timer->Header.Inserted = FALSE;
}

static VOID update_earliest(VOID)
{
    earliest_due =
        IsListEmpty(&timer_list)
            ? NO_TIMER_DUE
            : CONTAINING_RECORD(timer_list.Flink, KTIMER, TimerListEntry)
                  ->DueTime.QuadPart;
}

static VOID NTAPI expire(PKDPC Dpc, PVOID Context, PVOID Argument1,
                         PVOID Argument2)
{
    ULONGLONG Now = KeQueryInterruptTime();
    KIRQL DispatcherIrql = KiAcquireDispatcherLock();

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    for (;;) {
        PKTIMER Timer;
        KIRQL OldIrql;

        KeRaiseIrql(CLOCK_LEVEL, &OldIrql);
        if (IsListEmpty(&timer_list) ||
            CONTAINING_RECORD(timer_list.Flink, KTIMER, TimerListEntry)
                    ->DueTime.QuadPart > Now) {
            update_earliest();
            KeLowerIrql(OldIrql);
            break;
        }
        Timer = CONTAINING_RECORD(timer_list.Flink, KTIMER, TimerListEntry);
        remove_timer(Timer);
        if (Timer->Period != 0) {
            Timer->DueTime.QuadPart += (ULONGLONG)Timer->Period * 10000;
            if (Timer->DueTime.QuadPart <= Now) /* late: no burst of catch-up */
                Timer->DueTime.QuadPart =
                    Now + (ULONGLONG)Timer->Period * 10000;
            insert_sorted(Timer);
        }
        update_earliest();
        KeLowerIrql(OldIrql);
        Timer->Header.SignalState = 1;
        KiWaitTest(Timer, 0);
        if (Timer->Dpc != NULL) /* NT passes the system time of the expiry */
            KeInsertQueueDpc(
                Timer->Dpc, (PVOID)(ULONG_PTR)(Now + KiBootSystemTime),
                (PVOID)(ULONG_PTR)((Now + KiBootSystemTime) >> 32));
    }
    KiReleaseDispatcherLock(DispatcherIrql);
}

ALLOC_TEXT(INIT) VOID KiInitializeTimers(VOID)
{
    KeInitializeDpc(&expiry_dpc, expire, NULL);
    KeSetImportanceDpc(&expiry_dpc, HighImportance);
}

VOID KiExpireTimers(ULONGLONG Now)
{
    if (Now >= earliest_due)
        KeInsertQueueDpc(&expiry_dpc, NULL, NULL);
}

VOID NTAPI KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
    Timer->Header.Type =
        (UCHAR)(Type == SynchronizationTimer ? TimerSynchronizationObject
                                             : TimerNotificationObject);
    Timer->Header.Absolute = FALSE;
    Timer->Header.Size = sizeof(KTIMER) / sizeof(ULONG);
    Timer->Header.Inserted = FALSE;
    Timer->Header.SignalState = 0;
    InitializeListHead(&Timer->Header.WaitListHead);
    Timer->DueTime.QuadPart = 0;
    Timer->Dpc = NULL;
    Timer->Period = 0;
    InitializeListHead(&Timer->TimerListEntry);
}

VOID NTAPI KeInitializeTimer(PKTIMER Timer)
{
    KeInitializeTimerEx(Timer, NotificationTimer);
}

VOID KiInsertTimer(PKTIMER Timer, ULONGLONG Due, BOOLEAN Absolute, LONG Period)
{
    KIRQL OldIrql;

    KeRaiseIrql(CLOCK_LEVEL, &OldIrql);
    if (Timer->Header.Inserted)
        remove_timer(Timer);
    Timer->Header.SignalState = 0;
    Timer->Header.Absolute = Absolute;
    Timer->Period = Period > 0 ? Period : 0;
    Timer->DueTime.QuadPart = Due;
    insert_sorted(Timer);
    update_earliest();
    KeLowerIrql(OldIrql);
}

BOOLEAN KiCancelTimer(PKTIMER Timer)
{
    BOOLEAN WasSet;
    KIRQL OldIrql;

    KeRaiseIrql(CLOCK_LEVEL, &OldIrql);
    WasSet = Timer->Header.Inserted;
    if (WasSet) {
        remove_timer(Timer);
        update_earliest();
    }
    KeLowerIrql(OldIrql);
    return WasSet;
}

BOOLEAN NTAPI KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period,
                           PKDPC Dpc)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN WasSet = Timer->Header.Inserted;

    Timer->Dpc = Dpc;
    KiInsertTimer(Timer, KiDueInterruptTime(DueTime.QuadPart),
                  DueTime.QuadPart >= 0, Period);
    KiReleaseDispatcherLock(OldIrql);
    return WasSet;
}

BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
    return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN WasSet = KiCancelTimer(Timer);

    KiReleaseDispatcherLock(OldIrql);
    return WasSet;
}

BOOLEAN NTAPI KeReadStateTimer(PKTIMER Timer)
{
    return Timer->Header.SignalState != 0;
}
