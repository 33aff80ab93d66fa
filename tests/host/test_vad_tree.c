/*
 * The balanced VAD tree against a simple model: a map of which node owns
 * each page. Random inserts, removals, lookups and free-range searches;
 * after every step the tree's own checker (balance, order, parents,
 * count) and a full comparison with the model.
 */
#include "host_test.h"
#include "kernel/vad_tree.h"

#define PAGES 2048
#define NODES 400
#define STEPS 200000

static MMVAD nodes[NODES];
static int linked[NODES];
static int owner[PAGES]; /* node index + 1, or 0 for free */
static MM_AVL_TABLE table;

static void reset(void)
{
    memset(nodes, 0, sizeof(nodes));
    memset(linked, 0, sizeof(linked));
    memset(owner, 0, sizeof(owner));
    MiInitializeVadTree(&table);
}

static int model_free(ULONG Start, ULONG End)
{
    ULONG Page;

    for (Page = Start; Page <= End; Page++)
        if (owner[Page] != 0)
            return 0;
    return 1;
}

/* The model's answer to MiFindEmptyVpnRange: brute force. */
static int model_find(ULONG Count, ULONG Align, ULONG Low, ULONG High,
                      int TopDown, ULONG *Found)
{
    long Start;

    if (High < Low || High - Low + 1 < Count)
        return 0;
    if (TopDown) {
        for (Start = (long)(High + 1 - Count); Start >= (long)Low; Start--)
            if (Start % Align == 0 && model_free(Start, Start + Count - 1)) {
                *Found = (ULONG)Start;
                return 1;
            }
        return 0;
    }
    for (Start = Low; Start + Count - 1 <= High; Start++)
        if (Start % Align == 0 && model_free(Start, Start + Count - 1)) {
            *Found = (ULONG)Start;
            return 1;
        }
    return 0;
}

/* In-order walk equals the model's runs. */
static int matches_model(void)
{
    PMMVAD Vad = MiGetFirstVad(&table);
    ULONG Page = 0, Count = 0;

    while (Page < PAGES) {
        if (owner[Page] == 0) {
            Page++;
            continue;
        }
        if (Vad != &nodes[owner[Page] - 1] || Vad->StartingVpn != Page)
            return 0;
        Page = Vad->EndingVpn + 1;
        Vad = MiGetNextVad(Vad);
        Count++;
    }
    return Vad == NULL && Count == table.NumberGenericTableElements;
}

static void random_operations_match_the_model(void)
{
    unsigned Seed = host_test_seed();
    ULONG Step, Page, Index, Found, Expected, Count, Align, Low, High;
    int Op, TopDown, Ok;

    srand(Seed);
    reset();
    for (Step = 0; Step < STEPS; Step++) {
        Op = rand() % 10;
        Index = (ULONG)rand() % NODES;
        if (Op < 4 && !linked[Index]) {
            PMMVAD Vad = &nodes[Index];
            Vad->StartingVpn = (ULONG)rand() % PAGES;
            Vad->EndingVpn = Vad->StartingVpn + (ULONG)rand() % 8;
            if (rand() % 8 == 0)
                Vad->EndingVpn = Vad->StartingVpn + (ULONG)rand() % 64;
            if (Vad->EndingVpn >= PAGES)
                Vad->EndingVpn = PAGES - 1;
            Expected = model_free(Vad->StartingVpn, Vad->EndingVpn);
            CHECK_MSG(MiInsertVad(&table, Vad) == (BOOLEAN)Expected,
                      "step %u: insert %x-%x gave the wrong answer", Step,
                      Vad->StartingVpn, Vad->EndingVpn);
            if (Expected) {
                linked[Index] = 1;
                for (Page = Vad->StartingVpn; Page <= Vad->EndingVpn; Page++)
                    owner[Page] = (int)Index + 1;
            }
        } else if (Op < 7 && linked[Index]) {
            MiRemoveVad(&table, &nodes[Index]);
            linked[Index] = 0;
            for (Page = nodes[Index].StartingVpn;
                 Page <= nodes[Index].EndingVpn; Page++)
                owner[Page] = 0;
        } else if (Op < 8) {
            PMMVAD Vad;
            Page = (ULONG)rand() % PAGES;
            Vad = MiLocateVpn(&table, Page);
            CHECK_MSG(Vad == (owner[Page] ? &nodes[owner[Page] - 1] : NULL),
                      "step %u: lookup of %x", Step, Page);
            Vad = MiFirstVadAtOrAbove(&table, Page);
            while (Page < PAGES && owner[Page] == 0)
                Page++;
            CHECK_MSG(Vad == (Page < PAGES ? &nodes[owner[Page] - 1] : NULL),
                      "step %u: first at or above", Step);
        } else {
            Count = 1 + (ULONG)rand() % 40;
            Align = 1u << (rand() % 5);
            Low = (ULONG)rand() % PAGES;
            High = (ULONG)rand() % PAGES;
            TopDown = rand() % 2;
            Ok = model_find(Count, Align, Low, High, TopDown, &Expected);
            CHECK_MSG(MiFindEmptyVpnRange(&table, Count, Align, Low, High,
                                          (BOOLEAN)TopDown,
                                          &Found) == (BOOLEAN)Ok,
                      "step %u: find %u pages (align %u) in %x-%x %s", Step,
                      Count, Align, Low, High, TopDown ? "down" : "up");
            CHECK_MSG(!Ok || Found == Expected,
                      "step %u: found %x, the model %x", Step, Found, Expected);
        }
        CHECK_MSG(MiCheckVadTree(&table) == 0, "step %u: invariant %u", Step,
                  MiCheckVadTree(&table));
        CHECK_MSG(matches_model(), "step %u: in-order walk differs", Step);
    }
}

/* Ascending inserts (the worst case for an unbalanced tree) keep the
 * height logarithmic: 1023 nodes fit in height 10 (a perfect tree). */
static LONG height(PMMVAD Node)
{
    LONG Left, Right;

    if (Node == NULL)
        return 0;
    Left = height(Node->LeftChild);
    Right = height(Node->RightChild);
    return 1 + (Left > Right ? Left : Right);
}

static void ascending_inserts_stay_balanced(void)
{
    static MMVAD Many[1023];
    ULONG Index;

    MiInitializeVadTree(&table);
    for (Index = 0; Index < 1023; Index++) {
        Many[Index].StartingVpn = Index * 2;
        Many[Index].EndingVpn = Index * 2;
        CHECK(MiInsertVad(&table, &Many[Index]));
    }
    CHECK_EQ(MiCheckVadTree(&table), 0);
    CHECK_EQ(height(table.Root), 10);
    CHECK_EQ(table.NumberGenericTableElements, 1023);
    for (Index = 0; Index < 1023; Index += 2)
        MiRemoveVad(&table, &Many[Index]);
    CHECK_EQ(MiCheckVadTree(&table), 0);
    CHECK(height(table.Root) <= 9);
}

/* The checker itself catches a broken balance factor and order. */
static void checker_catches_broken_trees(void)
{
    static MMVAD A, B, C;

    MiInitializeVadTree(&table);
    A.StartingVpn = A.EndingVpn = 1;
    B.StartingVpn = B.EndingVpn = 2;
    C.StartingVpn = C.EndingVpn = 3;
    CHECK(MiInsertVad(&table, &A) && MiInsertVad(&table, &B) &&
          MiInsertVad(&table, &C));
    CHECK_EQ(MiCheckVadTree(&table), 0);
    CHECK(table.Root == &B); /* rotated */
    B.Balance = 1;
    CHECK_EQ(MiCheckVadTree(&table), 4);
    B.Balance = 0;
    A.StartingVpn = A.EndingVpn = 5;
    CHECK_EQ(MiCheckVadTree(&table), 3);
    A.StartingVpn = A.EndingVpn = 1;
    C.Parent = &A;
    CHECK_EQ(MiCheckVadTree(&table), 1);
    C.Parent = &B;
    table.NumberGenericTableElements = 2;
    CHECK_EQ(MiCheckVadTree(&table), 6);
}

int main(void)
{
    RUN(random_operations_match_the_model);
    RUN(ascending_inserts_stay_balanced);
    RUN(checker_catches_broken_trees);
    HOST_TEST_EXIT();
}
