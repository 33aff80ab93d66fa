/*
 * user/include/strsafe.h on the host: Microsoft's documented results and
 * truncation rules (the destination always terminated, never written
 * past its size), over the runtime's _vsnprintf and _vsnwprintf.
 */
#include "crt.h"
#include "host_test.h"
#include "strsafe.h"

/* A buffer with guard bytes after the size a call is given. */
static char narrow[16];
static wchar_t wide[16];

static void fill(void)
{
    memset(narrow, '#', sizeof(narrow));
    memset(wide, 0x23, sizeof(wide));
}

static void copy_fits_truncates_and_refuses(void)
{
    fill();
    CHECK_EQ(StringCchCopyA(narrow, 4, "abc"), S_OK);
    CHECK(memcmp(narrow, "abc\0#", 5) == 0);
    fill();
    CHECK_EQ(StringCchCopyA(narrow, 4, "abcd"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(narrow, "abc\0#", 5) == 0);
    fill();
    CHECK_EQ(StringCchCopyA(narrow, 1, "a"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(narrow, "\0#", 2) == 0);
    fill();
    CHECK_EQ(StringCchCopyA(narrow, 1, ""), S_OK);
    CHECK_EQ(narrow[0], 0);
    fill();
    CHECK_EQ(StringCchCopyA(narrow, 0, "a"), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(narrow[0], '#');
    /* Too big a size: refused, but the destination is emptied. */
    CHECK_EQ(StringCchCopyA(narrow, (size_t)STRSAFE_MAX_CCH + 1, "a"),
             STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(narrow[0], 0);
    fill();
    CHECK_EQ(StringCbCopyA(narrow, 3, "xyz"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(narrow, "xy\0#", 4) == 0);
    fill();
    CHECK_EQ(StringCchCopyW(wide, 3, L"\x263A!"), S_OK);
    CHECK(memcmp(wide, L"\x263A!\0", 3 * sizeof(wchar_t)) == 0 &&
          wide[3] == 0x2323);
    fill();
    /* Cb for wide strings counts bytes: 7 bytes hold 3 characters. */
    CHECK_EQ(StringCbCopyW(wide, 7, L"abcd"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(wide, L"ab", 3 * sizeof(wchar_t)) == 0 && wide[3] == 0x2323);
}

static void cat_appends_within_the_size(void)
{
    fill();
    strcpy(narrow, "ab");
    CHECK_EQ(StringCchCatA(narrow, 6, "cd"), S_OK);
    CHECK(memcmp(narrow, "abcd\0#", 6) == 0);
    CHECK_EQ(StringCchCatA(narrow, 6, "ef"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(narrow, "abcde\0#", 7) == 0);
    CHECK_EQ(StringCchCatA(narrow, 6, ""), S_OK);
    CHECK_EQ(StringCchCatA(narrow, 6, "x"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(narrow, "abcde\0#", 7) == 0);
    /* A destination not terminated within its size is refused untouched. */
    fill();
    CHECK_EQ(StringCchCatA(narrow, 4, "x"), STRSAFE_E_INVALID_PARAMETER);
    CHECK(memcmp(narrow, "####", 4) == 0);
    CHECK_EQ(StringCchCatA(narrow, 0, "x"), STRSAFE_E_INVALID_PARAMETER);
    fill();
    wide[0] = L'a';
    wide[1] = 0;
    CHECK_EQ(StringCchCatW(wide, 3, L"bc"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(wide, L"ab", 3 * sizeof(wchar_t)) == 0);
    CHECK_EQ(StringCbCatW(wide, 8, L"c"), S_OK);
    CHECK(memcmp(wide, L"abc", 4 * sizeof(wchar_t)) == 0);
}

static void length_needs_the_terminator_within_the_maximum(void)
{
    size_t Length = 99;

    CHECK_EQ(StringCchLengthA("abc", 4, &Length), S_OK);
    CHECK_EQ(Length, 3);
    CHECK_EQ(StringCchLengthA("abc", 3, &Length), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(Length, 0);
    CHECK_EQ(StringCchLengthA("", 1, &Length), S_OK);
    CHECK_EQ(Length, 0);
    CHECK_EQ(StringCchLengthA("a", 0, &Length), STRSAFE_E_INVALID_PARAMETER);
    Length = 99;
    CHECK_EQ(StringCchLengthA(NULL, 5, &Length), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(Length, 0);
    CHECK_EQ(StringCchLengthA("a", (size_t)STRSAFE_MAX_CCH + 1, &Length),
             STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(StringCchLengthA("abc", 10, NULL), S_OK);
    CHECK_EQ(StringCbLengthA("abcd", 5, &Length), S_OK);
    CHECK_EQ(Length, 4);
    CHECK_EQ(StringCchLengthW(L"\x263A\x263A", 3, &Length), S_OK);
    CHECK_EQ(Length, 2);
    CHECK_EQ(StringCbLengthW(L"abc", 8, &Length), S_OK);
    CHECK_EQ(Length, 6);
    CHECK_EQ(StringCbLengthW(L"abc", 7, &Length), STRSAFE_E_INVALID_PARAMETER);
}

static void printf_truncates_and_terminates(void)
{
    fill();
    CHECK_EQ(StringCchPrintfA(narrow, 8, "%d-%s", 42, "ab"), S_OK);
    CHECK(memcmp(narrow, "42-ab\0#", 7) == 0);
    /* Exactly the room: fits, terminated in the last character. */
    fill();
    CHECK_EQ(StringCchPrintfA(narrow, 6, "%d-%s", 42, "ab"), S_OK);
    CHECK(memcmp(narrow, "42-ab\0#", 7) == 0);
    fill();
    CHECK_EQ(StringCchPrintfA(narrow, 5, "%d-%s", 42, "ab"),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(narrow, "42-a\0#", 6) == 0);
    fill();
    CHECK_EQ(StringCchPrintfA(narrow, 1, "%d", 1),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(narrow, "\0#", 2) == 0);
    fill();
    CHECK_EQ(StringCchPrintfA(narrow, 0, "%d", 1), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ(narrow[0], '#');
    fill();
    CHECK_EQ(StringCbPrintfA(narrow, 10, "%I64x", 0x123456789ABCULL),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(narrow, "123456789\0#", 11) == 0);
    fill();
    CHECK_EQ(StringCchPrintfW(wide, 8, L"%s=%S", L"\x263A", "v"), S_OK);
    CHECK(memcmp(wide, L"\x263A=v", 4 * sizeof(wchar_t)) == 0 &&
          wide[4] == 0x2323);
    fill();
    CHECK_EQ(StringCchPrintfW(wide, 3, L"%d", 1234),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(wide, L"12", 3 * sizeof(wchar_t)) == 0 && wide[3] == 0x2323);
    fill();
    CHECK_EQ(StringCbPrintfW(wide, 6, L"%d", 12345),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(memcmp(wide, L"12", 3 * sizeof(wchar_t)) == 0 && wide[3] == 0x2323);
}

int main(void)
{
    RUN(copy_fits_truncates_and_refuses);
    RUN(cat_appends_within_the_size);
    RUN(length_needs_the_terminator_within_the_maximum);
    RUN(printf_truncates_and_terminates);
    HOST_TEST_EXIT();
}
