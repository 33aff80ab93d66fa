/*
 * The executive (Ex) part of the driver API that drivers call most: pool
 * allocation and lookaside lists, with the WDK's names, types and values
 * for x86. Included by ntddk.h.
 */
#ifndef NTEX_H
#define NTEX_H

#include "ntdef.h"
#include "ntlist.h"
#include "ntslist.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    PagedPool = 1,
    NonPagedPoolMustSucceed = 2,
    DontUseThisType = 3,
    NonPagedPoolCacheAligned = 4,
    PagedPoolCacheAligned = 5,
    NonPagedPoolCacheAlignedMustS = 6,
    MaxPoolType = 7,
} POOL_TYPE;

#define BASE_POOL_TYPE_MASK 1
#define POOL_QUOTA_FAIL_INSTEAD_OF_RAISE 8
#define POOL_RAISE_IF_ALLOCATION_FAILURE 16

/* Blocks up to this many bytes come from the slab caches with an 8-byte
 * header; larger ones are whole pages. */
#define POOL_SMALL_BLOCK_MAXIMUM 4080

/* NULL when memory is gone (MustSucceed types stop the machine instead).
 * Paged pool below DISPATCH_LEVEL only, nonpaged at or below it. */
PVOID NTAPI ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                  ULONG Tag);
/* Charges the current process; over quota or out of memory they raise
 * STATUS_QUOTA_EXCEEDED / STATUS_INSUFFICIENT_RESOURCES, or return NULL
 * when PoolType has POOL_QUOTA_FAIL_INSTEAD_OF_RAISE. */
PVOID NTAPI ExAllocatePoolWithQuota(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
PVOID NTAPI ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                       ULONG Tag);
VOID NTAPI ExFreePool(PVOID P);
#if defined(NT_DRIVER_BUILD)
/* The WDK's pool tagging: untagged calls carry ' kdD' ("Ddk "). */
#define ExAllocatePool(Type, Bytes) ExAllocatePoolWithTag(Type, Bytes, ' kdD')
#define ExAllocatePoolWithQuota(Type, Bytes)                                   \
    ExAllocatePoolWithQuotaTag(Type, Bytes, ' kdD')
#endif
/* Stops the machine (BAD_POOL_CALLER 0x0A) when Tag is not the block's. */
VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag);
/* Usable bytes of a block; *QuotaCharged says whether it was charged. */
SIZE_T NTAPI ExQueryPoolBlockSize(PVOID PoolBlock, PBOOLEAN QuotaCharged);

/*
 * Lookaside lists: a cache of fixed-size blocks in front of the pool. The
 * Depth argument is advisory, as NT's: depth starts at 4 and a clock
 * timer moves it between 4 and 256 by the miss rate; entries above the
 * depth go back. Without an Allocate routine, misses come from an object
 * cache of the list's size and tag.
 */
typedef PVOID NTAPI ALLOCATE_FUNCTION(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                      ULONG Tag);
typedef ALLOCATE_FUNCTION *PALLOCATE_FUNCTION;
typedef VOID NTAPI FREE_FUNCTION(PVOID Buffer);
typedef FREE_FUNCTION *PFREE_FUNCTION;

typedef struct _GENERAL_LOOKASIDE {
    SLIST_HEADER ListHead;
    USHORT Depth;
    USHORT MaximumDepth;
    ULONG TotalAllocates;
    union {
        ULONG AllocateMisses;
        ULONG AllocateHits;
    };
    ULONG TotalFrees;
    union {
        ULONG FreeMisses;
        ULONG FreeHits;
    };
    POOL_TYPE Type;
    ULONG Tag;
    ULONG Size;
    PALLOCATE_FUNCTION Allocate;
    PFREE_FUNCTION Free;
    LIST_ENTRY ListEntry;
    ULONG LastTotalAllocates;
    union {
        ULONG LastAllocateMisses;
        ULONG LastAllocateHits;
    };
    PVOID Cache; /* NT's Future[0]: the object cache behind the misses */
    ULONG Future;
} GENERAL_LOOKASIDE, *PGENERAL_LOOKASIDE;

typedef struct _NPAGED_LOOKASIDE_LIST {
    GENERAL_LOOKASIDE L;
    KSPIN_LOCK Lock__ObsoleteButDoNotDelete;
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;

typedef struct _PAGED_LOOKASIDE_LIST {
    GENERAL_LOOKASIDE L;
    ULONG Lock__ObsoleteButDoNotDelete;
} PAGED_LOOKASIDE_LIST, *PPAGED_LOOKASIDE_LIST;

#define LOOKASIDE_MINIMUM_DEPTH 4
#define LOOKASIDE_MAXIMUM_DEPTH 256

VOID NTAPI ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                           PALLOCATE_FUNCTION Allocate,
                                           PFREE_FUNCTION Free, ULONG Flags,
                                           SIZE_T Size, ULONG Tag,
                                           USHORT Depth);
VOID NTAPI ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);
VOID NTAPI ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
                                          PALLOCATE_FUNCTION Allocate,
                                          PFREE_FUNCTION Free, ULONG Flags,
                                          SIZE_T Size, ULONG Tag, USHORT Depth);
VOID NTAPI ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside);

/* NT x86 exports the paged list's routines; the WDK declares them as
 * functions there, and a driver calls them. */
PVOID NTAPI(ExAllocateFromPagedLookasideList)(PPAGED_LOOKASIDE_LIST Lookaside);
VOID NTAPI(ExFreeToPagedLookasideList)(PPAGED_LOOKASIDE_LIST Lookaside,
                                       PVOID Entry);

#if defined(NT_DRIVER_BUILD)
/* The WDK's inline forms: a miss calls the list's own Allocate and Free
 * routines, which the kernel sets (NT's pool routines by default). */
FORCEINLINE PVOID
ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    PVOID Entry;

    Lookaside->L.TotalAllocates += 1;
    Entry = InterlockedPopEntrySList(&Lookaside->L.ListHead);
    if (Entry == NULL) {
        Lookaside->L.AllocateMisses += 1;
        Entry = (Lookaside->L.Allocate)(Lookaside->L.Type, Lookaside->L.Size,
                                        Lookaside->L.Tag);
    }
    return Entry;
}

FORCEINLINE VOID ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                             PVOID Entry)
{
    Lookaside->L.TotalFrees += 1;
    if (ExQueryDepthSList(&Lookaside->L.ListHead) >= Lookaside->L.Depth) {
        Lookaside->L.FreeMisses += 1;
        (Lookaside->L.Free)(Entry);
    } else {
        InterlockedPushEntrySList(&Lookaside->L.ListHead, (PSLIST_ENTRY)Entry);
    }
}
#else
/* The kernel's: the slow halves (mm/lookaside.c) also trim the list to
 * its depth and use its object cache. */
PVOID NTAPI ExpLookasideAllocateMiss(PGENERAL_LOOKASIDE Lookaside);
VOID NTAPI ExpLookasideFreeMiss(PGENERAL_LOOKASIDE Lookaside, PVOID Entry);

FORCEINLINE PVOID ExpAllocateFromLookaside(PGENERAL_LOOKASIDE Lookaside)
{
    PVOID Entry;

    Lookaside->TotalAllocates += 1;
    Entry = InterlockedPopEntrySList(&Lookaside->ListHead);
    if (Entry == NULL)
        Entry = ExpLookasideAllocateMiss(Lookaside);
    return Entry;
}

FORCEINLINE VOID ExpFreeToLookaside(PGENERAL_LOOKASIDE Lookaside, PVOID Entry)
{
    Lookaside->TotalFrees += 1;
    if (ExQueryDepthSList(&Lookaside->ListHead) >= Lookaside->Depth)
        ExpLookasideFreeMiss(Lookaside, Entry);
    else
        InterlockedPushEntrySList(&Lookaside->ListHead, (PSLIST_ENTRY)Entry);
}

#if defined(__i386__) && !defined(_MSC_VER)
/*
 * The nonpaged pair in the kernel, with the SLIST changed under
 * interrupts off instead of a lock cmpxchg8b: this kernel runs on one
 * processor, where pushfd; cli ... popfd keeps out everything else that
 * could touch the header (interrupts, and so DPCs and other threads), and
 * each change is what InterlockedPushEntrySList and
 * InterlockedPopEntrySList make (a push: depth and sequence up by one; a
 * pop: depth down), as their 486 path (kernel/ex/slist_hot_path.asm)
 * makes it. So any other user of the same header stays right: an
 * interlocked routine interrupted between its read and its cmpxchg8b
 * finds the header changed and starts again, and nothing interrupts
 * these. The pop reads the first entry's link with interrupts off, as
 * the interlocked pop does. NPAGED_LOOKASIDE_LIST and SLIST_HEADER keep
 * NT's layout; a driver's inline forms (above) still use the exports.
 */
FORCEINLINE PVOID
ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    PSLIST_ENTRY Entry, Next;

    Lookaside->L.TotalAllocates += 1;
    /* The depth is 0 exactly when the first entry is NULL (every SLIST
     * routine keeps both; a lookaside list stays far below the 65535 a
     * USHORT holds): counting it down first finds an empty list by the
     * borrow, which the empty case undoes before anyone can see it. */
    __asm__ goto("pushfl\n\t"
                 "cli\n\t"
                 "subw $1, 4(%[head])\n\t"
                 "jc 1f\n\t"
                 "movl (%[head]), %[entry]\n\t"
                 "movl (%[entry]), %[next]\n\t"
                 "movl %[next], (%[head])\n\t"
                 "popfl\n\t"
                 ".subsection 1\n"
                 "1:\taddw $1, 4(%[head])\n\t"
                 "popfl\n\t"
                 "jmp %l[empty]\n\t"
                 ".previous"
                 : [entry] "=&r"(Entry), [next] "=&r"(Next)
                 : [head] "r"(&Lookaside->L.ListHead)
                 : "memory", "cc"
                 : empty);
    return Entry;
empty:
    return ExpLookasideAllocateMiss(&Lookaside->L);
}

FORCEINLINE VOID ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                             PVOID Entry)
{
    PSLIST_ENTRY First;

    Lookaside->L.TotalFrees += 1;
    if (ExQueryDepthSList(&Lookaside->L.ListHead) >= Lookaside->L.Depth) {
        ExpLookasideFreeMiss(&Lookaside->L, Entry);
        return;
    }
    __asm__ volatile("pushfl\n\t"
                     "cli\n\t"
                     "movl (%[head]), %[first]\n\t"
                     "movl %[first], (%[entry])\n\t"
                     "movl %[entry], (%[head])\n\t"
                     "addl $0x10001, 4(%[head])\n\t"
                     "popfl"
                     : [first] "=&r"(First)
                     : [head] "r"(&Lookaside->L.ListHead), [entry] "r"(Entry)
                     : "memory", "cc");
}
#else
FORCEINLINE PVOID
ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    return ExpAllocateFromLookaside(&Lookaside->L);
}

FORCEINLINE VOID ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                             PVOID Entry)
{
    ExpFreeToLookaside(&Lookaside->L, Entry);
}
#endif

#define ExAllocateFromPagedLookasideList(Lookaside)                            \
    ExpAllocateFromLookaside(&(Lookaside)->L)
#define ExFreeToPagedLookasideList(Lookaside, Entry)                           \
    ExpFreeToLookaside(&(Lookaside)->L, Entry)
#endif

#ifdef __cplusplus
}
#endif

#endif
