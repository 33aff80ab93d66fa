/*
 * The big-allocation table: where each allocation of whole pages starts,
 * its tag, page count and quota. Open addressing by address with linear
 * probing; a removal shifts the entries after it back, so there are no
 * tombstones. The table lives in pages of its own pool and doubles when
 * three quarters full.
 */
#include "kernel/pool.h"
#include "kernel/pool_pages.h"

#define INITIAL_PAGES 1

static ULONG slot_of(PVOID Va, ULONG Size)
{
    return (ULONG)(((ULONG_PTR)Va >> PAGE_SHIFT) * 0x9E3779B1UL) & (Size - 1);
}

static VOID place(MI_POOL_BIG_ENTRY *Table, ULONG Size,
                  const MI_POOL_BIG_ENTRY *Entry)
{
    ULONG Slot = slot_of(Entry->Va, Size);

    while (Table[Slot].Va != NULL)
        Slot = (Slot + 1) & (Size - 1);
    Table[Slot] = *Entry;
}

/* Doubles the table (or makes the first); FALSE when no pages. */
static BOOLEAN grow(MI_POOL *Pool)
{
    ULONG Pages =
        Pool->BigTable == NULL ? INITIAL_PAGES : Pool->BigTablePages * 2;
    ULONG Size = 1, Index;
    MI_POOL_BIG_ENTRY *Table;

    while (Size * 2 * sizeof(MI_POOL_BIG_ENTRY) <= Pages * PAGE_SIZE)
        Size *= 2;
    Table = MiPoolAllocatePages(Pool->BaseType, Pages);
    if (Table == NULL)
        return FALSE;
    RtlZeroMemory(Table, Pages * PAGE_SIZE);
    for (Index = 0; Index < Pool->BigTableSize; Index++)
        if (Pool->BigTable[Index].Va != NULL)
            place(Table, Size, &Pool->BigTable[Index]);
    if (Pool->BigTable != NULL)
        MiPoolFreePages(Pool->BaseType, Pool->BigTable, Pool->BigTablePages);
    Pool->BigTable = Table;
    Pool->BigTableSize = Size;
    Pool->BigTablePages = Pages;
    return TRUE;
}

BOOLEAN MiPoolBigInsert(MI_POOL *Pool, PVOID Va, ULONG Tag, ULONG Pages,
                        ULONG HeaderType, struct _EPROCESS *QuotaProcess)
{
    MI_POOL_BIG_ENTRY Entry;

    if ((Pool->BigCount + 1) * 4 > Pool->BigTableSize * 3 && !grow(Pool))
        return FALSE;
    Entry.Va = Va;
    Entry.Tag = Tag;
    Entry.Pages = Pages;
    Entry.PoolType = (UCHAR)HeaderType;
    Entry.QuotaProcess = QuotaProcess;
    place(Pool->BigTable, Pool->BigTableSize, &Entry);
    Pool->BigCount++;
    return TRUE;
}

MI_POOL_BIG_ENTRY *MiPoolBigFind(MI_POOL *Pool, PVOID Va)
{
    ULONG Slot;

    if (Pool->BigTable == NULL)
        return NULL;
    for (Slot = slot_of(Va, Pool->BigTableSize);
         Pool->BigTable[Slot].Va != NULL;
         Slot = (Slot + 1) & (Pool->BigTableSize - 1))
        if (Pool->BigTable[Slot].Va == Va)
            return &Pool->BigTable[Slot];
    return NULL;
}

MI_POOL_BIG_ENTRY *MiPoolBigFindContaining(MI_POOL *Pool, PVOID Address)
{
    ULONG Index;

    for (Index = 0; Index < Pool->BigTableSize; Index++) {
        MI_POOL_BIG_ENTRY *Entry = &Pool->BigTable[Index];
        if (Entry->Va != NULL && (PUCHAR)Address >= (PUCHAR)Entry->Va &&
            (ULONG_PTR)((PUCHAR)Address - (PUCHAR)Entry->Va) <
                (ULONG_PTR)Entry->Pages << PAGE_SHIFT)
            return Entry;
    }
    return NULL;
}

VOID MiPoolBigRemove(MI_POOL *Pool, MI_POOL_BIG_ENTRY *Entry)
{
    ULONG Mask = Pool->BigTableSize - 1;
    ULONG Hole = (ULONG)(Entry - Pool->BigTable), Slot = Hole;

    /* Backward shift: pull later entries of the run into the hole when
     * their home slot is not between the hole and where they sit. */
    for (;;) {
        ULONG Home;

        Slot = (Slot + 1) & Mask;
        if (Pool->BigTable[Slot].Va == NULL)
            break;
        Home = slot_of(Pool->BigTable[Slot].Va, Pool->BigTableSize);
        if (((Slot - Home) & Mask) >= ((Slot - Hole) & Mask)) {
            Pool->BigTable[Hole] = Pool->BigTable[Slot];
            Hole = Slot;
        }
    }
    Pool->BigTable[Hole].Va = NULL;
    Pool->BigCount--;
}
