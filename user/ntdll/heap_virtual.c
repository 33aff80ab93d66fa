/*
 * Heap blocks above NT's VirtualMemoryThreshold: each its own reservation,
 * committed to the size asked for, on the heap's VirtualAllocdBlocks list,
 * and released whole when freed.
 */
#include "heapp.h"

PVOID RtlpHeapAllocateVirtual(PHEAP Heap, SIZE_T Size)
{
    SIZE_T Bytes =
        HEAP_ROUND_UP(Size + sizeof(HEAP_VIRTUAL_BLOCK), HEAP_PAGE_SIZE);
    PHEAP_VIRTUAL_BLOCK Block = NULL;

    if (Bytes < Size)
        return NULL;
    if (!NT_SUCCESS(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)&Block,
                                            0, &Bytes, MEM_RESERVE | MEM_COMMIT,
                                            PAGE_READWRITE)))
        return NULL;
    Block->RequestedSize = Size;
    Block->CommittedSize = Bytes;
    Block->Entry.Size = 0;
    Block->Entry.PreviousSize = 0;
    Block->Entry.Flags = HEAP_ENTRY_BUSY | HEAP_ENTRY_VIRTUAL;
    Block->Entry.UnusedBytes = 0;
    InsertTailList(&Heap->VirtualAllocdBlocks, &Block->Links);
    return &Block->Entry + 1;
}

/* The big block Address is the start of, or NULL. */
PHEAP_VIRTUAL_BLOCK RtlpHeapFindVirtual(PHEAP Heap, PVOID Address)
{
    PLIST_ENTRY Link;

    for (Link = Heap->VirtualAllocdBlocks.Flink;
         Link != &Heap->VirtualAllocdBlocks; Link = Link->Flink) {
        PHEAP_VIRTUAL_BLOCK Block =
            CONTAINING_RECORD(Link, HEAP_VIRTUAL_BLOCK, Links);

        if ((PVOID)(&Block->Entry + 1) == Address)
            return Block;
    }
    return NULL;
}

VOID RtlpHeapFreeVirtual(PHEAP_VIRTUAL_BLOCK Block)
{
    PVOID Base = Block;
    SIZE_T Zero = 0;

    RemoveEntryList(&Block->Links);
    NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Zero, MEM_RELEASE);
}
