/*
 * What the pool needs from below: pages, a word per page to find a
 * block's slab in O(1), the IRQL, and a way to report an address that is
 * in no pool. The kernel's provider (mm/pool_pages.c) uses the buddy
 * allocator and the PFN database (a nonpaged page's word is its frame's PFN
 * Owner, a paged one's sits in MiPagedPoolWords); the host's
 * (tests/host/pool_host.c) an arena with a word array.
 *
 * A page word: a slab pointer (8-aligned), MI_POOL_WORD_BIG_NONPAGED or
 * _BIG_PAGED on the first page of a big allocation, MI_POOL_WORD_NONE on
 * any other pool page.
 */
#ifndef KERNEL_POOL_PAGES_H
#define KERNEL_POOL_PAGES_H

#include "ntddk.h"

#define MI_POOL_WORD_NONE 0
#define MI_POOL_WORD_BIG_NONPAGED 1
#define MI_POOL_WORD_BIG_PAGED 2
#define MI_POOL_WORD_IS_SLAB(Word) ((Word) >= 8)

/* PageCount virtually contiguous pages of the base type, their words set
 * to MI_POOL_WORD_NONE; NULL when memory (or address space) is out. */
PVOID MiPoolAllocatePages(ULONG BaseType, ULONG PageCount);
VOID MiPoolFreePages(ULONG BaseType, PVOID Base, ULONG PageCount);
/* Stops the machine with BAD_POOL_CALLER naming where Address is: user
 * space (0x40), nonpaged (0x41), paged (0x50), no pool at all (0x42). */
DECLSPEC_NORETURN VOID MiPoolBadAddress(PVOID Address);

#if defined(__i386__)
#include "kernel/gdt.h"
#include "kernel/memory_layout.h"
#include "kernel/pfn.h"
#include "kernel/pte.h"

#define MI_PAGED_POOL_START 0xE0000000UL
#define MI_PAGED_POOL_END 0xF0000000UL /* one past the last byte */
extern PFN_NUMBER MiDirectMapEndPage;
/* Paged pool's words live beside it, not in the PFN records: its frames
 * come and go with paging. A nonpaged page of words per 4 MiB of paged
 * pool, made when the pool first uses that stretch; a page the pool does
 * not hold has MI_POOL_WORD_UNUSED. */
#define MI_POOL_WORD_UNUSED 3
#define MI_PAGED_POOL_WORD_PAGES                                               \
    ((MI_PAGED_POOL_END - MI_PAGED_POOL_START) >> 22)
extern ULONG_PTR *MiPagedPoolWords[MI_PAGED_POOL_WORD_PAGES];
extern ULONG MiPagedPoolWordPages; /* kept for good, as page tables are */
/* Paged pool's pages that hold a frame now (mapped or trimmed to a list):
 * its others are demand zero or in the page file. */
ULONG MiPagedPoolResidentPages(VOID);

/* The page's word when the pool owns the page, else NULL. */
FORCEINLINE ULONG_PTR *MiPoolPageWord(PVOID Address)
{
    ULONG Va = (ULONG)Address;
    PFN_NUMBER Frame;
    PMMPFN Pfn;

    if (Va - KI_KERNEL_VIRTUAL_BASE < (MiDirectMapEndPage << PAGE_SHIFT)) {
        Frame = (Va - KI_KERNEL_VIRTUAL_BASE) >> PAGE_SHIFT;
    } else if (Va - MI_PAGED_POOL_START <
               MI_PAGED_POOL_END - MI_PAGED_POOL_START) {
        ULONG_PTR *Words = MiPagedPoolWords[(Va - MI_PAGED_POOL_START) >> 22];
        ULONG_PTR *Word;

        if (Words == NULL)
            return NULL;
        Word = &Words[(Va >> PAGE_SHIFT) & (MI_PTES_PER_TABLE - 1)];
        return *Word == MI_POOL_WORD_UNUSED ? NULL : Word;
    } else {
        return NULL;
    }
    Pfn = MiGetPfnEntry(Frame);
    if (Pfn == NULL || Pfn->Usage != MiUsagePool)
        return NULL;
    return &Pfn->Owner;
}

FORCEINLINE KIRQL MiPoolCurrentIrql(VOID)
{
    return KiReadPcrIrql();
}
#define MiPoolRaiseIrql KfRaiseIrql
#define MiPoolLowerIrql KfLowerIrql
/* Paged pool's lock: a real fast mutex (kernel/ex/). */
#define MiPoolInitializeMutex ExInitializeFastMutex
#define MiPoolAcquireMutex ExAcquireFastMutex
#define MiPoolReleaseMutex ExReleaseFastMutex
#else
/* The host provider's arena (tests/host/pool_host.c). */
extern PUCHAR MiHostArena;
extern ULONG_PTR MiHostArenaPages;
extern ULONG_PTR *MiHostPageWords;
extern PUCHAR MiHostPageOwned; /* 0: not the pool's; else base type + 1 */
extern KIRQL MiHostIrql;

FORCEINLINE ULONG_PTR *MiPoolPageWord(PVOID Address)
{
    ULONG_PTR Page = (ULONG_PTR)((PUCHAR)Address - MiHostArena) >> PAGE_SHIFT;

    if (Page >= MiHostArenaPages || !MiHostPageOwned[Page])
        return NULL;
    return &MiHostPageWords[Page];
}

FORCEINLINE KIRQL MiPoolCurrentIrql(VOID)
{
    return MiHostIrql;
}

FORCEINLINE KIRQL MiPoolRaiseIrql(KIRQL NewIrql)
{
    KIRQL Old = MiHostIrql;

    MiHostIrql = NewIrql;
    return Old;
}

FORCEINLINE VOID MiPoolLowerIrql(KIRQL NewIrql)
{
    MiHostIrql = NewIrql;
}

/* The host has one thread: a fast mutex that is held is held by the
 * caller, which the kernel's checked build stops as well. */
FORCEINLINE VOID MiPoolInitializeMutex(PFAST_MUTEX Mutex)
{
    Mutex->Count = FM_LOCK_BIT;
    Mutex->Owner = NULL;
    Mutex->Contention = 0;
    Mutex->OldIrql = PASSIVE_LEVEL;
}

FORCEINLINE VOID MiPoolAcquireMutex(PFAST_MUTEX Mutex)
{
    KIRQL OldIrql = MiPoolRaiseIrql(APC_LEVEL);

    if (Mutex->Count != FM_LOCK_BIT)
        KeBugCheckEx(MUTEX_ALREADY_OWNED, (ULONG_PTR)Mutex, 0, 0, 0);
    Mutex->Count = 0;
    Mutex->OldIrql = OldIrql;
}

FORCEINLINE VOID MiPoolReleaseMutex(PFAST_MUTEX Mutex)
{
    Mutex->Count = FM_LOCK_BIT;
    MiPoolLowerIrql((KIRQL)Mutex->OldIrql);
}
#endif

/* Nonpaged pool's lock on one processor: raise to DISPATCH_LEVEL (which
 * keeps out everything that could take it), then an owned flag that
 * catches recursion, as a checked spin lock does. */
FORCEINLINE KIRQL MiPoolAcquireLock(PKSPIN_LOCK Lock, KIRQL Irql)
{
    KIRQL OldIrql = MiPoolRaiseIrql(Irql);

    if (*Lock != 0)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)Lock, 0, 0, 0);
    *Lock = 1;
    return OldIrql;
}

FORCEINLINE VOID MiPoolReleaseLock(PKSPIN_LOCK Lock, KIRQL OldIrql)
{
    *Lock = 0;
    MiPoolLowerIrql(OldIrql);
}

#endif
