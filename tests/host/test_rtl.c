/* Rtl memory routines against the C library's, including overlaps. */
#include "host_test.h"
#include "ntrtl.h"

static void copy_overlapping_forward_and_back(void)
{
    char Buffer[32] = "0123456789abcdef";

    (RtlCopyMemory)(Buffer + 3, Buffer, 10);
    CHECK_STR(Buffer, "0120123456789def");
    (RtlMoveMemory)(Buffer, Buffer + 3, 10);
    CHECK_STR(Buffer, "0123456789789def");
}

static void zero_length_touches_nothing(void)
{
    (RtlCopyMemory)(NULL, NULL, 0);
    (RtlMoveMemory)(NULL, (void *)1, 0);
    (RtlFillMemory)(NULL, 0, 0xAA);
    (RtlZeroMemory)(NULL, 0);
    CHECK_EQ(RtlCompareMemory(NULL, NULL, 0), 0);
}

static void compare_counts_equal_prefix(void)
{
    CHECK_EQ(RtlCompareMemory("abcdef", "abcxef", 6), 3);
    CHECK_EQ(RtlCompareMemory("abcdef", "abcdef", 6), 6);
    CHECK_EQ(RtlCompareMemory("x", "y", 1), 0);
}

static void fill_and_zero(void)
{
    unsigned char Buffer[40];
    size_t Index;

    memset(Buffer, 0x11, sizeof(Buffer));
    (RtlFillMemory)(Buffer + 1, 37, 0xA5);
    CHECK_EQ(Buffer[0], 0x11);
    CHECK_EQ(Buffer[39], 0x11);
    CHECK_EQ(Buffer[38], 0x11);
    for (Index = 1; Index < 38; Index++)
        CHECK_EQ(Buffer[Index], 0xA5);
    (RtlZeroMemory)(Buffer + 5, 3);
    CHECK_EQ(Buffer[4], 0xA5);
    CHECK_EQ(Buffer[5] | Buffer[6] | Buffer[7], 0);
    CHECK_EQ(Buffer[8], 0xA5);
}

/* The macros expand to the C library, as the WDK's do. */
static void macros_are_the_wdk_ones(void)
{
    char Buffer[8] = "abcdefg";

    RtlZeroMemory(Buffer, 2);
    RtlFillMemory(Buffer + 2, 2, 'z');
    CHECK(memcmp(Buffer, "\0\0zzefg", 8) == 0);
    CHECK(RtlEqualMemory(Buffer + 4, "efg", 3));
}

/* Random lengths, offsets and overlaps against memmove/memset. */
static void ulong_fill_and_compare_count_whole_ulongs(void)
{
    ULONG Buffer[4] = {1, 1, 1, 1};

    /* 10 bytes: two ULONGs, the odd two bytes untouched. */
    RtlFillMemoryUlong(Buffer, 10, 0xA5A5A5A5);
    CHECK_EQ(Buffer[0], 0xA5A5A5A5);
    CHECK_EQ(Buffer[1], 0xA5A5A5A5);
    CHECK_EQ(Buffer[2], 1);
    CHECK_EQ(RtlCompareMemoryUlong(Buffer, 16, 0xA5A5A5A5), 8);
    CHECK_EQ(RtlCompareMemoryUlong(Buffer, 7, 0xA5A5A5A5), 4);
    CHECK_EQ(RtlCompareMemoryUlong(Buffer, 3, 0xA5A5A5A5), 0);
    CHECK_EQ(RtlCompareMemoryUlong(Buffer, 16, 1), 0);
    RtlFillMemoryUlong(Buffer, 3, 7); /* less than a ULONG: nothing */
    CHECK_EQ(Buffer[0], 0xA5A5A5A5);
}

static void secure_zero_and_byte_macros(void)
{
    UCHAR Buffer[8] = {1, 2, 3, 4, 5, 6, 7, 8};

    CHECK(RtlSecureZeroMemory(Buffer + 1, 3) == Buffer + 1);
    CHECK_EQ(Buffer[0], 1);
    CHECK_EQ(Buffer[1] | Buffer[2] | Buffer[3], 0);
    CHECK_EQ(Buffer[4], 5);
    RtlFillBytes(Buffer, 2, 9);
    CHECK_EQ(Buffer[1], 9);
    RtlCopyBytes(Buffer + 4, Buffer, 2);
    CHECK_EQ(Buffer[5], 9);
    RtlZeroBytes(Buffer, 8);
    CHECK_EQ(RtlCompareMemory(Buffer, "\0\0\0\0\0\0\0\0", 8), 8);
}

static void randomised_against_libc(void)
{
    static unsigned char Ours[512], Model[512];
    unsigned Seed = host_test_seed();
    int Round;

    srand(Seed);
    for (Round = 0; Round < 200000; Round++) {
        size_t Length = (size_t)rand() % 200;
        size_t From = (size_t)rand() % (sizeof(Ours) - Length);
        size_t To = (size_t)rand() % (sizeof(Ours) - Length);
        int Operation = rand() % 3;

        if (Round % 1000 == 0) {
            size_t Index;
            for (Index = 0; Index < sizeof(Ours); Index++)
                Ours[Index] = Model[Index] = (unsigned char)rand();
        }
        if (Operation == 0) {
            (RtlMoveMemory)(Ours + To, Ours + From, Length);
            memmove(Model + To, Model + From, Length);
        } else if (Operation == 1) {
            (RtlCopyMemory)(Ours + To, Ours + From, Length);
            memmove(Model + To, Model + From, Length);
        } else {
            (RtlFillMemory)(Ours + To, Length, (unsigned char)From);
            memset(Model + To, (unsigned char)From, Length);
        }
        CHECK_MSG(memcmp(Ours, Model, sizeof(Ours)) == 0,
                  "round %d: op %d from %zu to %zu length %zu (seed %u)", Round,
                  Operation, From, To, Length, Seed);
    }
}

int main(void)
{
    RUN(copy_overlapping_forward_and_back);
    RUN(zero_length_touches_nothing);
    RUN(compare_counts_equal_prefix);
    RUN(fill_and_zero);
    RUN(macros_are_the_wdk_ones);
    RUN(ulong_fill_and_compare_count_whole_ulongs);
    RUN(secure_zero_and_byte_macros);
    RUN(randomised_against_libc);
    HOST_TEST_EXIT();
}
