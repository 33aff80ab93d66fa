/*
 * Driver Verifier's deadlock detection, the pure part
 * (mm/verifier_deadlock_graph.c, docs/verifier.md): the locks verified
 * drivers take, which thread holds which, and the lock-order graph (an
 * edge A -> B: some thread took B while holding A). Taking A while
 * holding B when the graph already leads from A to B closes a cycle:
 * two threads doing so at the wrong moment deadlock. Fixed tables, no
 * locking, nothing allocated: the kernel holds its own lock around each
 * call (mm/verifier_deadlock.c), and the host tests run it as it is.
 */
#ifndef KERNEL_VERIFIER_DEADLOCK_GRAPH_H
#define KERNEL_VERIFIER_DEADLOCK_GRAPH_H

#include "ntdef.h"

/* NT's deadlock subcodes of DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4). */
#define VI_DEADLOCK_SELF 0x1000             /* a non-recursive lock again */
#define VI_DEADLOCK_CYCLE 0x1001            /* a lock hierarchy violation */
#define VI_DEADLOCK_WRONG_THREAD 0x1004     /* released by a non-owner */
#define VI_DEADLOCK_NOT_ACQUIRED 0x1007     /* released, never acquired */
#define VI_DEADLOCK_ACQUIRE_MISMATCH 0x1008 /* another type's routine */
#define VI_DEADLOCK_RELEASE_MISMATCH 0x1009

#define VI_DEADLOCK_MAXIMUM_LOCKS 64
#define VI_DEADLOCK_MAXIMUM_EDGES 256
#define VI_DEADLOCK_MAXIMUM_THREADS 16
#define VI_DEADLOCK_MAXIMUM_HELD 16
#define VI_DEADLOCK_MAXIMUM_CYCLE 8 /* edges a report holds */

typedef enum _VI_DEADLOCK_TYPE {
    ViDeadlockSpinLock,
    ViDeadlockMutex, /* KMUTEX: recursive */
    ViDeadlockFastMutex,
    ViDeadlockResource, /* ERESOURCE: recursive */
    ViDeadlockTypes
} VI_DEADLOCK_TYPE;

typedef struct _VI_DEADLOCK_NODE {
    ULONG_PTR Lock; /* 0: a free slot */
    ULONG Type;
    ULONG_PTR FirstCaller; /* who took it first: its driver, at unload */
} VI_DEADLOCK_NODE;

/* From was held (taken at FromCaller) when Thread took To at ToCaller. */
typedef struct _VI_DEADLOCK_EDGE {
    BOOLEAN InUse;
    USHORT From, To;
    ULONG_PTR Thread;
    ULONG_PTR FromCaller, ToCaller;
} VI_DEADLOCK_EDGE;

typedef struct _VI_DEADLOCK_HELD {
    USHORT Node;
    ULONG_PTR Caller;
} VI_DEADLOCK_HELD;

typedef struct _VI_DEADLOCK_THREAD {
    ULONG_PTR Thread; /* 0: a free slot */
    ULONG Count;
    VI_DEADLOCK_HELD Held[VI_DEADLOCK_MAXIMUM_HELD];
} VI_DEADLOCK_THREAD;

typedef struct _VI_DEADLOCK_GRAPH {
    VI_DEADLOCK_NODE Nodes[VI_DEADLOCK_MAXIMUM_LOCKS];
    VI_DEADLOCK_EDGE Edges[VI_DEADLOCK_MAXIMUM_EDGES];
    VI_DEADLOCK_THREAD Threads[VI_DEADLOCK_MAXIMUM_THREADS];
    ULONG Acquisitions, Releases, Forgotten;
    /* A table was full: what could not be recorded is not judged (a
     * release of a lock never seen is then no mistake). */
    ULONG Overflows;
} VI_DEADLOCK_GRAPH;

/* One edge of a reported cycle, as the stop screen shows it. */
typedef struct _VI_DEADLOCK_CYCLE_EDGE {
    ULONG_PTR FromLock, ToLock;
    ULONG FromType, ToType;
    ULONG_PTR Thread, FromCaller, ToCaller;
} VI_DEADLOCK_CYCLE_EDGE;

/* What a call found: Issue 0, or NT's subcode with its parameters. */
typedef struct _VI_DEADLOCK_REPORT {
    ULONG Issue;
    ULONG_PTR Lock;        /* parameter 2 */
    ULONG_PTR Owner;       /* 0x1004: the thread that holds it */
    ULONG_PTR Thread;      /* the thread that called */
    ULONG Type, OtherType; /* the routine's type; 0x1008/9: the lock's */
    ULONG CycleLength;     /* 0x1001: the edges, the new one last */
    VI_DEADLOCK_CYCLE_EDGE Cycle[VI_DEADLOCK_MAXIMUM_CYCLE];
} VI_DEADLOCK_REPORT;

VOID ViDeadlockInitializeGraph(VI_DEADLOCK_GRAPH *Graph);
/* Thread takes Lock (Try: a try-acquire, which cannot wait and so adds
 * no edge into Lock). Returns Report->Issue; with an issue nothing is
 * recorded. */
ULONG ViDeadlockGraphAcquire(VI_DEADLOCK_GRAPH *Graph, ULONG_PTR Lock,
                             ULONG Type, ULONG_PTR Thread, ULONG_PTR Caller,
                             BOOLEAN Try, VI_DEADLOCK_REPORT *Report);
ULONG ViDeadlockGraphRelease(VI_DEADLOCK_GRAPH *Graph, ULONG_PTR Lock,
                             ULONG Type, ULONG_PTR Thread,
                             VI_DEADLOCK_REPORT *Report);
/* Forgets the locks at addresses in [Start, Start + Size), and, when
 * ByCaller, those first taken from there too (a driver's image): their
 * edges and holds go. Returns how many. */
ULONG ViDeadlockGraphForget(VI_DEADLOCK_GRAPH *Graph, ULONG_PTR Start,
                            SIZE_T Size, BOOLEAN ByCaller);
/* Locks and edges recorded now. */
ULONG ViDeadlockGraphLocks(const VI_DEADLOCK_GRAPH *Graph);
ULONG ViDeadlockGraphEdges(const VI_DEADLOCK_GRAPH *Graph);

#endif
