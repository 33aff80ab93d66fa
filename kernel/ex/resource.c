/*
 * Executive resources (ERESOURCE), NT's reader/writer lock, as XP keeps
 * one. Everything about a resource changes under its spin lock; waiting
 * happens outside it, on the resource's semaphore (readers) or
 * synchronization event (writers), both made at the first contention.
 *
 * A release hands the resource over before it wakes anyone: the woken
 * thread already owns it. An exclusive release lets every waiting reader
 * in at once, else one writer; the last shared release lets one writer
 * in. A reader that arrives while a writer waits waits too, unless it
 * already owns the resource (it would wait for itself), so writers never
 * starve; ExAcquireSharedStarveExclusive passes waiting writers. A waiting
 * reader's owner entry is filled in before it sleeps, as NT's is, so that
 * the releaser only has to count it.
 *
 * Owners: OwnerThreads[0] is the exclusive owner (it stays there, shared,
 * after ExConvertExclusiveToSharedLite); shared owners are
 * OwnerThreads[1] and the entries of OwnerTable, which starts at 3
 * entries (the first holds the size) and grows by 4, as NT's.
 */
#include "kernel/bugcheck.h"
#include "kernel/thread.h"

#define TABLE_TAG 'aTeR'     /* "ReTa" */
#define EVENT_TAG 'vEeR'     /* "ReEv" */
#define SEMAPHORE_TAG 'eSeR' /* "ReSe" */
#define FIRST_TABLE_SIZE 3
#define TABLE_GROWTH 4

/* Every resource initialised and not deleted, as NT's list. */
LIST_ENTRY ExpSystemResourcesList = {&ExpSystemResourcesList,
                                     &ExpSystemResourcesList};
static KSPIN_LOCK resource_list_lock;

/* How a new shared request treats a waiting exclusive one. */
typedef enum _SHARED_RULE {
    WaitForWriters,      /* unless the caller owns it already */
    StarveWriters,       /* never */
    AlwaysWaitForWriters /* owners too */
} SHARED_RULE;

FORCEINLINE KIRQL lock_resource(PERESOURCE Resource)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
    return OldIrql;
}

FORCEINLINE VOID unlock_resource(PERESOURCE Resource, KIRQL OldIrql)
{
    KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
}

/* NT's rule for every acquire: IRQL <= APC_LEVEL, normal kernel APCs off
 * (else an APC could run in the owner and ask for the same resource).
 * NT's checked kernel breaks into the debugger; this one stops with the
 * code NT gives the same rule for its fast resources. */
static VOID check_caller(PERESOURCE Resource)
{
#if DBG
    PKTHREAD Thread = KiCurrentThread();
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql > APC_LEVEL) {
        DbgPrint("EX: resource %p acquired at IRQL %u; resources are for "
                 "IRQL <= APC_LEVEL\n",
                 Resource, Irql);
        KeBugCheckEx(FAST_ERESOURCE_PRECONDITION_VIOLATION, 0x0, Irql,
                     APC_LEVEL, (ULONG_PTR)Resource);
    }
    if (Irql < APC_LEVEL && Thread->KernelApcDisable == 0 &&
        Thread->SpecialApcDisable == 0) {
        DbgPrint("EX: resource %p acquired with normal kernel APCs enabled; "
                 "call KeEnterCriticalRegion first\n",
                 Resource);
        KeBugCheckEx(FAST_ERESOURCE_PRECONDITION_VIOLATION, 0x7,
                     (ULONG_PTR)Resource, (ULONG_PTR)Thread, 0);
    }
#else
    UNREFERENCED_PARAMETER(Resource);
#endif
}

static DECLSPEC_NORETURN VOID not_owned(PERESOURCE Resource,
                                        ERESOURCE_THREAD Thread)
{
    DbgPrint("EX: resource %p released by thread %p, which does not own it\n",
             Resource, (PVOID)Thread);
    KeBugCheckEx(RESOURCE_NOT_OWNED, (ULONG_PTR)Resource, Thread,
                 (ULONG_PTR)Resource->OwnerTable, 0);
}

/* Nonpaged pool, waiting for it as NT does when it has run out: an
 * acquire that may wait cannot fail. */
static PVOID allocate_waiting(SIZE_T Bytes, ULONG Tag)
{
    LARGE_INTEGER Delay;
    PVOID Block;

    Delay.QuadPart = -100000; /* 10 ms */
    while ((Block = ExAllocatePoolWithTag(NonPagedPool, Bytes, Tag)) == NULL)
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    return Block;
}

/* The objects waiters sleep on, made outside the lock (which is dropped
 * and taken again: the caller looks at the resource afresh). */
static VOID make_shared_waiters(PERESOURCE Resource, PKIRQL OldIrql)
{
    PKSEMAPHORE Semaphore;

    unlock_resource(Resource, *OldIrql);
    Semaphore = allocate_waiting(sizeof(KSEMAPHORE), SEMAPHORE_TAG);
    KeInitializeSemaphore(Semaphore, 0, MAXLONG);
    *OldIrql = lock_resource(Resource);
    if (Resource->SharedWaiters == NULL) {
        Resource->SharedWaiters = Semaphore;
        Semaphore = NULL;
    }
    if (Semaphore != NULL) /* another thread made one meanwhile */
        ExFreePoolWithTag(Semaphore, SEMAPHORE_TAG);
}

static VOID make_exclusive_waiters(PERESOURCE Resource, PKIRQL OldIrql)
{
    PKEVENT Event;

    unlock_resource(Resource, *OldIrql);
    Event = allocate_waiting(sizeof(KEVENT), EVENT_TAG);
    KeInitializeEvent(Event, SynchronizationEvent, FALSE);
    *OldIrql = lock_resource(Resource);
    if (Resource->ExclusiveWaiters == NULL) {
        Resource->ExclusiveWaiters = Event;
        Event = NULL;
    }
    if (Event != NULL)
        ExFreePoolWithTag(Event, EVENT_TAG);
}

/* Thread's owner entry, or NULL. Lock held. */
static POWNER_ENTRY find_owner(PERESOURCE Resource, ERESOURCE_THREAD Thread)
{
    POWNER_ENTRY Entry, End;

    if (Thread == 0) /* the mark of a free entry */
        return NULL;
    if (Resource->OwnerThreads[0].OwnerThread == Thread)
        return &Resource->OwnerThreads[0];
    if (Resource->OwnerThreads[1].OwnerThread == Thread)
        return &Resource->OwnerThreads[1];
    if (Resource->OwnerTable == NULL)
        return NULL;
    End = Resource->OwnerTable + Resource->OwnerTable->TableSize;
    for (Entry = Resource->OwnerTable + 1; Entry < End; Entry++) {
        if (Entry->OwnerThread == Thread)
            return Entry;
    }
    return NULL;
}

/* A free entry for a shared owner, or NULL when the table is full. */
static POWNER_ENTRY find_free(PERESOURCE Resource)
{
    POWNER_ENTRY Entry, End;

    if (Resource->OwnerThreads[1].OwnerThread == 0)
        return &Resource->OwnerThreads[1];
    if (Resource->OwnerTable == NULL)
        return NULL;
    End = Resource->OwnerTable + Resource->OwnerTable->TableSize;
    for (Entry = Resource->OwnerTable + 1; Entry < End; Entry++) {
        if (Entry->OwnerThread == 0)
            return Entry;
    }
    return NULL;
}

/* A larger owner table, allocated outside the lock; the caller looks at
 * the resource afresh. */
static VOID grow_table(PERESOURCE Resource, PKIRQL OldIrql)
{
    POWNER_ENTRY Old = Resource->OwnerTable;
    ULONG OldSize = Old != NULL ? Old->TableSize : 0;
    ULONG NewSize = Old != NULL ? OldSize + TABLE_GROWTH : FIRST_TABLE_SIZE;
    POWNER_ENTRY New;

    unlock_resource(Resource, *OldIrql);
    New = allocate_waiting(NewSize * sizeof(OWNER_ENTRY), TABLE_TAG);
    RtlZeroMemory(New, NewSize * sizeof(OWNER_ENTRY));
    *OldIrql = lock_resource(Resource);
    if (Resource->OwnerTable != Old ||
        (Old != NULL && Old->TableSize != OldSize)) {
        ExFreePoolWithTag(New, TABLE_TAG); /* grown meanwhile */
        return;
    }
    if (Old != NULL)
        RtlCopyMemory(New, Old, OldSize * sizeof(OWNER_ENTRY));
    New->OwnerThread = 0;
    New->TableSize = NewSize;
    Resource->OwnerTable = New;
    if (Old != NULL)
        ExFreePoolWithTag(Old, TABLE_TAG);
}

FORCEINLINE VOID set_owner(POWNER_ENTRY Entry, ERESOURCE_THREAD Thread)
{
    Entry->OwnerThread = Thread;
    Entry->OwnerCount = 1;
}

static VOID wait_for(PVOID Object)
{
    KeWaitForSingleObject(Object, WrResource, KernelMode, FALSE, NULL);
}

/* A reader that waited without an entry (the WaitForExclusive rule) and
 * was let in: its entry now. */
static VOID enter_after_wait(PERESOURCE Resource, ERESOURCE_THREAD Thread)
{
    KIRQL OldIrql = lock_resource(Resource);
    POWNER_ENTRY Entry;

    for (;;) {
        Entry = find_owner(Resource, Thread);
        if (Entry != NULL) { /* it owned a share all along */
            Entry->OwnerCount++;
            Resource->ActiveCount--; /* the hand-over counted it again */
            break;
        }
        Entry = find_free(Resource);
        if (Entry != NULL) {
            set_owner(Entry, Thread);
            break;
        }
        grow_table(Resource, &OldIrql);
    }
    unlock_resource(Resource, OldIrql);
}

static BOOLEAN acquire_shared(PERESOURCE Resource, BOOLEAN Wait,
                              SHARED_RULE Rule)
{
    ERESOURCE_THREAD Thread = ExGetCurrentResourceThread();
    POWNER_ENTRY Entry;
    KIRQL OldIrql;

    check_caller(Resource);
    OldIrql = lock_resource(Resource);
    for (;;) {
        BOOLEAN WriterWaits = Resource->NumberOfExclusiveWaiters != 0;

        if (Resource->ActiveCount == 0) {
            set_owner(&Resource->OwnerThreads[1], Thread);
            Resource->ActiveCount = 1;
            break;
        }
        Entry = find_owner(Resource, Thread);
        if (Resource->Flag & ResourceOwnedExclusive) {
            if (Entry == &Resource->OwnerThreads[0]) { /* its own: again */
                Entry->OwnerCount++;
                break;
            }
        } else if (Entry != NULL) {
            if (Rule != AlwaysWaitForWriters || !WriterWaits) {
                Entry->OwnerCount++;
                break;
            }
        } else if (Rule == StarveWriters || !WriterWaits) {
            Entry = find_free(Resource);
            if (Entry == NULL) {
                grow_table(Resource, &OldIrql);
                continue;
            }
            set_owner(Entry, Thread);
            Resource->ActiveCount++;
            break;
        }
        if (!Wait) {
            unlock_resource(Resource, OldIrql);
            return FALSE;
        }
        if (Resource->SharedWaiters == NULL) {
            make_shared_waiters(Resource, &OldIrql);
            continue;
        }
        if (Rule != AlwaysWaitForWriters) {
            Entry = find_free(Resource);
            if (Entry == NULL) {
                grow_table(Resource, &OldIrql);
                continue;
            }
            set_owner(Entry, Thread);
        }
        Resource->NumberOfSharedWaiters++;
        Resource->ContentionCount++;
        unlock_resource(Resource, OldIrql);
        wait_for(Resource->SharedWaiters);
        if (Rule == AlwaysWaitForWriters)
            enter_after_wait(Resource, Thread);
        return TRUE;
    }
    unlock_resource(Resource, OldIrql);
    return TRUE;
}

static BOOLEAN acquire_exclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    ERESOURCE_THREAD Thread = ExGetCurrentResourceThread();
    KIRQL OldIrql;

    check_caller(Resource);
    OldIrql = lock_resource(Resource);
    for (;;) {
        if (Resource->ActiveCount == 0) {
            Resource->Flag |= ResourceOwnedExclusive;
            set_owner(&Resource->OwnerThreads[0], Thread);
            Resource->ActiveCount = 1;
            break;
        }
        if ((Resource->Flag & ResourceOwnedExclusive) &&
            Resource->OwnerThreads[0].OwnerThread == Thread) {
            Resource->OwnerThreads[0].OwnerCount++;
            break;
        }
        if (!Wait) {
            unlock_resource(Resource, OldIrql);
            return FALSE;
        }
        if (Resource->ExclusiveWaiters == NULL) {
            make_exclusive_waiters(Resource, &OldIrql);
            continue;
        }
        Resource->NumberOfExclusiveWaiters++;
        Resource->ContentionCount++;
        unlock_resource(Resource, OldIrql);
        wait_for(Resource->ExclusiveWaiters);
        /* The releaser made it exclusive, count 1; only the name is ours
         * to write. */
        OldIrql = lock_resource(Resource);
        Resource->OwnerThreads[0].OwnerThread = Thread;
        break;
    }
    unlock_resource(Resource, OldIrql);
    return TRUE;
}

/* The resource has no owner left: waiters become owners, then wake.
 * Lock held on entry, released on return. */
static VOID hand_over(PERESOURCE Resource, BOOLEAN WasExclusive, KIRQL OldIrql)
{
    ULONG Readers = Resource->NumberOfSharedWaiters;

    if (WasExclusive && Readers != 0) {
        Resource->ActiveCount = (SHORT)Readers;
        Resource->NumberOfSharedWaiters = 0;
        unlock_resource(Resource, OldIrql);
        KeReleaseSemaphore(Resource->SharedWaiters, SEMAPHORE_INCREMENT,
                           (LONG)Readers, FALSE);
    } else if (Resource->NumberOfExclusiveWaiters != 0) {
        Resource->Flag |= ResourceOwnedExclusive;
        Resource->OwnerThreads[0].OwnerThread = 0; /* the waiter's, soon */
        Resource->OwnerThreads[0].OwnerCount = 1;
        Resource->ActiveCount = 1;
        Resource->NumberOfExclusiveWaiters--;
        unlock_resource(Resource, OldIrql);
        KeSetEvent(Resource->ExclusiveWaiters, EVENT_INCREMENT, FALSE);
    } else {
        unlock_resource(Resource, OldIrql);
    }
}

NTSTATUS NTAPI ExInitializeResourceLite(PERESOURCE Resource)
{
    KIRQL OldIrql;

    RtlZeroMemory(Resource, sizeof(*Resource));
    KeInitializeSpinLock(&Resource->SpinLock);
    Resource->Address = __builtin_return_address(0);
    KeAcquireSpinLock(&resource_list_lock, &OldIrql);
    InsertTailList(&ExpSystemResourcesList, &Resource->SystemResourcesList);
    KeReleaseSpinLock(&resource_list_lock, OldIrql);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ExDeleteResourceLite(PERESOURCE Resource)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&resource_list_lock, &OldIrql);
    RemoveEntryList(&Resource->SystemResourcesList);
    KeReleaseSpinLock(&resource_list_lock, OldIrql);
    if (Resource->OwnerTable != NULL)
        ExFreePoolWithTag(Resource->OwnerTable, TABLE_TAG);
    if (Resource->SharedWaiters != NULL)
        ExFreePoolWithTag(Resource->SharedWaiters, SEMAPHORE_TAG);
    if (Resource->ExclusiveWaiters != NULL)
        ExFreePoolWithTag(Resource->ExclusiveWaiters, EVENT_TAG);
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait)
{
    return acquire_shared(Resource, Wait, WaitForWriters);
}

BOOLEAN NTAPI ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    return acquire_shared(Resource, Wait, StarveWriters);
}

BOOLEAN NTAPI ExAcquireSharedWaitForExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    return acquire_shared(Resource, Wait, AlwaysWaitForWriters);
}

BOOLEAN NTAPI ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait)
{
    return acquire_exclusive(Resource, Wait);
}

BOOLEAN NTAPI ExTryToAcquireResourceExclusiveLite(PERESOURCE Resource)
{
    return acquire_exclusive(Resource, FALSE);
}

VOID NTAPI ExReleaseResourceForThreadLite(PERESOURCE Resource,
                                          ERESOURCE_THREAD ResourceThreadId)
{
    KIRQL OldIrql = lock_resource(Resource);
    BOOLEAN Exclusive = (Resource->Flag & ResourceOwnedExclusive) != 0;
    POWNER_ENTRY Entry = find_owner(Resource, ResourceThreadId);

    if (Entry == NULL || (Exclusive && Entry != &Resource->OwnerThreads[0])) {
        unlock_resource(Resource, OldIrql);
        not_owned(Resource, ResourceThreadId);
    }
    if (--Entry->OwnerCount != 0) {
        unlock_resource(Resource, OldIrql);
        return;
    }
    Entry->OwnerThread = 0;
    Resource->Flag &= ~ResourceOwnedExclusive;
    if (--Resource->ActiveCount != 0) {
        unlock_resource(Resource, OldIrql);
        return;
    }
    hand_over(Resource, Exclusive, OldIrql);
}

VOID FASTCALL ExReleaseResourceLite(PERESOURCE Resource)
{
    ExReleaseResourceForThreadLite(Resource, ExGetCurrentResourceThread());
}

VOID NTAPI ExConvertExclusiveToSharedLite(PERESOURCE Resource)
{
    ERESOURCE_THREAD Thread = ExGetCurrentResourceThread();
    KIRQL OldIrql = lock_resource(Resource);
    ULONG Readers = Resource->NumberOfSharedWaiters;

    if (!(Resource->Flag & ResourceOwnedExclusive) ||
        Resource->OwnerThreads[0].OwnerThread != Thread) {
        unlock_resource(Resource, OldIrql);
        not_owned(Resource, Thread);
    }
    Resource->Flag &= ~ResourceOwnedExclusive;
    if (Readers == 0) {
        unlock_resource(Resource, OldIrql);
        return;
    }
    Resource->ActiveCount = (SHORT)(Resource->ActiveCount + Readers);
    Resource->NumberOfSharedWaiters = 0;
    unlock_resource(Resource, OldIrql);
    KeReleaseSemaphore(Resource->SharedWaiters, SEMAPHORE_INCREMENT,
                       (LONG)Readers, FALSE);
}

BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource)
{
    return (Resource->Flag & ResourceOwnedExclusive) &&
           Resource->OwnerThreads[0].OwnerThread ==
               ExGetCurrentResourceThread();
}

ULONG NTAPI ExIsResourceAcquiredSharedLite(PERESOURCE Resource)
{
    KIRQL OldIrql = lock_resource(Resource);
    POWNER_ENTRY Entry = find_owner(Resource, ExGetCurrentResourceThread());
    ULONG Count = Entry != NULL ? (ULONG)Entry->OwnerCount : 0;

    unlock_resource(Resource, OldIrql);
    return Count;
}

ULONG NTAPI ExGetExclusiveWaiterCount(PERESOURCE Resource)
{
    return Resource->NumberOfExclusiveWaiters;
}

ULONG NTAPI ExGetSharedWaiterCount(PERESOURCE Resource)
{
    return Resource->NumberOfSharedWaiters;
}
