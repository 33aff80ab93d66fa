/*
 * Clock and timer tests, run under both HALs. Rates are checked against
 * the PIT with generous tolerances: QEMU's devices follow the host's
 * clock, which a busy host makes late.
 */
#include "kernel/hal.h"
#include "kernel/ktest.h"
#include "tests/kernel/test_devices.h"

static ULONGLONG ticks(VOID)
{
    LARGE_INTEGER Count;

    KeQueryTickCount(&Count);
    return (ULONGLONG)Count.QuadPart;
}

static ULONGLONG counter(VOID)
{
    return (ULONGLONG)KeQueryPerformanceCounter(NULL).QuadPart;
}

/* Ticks in half a second against what the PIT counted meanwhile: TRUE
 * when they agree within +-15 % and two ticks (a busy host can make QEMU
 * merge a late tick into the next). */
static BOOLEAN rate_agrees(PULONGLONG Ticks, PULONGLONG Counts,
                           PULONGLONG Expected)
{
    *Ticks = ticks();
    *Counts = counter();
    KeStallExecutionProcessor(500000);
    *Ticks = ticks() - *Ticks;
    *Counts = counter() - *Counts;
    *Expected = *Counts * 100 / PIT_FREQUENCY;
    return *Ticks * 20 + 40 >= *Expected * 17 &&
           *Ticks * 20 <= *Expected * 23 + 40;
}

/* A loaded host can starve QEMU of a whole stretch of ticks once; a
 * wrong rate is wrong every time. So up to five measurements, any one in
 * tolerance passes. */
KTEST(clock_ticks_at_the_programmed_rate)
{
    ULONGLONG Ticks = 0, Counts = 0, Expected = 0;
    BOOLEAN Agrees = FALSE;
    ULONG Try;

    KT_ASSERT_EQ(KeQueryTimeIncrement(), 100000); /* 10 ms */
    for (Try = 0; Try < 5 && !Agrees; Try++)
        Agrees = rate_agrees(&Ticks, &Counts, &Expected);
    KT_ASSERT_MSG(Agrees,
                  "%llu ticks while the PIT counted %llu (%llu expected), "
                  "five times out of tolerance",
                  Ticks, Counts, Expected);
    KT_ASSERT(KeQueryInterruptTime() >= ticks() * 100000 - 100000);
}

KTEST(clock_performance_counter_runs_at_pit_rate)
{
    LARGE_INTEGER Frequency;
    ULONGLONG Previous = counter(), Start = Previous, Now;
    ULONG Index;

    KeQueryPerformanceCounter(&Frequency);
    KT_ASSERT_EQ(Frequency.QuadPart, PIT_FREQUENCY);
    for (Index = 0; Index < 1000; Index++) {
        Now = counter();
        KT_ASSERT_MSG(Now >= Previous, "went back from %llu to %llu", Previous,
                      Now);
        Previous = Now;
    }
    KeStallExecutionProcessor(10000);
    KT_ASSERT(counter() - Start >= PIT_FREQUENCY / 100);
}

KTEST(clock_stall_waits_at_least_as_asked_at_any_irql)
{
    ULONGLONG Start;
    KIRQL Old;

    Start = counter();
    KeStallExecutionProcessor(2000);
    KT_ASSERT(counter() - Start >= PIT_FREQUENCY * 2 / 1000);
    KeRaiseIrql(HIGH_LEVEL, &Old);
    Start = counter();
    KeStallExecutionProcessor(70000); /* longer than a channel 2 wrap */
    Start = counter() - Start;
    KeLowerIrql(Old);
    KT_ASSERT_MSG(Start >= PIT_FREQUENCY * 70 / 1000,
                  "a 70 ms stall at HIGH_LEVEL measured %llu counts", Start);
}

typedef struct _TIMER_WITNESS {
    KTIMER Timer;
    KDPC Dpc;
    volatile ULONG Fired;
    ULONGLONG FiredAt;
    KIRQL Irql;
    CHAR Name;
} TIMER_WITNESS;

static KT_LOG order;

static VOID NTAPI witness_dpc(PKDPC Dpc, PVOID Context, PVOID Argument1,
                              PVOID Argument2)
{
    TIMER_WITNESS *Witness = Context;

    UNREFERENCED_PARAMETER(Dpc);
    Witness->Fired++;
    Witness->FiredAt =
        (ULONG_PTR)Argument1 | ((ULONGLONG)(ULONG_PTR)Argument2 << 32);
    Witness->Irql = KeGetCurrentIrql();
    KtLog(&order, Witness->Name);
}

static VOID init_witness(TIMER_WITNESS *Witness, CHAR Name)
{
    RtlZeroMemory(Witness, sizeof(*Witness));
    Witness->Name = Name;
    KeInitializeTimer(&Witness->Timer);
    KeInitializeDpc(&Witness->Dpc, witness_dpc, Witness);
}

/* A test's cleanup: the timer cancelled and its DPC out of the queue, so
 * that neither fires later nor is initialised again while linked. */
static VOID release_witness(TIMER_WITNESS *Witness)
{
    KeCancelTimer(&Witness->Timer);
    KeRemoveQueueDpc(&Witness->Dpc);
}

static LARGE_INTEGER relative_ms(LONG Milliseconds)
{
    LARGE_INTEGER Due;

    Due.QuadPart = -(LONGLONG)Milliseconds * 10000;
    return Due;
}

static VOID sleep_ms(ULONG Milliseconds)
{
    static volatile ULONG never;

    KtWaitFor(&never, Milliseconds);
}

KTEST(timer_dpc_fires_once_after_its_due_time)
{
    static TIMER_WITNESS W;
    KT_CLEANUP_SECTION;
    ULONGLONG SetAt = KeQueryInterruptTime();
    ULONG FiredAtOnce;
    BOOLEAN WasSet;

    init_witness(&W, 'a');
    WasSet = KeSetTimer(&W.Timer, relative_ms(30), &W.Dpc);
    FiredAtOnce = W.Fired;
    KtWaitFor(&W.Fired, 1000);
    sleep_ms(100); /* and no second time */
    KT_ASSERT(!WasSet);
    KT_ASSERT_EQ(FiredAtOnce, 0);
    KT_ASSERT_EQ(W.Fired, 1);
    KT_ASSERT_MSG(W.FiredAt >= SetAt + 300000, "fired at %llu, set at %llu",
                  W.FiredAt, SetAt);
    KT_ASSERT_EQ(W.Irql, DISPATCH_LEVEL);
    KT_ASSERT(KeReadStateTimer(&W.Timer));
    KT_ASSERT(!KeCancelTimer(&W.Timer)); /* it is no longer set */
    KT_CLEANUP;
    release_witness(&W);
}

KTEST(timer_cancelled_never_fires)
{
    static TIMER_WITNESS W;
    KT_CLEANUP_SECTION;
    BOOLEAN Cancelled, CancelledAgain;

    init_witness(&W, 'c');
    KeSetTimer(&W.Timer, relative_ms(30), &W.Dpc);
    Cancelled = KeCancelTimer(&W.Timer);
    CancelledAgain = KeCancelTimer(&W.Timer);
    sleep_ms(100);
    KT_ASSERT(Cancelled);
    KT_ASSERT(!CancelledAgain);
    KT_ASSERT_EQ(W.Fired, 0);
    KT_ASSERT(!KeReadStateTimer(&W.Timer));
    KT_CLEANUP;
    release_witness(&W);
}

KTEST(timer_set_again_moves_the_due_time)
{
    static TIMER_WITNESS W;
    KT_CLEANUP_SECTION;
    ULONGLONG SetAt = KeQueryInterruptTime();
    BOOLEAN WasSet;

    init_witness(&W, 's');
    KeSetTimer(&W.Timer, relative_ms(20), &W.Dpc);
    WasSet = KeSetTimer(&W.Timer, relative_ms(60), &W.Dpc);
    KtWaitFor(&W.Fired, 1000);
    sleep_ms(100);
    KT_ASSERT(WasSet);
    KT_ASSERT_EQ(W.Fired, 1);
    KT_ASSERT(W.FiredAt >= SetAt + 600000);
    KT_CLEANUP;
    release_witness(&W);
}

KTEST(timers_expire_in_due_order)
{
    static TIMER_WITNESS A, B, C;
    KT_CLEANUP_SECTION;

    KtLogReset(&order);
    init_witness(&A, 'A');
    init_witness(&B, 'B');
    init_witness(&C, 'C');
    KeSetTimer(&A.Timer, relative_ms(80), &A.Dpc);
    KeSetTimer(&B.Timer, relative_ms(20), &B.Dpc);
    KeSetTimer(&C.Timer, relative_ms(50), &C.Dpc);
    KtWaitFor(&A.Fired, 1000);
    KT_ASSERT_MSG(strcmp(order.Events, "BCA") == 0, "order '%s'", order.Events);
    KT_CLEANUP;
    release_witness(&A);
    release_witness(&B);
    release_witness(&C);
}

KTEST(timer_periodic_fires_until_cancelled)
{
    static TIMER_WITNESS W;
    KT_CLEANUP_SECTION;
    ULONG Fired;

    init_witness(&W, 'p');
    KeSetTimerEx(&W.Timer, relative_ms(10), 20, &W.Dpc);
    sleep_ms(210);
    KT_ASSERT(KeCancelTimer(&W.Timer));
    Fired = W.Fired;
    sleep_ms(60);
    KT_ASSERT_MSG(Fired >= 5 && Fired <= 12, "fired %lu times in 210 ms",
                  Fired);
    KT_ASSERT_EQ(W.Fired, Fired);
    KT_CLEANUP;
    release_witness(&W);
}
