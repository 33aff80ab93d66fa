/* Command-line parsing, well-formed and malformed. */
#include "host_test.h"
#include "kernel/cmdline.h"

static KI_COMMAND_LINE line;

static void options_and_flags(void)
{
    CHECK(NT_SUCCESS(KiParseCommandLine(
        "/boot/kernel.elf test=all  verbose hal=pic", &line)));
    CHECK_STR(line.ImagePath, "/boot/kernel.elf");
    CHECK_EQ(line.Count, 3);
    CHECK_STR(KiGetOption(&line, "test"), "all");
    CHECK_STR(KiGetOption(&line, "verbose"), "");
    CHECK_STR(KiGetOption(&line, "hal"), "pic");
    CHECK(KiGetOption(&line, "missing") == NULL);
    CHECK(KiGetOption(&line, "tes") == NULL);
}

static void empty_and_null(void)
{
    CHECK(NT_SUCCESS(KiParseCommandLine(NULL, &line)));
    CHECK_EQ(line.Count, 0);
    CHECK(NT_SUCCESS(KiParseCommandLine("   \t ", &line)));
    CHECK_EQ(line.Count, 0);
    CHECK(line.ImagePath == NULL);
}

static void first_word_without_slash_is_an_option(void)
{
    CHECK(NT_SUCCESS(KiParseCommandLine("test=gdt_loaded", &line)));
    CHECK(line.ImagePath == NULL);
    CHECK_STR(KiGetOption(&line, "test"), "gdt_loaded");
}

static void quotes_and_values_with_equals(void)
{
    CHECK(NT_SUCCESS(KiParseCommandLine("note=\"two words\" expr=a=b", &line)));
    CHECK_STR(KiGetOption(&line, "note"), "two words");
    CHECK_STR(KiGetOption(&line, "expr"), "a=b");
}

static void last_option_wins(void)
{
    CHECK(NT_SUCCESS(KiParseCommandLine("hal=pic hal=apic", &line)));
    CHECK_STR(KiGetOption(&line, "hal"), "apic");
}

/* One bad word costs itself; the options around it apply. */
static void empty_name_drops_only_its_word(void)
{
    CHECK_EQ(KiParseCommandLine("/boot/k =oops test=all \"\" hal=pic", &line),
             STATUS_INVALID_PARAMETER);
    CHECK_STR(line.ImagePath, "/boot/k");
    CHECK_EQ(line.Count, 2);
    CHECK_STR(KiGetOption(&line, "test"), "all");
    CHECK_STR(KiGetOption(&line, "hal"), "pic");
    CHECK_EQ(line.ProblemCount, 2);
    CHECK_EQ(line.Problems[0].Kind, KiProblemEmptyName);
    CHECK_STR(line.Problems[0].Word, "=oops");
    CHECK_EQ(line.Problems[0].Offset, 8);
    CHECK_STR(line.Problems[1].Word, "\"\"");
    CHECK_EQ(line.Problems[1].Offset, 23);
}

/* All after an open quote is inside it: the word and the rest go. */
static void open_quote_drops_the_rest_of_the_line(void)
{
    CHECK_EQ(KiParseCommandLine("hal=pic test=\"all crash=x", &line),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(line.Count, 1);
    CHECK_STR(KiGetOption(&line, "hal"), "pic");
    CHECK(KiGetOption(&line, "test") == NULL);
    CHECK(KiGetOption(&line, "crash") == NULL);
    CHECK_EQ(line.ProblemCount, 1);
    CHECK_EQ(line.Problems[0].Kind, KiProblemOpenQuote);
    CHECK_STR(line.Problems[0].Word, "test=\"all crash=x");
    CHECK_EQ(line.Problems[0].Offset, 8);

    /* A closed quote before it still holds its spaces. */
    CHECK_EQ(KiParseCommandLine("a=\"x y\" b=\"open", &line),
             STATUS_INVALID_PARAMETER);
    CHECK_STR(KiGetOption(&line, "a"), "x y");
    CHECK_EQ(line.Count, 1);
}

/* The limit is KI_MAX_COMMAND_LINE - 1 characters of the line as
 * written; a word reaching past it goes with the rest, those before stay. */
static void long_line_keeps_the_words_that_fit(void)
{
    char Text[KI_MAX_COMMAND_LINE + 100];
    size_t Fill = KI_MAX_COMMAND_LINE - 1 - strlen("test=all a=");

    /* Exactly at the limit: all of it. */
    strcpy(Text, "test=all a=");
    memset(Text + strlen(Text), 'y', Fill);
    Text[KI_MAX_COMMAND_LINE - 1] = '\0';
    CHECK_EQ(KiParseCommandLine(Text, &line), STATUS_SUCCESS);
    CHECK_EQ(line.Count, 2);
    CHECK_EQ(strlen(KiGetOption(&line, "a")), Fill);

    /* One character more. */
    strcat(Text, "z hal=pic");
    CHECK_EQ(KiParseCommandLine(Text, &line), STATUS_NAME_TOO_LONG);
    CHECK_EQ(line.Count, 1);
    CHECK_STR(KiGetOption(&line, "test"), "all");
    CHECK(KiGetOption(&line, "a") == NULL);
    CHECK(KiGetOption(&line, "hal") == NULL);
    CHECK_EQ(line.ProblemCount, 1);
    CHECK_EQ(line.Problems[0].Kind, KiProblemTooLong);
    CHECK_EQ(line.Problems[0].Offset, 9);
    /* The word is cut to fit the record, and says so. */
    CHECK_EQ(strlen(line.Problems[0].Word), KI_PROBLEM_WORD_LENGTH);
    CHECK(strncmp(line.Problems[0].Word, "a=yyy", 5) == 0);
    CHECK_STR(line.Problems[0].Word + KI_PROBLEM_WORD_LENGTH - 3, "...");

    /* Spaces count: a short option after a long run of them is past it. */
    memset(Text, ' ', KI_MAX_COMMAND_LINE + 10);
    strcpy(Text + KI_MAX_COMMAND_LINE + 10, "test=all");
    CHECK_EQ(KiParseCommandLine(Text, &line), STATUS_NAME_TOO_LONG);
    CHECK_EQ(line.Count, 0);
    CHECK_STR(line.Problems[0].Word, "test=all");
}

static void too_many_options_keep_the_first(void)
{
    char Many[KI_MAX_OPTIONS * 8 + 10];
    char Name[16];
    int Index;

    Many[0] = '\0';
    for (Index = 1; Index <= KI_MAX_OPTIONS + 2; Index++) {
        snprintf(Name, sizeof(Name), "o%d ", Index);
        strcat(Many, Name);
    }
    CHECK_EQ(KiParseCommandLine(Many, &line), STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(line.Count, KI_MAX_OPTIONS);
    CHECK_STR(KiGetOption(&line, "o1"), "");
    CHECK_STR(KiGetOption(&line, "o32"), "");
    CHECK(KiGetOption(&line, "o33") == NULL);
    CHECK(KiGetOption(&line, "o34") == NULL);
    CHECK_EQ(line.ProblemCount, 1);
    CHECK_EQ(line.Problems[0].Kind, KiProblemTooManyOptions);
    CHECK_STR(line.Problems[0].Word, "o33");
}

/* Every problem is counted; the first few are kept with their word. */
static void problems_beyond_the_record_are_counted(void)
{
    CHECK_EQ(KiParseCommandLine("=1 =2 =3 =4 =5 =6 ok", &line),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(line.ProblemCount, 6);
    CHECK_STR(line.Problems[KI_MAX_PROBLEMS - 1].Word, "=4");
    CHECK_STR(KiGetOption(&line, "ok"), "");

    CHECK(NT_SUCCESS(KiParseCommandLine("test=all", &line)));
    CHECK_EQ(line.ProblemCount, 0);
}

static void boolean_values(void)
{
    static const char *const Yes[] = {"",     "1",  "on", "yes",
                                      "true", "ON", "Yes"};
    static const char *const No[] = {"0", "off", "no", "false", "OFF"};
    static const char *const Neither[] = {"2", "maybe", "00", "o", "yes!"};
    BOOLEAN Value;
    size_t Index;

    for (Index = 0; Index < sizeof(Yes) / sizeof(Yes[0]); Index++) {
        Value = FALSE;
        CHECK_MSG(NT_SUCCESS(KiParseBooleanValue(Yes[Index], &Value)) && Value,
                  "'%s'", Yes[Index]);
    }
    for (Index = 0; Index < sizeof(No) / sizeof(No[0]); Index++) {
        Value = TRUE;
        CHECK_MSG(NT_SUCCESS(KiParseBooleanValue(No[Index], &Value)) && !Value,
                  "'%s'", No[Index]);
    }
    for (Index = 0; Index < sizeof(Neither) / sizeof(Neither[0]); Index++)
        CHECK_MSG(KiParseBooleanValue(Neither[Index], &Value) ==
                      STATUS_INVALID_PARAMETER,
                  "'%s'", Neither[Index]);
}

static void boolean_options_honour_their_value(void)
{
    CHECK(NT_SUCCESS(KiParseCommandLine("a b=1 c=0 d=off e=maybe", &line)));
    CHECK(KiGetBooleanOption(&line, "a"));
    CHECK(KiGetBooleanOption(&line, "b"));
    CHECK(!KiGetBooleanOption(&line, "c"));
    CHECK(!KiGetBooleanOption(&line, "d"));
    CHECK(!KiGetBooleanOption(&line, "e"));
    CHECK(!KiGetBooleanOption(&line, "absent"));
    CHECK(NT_SUCCESS(KiParseCommandLine("mmcheck=1 mmcheck=0", &line)));
    CHECK(!KiGetBooleanOption(&line, "mmcheck"));
}

/* The list holds what the kernel reads, and nothing else matches. */
static void known_options(void)
{
    static const char *const Read[] = {"test",
                                       "crash",
                                       "bench",
                                       "hal",
                                       "mmcheck",
                                       "expect_module",
                                       "expect_no_serial",
                                       "paging_seed",
                                       "thread_seed",
                                       "fuzz_seed",
                                       "verifier",
                                       "verifier_flags",
                                       "verifier_align",
                                       "verifier_seed",
                                       "verifier_fault_rate",
                                       "verifier_fault_delay"};
    size_t Index;

    for (Index = 0; Index < sizeof(Read) / sizeof(Read[0]); Index++)
        CHECK_MSG(KiLookupKnownOption(Read[Index]) != NULL, "%s", Read[Index]);
    CHECK_EQ(KiKnownOptionCount, sizeof(Read) / sizeof(Read[0]));
    CHECK_EQ(KiLookupKnownOption("mmcheck")->Kind, KiOptionBoolean);
    CHECK_EQ(KiLookupKnownOption("test")->Kind, KiOptionText);
    CHECK(KiLookupKnownOption("tests") == NULL);
    CHECK(KiLookupKnownOption("tes") == NULL);
    CHECK(KiLookupKnownOption("TEST") == NULL);
    CHECK(KiLookupKnownOption("") == NULL);
}

int main(void)
{
    RUN(options_and_flags);
    RUN(empty_and_null);
    RUN(first_word_without_slash_is_an_option);
    RUN(quotes_and_values_with_equals);
    RUN(last_option_wins);
    RUN(empty_name_drops_only_its_word);
    RUN(open_quote_drops_the_rest_of_the_line);
    RUN(long_line_keeps_the_words_that_fit);
    RUN(too_many_options_keep_the_first);
    RUN(problems_beyond_the_record_are_counted);
    RUN(boolean_values);
    RUN(boolean_options_honour_their_value);
    RUN(known_options);
    HOST_TEST_EXIT();
}
