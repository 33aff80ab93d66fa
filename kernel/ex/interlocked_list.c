/*
 * Lists and counters updated under a spin lock with interrupts off, NT's
 * ExInterlocked* routines. They leave the IRQL alone, so an ISR at its
 * DIRQL may share a list with a thread at PASSIVE_LEVEL; the interrupts
 * being off is what keeps the ISR out while the thread holds the lock.
 */
#include "kernel/spin_lock.h"
#include "kernel/x86.h"
#include "ntddk.h"

FORCEINLINE ULONG lock(PKSPIN_LOCK Lock)
{
    ULONG Flags = save_and_disable_interrupts();

    KiAcquireSpinLock(Lock);
    return Flags;
}

FORCEINLINE VOID unlock(PKSPIN_LOCK Lock, ULONG Flags)
{
    KiReleaseSpinLock(Lock);
    restore_interrupts(Flags);
}

/* The entry that was first (or last), NULL when the list was empty. */
static PLIST_ENTRY insert(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                          PKSPIN_LOCK Lock, BOOLEAN AtHead)
{
    ULONG Flags = lock(Lock);
    PLIST_ENTRY Neighbour = AtHead ? ListHead->Flink : ListHead->Blink;

    if (AtHead)
        InsertHeadList(ListHead, ListEntry);
    else
        InsertTailList(ListHead, ListEntry);
    unlock(Lock, Flags);
    return Neighbour == ListHead ? NULL : Neighbour;
}

PLIST_ENTRY FASTCALL ExfInterlockedInsertHeadList(PLIST_ENTRY ListHead,
                                                  PLIST_ENTRY ListEntry,
                                                  PKSPIN_LOCK Lock)
{
    return insert(ListHead, ListEntry, Lock, TRUE);
}

PLIST_ENTRY FASTCALL ExfInterlockedInsertTailList(PLIST_ENTRY ListHead,
                                                  PLIST_ENTRY ListEntry,
                                                  PKSPIN_LOCK Lock)
{
    return insert(ListHead, ListEntry, Lock, FALSE);
}

PLIST_ENTRY FASTCALL ExfInterlockedRemoveHeadList(PLIST_ENTRY ListHead,
                                                  PKSPIN_LOCK Lock)
{
    ULONG Flags = lock(Lock);
    PLIST_ENTRY Entry = NULL;

    if (!IsListEmpty(ListHead))
        Entry = RemoveHeadList(ListHead);
    unlock(Lock, Flags);
    return Entry;
}

PSINGLE_LIST_ENTRY FASTCALL
ExfInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
    ULONG Flags = lock(Lock);
    PSINGLE_LIST_ENTRY Entry = PopEntryList(ListHead);

    unlock(Lock, Flags);
    return Entry;
}

/* The entry that was first, NULL when the list was empty. */
PSINGLE_LIST_ENTRY FASTCALL ExfInterlockedPushEntryList(
    PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
    ULONG Flags = lock(Lock);
    PSINGLE_LIST_ENTRY First = ListHead->Next;

    PushEntryList(ListHead, ListEntry);
    unlock(Lock, Flags);
    return First;
}

ULONG FASTCALL ExfInterlockedAddUlong(PULONG Addend, ULONG Increment,
                                      PKSPIN_LOCK Lock)
{
    ULONG Flags = lock(Lock);
    ULONG Old = *Addend;

    *Addend = Old + Increment;
    unlock(Lock, Flags);
    return Old;
}

LARGE_INTEGER NTAPI ExInterlockedAddLargeInteger(PLARGE_INTEGER Addend,
                                                 LARGE_INTEGER Increment,
                                                 PKSPIN_LOCK Lock)
{
    ULONG Flags = lock(Lock);
    LARGE_INTEGER Old = *Addend;

    Addend->QuadPart = Old.QuadPart + Increment.QuadPart;
    unlock(Lock, Flags);
    return Old;
}
