/*
 * GetTickCount: milliseconds since boot from KUSER_SHARED_DATA, with NT's
 * formula: the 64-bit tick count (read until its two high copies agree,
 * so a carry between the reads is never seen half done) times the
 * milliseconds per tick in 24.8 fixed point. It wraps after 49.7 days.
 */
#include "kernel32p.h"

DWORD WINAPI GetTickCount(VOID)
{
    ULONG Low, High, Multiplier = SharedUserData->TickCountMultiplier;

    do {
        High = (ULONG)SharedUserData->TickCount.High1Time;
        Low = SharedUserData->TickCount.LowPart;
    } while (High != (ULONG)SharedUserData->TickCount.High2Time);
    return (DWORD)(((ULONGLONG)Low * Multiplier) >> 24) +
           (DWORD)((ULONGLONG)(High << 8) * Multiplier);
}
