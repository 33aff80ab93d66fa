/*
 * The pool's per-processor front inline (docs/pool.md): the pop and push
 * of ExAllocatePoolWithTag and ExFreePoolWithTag for the kernel's own call
 * sites, as NT's kernel inlines its lookaside lists. Everything the front
 * does not take (an empty or full list, another tag's memo, big blocks,
 * quota, bad input) goes to the exports' slow halves in mm/pool.c, which
 * check it all. PE drivers call the exports (mm/pool_hot_path.asm in the
 * kernel, this code on the host).
 */
#ifndef KERNEL_POOL_INLINE_H
#define KERNEL_POOL_INLINE_H

#include "kernel/pool.h"
#include "kernel/pool_cpu.h"
#include "kernel/pool_pages.h"

/* The slow halves, stdcall with the exports' arguments so the kernel's
 * assembly fast paths reach them with a jump: ...Slow takes whatever the
 * front may still hold (a refill, a drain, a memo to fold, a bad IRQL or
 * tag to stop), ...Checked a block the front never holds. */
PVOID NTAPI ExpAllocatePoolWithTagSlow(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                       ULONG Tag);
/* A plain type's request of 505 to 4080 bytes: the slab, as before the
 * front, without going through the slow half's tests first. */
PVOID NTAPI ExpAllocatePoolSmall(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                 ULONG Tag);
VOID NTAPI ExpFreePoolWithTagSlow(PVOID P, ULONG Tag);
VOID NTAPI ExpFreePoolWithTagChecked(PVOID P, ULONG Tag);
VOID NTAPI ExpFreePoolSlow(PVOID P);
VOID NTAPI ExpFreePoolChecked(PVOID P);

#define MI_POOL_FRONT_LINK(Header)                                             \
    (*(PPOOL_HEADER *)((PPOOL_HEADER)(Header) + 1))

/* The pop: a block of the request's class off this processor's list when
 * the list has one and its memo counts Tag (never 0: a zero tag misses
 * and is stopped on the slow path); the IRQL is checked first. */
FORCEINLINE PVOID MiPoolFrontAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                      ULONG Tag)
{
    if ((ULONG)PoolType <= PagedPool) {
        MI_POOL_FRONT_LIST *List;

        if (NumberOfBytes > MI_POOL_FRONT_BYTES) {
            if (NumberOfBytes <= POOL_SMALL_BLOCK_MAXIMUM)
                return ExpAllocatePoolSmall(PoolType, NumberOfBytes, Tag);
            return ExpAllocatePoolWithTagSlow(PoolType, NumberOfBytes, Tag);
        }
        List = (MI_POOL_FRONT_LIST *)((PUCHAR)MiPoolCurrentFront() +
                                      MiPoolFrontOffsetOfBytes[NumberOfBytes] +
                                      ((ULONG_PTR)PoolType
                                       << MI_POOL_FRONT_ROW_SHIFT));
        if (MiPoolCurrentIrql() <= List->MaximumIrql) {
            ULONG Flags = MiPoolExcludeInterrupts();
            PPOOL_HEADER Header = List->Head;

            if (Header != NULL && List->MemoTag == Tag) {
                List->Head = MI_POOL_FRONT_LINK(Header);
                List->Count--;
                List->MemoAllocations++;
                MiPoolAllowInterrupts(Flags);
                ((PUCHAR)&Header->Ulong1)[3] |= List->TypeByte;
                Header->PoolTag = Tag;
                return Header + 1;
            }
            MiPoolAllowInterrupts(Flags);
        }
    }
    return ExpAllocatePoolWithTagSlow(PoolType, NumberOfBytes, Tag);
}

/* The list a block may go to, from its header alone (the key,
 * kernel/pool_front.h), or NULL: a user address, a page-aligned one (a
 * big block), or a header the front never holds. */
FORCEINLINE MI_POOL_FRONT_LIST *MiPoolFrontListOf(PVOID P)
{
    ULONG_PTR Key;

    if (!MiPoolFrontMayHold(P) || ((ULONG_PTR)P & (PAGE_SIZE - 1)) == 0)
        return NULL;
    Key = (((PPOOL_HEADER)P - 1)->Ulong1 >> MI_POOL_FRONT_KEY_SHIFT) -
          MI_POOL_FRONT_KEY_BIAS;
    if ((Key & ~MI_POOL_FRONT_KEY_BITS) != 0)
        return NULL;
    return (
        MI_POOL_FRONT_LIST
            *)((PUCHAR)MiPoolCurrentFront() +
               MiPoolFrontOffsetOfKey[Key >> MI_POOL_FRONT_KEY_INDEX_SHIFT]);
}

/* The push, when the caller's IRQL is the pool's, the tag the block's
 * (Tag is the block's own for ExFreePool), the list has room and its memo
 * counts the tag. FALSE leaves everything unchanged. */
FORCEINLINE BOOLEAN MiPoolFrontPush(MI_POOL_FRONT_LIST *List, PVOID P,
                                    ULONG Tag)
{
    PPOOL_HEADER Header = (PPOOL_HEADER)P - 1;
    ULONG Flags;

    if (MiPoolCurrentIrql() > List->MaximumIrql || Header->PoolTag != Tag)
        return FALSE;
    Flags = MiPoolExcludeInterrupts();
    if (List->MemoTag != Tag || List->Count >= List->Depth) {
        MiPoolAllowInterrupts(Flags);
        return FALSE;
    }
    Header->Ulong1 &= MI_POOL_SIZE_BITS;
    MI_POOL_FRONT_LINK(Header) = List->Head;
    List->Head = Header;
    List->Count++;
    List->MemoFrees++;
    MiPoolAllowInterrupts(Flags);
    return TRUE;
}

FORCEINLINE PVOID ExpAllocatePoolWithTagInline(POOL_TYPE PoolType,
                                               SIZE_T NumberOfBytes, ULONG Tag)
{
    return MiPoolFrontAllocate(PoolType, NumberOfBytes, Tag);
}

FORCEINLINE VOID ExpFreePoolWithTagInline(PVOID P, ULONG Tag)
{
    MI_POOL_FRONT_LIST *List = MiPoolFrontListOf(P);

    if (List == NULL)
        ExpFreePoolWithTagChecked(P, Tag);
    else if (!MiPoolFrontPush(List, P, Tag))
        ExpFreePoolWithTagSlow(P, Tag);
}

FORCEINLINE VOID ExpFreePoolInline(PVOID P)
{
    MI_POOL_FRONT_LIST *List = MiPoolFrontListOf(P);

    if (List == NULL)
        ExpFreePoolChecked(P);
    else if (!MiPoolFrontPush(List, P, ((PPOOL_HEADER)P - 1)->PoolTag))
        ExpFreePoolSlow(P);
}

#endif
