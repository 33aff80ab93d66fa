/*
 * The executive's locks as the WDK declares them for x86: fast mutexes
 * and guarded mutexes. Layouts are NT's to the byte (XP / Server 2003
 * SP1), so a driver built against another DDK sees the same offsets; the
 * routines are fastcall, as NT's exports. Included by ntddk.h;
 * docs/executive-sync.md says what each lock is for.
 */
#ifndef NTEXSYNC_H
#define NTEXSYNC_H

#include "ntdisp.h"

/*
 * A fast mutex: Count is 1 while free; an acquire decrements it and waits
 * on Event when the result is not 0, a release increments it and sets
 * Event when someone waits. Held at APC_LEVEL (OldIrql is what the
 * acquire raised from); no recursion.
 */
#define FM_LOCK_BIT 0x1

typedef struct _FAST_MUTEX {
    volatile LONG Count;
    PKTHREAD Owner;
    ULONG Contention; /* acquires that had to wait */
    KEVENT Event;     /* synchronization event: one waiter at a time */
    ULONG OldIrql;
} FAST_MUTEX, *PFAST_MUTEX;

FORCEINLINE VOID ExInitializeFastMutex(PFAST_MUTEX FastMutex)
{
    FastMutex->Count = FM_LOCK_BIT;
    FastMutex->Owner = NULL;
    FastMutex->Contention = 0;
    KeInitializeEvent(&FastMutex->Event, SynchronizationEvent, FALSE);
}

/* IRQL <= APC_LEVEL; raises to APC_LEVEL for as long as it is held. */
VOID FASTCALL ExAcquireFastMutex(PFAST_MUTEX FastMutex);
VOID FASTCALL ExReleaseFastMutex(PFAST_MUTEX FastMutex);
/* FALSE (IRQL unchanged) when someone holds it. */
BOOLEAN FASTCALL ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex);
/* The caller is at APC_LEVEL or in a critical or guarded region already;
 * the IRQL is left alone. */
VOID FASTCALL ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex);
VOID FASTCALL ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex);

/*
 * A guarded mutex (Server 2003 SP1's): a fast mutex held in a guarded
 * region instead of at APC_LEVEL, so that the IRQL stays where it was
 * while all APCs are held off. The APC-disable words are part of NT's
 * layout and unused here.
 */
typedef struct _KGUARDED_MUTEX {
    volatile LONG Count;
    PKTHREAD Owner;
    ULONG Contention;
    KEVENT Event;
    union {
        struct {
            SHORT KernelApcDisable;
            SHORT SpecialApcDisable;
        };
        ULONG CombinedApcDisable;
    };
} KGUARDED_MUTEX, *PKGUARDED_MUTEX;

VOID FASTCALL KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex);
/* IRQL <= APC_LEVEL; enters a guarded region for as long as it is held. */
VOID FASTCALL KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex);
VOID FASTCALL KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex);
/* FALSE (no guarded region) when someone holds it. */
BOOLEAN FASTCALL KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex);
/* The caller is in a guarded region or at APC_LEVEL already. */
VOID FASTCALL KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex);
VOID FASTCALL KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX Mutex);

#if defined(__i386__) /* NT's x86 offsets (the host's pointers are wider) */
_Static_assert(offsetof(FAST_MUTEX, Count) == 0x00, "FAST_MUTEX.Count");
_Static_assert(offsetof(FAST_MUTEX, Owner) == 0x04, "FAST_MUTEX.Owner");
_Static_assert(offsetof(FAST_MUTEX, Contention) == 0x08,
               "FAST_MUTEX.Contention");
_Static_assert(offsetof(FAST_MUTEX, Event) == 0x0C, "FAST_MUTEX.Event");
_Static_assert(offsetof(FAST_MUTEX, OldIrql) == 0x1C, "FAST_MUTEX.OldIrql");
_Static_assert(sizeof(FAST_MUTEX) == 0x20, "FAST_MUTEX size");
_Static_assert(offsetof(KGUARDED_MUTEX, Event) == 0x0C, "KGUARDED_MUTEX.Event");
_Static_assert(offsetof(KGUARDED_MUTEX, CombinedApcDisable) == 0x1C,
               "KGUARDED_MUTEX.CombinedApcDisable");
_Static_assert(sizeof(KGUARDED_MUTEX) == 0x20, "KGUARDED_MUTEX size");
#endif

#endif
