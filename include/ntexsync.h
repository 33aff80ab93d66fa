/*
 * The executive's locks as the WDK declares them for x86: fast mutexes,
 * guarded mutexes and executive resources (ERESOURCE). Layouts are NT's to
 * the byte (XP / Server 2003 SP1), so a driver built against another DDK
 * sees the same offsets; the calling conventions are NT's exports' (the
 * fast-mutex and guarded-mutex routines and ExReleaseResourceLite are
 * fastcall, the rest stdcall). Included by ntddk.h; docs/executive-sync.md
 * says what each lock is for.
 */
#ifndef NTEXSYNC_H
#define NTEXSYNC_H

#include "ntdisp.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/*
 * Executive resources: many readers or one writer, both recursive. The
 * exclusive owner is OwnerThreads[0]; shared owners are OwnerThreads[1]
 * and the entries of OwnerTable, a pool block that grows (its entry 0
 * holds the table's size). ActiveCount counts the owning threads. Waiters
 * sleep on SharedWaiters and ExclusiveWaiters, made at the first
 * contention. Callers are in a critical region (or at APC_LEVEL), as NT
 * requires; the checked build stops anyone who is not.
 */
typedef ULONG_PTR ERESOURCE_THREAD, *PERESOURCE_THREAD;

typedef struct _OWNER_ENTRY {
    ERESOURCE_THREAD OwnerThread;
    union {
        LONG OwnerCount; /* acquisitions not yet released */
        ULONG TableSize; /* entry 0 of an owner table */
    };
} OWNER_ENTRY, *POWNER_ENTRY;

typedef struct _ERESOURCE {
    LIST_ENTRY SystemResourcesList; /* on ExpSystemResourcesList */
    POWNER_ENTRY OwnerTable;
    SHORT ActiveCount;
    USHORT Flag;
    PKSEMAPHORE SharedWaiters;
    PKEVENT ExclusiveWaiters;
    OWNER_ENTRY OwnerThreads[2];
    ULONG ContentionCount; /* acquires that had to wait */
    USHORT NumberOfSharedWaiters;
    USHORT NumberOfExclusiveWaiters;
    union {
        PVOID Address; /* who initialised it */
        ULONG_PTR CreatorBackTraceIndex;
    };
    KSPIN_LOCK SpinLock;
} ERESOURCE, *PERESOURCE;

/* Flag bits. */
#define ResourceNeverExclusive 0x10
#define ResourceReleaseByOtherThread 0x20
#define ResourceOwnedExclusive 0x80

#define ExGetCurrentResourceThread() ((ERESOURCE_THREAD)PsGetCurrentThread())

NTSTATUS NTAPI ExInitializeResourceLite(PERESOURCE Resource);
NTSTATUS NTAPI ExDeleteResourceLite(PERESOURCE Resource);
/* Wait FALSE: FALSE instead of waiting. A shared request waits while the
 * resource is owned exclusively, or while an exclusive request waits
 * unless the caller owns the resource already (so writers never starve);
 * the StarveExclusive variant passes waiting writers, and the
 * WaitForExclusive variant lets them go first even when the caller owns
 * the resource shared (another thread must release the caller's share
 * with ExReleaseResourceForThreadLite, or the caller deadlocks). */
BOOLEAN NTAPI ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait);
BOOLEAN NTAPI ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait);
BOOLEAN NTAPI ExAcquireSharedWaitForExclusive(PERESOURCE Resource,
                                              BOOLEAN Wait);
/* An owner that asks again is granted again; a shared owner asking for
 * exclusive access waits for itself (NT's rule: release first). */
BOOLEAN NTAPI ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait);
BOOLEAN NTAPI ExTryToAcquireResourceExclusiveLite(PERESOURCE Resource);
/* A release by a thread that does not own the resource stops the machine
 * with RESOURCE_NOT_OWNED (0xE3). */
VOID FASTCALL ExReleaseResourceLite(PERESOURCE Resource);
VOID NTAPI ExReleaseResourceForThreadLite(PERESOURCE Resource,
                                          ERESOURCE_THREAD ResourceThreadId);
/* The exclusive owner keeps the resource shared; waiting readers join it. */
VOID NTAPI ExConvertExclusiveToSharedLite(PERESOURCE Resource);
BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource);
/* The caller's acquisitions, shared or exclusive; 0 when it owns none. */
ULONG NTAPI ExIsResourceAcquiredSharedLite(PERESOURCE Resource);
ULONG NTAPI ExGetExclusiveWaiterCount(PERESOURCE Resource);
ULONG NTAPI ExGetSharedWaiterCount(PERESOURCE Resource);

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
_Static_assert(sizeof(OWNER_ENTRY) == 0x08, "OWNER_ENTRY size");
_Static_assert(offsetof(ERESOURCE, OwnerTable) == 0x08, "ERESOURCE.OwnerTable");
_Static_assert(offsetof(ERESOURCE, ActiveCount) == 0x0C,
               "ERESOURCE.ActiveCount");
_Static_assert(offsetof(ERESOURCE, Flag) == 0x0E, "ERESOURCE.Flag");
_Static_assert(offsetof(ERESOURCE, SharedWaiters) == 0x10,
               "ERESOURCE.SharedWaiters");
_Static_assert(offsetof(ERESOURCE, ExclusiveWaiters) == 0x14,
               "ERESOURCE.ExclusiveWaiters");
_Static_assert(offsetof(ERESOURCE, OwnerThreads) == 0x18,
               "ERESOURCE.OwnerThreads");
_Static_assert(offsetof(ERESOURCE, ContentionCount) == 0x28,
               "ERESOURCE.ContentionCount");
_Static_assert(offsetof(ERESOURCE, NumberOfSharedWaiters) == 0x2C,
               "ERESOURCE.NumberOfSharedWaiters");
_Static_assert(offsetof(ERESOURCE, NumberOfExclusiveWaiters) == 0x2E,
               "ERESOURCE.NumberOfExclusiveWaiters");
_Static_assert(offsetof(ERESOURCE, Address) == 0x30, "ERESOURCE.Address");
_Static_assert(offsetof(ERESOURCE, SpinLock) == 0x34, "ERESOURCE.SpinLock");
_Static_assert(sizeof(ERESOURCE) == 0x38, "ERESOURCE size");
#endif

#ifdef __cplusplus
}
#endif

#endif
