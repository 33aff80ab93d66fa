/*
 * Sequenced singly linked lists (SLISTs), as the WDK declares them for
 * x86: a header of eight bytes (the first entry, the depth and a sequence
 * number) that every push, pop and flush replaces in one 64-bit
 * compare-exchange, so no lock is needed. The sequence number changes on
 * every push: a pop that read the header, was interrupted while the same
 * first entry was popped and pushed back, and then tries its exchange
 * finds a different sequence and starts again (the ABA case).
 * kernel/ex/slist.c has the routines; included by ntex.h.
 */
#ifndef NTSLIST_H
#define NTSLIST_H

#include "ntke.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef SINGLE_LIST_ENTRY SLIST_ENTRY, *PSLIST_ENTRY;

/* 8-aligned for GCC too: MSVC aligns the ULONGLONG member to 8 inside a
 * structure and GCC's i386 ABI only to 4, which made the lookaside lists
 * that hold one four bytes shorter in the kernel than in a driver. */
typedef union DECLSPEC_ALIGN(8) _SLIST_HEADER {
    ULONGLONG Alignment; /* the whole header, for the compare-exchange */
    struct {
        SLIST_ENTRY Next;
        USHORT Depth;
        USHORT Sequence;
    };
} SLIST_HEADER, *PSLIST_HEADER;

#if defined(__i386__)
_Static_assert(sizeof(SLIST_HEADER) == 8, "SLIST_HEADER is 8 bytes on x86");
_Static_assert(offsetof(SLIST_HEADER, Depth) == 4, "SLIST_HEADER.Depth");
_Static_assert(offsetof(SLIST_HEADER, Sequence) == 6, "SLIST_HEADER.Sequence");
#endif

/* Field by field: on the host (tests) the header is wider than its
 * Alignment member. */
FORCEINLINE VOID InitializeSListHead(PSLIST_HEADER SListHead)
{
    SListHead->Next.Next = NULL;
    SListHead->Depth = 0;
    SListHead->Sequence = 0;
}

#define ExInitializeSListHead InitializeSListHead
#define ExQueryDepthSList(SListHead) ((SListHead)->Depth)

/* The entry that was first before the push (NULL for an empty list). */
PSLIST_ENTRY FASTCALL InterlockedPushEntrySList(PSLIST_HEADER ListHead,
                                                PSLIST_ENTRY ListEntry);
/* The entry taken off, NULL when the list is empty. */
PSLIST_ENTRY FASTCALL InterlockedPopEntrySList(PSLIST_HEADER ListHead);
/* Empties the list at once; the entries it held, still linked. */
PSLIST_ENTRY FASTCALL ExInterlockedFlushSList(PSLIST_HEADER ListHead);

/* The lock NT 4 needed is ignored, as on every later x86 NT. The WDK
 * maps these names to the lock-free routines unless a driver asks for the
 * Windows 2000 exports (_WIN2K_COMPAT_SLIST_USAGE); ntoskrnl exports both. */
#ifdef _WIN2K_COMPAT_SLIST_USAGE
PSLIST_ENTRY FASTCALL ExInterlockedPushEntrySList(PSLIST_HEADER ListHead,
                                                  PSLIST_ENTRY ListEntry,
                                                  PKSPIN_LOCK Lock);
PSLIST_ENTRY FASTCALL ExInterlockedPopEntrySList(PSLIST_HEADER ListHead,
                                                 PKSPIN_LOCK Lock);
#else
#define ExInterlockedPushEntrySList(ListHead, ListEntry, Lock)                 \
    InterlockedPushEntrySList(ListHead, ListEntry)
#define ExInterlockedPopEntrySList(ListHead, Lock)                             \
    InterlockedPopEntrySList(ListHead)
#endif
#define InterlockedFlushSList(ListHead) ExInterlockedFlushSList(ListHead)
#define QueryDepthSList(ListHead) ExQueryDepthSList(ListHead)

#ifdef __cplusplus
}
#endif

#endif
