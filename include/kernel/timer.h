/* Timers inside the kernel (kernel/ke/timer.c); the API is in ntke.h. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "ntddk.h"

VOID KiInitializeTimers(VOID);
/* From the clock interrupt, at CLOCK_LEVEL: queues the expiry DPC when the
 * earliest timer is due at interrupt time Now. */
VOID KiExpireTimers(ULONGLONG Now);

#endif
