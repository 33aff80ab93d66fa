/* The formatted-print engine against what each conversion must produce. */
#include "host_test.h"
#include "kernel/format.h"

static char out[128];

#define FORMATS(Expected, ...)                                                 \
    do {                                                                       \
        ULONG Count_ = KiFormatString(out, sizeof(out), __VA_ARGS__);          \
        CHECK_STR(out, Expected);                                              \
        CHECK_EQ(Count_, strlen(Expected));                                    \
    } while (0)

static void integers(void)
{
    FORMATS("42 -42 0", "%d %i %u", 42, -42, 0u);
    FORMATS("-2147483648", "%d", (int)0x80000000);
    FORMATS("4294967295", "%u", 0xFFFFFFFFu);
    FORMATS("beef BEEF", "%x %X", 0xBEEFu, 0xBEEFu);
    FORMATS("18446744073709551615", "%llu", 0xFFFFFFFFFFFFFFFFull);
    FORMATS("-9223372036854775808", "%lld", (long long)0x8000000000000000ull);
    FORMATS("123456789abc", "%I64x", 0x123456789ABCull);
}

static void widths_and_padding(void)
{
    FORMATS("[   42]", "[%5d]", 42);
    FORMATS("[42   ]", "[%-5d]", 42);
    FORMATS("[00042]", "[%05d]", 42);
    FORMATS("[-0042]", "[%05d]", -42);
    FORMATS("[0000beef]", "[%08x]", 0xBEEFu);
    FORMATS("[  7]", "[%*d]", 3, 7);
    FORMATS("[7  ]", "[%*d]", -3, 7);
    FORMATS("[123456]", "[%3d]", 123456);
}

static void strings_and_chars(void)
{
    FORMATS("[ab] [  ab] [ab  ]", "[%s] [%4s] [%-4s]", "ab", "ab", "ab");
    FORMATS("[abc]", "[%.3s]", "abcdef");
    FORMATS("[(null)]", "[%s]", (char *)NULL);
    FORMATS("[x] [  y] 100%", "[%c] [%3c] 100%%", 'x', 'y');
}

static void pointers_have_full_width(void)
{
    char Expected[32];

    snprintf(Expected, sizeof(Expected), "0x%0*lx", (int)(2 * sizeof(void *)),
             0x1234ul);
    FORMATS(Expected, "%p", (void *)0x1234);
}

static void unknown_and_truncated_conversions_show(void)
{
    FORMATS("%q 5", "%q %d", 5);
    FORMATS("end%", "end%");
    FORMATS("a%-5", "a%-5");
}

static void truncation_keeps_terminator(void)
{
    char Small[6];
    ULONG Count = KiFormatString(Small, sizeof(Small), "%s", "abcdefgh");

    CHECK_STR(Small, "abcde");
    CHECK_EQ(Count, 8);
    CHECK_EQ(KiFormatString(NULL, 0, "%d", 12345), 5);
}

/* Random values through both engines, for the conversions they share. */
static void randomised_against_libc(void)
{
    static const char *Formats[] = {"%d",   "%u",   "%x",  "%X",
                                    "%08x", "%-9d", "%5u", "%012d",
                                    "%*d",  "%lld", "%llx"};
    char Expected[128];
    unsigned Seed = host_test_seed();
    int Round;

    srand(Seed);
    for (Round = 0; Round < 100000; Round++) {
        int Pick = rand() % (int)ARRAYSIZE(Formats);
        int Value = rand() - RAND_MAX / 2;
        long long Wide = (long long)(((unsigned long long)rand() << 33) ^
                                     (unsigned long long)rand());

        if (Pick >= 9) {
            snprintf(Expected, sizeof(Expected), Formats[Pick], Wide);
            KiFormatString(out, sizeof(out), Formats[Pick], Wide);
        } else if (Pick == 8) {
            snprintf(Expected, sizeof(Expected), "%*d", Value % 20, Value);
            KiFormatString(out, sizeof(out), "%*d", Value % 20, Value);
        } else {
            snprintf(Expected, sizeof(Expected), Formats[Pick], Value);
            KiFormatString(out, sizeof(out), Formats[Pick], Value);
        }
        CHECK_MSG(strcmp(out, Expected) == 0,
                  "'%s' gave \"%s\", libc \"%s\" (seed %u)", Formats[Pick], out,
                  Expected, Seed);
    }
}

int main(void)
{
    RUN(integers);
    RUN(widths_and_padding);
    RUN(strings_and_chars);
    RUN(pointers_have_full_width);
    RUN(unknown_and_truncated_conversions_show);
    RUN(truncation_keeps_terminator);
    RUN(randomised_against_libc);
    HOST_TEST_EXIT();
}
