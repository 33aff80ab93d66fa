/*
 * The heap's segments: committing more of a segment's reservation as it
 * fills, a new segment when none has room (growable heaps only), and
 * giving memory back: a free tail of a segment past the decommit threshold
 * is decommitted, and a segment left with one free block is released.
 */
#include "heapp.h"

/* One free block over the committed part, ended by the sentinel. */
BOOLEAN RtlpHeapInitializeSegment(PHEAP_SEGMENT Segment, PUCHAR Base,
                                  SIZE_T Reserved, SIZE_T Committed,
                                  PUCHAR FirstEntry)
{
    PHEAP_ENTRY Entry = (PHEAP_ENTRY)FirstEntry, Sentinel;

    Segment->Base = Base;
    Segment->ReservedSize = Reserved;
    Segment->CommittedSize = Committed;
    Segment->FirstEntry = Entry;
    Sentinel = RtlpHeapSentinel(Segment);
    Entry->Size = (ULONG)(Sentinel - Entry);
    Entry->PreviousSize = 0;
    Entry->Flags = 0;
    Entry->UnusedBytes = 0;
    Sentinel->Size = 1;
    Sentinel->Flags = HEAP_ENTRY_BUSY | HEAP_ENTRY_SENTINEL;
    Sentinel->PreviousSize = Entry->Size;
    Sentinel->UnusedBytes = 0;
    return Entry->Size >= HEAP_MIN_BLOCK;
}

PHEAP_SEGMENT RtlpHeapFindSegment(PHEAP Heap, PVOID Address)
{
    ULONG Index;

    for (Index = 0; Index < HEAP_MAXIMUM_SEGMENTS; Index++) {
        PHEAP_SEGMENT Segment = &Heap->Segments[Index];

        if (Segment->Base != NULL &&
            (PUCHAR)Address >= (PUCHAR)Segment->FirstEntry &&
            (PUCHAR)Address < (PUCHAR)RtlpHeapSentinel(Segment))
            return Segment;
    }
    return NULL;
}

/* Commits Bytes more at the segment's end; the sentinel moves up and the
 * room below it joins the last block when that is free. Returns that
 * free block, on no list. */
static PHEAP_ENTRY extend_segment(PHEAP Heap, PHEAP_SEGMENT Segment,
                                  SIZE_T Bytes)
{
    PVOID Base = Segment->Base + Segment->CommittedSize;
    SIZE_T Size = Bytes;
    PHEAP_ENTRY OldSentinel = RtlpHeapSentinel(Segment), Entry, Sentinel;

    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size,
                                            MEM_COMMIT, PAGE_READWRITE)))
        return NULL;
    Segment->CommittedSize += Bytes;
    Sentinel = RtlpHeapSentinel(Segment);
    *Sentinel = *OldSentinel;
    Entry = OldSentinel;
    Entry->Size = (ULONG)(Sentinel - Entry);
    Entry->Flags = 0;
    Sentinel->PreviousSize = Entry->Size;
    return RtlpHeapCoalesce(Heap, Entry);
}

static PHEAP_ENTRY new_segment(PHEAP Heap, SIZE_T Bytes)
{
    SIZE_T Reserve, Commit;
    PVOID Base = NULL;
    ULONG Index;

    for (Index = 0; Index < HEAP_MAXIMUM_SEGMENTS; Index++)
        if (Heap->Segments[Index].Base == NULL)
            break;
    if (Index == HEAP_MAXIMUM_SEGMENTS)
        return NULL;
    Commit = HEAP_ROUND_UP(Bytes + sizeof(HEAP_ENTRY), HEAP_PAGE_SIZE);
    if (Commit < Heap->SegmentCommit)
        Commit = Heap->SegmentCommit;
    Reserve = HEAP_ROUND_UP(Commit, HEAP_RESERVE_GRANULARITY);
    if (Reserve < Heap->SegmentReserve)
        Reserve = Heap->SegmentReserve;
    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0,
                                            &Reserve, MEM_RESERVE,
                                            PAGE_READWRITE)))
        return NULL;
    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0,
                                            &Commit, MEM_COMMIT,
                                            PAGE_READWRITE))) {
        SIZE_T Zero = 0;

        NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Zero, MEM_RELEASE);
        return NULL;
    }
    RtlpHeapInitializeSegment(&Heap->Segments[Index], Base, Reserve, Commit,
                              Base);
    return Heap->Segments[Index].FirstEntry;
}

/* A free block of at least Granules, on no list: the end of a segment
 * with room in its reservation, else a new segment. */
PHEAP_ENTRY RtlpHeapGrow(PHEAP Heap, SIZE_T Granules)
{
    SIZE_T Need = Granules * HEAP_GRANULARITY;
    ULONG Index;

    for (Index = 0; Index < HEAP_MAXIMUM_SEGMENTS; Index++) {
        PHEAP_SEGMENT Segment = &Heap->Segments[Index];
        PHEAP_ENTRY Last;
        SIZE_T Have = 0, Bytes;

        if (Segment->Base == NULL)
            continue;
        Last = RtlpHeapPrevious(RtlpHeapSentinel(Segment));
        if (!(Last->Flags & HEAP_ENTRY_BUSY))
            Have = Last->Size * HEAP_GRANULARITY;
        Bytes = HEAP_ROUND_UP(Need - Have, HEAP_PAGE_SIZE);
        if (Bytes < Heap->SegmentCommit)
            Bytes = Heap->SegmentCommit;
        if (Segment->ReservedSize - Segment->CommittedSize < Bytes)
            Bytes = HEAP_ROUND_UP(Need - Have, HEAP_PAGE_SIZE);
        if (Segment->ReservedSize - Segment->CommittedSize < Bytes)
            continue;
        /* The free last block (still on its list) joins the new room. */
        return extend_segment(Heap, Segment, Bytes);
    }
    if (!(Heap->Flags & HEAP_GROWABLE))
        return NULL;
    return new_segment(Heap, Need);
}

/* The slot is cleared first: the heap's first segment holds the heap. */
VOID RtlpHeapReleaseSegment(PHEAP_SEGMENT Segment)
{
    PVOID Base = Segment->Base;
    SIZE_T Zero = 0;

    Segment->Base = NULL;
    NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Zero, MEM_RELEASE);
}

/* After Entry (free, on no list) was freed in Segment: a segment other
 * than the heap's own that is one free block goes back whole; a free
 * tail past the threshold is decommitted. Returns with Entry on its free
 * list, unless the segment is gone. */
VOID RtlpHeapTrim(PHEAP Heap, PHEAP_SEGMENT Segment, PHEAP_ENTRY Entry)
{
    PHEAP_ENTRY Sentinel = RtlpHeapSentinel(Segment);
    PUCHAR Keep;
    SIZE_T Size;
    PVOID Base;

    if (RtlpHeapNext(Entry) != Sentinel) {
        RtlpHeapInsertFree(Heap, Entry);
        return;
    }
    if (Segment != &Heap->Segments[0] && Entry == Segment->FirstEntry) {
        RtlpHeapReleaseSegment(Segment);
        return;
    }
    Keep = (PUCHAR)HEAP_ROUND_UP((ULONG_PTR)Entry + sizeof(HEAP_FREE_ENTRY) +
                                     sizeof(HEAP_ENTRY),
                                 HEAP_PAGE_SIZE);
    Size = (SIZE_T)((PUCHAR)(Sentinel + 1) - Keep);
    if ((PUCHAR)(Sentinel + 1) > Keep && Size >= HEAP_DECOMMIT_THRESHOLD) {
        HEAP_ENTRY Saved = *Sentinel; /* its page is about to go */

        Base = Keep;
        if (NT_SUCCESS(NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size,
                                           MEM_DECOMMIT))) {
            Segment->CommittedSize = (SIZE_T)(Keep - Segment->Base);
            Sentinel = RtlpHeapSentinel(Segment);
            *Sentinel = Saved;
            Entry->Size = (ULONG)(Sentinel - Entry);
            Sentinel->PreviousSize = Entry->Size;
        }
    }
    RtlpHeapInsertFree(Heap, Entry);
}
