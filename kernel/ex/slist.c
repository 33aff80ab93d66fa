/*
 * The SLIST routines: read the header, build the new one, install it with
 * a compare-exchange, and start again if anything changed in between.
 * A push counts the sequence up, so a header that looks the same after a
 * pop and a push of the same entry still differs. Pure: the host tests
 * build it over their own snapshot and exchange (include/kernel/slist.h).
 */
#define _WIN2K_COMPAT_SLIST_USAGE /* to define NT's two exports below */
#include "kernel/slist.h"

/* The kernel's push and pop are kernel/ex/slist_hot_path.asm, as NT's
 * x86 kernel has them; these are the same steps in C, which the host
 * tests build and meddle with between the snapshot and the exchange. */
#if !defined(__i386__)
PSLIST_ENTRY FASTCALL InterlockedPushEntrySList(PSLIST_HEADER ListHead,
                                                PSLIST_ENTRY ListEntry)
{
    SLIST_HEADER Old, New;

    do {
        ExpSListSnapshot(ListHead, &Old, NULL);
        ListEntry->Next = Old.Next.Next;
        New.Next.Next = ListEntry;
        New.Depth = (USHORT)(Old.Depth + 1);
        New.Sequence = (USHORT)(Old.Sequence + 1);
    } while (!ExpSListCompareExchange(ListHead, &New, &Old));
    return Old.Next.Next;
}

PSLIST_ENTRY FASTCALL InterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
    SLIST_HEADER Old, New;
    PSLIST_ENTRY Second;

    do {
        ExpSListSnapshot(ListHead, &Old, &Second);
        if (Old.Next.Next == NULL)
            return NULL;
        New.Next.Next = Second;
        New.Depth = (USHORT)(Old.Depth - 1);
        New.Sequence = Old.Sequence;
    } while (!ExpSListCompareExchange(ListHead, &New, &Old));
    return Old.Next.Next;
}
#endif

PSLIST_ENTRY FASTCALL ExInterlockedFlushSList(PSLIST_HEADER ListHead)
{
    SLIST_HEADER Old, New;

    do {
        ExpSListSnapshot(ListHead, &Old, NULL);
        if (Old.Next.Next == NULL)
            return NULL;
        New.Next.Next = NULL;
        New.Depth = 0;
        New.Sequence = Old.Sequence;
    } while (!ExpSListCompareExchange(ListHead, &New, &Old));
    return Old.Next.Next;
}

/* Windows 2000's exports, which drivers built for it import: the lock is
 * ignored, as on every x86 NT since. */
PSLIST_ENTRY FASTCALL ExInterlockedPushEntrySList(PSLIST_HEADER ListHead,
                                                  PSLIST_ENTRY ListEntry,
                                                  PKSPIN_LOCK Lock)
{
    UNREFERENCED_PARAMETER(Lock);
    return InterlockedPushEntrySList(ListHead, ListEntry);
}

PSLIST_ENTRY FASTCALL ExInterlockedPopEntrySList(PSLIST_HEADER ListHead,
                                                 PKSPIN_LOCK Lock)
{
    UNREFERENCED_PARAMETER(Lock);
    return InterlockedPopEntrySList(ListHead);
}
