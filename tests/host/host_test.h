/*
 * A small harness for the host unit tests: each test is a function, each
 * check prints "FAIL test: why (file:line)" and ends the test; main() runs
 * them in order and prints "PASS name" for each that got through.
 */
#ifndef HOST_TEST_H
#define HOST_TEST_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *host_test_name;
static int host_test_failed, host_tests_failed;

#define CHECK_MSG(Condition, ...)                                              \
    do {                                                                       \
        if (!(Condition)) {                                                    \
            printf("FAIL %s: ", host_test_name);                               \
            printf(__VA_ARGS__);                                               \
            printf(" (%s:%d)\n", __FILE__, __LINE__);                          \
            host_test_failed = 1;                                              \
            return;                                                            \
        }                                                                      \
    } while (0)
#define CHECK(Condition) CHECK_MSG(Condition, "%s", #Condition)
#define CHECK_EQ(Actual, Expected)                                             \
    do {                                                                       \
        unsigned long long Actual_ = (unsigned long long)(Actual);             \
        unsigned long long Expected_ = (unsigned long long)(Expected);         \
        CHECK_MSG(Actual_ == Expected_, "%s is %#llx, expected %#llx",         \
                  #Actual, Actual_, Expected_);                                \
    } while (0)
#define CHECK_STR(Actual, Expected)                                            \
    do {                                                                       \
        const char *Actual_ = (Actual);                                        \
        const char *Expected_ = (Expected);                                    \
        CHECK_MSG(Actual_ != NULL && strcmp(Actual_, Expected_) == 0,          \
                  "%s is \"%s\", expected \"%s\"", #Actual,                    \
                  Actual_ ? Actual_ : "(null)", Expected_);                    \
    } while (0)

#define RUN(Test)                                                              \
    do {                                                                       \
        host_test_name = #Test;                                                \
        host_test_failed = 0;                                                  \
        Test();                                                                \
        if (host_test_failed)                                                  \
            host_tests_failed++;                                               \
        else                                                                   \
            printf("PASS %s\n", #Test);                                        \
    } while (0)

#define HOST_TEST_EXIT() return host_tests_failed != 0

/* The seed of a randomised test: HOST_TEST_SEED overrides, and it is
 * always printed so that a failure can be replayed. */
static inline unsigned host_test_seed(void)
{
    const char *Text = getenv("HOST_TEST_SEED");
    unsigned Seed =
        Text ? (unsigned)strtoul(Text, NULL, 0) : (unsigned)time(NULL);
    printf("seed %u (HOST_TEST_SEED=%u replays it)\n", Seed, Seed);
    return Seed;
}

#endif
