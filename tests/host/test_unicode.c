/* Counted strings: initialisation, case folding, comparison, copies,
 * appends, ANSI conversion and integers, with NT's edge cases. */
#include <stdlib.h>

#include "host_test.h"
#include "ntrtl.h"
#include "ntstatus.h"

/* The string pool over malloc, counted so a test sees leaks and can make
 * the next allocation fail. */
static int live_buffers;
static int fail_next_allocation;

PVOID NTAPI RtlpAllocateStringRoutine(SIZE_T NumberOfBytes)
{
    if (fail_next_allocation) {
        fail_next_allocation = 0;
        return NULL;
    }
    live_buffers++;
    return malloc(NumberOfBytes);
}

VOID NTAPI RtlpFreeStringRoutine(PVOID Buffer)
{
    live_buffers--;
    free(Buffer);
}

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

static void prefix_with_and_without_case(void)
{
    UNICODE_STRING Path, Start, Other;

    RtlInitUnicodeString(&Path, u"\\Device\\Serial0");
    RtlInitUnicodeString(&Start, u"\\DEVICE\\");
    RtlInitUnicodeString(&Other, u"\\Device\\Serial0\\More");
    CHECK(RtlPrefixUnicodeString(&Start, &Path, TRUE));
    CHECK(!RtlPrefixUnicodeString(&Start, &Path, FALSE));
    CHECK(RtlPrefixUnicodeString(&Path, &Path, FALSE));
    CHECK(!RtlPrefixUnicodeString(&Other, &Path, TRUE)); /* longer */
    Start.Length = 0;
    CHECK(RtlPrefixUnicodeString(&Start, &Path, FALSE));
}

static void copy_truncates_to_maximum_and_terminates_when_room(void)
{
    WCHAR Buffer[8];
    UNICODE_STRING Source, Destination = {0, sizeof(Buffer), Buffer};

    RtlInitUnicodeString(&Source, u"abc");
    memset(Buffer, 0xCC, sizeof(Buffer));
    RtlCopyUnicodeString(&Destination, &Source);
    CHECK_EQ(Destination.Length, 6);
    CHECK(memcmp(Buffer, u"abc", 8) == 0); /* terminated */
    /* Exactly full: no room for the terminator, none written. */
    memset(Buffer, 0xCC, sizeof(Buffer));
    Destination.MaximumLength = 6;
    RtlCopyUnicodeString(&Destination, &Source);
    CHECK_EQ(Destination.Length, 6);
    CHECK_EQ(Buffer[3], 0xCCCC);
    /* Shorter than the source: cut at MaximumLength, even an odd one. */
    Destination.MaximumLength = 3;
    RtlCopyUnicodeString(&Destination, &Source);
    CHECK_EQ(Destination.Length, 3);
    /* A NULL source empties the destination. */
    RtlCopyUnicodeString(&Destination, NULL);
    CHECK_EQ(Destination.Length, 0);
}

static void append_checks_the_maximum_first(void)
{
    WCHAR Buffer[6];
    UNICODE_STRING Tail, Destination = {0, sizeof(Buffer), Buffer};

    CHECK_EQ(RtlAppendUnicodeToString(&Destination, u"ab"), STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 4);
    CHECK_EQ(Buffer[2], 0);
    RtlInitUnicodeString(&Tail, u"cde");
    CHECK_EQ(RtlAppendUnicodeStringToString(&Destination, &Tail),
             STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 10);
    CHECK(memcmp(Buffer, u"abcde", 12) == 0);
    /* 12 bytes would fill it exactly: allowed, without a terminator. */
    CHECK_EQ(RtlAppendUnicodeToString(&Destination, u"f"), STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 12);
    CHECK_EQ(RtlAppendUnicodeToString(&Destination, u"g"),
             STATUS_BUFFER_TOO_SMALL);
    CHECK_EQ(Destination.Length, 12);
    CHECK_EQ(RtlAppendUnicodeToString(&Destination, NULL), STATUS_SUCCESS);
    Tail.Length = 0;
    CHECK_EQ(RtlAppendUnicodeStringToString(&Destination, &Tail),
             STATUS_SUCCESS);
}

static void upcase_into_a_buffer_or_the_pool(void)
{
    WCHAR Buffer[4];
    UNICODE_STRING Source, Destination = {0, sizeof(Buffer), Buffer};

    RtlInitUnicodeString(&Source, u"a\u00e9z");
    CHECK_EQ(RtlUpcaseUnicodeString(&Destination, &Source, FALSE),
             STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 6);
    CHECK(memcmp(Buffer, u"A\u00c9Z", 6) == 0);
    Destination.MaximumLength = 4;
    CHECK_EQ(RtlUpcaseUnicodeString(&Destination, &Source, FALSE),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(RtlUpcaseUnicodeString(&Destination, &Source, TRUE),
             STATUS_SUCCESS);
    CHECK_EQ(Destination.MaximumLength, 6);
    CHECK_EQ(Destination.Buffer[2], 'Z');
    CHECK_EQ(live_buffers, 1);
    RtlFreeUnicodeString(&Destination);
    CHECK_EQ(live_buffers, 0);
    CHECK(Destination.Buffer == NULL);
    fail_next_allocation = 1;
    CHECK_EQ(RtlUpcaseUnicodeString(&Destination, &Source, TRUE),
             STATUS_NO_MEMORY);
}

static void ansi_init_and_compare(void)
{
    ANSI_STRING A, B;
    STRING Empty;

    RtlInitAnsiString(&A, "Hello");
    CHECK_EQ(A.Length, 5);
    CHECK_EQ(A.MaximumLength, 6);
    RtlInitString(&Empty, NULL);
    CHECK_EQ(Empty.Length, 0);
    CHECK_EQ(Empty.MaximumLength, 0);
    CHECK(Empty.Buffer == NULL);
    RtlInitAnsiString(&B, "HELLO");
    CHECK(RtlCompareString(&A, &B, FALSE) > 0);
    CHECK_EQ(RtlCompareString(&A, &B, TRUE), 0);
    CHECK(RtlEqualString(&A, &B, TRUE));
    CHECK(!RtlEqualString(&A, &B, FALSE));
    B.Length = 4;
    CHECK(RtlCompareString(&B, &A, TRUE) < 0);
    CHECK(!RtlEqualString(&A, &B, TRUE));
    /* Bytes compare unsigned: 0xE9 sorts after 'z'. */
    RtlInitAnsiString(&A, "\xe9");
    RtlInitAnsiString(&B, "z");
    CHECK(RtlCompareString(&A, &B, FALSE) > 0);
    CHECK_EQ((UCHAR)RtlUpperChar((CHAR)0xE9), 0xC9);
    CHECK_EQ((UCHAR)RtlUpperChar((CHAR)0xF7), 0xF7);
    CHECK_EQ((UCHAR)RtlUpperChar((CHAR)0xFF), 0xFF);
}

static void ansi_to_unicode_needs_room_for_the_terminator(void)
{
    WCHAR Buffer[4];
    ANSI_STRING Source;
    UNICODE_STRING Destination = {0, sizeof(Buffer), Buffer};

    RtlInitAnsiString(&Source, "ab\xe9");
    CHECK_EQ(RtlAnsiStringToUnicodeString(&Destination, &Source, FALSE),
             STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 6);
    CHECK(memcmp(Buffer, u"ab\u00e9", 8) == 0);
    Destination.MaximumLength = 6; /* the characters fit, the NUL not */
    CHECK_EQ(RtlAnsiStringToUnicodeString(&Destination, &Source, FALSE),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(RtlAnsiStringToUnicodeString(&Destination, &Source, TRUE),
             STATUS_SUCCESS);
    CHECK_EQ(Destination.MaximumLength, 8);
    CHECK_EQ(Destination.Buffer[3], 0);
    RtlFreeUnicodeString(&Destination);
    CHECK_EQ(live_buffers, 0);
    /* 32768 characters and a NUL pass 64 KiB. */
    Source.Length = 0x7FFF;
    CHECK_EQ(RtlAnsiStringToUnicodeString(&Destination, &Source, TRUE),
             STATUS_INVALID_PARAMETER_2);
    CHECK_EQ(live_buffers, 0);
}

static void unicode_to_ansi_converts_what_fits(void)
{
    CHAR Buffer[4];
    UNICODE_STRING Source;
    ANSI_STRING Destination = {0, sizeof(Buffer), Buffer};

    RtlInitUnicodeString(&Source, u"a\u20acc");
    CHECK_EQ(RtlUnicodeStringToAnsiString(&Destination, &Source, FALSE),
             STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 3);
    CHECK_STR(Buffer, "a?c"); /* the euro sign is not Latin-1 */
    RtlInitUnicodeString(&Source, u"abcdef");
    CHECK_EQ(RtlUnicodeStringToAnsiString(&Destination, &Source, FALSE),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(Destination.Length, 3);
    CHECK_STR(Buffer, "abc");
    Destination.MaximumLength = 0;
    CHECK_EQ(RtlUnicodeStringToAnsiString(&Destination, &Source, FALSE),
             STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(RtlUnicodeStringToAnsiString(&Destination, &Source, TRUE),
             STATUS_SUCCESS);
    CHECK_EQ(Destination.MaximumLength, 7);
    CHECK_STR(Destination.Buffer, "abcdef");
    RtlFreeAnsiString(&Destination);
    CHECK_EQ(live_buffers, 0);
    RtlFreeAnsiString(&Destination); /* a NULL buffer: nothing */
    /* An odd byte count: the last half character is dropped. */
    RtlInitUnicodeString(&Source, u"xy");
    Source.Length = 3;
    CHECK_EQ(RtlUnicodeStringToAnsiString(&Destination, &Source, TRUE),
             STATUS_SUCCESS);
    CHECK_EQ(Destination.Length, 1);
    CHECK_STR(Destination.Buffer, "x");
    RtlFreeAnsiString(&Destination);
}

static void integers_to_and_from_digits(void)
{
    WCHAR Buffer[12];
    UNICODE_STRING String = {0, sizeof(Buffer), Buffer};
    ULONG Value = 0;

    CHECK_EQ(RtlIntegerToUnicodeString(1234, 0, &String), STATUS_SUCCESS);
    CHECK_EQ(String.Length, 8);
    CHECK(memcmp(Buffer, u"1234", 10) == 0);
    CHECK_EQ(RtlIntegerToUnicodeString(0xBEEF, 16, &String), STATUS_SUCCESS);
    CHECK(memcmp(Buffer, u"BEEF", 10) == 0);
    CHECK_EQ(RtlIntegerToUnicodeString(0, 2, &String), STATUS_SUCCESS);
    CHECK_EQ(String.Length, 2);
    CHECK_EQ(RtlIntegerToUnicodeString(5, 3, &String),
             STATUS_INVALID_PARAMETER);
    String.MaximumLength = 8; /* four digits but no terminator */
    CHECK_EQ(RtlIntegerToUnicodeString(1234, 10, &String),
             STATUS_BUFFER_OVERFLOW);

    RtlInitUnicodeString(&String, u"  -42xyz");
    CHECK_EQ(RtlUnicodeStringToInteger(&String, 0, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, (ULONG)-42);
    RtlInitUnicodeString(&String, u"0x1F");
    CHECK_EQ(RtlUnicodeStringToInteger(&String, 0, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 31);
    RtlInitUnicodeString(&String, u"0b101");
    CHECK_EQ(RtlUnicodeStringToInteger(&String, 0, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 5);
    RtlInitUnicodeString(&String, u"777");
    CHECK_EQ(RtlUnicodeStringToInteger(&String, 8, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 511);
    RtlInitUnicodeString(&String, u"ff");
    CHECK_EQ(RtlUnicodeStringToInteger(&String, 16, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 255);
    CHECK_EQ(RtlUnicodeStringToInteger(&String, 10, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 0); /* no digit of base 10 */
    CHECK_EQ(RtlUnicodeStringToInteger(&String, 7, &Value),
             STATUS_INVALID_PARAMETER);
    /* The count ends the digits, not a terminator. */
    RtlInitUnicodeString(&String, u"123");
    String.Length = 4;
    CHECK_EQ(RtlUnicodeStringToInteger(&String, 10, &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, 12);
}

int main(void)
{
    RUN(init_counts_bytes_without_the_terminator);
    RUN(upcase_folds_ascii_and_latin1_letters_only);
    RUN(compare_with_and_without_case);
    RUN(prefix_with_and_without_case);
    RUN(copy_truncates_to_maximum_and_terminates_when_room);
    RUN(append_checks_the_maximum_first);
    RUN(upcase_into_a_buffer_or_the_pool);
    RUN(ansi_init_and_compare);
    RUN(ansi_to_unicode_needs_room_for_the_terminator);
    RUN(unicode_to_ansi_converts_what_fits);
    RUN(integers_to_and_from_digits);
    HOST_TEST_EXIT();
}
