/*
 * The shell's pool commands: `pool` (poolmon's table, or WinDbg's !pool
 * for an address), `lookaside`, and `alloc`/`free` to watch the numbers
 * move. `free` takes only blocks `alloc` made: anything else belongs to
 * some part of the kernel, and freeing it would corrupt that part.
 */
#include "kernel/pool.h"
#include "kernel/shell.h"

#define MAXIMUM_TAGS (2 * (MI_POOL_TRACKER_SIZE + 1))
#define MAXIMUM_LISTS 64
#define MAXIMUM_SHELL_BLOCKS 64

/* One row of the table: one tag in one pool. */
typedef struct _POOL_ROW {
    ULONG Tag;
    ULONG PoolType;
    ULONG Allocations;
    ULONG Frees;
    SIZE_T Bytes;
    ULONG Failures;
} POOL_ROW;

/* Static: the shell is the only caller and the boot stack is small. */
static MI_POOL_TAG_INFO tags[MAXIMUM_TAGS];
static POOL_ROW rows[MAXIMUM_TAGS];
static EXP_LOOKASIDE_INFO lists[MAXIMUM_LISTS];
static PVOID shell_blocks[MAXIMUM_SHELL_BLOCKS];

/* Largest bytes first; then by tag and type, so that the order is the
 * same wherever the table is printed (gdb's lk-pool sorts alike). */
static BOOLEAN row_before(const POOL_ROW *Left, const POOL_ROW *Right)
{
    if (Left->Bytes != Right->Bytes)
        return Left->Bytes > Right->Bytes;
    if (Left->Tag != Right->Tag)
        return Left->Tag < Right->Tag;
    return Left->PoolType < Right->PoolType;
}

static ULONG add_row(ULONG Count, ULONG Tag, ULONG PoolType, ULONG Allocations,
                     ULONG Frees, SIZE_T Bytes, ULONG Failures)
{
    POOL_ROW Row = {Tag, PoolType, Allocations, Frees, Bytes, Failures};
    ULONG Index = Count;

    if (Allocations == 0 && Failures == 0)
        return Count; /* a tag only the other pool knows */
    while (Index > 0 && row_before(&Row, &rows[Index - 1])) {
        rows[Index] = rows[Index - 1];
        Index--;
    }
    rows[Index] = Row;
    return Count + 1;
}

static void print_table(PCSTR Pattern)
{
    ULONG TagCount, Index, RowCount = 0;
    CHAR Text[5];

    TagCount = MiQueryPoolTags(tags, MAXIMUM_TAGS);
    for (Index = 0; Index < TagCount && Index < MAXIMUM_TAGS; Index++) {
        const MI_POOL_TAG_INFO *Info = &tags[Index];

        if (Pattern != NULL && !KiShellTagMatches(Info->Tag, Pattern))
            continue;
        RowCount = add_row(RowCount, Info->Tag, NonPagedPool,
                           Info->NonPagedAllocations, Info->NonPagedFrees,
                           Info->NonPagedBytes, Info->NonPagedFailures);
        RowCount =
            add_row(RowCount, Info->Tag, PagedPool, Info->PagedAllocations,
                    Info->PagedFrees, Info->PagedBytes, Info->PagedFailures);
    }
    DbgPrint(
        "Tag  Type     Allocs      Frees       Diff      Bytes   Failed\n");
    for (Index = 0; Index < RowCount; Index++) {
        KiShellTagText(rows[Index].Tag, Text);
        DbgPrint("%s %-5s %10lu %10lu %10lu %10lu %8lu\n", Text,
                 KiShellPoolTypeName(rows[Index].PoolType),
                 rows[Index].Allocations, rows[Index].Frees,
                 rows[Index].Allocations - rows[Index].Frees,
                 (ULONG)rows[Index].Bytes, rows[Index].Failures);
    }
    DbgPrint(
        "%lu row(s)%s%s; pages: nonpaged %lu, paged %lu; failed "
        "allocations: %lu\n",
        RowCount, Pattern != NULL ? " matching " : "",
        Pattern != NULL ? Pattern : "",
        (ULONG)(MiPools[NonPagedPool].SlabPages +
                MiPools[NonPagedPool].BigPages),
        (ULONG)(MiPools[PagedPool].SlabPages + MiPools[PagedPool].BigPages),
        MiPools[NonPagedPool].Failures + MiPools[PagedPool].Failures);
}

static void print_block(ULONG Address)
{
    MI_POOL_BLOCK_INFO Info;
    CHAR Text[5];

    if (!MiQueryPoolBlock((PVOID)Address, &Info)) {
        DbgPrint("%08lx is not in a pool block\n", Address);
        return;
    }
    KiShellTagText(Info.Tag, Text);
    DbgPrint("%08lx is in block %08lx: %s pool, %lu bytes, tag %s, %s, %s%s\n",
             Address, (ULONG)Info.Block, KiShellPoolTypeName(Info.PoolType),
             (ULONG)Info.Size, Text, Info.InUse ? "in use" : "free",
             Info.Big ? "big (whole pages)" : "in a slab",
             Info.QuotaCharged ? ", quota charged" : "");
}

/* `pool`, `pool TAG` (4 characters at most, or any with ? and *), `pool
 * ADDRESS` (0x, or more than 4 characters). */
BOOLEAN KiShellPool(ULONG Argc, PCHAR Argv[])
{
    ULONG Address;

    if (Argc == 1) {
        print_table(NULL);
        return TRUE;
    }
    if (Argc != 2)
        return FALSE;
    if (!KiShellIsTagPattern(Argv[1])) {
        if (!KiShellParseNumber(Argv[1], 16, &Address))
            return FALSE;
        print_block(Address);
        return TRUE;
    }
    print_table(Argv[1]);
    return TRUE;
}

BOOLEAN KiShellLookaside(ULONG Argc, PCHAR Argv[])
{
    ULONG Count, Index;
    CHAR Text[5];

    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    Count = ExpQueryLookasideLists(lists, MAXIMUM_LISTS);
    DbgPrint("List     Type  Tag   Size Depth  Max Held     Allocs   Misses "
             "     Frees   Misses\n");
    for (Index = 0; Index < Count && Index < MAXIMUM_LISTS; Index++) {
        const EXP_LOOKASIDE_INFO *List = &lists[Index];

        KiShellTagText(List->Tag, Text);
        DbgPrint("%08lx %-5s %s %5lu %5u %4u %4u %10lu %8lu %10lu %8lu\n",
                 (ULONG)List->List, KiShellPoolTypeName(List->Type & 1), Text,
                 List->Size, List->Depth, List->MaximumDepth, List->Held,
                 List->TotalAllocates, List->AllocateMisses, List->TotalFrees,
                 List->FreeMisses);
    }
    DbgPrint("%lu list(s); hits are allocations minus misses; depth "
             "adjusted %lu times\n",
             Count, ExpLookasideAdjustments);
    return TRUE;
}

static LONG find_shell_block(PVOID Block)
{
    ULONG Index;

    for (Index = 0; Index < MAXIMUM_SHELL_BLOCKS; Index++) {
        if (shell_blocks[Index] == Block)
            return (LONG)Index;
    }
    return -1;
}

static void list_shell_blocks(void)
{
    ULONG Index, Count = 0;

    for (Index = 0; Index < MAXIMUM_SHELL_BLOCKS; Index++) {
        if (shell_blocks[Index] != NULL) {
            print_block((ULONG)shell_blocks[Index]);
            Count++;
        }
    }
    DbgPrint("%lu block(s) from alloc not yet freed\n", Count);
}

/* `alloc TYPE SIZE TAG`; `alloc` alone lists what it made. */
BOOLEAN KiShellAlloc(ULONG Argc, PCHAR Argv[])
{
    POOL_TYPE Type;
    ULONG Size, Tag;
    LONG Slot;
    PVOID Block;

    if (Argc == 1) {
        list_shell_blocks();
        return TRUE;
    }
    if (Argc != 4 || !KiShellParsePoolType(Argv[1], &Type) ||
        !KiShellParseNumber(Argv[2], 10, &Size) ||
        !KiShellParseTag(Argv[3], &Tag))
        return FALSE;
    Slot = find_shell_block(NULL);
    if (Slot < 0) {
        DbgPrint("alloc keeps %lu blocks at most; free one first\n",
                 (ULONG)MAXIMUM_SHELL_BLOCKS);
        return TRUE;
    }
    Block = ExAllocatePoolWithTag(Type, Size, Tag);
    if (Block == NULL) {
        DbgPrint("ExAllocatePoolWithTag(%s, %lu, '%s') failed: not enough "
                 "pool\n",
                 Argv[1], Size, Argv[3]);
        return TRUE;
    }
    shell_blocks[Slot] = Block;
    DbgPrint("allocated %08lx\n", (ULONG)Block);
    print_block((ULONG)Block);
    return TRUE;
}

BOOLEAN KiShellFree(ULONG Argc, PCHAR Argv[])
{
    MI_POOL_BLOCK_INFO Info;
    ULONG Address;
    LONG Slot;

    if (Argc != 2 || !KiShellParseNumber(Argv[1], 16, &Address))
        return FALSE;
    Slot = find_shell_block((PVOID)Address);
    if (Address == 0 || Slot < 0) {
        DbgPrint("%08lx is not a block alloc made (alloc lists them); "
                 "nothing freed\n",
                 Address);
        return TRUE;
    }
    if (!MiQueryPoolBlock((PVOID)Address, &Info) || !Info.InUse) {
        DbgPrint("%08lx is no longer a pool block in use\n", Address);
        return TRUE;
    }
    ExFreePoolWithTag((PVOID)Address, Info.Tag);
    shell_blocks[Slot] = NULL;
    DbgPrint("freed %08lx\n", Address);
    return TRUE;
}
