/*
 * Command-line parsing. Pure: the words are copied into the structure's own
 * storage, so the loader's memory can be reused afterwards. A bad word
 * costs only itself (or, when the line's end cannot be told, what follows
 * it): the options before it still apply, and the word is kept to be
 * reported.
 */
#include "kernel/cmdline.h"
#include "ntrtl.h"

/* Every option the kernel or its tests read (KiGetOption callers). */
const KI_KNOWN_OPTION KiKnownOptions[] = {
    {"test", KiOptionText},                /* all or NAME,NAME: the suite */
    {"crash", KiOptionText},               /* NAME: one crash test */
    {"bench", KiOptionText},               /* buddy, irql or pool */
    {"hal", KiOptionText},                 /* pic or apic */
    {"mmcheck", KiOptionBoolean},          /* the buddy checker, every call */
    {"expect_module", KiOptionBoolean},    /* a test: one module was passed */
    {"expect_no_serial", KiOptionBoolean}, /* a test: no UART at COM1 */
    {"paging_seed", KiOptionText},    /* HEX: the paging pressure test's seed */
    {"thread_seed", KiOptionText},    /* HEX: the thread stress test's seed */
    {"fuzz_seed", KiOptionText},      /* N: the system-call fuzzer's seed */
    {"verifier", KiOptionText},       /* NAME,NAME: drivers to verify */
    {"verifier_flags", KiOptionText}, /* HEX: NT's verifier flag bits */
    {"verifier_align", KiOptionText}, /* start or end: special pool */
    {"verifier_seed", KiOptionText},  /* HEX: low-resources simulation */
    {"verifier_fault_rate", KiOptionText},  /* N: failures per 10000 calls */
    {"verifier_fault_delay", KiOptionText}, /* N: seconds after boot */
};
const ULONG KiKnownOptionCount = ARRAYSIZE(KiKnownOptions);

static const NTSTATUS problem_status[] = {
    [KiProblemEmptyName] = STATUS_INVALID_PARAMETER,
    [KiProblemOpenQuote] = STATUS_INVALID_PARAMETER,
    [KiProblemTooLong] = STATUS_NAME_TOO_LONG,
    [KiProblemTooManyOptions] = STATUS_BUFFER_OVERFLOW,
};

static BOOLEAN is_space(CHAR Character)
{
    return Character == ' ' || Character == '\t' || Character == '\n' ||
           Character == '\r';
}

static BOOLEAN contains(PCSTR String, CHAR Character)
{
    for (; *String != '\0'; String++) {
        if (*String == Character)
            return TRUE;
    }
    return FALSE;
}

static void reset(KI_COMMAND_LINE *CommandLine)
{
    CommandLine->Storage[0] = '\0';
    CommandLine->ImagePath = NULL;
    CommandLine->Count = 0;
    CommandLine->ProblemCount = 0;
}

/* The end of the word at Text: the next space outside quotes, or the end
 * of the line. *Open says whether a quote was left open. */
static PCSTR word_end(PCSTR Text, BOOLEAN *Open)
{
    BOOLEAN Quoted = FALSE;

    for (; *Text != '\0' && (Quoted || !is_space(*Text)); Text++) {
        if (*Text == '"')
            Quoted = !Quoted;
    }
    *Open = Quoted;
    return Text;
}

static void record_problem(KI_COMMAND_LINE *CommandLine,
                           KI_COMMAND_LINE_PROBLEM_KIND Kind, PCSTR Line,
                           PCSTR Word, PCSTR End)
{
    KI_COMMAND_LINE_PROBLEM *Problem;
    ULONG Length = (ULONG)(End - Word);

    if (CommandLine->ProblemCount++ >= KI_MAX_PROBLEMS)
        return;
    Problem = &CommandLine->Problems[CommandLine->ProblemCount - 1];
    Problem->Kind = Kind;
    Problem->Offset = (ULONG)(Word - Line);
    if (Length > KI_PROBLEM_WORD_LENGTH) {
        RtlCopyMemory(Problem->Word, Word, KI_PROBLEM_WORD_LENGTH - 3);
        RtlCopyMemory(Problem->Word + KI_PROBLEM_WORD_LENGTH - 3, "...", 3);
        Length = KI_PROBLEM_WORD_LENGTH;
    } else {
        RtlCopyMemory(Problem->Word, Word, Length);
    }
    Problem->Word[Length] = '\0';
}

NTSTATUS KiParseCommandLine(PCSTR Text, KI_COMMAND_LINE *CommandLine)
{
    PCSTR Line = Text;
    ULONG Used = 0;
    BOOLEAN FirstWord = TRUE;

    reset(CommandLine);
    if (Text == NULL)
        return STATUS_SUCCESS;

    for (;;) {
        PCSTR Start, End;
        PCHAR Word, Equals = NULL;
        BOOLEAN Open, Quoted = FALSE;

        while (is_space(*Text))
            Text++;
        if (*Text == '\0')
            break;
        Start = Text;
        End = word_end(Text, &Open);
        if (Open) {
            record_problem(CommandLine, KiProblemOpenQuote, Line, Start, End);
            break;
        }
        if ((ULONG)(End - Line) > KI_MAX_COMMAND_LINE - 1) {
            record_problem(CommandLine, KiProblemTooLong, Line, Start, End);
            break;
        }

        /* Fits: Used never passes the characters read so far, the NUL
         * standing for the space (or the end) after each word. */
        Word = &CommandLine->Storage[Used];
        for (; Text < End; Text++) {
            if (*Text == '"') {
                Quoted = !Quoted;
                continue;
            }
            if (*Text == '=' && Equals == NULL && !Quoted)
                Equals = &CommandLine->Storage[Used];
            CommandLine->Storage[Used++] = *Text;
        }
        CommandLine->Storage[Used++] = '\0';

        if (FirstWord && Equals == NULL && contains(Word, '/')) {
            CommandLine->ImagePath = Word;
            FirstWord = FALSE;
            continue;
        }
        FirstWord = FALSE;
        if (Equals == Word || *Word == '\0') {
            record_problem(CommandLine, KiProblemEmptyName, Line, Start, End);
            continue;
        }
        if (CommandLine->Count == KI_MAX_OPTIONS) {
            record_problem(CommandLine, KiProblemTooManyOptions, Line, Start,
                           End);
            break;
        }
        if (Equals != NULL)
            *Equals = '\0';
        CommandLine->Options[CommandLine->Count].Name = Word;
        CommandLine->Options[CommandLine->Count].Value =
            Equals != NULL ? Equals + 1 : "";
        CommandLine->Count++;
    }
    return CommandLine->ProblemCount == 0
               ? STATUS_SUCCESS
               : problem_status[CommandLine->Problems[0].Kind];
}

PCSTR KiGetOption(const KI_COMMAND_LINE *CommandLine, PCSTR Name)
{
    ULONG Index = CommandLine->Count;

    while (Index-- != 0) {
        if (strcmp(CommandLine->Options[Index].Name, Name) == 0)
            return CommandLine->Options[Index].Value;
    }
    return NULL;
}

static BOOLEAN equals_ignoring_case(PCSTR Left, PCSTR Right)
{
    for (; *Left != '\0' && *Right != '\0'; Left++, Right++) {
        CHAR A = *Left, B = *Right;

        if (A >= 'A' && A <= 'Z')
            A = (CHAR)(A - 'A' + 'a');
        if (B >= 'A' && B <= 'Z')
            B = (CHAR)(B - 'A' + 'a');
        if (A != B)
            return FALSE;
    }
    return *Left == *Right;
}

NTSTATUS KiParseBooleanValue(PCSTR Value, PBOOLEAN Result)
{
    static const PCSTR Yes[] = {"", "1", "on", "yes", "true"};
    static const PCSTR No[] = {"0", "off", "no", "false"};
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(Yes); Index++) {
        if (equals_ignoring_case(Value, Yes[Index])) {
            *Result = TRUE;
            return STATUS_SUCCESS;
        }
    }
    for (Index = 0; Index < ARRAYSIZE(No); Index++) {
        if (equals_ignoring_case(Value, No[Index])) {
            *Result = FALSE;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_INVALID_PARAMETER;
}

BOOLEAN KiGetBooleanOption(const KI_COMMAND_LINE *CommandLine, PCSTR Name)
{
    PCSTR Value = KiGetOption(CommandLine, Name);
    BOOLEAN Result;

    return Value != NULL && NT_SUCCESS(KiParseBooleanValue(Value, &Result)) &&
           Result;
}

const KI_KNOWN_OPTION *KiLookupKnownOption(PCSTR Name)
{
    ULONG Index;

    for (Index = 0; Index < KiKnownOptionCount; Index++) {
        if (strcmp(KiKnownOptions[Index].Name, Name) == 0)
            return &KiKnownOptions[Index];
    }
    return NULL;
}
