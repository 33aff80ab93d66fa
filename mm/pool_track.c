/*
 * Tag tracking, as NT's pool track table: per pool, one entry per tag
 * with allocations, frees and bytes in use (headers and rounding
 * included, whole pages for big blocks) and the requests that failed.
 * The per-processor front counts its tag in a memo per list, folded in
 * here on a miss or a query (MiQueryPoolTags). Open addressing; entries stay
 * once made, so a reader without the lock sees at worst a count that is
 * one operation old. A full table counts new tags under "Ovfl".
 */
#include "kernel/pool.h"

static MI_POOL_TRACKER_ENTRY overflow[2];

static ULONG home_of(ULONG Tag)
{
    return (ULONG)((Tag * 0x9E3779B1UL) >> (32 - MI_POOL_TRACKER_BITS) &
                   (MI_POOL_TRACKER_SIZE - 1));
}

/* The entry of Tag, made if need be (the pool's lock is held). */
MI_POOL_TRACKER_ENTRY *MiPoolTrackerFind(MI_POOL *Pool, ULONG Tag)
{
    ULONG Slot = home_of(Tag), Probe;

    for (Probe = 0; Probe < MI_POOL_TRACKER_SIZE; Probe++) {
        MI_POOL_TRACKER_ENTRY *Entry = &Pool->Tracker[Slot];

        if (Entry->Tag == Tag)
            return Entry;
        if (Entry->Tag == 0) {
            Entry->Tag = Tag;
            return Entry;
        }
        Slot = (Slot + 1) & (MI_POOL_TRACKER_SIZE - 1);
    }
    overflow[Pool->BaseType].Tag = MI_POOL_OVERFLOW_TAG;
    return &overflow[Pool->BaseType];
}

/* The entry of Tag, or NULL; never makes one. */
static const MI_POOL_TRACKER_ENTRY *find(const MI_POOL *Pool, ULONG Tag)
{
    ULONG Slot = home_of(Tag), Probe;

    if (overflow[Pool->BaseType].Tag == Tag && Tag != 0)
        return &overflow[Pool->BaseType];
    for (Probe = 0; Probe < MI_POOL_TRACKER_SIZE; Probe++) {
        const MI_POOL_TRACKER_ENTRY *Entry = &Pool->Tracker[Slot];

        if (Entry->Tag == Tag)
            return Entry;
        if (Entry->Tag == 0)
            return NULL;
        Slot = (Slot + 1) & (MI_POOL_TRACKER_SIZE - 1);
    }
    return NULL;
}

static SIZE_T total_bytes(const MI_POOL_TAG_INFO *Info)
{
    return Info->NonPagedBytes + Info->PagedBytes;
}

/* Adds Tag's counts to Tags (sorted by bytes, largest first). */
static ULONG add_tag(MI_POOL_TAG_INFO *Tags, ULONG Count, ULONG Maximum,
                     ULONG Tag)
{
    const MI_POOL_TRACKER_ENTRY *NonPaged = find(&MiPools[NonPagedPool], Tag);
    const MI_POOL_TRACKER_ENTRY *Paged = find(&MiPools[PagedPool], Tag);
    MI_POOL_TAG_INFO Info = {Tag, 0, 0, 0, 0, 0, 0, 0, 0};
    ULONG Index;

    if (NonPaged != NULL) {
        Info.NonPagedAllocations = NonPaged->Allocations;
        Info.NonPagedFrees = NonPaged->Frees;
        Info.NonPagedBytes = NonPaged->Bytes;
        Info.NonPagedFailures = NonPaged->Failures;
    }
    if (Paged != NULL) {
        Info.PagedAllocations = Paged->Allocations;
        Info.PagedFrees = Paged->Frees;
        Info.PagedBytes = Paged->Bytes;
        Info.PagedFailures = Paged->Failures;
    }
    Index = Count < Maximum ? Count : Maximum;
    while (Index > 0 && total_bytes(&Tags[Index - 1]) < total_bytes(&Info)) {
        if (Index < Maximum)
            Tags[Index] = Tags[Index - 1];
        Index--;
    }
    if (Index < Maximum)
        Tags[Index] = Info;
    return Count + 1;
}

ULONG MiQueryPoolTags(MI_POOL_TAG_INFO *Tags, ULONG MaximumCount)
{
    ULONG Count = 0, Slot, Base;

    /* The front's memos hold the latest counts of their tags. */
    MiPoolFrontFold();

    for (Base = 0; Base < 2; Base++) {
        const MI_POOL *Pool = &MiPools[Base];

        for (Slot = 0; Slot <= MI_POOL_TRACKER_SIZE; Slot++) {
            ULONG Tag = Slot < MI_POOL_TRACKER_SIZE ? Pool->Tracker[Slot].Tag
                                                    : overflow[Base].Tag;
            /* A tag both pools know is counted once, from the first. */
            if (Tag == 0 || (Base == PagedPool &&
                             find(&MiPools[NonPagedPool], Tag) != NULL))
                continue;
            Count = add_tag(Tags, Count, MaximumCount, Tag);
        }
    }
    return Count;
}
