/*
 * What the boot says about its command line: each word it dropped, with
 * the word and the limit it broke, options no part of the kernel reads,
 * and yes/no options given another value. The kernel boots on with what
 * parsed, so a typo costs that option and is seen on the console. Numbers
 * (seeds, rates) are read here too, with the same care.
 */
#include "kernel/cmdline.h"
#include "kernel/sections.h"
#include "ntddk.h"

ALLOC_TEXT(INIT)
static VOID report_problem(const KI_COMMAND_LINE_PROBLEM *Problem)
{
    switch (Problem->Kind) {
    case KiProblemEmptyName:
        DbgPrint("boot: command line: '%s' (at character %lu) has no name "
                 "before '='; ignored\n",
                 Problem->Word, Problem->Offset + 1);
        break;
    case KiProblemOpenQuote:
        DbgPrint("boot: command line: '%s' (at character %lu) opens a quote "
                 "that is never closed; it and the rest of the line are "
                 "ignored\n",
                 Problem->Word, Problem->Offset + 1);
        break;
    case KiProblemTooLong:
        DbgPrint("boot: command line: longer than %u characters; '%s' (at "
                 "character %lu) and the rest of the line are ignored\n",
                 KI_MAX_COMMAND_LINE - 1, Problem->Word, Problem->Offset + 1);
        break;
    case KiProblemTooManyOptions:
        DbgPrint("boot: command line: more than %u options; '%s' (at "
                 "character %lu) and the rest of the line are ignored\n",
                 KI_MAX_OPTIONS, Problem->Word, Problem->Offset + 1);
        break;
    }
}

ALLOC_TEXT(INIT) static VOID list_known(VOID)
{
    ULONG Index;

    DbgPrint("boot: the options the kernel reads:");
    for (Index = 0; Index < KiKnownOptionCount; Index++)
        DbgPrint(" %s", KiKnownOptions[Index].Name);
    DbgPrint("\n");
}

ALLOC_TEXT(INIT)
VOID KiReportCommandLine(const KI_COMMAND_LINE *CommandLine)
{
    ULONG Index, Unknown = 0;

    for (Index = 0;
         Index < CommandLine->ProblemCount && Index < KI_MAX_PROBLEMS; Index++)
        report_problem(&CommandLine->Problems[Index]);
    if (CommandLine->ProblemCount > KI_MAX_PROBLEMS)
        DbgPrint("boot: command line: %lu more word(s) ignored\n",
                 CommandLine->ProblemCount - KI_MAX_PROBLEMS);

    for (Index = 0; Index < CommandLine->Count; Index++) {
        const KI_OPTION *Option = &CommandLine->Options[Index];
        const KI_KNOWN_OPTION *Known = KiLookupKnownOption(Option->Name);
        BOOLEAN Value;

        if (Known == NULL) {
            DbgPrint("boot: unknown option '%s' ignored\n", Option->Name);
            Unknown++;
        } else if (Known->Kind == KiOptionBoolean &&
                   KiGetOption(CommandLine, Option->Name) == Option->Value &&
                   !NT_SUCCESS(KiParseBooleanValue(Option->Value, &Value))) {
            /* (Only the last of a name applies, so only it is checked.) */
            DbgPrint("boot: %s=%s is not 1 or 0 (nor on/off, yes/no, "
                     "true/false); %s is off\n",
                     Option->Name, Option->Value, Option->Name);
        }
    }
    if (Unknown != 0)
        list_known();
}

static BOOLEAN parse_number(PCSTR Text, ULONG Base, PULONG Value)
{
    ULONG Result = 0;

    if (Base == 16 && Text[0] == '0' && (Text[1] == 'x' || Text[1] == 'X'))
        Text += 2;
    if (*Text == '\0')
        return FALSE;
    for (; *Text != '\0'; Text++) {
        CHAR Digit = RtlUpperChar(*Text);
        ULONG Value;

        if (Digit >= '0' && Digit <= '9')
            Value = (ULONG)(Digit - '0');
        else if (Base == 16 && Digit >= 'A' && Digit <= 'F')
            Value = (ULONG)(Digit - 'A' + 10);
        else
            return FALSE;
        Result = Result * Base + Value;
    }
    *Value = Result;
    return TRUE;
}

/* The option Name as a number, or Default (with a word when it is not
 * one). */
ULONG KiGetNumberOption(PCSTR Name, ULONG Base, ULONG Default)
{
    PCSTR Text = KiGetOption(KiGetCommandLine(), Name);
    ULONG Value;

    if (Text == NULL)
        return Default;
    if (parse_number(Text, Base, &Value))
        return Value;
    DbgPrint(Base == 16
                 ? "boot: command line: %s=%s is not a number; %lx used\n"
                 : "boot: command line: %s=%s is not a number; %lu used\n",
             Name, Text, Default);
    return Default;
}
