/*
 * The RtlHeap API (heapp.h has the layout): NT's entry points and their
 * answers. A pointer the heap did not hand out, or has taken back, is
 * refused (FALSE, NULL or (SIZE_T)-1) rather than trusted: its header must
 * be busy, inside one of the heap's segments or one of its big blocks,
 * and agree with its neighbour's.
 */
#include "heapp.h"

void *memset(void *Destination, int Fill, size_t Length);
void *memcpy(void *Destination, const void *Source, size_t Length);

/* The request's size in granules, header included; 0 if too big. */
static SIZE_T granules_for(SIZE_T Size)
{
    SIZE_T Granules;

    if (Size > MAXLONG)
        return 0;
    Granules = (Size + HEAP_GRANULARITY - 1) / HEAP_GRANULARITY + 1;
    return Granules < HEAP_MIN_BLOCK ? HEAP_MIN_BLOCK : Granules;
}

static BOOLEAN valid_heap(PHEAP Heap)
{
    return Heap != NULL && Heap->Signature == HEAP_SIGNATURE;
}

/* The busy segment block whose bytes start at Address, or NULL. */
static PHEAP_ENTRY busy_entry(PHEAP Heap, PVOID Address,
                              PHEAP_SEGMENT *SegmentOut)
{
    PHEAP_ENTRY Entry = (PHEAP_ENTRY)Address - 1;
    PHEAP_SEGMENT Segment;

    if (((ULONG_PTR)Address & (HEAP_GRANULARITY - 1)) != 0)
        return NULL;
    Segment = RtlpHeapFindSegment(Heap, Entry);
    if (Segment == NULL || !(Entry->Flags & HEAP_ENTRY_BUSY) ||
        (Entry->Flags & HEAP_ENTRY_SENTINEL) || Entry->Size == 0 ||
        Entry + Entry->Size > RtlpHeapSentinel(Segment) ||
        RtlpHeapNext(Entry)->PreviousSize != Entry->Size)
        return NULL;
    *SegmentOut = Segment;
    return Entry;
}

static VOID set_unused(PHEAP_ENTRY Entry, SIZE_T Size)
{
    Entry->UnusedBytes = (ULONG)((Entry->Size - 1) * HEAP_GRANULARITY - Size);
}

static SIZE_T entry_user_size(PHEAP_ENTRY Entry)
{
    return (Entry->Size - 1) * HEAP_GRANULARITY - Entry->UnusedBytes;
}

PVOID NTAPI RtlCreateHeap(ULONG Flags, PVOID HeapBase, SIZE_T ReserveSize,
                          SIZE_T CommitSize, PVOID Lock,
                          PRTL_HEAP_PARAMETERS Parameters)
{
    SIZE_T HeaderBytes = HEAP_ROUND_UP(sizeof(HEAP), HEAP_GRANULARITY);
    SIZE_T MinimumCommit = HEAP_ROUND_UP(HeaderBytes + sizeof(HEAP_FREE_ENTRY) +
                                             sizeof(HEAP_ENTRY),
                                         HEAP_PAGE_SIZE);
    PVOID Base = NULL;
    SIZE_T Zero = 0;
    PHEAP Heap;
    ULONG Index;

    UNREFERENCED_PARAMETER(Parameters);
    /* The heap lives in memory it reserves and locks with its own lock. */
    if (HeapBase != NULL || Lock != NULL)
        return NULL;
    if (ReserveSize == 0)
        ReserveSize = HEAP_DEFAULT_RESERVE;
    if (ReserveSize > HEAP_MAXIMUM_RESERVE)
        return NULL;
    ReserveSize = HEAP_ROUND_UP(ReserveSize, HEAP_RESERVE_GRANULARITY);
    CommitSize = HEAP_ROUND_UP(CommitSize, HEAP_PAGE_SIZE);
    if (CommitSize < MinimumCommit)
        CommitSize = MinimumCommit;
    if (CommitSize > ReserveSize)
        ReserveSize = HEAP_ROUND_UP(CommitSize, HEAP_RESERVE_GRANULARITY);

    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0,
                                            &ReserveSize, MEM_RESERVE,
                                            PAGE_READWRITE)))
        return NULL;
    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0,
                                            &CommitSize, MEM_COMMIT,
                                            PAGE_READWRITE))) {
        NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Zero, MEM_RELEASE);
        return NULL;
    }
    Heap = Base;
    Heap->Signature = HEAP_SIGNATURE;
    Heap->Flags =
        Flags & (HEAP_NO_SERIALIZE | HEAP_GROWABLE | HEAP_GENERATE_EXCEPTIONS);
    Heap->SegmentReserve = ReserveSize;
    Heap->SegmentCommit = HEAP_PAGE_SIZE;
    Heap->Lock = 0;
    for (Index = 0; Index < HEAP_MAXIMUM_SEGMENTS; Index++)
        Heap->Segments[Index].Base = NULL;
    InitializeListHead(&Heap->VirtualAllocdBlocks);
    for (Index = 0; Index < HEAP_FREE_LISTS; Index++)
        InitializeListHead(&Heap->FreeLists[Index]);
    for (Index = 0; Index < HEAP_FREE_LISTS / 32; Index++)
        Heap->FreeListsInUse[Index] = 0;
    RtlpHeapInitializeSegment(&Heap->Segments[0], Base, ReserveSize, CommitSize,
                              (PUCHAR)Base + HeaderBytes);
    RtlpHeapInsertFree(Heap, Heap->Segments[0].FirstEntry);
    return Heap;
}

/* NULL when the heap is gone; the heap itself when it was not one, or is
 * the process heap, which lives as long as the process. */
PVOID NTAPI RtlDestroyHeap(PVOID HeapHandle)
{
    PHEAP Heap = HeapHandle;
    ULONG Index;

    if (!valid_heap(Heap) || Heap == NtCurrentPeb()->ProcessHeap)
        return HeapHandle;
    while (!IsListEmpty(&Heap->VirtualAllocdBlocks))
        RtlpHeapFreeVirtual(CONTAINING_RECORD(Heap->VirtualAllocdBlocks.Flink,
                                              HEAP_VIRTUAL_BLOCK, Links));
    for (Index = HEAP_MAXIMUM_SEGMENTS - 1; Index > 0; Index--)
        if (Heap->Segments[Index].Base != NULL)
            RtlpHeapReleaseSegment(&Heap->Segments[Index]);
    Heap->Signature = 0;
    RtlpHeapReleaseSegment(&Heap->Segments[0]); /* the heap's own memory */
    return NULL;
}

static PVOID allocate_failed(ULONG Flags)
{
    if (Flags & HEAP_GENERATE_EXCEPTIONS)
        RtlRaiseStatus(STATUS_NO_MEMORY);
    return NULL;
}

PVOID NTAPI RtlAllocateHeap(PVOID HeapHandle, ULONG Flags, SIZE_T Size)
{
    PHEAP Heap = HeapHandle;
    SIZE_T Granules = granules_for(Size);
    PHEAP_ENTRY Entry;
    PVOID Address;

    if (!valid_heap(Heap))
        return NULL;
    Flags |= Heap->Flags & HEAP_GENERATE_EXCEPTIONS;
    if (Granules == 0)
        return allocate_failed(Flags);
    RtlpHeapAcquire(Heap, Flags);
    if (Size >= HEAP_VIRTUAL_THRESHOLD) {
        /* A heap of fixed size keeps every block in its reservation. */
        Address = (Heap->Flags & HEAP_GROWABLE)
                      ? RtlpHeapAllocateVirtual(Heap, Size)
                      : NULL;
        RtlpHeapRelease(Heap, Flags);
        if (Address == NULL)
            return allocate_failed(Flags);
        /* Fresh pages are zero already. */
        return Address;
    }
    Entry = RtlpHeapFindFree(Heap, Granules);
    if (Entry == NULL)
        Entry = RtlpHeapGrow(Heap, Granules);
    if (Entry == NULL) {
        RtlpHeapRelease(Heap, Flags);
        return allocate_failed(Flags);
    }
    Entry->Flags = HEAP_ENTRY_BUSY;
    RtlpHeapSplit(Heap, Entry, Granules);
    set_unused(Entry, Size);
    RtlpHeapRelease(Heap, Flags);
    Address = Entry + 1;
    if (Flags & HEAP_ZERO_MEMORY)
        memset(Address, 0, Size);
    return Address;
}

BOOLEAN NTAPI RtlFreeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress)
{
    PHEAP Heap = HeapHandle;
    PHEAP_VIRTUAL_BLOCK Block = NULL;
    PHEAP_SEGMENT Segment;
    PHEAP_ENTRY Entry;

    if (BaseAddress == NULL)
        return TRUE;
    if (!valid_heap(Heap))
        return FALSE;
    RtlpHeapAcquire(Heap, Flags);
    Entry = busy_entry(Heap, BaseAddress, &Segment);
    if (Entry != NULL) {
        Entry->Flags = 0;
        RtlpHeapTrim(Heap, Segment, RtlpHeapCoalesce(Heap, Entry));
    } else if ((Block = RtlpHeapFindVirtual(Heap, BaseAddress)) != NULL) {
        RtlpHeapFreeVirtual(Block);
    }
    RtlpHeapRelease(Heap, Flags);
    return Entry != NULL || Block != NULL;
}

SIZE_T NTAPI RtlSizeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress)
{
    PHEAP Heap = HeapHandle;
    PHEAP_VIRTUAL_BLOCK Block;
    PHEAP_SEGMENT Segment;
    PHEAP_ENTRY Entry;
    SIZE_T Size = (SIZE_T)-1;

    if (!valid_heap(Heap))
        return Size;
    RtlpHeapAcquire(Heap, Flags);
    Entry = busy_entry(Heap, BaseAddress, &Segment);
    if (Entry != NULL)
        Size = entry_user_size(Entry);
    else if ((Block = RtlpHeapFindVirtual(Heap, BaseAddress)) != NULL)
        Size = Block->RequestedSize;
    RtlpHeapRelease(Heap, Flags);
    return Size;
}

/* Resizes a segment block where it is: shrinking gives the rest back,
 * growing takes a free neighbour above. */
static BOOLEAN resize_in_place(PHEAP Heap, PHEAP_ENTRY Entry, SIZE_T Granules)
{
    PHEAP_ENTRY Next = RtlpHeapNext(Entry);

    if (Granules > Entry->Size) {
        if ((Next->Flags & HEAP_ENTRY_BUSY) ||
            (SIZE_T)Entry->Size + Next->Size < Granules)
            return FALSE;
        RtlpHeapRemoveFree(Heap, Next);
        Entry->Size += Next->Size;
        RtlpHeapNext(Entry)->PreviousSize = Entry->Size;
    }
    RtlpHeapSplit(Heap, Entry, Granules);
    return TRUE;
}

PVOID NTAPI RtlReAllocateHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress,
                              SIZE_T Size)
{
    PHEAP Heap = HeapHandle;
    SIZE_T Granules = granules_for(Size), OldSize;
    PHEAP_VIRTUAL_BLOCK Block = NULL;
    PHEAP_SEGMENT Segment;
    PHEAP_ENTRY Entry;
    PVOID Address;

    if (BaseAddress == NULL || !valid_heap(Heap))
        return NULL;
    Flags |= Heap->Flags & HEAP_GENERATE_EXCEPTIONS;
    if (Granules == 0)
        return allocate_failed(Flags);
    RtlpHeapAcquire(Heap, Flags);
    Entry = busy_entry(Heap, BaseAddress, &Segment);
    if (Entry == NULL)
        Block = RtlpHeapFindVirtual(Heap, BaseAddress);
    if (Entry == NULL && Block == NULL) {
        RtlpHeapRelease(Heap, Flags);
        return NULL;
    }
    OldSize = Entry ? entry_user_size(Entry) : Block->RequestedSize;
    if (Entry != NULL && Size < HEAP_VIRTUAL_THRESHOLD &&
        resize_in_place(Heap, Entry, Granules)) {
        set_unused(Entry, Size);
        RtlpHeapRelease(Heap, Flags);
        if ((Flags & HEAP_ZERO_MEMORY) && Size > OldSize)
            memset((PUCHAR)BaseAddress + OldSize, 0, Size - OldSize);
        return BaseAddress;
    }
    if (Block != NULL &&
        Size <= Block->CommittedSize - sizeof(HEAP_VIRTUAL_BLOCK)) {
        /* The big block's committed pages hold it: zero beyond the old
         * size is what a shrink left behind, so clear it on the way up. */
        if (Size > OldSize)
            memset((PUCHAR)BaseAddress + OldSize, 0, Size - OldSize);
        Block->RequestedSize = Size;
        RtlpHeapRelease(Heap, Flags);
        return BaseAddress;
    }
    RtlpHeapRelease(Heap, Flags);
    if (Flags & HEAP_REALLOC_IN_PLACE_ONLY)
        return allocate_failed(Flags);
    Address = RtlAllocateHeap(Heap, Flags & ~HEAP_ZERO_MEMORY, Size);
    if (Address == NULL)
        return NULL;
    memcpy(Address, BaseAddress, OldSize < Size ? OldSize : Size);
    if ((Flags & HEAP_ZERO_MEMORY) && Size > OldSize)
        memset((PUCHAR)Address + OldSize, 0, Size - OldSize);
    RtlFreeHeap(Heap, Flags, BaseAddress);
    return Address;
}
