/*
 * The SLIST's two steps on the host (include/kernel/slist.h): one thread,
 * so plain reads and a plain compare. A test may set
 * ExpHostSListInterference to run other SLIST operations between a
 * routine's snapshot and its exchange, once, as an interrupt could.
 */
#include "tests/host/slist_host.h"

VOID (*ExpHostSListInterference)(PSLIST_HEADER ListHead);
ULONG ExpHostSListExchangesFailed;

VOID ExpSListSnapshot(PSLIST_HEADER ListHead, PSLIST_HEADER Snapshot,
                      PSLIST_ENTRY *Second)
{
    *Snapshot = *ListHead;
    if (Second != NULL)
        *Second =
            Snapshot->Next.Next != NULL ? Snapshot->Next.Next->Next : NULL;
}

BOOLEAN ExpSListCompareExchange(PSLIST_HEADER ListHead, PSLIST_HEADER New,
                                PSLIST_HEADER Old)
{
    VOID (*Interference)(PSLIST_HEADER) = ExpHostSListInterference;

    if (Interference != NULL) {
        ExpHostSListInterference = NULL;
        Interference(ListHead);
    }
    if (ListHead->Next.Next != Old->Next.Next ||
        ListHead->Depth != Old->Depth || ListHead->Sequence != Old->Sequence) {
        ExpHostSListExchangesFailed++;
        return FALSE;
    }
    ListHead->Next.Next = New->Next.Next;
    ListHead->Depth = New->Depth;
    ListHead->Sequence = New->Sequence;
    return TRUE;
}
