/* Timers inside the kernel (kernel/ke/timer.c); the API is in ntke.h. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "ntddk.h"

VOID KiInitializeTimers(VOID);
/* From the clock interrupt, at CLOCK_LEVEL: queues the expiry DPC when the
 * earliest timer is due at interrupt time Now. */
VOID KiExpireTimers(ULONGLONG Now);

/* kernel/ke/clock.c: a KSYSTEM_TIME written in NT's order (High2Time,
 * LowPart, High1Time) and read as user mode reads it, retrying until
 * High1Time and High2Time agree, so a reader never sees half an update. */
struct _KSYSTEM_TIME;
/* The system time at interrupt time 0 (kernel/ke/clock.c). */
extern ULONGLONG KiBootSystemTime;
/* The interrupt time a due time falls at (kernel/ke/clock.c): negative is
 * relative to now, positive an absolute system time (100 ns units since
 * 1601), that is the boot's system time plus an interrupt time. A system
 * time before the boot is already past. */
ULONGLONG KiDueInterruptTime(LONGLONG DueTime);
VOID KiWriteSystemTime(volatile struct _KSYSTEM_TIME *Time, ULONGLONG Value);
ULONGLONG KiReadSystemTime(const volatile struct _KSYSTEM_TIME *Time);

#endif
