/*
 * Driver Verifier's lock-order graph (mm/verifier_deadlock_graph.c): the
 * cycles it must find, with their edges in order, the mistakes of
 * releasing, what forgetting a lock undoes, and a randomised run in
 * which threads always take locks in one global order (never a report)
 * until one inverts a pair (always one).
 */
#include "host_test.h"
#include "kernel/verifier_deadlock_graph.h"

static VI_DEADLOCK_GRAPH graph;
static VI_DEADLOCK_REPORT report;

#define T1 0x1000
#define T2 0x2000
#define T3 0x3000
#define A 0xA0
#define B 0xB0
#define C 0xC0

static ULONG take(ULONG_PTR Lock, ULONG_PTR Thread, ULONG_PTR Caller)
{
    return ViDeadlockGraphAcquire(&graph, Lock, ViDeadlockFastMutex, Thread,
                                  Caller, FALSE, &report);
}

static ULONG give(ULONG_PTR Lock, ULONG_PTR Thread)
{
    return ViDeadlockGraphRelease(&graph, Lock, ViDeadlockFastMutex, Thread,
                                  &report);
}

static void inversion_between_two_threads_is_a_cycle(void)
{
    ViDeadlockInitializeGraph(&graph);
    CHECK_EQ(take(A, T1, 0x11), 0);
    CHECK_EQ(take(B, T1, 0x12), 0);
    CHECK_EQ(give(B, T1), 0);
    CHECK_EQ(give(A, T1), 0);
    CHECK_EQ(ViDeadlockGraphEdges(&graph), 1);
    CHECK_EQ(take(B, T2, 0x21), 0);
    CHECK_EQ(take(A, T2, 0x22), VI_DEADLOCK_CYCLE);
    CHECK_EQ(report.Lock, A);
    CHECK_EQ(report.Thread, T2);
    CHECK_EQ(report.CycleLength, 2);
    /* A -> B by T1 (A taken at 0x11, B at 0x12), then B -> A by T2. */
    CHECK_EQ(report.Cycle[0].FromLock, A);
    CHECK_EQ(report.Cycle[0].ToLock, B);
    CHECK_EQ(report.Cycle[0].Thread, T1);
    CHECK_EQ(report.Cycle[0].FromCaller, 0x11);
    CHECK_EQ(report.Cycle[0].ToCaller, 0x12);
    CHECK_EQ(report.Cycle[1].FromLock, B);
    CHECK_EQ(report.Cycle[1].ToLock, A);
    CHECK_EQ(report.Cycle[1].Thread, T2);
    CHECK_EQ(report.Cycle[1].FromCaller, 0x21);
    CHECK_EQ(report.Cycle[1].ToCaller, 0x22);
    /* Nothing was recorded for the refused acquisition. */
    CHECK_EQ(ViDeadlockGraphEdges(&graph), 1);
}

static void three_locks_three_threads(void)
{
    ViDeadlockInitializeGraph(&graph);
    CHECK_EQ(take(A, T1, 1), 0);
    CHECK_EQ(take(B, T1, 2), 0);
    CHECK_EQ(give(B, T1) | give(A, T1), 0);
    CHECK_EQ(take(B, T2, 3), 0);
    CHECK_EQ(take(C, T2, 4), 0);
    CHECK_EQ(give(C, T2) | give(B, T2), 0);
    CHECK_EQ(take(C, T3, 5), 0);
    CHECK_EQ(take(A, T3, 6), VI_DEADLOCK_CYCLE);
    CHECK_EQ(report.CycleLength, 3);
    CHECK_EQ(report.Cycle[0].FromLock, A);
    CHECK_EQ(report.Cycle[1].FromLock, B);
    CHECK_EQ(report.Cycle[2].FromLock, C);
    CHECK_EQ(report.Cycle[2].ToLock, A);
    CHECK_EQ(report.Cycle[2].Thread, T3);
}

static void same_order_everywhere_is_fine(void)
{
    ViDeadlockInitializeGraph(&graph);
    CHECK_EQ(take(A, T1, 1) | take(B, T1, 2) | take(C, T1, 3), 0);
    CHECK_EQ(give(A, T1) | give(C, T1) | give(B, T1),
             0); /* any release order */
    CHECK_EQ(take(A, T2, 1) | take(C, T2, 3), 0);
    CHECK_EQ(give(C, T2) | give(A, T2), 0);
    CHECK_EQ(ViDeadlockGraphEdges(&graph), 3);
    CHECK_EQ(graph.Acquisitions, 5);
    CHECK_EQ(graph.Releases, 5);
}

static void try_acquire_adds_no_edge_into_the_lock(void)
{
    ViDeadlockInitializeGraph(&graph);
    CHECK_EQ(take(A, T1, 1) | take(B, T1, 2), 0);
    CHECK_EQ(give(B, T1) | give(A, T1), 0);
    CHECK_EQ(take(B, T2, 3), 0);
    /* A try cannot wait: no deadlock, no edge B -> A. */
    CHECK_EQ(ViDeadlockGraphAcquire(&graph, A, ViDeadlockFastMutex, T2, 4, TRUE,
                                    &report),
             0);
    CHECK_EQ(ViDeadlockGraphEdges(&graph), 1);
    CHECK_EQ(give(A, T2) | give(B, T2), 0);
}

static void recursion(void)
{
    ViDeadlockInitializeGraph(&graph);
    CHECK_EQ(take(A, T1, 1), 0);
    CHECK_EQ(take(A, T1, 2), VI_DEADLOCK_SELF);
    CHECK_EQ(report.Lock, A);
    /* A KMUTEX may be taken again by its owner. */
    CHECK_EQ(ViDeadlockGraphAcquire(&graph, B, ViDeadlockMutex, T1, 3, FALSE,
                                    &report),
             0);
    CHECK_EQ(ViDeadlockGraphAcquire(&graph, B, ViDeadlockMutex, T1, 4, FALSE,
                                    &report),
             0);
    CHECK_EQ(ViDeadlockGraphRelease(&graph, B, ViDeadlockMutex, T1, &report),
             0);
    CHECK_EQ(ViDeadlockGraphRelease(&graph, B, ViDeadlockMutex, T1, &report),
             0);
    CHECK_EQ(ViDeadlockGraphRelease(&graph, B, ViDeadlockMutex, T1, &report),
             VI_DEADLOCK_NOT_ACQUIRED);
}

static void release_mistakes(void)
{
    ViDeadlockInitializeGraph(&graph);
    CHECK_EQ(give(A, T1), VI_DEADLOCK_NOT_ACQUIRED);
    CHECK_EQ(report.Lock, A);
    CHECK_EQ(take(A, T1, 1), 0);
    CHECK_EQ(give(A, T2), VI_DEADLOCK_WRONG_THREAD);
    CHECK_EQ(report.Owner, T1);
    CHECK_EQ(report.Thread, T2);
    CHECK_EQ(ViDeadlockGraphRelease(&graph, A, ViDeadlockSpinLock, T1, &report),
             VI_DEADLOCK_RELEASE_MISMATCH);
    CHECK_EQ(report.OtherType, ViDeadlockFastMutex);
    CHECK_EQ(ViDeadlockGraphAcquire(&graph, A, ViDeadlockResource, T2, 2, FALSE,
                                    &report),
             VI_DEADLOCK_ACQUIRE_MISMATCH);
    CHECK_EQ(give(A, T1), 0);
    CHECK_EQ(give(A, T1), VI_DEADLOCK_NOT_ACQUIRED);
}

static void forgotten_locks_take_their_edges_along(void)
{
    ViDeadlockInitializeGraph(&graph);
    CHECK_EQ(take(A, T1, 0x500) | take(B, T1, 0x501), 0);
    CHECK_EQ(give(B, T1) | give(A, T1), 0);
    /* The block holding A is freed: A's edges go, the inversion is new. */
    CHECK_EQ(ViDeadlockGraphForget(&graph, A, 8, FALSE), 1);
    CHECK_EQ(ViDeadlockGraphEdges(&graph), 0);
    CHECK_EQ(take(B, T2, 1) | take(A, T2, 2), 0);
    CHECK_EQ(ViDeadlockGraphLocks(&graph), 2);
    /* A driver's image at 0x400-0x5FF took A... no: T2 took A at 2; B
     * was first taken at 0x501: forgetting by caller drops B only, and
     * B's hold by T2 with it. */
    CHECK_EQ(ViDeadlockGraphForget(&graph, 0x400, 0x200, TRUE), 1);
    CHECK_EQ(ViDeadlockGraphLocks(&graph), 1);
    CHECK_EQ(give(B, T2), VI_DEADLOCK_NOT_ACQUIRED);
    CHECK_EQ(give(A, T2), 0);
}

static void full_tables_judge_nothing_unseen(void)
{
    ULONG_PTR Lock;

    ViDeadlockInitializeGraph(&graph);
    for (Lock = 1; Lock <= VI_DEADLOCK_MAXIMUM_LOCKS + 1; Lock++)
        CHECK_EQ(ViDeadlockGraphAcquire(&graph, Lock * 16, ViDeadlockMutex,
                                        Lock, 1, FALSE, &report),
                 0);
    CHECK(graph.Overflows != 0);
    /* What found no slot (a thread, a lock) is released without a stop. */
    CHECK_EQ(ViDeadlockGraphRelease(
                 &graph, (VI_DEADLOCK_MAXIMUM_LOCKS + 1) * 16, ViDeadlockMutex,
                 VI_DEADLOCK_MAXIMUM_LOCKS + 1, &report),
             0);
}

/* Threads take random subsets of 12 locks in ascending order: no report;
 * then one thread takes a higher lock and, holding it, a lower one that
 * some thread took before it in order: a report, every time. */
static void random_global_order(void)
{
    unsigned Seed = host_test_seed();
    int Round;

    srand(Seed);
    for (Round = 0; Round < 200; Round++) {
        ULONG_PTR Thread;
        int Step, Lock, Low = -1, High = -1;

        ViDeadlockInitializeGraph(&graph);
        for (Step = 0; Step < 30; Step++) {
            Thread = 0x100 + (ULONG_PTR)(rand() % 4);
            int Taken[12], Count = 0;

            for (Lock = 0; Lock < 12; Lock++)
                if (rand() % 3 == 0) {
                    CHECK_MSG(take(0x1000 + Lock * 8, Thread, Lock) == 0,
                              "seed %u round %d: a report in order", Seed,
                              Round);
                    Taken[Count++] = Lock;
                }
            if (Count >= 2 && Low < 0) {
                Low = Taken[0];
                High = Taken[Count - 1];
            }
            while (Count > 0)
                CHECK_EQ(give(0x1000 + Taken[--Count] * 8, Thread), 0);
        }
        if (Low < 0)
            continue;
        CHECK_EQ(take(0x1000 + High * 8, 0x999, 1), 0);
        CHECK_MSG(take(0x1000 + Low * 8, 0x999, 2) == VI_DEADLOCK_CYCLE,
                  "seed %u round %d: no cycle for %d after %d", Seed, Round,
                  Low, High);
        CHECK_EQ(report.Cycle[report.CycleLength - 1].FromLock,
                 0x1000 + High * 8);
        CHECK_EQ(report.Cycle[0].FromLock, 0x1000 + Low * 8);
    }
}

int main(void)
{
    RUN(inversion_between_two_threads_is_a_cycle);
    RUN(three_locks_three_threads);
    RUN(same_order_everywhere_is_fine);
    RUN(try_acquire_adds_no_edge_into_the_lock);
    RUN(recursion);
    RUN(release_mistakes);
    RUN(forgotten_locks_take_their_edges_along);
    RUN(full_tables_judge_nothing_unseen);
    RUN(random_global_order);
    HOST_TEST_EXIT();
}
