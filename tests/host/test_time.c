/* Calendar time to NT's system time (RtlTimeFieldsToTime). */
#include "host_test.h"
#include "ntrtl.h"

static LONGLONG to_time(int Year, int Month, int Day, int Hour, int Minute,
                        int Second, int Milliseconds, BOOLEAN *Valid)
{
    TIME_FIELDS Fields = {
        (CSHORT)Year,   (CSHORT)Month,  (CSHORT)Day,          (CSHORT)Hour,
        (CSHORT)Minute, (CSHORT)Second, (CSHORT)Milliseconds, 0};
    LARGE_INTEGER Time = {.QuadPart = -1};

    *Valid = RtlTimeFieldsToTime(&Fields, &Time);
    return Time.QuadPart;
}

static void known_dates_give_nt_times(void)
{
    BOOLEAN Valid;

    CHECK_EQ(to_time(1601, 1, 1, 0, 0, 0, 0, &Valid), 0);
    CHECK(Valid);
    /* The Unix epoch: 11644473600 seconds after 1601. */
    CHECK_EQ(to_time(1970, 1, 1, 0, 0, 0, 0, &Valid), 116444736000000000LL);
    /* The kernel's fixed boot epoch, 2026-01-01. */
    CHECK_EQ(to_time(2026, 1, 1, 0, 0, 0, 0, &Valid), 0x01DC7AB192810000LL);
    /* 2000-02-29 12:34:56.789: a leap day of a year divisible by 400. */
    CHECK_EQ(to_time(2000, 2, 29, 12, 34, 56, 789, &Valid),
             (946684800LL + 59 * 86400 + 12 * 3600 + 34 * 60 + 56) * 10000000 +
                 789 * 10000 + 116444736000000000LL);
    CHECK(Valid);
    CHECK_EQ(to_time(2024, 12, 31, 23, 59, 59, 999, &Valid) + 10000,
             to_time(2025, 1, 1, 0, 0, 0, 0, &Valid));
}

static void impossible_dates_are_refused(void)
{
    BOOLEAN Valid;

    CHECK_EQ(to_time(1900, 2, 29, 0, 0, 0, 0, &Valid), -1); /* not leap */
    CHECK(!Valid);
    to_time(2023, 2, 29, 0, 0, 0, 0, &Valid);
    CHECK(!Valid);
    to_time(2023, 4, 31, 0, 0, 0, 0, &Valid);
    CHECK(!Valid);
    to_time(2023, 13, 1, 0, 0, 0, 0, &Valid);
    CHECK(!Valid);
    to_time(2023, 0, 1, 0, 0, 0, 0, &Valid);
    CHECK(!Valid);
    to_time(2023, 1, 0, 0, 0, 0, 0, &Valid);
    CHECK(!Valid);
    to_time(2023, 1, 1, 24, 0, 0, 0, &Valid);
    CHECK(!Valid);
    to_time(2023, 1, 1, 0, 60, 0, 0, &Valid);
    CHECK(!Valid);
    to_time(2023, 1, 1, 0, 0, 60, 0, &Valid);
    CHECK(!Valid);
    to_time(2023, 1, 1, 0, 0, 0, 1000, &Valid);
    CHECK(!Valid);
    to_time(1600, 12, 31, 0, 0, 0, 0, &Valid);
    CHECK(!Valid);
    to_time(2000, 2, 29, 0, 0, 0, 0, &Valid);
    CHECK(Valid);
}

int main(void)
{
    RUN(known_dates_give_nt_times);
    RUN(impossible_dates_are_refused);
    HOST_TEST_EXIT();
}
