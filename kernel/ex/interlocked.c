/*
 * The interlocked routines ntoskrnl exports on x86, as real FASTCALL
 * functions behind the header's inline forms, and the 64-bit
 * compare-exchange, whose instruction a 486 lacks.
 */
#include "kernel/cpu.h"
#include "kernel/x86.h"
#include "ntddk.h"

LONG FASTCALL(InterlockedIncrement)(LONG volatile *Addend)
{
    return _InterlockedIncrement(Addend);
}

LONG FASTCALL(InterlockedDecrement)(LONG volatile *Addend)
{
    return _InterlockedDecrement(Addend);
}

LONG FASTCALL(InterlockedExchange)(LONG volatile *Target, LONG Value)
{
    return _InterlockedExchange(Target, Value);
}

LONG FASTCALL(InterlockedExchangeAdd)(LONG volatile *Addend, LONG Value)
{
    return _InterlockedExchangeAdd(Addend, Value);
}

LONG FASTCALL(InterlockedCompareExchange)(LONG volatile *Destination,
                                          LONG Exchange, LONG Comperand)
{
    return _InterlockedCompareExchange(Destination, Exchange, Comperand);
}

/* Without CX8, interrupts off make the read and the store one step: on
 * one processor nothing else runs in between. */
LONGLONG FASTCALL ExfInterlockedCompareExchange64(
    LONGLONG volatile *Destination, PLONGLONG Exchange, PLONGLONG Comperand)
{
    ULONGLONG Found = (ULONGLONG)*Comperand;
    ULONG Flags;

    if (KeFeatureBits & KF_CMPXCHG8B) {
        compare_exchange_8((volatile ULONGLONG *)Destination, &Found,
                           (ULONGLONG)*Exchange);
        return (LONGLONG)Found;
    }
    Flags = save_and_disable_interrupts();
    Found = (ULONGLONG)*Destination;
    if (Found == (ULONGLONG)*Comperand)
        *Destination = *Exchange;
    restore_interrupts(Flags);
    return (LONGLONG)Found;
}
