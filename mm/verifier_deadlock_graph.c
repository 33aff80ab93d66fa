/*
 * Driver Verifier's lock-order graph (include/kernel/
 * verifier_deadlock_graph.h). Each lock a verified driver takes is a
 * node; each thread has the stack of nodes it holds. Taking L while
 * holding H adds the edge H -> L, unless a path L -> ... -> H is already
 * there: then the two orders have both been seen, and two threads taking
 * them at the wrong moment would wait for each other for ever. The search
 * is breadth first, so the cycle reported is a shortest one.
 */
#include "kernel/verifier_deadlock_graph.h"

#define NO_NODE 0xFFFF

VOID ViDeadlockInitializeGraph(VI_DEADLOCK_GRAPH *Graph)
{
    ULONG_PTR *Word = (ULONG_PTR *)Graph;
    SIZE_T Index;

    for (Index = 0; Index < sizeof(*Graph) / sizeof(*Word); Index++)
        Word[Index] = 0;
}

static ULONG find_node(const VI_DEADLOCK_GRAPH *Graph, ULONG_PTR Lock)
{
    ULONG Index;

    for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_LOCKS; Index++)
        if (Graph->Nodes[Index].Lock == Lock)
            return Index;
    return NO_NODE;
}

static VI_DEADLOCK_THREAD *find_thread(VI_DEADLOCK_GRAPH *Graph,
                                       ULONG_PTR Thread)
{
    ULONG Index;

    for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_THREADS; Index++)
        if (Graph->Threads[Index].Thread == Thread)
            return &Graph->Threads[Index];
    return NULL;
}

/* The position of Node in Thread's stack, the newest first; -1 if none. */
static LONG held_at(const VI_DEADLOCK_THREAD *Thread, ULONG Node)
{
    LONG Index;

    if (Thread == NULL)
        return -1;
    for (Index = (LONG)Thread->Count - 1; Index >= 0; Index--)
        if (Thread->Held[Index].Node == Node)
            return Index;
    return -1;
}

static BOOLEAN recursive(ULONG Type)
{
    return Type == ViDeadlockMutex || Type == ViDeadlockResource;
}

static LONG find_edge(const VI_DEADLOCK_GRAPH *Graph, ULONG From, ULONG To)
{
    ULONG Index;

    for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_EDGES; Index++)
        if (Graph->Edges[Index].InUse && Graph->Edges[Index].From == From &&
            Graph->Edges[Index].To == To)
            return (LONG)Index;
    return -1;
}

static VOID describe_edge(const VI_DEADLOCK_GRAPH *Graph,
                          const VI_DEADLOCK_EDGE *Edge,
                          VI_DEADLOCK_CYCLE_EDGE *Out)
{
    Out->FromLock = Graph->Nodes[Edge->From].Lock;
    Out->FromType = Graph->Nodes[Edge->From].Type;
    Out->ToLock = Graph->Nodes[Edge->To].Lock;
    Out->ToType = Graph->Nodes[Edge->To].Type;
    Out->Thread = Edge->Thread;
    Out->FromCaller = Edge->FromCaller;
    Out->ToCaller = Edge->ToCaller;
}

/* A path Start -> ... -> Goal along the edges: FALSE, or TRUE with its
 * edges in Report->Cycle, in order (at most VI_DEADLOCK_MAXIMUM_CYCLE - 1
 * of them shown: the closing edge comes last). */
static BOOLEAN find_path(const VI_DEADLOCK_GRAPH *Graph, ULONG Start,
                         ULONG Goal, VI_DEADLOCK_REPORT *Report)
{
    USHORT Queue[VI_DEADLOCK_MAXIMUM_LOCKS];
    USHORT Via[VI_DEADLOCK_MAXIMUM_LOCKS]; /* the edge that reached it */
    BOOLEAN Seen[VI_DEADLOCK_MAXIMUM_LOCKS] = {0};
    USHORT Path[VI_DEADLOCK_MAXIMUM_LOCKS];
    ULONG Head = 0, Tail = 0, Length = 0, Node, Index;

    Queue[Tail++] = (USHORT)Start;
    Seen[Start] = TRUE;
    while (Head < Tail) {
        Node = Queue[Head++];
        if (Node == Goal)
            break;
        for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_EDGES; Index++) {
            const VI_DEADLOCK_EDGE *Edge = &Graph->Edges[Index];

            if (!Edge->InUse || Edge->From != Node || Seen[Edge->To])
                continue;
            Seen[Edge->To] = TRUE;
            Via[Edge->To] = (USHORT)Index;
            Queue[Tail++] = Edge->To;
        }
    }
    if (!Seen[Goal])
        return FALSE;
    for (Node = Goal; Node != Start; Node = Graph->Edges[Via[Node]].From)
        Path[Length++] = Via[Node];
    Report->CycleLength = 0;
    while (Length > 0 && Report->CycleLength < VI_DEADLOCK_MAXIMUM_CYCLE - 1)
        describe_edge(Graph, &Graph->Edges[Path[--Length]],
                      &Report->Cycle[Report->CycleLength++]);
    return TRUE;
}

static BOOLEAN add_edge(VI_DEADLOCK_GRAPH *Graph, ULONG From, ULONG To,
                        ULONG_PTR Thread, ULONG_PTR FromCaller,
                        ULONG_PTR ToCaller)
{
    ULONG Index;

    for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_EDGES; Index++) {
        VI_DEADLOCK_EDGE *Edge = &Graph->Edges[Index];

        if (Edge->InUse)
            continue;
        Edge->InUse = TRUE;
        Edge->From = (USHORT)From;
        Edge->To = (USHORT)To;
        Edge->Thread = Thread;
        Edge->FromCaller = FromCaller;
        Edge->ToCaller = ToCaller;
        return TRUE;
    }
    Graph->Overflows++;
    return FALSE;
}

static VOID clear_report(VI_DEADLOCK_REPORT *Report, ULONG_PTR Lock, ULONG Type,
                         ULONG_PTR Thread)
{
    Report->Issue = 0;
    Report->Lock = Lock;
    Report->Owner = 0;
    Report->Thread = Thread;
    Report->Type = Type;
    Report->OtherType = Type;
    Report->CycleLength = 0;
}

/* The thread holding Node other than Thread, or 0. */
static ULONG_PTR other_holder(VI_DEADLOCK_GRAPH *Graph, ULONG Node,
                              ULONG_PTR Thread)
{
    ULONG Index;

    for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_THREADS; Index++) {
        VI_DEADLOCK_THREAD *Other = &Graph->Threads[Index];

        if (Other->Thread != 0 && Other->Thread != Thread &&
            held_at(Other, Node) >= 0)
            return Other->Thread;
    }
    return 0;
}

ULONG ViDeadlockGraphAcquire(VI_DEADLOCK_GRAPH *Graph, ULONG_PTR Lock,
                             ULONG Type, ULONG_PTR Thread, ULONG_PTR Caller,
                             BOOLEAN Try, VI_DEADLOCK_REPORT *Report)
{
    ULONG Node = find_node(Graph, Lock), Index;
    VI_DEADLOCK_THREAD *Holder = find_thread(Graph, Thread);

    clear_report(Report, Lock, Type, Thread);
    if (Node != NO_NODE && Graph->Nodes[Node].Type != Type) {
        Report->Issue = VI_DEADLOCK_ACQUIRE_MISMATCH;
        Report->OtherType = Graph->Nodes[Node].Type;
        return Report->Issue;
    }
    if (Node != NO_NODE && held_at(Holder, Node) >= 0) {
        if (!recursive(Type)) {
            Report->Issue = VI_DEADLOCK_SELF;
            return Report->Issue;
        }
    } else if (Node != NO_NODE && !Try) {
        /* Each lock held, newest first: does the graph already lead from
         * the lock asked for back to it? */
        for (Index = Holder != NULL ? Holder->Count : 0; Index-- > 0;) {
            ULONG Held = Holder->Held[Index].Node;

            if (Held == Node || find_edge(Graph, Held, Node) >= 0)
                continue;
            if (find_path(Graph, Node, Held, Report)) {
                VI_DEADLOCK_EDGE Closing = {TRUE,
                                            (USHORT)Held,
                                            (USHORT)Node,
                                            Thread,
                                            Holder->Held[Index].Caller,
                                            Caller};

                describe_edge(Graph, &Closing,
                              &Report->Cycle[Report->CycleLength++]);
                Report->Issue = VI_DEADLOCK_CYCLE;
                return Report->Issue;
            }
        }
    }
    if (Node == NO_NODE) {
        Node = find_node(Graph, 0);
        if (Node == NO_NODE) {
            Graph->Overflows++;
            return 0;
        }
        Graph->Nodes[Node].Lock = Lock;
        Graph->Nodes[Node].Type = Type;
        Graph->Nodes[Node].FirstCaller = Caller;
    }
    if (Holder == NULL) {
        Holder = find_thread(Graph, 0);
        if (Holder == NULL) {
            Graph->Overflows++;
            return 0;
        }
        Holder->Thread = Thread;
        Holder->Count = 0;
    }
    if (Holder->Count == VI_DEADLOCK_MAXIMUM_HELD) {
        Graph->Overflows++;
        return 0;
    }
    if (!Try && held_at(Holder, Node) < 0)
        for (Index = 0; Index < Holder->Count; Index++) {
            ULONG Held = Holder->Held[Index].Node;

            if (Held != Node && find_edge(Graph, Held, Node) < 0)
                add_edge(Graph, Held, Node, Thread, Holder->Held[Index].Caller,
                         Caller);
        }
    Holder->Held[Holder->Count].Node = (USHORT)Node;
    Holder->Held[Holder->Count].Caller = Caller;
    Holder->Count++;
    Graph->Acquisitions++;
    return 0;
}

static VOID drop_held(VI_DEADLOCK_THREAD *Holder, LONG Position)
{
    ULONG Index;

    for (Index = (ULONG)Position; Index + 1 < Holder->Count; Index++)
        Holder->Held[Index] = Holder->Held[Index + 1];
    if (--Holder->Count == 0)
        Holder->Thread = 0;
}

ULONG ViDeadlockGraphRelease(VI_DEADLOCK_GRAPH *Graph, ULONG_PTR Lock,
                             ULONG Type, ULONG_PTR Thread,
                             VI_DEADLOCK_REPORT *Report)
{
    ULONG Node = find_node(Graph, Lock);
    VI_DEADLOCK_THREAD *Holder = find_thread(Graph, Thread);
    LONG Position;

    clear_report(Report, Lock, Type, Thread);
    if (Node == NO_NODE) {
        if (Graph->Overflows == 0)
            Report->Issue = VI_DEADLOCK_NOT_ACQUIRED;
        return Report->Issue;
    }
    if (Graph->Nodes[Node].Type != Type) {
        Report->Issue = VI_DEADLOCK_RELEASE_MISMATCH;
        Report->OtherType = Graph->Nodes[Node].Type;
        return Report->Issue;
    }
    Position = held_at(Holder, Node);
    if (Position < 0) {
        Report->Owner = other_holder(Graph, Node, Thread);
        if (Report->Owner != 0)
            Report->Issue = VI_DEADLOCK_WRONG_THREAD;
        else if (Graph->Overflows == 0)
            Report->Issue = VI_DEADLOCK_NOT_ACQUIRED;
        return Report->Issue;
    }
    drop_held(Holder, Position);
    Graph->Releases++;
    return 0;
}

ULONG ViDeadlockGraphForget(VI_DEADLOCK_GRAPH *Graph, ULONG_PTR Start,
                            SIZE_T Size, BOOLEAN ByCaller)
{
    ULONG Node, Index, Forgotten = 0;

    for (Node = 0; Node < VI_DEADLOCK_MAXIMUM_LOCKS; Node++) {
        VI_DEADLOCK_NODE *Entry = &Graph->Nodes[Node];

        if (Entry->Lock == 0 ||
            (Entry->Lock - Start >= Size &&
             (!ByCaller || Entry->FirstCaller - Start >= Size)))
            continue;
        for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_EDGES; Index++)
            if (Graph->Edges[Index].InUse &&
                (Graph->Edges[Index].From == Node ||
                 Graph->Edges[Index].To == Node))
                Graph->Edges[Index].InUse = FALSE;
        for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_THREADS; Index++) {
            VI_DEADLOCK_THREAD *Holder = &Graph->Threads[Index];
            LONG Position;

            while (Holder->Thread != 0 &&
                   (Position = held_at(Holder, Node)) >= 0)
                drop_held(Holder, Position);
        }
        Entry->Lock = 0;
        Forgotten++;
    }
    Graph->Forgotten += Forgotten;
    return Forgotten;
}

ULONG ViDeadlockGraphLocks(const VI_DEADLOCK_GRAPH *Graph)
{
    ULONG Index, Count = 0;

    for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_LOCKS; Index++)
        Count += Graph->Nodes[Index].Lock != 0;
    return Count;
}

ULONG ViDeadlockGraphEdges(const VI_DEADLOCK_GRAPH *Graph)
{
    ULONG Index, Count = 0;

    for (Index = 0; Index < VI_DEADLOCK_MAXIMUM_EDGES; Index++)
        Count += Graph->Edges[Index].InUse;
    return Count;
}
