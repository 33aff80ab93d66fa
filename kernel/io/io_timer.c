/*
 * The one-second device timer (IoInitializeTimer): one periodic kernel
 * timer for the whole I/O manager, whose DPC calls every started device's
 * routine at DISPATCH_LEVEL, as NT's IopTimerDispatch does.
 */
#include "kernel/io.h"

typedef struct _IO_TIMER {
    LIST_ENTRY Entry;
    PIO_TIMER_ROUTINE Routine;
    PVOID Context;
    PDEVICE_OBJECT DeviceObject;
    BOOLEAN Started;
} IO_TIMER, *PIO_TIMER;

static LIST_ENTRY timers = {&timers, &timers};
static KSPIN_LOCK timers_lock;
static KTIMER second;
static KDPC second_dpc;

static VOID NTAPI tick(PKDPC Dpc, PVOID Context, PVOID Argument1,
                       PVOID Argument2)
{
    PLIST_ENTRY Entry;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeAcquireSpinLockAtDpcLevel(&timers_lock);
    for (Entry = timers.Flink; Entry != &timers; Entry = Entry->Flink) {
        PIO_TIMER Timer = CONTAINING_RECORD(Entry, IO_TIMER, Entry);

        if (Timer->Started)
            Timer->Routine(Timer->DeviceObject, Timer->Context);
    }
    KeReleaseSpinLockFromDpcLevel(&timers_lock);
}

static volatile LONG ticking; /* the second's timer is set */

VOID IopInitializeTimers(VOID)
{
    KeInitializeSpinLock(&timers_lock);
    KeInitializeTimerEx(&second, NotificationTimer);
    KeInitializeDpc(&second_dpc, tick, NULL);
}

/* The second ticks from the first device timer on, so a kernel without
 * one has no DPC a second for nothing. */
static VOID start_ticking(VOID)
{
    LARGE_INTEGER Due = {.QuadPart = -10000000LL};

    if (__atomic_exchange_n(&ticking, 1, __ATOMIC_ACQ_REL) == 0)
        KeSetTimerEx(&second, Due, 1000, &second_dpc);
}

NTSTATUS NTAPI IoInitializeTimer(PDEVICE_OBJECT DeviceObject,
                                 PIO_TIMER_ROUTINE TimerRoutine, PVOID Context)
{
    PIO_TIMER Timer = DeviceObject->Timer;
    KIRQL OldIrql;

    if (Timer == NULL) {
        Timer =
            ExAllocatePoolWithTag(NonPagedPool, sizeof(*Timer), IO_DEVICE_TAG);
        if (Timer == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        RtlZeroMemory(Timer, sizeof(*Timer));
        Timer->DeviceObject = DeviceObject;
        KeAcquireSpinLock(&timers_lock, &OldIrql);
        InsertTailList(&timers, &Timer->Entry);
        KeReleaseSpinLock(&timers_lock, OldIrql);
        DeviceObject->Timer = Timer;
        start_ticking();
    }
    KeAcquireSpinLock(&timers_lock, &OldIrql);
    Timer->Routine = TimerRoutine;
    Timer->Context = Context;
    Timer->Started = FALSE;
    KeReleaseSpinLock(&timers_lock, OldIrql);
    return STATUS_SUCCESS;
}

static VOID set_started(PDEVICE_OBJECT DeviceObject, BOOLEAN Started)
{
    PIO_TIMER Timer = DeviceObject->Timer;
    KIRQL OldIrql;

    if (Timer == NULL)
        return;
    KeAcquireSpinLock(&timers_lock, &OldIrql);
    Timer->Started = Started;
    KeReleaseSpinLock(&timers_lock, OldIrql);
}

VOID NTAPI IoStartTimer(PDEVICE_OBJECT DeviceObject)
{
    set_started(DeviceObject, TRUE);
}

VOID NTAPI IoStopTimer(PDEVICE_OBJECT DeviceObject)
{
    set_started(DeviceObject, FALSE);
}

/* The device is going: its timer goes with it. */
VOID IopDeleteDeviceTimer(PDEVICE_OBJECT DeviceObject)
{
    PIO_TIMER Timer = DeviceObject->Timer;
    KIRQL OldIrql;

    if (Timer == NULL)
        return;
    KeAcquireSpinLock(&timers_lock, &OldIrql);
    RemoveEntryList(&Timer->Entry);
    KeReleaseSpinLock(&timers_lock, OldIrql);
    DeviceObject->Timer = NULL;
    ExFreePoolWithTag(Timer, IO_DEVICE_TAG);
}

BOOLEAN NTAPI IoIsWdmVersionAvailable(UCHAR MajorVersion, UCHAR MinorVersion)
{
    return MajorVersion < WDM_MAJORVERSION ||
           (MajorVersion == WDM_MAJORVERSION &&
            MinorVersion <= WDM_MINORVERSION);
}

NTSTATUS NTAPI PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return IofCallDriver(DeviceObject, Irp);
}

VOID NTAPI PoStartNextPowerIrp(PIRP Irp)
{
    UNREFERENCED_PARAMETER(Irp);
}
