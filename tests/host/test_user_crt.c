/*
 * The C runtime's pure parts on the host (user/crt): the printf engine,
 * against the output C and MSVC give for the same formats, and argv
 * splitting by the MSVC runtime's documented rules.
 */
#include "crt.h"
#include "host_test.h"

typedef struct _BUFFER {
    char Text[256];
    size_t Used;
} BUFFER;

static void append(void *Context, const char *Text, size_t Length)
{
    BUFFER *Buffer = Context;

    while (Length-- != 0 && Buffer->Used + 1 < sizeof(Buffer->Text))
        Buffer->Text[Buffer->Used++] = *Text++;
    Buffer->Text[Buffer->Used] = 0;
}

static BUFFER out;

static int format(const char *Format, ...)
{
    va_list Args;
    int Count;

    out.Used = 0;
    out.Text[0] = 0;
    va_start(Args, Format);
    Count = _output(append, &out, Format, Args);
    va_end(Args);
    return Count;
}

static void integers_format_as_c_says(void)
{
    CHECK_EQ(format("%d %i %u", -42, 7, 3000000000u), 16);
    CHECK_STR(out.Text, "-42 7 3000000000");
    format("%x %X %o %#x %#o %#x", 0xBEEFu, 0xBEEFu, 8u, 255u, 8u, 0u);
    CHECK_STR(out.Text, "beef BEEF 10 0xff 010 0");
    format("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%8.3d]", 42, 42, -42, 5, 5,
           7, -7);
    CHECK_STR(out.Text, "[   42] [42   ] [-0042] [+5] [ 5] [007] [    -007]");
    format("%lld %llu %llx %I64d", -9000000000LL, 18446744073709551615ULL,
           0x123456789ABCULL, 1234567890123LL);
    CHECK_STR(out.Text,
              "-9000000000 18446744073709551615 123456789abc 1234567890123");
    format("%hhd %hd %ld %zu", 300, 70000, -5L, (size_t)12);
    CHECK_STR(out.Text, "44 4464 -5 12");
    format("%*d|%-*d|%.*d", 4, 1, 3, 2, 2, 3);
    CHECK_STR(out.Text, "   1|2  |03");
    format("%.0d|%d", 0, 0);
    CHECK_STR(out.Text, "|0");
    format("%d", (int)0x80000000);
    CHECK_STR(out.Text, "-2147483648");
}

static void strings_characters_and_the_rest(void)
{
    static const unsigned short Wide[] = {'w', 'i', 0x263A, 'd', 0};

    format("%s|%5s|%-5s|%.2s|%c|%3c|%%", "abc", "ab", "ab", "abcdef", 'x', 'y');
    CHECK_STR(out.Text, "abc|   ab|ab   |ab|x|  y|%");
    format("%s", (char *)NULL);
    CHECK_STR(out.Text, "(null)");
    format("%S %ls", Wide, Wide);
    CHECK_STR(out.Text, "wi?d wi?d");
    format("%p", (void *)0x1234);
    CHECK(strlen(out.Text) == sizeof(void *) * 2);
    CHECK(strstr(out.Text, "1234") != NULL);
    /* Unknown conversions are printed as written. */
    CHECK_EQ(format("%f and %q|%", 1.0), (int)strlen("%f and %q|%"));
    CHECK_STR(out.Text, "%f and %q|%");
}

/* MSVC's size prefixes, at their edge values, with an argument after each
 * that shows the right number of bytes was taken. */
static void msvc_size_prefixes(void)
{
    char Expected[128];

    format("%I64d|%I64d|%d", (long long)-9223372036854775807LL - 1,
           9223372036854775807LL, 1);
    CHECK_STR(out.Text, "-9223372036854775808|9223372036854775807|1");
    format("%I64u|%I64x|%I64X|%d", 18446744073709551615ULL,
           0xFEDCBA9876543210ULL, 0xFEDCBA9876543210ULL, 2);
    CHECK_STR(out.Text, "18446744073709551615|fedcba9876543210|"
                        "FEDCBA9876543210|2");
    format("%I64d|%I64u|%#I64x|%d", 0LL, 0ULL, 0x100000000ULL, 3);
    CHECK_STR(out.Text, "0|0|0x100000000|3");
    format("%I32d|%I32d|%I32u|%I32x|%I32X|%d", (int)0x80000000, 0x7FFFFFFF,
           0xFFFFFFFFu, 0xDEADBEEFu, 0xDEADBEEFu, 4);
    CHECK_STR(out.Text,
              "-2147483648|2147483647|4294967295|deadbeef|DEADBEEF|4");
    /* %I: a pointer-sized integer (32 bits in the programs, the host's
     * size_t here), as size_t and ptrdiff_t are. */
    format("%Iu|%Id|%Ix|%IX|%d", (size_t)-1, (ptrdiff_t)-1, (size_t)0xABCDEF,
           (size_t)0xABCDEF, 5);
    snprintf(Expected, sizeof(Expected), "%zu|-1|abcdef|ABCDEF|5", (size_t)-1);
    CHECK_STR(out.Text, Expected);
    format("%zu|%zd|%zx|%tu|%d", (size_t)-1, (ptrdiff_t)-2, (size_t)255,
           (ptrdiff_t)7, 6);
    snprintf(Expected, sizeof(Expected), "%zu|-2|ff|7|6", (size_t)-1);
    CHECK_STR(out.Text, Expected);
    format("%lld|%llu|%llx|%d", (long long)-9223372036854775807LL - 1,
           18446744073709551615ULL, 0x8000000000000000ULL, 7);
    CHECK_STR(out.Text,
              "-9223372036854775808|18446744073709551615|8000000000000000|7");
    /* h and hh cut an int's value to short and char, as C says. */
    format("%hd|%hd|%hu|%hx|%hhd|%hhu|%hhx|%d", 32768, -32769, 65536, 0x12345,
           128, 256, 0x1FF, 8);
    CHECK_STR(out.Text, "-32768|32767|0|2345|-128|0|ff|8");
    format("%jd|%ju|%d", (long long)-1, 18446744073709551615ULL, 9);
    CHECK_STR(out.Text, "-1|18446744073709551615|9");
    format("%8I64x|%-6I32d|%010Iu|", 0xABCULL, -5, (size_t)42);
    CHECK_STR(out.Text, "     abc|-5    |0000000042|");
    /* Not a prefix: printed as written. */
    format("%I16d|%Iq|", 1);
    CHECK_STR(out.Text, "%I16d|%Iq|");
}

/* Which strings and characters are UTF-16: %S %C %ls %lc %ws %wc; %hs
 * %hS %hc %hC are char text whatever the letter's case. */
static void wide_and_narrow_text_prefixes(void)
{
    static const unsigned short Wide[] = {'w', 0xE9, 0x263A, 0};

    format("%S|%ls|%ws|%lS|%hs|%hS|%s", Wide, Wide, Wide, Wide, "ab", "cd",
           "ef");
    CHECK_STR(out.Text, "w\xE9?|w\xE9?|w\xE9?|w\xE9?|ab|cd|ef");
    format("%C|%lc|%wc|%hc|%hC|%c|%C", 0x263A, 'x', 0xE9, 'y', 'z', 'q', 'W');
    CHECK_STR(out.Text, "?|x|\xE9|y|z|q|W");
    format("[%5ws]|[%-4hs]|[%.2S]|[%3C]", Wide, "a", Wide, 'k');
    CHECK_STR(out.Text, "[  w\xE9?]|[a   ]|[w\xE9]|[  k]");
    format("%ws|%hs", (unsigned short *)NULL, (char *)NULL);
    CHECK_STR(out.Text, "(null)|(null)");
}

/* The wide engine: MSVC's wprintf, where %s is UTF-16 and %S char text. */
static void wide_engine_takes_wprintf_conversions(void)
{
    wchar_t Buffer[64];

    CHECK_EQ(_snwprintf(Buffer, 64, L"%s|%S|%hs|%ls|%c|%C|%I64x|%Iu|%5d",
                        L"w\x263A", "n\xE9", "h", L"l", L'\x263A', 'c',
                        0x123456789ULL, (size_t)7, -3),
             31);
    CHECK(memcmp(Buffer, L"w\x263A|n\xE9|h|l|\x263A|c|123456789|7|   -3",
                 32 * sizeof(wchar_t)) == 0);
}

/* _snprintf and _snwprintf: at most Count characters, terminated only
 * when shorter, -1 when the text does not fit. */
static void msvc_counted_printf_terminates_only_when_shorter(void)
{
    char Buffer[8];
    wchar_t Wide[8];

    memset(Buffer, 'x', sizeof(Buffer));
    CHECK_EQ(_snprintf(Buffer, 8, "%s", "abc"), 3);
    CHECK(memcmp(Buffer, "abc\0xxxx", 8) == 0);
    memset(Buffer, 'x', sizeof(Buffer));
    CHECK_EQ(_snprintf(Buffer, 4, "%d", 1234), 4);
    CHECK(memcmp(Buffer, "1234xxxx", 8) == 0);
    memset(Buffer, 'x', sizeof(Buffer));
    CHECK_EQ(_snprintf(Buffer, 4, "%d", 12345), -1);
    CHECK(memcmp(Buffer, "1234xxxx", 8) == 0);
    CHECK_EQ(_snprintf(Buffer, 0, "%d", 1), -1);
    CHECK_EQ(_snprintf(Buffer, 0, ""), 0);
    CHECK_EQ(_snwprintf(Wide, 3, L"%d", 123), 3);
    CHECK(memcmp(Wide, L"123", 3 * sizeof(wchar_t)) == 0);
    CHECK_EQ(_snwprintf(Wide, 3, L"%d", 1234), -1);
    CHECK_EQ(_snwprintf(Wide, 8, L"%d", 1234), 4);
    CHECK(memcmp(Wide, L"1234", 5 * sizeof(wchar_t)) == 0);
}

/* argv for Line, joined with '|'. */
static char joined[256];
static int split(const char *Line)
{
    char *Argv[16], Text[256];
    size_t Chars, Check;
    int Count = _parse_cmdline(Line, NULL, NULL, &Chars), Index;

    if (Count > 15 || Chars > sizeof(Text))
        return -1;
    if (_parse_cmdline(Line, Argv, Text, &Check) != Count || Check != Chars ||
        Argv[Count] != NULL)
        return -1;
    joined[0] = 0;
    for (Index = 0; Index < Count; Index++) {
        if (Index != 0)
            strcat(joined, "|");
        strcat(joined, Argv[Index]);
    }
    return Count;
}

static void command_lines_split_as_msvc_does(void)
{
    CHECK_EQ(split("hello"), 1);
    CHECK_STR(joined, "hello");
    CHECK_EQ(split("hello  a\tb   "), 3);
    CHECK_STR(joined, "hello|a|b");
    CHECK_EQ(split("\"C:\\Program Files\\x.exe\" one"), 2);
    CHECK_STR(joined, "C:\\Program Files\\x.exe|one");
    /* MSDN's table of examples. */
    CHECK_EQ(split("p \"a b c\" d e"), 4);
    CHECK_STR(joined, "p|a b c|d|e");
    CHECK_EQ(split("p \"ab\\\"c\" \"\\\\\" d"), 4);
    CHECK_STR(joined, "p|ab\"c|\\|d");
    CHECK_EQ(split("p a\\\\\\b d\"e f\"g h"), 4);
    CHECK_STR(joined, "p|a\\\\\\b|de fg|h");
    CHECK_EQ(split("p a\\\\\\\"b c d"), 4);
    CHECK_STR(joined, "p|a\\\"b|c|d");
    CHECK_EQ(split("p a\\\\\\\\\"b c\" d e"), 4);
    CHECK_STR(joined, "p|a\\\\b c|d|e");
    CHECK_EQ(split("p \"\""), 2);
    CHECK_STR(joined, "p|");
    CHECK_EQ(split(""), 0);
    CHECK_EQ(split(NULL), 0);
}

int main(void)
{
    RUN(integers_format_as_c_says);
    RUN(strings_characters_and_the_rest);
    RUN(msvc_size_prefixes);
    RUN(wide_and_narrow_text_prefixes);
    RUN(wide_engine_takes_wprintf_conversions);
    RUN(msvc_counted_printf_terminates_only_when_shorter);
    RUN(command_lines_split_as_msvc_does);
    HOST_TEST_EXIT();
}
