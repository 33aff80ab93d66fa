/* The shell's argument parsing: words, numbers, tags, patterns, types. */
#include "host_test.h"
#include "kernel/shell.h"

static void split_into_words(void)
{
    char Line[] = "  alloc\tnp  100 Tst  ";
    char Many[] = "a b c d";
    char Blank[] = "   ";
    PCHAR Argv[3];

    CHECK_EQ(KiShellSplit(Line, Argv, 3), 4);
    strcpy(Line, "  alloc\tnp  100 ");
    CHECK_EQ(KiShellSplit(Line, Argv, 3), 3);
    CHECK_STR(Argv[0], "alloc");
    CHECK_STR(Argv[1], "np");
    CHECK_STR(Argv[2], "100");
    CHECK_EQ(KiShellSplit(Many, Argv, 3), 4);
    CHECK_EQ(KiShellSplit(Blank, Argv, 3), 0);
}

static void numbers(void)
{
    ULONG Value = 7;

    CHECK(KiShellParseNumber("4096", 10, &Value));
    CHECK_EQ(Value, 4096);
    CHECK(KiShellParseNumber("0x1F", 10, &Value));
    CHECK_EQ(Value, 0x1F);
    CHECK(KiShellParseNumber("e0001000", 16, &Value));
    CHECK_EQ(Value, 0xE0001000);
    CHECK(KiShellParseNumber("0XfFfFfFfF", 10, &Value));
    CHECK_EQ(Value, 0xFFFFFFFF);
    Value = 7;
    CHECK(!KiShellParseNumber("100000000", 16, &Value));
    CHECK(!KiShellParseNumber("4294967296", 10, &Value));
    CHECK(!KiShellParseNumber("12a", 10, &Value));
    CHECK(!KiShellParseNumber("0x", 16, &Value));
    CHECK(!KiShellParseNumber("", 16, &Value));
    CHECK(!KiShellParseNumber("-1", 10, &Value));
    CHECK(!KiShellParseNumber("zz", 16, &Value));
    CHECK_EQ(Value, 7); /* untouched on failure */
}

static void tags_and_patterns(void)
{
    ULONG Tag = 0;
    CHAR Text[5];

    CHECK(KiShellParseTag("Pool", &Tag));
    CHECK_EQ(Tag, 'looP');
    CHECK(KiShellParseTag("Tst", &Tag));
    CHECK_EQ(Tag, ' tsT');
    CHECK(!KiShellParseTag("", &Tag));
    CHECK(!KiShellParseTag("Toolong", &Tag));
    CHECK(!KiShellParseTag("a\tb", &Tag));
    CHECK(KiShellTagMatches('looP', "Pool"));
    CHECK(KiShellTagMatches('looP', "P*"));
    CHECK(KiShellTagMatches('looP', "*"));
    CHECK(KiShellTagMatches('looP', "P??l"));
    CHECK(KiShellTagMatches(' tsT', "Tst"));
    CHECK(!KiShellTagMatches('looP', "Poo"));
    CHECK(!KiShellTagMatches('looP', "Pools"));
    CHECK(!KiShellTagMatches('looP', "pool"));
    CHECK(!KiShellTagMatches(' x T', "T"));
    KiShellTagText('looP', Text);
    CHECK_STR(Text, "Pool");
    KiShellTagText(0x00417F42, Text);
    CHECK_STR(Text, "B.A.");
}

/* '*' is any run of characters wherever it stands (pool T*2 matched Tst1
 * when everything after it was ignored); '?' one character, padding
 * included; the pattern's end matches only the padding. */
static void patterns_match_as_documented(void)
{
    CHECK(KiShellTagMatches('2tsT', "T*2"));
    CHECK(KiShellTagMatches('  2T', "T*2"));
    CHECK(!KiShellTagMatches('1tsT', "T*2"));
    CHECK(KiShellTagMatches('1tsT', "*1"));
    CHECK(KiShellTagMatches('1tsT', "*s*"));
    CHECK(KiShellTagMatches('1tsT', "**"));
    CHECK(KiShellTagMatches('1tsT', "Tst1*"));
    CHECK(!KiShellTagMatches('1tsT', "*2"));
    CHECK(!KiShellTagMatches('1tsT', "*st"));
    CHECK(KiShellTagMatches(' tsT', "*st"));
    CHECK(KiShellTagMatches(' tsT', "Tst?"));
    CHECK(!KiShellTagMatches('1tsT', "T?"));
    CHECK(!KiShellTagMatches('1tsT', "Tst1?"));
    CHECK(KiShellTagMatches('1tsT', "?*?"));
    /* What `pool WORD` takes as a pattern, and what as an address. */
    CHECK(KiShellIsTagPattern("Tst1"));
    CHECK(KiShellIsTagPattern("*st*1"));
    CHECK(!KiShellIsTagPattern("e0001028"));
    CHECK(!KiShellIsTagPattern("0x10"));
    CHECK(!KiShellIsTagPattern("0X1*"));
}

static void names_ignore_case(void)
{
    CHECK(KiShellEqualIgnoringCase("ver", "VER"));
    CHECK(KiShellEqualIgnoringCase("lookaside", "LookAside"));
    CHECK(!KiShellEqualIgnoringCase("ver", "VERS"));
    CHECK(!KiShellEqualIgnoringCase("ver", "ve"));
    CHECK(!KiShellEqualIgnoringCase("ver", ""));
}

static void pool_types(void)
{
    POOL_TYPE Type = MaxPoolType;

    CHECK(KiShellParsePoolType("nonpagedpool", &Type));
    CHECK_EQ(Type, NonPagedPool);
    CHECK(KiShellParsePoolType("PagedPool", &Type));
    CHECK_EQ(Type, PagedPool);
    CHECK(KiShellParsePoolType("PagedPoolCacheAligned", &Type));
    CHECK_EQ(Type, PagedPoolCacheAligned);
    CHECK(KiShellParsePoolType("NP", &Type));
    CHECK_EQ(Type, NonPagedPool);
    CHECK(!KiShellParsePoolType("Paged", &Type));
    CHECK(!KiShellParsePoolType("NonPagedPoolMustSucceed", &Type));
    CHECK_STR(KiShellPoolTypeName(PagedPool), "Paged");
    CHECK_STR(KiShellPoolTypeName(NonPagedPool), "Nonp");
}

int main(void)
{
    RUN(split_into_words);
    RUN(numbers);
    RUN(tags_and_patterns);
    RUN(patterns_match_as_documented);
    RUN(names_ignore_case);
    RUN(pool_types);
    HOST_TEST_EXIT();
}
