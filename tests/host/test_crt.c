/* The C run-time routines the kernel exports to drivers, against the
 * C library's contracts and MSVC's where they differ (_snprintf's -1,
 * the wide printf's %s). crt_names.h renames them on the host. */
#include "host_test.h"

#include "crt/ctype.h"
#include "crt/stdio.h"
#include "crt/stdlib.h"
#include "crt/string.h"
#include "ntdef.h"
#include "ntstrsafe.h"

static void narrow_search_and_compare(void)
{
    static const char text[] = "driver.sys";

    CHECK(memchr(text, '.', sizeof(text)) == text + 6);
    CHECK(memchr(text, '.', 6) == NULL);
    CHECK(strchr(text, 'r') == text + 1);
    CHECK(strrchr(text, 'r') == text + 5);
    CHECK(strchr(text, '\0') == text + 10);
    CHECK(strchr(text, 'q') == NULL);
    CHECK(strstr(text, "ver") == text + 3);
    CHECK(strstr(text, "") == text);
    CHECK(strstr(text, "sysx") == NULL);
    CHECK_EQ(strspn(text, "deirv"), 6);
    CHECK(strncmp("abcx", "abcy", 3) == 0);
    CHECK(strncmp("abcx", "abcy", 4) < 0);
    CHECK(strncmp("ab", "abc", 5) < 0);
    CHECK(strncmp("\xe9", "a", 1) > 0); /* unsigned bytes */
    CHECK(_stricmp("Driver", "dRIVER") == 0);
    CHECK(_stricmp("a", "B") < 0); /* folded before comparing */
    CHECK(_strnicmp("ABCd", "abcE", 3) == 0);
    CHECK(_strnicmp("ABCd", "abcE", 4) < 0);
}

static void narrow_copies(void)
{
    char buffer[16];

    memset(buffer, 'x', sizeof(buffer));
    CHECK(strncpy(buffer, "ab", 5) == buffer);
    CHECK(memcmp(buffer, "ab\0\0\0x", 6) == 0); /* padded to the count */
    strncpy(buffer, "abcdef", 3);
    CHECK(memcmp(buffer, "abc\0", 4) == 0); /* no terminator added */
    strcpy(buffer, "ab");
    strcat(buffer, "cd");
    CHECK_STR(buffer, "abcd");
    strncat(buffer, "efgh", 2);
    CHECK_STR(buffer, "abcdef");
    CHECK_STR(_strupr(buffer), "ABCDEF");
    CHECK_STR(_strlwr(buffer), "abcdef");
}

static void wide_routines(void)
{
    wchar_t buffer[16];
    static const wchar_t path[] = L"\\Device\\Null";

    CHECK_EQ(sizeof(wchar_t), 2);
    CHECK_EQ(wcslen(path), 12);
    CHECK(wcschr(path, L'D') == path + 1);
    CHECK(wcsrchr(path, L'\\') == path + 7);
    CHECK(wcsstr(path, L"Null") == path + 8);
    CHECK(wcsstr(path, L"null") == NULL);
    CHECK(wcscmp(path, L"\\Device\\Null") == 0);
    CHECK(wcscmp(L"a", L"\u00e9") < 0); /* units compare unsigned */
    CHECK(wcsncmp(L"abc", L"abd", 2) == 0);
    CHECK(_wcsicmp(L"\\DEVICE\\null", path) == 0);
    CHECK(_wcsicmp(L"\u00c9", L"\u00e9") == 0);
    CHECK(_wcsnicmp(L"ABx", L"aby", 2) == 0);
    CHECK(_wcsnicmp(L"ABx", L"aby", 3) < 0);
    wcscpy(buffer, L"ab");
    wcscat(buffer, L"cd");
    CHECK(wcscmp(buffer, L"abcd") == 0);
    wcsncpy(buffer, L"xy", 4);
    CHECK(buffer[1] == L'y' && buffer[2] == 0 && buffer[3] == 0);
    wcscpy(buffer, L"a\u00e9");
    CHECK(wcscmp(_wcsupr(buffer), L"A\u00c9") == 0);
    CHECK(wcscmp(_wcslwr(buffer), L"a\u00e9") == 0);
}

static void character_classes(void)
{
    CHECK(isdigit('7') && !isdigit('a'));
    CHECK(isxdigit('F') && isxdigit('a') && !isxdigit('g'));
    CHECK(isspace(' ') && isspace('\t') && isspace('\r') && !isspace('x'));
    CHECK(isupper('Q') && !isupper('q') && islower('q'));
    CHECK(isprint(' ') && isprint('~') && !isprint('\n') && !isprint(0x7F));
    CHECK_EQ(toupper('a'), 'A');
    CHECK_EQ(toupper(0xE9), 0xE9); /* the "C" locale: ASCII only */
    CHECK_EQ(tolower('Z'), 'z');
    CHECK_EQ(towupper(0xE9), 0xC9);
    CHECK_EQ(towlower(0xC9), 0xE9);
    CHECK_EQ(towlower(0xD7), 0xD7); /* the multiplication sign */
    CHECK_EQ(towupper(0xFF), 0x178);
    CHECK_EQ(towlower(0x178), 0xFF);
}

static void numbers_from_text(void)
{
    CHECK_EQ(atoi("  -42x"), -42);
    CHECK_EQ(atoi("+17"), 17);
    CHECK_EQ(atoi("x1"), 0);
    CHECK_EQ(atol("\t2147483647"), 2147483647L);
}

static void snprintf_is_msvc_s(void)
{
    char buffer[8];

    memset(buffer, 'x', sizeof(buffer));
    CHECK_EQ(_snprintf(buffer, sizeof(buffer), "%d-%s", 42, "ab"), 5);
    CHECK_STR(buffer, "42-ab");
    /* Exactly full: the length, and no terminator. */
    memset(buffer, 'x', sizeof(buffer));
    CHECK_EQ(_snprintf(buffer, 4, "%s", "abcd"), 4);
    CHECK(memcmp(buffer, "abcdx", 5) == 0);
    /* Too long: -1, Count characters, no terminator. */
    memset(buffer, 'x', sizeof(buffer));
    CHECK_EQ(_snprintf(buffer, 4, "%s", "abcdef"), -1);
    CHECK(memcmp(buffer, "abcdx", 5) == 0);
    CHECK_EQ(_snprintf(NULL, 0, ""), 0);
    CHECK_EQ(sprintf(buffer, "%04x", 0xBEEFu), 4);
    CHECK_STR(buffer, "beef");
}

static void nt_string_conversions(void)
{
    char buffer[32];
    UNICODE_STRING name = {8, 8, (PWSTR)L"Nullxxxx"};
    STRING narrow = {3, 3, (PCHAR) "abcdef"};

    sprintf(buffer, "[%wZ] [%Z]", &name, &narrow);
    CHECK_STR(buffer, "[Null] [abc]");
    sprintf(buffer, "[%ws|%S|%hs]", L"w\u20ac", L"S", "h");
    CHECK_STR(buffer, "[w?|S|h]"); /* narrow output: '?' past Latin-1 */
    sprintf(buffer, "[%C%wc%c]", L'W', L'w', 'c');
    CHECK_STR(buffer, "[Wwc]");
    sprintf(buffer, "[%wZ]", (PUNICODE_STRING)NULL);
    CHECK_STR(buffer, "[(null)]");
}

static void wide_printf_takes_wide_strings(void)
{
    wchar_t buffer[16];

    CHECK_EQ(swprintf(buffer, L"%s=%d %S", L"n\u20ac", 7, "a"), 6);
    CHECK(wcscmp(buffer, L"n\u20ac=7 a") == 0); /* the euro sign kept */
    CHECK_EQ(_snwprintf(buffer, 3, L"%c%C%hs", L'x', 'y', "zz"), -1);
    CHECK(buffer[0] == L'x' && buffer[1] == L'y' && buffer[2] == L'z');
    CHECK_EQ(_snwprintf(buffer, 16, L"%5.2s|", L"abc"), 6);
    CHECK(wcscmp(buffer, L"   ab|") == 0);
}

static void strsafe_always_terminates(void)
{
    char narrow[6];
    wchar_t wide[4];
    size_t length = 99;

    CHECK_EQ(RtlStringCchCopyA(narrow, sizeof(narrow), "abc"), STATUS_SUCCESS);
    CHECK_STR(narrow, "abc");
    CHECK_EQ(RtlStringCchCatA(narrow, sizeof(narrow), "def"),
             STATUS_BUFFER_OVERFLOW);
    CHECK_STR(narrow, "abcde");
    CHECK_EQ(RtlStringCchCatA(narrow, sizeof(narrow), ""), STATUS_SUCCESS);
    CHECK_EQ(RtlStringCchCopyA(narrow, 0, "x"), STATUS_INVALID_PARAMETER);
    CHECK_EQ(RtlStringCchLengthA(narrow, sizeof(narrow), &length),
             STATUS_SUCCESS);
    CHECK_EQ(length, 5);
    CHECK_EQ(RtlStringCchLengthA(narrow, 5, &length),
             STATUS_INVALID_PARAMETER); /* no terminator within 5 */
    CHECK_EQ(length, 0);
    CHECK_EQ(RtlStringCchPrintfA(narrow, sizeof(narrow), "%d", 12345),
             STATUS_SUCCESS); /* exactly full: still terminated */
    CHECK_STR(narrow, "12345");
    CHECK_EQ(RtlStringCbPrintfA(narrow, sizeof(narrow), "%s", "toolong"),
             STATUS_BUFFER_OVERFLOW);
    CHECK_STR(narrow, "toolo");
    CHECK_EQ(RtlStringCbCopyW(wide, sizeof(wide), L"\u00e9ab"), STATUS_SUCCESS);
    CHECK_EQ(RtlStringCbLengthW(wide, sizeof(wide), &length), STATUS_SUCCESS);
    CHECK_EQ(length, 6); /* bytes */
    CHECK_EQ(RtlStringCchPrintfW(wide, 4, L"%s!", L"wxyz"),
             STATUS_BUFFER_OVERFLOW);
    CHECK(wcscmp(wide, L"wxy") == 0);
    CHECK_EQ(RtlStringCbCatW(wide, sizeof(wide), L"z"), STATUS_BUFFER_OVERFLOW);
}

int main(void)
{
    RUN(narrow_search_and_compare);
    RUN(narrow_copies);
    RUN(wide_routines);
    RUN(character_classes);
    RUN(numbers_from_text);
    RUN(snprintf_is_msvc_s);
    RUN(nt_string_conversions);
    RUN(wide_printf_takes_wide_strings);
    RUN(strsafe_always_terminates);
    HOST_TEST_EXIT();
}
