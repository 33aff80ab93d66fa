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
    RUN(command_lines_split_as_msvc_does);
    HOST_TEST_EXIT();
}
