/*
 * Bringing the pool up: the processor's cache line for the cache-aligned
 * types, the paged pool's address range, the size classes, and the
 * clock's timer that adjusts lookaside depths.
 */
#include "kernel/mm.h"
#include "kernel/pool.h"
#include "kernel/pool_pages.h"
#include "kernel/sections.h"
#include "kernel/x86.h"

#define CPUID_CLFSH (1UL << 19)

static KTIMER lookaside_timer;
static KDPC lookaside_dpc;

/* CPUID's CLFLUSH line size when it reports one, else 64 bytes. */
ALLOC_TEXT(INIT) static ULONG cache_line_size(VOID)
{
    ULONG Eax, Ebx, Ecx, Edx, Line;

    if (!cpu_has_cpuid())
        return 64;
    cpuid(1, &Eax, &Ebx, &Ecx, &Edx);
    Line = ((Ebx >> 8) & 0xFF) * 8;
    if (!(Edx & CPUID_CLFSH) || Line < 16 || (Line & (Line - 1)) != 0)
        return 64;
    return Line;
}

ALLOC_TEXT(INIT) VOID ExInitializePool(VOID)
{
    MiInitializePoolPages();
    MiInitializePool(cache_line_size());
    DbgPrint("pool: %lu size classes per pool, cache line %lu, paged pool "
             "at %08lx\n",
             MiPools[0].ClassCount, MiPoolCacheLine, (ULONG)0xE0000000UL);
}

static VOID NTAPI adjust_lookaside(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                   PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    ExpAdjustLookasideDepth();
}

ALLOC_TEXT(INIT) VOID ExpInitializeLookasideAdjustment(VOID)
{
    LARGE_INTEGER Due;

    KeInitializeDpc(&lookaside_dpc, adjust_lookaside, NULL);
    KeInitializeTimerEx(&lookaside_timer, SynchronizationTimer);
    Due.QuadPart = -(LONGLONG)EXP_LOOKASIDE_PERIOD_MS * 10000;
    KeSetTimerEx(&lookaside_timer, Due, EXP_LOOKASIDE_PERIOD_MS,
                 &lookaside_dpc);
}
