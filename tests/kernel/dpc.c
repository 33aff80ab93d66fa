/*
 * DPC, spin lock and interrupt object tests, run under both HALs.
 */
#include "kernel/irql.h"
#include "kernel/ktest.h"
#include "kernel/x86.h"
#include "tests/kernel/test_devices.h"

static KT_LOG log;
static KDPC dpcs[4];
static BOOLEAN insert_results[4];
static KINTERRUPT aux_interrupt, second_interrupt;
static volatile ULONG aux_seen;

static VOID NTAPI log_dpc(PKDPC Dpc, PVOID Context, PVOID Argument1,
                          PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument2);
    KtLog(&log, (CHAR)(ULONG_PTR)Context);
    if (Argument1 != NULL)
        ++*(volatile ULONG *)Argument1;
}

static VOID init_dpcs(VOID)
{
    ULONG Index;

    KtLogReset(&log);
    for (Index = 0; Index < 4; Index++)
        KeInitializeDpc(&dpcs[Index], log_dpc, (PVOID)(ULONG_PTR)('1' + Index));
}

/* A test's cleanup: back at PASSIVE_LEVEL with none of its DPCs queued
 * (they may point at its locals, and a queued DPC initialised again would
 * corrupt the queue). */
static VOID release_dpcs(VOID)
{
    ULONG Index;

    for (Index = 0; Index < 4; Index++)
        KeRemoveQueueDpc(&dpcs[Index]);
    if (KeGetCurrentIrql() > PASSIVE_LEVEL)
        KeLowerIrql(PASSIVE_LEVEL);
}

/* Queues 1, 2, then 3 at high importance (to the head), then 1 again. */
static BOOLEAN NTAPI aux_queues_dpcs(PKINTERRUPT Interrupt, PVOID Context)
{
    UNREFERENCED_PARAMETER(Interrupt);
    UNREFERENCED_PARAMETER(Context);
    (void)KtAuxRead();
    KtLog(&log, 'i');
    insert_results[0] = KeInsertQueueDpc(&dpcs[0], NULL, NULL);
    insert_results[1] = KeInsertQueueDpc(&dpcs[1], NULL, NULL);
    KeSetImportanceDpc(&dpcs[2], HighImportance);
    insert_results[2] = KeInsertQueueDpc(&dpcs[2], NULL, NULL);
    insert_results[3] = KeInsertQueueDpc(&dpcs[0], NULL, NULL);
    KeStallExecutionProcessor(2000); /* a DPC must not sneak in here */
    KtLog(&log, 'I');
    aux_seen = 1;
    return TRUE;
}

KTEST(dpc_queued_from_isr_run_once_in_order_after_it)
{
    KT_CLEANUP_SECTION;
    BOOLEAN Connected;
    ULONG Index;

    init_dpcs();
    aux_seen = 0;
    Connected = KtConnect(&aux_interrupt, KT_AUX_IRQ, aux_queues_dpcs, NULL,
                          Latched, FALSE);
    if (Connected) {
        KtAuxInject(0x33);
        KtWaitFor(&aux_seen, 500);
        KeStallExecutionProcessor(10000);
        KeDisconnectInterrupt(&aux_interrupt);
    }
    KtAuxRestore();
    KT_ASSERT(Connected);
    KT_ASSERT_MSG(strcmp(log.Events, "iI312") == 0,
                  "order '%s', expected 'iI312'", log.Events);
    for (Index = 2; Index < 5; Index++)
        KT_ASSERT_EQ(log.Irqls[Index], DISPATCH_LEVEL);
    KT_ASSERT(insert_results[0] && insert_results[1] && insert_results[2]);
    KT_ASSERT_MSG(!insert_results[3], "a queued DPC was queued twice");
    KT_CLEANUP;
    release_dpcs();
}

KTEST(dpc_queued_at_dispatch_level_runs_when_it_drops)
{
    KT_CLEANUP_SECTION;
    volatile ULONG Runs = 0;
    ULONG Held;
    KIRQL Old;

    init_dpcs();
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KT_ASSERT(KeInsertQueueDpc(&dpcs[0], (PVOID)&Runs, NULL));
    KeStallExecutionProcessor(20000); /* two clock ticks go by */
    Held = Runs;
    KeLowerIrql(Old);
    KT_ASSERT_EQ(Held, 0);
    KT_ASSERT_EQ(Runs, 1);
    KT_ASSERT_EQ(log.Irqls[0], DISPATCH_LEVEL);
    /* From PASSIVE_LEVEL it runs before KeInsertQueueDpc returns. */
    KT_ASSERT(KeInsertQueueDpc(&dpcs[0], (PVOID)&Runs, NULL));
    KT_ASSERT_EQ(Runs, 2);
    KT_CLEANUP;
    release_dpcs();
}

/* NT's KeInitializeDpc sets the type, importance, processor, routine and
 * context and marks the DPC unqueued; the system arguments are left as
 * they were, since only KeInsertQueueDpc sets them. */
KTEST(dpc_initialize_leaves_the_system_arguments)
{
    static KDPC Dpc;

    RtlFillMemory(&Dpc, sizeof(Dpc), 0xA5);
    Dpc.SystemArgument1 = (PVOID)0x1111;
    Dpc.SystemArgument2 = (PVOID)0x2222;
    KeInitializeDpc(&Dpc, log_dpc, (PVOID)0x3333);
    KT_ASSERT_EQ((ULONG_PTR)Dpc.SystemArgument1, 0x1111);
    KT_ASSERT_EQ((ULONG_PTR)Dpc.SystemArgument2, 0x2222);
    KT_ASSERT_EQ(Dpc.Type, 0x13); /* DpcObject */
    KT_ASSERT_EQ(Dpc.Importance, MediumImportance);
    KT_ASSERT_EQ(Dpc.Number, 0);
    KT_ASSERT(Dpc.DeferredRoutine == log_dpc);
    KT_ASSERT_EQ((ULONG_PTR)Dpc.DeferredContext, 0x3333);
    KT_ASSERT(Dpc.DpcData == NULL);
}

KTEST(dpc_removed_from_queue_never_runs)
{
    KT_CLEANUP_SECTION;
    volatile ULONG Runs = 0;
    BOOLEAN Removed, RemovedAgain;
    KIRQL Old;

    init_dpcs();
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KeInsertQueueDpc(&dpcs[1], (PVOID)&Runs, NULL);
    Removed = KeRemoveQueueDpc(&dpcs[1]);
    RemovedAgain = KeRemoveQueueDpc(&dpcs[1]);
    KeLowerIrql(Old);
    KeStallExecutionProcessor(20000);
    KT_ASSERT(Removed);
    KT_ASSERT(!RemovedAgain);
    KT_ASSERT_EQ(Runs, 0);
    KT_CLEANUP;
    release_dpcs();
}

KTEST(dpc_low_importance_waits_for_the_clock_tick)
{
    KT_CLEANUP_SECTION;
    volatile ULONG Runs = 0;
    ULONG AtInsert, Flags;

    init_dpcs();
    KeSetImportanceDpc(&dpcs[3], LowImportance);
    /* No clock tick may fall between insert and look: with interrupts off
     * only a (wrong) software-interrupt request could run the DPC here. */
    Flags = save_and_disable_interrupts();
    KeInsertQueueDpc(&dpcs[3], (PVOID)&Runs, NULL);
    AtInsert = Runs;
    restore_interrupts(Flags);
    KtWaitFor(&Runs, 100);
    KT_ASSERT_MSG(AtInsert == 0, "a low-importance DPC ran at once");
    KT_ASSERT_EQ(Runs, 1);
    KT_CLEANUP;
    release_dpcs();
}

KTEST(dpc_flush_runs_what_is_queued)
{
    KT_CLEANUP_SECTION;
    volatile ULONG Runs = 0;

    init_dpcs();
    KeSetImportanceDpc(&dpcs[3], LowImportance);
    KeInsertQueueDpc(&dpcs[3], (PVOID)&Runs, NULL);
    KeFlushQueuedDpcs();
    KT_ASSERT_EQ(Runs, 1);
    KT_CLEANUP;
    release_dpcs();
}

static VOID NTAPI dpc_leaves_irql_raised(PKDPC Dpc, PVOID Context,
                                         PVOID Argument1, PVOID Argument2)
{
    KIRQL Old;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeRaiseIrql(CLOCK_LEVEL, &Old);
}

KTEST_CRASH(crash_dpc_returns_at_raised_irql)
{
    static KDPC Dpc;

    KeInitializeDpc(&Dpc, dpc_leaves_irql_raised, NULL);
    KeInsertQueueDpc(&Dpc, NULL, NULL);
}

KTEST(spin_lock_raises_to_dispatch_and_gives_back)
{
    KT_CLEANUP_SECTION;
    KSPIN_LOCK Lock;
    KIRQL Old, Inner;

    KeInitializeSpinLock(&Lock);
    KT_ASSERT(KeTestSpinLock(&Lock));
    KeAcquireSpinLock(&Lock, &Old);
    KT_ASSERT_EQ(Old, PASSIVE_LEVEL);
    KT_ASSERT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KT_ASSERT(!KeTestSpinLock(&Lock));
    KT_ASSERT(read_eflags() & EFLAGS_IF);
    KeReleaseSpinLock(&Lock, Old);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(KeTestSpinLock(&Lock));

    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KeAcquireSpinLock(&Lock, &Inner);
    KT_ASSERT_EQ(Inner, DISPATCH_LEVEL);
    KeReleaseSpinLock(&Lock, Inner);
    KeAcquireSpinLockAtDpcLevel(&Lock);
    KT_ASSERT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KT_ASSERT(!KeTestSpinLock(&Lock));
    KeReleaseSpinLockFromDpcLevel(&Lock);
    KT_ASSERT(KeTestSpinLock(&Lock));
    KT_CLEANUP;
    if (!KeTestSpinLock(&Lock)) /* held: failed at DISPATCH_LEVEL */
        KeReleaseSpinLockFromDpcLevel(&Lock);
    if (KeGetCurrentIrql() > PASSIVE_LEVEL)
        KeLowerIrql(PASSIVE_LEVEL);
}

KTEST_CRASH(crash_spin_lock_acquired_twice)
{
    static KSPIN_LOCK Lock;
    KIRQL Old, Again;

    KeInitializeSpinLock(&Lock);
    KeAcquireSpinLock(&Lock, &Old);
    KeAcquireSpinLock(&Lock, &Again);
}

KTEST_CRASH(crash_spin_lock_released_by_non_owner)
{
    static KSPIN_LOCK Lock;

    KeInitializeSpinLock(&Lock);
    KeReleaseSpinLock(&Lock, PASSIVE_LEVEL);
}

KTEST_CRASH(crash_spin_lock_above_dispatch_level)
{
    static KSPIN_LOCK Lock;
    KIRQL Old;

    KeRaiseIrql(CLOCK_LEVEL, &Old);
    KeAcquireSpinLock(&Lock, &Old);
}

/* Interrupt objects. */
static volatile ULONG first_calls, second_calls;
static volatile BOOLEAN first_claims;

static BOOLEAN NTAPI first_isr(PKINTERRUPT Interrupt, PVOID Context)
{
    UNREFERENCED_PARAMETER(Interrupt);
    KT_LOG *Log = Context;

    KtLog(Log, '1');
    first_calls++;
    if (first_claims) {
        (void)KtAuxRead();
        aux_seen = 1;
    }
    return first_claims;
}

static BOOLEAN NTAPI second_isr(PKINTERRUPT Interrupt, PVOID Context)
{
    UNREFERENCED_PARAMETER(Interrupt);
    KT_LOG *Log = Context;

    KtLog(Log, '2');
    second_calls++;
    (void)KtAuxRead();
    aux_seen = 1;
    return TRUE;
}

static VOID fire_aux(VOID)
{
    aux_seen = 0;
    KtAuxInject(0x44);
    KtWaitFor(&aux_seen, 500);
    KeStallExecutionProcessor(2000);
}

KTEST(interrupt_shared_line_chains_in_order)
{
    BOOLEAN Shared, Exclusive = TRUE;
    ULONG Unexpected = 0, SecondClaims = 0;

    KtLogReset(&log);
    first_calls = second_calls = 0;
    first_claims = FALSE;
    Shared = KtConnect(&aux_interrupt, KT_AUX_IRQ, first_isr, &log,
                       LevelSensitive, TRUE) &&
             KtConnect(&second_interrupt, KT_AUX_IRQ, second_isr, &log,
                       LevelSensitive, TRUE);
    if (Shared) {
        fire_aux(); /* the first declines, the second claims */
        first_claims = TRUE;
        fire_aux(); /* the first claims: level-sensitive stops there */
        SecondClaims = second_interrupt.ServiceCount;
        KeDisconnectInterrupt(&second_interrupt);
        /* An object that will not share cannot join. */
        Exclusive = KtConnect(&second_interrupt, KT_AUX_IRQ, second_isr, &log,
                              LevelSensitive, FALSE);
        KeDisconnectInterrupt(&aux_interrupt);
        /* Nobody claims: counted as unexpected, nothing breaks. */
        first_claims = FALSE;
        KtAuxEnable();
        Unexpected = KiUnexpectedInterruptCount;
        if (KtConnect(&aux_interrupt, KT_AUX_IRQ, first_isr, &log, Latched,
                      FALSE)) {
            KtAuxInject(0x45);
            KeStallExecutionProcessor(20000);
            (void)KtAuxRead();
            KeDisconnectInterrupt(&aux_interrupt);
        }
        Unexpected = KiUnexpectedInterruptCount - Unexpected;
    }
    /* Whatever connected (one of the pair alone, or the exclusive object
     * that should have been refused) goes before anything is asserted. */
    KeDisconnectInterrupt(&aux_interrupt);
    KeDisconnectInterrupt(&second_interrupt);
    KtAuxRestore();
    KT_ASSERT(Shared);
    KT_ASSERT_MSG(strcmp(log.Events, "1211") == 0,
                  "ISR calls '%s', expected '1211'", log.Events);
    KT_ASSERT_EQ(SecondClaims, 1);
    KT_ASSERT(!Exclusive);
    KT_ASSERT_MSG(Unexpected == 1, "%lu unclaimed interrupts, expected 1",
                  Unexpected);
}

static BOOLEAN NTAPI note_irql(PVOID Context)
{
    *(KIRQL *)Context = KeGetCurrentIrql();
    return TRUE;
}

KTEST(interrupt_synchronization_runs_at_the_isr_level)
{
    KIRQL Seen = 0, HeldAt = 0, Old;
    ULONG CallsWhileHeld = 0;
    BOOLEAN Connected, Synchronized = FALSE;

    KtLogReset(&log);
    first_calls = second_calls = 0;
    first_claims = TRUE;
    Connected =
        KtConnect(&aux_interrupt, KT_AUX_IRQ, first_isr, &log, Latched, FALSE);
    if (Connected) {
        Synchronized = KeSynchronizeExecution(&aux_interrupt, note_irql, &Seen);
        Old = KeAcquireInterruptSpinLock(&aux_interrupt);
        HeldAt = KeGetCurrentIrql();
        aux_seen = 0;
        KtAuxInject(0x46);
        KeStallExecutionProcessor(20000);
        CallsWhileHeld = first_calls;
        KeReleaseInterruptSpinLock(&aux_interrupt, Old);
        KtWaitFor(&aux_seen, 500);
        KeDisconnectInterrupt(&aux_interrupt);
    }
    KtAuxRestore();
    KT_ASSERT(Connected);
    KT_ASSERT(Synchronized);
    KT_ASSERT_EQ(HeldAt, aux_interrupt.SynchronizeIrql);
    KT_ASSERT_EQ(Seen, aux_interrupt.SynchronizeIrql);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT_MSG(CallsWhileHeld == 0, "the ISR ran under its own lock");
    KT_ASSERT_EQ(first_calls, 1);
}

/* IoConnectInterrupt on the aux line at these levels (0: the line's own).
 * What it connected is disconnected at once: *Object says what it handed
 * back, *Connected whether that was connected. */
static NTSTATUS io_connect(KIRQL Irql, KIRQL SynchronizeIrql,
                           PKINTERRUPT *Object, BOOLEAN *Connected)
{
    KAFFINITY Affinity;
    KIRQL LineIrql;
    ULONG Vector = HalGetInterruptVector(Isa, 0, KT_AUX_IRQ, KT_AUX_IRQ,
                                         &LineIrql, &Affinity);
    NTSTATUS Status;

    if (Irql == 0)
        Irql = SynchronizeIrql = LineIrql;
    *Object = (PKINTERRUPT)1; /* a refusal must clear it */
    Status =
        IoConnectInterrupt(Object, second_isr, &log, NULL, Vector, Irql,
                           SynchronizeIrql, Latched, FALSE, Affinity, FALSE);
    *Connected = NT_SUCCESS(Status) && *Object != NULL && (*Object)->Connected;
    if (NT_SUCCESS(Status) && *Object != NULL)
        IoDisconnectInterrupt(*Object);
    return Status;
}

KTEST(interrupt_io_connect_checks_its_arguments)
{
    PKINTERRUPT Object;
    KAFFINITY Affinity;
    KIRQL Irql;
    BOOLEAN Connected;

    HalGetInterruptVector(Isa, 0, KT_AUX_IRQ, KT_AUX_IRQ, &Irql, &Affinity);
    KT_ASSERT_EQ(io_connect(Irql, (KIRQL)(Irql - 1), &Object, &Connected),
                 STATUS_INVALID_PARAMETER);
    KT_ASSERT(Object == NULL);
    KT_ASSERT_EQ(
        io_connect(DISPATCH_LEVEL, DISPATCH_LEVEL, &Object, &Connected),
        STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(io_connect(0, 0, &Object, &Connected), STATUS_SUCCESS);
    KT_ASSERT(Object != NULL && Connected);
}
