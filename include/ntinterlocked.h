/*
 * Interlocked operations, as the WDK declares them for x86. The
 * Interlocked* names are macros over inline routines that compile to one
 * lock-prefixed instruction (or a lock cmpxchg loop for And, Or and Xor),
 * as the WDK's compiler intrinsics do; the kernel also exports real
 * FASTCALL functions of the five names ntoskrnl exports on x86 (call them
 * as (InterlockedIncrement)(...) or through a pointer). The ExInterlocked*
 * routines update lists and counters under a spin lock with interrupts
 * off, so that an ISR may share them. Included by ntddk.h.
 */
#ifndef NTINTERLOCKED_H
#define NTINTERLOCKED_H

#include "ntke.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_MSC_VER)
/* clang in MSVC mode (drivers): the _Interlocked* names are its compiler
 * intrinsics, as under the WDK; each is one locked instruction inline. */
#else
/* Every routine is a full barrier, as NT's: sequentially consistent. */
#define NT_INTERLOCKED_ORDER __ATOMIC_SEQ_CST

/* The new value. */
FORCEINLINE LONG _InterlockedIncrement(LONG volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, NT_INTERLOCKED_ORDER);
}

FORCEINLINE LONG _InterlockedDecrement(LONG volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, NT_INTERLOCKED_ORDER);
}

/* The old values from here on. */
FORCEINLINE LONG _InterlockedExchange(LONG volatile *Target, LONG Value)
{
    return __atomic_exchange_n(Target, Value, NT_INTERLOCKED_ORDER);
}

FORCEINLINE LONG _InterlockedExchangeAdd(LONG volatile *Addend, LONG Value)
{
    return __atomic_fetch_add(Addend, Value, NT_INTERLOCKED_ORDER);
}

/* Stores Exchange only when *Destination equals Comperand. */
FORCEINLINE LONG _InterlockedCompareExchange(LONG volatile *Destination,
                                             LONG Exchange, LONG Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, FALSE,
                                NT_INTERLOCKED_ORDER, NT_INTERLOCKED_ORDER);
    return Comperand; /* the value found, equal or not */
}

FORCEINLINE LONG _InterlockedAnd(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_and(Destination, Value, NT_INTERLOCKED_ORDER);
}

FORCEINLINE LONG _InterlockedOr(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_or(Destination, Value, NT_INTERLOCKED_ORDER);
}

FORCEINLINE LONG _InterlockedXor(LONG volatile *Destination, LONG Value)
{
    return __atomic_fetch_xor(Destination, Value, NT_INTERLOCKED_ORDER);
}

FORCEINLINE PVOID _InterlockedExchangePointer(PVOID volatile *Target,
                                              PVOID Value)
{
    return __atomic_exchange_n(Target, Value, NT_INTERLOCKED_ORDER);
}

FORCEINLINE PVOID _InterlockedCompareExchangePointer(
    PVOID volatile *Destination, PVOID Exchange, PVOID Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, FALSE,
                                NT_INTERLOCKED_ORDER, NT_INTERLOCKED_ORDER);
    return Comperand;
}

#endif /* !_MSC_VER */

#if defined(__i386__) || defined(_M_IX86)
/* ntoskrnl's 64-bit compare-exchange: cmpxchg8b where the processor has
 * it (CPUID's CX8), else the same with interrupts off, which is atomic on
 * this one processor (a 486 has no cmpxchg8b). */
LONGLONG FASTCALL ExfInterlockedCompareExchange64(
    LONGLONG volatile *Destination, PLONGLONG Exchange, PLONGLONG Comperand);
#define ExInterlockedCompareExchange64(Destination, Exchange, Comperand, Lock) \
    ExfInterlockedCompareExchange64(Destination, Exchange, Comperand)
#endif

#if !defined(_MSC_VER)
/* A driver compiled for a Pentium or later gets the instruction inline;
 * for a 486 (the kernel itself) the call decides at run time. */
FORCEINLINE LONGLONG _InterlockedCompareExchange64(
    LONGLONG volatile *Destination, LONGLONG Exchange, LONGLONG Comperand)
{
#if defined(__i386__) && !defined(__GCC_HAVE_SYNC_COMPARE_AND_SWAP_8)
    return ExfInterlockedCompareExchange64(Destination, &Exchange, &Comperand);
#else
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, FALSE,
                                NT_INTERLOCKED_ORDER, NT_INTERLOCKED_ORDER);
    return Comperand;
#endif
}
#endif /* !_MSC_VER */

/* The exports (kernel/ex/interlocked.c). */
LONG FASTCALL(InterlockedIncrement)(LONG volatile *Addend);
LONG FASTCALL(InterlockedDecrement)(LONG volatile *Addend);
LONG FASTCALL(InterlockedExchange)(LONG volatile *Target, LONG Value);
LONG FASTCALL(InterlockedExchangeAdd)(LONG volatile *Addend, LONG Value);
LONG FASTCALL(InterlockedCompareExchange)(LONG volatile *Destination,
                                          LONG Exchange, LONG Comperand);

#define InterlockedIncrement(Addend) _InterlockedIncrement(Addend)
#define InterlockedDecrement(Addend) _InterlockedDecrement(Addend)
#define InterlockedExchange(Target, Value) _InterlockedExchange(Target, Value)
#define InterlockedExchangeAdd(Addend, Value)                                  \
    _InterlockedExchangeAdd(Addend, Value)
#define InterlockedCompareExchange(Destination, Exchange, Comperand)           \
    _InterlockedCompareExchange(Destination, Exchange, Comperand)
#define InterlockedAnd(Destination, Value) _InterlockedAnd(Destination, Value)
#define InterlockedOr(Destination, Value) _InterlockedOr(Destination, Value)
#define InterlockedXor(Destination, Value) _InterlockedXor(Destination, Value)
#define InterlockedExchangePointer(Target, Value)                              \
    _InterlockedExchangePointer((PVOID volatile *)(Target), (PVOID)(Value))
#define InterlockedCompareExchangePointer(Destination, Exchange, Comperand)    \
    _InterlockedCompareExchangePointer((PVOID volatile *)(Destination),        \
                                       (PVOID)(Exchange), (PVOID)(Comperand))
#define InterlockedCompareExchange64(Destination, Exchange, Comperand)         \
    _InterlockedCompareExchange64(Destination, Exchange, Comperand)

/*
 * Lists and counters under a spin lock (kernel/ex/interlocked_list.c).
 * Interrupts are off while the lock is held and the IRQL is left alone,
 * so these may be called at any IRQL and share data with an ISR; a lock
 * used here must never be taken with KeAcquireSpinLock. On x86 the WDK's
 * names are macros over FASTCALL Exf* exports, as here.
 */
PLIST_ENTRY FASTCALL ExfInterlockedInsertHeadList(PLIST_ENTRY ListHead,
                                                  PLIST_ENTRY ListEntry,
                                                  PKSPIN_LOCK Lock);
PLIST_ENTRY FASTCALL ExfInterlockedInsertTailList(PLIST_ENTRY ListHead,
                                                  PLIST_ENTRY ListEntry,
                                                  PKSPIN_LOCK Lock);
/* NULL when the list is empty. */
PLIST_ENTRY FASTCALL ExfInterlockedRemoveHeadList(PLIST_ENTRY ListHead,
                                                  PKSPIN_LOCK Lock);
PSINGLE_LIST_ENTRY FASTCALL
ExfInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock);
PSINGLE_LIST_ENTRY FASTCALL
ExfInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
                            PSINGLE_LIST_ENTRY ListEntry, PKSPIN_LOCK Lock);
/* The old value. */
ULONG FASTCALL ExfInterlockedAddUlong(PULONG Addend, ULONG Increment,
                                      PKSPIN_LOCK Lock);
LARGE_INTEGER NTAPI ExInterlockedAddLargeInteger(PLARGE_INTEGER Addend,
                                                 LARGE_INTEGER Increment,
                                                 PKSPIN_LOCK Lock);

#define ExInterlockedInsertHeadList ExfInterlockedInsertHeadList
#define ExInterlockedInsertTailList ExfInterlockedInsertTailList
#define ExInterlockedRemoveHeadList ExfInterlockedRemoveHeadList
#define ExInterlockedPopEntryList ExfInterlockedPopEntryList
#define ExInterlockedPushEntryList ExfInterlockedPushEntryList
#define ExInterlockedAddUlong ExfInterlockedAddUlong

#ifdef __cplusplus
}
#endif

#endif
