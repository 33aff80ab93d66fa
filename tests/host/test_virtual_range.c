/* The guarded virtual range allocator behind system PTEs. */
#include "host_test.h"
#include "kernel/virtual_range.h"

#define BASE 0xC0800000UL
#define PAGES 256
#define PAGE 4096UL

static ULONG buffer[(PAGES + 31) / 32];
static MI_VIRTUAL_RANGE range;

static ULONG index_of(ULONG Address)
{
    return (Address - BASE) / PAGE;
}

static void runs_are_separated_by_guards(void)
{
    ULONG A, B;

    MiInitializeVirtualRange(&range, BASE, PAGES, buffer);
    CHECK_EQ(range.FreePages, PAGES - 1); /* the last page guards the end */
    A = MiReserveVirtualRange(&range, 3);
    B = MiReserveVirtualRange(&range, 2);
    CHECK_EQ(A, BASE + PAGE); /* page 0 is A's guard */
    CHECK_EQ(B, A + 4 * PAGE);
    CHECK(RtlCheckBit(&range.InUse, index_of(B) - 1)); /* B's guard */
    CHECK_EQ(range.FreePages, PAGES - 1 - 7);
    CHECK(MiIsInVirtualRange(&range, A));
    CHECK(!MiIsInVirtualRange(&range, BASE + PAGES * PAGE));
    CHECK(!MiIsInVirtualRange(&range, BASE - 1));
}

static void release_checks_what_it_is_given(void)
{
    ULONG A, B;

    MiInitializeVirtualRange(&range, BASE, PAGES, buffer);
    A = MiReserveVirtualRange(&range, 3);
    B = MiReserveVirtualRange(&range, 2);
    CHECK(!MiReleaseVirtualRange(&range, A + 1, 3, FALSE)); /* unaligned */
    CHECK(!MiReleaseVirtualRange(&range, BASE, 1, FALSE));  /* no guard */
    CHECK(!MiReleaseVirtualRange(&range, B, 3, FALSE));     /* too long */
    CHECK(!MiReleaseVirtualRange(&range, BASE + PAGES * PAGE, 1, FALSE));
    CHECK(!MiReleaseVirtualRange(&range, A, 0, FALSE));
    CHECK(MiReleaseVirtualRange(&range, A, 3, FALSE));
    CHECK(!MiReleaseVirtualRange(&range, A, 3, FALSE)); /* twice */
    CHECK(RtlAreBitsClear(&range.InUse, 0, 4));
    CHECK(MiReleaseVirtualRange(&range, B, 2, FALSE));
    CHECK_EQ(range.FreePages, PAGES - 1);
}

static void next_fit_does_not_reuse_at_once_and_wraps(void)
{
    ULONG A, B, C;

    MiInitializeVirtualRange(&range, BASE, PAGES, buffer);
    A = MiReserveVirtualRange(&range, 10);
    CHECK(MiReleaseVirtualRange(&range, A, 10, FALSE));
    B = MiReserveVirtualRange(&range, 10);
    CHECK(B != A);
    CHECK(MiReleaseVirtualRange(&range, B, 10, FALSE));
    /* Large enough that only the wrap finds room. */
    C = MiReserveVirtualRange(&range, PAGES - 3);
    CHECK_EQ(C, BASE + PAGE);
    CHECK_EQ(MiReserveVirtualRange(&range, 1), 0); /* full */
    CHECK_EQ(MiReserveVirtualRange(&range, 0), 0);
    CHECK(MiReleaseVirtualRange(&range, C, PAGES - 3, FALSE));
    CHECK_EQ(MiReserveVirtualRange(&range, PAGES), 0);
}

static void fixed_ranges_have_no_guard(void)
{
    ULONG A;

    MiInitializeVirtualRange(&range, BASE, PAGES, buffer);
    CHECK(MiReserveFixedRange(&range, BASE, 4));
    CHECK(!MiReserveFixedRange(&range, BASE + 3 * PAGE, 2)); /* overlaps */
    A = MiReserveVirtualRange(&range, 1);
    CHECK_EQ(A, BASE + 5 * PAGE);
    CHECK(!MiReleaseVirtualRange(&range, BASE, 7, TRUE)); /* page 6 free */
    CHECK(MiReleaseVirtualRange(&range, BASE, 4, TRUE));
    CHECK_EQ(range.FreePages, PAGES - 1 - 2);
}

static unsigned random_state;
static unsigned next_random(void)
{
    random_state = random_state * 1103515245u + 12345u;
    return random_state >> 8;
}

/* Random reserve/release; every run must be inside the range, guarded,
 * and never overlap another, and all must come back. */
static void random_runs_never_overlap(void)
{
    unsigned char owner[PAGES];
    ULONG Address[64], Count[64];
    unsigned Step, Slot, Index;

    random_state = host_test_seed();
    MiInitializeVirtualRange(&range, BASE, PAGES, buffer);
    memset(owner, 0, sizeof(owner));
    memset(Address, 0, sizeof(Address));
    for (Step = 0; Step < 20000; Step++) {
        Slot = next_random() % 64;
        if (Address[Slot] != 0) {
            CHECK(MiReleaseVirtualRange(&range, Address[Slot], Count[Slot],
                                        FALSE));
            memset(owner + index_of(Address[Slot]) - 1, 0, Count[Slot] + 1);
            Address[Slot] = 0;
            continue;
        }
        Count[Slot] = next_random() % 12 + 1;
        Address[Slot] = MiReserveVirtualRange(&range, Count[Slot]);
        if (Address[Slot] == 0)
            continue;
        Index = index_of(Address[Slot]);
        CHECK(Index >= 1 && Index + Count[Slot] <= PAGES - 1);
        for (ULONG Page = Index - 1; Page < Index + Count[Slot]; Page++) {
            CHECK_MSG(owner[Page] == 0, "step %u: page %lu handed out twice",
                      Step, (unsigned long)Page);
            owner[Page] = (unsigned char)(Slot + 1);
        }
    }
    for (Slot = 0; Slot < 64; Slot++)
        if (Address[Slot] != 0)
            CHECK(MiReleaseVirtualRange(&range, Address[Slot], Count[Slot],
                                        FALSE));
    CHECK_EQ(range.FreePages, PAGES - 1);
    CHECK_EQ(RtlNumberOfSetBits(&range.InUse), 1);
}

int main(void)
{
    RUN(runs_are_separated_by_guards);
    RUN(release_checks_what_it_is_given);
    RUN(next_fit_does_not_reuse_at_once_and_wraps);
    RUN(fixed_ranges_have_no_guard);
    RUN(random_runs_never_overlap);
    HOST_TEST_EXIT();
}
