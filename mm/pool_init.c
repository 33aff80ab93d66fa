/*
 * Bringing the pool up: the processor's cache line for the cache-aligned
 * types, the paged pool's address range, the size classes, and the
 * clock's timer that adjusts lookaside depths.
 */
#include "kernel/cpu.h"
#include "kernel/mm.h"
#include "kernel/pool.h"
#include "kernel/pool_pages.h"
#include "kernel/sections.h"

static KTIMER lookaside_timer;
static KDPC lookaside_dpc;

ALLOC_TEXT(INIT) VOID ExInitializePool(VOID)
{
    MiInitializePoolPages();
    MiInitializePool(KiCpuInformation.CacheLineSize);
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
