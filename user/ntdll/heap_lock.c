/*
 * The heap's lock: one word taken with an atomic exchange; a thread that
 * finds it held gives up its quantum (NtYieldExecution) rather than spin
 * against the holder on the same processor. HEAP_NO_SERIALIZE, on the
 * heap or the call, skips it.
 */
#include "heapp.h"

VOID RtlpHeapAcquire(PHEAP Heap, ULONG Flags)
{
    if ((Flags | Heap->Flags) & HEAP_NO_SERIALIZE)
        return;
    while (__atomic_exchange_n(&Heap->Lock, 1, __ATOMIC_ACQUIRE) != 0)
        NtYieldExecution();
}

VOID RtlpHeapRelease(PHEAP Heap, ULONG Flags)
{
    if ((Flags | Heap->Flags) & HEAP_NO_SERIALIZE)
        return;
    __atomic_store_n(&Heap->Lock, 0, __ATOMIC_RELEASE);
}
