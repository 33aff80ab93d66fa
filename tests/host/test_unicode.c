/* Counted UTF-16 strings: initialisation, case folding, comparison. */
#include "host_test.h"
#include "ntrtl.h"

static const WCHAR mixed[] = u"BaseNamedObjects";
static const WCHAR upper[] = u"BASENAMEDOBJECTS";

static void init_counts_bytes_without_the_terminator(void)
{
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, mixed);
    CHECK_EQ(String.Length, 32);
    CHECK_EQ(String.MaximumLength, 34);
    CHECK(String.Buffer == mixed);
    RtlInitUnicodeString(&String, NULL);
    CHECK_EQ(String.Length, 0);
    CHECK_EQ(String.MaximumLength, 0);
    CHECK(String.Buffer == NULL);
}

static void upcase_folds_ascii_and_latin1_letters_only(void)
{
    CHECK_EQ(RtlUpcaseUnicodeChar('a'), 'A');
    CHECK_EQ(RtlUpcaseUnicodeChar('z'), 'Z');
    CHECK_EQ(RtlUpcaseUnicodeChar('A'), 'A');
    CHECK_EQ(RtlUpcaseUnicodeChar('\\'), '\\');
    CHECK_EQ(RtlUpcaseUnicodeChar('{'), '{');
    CHECK_EQ(RtlUpcaseUnicodeChar(0xE9), 0xC9); /* e acute */
    CHECK_EQ(RtlUpcaseUnicodeChar(0xF7), 0xF7); /* the division sign */
    CHECK_EQ(RtlUpcaseUnicodeChar(0xFF), 0x178);
}

static void compare_with_and_without_case(void)
{
    UNICODE_STRING A, B, Prefix;

    RtlInitUnicodeString(&A, mixed);
    RtlInitUnicodeString(&B, upper);
    CHECK(RtlCompareUnicodeString(&A, &B, FALSE) > 0); /* 'a' > 'A' */
    CHECK_EQ(RtlCompareUnicodeString(&A, &B, TRUE), 0);
    CHECK(RtlEqualUnicodeString(&A, &B, TRUE));
    CHECK(!RtlEqualUnicodeString(&A, &B, FALSE));
    CHECK(RtlEqualUnicodeString(&A, &A, FALSE));
    /* A prefix sorts first; a counted string ignores what follows. */
    Prefix = A;
    Prefix.Length = 8;
    CHECK(RtlCompareUnicodeString(&Prefix, &A, FALSE) < 0);
    CHECK(RtlCompareUnicodeString(&A, &Prefix, FALSE) > 0);
    CHECK(!RtlEqualUnicodeString(&Prefix, &A, TRUE));
    B.Length = 8;
    CHECK(RtlEqualUnicodeString(&Prefix, &B, TRUE));
}

int main(void)
{
    RUN(init_counts_bytes_without_the_terminator);
    RUN(upcase_folds_ascii_and_latin1_letters_only);
    RUN(compare_with_and_without_case);
    HOST_TEST_EXIT();
}
