/*
 * The clock: one interrupt every 10 ms at CLOCK_LEVEL (PIT channel 0
 * through the PIC, or the local APIC timer), which counts ticks, keeps
 * the performance counter's extension current, expires timers and
 * wakes low-importance DPCs, and keeps KUSER_SHARED_DATA's times current
 * for user mode. Time between ticks comes from the PIT's free
 * running channel 2 (kernel/hal/pit.c).
 */
#include "kernel/hal.h"
#include "kernel/irql.h"
#include "kernel/mm.h"
#include "kernel/probe.h"
#include "kernel/sections.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "ntpeb.h"

#define CLOCK_HZ 100
#define TIME_INCREMENT (10000000 / CLOCK_HZ) /* 100 ns units per tick */

volatile ULONGLONG KiTickCount;
/* The system time at interrupt time 0: the CMOS clock's at boot, or the
 * fixed epoch when it cannot be read. */
ULONGLONG KiBootSystemTime = MI_BOOT_SYSTEM_TIME;
ULONG KeTimeIncrement = TIME_INCREMENT;
ULONG KiClockVector;
static KINTERRUPT clock_interrupt;

VOID KiWriteSystemTime(volatile KSYSTEM_TIME *Time, ULONGLONG Value)
{
    /* NT's order: a reader takes High1Time, then LowPart, and retries
     * unless High2Time still equals what it read; x86 keeps stores in
     * order, the barriers keep the compiler from merging them. */
    Time->High2Time = (LONG)(Value >> 32);
    __asm__ volatile("" ::: "memory");
    Time->LowPart = (ULONG)Value;
    __asm__ volatile("" ::: "memory");
    Time->High1Time = (LONG)(Value >> 32);
}

ULONGLONG KiReadSystemTime(const volatile KSYSTEM_TIME *Time)
{
    LONG High;
    ULONG Low;

    do {
        High = Time->High1Time;
        __asm__ volatile("" ::: "memory");
        Low = Time->LowPart;
        __asm__ volatile("" ::: "memory");
    } while (High != Time->High2Time);
    return ((ULONGLONG)(ULONG)High << 32) | Low;
}

/* What user mode reads without a system call: interrupt time, system
 * time (the boot epoch plus the interrupt time) and the tick count. */
static VOID update_shared_user_data(ULONGLONG Ticks, ULONGLONG Now)
{
    PKUSER_SHARED_DATA Data = (PKUSER_SHARED_DATA)KI_USER_SHARED_DATA;

    if (!MiSharedUserDataMapped)
        return;
    KiWriteSystemTime(&Data->InterruptTime, Now);
    KiWriteSystemTime(&Data->SystemTime, KiBootSystemTime + Now);
    KiWriteSystemTime(&Data->TickCount, Ticks);
    Data->TickCountLowDeprecated = (ULONG)Ticks;
}

static BOOLEAN NTAPI clock_service(PKINTERRUPT Interrupt, PVOID Context)
{
    ULONGLONG Now;

    UNREFERENCED_PARAMETER(Interrupt);
    UNREFERENCED_PARAMETER(Context);
    Now = ++KiTickCount * TIME_INCREMENT;
    update_shared_user_data(KiTickCount, Now);
    HalpReadPerformanceCounter(); /* never let channel 2 wrap unseen */
    KiExpireTimers(Now);
    KiUpdateRunTime(); /* the running thread's quantum */
    if (KiDpcQueueNonEmpty())
        KiRequestSoftwareInterrupt(DISPATCH_LEVEL);
    return TRUE;
}

static ULONGLONG read_ticks(VOID);

/* The boot's system time from the CMOS clock, less the interrupt time
 * already gone, so system time minus interrupt time stays the boot's. */
ALLOC_TEXT(INIT) static VOID read_boot_time(VOID)
{
    TIME_FIELDS Fields;
    LARGE_INTEGER Time;

    if (!HalQueryRealTimeClock(&Fields) ||
        !RtlTimeFieldsToTime(&Fields, &Time)) {
        DbgPrint("clock: the CMOS clock cannot be read; system time starts at "
                 "2026-01-01 00:00 UTC\n");
        return;
    }
    KiBootSystemTime = (ULONGLONG)Time.QuadPart - read_ticks() * TIME_INCREMENT;
    DbgPrint("clock: %04d-%02d-%02d %02d:%02d:%02d UTC from the CMOS clock\n",
             Fields.Year, Fields.Month, Fields.Day, Fields.Hour, Fields.Minute,
             Fields.Second);
}

ALLOC_TEXT(INIT) VOID KiInitializeClock(VOID)
{
    ULONG Vector = HalpController->StartClock(CLOCK_HZ);

    KiClockVector = Vector;

    KiInitializeTimers();
    KeInitializeInterrupt(&clock_interrupt, clock_service, NULL, NULL, Vector,
                          CLOCK_LEVEL, CLOCK_LEVEL, Latched, FALSE, 0, FALSE);
    if (!KeConnectInterrupt(&clock_interrupt))
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, 2, Vector, 0, 0);
    read_boot_time();
}

static ULONGLONG read_ticks(VOID)
{
    ULONG Flags = save_and_disable_interrupts();
    ULONGLONG Ticks = KiTickCount;

    restore_interrupts(Flags);
    return Ticks;
}

/* What user mode reads in KUSER_SHARED_DATA. */
VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    PKUSER_SHARED_DATA Data = (PKUSER_SHARED_DATA)KI_USER_SHARED_DATA;

    CurrentTime->QuadPart =
        MiSharedUserDataMapped
            ? (LONGLONG)KiReadSystemTime(&Data->SystemTime)
            : (LONGLONG)(KiBootSystemTime + read_ticks() * TIME_INCREMENT);
}

VOID NTAPI KeQueryTickCount(PLARGE_INTEGER TickCount)
{
    TickCount->QuadPart = (LONGLONG)read_ticks();
}

ULONG NTAPI KeQueryTimeIncrement(VOID)
{
    return KeTimeIncrement;
}

ULONGLONG NTAPI KeQueryInterruptTime(VOID)
{
    return read_ticks() * TIME_INCREMENT;
}

ULONGLONG KiDueInterruptTime(LONGLONG DueTime)
{
    ULONGLONG Now, Due;

    if (DueTime >= 0)
        return (ULONGLONG)DueTime > KiBootSystemTime
                   ? (ULONGLONG)DueTime - KiBootSystemTime
                   : 0;
    Now = KeQueryInterruptTime();
    Due = Now + (0 - (ULONGLONG)DueTime);
    return Due >= Now ? Due : ~0ULL - 1; /* never wraps into the past */
}

LARGE_INTEGER NTAPI
KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER Value;

    if (PerformanceFrequency != NULL)
        PerformanceFrequency->QuadPart = PIT_FREQUENCY;
    Value.QuadPart = (LONGLONG)HalpReadPerformanceCounter();
    return Value;
}

/* Busy-waits at least MicroSeconds, measured on the PIT itself, so it
 * needs no calibration loop and holds at any IRQL. */
VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds)
{
    ULONGLONG Start = HalpReadPerformanceCounter();
    ULONGLONG Counts =
        ((ULONGLONG)MicroSeconds * PIT_FREQUENCY + 999999) / 1000000;

    while (HalpReadPerformanceCounter() - Start < Counts)
        cpu_pause();
}

NTSTATUS NTAPI NtQueryPerformanceCounter(PLARGE_INTEGER PerformanceCounter,
                                         PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER Counter, Frequency;
    NTSTATUS Status = STATUS_SUCCESS;

    if (ExGetPreviousMode() == UserMode) {
        Status = ExpProbeForWrite(PerformanceCounter, sizeof(LARGE_INTEGER),
                                  sizeof(ULONG));
        if (NT_SUCCESS(Status) && PerformanceFrequency != NULL)
            Status = ExpProbeForWrite(PerformanceFrequency,
                                      sizeof(LARGE_INTEGER), sizeof(ULONG));
        if (!NT_SUCCESS(Status))
            return Status;
    } else if (PerformanceCounter == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    Counter = KeQueryPerformanceCounter(&Frequency);
    ExpWriteBack(PerformanceCounter, &Counter, sizeof(Counter));
    if (PerformanceFrequency != NULL)
        ExpWriteBack(PerformanceFrequency, &Frequency, sizeof(Frequency));
    return STATUS_SUCCESS;
}
