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
/* ...Checked for a block the front refused by its header alone: P is
 * then known not page-aligned (not a big block), which the checked free
 * does not test again. */
VOID NTAPI ExpFreePoolWithTagSmall(PVOID P, ULONG Tag);
VOID NTAPI ExpFreePoolSmall(PVOID P);

/* The front's hits are the rule: laid out straight, the misses jumped to. */
#define MI_POOL_FRONT_HIT(Condition) __builtin_expect(!!(Condition), 1)

/* A block in a list is known by its data; its first word links the next. */
#define MI_POOL_FRONT_LINK(P) (*(PVOID *)(P))

/* A request's class in 8-byte units as make_classes (mm/pool.c) lays the
 * classes out up to 512 bytes: every unit to 16, every second to 32,
 * every fourth to 64 (a host test holds it to MiPoolFrontSlotOfBytes).
 * For a constant size the list is then a constant too. */
#define MI_POOL_FRONT_REQUEST_UNITS(n)                                         \
    ((n) == 0 ? 2 : ((n) + 15) >> POOL_BLOCK_SHIFT) /* 0 bytes: 16 */
#define MI_POOL_FRONT_CLASS_UNITS(n)                                           \
    (MI_POOL_FRONT_REQUEST_UNITS(n) <= 16 ? MI_POOL_FRONT_REQUEST_UNITS(n)     \
     : MI_POOL_FRONT_REQUEST_UNITS(n) <= 32                                    \
         ? (MI_POOL_FRONT_REQUEST_UNITS(n) + 1) & ~1UL                         \
         : (MI_POOL_FRONT_REQUEST_UNITS(n) + 3) & ~3UL)

/* The list for a plain type's request of at most MI_POOL_FRONT_BYTES. */
FORCEINLINE MI_POOL_FRONT_LIST *MiPoolFrontListOfRequest(POOL_TYPE PoolType,
                                                         SIZE_T NumberOfBytes)
{
    if (__builtin_constant_p(NumberOfBytes))
        return MiPoolFrontListAt(
            MI_POOL_FRONT_SLOT_ORIGIN +
            ((ULONG_PTR)PoolType << MI_POOL_FRONT_ROW_SHIFT) +
            ((MI_POOL_FRONT_CLASS_UNITS(NumberOfBytes) - 1)
             << MI_POOL_FRONT_LIST_SHIFT));
    return MiPoolFrontListAt(MiPoolFrontSlotOfBytes[PoolType][NumberOfBytes]);
}

/* The pop: a block of the request's class off this processor's list when
 * the list has one and its memo counts Tag (never 0: a zero tag misses
 * and is stopped on the slow path); the IRQL is checked first. */
FORCEINLINE PVOID MiPoolFrontAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                      ULONG Tag)
{
    if (MI_POOL_FRONT_HIT((ULONG)PoolType <= PagedPool)) {
        MI_POOL_FRONT_LIST *List;

        if (!MI_POOL_FRONT_HIT(NumberOfBytes <= MI_POOL_FRONT_BYTES)) {
            if (NumberOfBytes <= POOL_SMALL_BLOCK_MAXIMUM)
                return ExpAllocatePoolSmall(PoolType, NumberOfBytes, Tag);
            return ExpAllocatePoolWithTagSlow(PoolType, NumberOfBytes, Tag);
        }
        List = MiPoolFrontListOfRequest(PoolType, NumberOfBytes);
        if (MI_POOL_FRONT_HIT(MiPoolCurrentIrql() <= List->MaximumIrql)) {
            ULONG Flags = MiPoolExcludeInterrupts();
            PVOID P = List->Head;

            if (MI_POOL_FRONT_HIT(P != NULL && List->MemoTag == Tag)) {
                List->Head = MI_POOL_FRONT_LINK(P);
                List->Room++; /* counts the allocation for the memo */
                MiPoolAllowInterrupts(Flags);
                ((PUCHAR)P)[-5] |= List->TypeByte; /* Ulong1's high byte */
                ((PPOOL_HEADER)P - 1)->PoolTag = Tag;
                return P;
            }
            MiPoolAllowInterrupts(Flags);
        }
    }
    return ExpAllocatePoolWithTagSlow(PoolType, NumberOfBytes, Tag);
}

/* Whether the front may take a block, from its address and header alone
 * (the key, kernel/pool_front.h): not a user address, not a page-aligned
 * one (a big block: its header is not before it), and a header the front
 * holds. The frees test the address and the header apart, so that a
 * block refused by its header goes to the checked free that knows it is
 * not a big block. */
FORCEINLINE BOOLEAN MiPoolFrontAddressTakes(PVOID P)
{
    return MiPoolFrontMayHold(P) && ((ULONG_PTR)P & (PAGE_SIZE - 1)) != 0;
}

FORCEINLINE BOOLEAN MiPoolFrontHeaderTakes(PVOID P)
{
    ULONG_PTR Key = (((PPOOL_HEADER)P - 1)->Ulong1 >> MI_POOL_FRONT_KEY_SHIFT) -
                    MI_POOL_FRONT_KEY_BIAS;

    return (Key & ~MI_POOL_FRONT_KEY_BITS) == 0;
}

FORCEINLINE BOOLEAN MiPoolFrontTakes(PVOID P)
{
    return MiPoolFrontAddressTakes(P) && MiPoolFrontHeaderTakes(P);
}

/* The list of a block MiPoolFrontTakes. */
FORCEINLINE MI_POOL_FRONT_LIST *MiPoolFrontListOfBlock(PVOID P)
{
    ULONG_PTR Key = (((PPOOL_HEADER)P - 1)->Ulong1 >> MI_POOL_FRONT_KEY_SHIFT) -
                    MI_POOL_FRONT_KEY_BIAS;

    return MiPoolFrontListAt(
        MiPoolFrontSlotOfKey[Key >> MI_POOL_FRONT_KEY_INDEX_SHIFT]);
}

/* The push, when the caller's IRQL is the pool's, the tag the block's
 * (Tag is the block's own for ExFreePool), the list has room and its memo
 * counts the tag. FALSE leaves everything unchanged. */
FORCEINLINE BOOLEAN MiPoolFrontPush(MI_POOL_FRONT_LIST *List, PVOID P,
                                    ULONG Tag)
{
    PPOOL_HEADER Header = (PPOOL_HEADER)P - 1;
    ULONG Flags;

    if (!MI_POOL_FRONT_HIT(MiPoolCurrentIrql() <= List->MaximumIrql &&
                           Header->PoolTag == Tag))
        return FALSE;
    Flags = MiPoolExcludeInterrupts();
    if (!MI_POOL_FRONT_HIT(List->MemoTag == Tag && List->Room != 0)) {
        MiPoolAllowInterrupts(Flags);
        return FALSE;
    }
    ((PUCHAR)P)[-5] &= 1; /* the type bits off, BlockSize's top bit kept */
    MI_POOL_FRONT_LINK(P) = List->Head;
    List->Head = P;
    List->Room--;
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
    if (!MI_POOL_FRONT_HIT(MiPoolFrontAddressTakes(P)))
        ExpFreePoolWithTagChecked(P, Tag);
    else if (!MI_POOL_FRONT_HIT(MiPoolFrontHeaderTakes(P)))
        ExpFreePoolWithTagSmall(P, Tag);
    else if (!MI_POOL_FRONT_HIT(
                 MiPoolFrontPush(MiPoolFrontListOfBlock(P), P, Tag)))
        ExpFreePoolWithTagSlow(P, Tag);
}

FORCEINLINE VOID ExpFreePoolInline(PVOID P)
{
    if (!MI_POOL_FRONT_HIT(MiPoolFrontAddressTakes(P)))
        ExpFreePoolChecked(P);
    else if (!MI_POOL_FRONT_HIT(MiPoolFrontHeaderTakes(P)))
        ExpFreePoolSmall(P);
    else if (!MI_POOL_FRONT_HIT(MiPoolFrontPush(
                 MiPoolFrontListOfBlock(P), P, ((PPOOL_HEADER)P - 1)->PoolTag)))
        ExpFreePoolSlow(P);
}

#endif
