/* The byte ring between an ISR and its DPC, and under the console queue. */
#include "host_test.h"
#include "kernel/byte_ring.h"

static void bytes_come_out_in_order_across_the_wrap(void)
{
    UCHAR Storage[4];
    BYTE_RING Ring = BYTE_RING_INITIALIZER(Storage);
    UCHAR Byte;
    unsigned Round;

    for (Round = 0; Round < 10; Round++) { /* head walks round many times */
        CHECK(KiByteRingPut(&Ring, (UCHAR)(3 * Round)));
        CHECK(KiByteRingPut(&Ring, (UCHAR)(3 * Round + 1)));
        CHECK(KiByteRingTake(&Ring, &Byte));
        CHECK_EQ(Byte, 3 * Round);
        CHECK(KiByteRingTake(&Ring, &Byte));
        CHECK_EQ(Byte, 3 * Round + 1);
    }
    CHECK(!KiByteRingTake(&Ring, &Byte));
}

static void a_full_ring_refuses_counts_and_keeps_what_it_has(void)
{
    UCHAR Storage[3];
    BYTE_RING Ring = BYTE_RING_INITIALIZER(Storage);
    UCHAR Byte;

    CHECK(KiByteRingPut(&Ring, 'a'));
    CHECK(KiByteRingPut(&Ring, 'b'));
    CHECK(!KiByteRingFull(&Ring));
    CHECK(KiByteRingPut(&Ring, 'c'));
    CHECK(KiByteRingFull(&Ring));
    CHECK_EQ(Ring.Lost, 0);
    CHECK(!KiByteRingPut(&Ring, 'd'));
    CHECK(!KiByteRingPut(&Ring, 'd'));
    CHECK_EQ(Ring.Count, 3);
    CHECK_EQ(Ring.Lost, 2); /* every refused byte is counted */
    CHECK(KiByteRingTake(&Ring, &Byte) && Byte == 'a');
    CHECK(KiByteRingPut(&Ring, 'e'));
    CHECK(KiByteRingTake(&Ring, &Byte) && Byte == 'b');
    CHECK(KiByteRingTake(&Ring, &Byte) && Byte == 'c');
    CHECK(KiByteRingTake(&Ring, &Byte) && Byte == 'e');
    CHECK(!KiByteRingTake(&Ring, &Byte));
}

int main(void)
{
    RUN(bytes_come_out_in_order_across_the_wrap);
    RUN(a_full_ring_refuses_counts_and_keeps_what_it_has);
    HOST_TEST_EXIT();
}
