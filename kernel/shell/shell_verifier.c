/*
 * The shell's `verifier` (docs/verifier.md), like NT's `verifier /query`:
 * the flags, each verified driver with its counters; `verifier NAME` its
 * live blocks (tag, size, caller); `verifier /add NAME` and
 * `verifier /remove NAME` before the driver loads; `verifier /flags HEX`
 * while none is loaded.
 */
#include "kernel/shell.h"
#include "kernel/sysldr.h"
#include "kernel/verifier.h"
#include "kernel/verifier_fault.h"
#include "kernel/verifier_locks.h"
#include "kernel/verifier_special_pool.h"

#define SHOWN_ALLOCATIONS 32

static VOID print_caller(PVOID Caller)
{
    PKLDR_DATA_TABLE_ENTRY Entry;
    PCSTR Export;
    ULONG_PTR Offset;
    CHAR Name[32];

    if (MiLookupDriverSymbol((ULONG_PTR)Caller, &Entry, &Export, &Offset) &&
        Export != NULL)
        DbgPrint(" %s!%s+0x%lx",
                 MiAsciiName(&Entry->BaseDllName, Name, sizeof(Name)), Export,
                 Offset);
    DbgPrint("\n");
}

static VOID print_allocations(PCSTR Name)
{
    static VF_ALLOCATION_INFORMATION blocks[SHOWN_ALLOCATIONS];
    ULONG Index, Count = VfQueryAllocations(Name, blocks, SHOWN_ALLOCATIONS);
    CHAR Tag[5];

    DbgPrint("%s: %lu live block(s)\n", Name, Count);
    if (Count != 0)
        DbgPrint("address  tag  size     type caller\n");
    for (Index = 0; Index < Count && Index < SHOWN_ALLOCATIONS; Index++) {
        KiShellTagText(blocks[Index].Tag, Tag);
        DbgPrint("%08lx %s %8lu %-4s %08lx", (ULONG)blocks[Index].Va, Tag,
                 (ULONG)blocks[Index].Size,
                 (blocks[Index].PoolType & BASE_POOL_TYPE_MASK) ? "p" : "np",
                 (ULONG)blocks[Index].Caller);
        print_caller(blocks[Index].Caller);
    }
}

/* Low-resources simulation: the seed to repeat a run, the counters. */
static VOID print_faults(VOID)
{
    static VF_FAULT_INFORMATION Information;
    ULONG Index;

    VfQueryFaultInjection(&Information);
    DbgPrint("low resources: verifier_seed=%lx, %lu in 10000 fail, from %lu "
             "s after boot\n",
             Information.Seed, Information.Rate, Information.DelaySeconds);
    DbgPrint("routine                      attempts failures\n");
    for (Index = 0; Index < ViFaultRoutineCount; Index++)
        DbgPrint("%-28s %8lu %8lu\n", Information.Routines[Index].Name,
                 Information.Routines[Index].Attempts,
                 Information.Routines[Index].Failures);
}

static VOID print_query(VOID)
{
    VF_DRIVER_INFORMATION Information;
    VF_LOCK_COUNTERS Counters;
    ULONG Index;

    DbgPrint("verifier flags: 0x%08lx\n", VfGetFlags());
    if (VfGetFlags() & DRIVER_VERIFIER_SPECIAL_POOLING)
        DbgPrint("special pool: verify %s (verifier_align=start|end)\n",
                 ViSpecialPoolVerifiesStart() ? "start" : "end");
    DbgPrint("driver           loaded loads allocs   frees    outstanding "
             "bytes    peak\n");
    for (Index = 0; VfQueryDriver(Index, &Information); Index++)
        DbgPrint("%-16s %-6s %5lu %8lu %8lu %11lu %8lu %lu\n", Information.Name,
                 Information.Loaded ? "yes" : "no", Information.Loads,
                 Information.Allocations, Information.Frees,
                 Information.Outstanding, (ULONG)Information.OutstandingBytes,
                 Information.PeakOutstanding);
    if (Index == 0)
        DbgPrint("(no driver is verified: verifier=NAME or verifier /add "
                 "NAME)\n");
    /* NT's global counters (verifier /query's "RaiseIrqls" ...). */
    VfQueryLockCounters(&Counters);
    DbgPrint("irql raises %lu, spin locks %lu, synchronize execution %lu\n",
             Counters.RaiseIrqls, Counters.AcquireSpinLocks,
             Counters.SynchronizeExecutions);
    DbgPrint("trims: asked %lu, done %lu, pages %lu\n", Counters.TrimRequests,
             Counters.Trims, Counters.PagesTrimmed);
    DbgPrint("deadlock detection: locks %lu, edges %lu, acquired %lu, "
             "released %lu\n",
             Counters.LocksTracked, Counters.Edges, Counters.Acquisitions,
             Counters.Releases);
    if (VfGetFlags() & DRIVER_VERIFIER_INJECT_ALLOCATION_FAILURES)
        print_faults();
}

BOOLEAN KiShellVerifier(ULONG Argc, PCHAR Argv[])
{
    NTSTATUS Status;

    if (Argc == 1 ||
        (Argc == 2 && KiShellEqualIgnoringCase(Argv[1], "/query"))) {
        print_query();
        return TRUE;
    }
    if (Argc == 2) {
        print_allocations(Argv[1]);
        return TRUE;
    }
    if (Argc != 3)
        return FALSE;
    if (KiShellEqualIgnoringCase(Argv[1], "/flags")) {
        ULONG Flags;

        if (!KiShellParseNumber(Argv[2], 16, &Flags))
            return FALSE;
        Status = VfSetFlags(Flags);
        if (NT_SUCCESS(Status))
            DbgPrint("verifier flags: 0x%08lx from the next load\n", Flags);
        else
            DbgPrint("verifier /flags: refused while a verified driver is "
                     "loaded (status %08lx)\n",
                     (ULONG)Status);
        return TRUE;
    }
    if (KiShellEqualIgnoringCase(Argv[1], "/add"))
        Status = VfAddDriver(Argv[2]);
    else if (KiShellEqualIgnoringCase(Argv[1], "/remove"))
        Status = VfRemoveDriver(Argv[2]);
    else
        return FALSE;
    if (NT_SUCCESS(Status))
        DbgPrint("%s: %s\n", Argv[2],
                 KiShellEqualIgnoringCase(Argv[1], "/add")
                     ? "verified from its next load"
                     : "no longer verified");
    else
        DbgPrint("%s: refused (status %08lx)\n", Argv[2], (ULONG)Status);
    return TRUE;
}
