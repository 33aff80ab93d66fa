/*
 * The heap's free lists: exact-size lists with a bitmap of the non-empty
 * ones for small blocks, one first-fit list for the rest; splitting a
 * block that is bigger than asked, and coalescing a freed block with free
 * neighbours (the headers' sizes find both).
 */
#include "heapp.h"

static ULONG list_index(SIZE_T Granules)
{
    return Granules < HEAP_FREE_LISTS ? (ULONG)Granules : 0;
}

VOID RtlpHeapInsertFree(PHEAP Heap, PHEAP_ENTRY Entry)
{
    PHEAP_FREE_ENTRY Free = (PHEAP_FREE_ENTRY)Entry;
    ULONG Index = list_index(Entry->Size);

    Entry->Flags = 0;
    Entry->UnusedBytes = 0;
    InsertTailList(&Heap->FreeLists[Index], &Free->FreeList);
    if (Index != 0)
        Heap->FreeListsInUse[Index / 32] |= 1UL << (Index % 32);
}

VOID RtlpHeapRemoveFree(PHEAP Heap, PHEAP_ENTRY Entry)
{
    PHEAP_FREE_ENTRY Free = (PHEAP_FREE_ENTRY)Entry;
    ULONG Index = list_index(Entry->Size);

    if (RemoveEntryList(&Free->FreeList) && Index != 0)
        Heap->FreeListsInUse[Index / 32] &= ~(1UL << (Index % 32));
}

/* The smallest exact list at or above Granules that has a block, else the
 * first big block that fits; the block is taken off its list. */
PHEAP_ENTRY RtlpHeapFindFree(PHEAP Heap, SIZE_T Granules)
{
    PLIST_ENTRY Link;
    ULONG Index;

    for (Index = (ULONG)Granules; Index < HEAP_FREE_LISTS;) {
        ULONG Word = Heap->FreeListsInUse[Index / 32] >> (Index % 32);

        if (Word == 0) {
            Index = (Index / 32 + 1) * 32;
            continue;
        }
        Index += (ULONG)__builtin_ctz(Word);
        Link = Heap->FreeLists[Index].Flink;
        RtlpHeapRemoveFree(
            Heap, &CONTAINING_RECORD(Link, HEAP_FREE_ENTRY, FreeList)->Entry);
        return &CONTAINING_RECORD(Link, HEAP_FREE_ENTRY, FreeList)->Entry;
    }
    for (Link = Heap->FreeLists[0].Flink; Link != &Heap->FreeLists[0];
         Link = Link->Flink) {
        PHEAP_ENTRY Entry =
            &CONTAINING_RECORD(Link, HEAP_FREE_ENTRY, FreeList)->Entry;

        if (Entry->Size >= Granules) {
            RtlpHeapRemoveFree(Heap, Entry);
            return Entry;
        }
    }
    return NULL;
}

/* Cuts Entry (busy: marked so before the call, so the rest does not merge
 * back into it) to Granules when the rest makes a block of its own, which
 * goes on a free list. */
VOID RtlpHeapSplit(PHEAP Heap, PHEAP_ENTRY Entry, SIZE_T Granules)
{
    PHEAP_ENTRY Rest;

    if (Entry->Size < Granules + HEAP_MIN_BLOCK)
        return;
    Rest = Entry + Granules;
    Rest->Size = Entry->Size - (ULONG)Granules;
    Rest->PreviousSize = (ULONG)Granules;
    Entry->Size = (ULONG)Granules;
    RtlpHeapNext(Rest)->PreviousSize = Rest->Size;
    /* The block after may be free too (a shrinking reallocation). */
    RtlpHeapInsertFree(Heap, RtlpHeapCoalesce(Heap, Rest));
}

/* Merges the free Entry (on no list) with free neighbours, which leave
 * their lists; returns the merged block, on no list. */
PHEAP_ENTRY RtlpHeapCoalesce(PHEAP Heap, PHEAP_ENTRY Entry)
{
    PHEAP_ENTRY Next = RtlpHeapNext(Entry);
    PHEAP_ENTRY Previous = RtlpHeapPrevious(Entry);

    if (!(Next->Flags & HEAP_ENTRY_BUSY)) {
        RtlpHeapRemoveFree(Heap, Next);
        Entry->Size += Next->Size;
    }
    if (Previous != NULL && !(Previous->Flags & HEAP_ENTRY_BUSY)) {
        RtlpHeapRemoveFree(Heap, Previous);
        Previous->Size += Entry->Size;
        Entry = Previous;
    }
    Entry->Flags = 0;
    RtlpHeapNext(Entry)->PreviousSize = Entry->Size;
    return Entry;
}
