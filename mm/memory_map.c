/*
 * The physical memory map: raw entries in, clean page ranges out. The
 * sanitizer is a sweep over range boundaries, as Linux's e820 code does it:
 * every raw entry contributes a start and an end event, the events are
 * sorted, and between two consecutive boundaries the type with the highest
 * precedence among the entries covering that stretch wins.
 */
#include "kernel/memory_map.h"
#include "ntstatus.h"

#define FOUR_GIB 0x100000000ULL

typedef struct _BOUNDARY {
    PFN_NUMBER Page;
    ULONG Entry; /* index into Raw[] */
    BOOLEAN Start;
} BOUNDARY;

static PCSTR const type_names[MiMemoryTypeCount] = {
    "usable",   "ACPI data",   "reserved",     "ACPI NVS",    "bad",
    "firmware", "loader data", "kernel image", "kernel data",
};

PCSTR MiMemoryTypeName(MI_MEMORY_TYPE Type)
{
    return (ULONG)Type < MiMemoryTypeCount ? type_names[Type] : "?";
}

VOID MiInitializeMemoryMap(MI_MEMORY_MAP *Map)
{
    Map->RawCount = 0;
    Map->Count = 0;
    Map->IgnoredAbove4G = 0;
    Map->IgnoredEmpty = 0;
    Map->LoaderFreePages = 0;
}

/* Page bounds of a raw entry: usable memory shrinks to the whole pages
 * inside it, anything else grows to every page it touches. */
static BOOLEAN raw_to_pages(const MI_RAW_RANGE *Raw, PFN_NUMBER *First,
                            PFN_NUMBER *End)
{
    ULONGLONG Start = Raw->Base;
    ULONGLONG Stop = Raw->Base + Raw->Length;

    if (Stop < Start) /* wraps around 2^64: take it as "to the end" */
        Stop = ~0ULL;
    if (Stop > FOUR_GIB)
        Stop = FOUR_GIB;
    if (Raw->Type == MiMemoryFree) {
        Start = (Start + PAGE_SIZE - 1) & ~(ULONGLONG)(PAGE_SIZE - 1);
        Stop &= ~(ULONGLONG)(PAGE_SIZE - 1);
    } else {
        Start &= ~(ULONGLONG)(PAGE_SIZE - 1);
        Stop = (Stop + PAGE_SIZE - 1) & ~(ULONGLONG)(PAGE_SIZE - 1);
    }
    if (Start >= Stop)
        return FALSE;
    *First = (PFN_NUMBER)(Start >> PAGE_SHIFT);
    *End = (PFN_NUMBER)(Stop >> PAGE_SHIFT);
    return TRUE;
}

/* Shell sort by page; at one page, ends before starts so that touching
 * ranges do not count as overlapping. */
static BOOLEAN boundary_before(const BOUNDARY *A, const BOUNDARY *B)
{
    if (A->Page != B->Page)
        return A->Page < B->Page;
    return !A->Start && B->Start;
}

static VOID sort_boundaries(BOUNDARY *Items, ULONG Count)
{
    ULONG Gap, Index, Scan;

    for (Gap = Count / 2; Gap > 0; Gap /= 2) {
        for (Index = Gap; Index < Count; Index++) {
            BOUNDARY Item = Items[Index];
            for (Scan = Index;
                 Scan >= Gap && boundary_before(&Item, &Items[Scan - Gap]);
                 Scan -= Gap)
                Items[Scan] = Items[Scan - Gap];
            Items[Scan] = Item;
        }
    }
}

static VOID emit(MI_MEMORY_MAP *Map, PFN_NUMBER First, PFN_NUMBER End,
                 MI_MEMORY_TYPE Type)
{
    MI_PHYSICAL_RANGE *Last = Map->Count ? &Map->Range[Map->Count - 1] : NULL;

    if (First >= End)
        return;
    if (Last != NULL && Last->Type == Type &&
        Last->BasePage + Last->PageCount == First) {
        Last->PageCount += End - First;
        return;
    }
    Map->Range[Map->Count].BasePage = First;
    Map->Range[Map->Count].PageCount = End - First;
    Map->Range[Map->Count].Type = Type;
    Map->Count++;
}

static LONG covering_type(const ULONG *Depth)
{
    LONG Type;

    for (Type = MiMemoryTypeCount - 1; Type >= 0; Type--) {
        if (Depth[Type] != 0)
            return Type;
    }
    return -1; /* a hole */
}

VOID MiSanitizeMemoryMap(MI_MEMORY_MAP *Map)
{
    BOUNDARY Boundary[2 * MI_MAX_RAW_RANGES];
    ULONG Depth[MiMemoryTypeCount] = {0};
    ULONG Count = 0, Index;
    PFN_NUMBER Position = 0;

    Map->Count = 0;
    Map->IgnoredAbove4G = 0;
    Map->IgnoredEmpty = 0;
    for (Index = 0; Index < Map->RawCount; Index++) {
        PFN_NUMBER First, End;

        if (Map->Raw[Index].Base >= FOUR_GIB) {
            Map->IgnoredAbove4G++;
            continue;
        }
        if (!raw_to_pages(&Map->Raw[Index], &First, &End)) {
            Map->IgnoredEmpty++;
            continue;
        }
        Boundary[Count++] = (BOUNDARY){First, Index, TRUE};
        Boundary[Count++] = (BOUNDARY){End, Index, FALSE};
    }
    sort_boundaries(Boundary, Count);

    for (Index = 0; Index < Count; Index++) {
        const BOUNDARY *Item = &Boundary[Index];
        LONG Type = covering_type(Depth);

        if (Type >= 0)
            emit(Map, Position, Item->Page, (MI_MEMORY_TYPE)Type);
        Position = Item->Page;
        if (Item->Start)
            Depth[Map->Raw[Item->Entry].Type]++;
        else
            Depth[Map->Raw[Item->Entry].Type]--;
    }
}

/* Replaces the raw entries with the sanitized ranges, which say the same
 * thing in fewer entries (when they are fewer). */
static VOID compact(MI_MEMORY_MAP *Map)
{
    ULONG Index;

    MiSanitizeMemoryMap(Map);
    if (Map->Count >= MI_MAX_RAW_RANGES)
        return;
    Map->RawCount = 0;
    for (Index = 0; Index < Map->Count; Index++) {
        Map->Raw[Index].Base = (ULONGLONG)Map->Range[Index].BasePage
                               << PAGE_SHIFT;
        Map->Raw[Index].Length = (ULONGLONG)Map->Range[Index].PageCount
                                 << PAGE_SHIFT;
        Map->Raw[Index].Type = Map->Range[Index].Type;
        Map->RawCount++;
    }
}

NTSTATUS MiAddMemoryRange(MI_MEMORY_MAP *Map, ULONGLONG Base, ULONGLONG Length,
                          MI_MEMORY_TYPE Type)
{
    if ((ULONG)Type >= MiMemoryTypeCount)
        return STATUS_INVALID_PARAMETER;
    if (Map->RawCount == MI_MAX_RAW_RANGES)
        compact(Map);
    if (Map->RawCount == MI_MAX_RAW_RANGES)
        return STATUS_INSUFFICIENT_RESOURCES;
    Map->Raw[Map->RawCount].Base = Base;
    Map->Raw[Map->RawCount].Length = Length;
    Map->Raw[Map->RawCount].Type = Type;
    Map->RawCount++;
    MiSanitizeMemoryMap(Map);
    return STATUS_SUCCESS;
}

PFN_NUMBER MiCountFreePages(const MI_MEMORY_MAP *Map)
{
    PFN_NUMBER Pages = 0;
    ULONG Index;

    for (Index = 0; Index < Map->Count; Index++) {
        if (Map->Range[Index].Type == MiMemoryFree)
            Pages += Map->Range[Index].PageCount;
    }
    return Pages;
}

/* The usable pages of Range below LimitPage (ranges are merged, so each
 * is a whole run). */
static PFN_NUMBER free_pages_below(const MI_PHYSICAL_RANGE *Range,
                                   PFN_NUMBER LimitPage)
{
    if (Range->Type != MiMemoryFree || Range->BasePage >= LimitPage)
        return 0;
    if (Range->PageCount > LimitPage - Range->BasePage)
        return LimitPage - Range->BasePage;
    return Range->PageCount;
}

PFN_NUMBER MiCountFreePagesBelow(const MI_MEMORY_MAP *Map, PFN_NUMBER LimitPage)
{
    PFN_NUMBER Pages = 0;
    ULONG Index;

    for (Index = 0; Index < Map->Count; Index++)
        Pages += free_pages_below(&Map->Range[Index], LimitPage);
    return Pages;
}

PFN_NUMBER MiLargestFreeRunBelow(const MI_MEMORY_MAP *Map, PFN_NUMBER LimitPage)
{
    PFN_NUMBER Largest = 0, Pages;
    ULONG Index;

    for (Index = 0; Index < Map->Count; Index++) {
        Pages = free_pages_below(&Map->Range[Index], LimitPage);
        if (Pages > Largest)
            Largest = Pages;
    }
    return Largest;
}

PFN_NUMBER MiHighestFreePage(const MI_MEMORY_MAP *Map)
{
    ULONG Index;

    for (Index = Map->Count; Index-- > 0;) {
        if (Map->Range[Index].Type == MiMemoryFree)
            return Map->Range[Index].BasePage + Map->Range[Index].PageCount;
    }
    return 0;
}

MI_MEMORY_TYPE MiGetMemoryType(const MI_MEMORY_MAP *Map, PFN_NUMBER Page)
{
    ULONG Index;

    for (Index = 0; Index < Map->Count; Index++) {
        const MI_PHYSICAL_RANGE *Range = &Map->Range[Index];
        if (Page >= Range->BasePage &&
            Page - Range->BasePage < Range->PageCount)
            return Range->Type;
    }
    return MiMemoryReserved;
}

PFN_NUMBER MiAllocateBootPages(MI_MEMORY_MAP *Map, PFN_NUMBER PageCount,
                               PFN_NUMBER LimitPage)
{
    ULONG Index;

    if (PageCount == 0)
        return 0;
    for (Index = Map->Count; Index-- > 0;) {
        const MI_PHYSICAL_RANGE *Range = &Map->Range[Index];
        PFN_NUMBER End = Range->BasePage + Range->PageCount;
        PFN_NUMBER First;

        if (Range->Type != MiMemoryFree || Range->BasePage >= LimitPage)
            continue;
        if (End > LimitPage)
            End = LimitPage;
        if (End - Range->BasePage < PageCount)
            continue;
        First = End - PageCount;
        if (First == 0 ||
            !NT_SUCCESS(MiAddMemoryRange(Map, (ULONGLONG)First << PAGE_SHIFT,
                                         (ULONGLONG)PageCount << PAGE_SHIFT,
                                         MiMemoryKernelData)))
            return 0;
        return First;
    }
    return 0;
}
