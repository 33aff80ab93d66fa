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

static void malformed_lines_are_rejected_whole(void)
{
    char Long[KI_MAX_COMMAND_LINE + 10];
    char Many[KI_MAX_OPTIONS * 3 + 10];
    int Index;

    CHECK_EQ(KiParseCommandLine("a=1 =2", &line), STATUS_INVALID_PARAMETER);
    CHECK_EQ(line.Count, 0);
    CHECK_EQ(KiParseCommandLine("a=\"open", &line), STATUS_INVALID_PARAMETER);
    CHECK_EQ(line.Count, 0);

    memset(Long, 'x', sizeof(Long) - 1);
    Long[sizeof(Long) - 1] = '\0';
    CHECK_EQ(KiParseCommandLine(Long, &line), STATUS_NAME_TOO_LONG);
    CHECK_EQ(line.Count, 0);

    Many[0] = '\0';
    for (Index = 0; Index <= KI_MAX_OPTIONS; Index++)
        strcat(Many, "a ");
    CHECK_EQ(KiParseCommandLine(Many, &line), STATUS_BUFFER_OVERFLOW);
    CHECK_EQ(line.Count, 0);
    CHECK(KiGetOption(&line, "a") == NULL);
}

int main(void)
{
    RUN(options_and_flags);
    RUN(empty_and_null);
    RUN(first_word_without_slash_is_an_option);
    RUN(quotes_and_values_with_equals);
    RUN(last_option_wins);
    RUN(malformed_lines_are_rejected_whole);
    HOST_TEST_EXIT();
}
