/*
 * Driver Verifier's special pool (verifier_flags 0x1; docs/verifier.md):
 * a verified driver's block of up to a page alone on a page of system PTE
 * space, the pages before and after it reserved and unmapped. Its data
 * is at the page's end (aligned to 8, NT's "verify end", the default: an
 * overrun faults at once) or, with verifier_align=start, at the page's
 * start (NT's "verify start": an underrun faults at once). The rest of
 * the page is filled with a pattern checked at free, which finds what
 * did not fault. A freed block's pages are unmapped and their PTEs kept
 * reserved for the last VI_FREED_KEPT frees, so a touch after free
 * faults.
 */
#include "kernel/verifier_special_pool.h"
#include "kernel/bugcheck.h"
#include "kernel/cmdline.h"
#include "kernel/mm.h"
#include "kernel/verifier.h"
#include "ntrtl.h"

#define VI_SPECIAL_SLOTS 256
#define VI_FREED_KEPT 16

typedef struct _VI_SPECIAL_BLOCK {
    PVOID Base;    /* the data page; the guard follows it */
    PVOID Va;      /* what the driver was given */
    SIZE_T Size;   /* what it asked for */
    BOOLEAN Freed; /* unmapped, its PTEs still reserved */
    volatile BOOLEAN InUse;
} VI_SPECIAL_BLOCK;

static VI_SPECIAL_BLOCK blocks[VI_SPECIAL_SLOTS];
static ULONG freed_ring[VI_FREED_KEPT], freed_count, freed_next;
static KSPIN_LOCK special_lock;
static BOOLEAN special_lock_ready; /* and so special pool was used */
static BOOLEAN verify_start;       /* verifier_align=start */

/* The byte the unused bytes hold: the low byte of the data's address, so
 * a stale page of another block does not pass. */
static UCHAR pattern_of(PVOID Va)
{
    return (UCHAR)((ULONG_PTR)Va >> 3) | 0x01;
}

static VOID lock(PKIRQL OldIrql)
{
    if (!special_lock_ready) {
        PCSTR Align = KiGetOption(KiGetCommandLine(), "verifier_align");

        verify_start = Align != NULL && strcmp(Align, "start") == 0;
        KeInitializeSpinLock(&special_lock);
        special_lock_ready = TRUE;
    }
    KeAcquireSpinLock(&special_lock, OldIrql);
}

BOOLEAN ViSpecialPoolVerifiesStart(VOID)
{
    KIRQL OldIrql;

    lock(&OldIrql);
    KeReleaseSpinLock(&special_lock, OldIrql);
    return verify_start;
}

PVOID ViAllocateSpecialPool(SIZE_T NumberOfBytes)
{
    SIZE_T Rounded = (NumberOfBytes + 7) & ~(SIZE_T)7;
    VI_SPECIAL_BLOCK *Block = NULL;
    PUCHAR Base;
    PFN_NUMBER Frame;
    KIRQL OldIrql;
    ULONG Index;

    if (NumberOfBytes == 0 || Rounded > PAGE_SIZE)
        return NULL;
    /* Two pages after the range's own unmapped guard: the data page, and
     * the guard after it, reserved and never mapped. */
    Base = MiReserveSystemPtes(2);
    if (Base == NULL)
        return NULL;
    Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    if (Frame == MI_NO_PAGE) {
        MiReleaseSystemPtes(Base, 2);
        return NULL;
    }
    MiGetPfnEntry(Frame)->Usage = MiUsageSystemPages;
    if (!NT_SUCCESS(MiMapPage(Base, Frame, PAGE_READWRITE))) {
        MiFreePages(Frame, 0);
        MiReleaseSystemPtes(Base, 2);
        return NULL;
    }
    lock(&OldIrql);
    for (Index = 0; Index < VI_SPECIAL_SLOTS; Index++) {
        if (!blocks[Index].InUse) {
            Block = &blocks[Index];
            break;
        }
    }
    if (Block != NULL) {
        Block->Base = Base;
        Block->Va = verify_start ? Base : Base + PAGE_SIZE - Rounded;
        Block->Size = NumberOfBytes;
        Block->Freed = FALSE;
        Block->InUse = TRUE;
    }
    KeReleaseSpinLock(&special_lock, OldIrql);
    if (Block == NULL) {
        /* Every slot taken: the caller falls back to the pool. */
        MiFreeSystemPages(Base);
        return NULL;
    }
    /* The whole page (the data too, as fresh pool holds no zeros). */
    RtlFillMemory(Base, PAGE_SIZE, pattern_of(Block->Va));
    return Block->Va;
}

static VI_SPECIAL_BLOCK *block_of_page(ULONG_PTR Page)
{
    ULONG Index;

    for (Index = 0; Index < VI_SPECIAL_SLOTS; Index++)
        if (blocks[Index].InUse && (ULONG_PTR)blocks[Index].Base == Page)
            return &blocks[Index];
    return NULL;
}

BOOLEAN ViIsSpecialPool(PVOID Va)
{
    ULONG_PTR Page = (ULONG_PTR)Va & ~(ULONG_PTR)(PAGE_SIZE - 1);
    VI_SPECIAL_BLOCK *Block;

    /* Every verified free asks: a block of the pool is over at once. */
    if (!special_lock_ready ||
        Page - MI_SYSTEM_PTE_BASE >= MI_SYSTEM_PTE_END - MI_SYSTEM_PTE_BASE)
        return FALSE;
    Block = block_of_page(Page);
    return Block != NULL && !Block->Freed;
}

/* The pattern checked: 0x23 for a byte before the data (an underrun),
 * 0x24 for one after it (an overrun: within the rounding to 8, or, with
 * the data at the page's start, anywhere up to the page's end). */
/* The first byte in [Start, End) that is not Pattern, or NULL; a word at
 * a time where it can (a page of pattern is most of a free's cost). */
static PUCHAR first_damaged(PUCHAR Start, PUCHAR End, UCHAR Pattern)
{
    ULONG Word = Pattern * 0x01010101UL;

    for (; Start < End && ((ULONG_PTR)Start & 3) != 0; Start++)
        if (*Start != Pattern)
            return Start;
    while (End - Start >= 4 && *(PULONG)Start == Word)
        Start += 4;
    for (; Start < End; Start++)
        if (*Start != Pattern)
            return Start;
    return NULL;
}

static VOID check_pattern(VI_SPECIAL_BLOCK *Block)
{
    PUCHAR End = (PUCHAR)Block->Base + PAGE_SIZE, Byte;
    UCHAR Pattern = pattern_of(Block->Va);

    Byte = first_damaged(Block->Base, Block->Va, Pattern);
    if (Byte != NULL)
        KeBugCheckEx(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION,
                     (ULONG_PTR)Block->Va, (ULONG_PTR)Byte, 0, 0x23);
    Byte = first_damaged((PUCHAR)Block->Va + Block->Size, End, Pattern);
    if (Byte != NULL)
        KeBugCheckEx(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION,
                     (ULONG_PTR)Block->Va, (ULONG_PTR)Byte, 0, 0x24);
}

VOID ViFreeSpecialPool(PVOID Va)
{
    ULONG_PTR Page = (ULONG_PTR)Va & ~(ULONG_PTR)(PAGE_SIZE - 1);
    VI_SPECIAL_BLOCK *Block = block_of_page(Page), *Oldest = NULL;
    PFN_NUMBER Frame;
    KIRQL OldIrql;

    if (Block == NULL || Block->Freed)
        KeBugCheckEx(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)Va, 0,
                     0, 0x20);
    if (Va != Block->Va)
        KeBugCheckEx(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)Va,
                     Block->Size, PAGE_SIZE - BYTE_OFFSET(Block->Va), 0x21);
    check_pattern(Block);
    Frame = MiUnmapPage(Block->Base);
    if (Frame != MI_NO_PAGE)
        MiFreePages(Frame, 0);
    /* Kept no-access for the next VI_FREED_KEPT frees: the oldest goes. */
    lock(&OldIrql);
    Block->Freed = TRUE;
    if (freed_count == VI_FREED_KEPT)
        Oldest = &blocks[freed_ring[freed_next]];
    else
        freed_count++;
    freed_ring[freed_next] = (ULONG)(Block - blocks);
    freed_next = (freed_next + 1) % VI_FREED_KEPT;
    KeReleaseSpinLock(&special_lock, OldIrql);
    if (Oldest != NULL) {
        MiFreeSystemPages(Oldest->Base);
        Oldest->InUse = FALSE;
    }
}

/* Read without the lock: the fault may come at any IRQL, and a slot's
 * Base is set before InUse, so at worst a racing fault is not named. */
VOID VfCheckSpecialPoolFault(PVOID Address, ULONG FaultStatus,
                             PKTRAP_FRAME TrapFrame)
{
    ULONG_PTR Va = (ULONG_PTR)Address;
    ULONG_PTR Page = Va & ~(ULONG_PTR)(PAGE_SIZE - 1);
    VI_SPECIAL_BLOCK *Block;
    ULONG_PTR Write = (FaultStatus & PF_WRITE) ? 1 : 0;

    /* No special pool yet, or not its range: every other fault (a user
     * page's, paged pool's) goes on at once. */
    if (!special_lock_ready ||
        Va - MI_SYSTEM_PTE_BASE >= MI_SYSTEM_PTE_END - MI_SYSTEM_PTE_BASE)
        return;
    if ((Block = block_of_page(Page)) != NULL && Block->Freed)
        KiBugCheckWithTrapFrame(TrapFrame, PAGE_FAULT_IN_FREED_SPECIAL_POOL, Va,
                                Write, TrapFrame->Eip, 0);
    /* The guard after a block (an overrun) or before it (an underrun):
     * NT names both PAGE_FAULT_BEYOND_END_OF_ALLOCATION. */
    if ((Block = block_of_page(Page - PAGE_SIZE)) != NULL ||
        (Block = block_of_page(Page + PAGE_SIZE)) != NULL)
        KiBugCheckWithTrapFrame(TrapFrame,
                                Block->Freed
                                    ? PAGE_FAULT_IN_FREED_SPECIAL_POOL
                                    : PAGE_FAULT_BEYOND_END_OF_ALLOCATION,
                                Va, Write, TrapFrame->Eip, 0);
}

ULONG ViSpecialPoolInUse(VOID)
{
    ULONG Index, Count = 0;

    for (Index = 0; Index < VI_SPECIAL_SLOTS; Index++)
        if (blocks[Index].InUse && !blocks[Index].Freed)
            Count++;
    return Count;
}
