/*
 * The RtlHeap's private layout. A heap is up to 64 segments (each one
 * reservation, committed from its start up as it fills) plus the blocks
 * too big for a segment, which get a reservation each. A segment is tiled
 * by blocks, each with an 8-byte header giving its size and its
 * neighbour's below; a busy sentinel header ends the committed part, so
 * coalescing stops there and the last block is always found from it.
 * Free blocks sit on NT's free lists: FreeLists[n] holds blocks of exactly
 * n granules (8 bytes each) for n < 128, FreeLists[0] all bigger ones.
 */
#ifndef USER_HEAPP_H
#define USER_HEAPP_H

#include "ntdll.h"

#define HEAP_SIGNATURE 0xEEFFEEFFUL
#define HEAP_GRANULARITY 8
#define HEAP_PAGE_SIZE 0x1000
#define HEAP_RESERVE_GRANULARITY 0x10000
#define HEAP_MAXIMUM_SEGMENTS 64
#define HEAP_FREE_LISTS 128
/* NT's VirtualMemoryThreshold: bigger requests get their own reservation. */
#define HEAP_VIRTUAL_THRESHOLD 0x7F000
#define HEAP_DEFAULT_RESERVE 0x100000
#define HEAP_MAXIMUM_RESERVE 0x4000000 /* below the header's 24-bit size */
/* A free tail this big at a segment's end is decommitted. */
#define HEAP_DECOMMIT_THRESHOLD 0x10000

#define HEAP_ENTRY_BUSY 0x01
#define HEAP_ENTRY_VIRTUAL 0x08
#define HEAP_ENTRY_SENTINEL 0x10

typedef struct _HEAP_ENTRY {
    ULONG Size : 24; /* granules, header included */
    ULONG Flags : 8;
    ULONG PreviousSize : 24; /* the block below; 0 for a segment's first */
    ULONG UnusedBytes : 8;   /* the block's bytes the caller did not ask for */
} HEAP_ENTRY, *PHEAP_ENTRY;

typedef struct _HEAP_FREE_ENTRY {
    HEAP_ENTRY Entry;
    LIST_ENTRY FreeList;
} HEAP_FREE_ENTRY, *PHEAP_FREE_ENTRY;

#define HEAP_MIN_BLOCK                                                         \
    ((sizeof(HEAP_FREE_ENTRY) + HEAP_GRANULARITY - 1) / HEAP_GRANULARITY)

typedef struct _HEAP_SEGMENT {
    PUCHAR Base; /* NULL: the slot is unused */
    SIZE_T ReservedSize;
    SIZE_T CommittedSize;
    PHEAP_ENTRY FirstEntry;
} HEAP_SEGMENT, *PHEAP_SEGMENT;

/* A block above the threshold: its reservation starts with this. */
typedef struct _HEAP_VIRTUAL_BLOCK {
    LIST_ENTRY Links;
    SIZE_T RequestedSize;
    SIZE_T CommittedSize;
    HEAP_ENTRY Entry; /* right before the caller's bytes, as in a segment */
} HEAP_VIRTUAL_BLOCK, *PHEAP_VIRTUAL_BLOCK;

typedef struct _HEAP {
    ULONG Signature;
    ULONG Flags;
    SIZE_T SegmentReserve;
    SIZE_T SegmentCommit;
    volatile LONG Lock;
    HEAP_SEGMENT Segments[HEAP_MAXIMUM_SEGMENTS];
    LIST_ENTRY VirtualAllocdBlocks;
    ULONG FreeListsInUse[HEAP_FREE_LISTS / 32];
    LIST_ENTRY FreeLists[HEAP_FREE_LISTS];
} HEAP, *PHEAP;

#define HEAP_ROUND_UP(Value, Alignment)                                        \
    (((Value) + (Alignment)-1) & ~(SIZE_T)((Alignment)-1))

static __inline PHEAP_ENTRY RtlpHeapNext(PHEAP_ENTRY Entry)
{
    return Entry + Entry->Size;
}

static __inline PHEAP_ENTRY RtlpHeapPrevious(PHEAP_ENTRY Entry)
{
    return Entry->PreviousSize ? Entry - Entry->PreviousSize : NULL;
}

static __inline PHEAP_ENTRY RtlpHeapSentinel(PHEAP_SEGMENT Segment)
{
    return (PHEAP_ENTRY)(Segment->Base + Segment->CommittedSize) - 1;
}

/* heap_lists.c */
VOID RtlpHeapInsertFree(PHEAP Heap, PHEAP_ENTRY Entry);
VOID RtlpHeapRemoveFree(PHEAP Heap, PHEAP_ENTRY Entry);
PHEAP_ENTRY RtlpHeapFindFree(PHEAP Heap, SIZE_T Granules);
PHEAP_ENTRY RtlpHeapCoalesce(PHEAP Heap, PHEAP_ENTRY Entry);
VOID RtlpHeapSplit(PHEAP Heap, PHEAP_ENTRY Entry, SIZE_T Granules);

/* heap_segment.c */
BOOLEAN RtlpHeapInitializeSegment(PHEAP_SEGMENT Segment, PUCHAR Base,
                                  SIZE_T Reserved, SIZE_T Committed,
                                  PUCHAR FirstEntry);
PHEAP_ENTRY RtlpHeapGrow(PHEAP Heap, SIZE_T Granules);
PHEAP_SEGMENT RtlpHeapFindSegment(PHEAP Heap, PVOID Address);
VOID RtlpHeapTrim(PHEAP Heap, PHEAP_SEGMENT Segment, PHEAP_ENTRY Entry);
VOID RtlpHeapReleaseSegment(PHEAP_SEGMENT Segment);

/* heap_virtual.c */
PVOID RtlpHeapAllocateVirtual(PHEAP Heap, SIZE_T Size);
PHEAP_VIRTUAL_BLOCK RtlpHeapFindVirtual(PHEAP Heap, PVOID Address);
VOID RtlpHeapFreeVirtual(PHEAP_VIRTUAL_BLOCK Block);

/* heap_lock.c */
VOID RtlpHeapAcquire(PHEAP Heap, ULONG Flags);
VOID RtlpHeapRelease(PHEAP Heap, ULONG Flags);

#endif
