/*
 * The harness's own promise (ktest.h): a failed assertion runs the test's
 * cleanup section, whatever line it failed on, and the test goes on from
 * there to the checks after the section; only its first failure is
 * reported; without a section it leaves at once. The routines run on a
 * quiet context, so their failures are recorded, not printed.
 */
#include "kernel/ktest.h"

static ULONG reached, released;

/* Fails at step FailAt (1-3 before the cleanup, 4 after it; 0: never). */
static VOID fails_at(KTEST_CONTEXT *KtContext_, ULONG FailAt)
{
    KT_CLEANUP_SECTION;
    ULONG Step;

    for (Step = 1; Step <= 3; Step++) {
        KT_ASSERT(Step != FailAt);
        reached = Step;
    }
    KT_CLEANUP;
    released++;
    KT_ASSERT(FailAt != 4);
    reached = 4;
}

/* Fails before its cleanup and again after it. */
static ULONG first_line;
static VOID fails_twice(KTEST_CONTEXT *KtContext_)
{
    KT_CLEANUP_SECTION;

    first_line = __LINE__ + 1;
    KT_ASSERT(reached == 99);
    KT_CLEANUP;
    KT_ASSERT(reached == 98);
}

/* Skips at step SkipAt (1-3), before its cleanup. */
static VOID skips_at(KTEST_CONTEXT *KtContext_, ULONG SkipAt)
{
    KT_CLEANUP_SECTION;
    ULONG Step;

    for (Step = 1; Step <= 3; Step++) {
        if (Step == SkipAt)
            KT_SKIP("step %lu", Step);
        reached = Step;
    }
    KT_CLEANUP;
    released++;
}

static VOID skips_without_a_section(KTEST_CONTEXT *KtContext_)
{
    KT_SKIP("at once");
    reached = 99;
}

static VOID fails_without_a_section(KTEST_CONTEXT *KtContext_)
{
    KT_ASSERT(reached == 99);
    reached = 99;
}

KTEST(ktest_failed_assertion_runs_the_cleanup)
{
    KTEST_CONTEXT Inner = {"inner", FALSE, TRUE, 0, FALSE};
    ULONG FailAt;

    for (FailAt = 0; FailAt <= 4; FailAt++) {
        Inner.Failed = FALSE;
        reached = released = 0;
        fails_at(&Inner, FailAt);
        KT_ASSERT_MSG(Inner.Failed == (FailAt != 0), "failing at %lu", FailAt);
        KT_ASSERT_MSG(released == 1, "failing at %lu: cleanup ran %lu times",
                      FailAt, released);
        KT_ASSERT_MSG(reached == (FailAt == 4 ? 3 : 4),
                      "failing at %lu: reached %lu", FailAt, reached);
    }
    Inner.Failed = FALSE;
    fails_twice(&Inner);
    KT_ASSERT(Inner.Failed);
    KT_ASSERT_MSG(Inner.Line == first_line,
                  "line %lu reported, the first failure was on %lu", Inner.Line,
                  first_line);
    Inner.Failed = FALSE;
    reached = 0;
    fails_without_a_section(&Inner);
    KT_ASSERT(Inner.Failed);
    KT_ASSERT_EQ(reached, 0);
}

KTEST(ktest_skip_runs_the_cleanup_and_is_no_failure)
{
    KTEST_CONTEXT Inner = {"inner", FALSE, TRUE, 0, FALSE};
    ULONG SkipAt;

    for (SkipAt = 1; SkipAt <= 3; SkipAt++) {
        Inner.Skipped = FALSE;
        reached = released = 0;
        skips_at(&Inner, SkipAt);
        KT_ASSERT_MSG(Inner.Skipped && !Inner.Failed, "skipping at %lu",
                      SkipAt);
        KT_ASSERT_MSG(released == 1, "skipping at %lu: cleanup ran %lu times",
                      SkipAt, released);
        KT_ASSERT_EQ(reached, SkipAt - 1);
    }
    Inner.Skipped = FALSE;
    reached = 0;
    skips_without_a_section(&Inner);
    KT_ASSERT(Inner.Skipped && !Inner.Failed);
    KT_ASSERT_EQ(reached, 0);
}
