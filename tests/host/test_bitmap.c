/* RTL_BITMAP: set, clear, test and search, against a byte-per-bit model. */
#include "host_test.h"
#include "ntrtl.h"

#define BITS 200

static ULONG buffer[(BITS + 31) / 32];
static RTL_BITMAP map;

static void set_clear_and_check(void)
{
    RtlInitializeBitMap(&map, buffer, BITS);
    RtlClearAllBits(&map);
    CHECK_EQ(RtlNumberOfSetBits(&map), 0);
    RtlSetBits(&map, 30, 40); /* crosses two word boundaries */
    CHECK_EQ(RtlNumberOfSetBits(&map), 40);
    CHECK(!RtlCheckBit(&map, 29));
    CHECK(RtlCheckBit(&map, 30));
    CHECK(RtlCheckBit(&map, 69));
    CHECK(!RtlCheckBit(&map, 70));
    CHECK(RtlAreBitsSet(&map, 30, 40));
    CHECK(!RtlAreBitsSet(&map, 29, 2));
    CHECK(RtlAreBitsClear(&map, 70, BITS - 70));
    CHECK(!RtlAreBitsClear(&map, 69, 1));
    CHECK(!RtlAreBitsClear(&map, BITS - 1, 2)); /* past the end */
    RtlClearBits(&map, 32, 32);
    CHECK_EQ(RtlNumberOfSetBits(&map), 8);
    CHECK_EQ(RtlNumberOfClearBits(&map), BITS - 8);
    RtlSetAllBits(&map);
    CHECK_EQ(RtlNumberOfSetBits(&map), BITS);
}

static void search_finds_first_fit_from_hint_and_wraps(void)
{
    RtlInitializeBitMap(&map, buffer, BITS);
    RtlClearAllBits(&map);
    RtlSetBits(&map, 0, 10);
    RtlSetBits(&map, 15, 100);
    CHECK_EQ(RtlFindClearBits(&map, 5, 0), 10);
    CHECK_EQ(RtlFindClearBits(&map, 6, 0), 115);
    CHECK_EQ(RtlFindClearBits(&map, 5, 120), 120);
    /* From a hint near the end, a run that fits only below it is found by
     * wrapping. */
    RtlSetBits(&map, 115, BITS - 115 - 3);
    CHECK_EQ(RtlFindClearBits(&map, 4, BITS - 2), 10);
    CHECK_EQ(RtlFindClearBits(&map, 3, BITS - 3), BITS - 3);
    CHECK_EQ(RtlFindClearBits(&map, 6, 0), 0xFFFFFFFF);
    CHECK_EQ(RtlFindClearBits(&map, 0, 0), 0xFFFFFFFF);
    CHECK_EQ(RtlFindClearBits(&map, BITS + 1, 0), 0xFFFFFFFF);
    CHECK_EQ(RtlFindClearBitsAndSet(&map, 5, 0), 10);
    CHECK(RtlAreBitsSet(&map, 0, 115));
}

static unsigned random_state;
static unsigned next_random(void)
{
    random_state = random_state * 1103515245u + 12345u;
    return random_state >> 8;
}

static int model_find(const unsigned char *Model, unsigned Number,
                      unsigned Hint)
{
    unsigned Pass, Start, Index;

    for (Pass = 0; Pass < 2; Pass++) {
        for (Start = Pass ? 0 : Hint; Start + Number <= BITS; Start++) {
            if (Pass && Start >= Hint)
                break;
            for (Index = 0; Index < Number && !Model[Start + Index]; Index++)
                ;
            if (Index == Number)
                return (int)Start;
        }
    }
    return -1;
}

static void random_operations_match_a_model(void)
{
    unsigned char model[BITS];
    unsigned Step, Index;

    random_state = host_test_seed();
    RtlInitializeBitMap(&map, buffer, BITS);
    RtlClearAllBits(&map);
    memset(model, 0, sizeof(model));
    for (Step = 0; Step < 20000; Step++) {
        unsigned Start = next_random() % BITS;
        unsigned Count = next_random() % (BITS - Start) + 1;
        unsigned Hint = next_random() % BITS;
        int Expected;
        ULONG Found;

        switch (next_random() % 3) {
        case 0:
            RtlSetBits(&map, Start, Count);
            memset(model + Start, 1, Count);
            break;
        case 1:
            RtlClearBits(&map, Start, Count);
            memset(model + Start, 0, Count);
            break;
        default:
            Count = Count % 24 + 1;
            Expected = model_find(model, Count, Hint);
            Found = RtlFindClearBits(&map, Count, Hint);
            CHECK_MSG(Found == (Expected < 0 ? 0xFFFFFFFFu : (ULONG)Expected),
                      "step %u: find %u from %u gave %u, model %d", Step, Count,
                      Hint, Found, Expected);
        }
        for (Index = 0; Index < BITS; Index++)
            CHECK_MSG(RtlCheckBit(&map, Index) == model[Index],
                      "step %u: bit %u", Step, Index);
    }
}

int main(void)
{
    RUN(set_clear_and_check);
    RUN(search_finds_first_fit_from_hint_and_wraps);
    RUN(random_operations_match_a_model);
    HOST_TEST_EXIT();
}
