/*
 * The two steps every SLIST change is made of, so that kernel/ex/slist.c
 * is pure: a snapshot of the header (with the first entry's link, for a
 * pop) and the 64-bit compare-exchange that installs the new header. The
 * kernel's are inline here; the host tests supply their own
 * (tests/host/slist_host.c), which can meddle between the two.
 */
#ifndef KERNEL_SLIST_H
#define KERNEL_SLIST_H

#include "ntddk.h"

#if defined(__i386__)
#include "kernel/cpu.h"
#include "kernel/x86.h"

/*
 * With Second, the first entry's link is read too, interrupts off: on one
 * processor nothing can pop and free that entry between the two reads. A
 * multiprocessor NT instead lets the read fault and retries.
 */
FORCEINLINE VOID ExpSListSnapshot(PSLIST_HEADER ListHead,
                                  PSLIST_HEADER Snapshot, PSLIST_ENTRY *Second)
{
    ULONG Flags;

    if (Second == NULL) { /* a torn read only makes the exchange fail */
        Snapshot->Alignment = ListHead->Alignment;
        return;
    }
    Flags = save_and_disable_interrupts();
    Snapshot->Alignment = ListHead->Alignment;
    *Second = Snapshot->Next.Next != NULL ? Snapshot->Next.Next->Next : NULL;
    restore_interrupts(Flags);
}

/* TRUE when *ListHead still was Old and is now New: cmpxchg8b inline
 * where the processor has it, else the exported routine's fallback. */
FORCEINLINE BOOLEAN ExpSListCompareExchange(PSLIST_HEADER ListHead,
                                            PSLIST_HEADER New,
                                            PSLIST_HEADER Old)
{
    ULONGLONG Expected = Old->Alignment;

    if (KeFeatureBits & KF_CMPXCHG8B)
        return compare_exchange_8((volatile ULONGLONG *)&ListHead->Alignment,
                                  &Expected, New->Alignment);
    return (ULONGLONG)ExfInterlockedCompareExchange64(
               (LONGLONG volatile *)&ListHead->Alignment,
               (PLONGLONG)&New->Alignment,
               (PLONGLONG)&Old->Alignment) == Old->Alignment;
}
#else
VOID ExpSListSnapshot(PSLIST_HEADER ListHead, PSLIST_HEADER Snapshot,
                      PSLIST_ENTRY *Second);
BOOLEAN ExpSListCompareExchange(PSLIST_HEADER ListHead, PSLIST_HEADER New,
                                PSLIST_HEADER Old);
#endif

#endif
