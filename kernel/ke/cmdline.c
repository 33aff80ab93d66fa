/*
 * Command-line parsing. Pure: the words are copied into the structure's own
 * storage, so the loader's memory can be reused afterwards.
 */
#include "kernel/cmdline.h"
#include "ntrtl.h"

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
}

NTSTATUS KiParseCommandLine(PCSTR Text, KI_COMMAND_LINE *CommandLine)
{
    ULONG Used = 0;
    BOOLEAN FirstWord = TRUE;

    reset(CommandLine);
    if (Text == NULL)
        return STATUS_SUCCESS;

    for (;;) {
        PCHAR Word;
        PCHAR Equals = NULL;
        BOOLEAN Quoted = FALSE;

        while (is_space(*Text))
            Text++;
        if (*Text == '\0')
            return STATUS_SUCCESS;

        Word = &CommandLine->Storage[Used];
        while (*Text != '\0' && (Quoted || !is_space(*Text))) {
            if (*Text == '"') {
                Quoted = !Quoted;
                Text++;
                continue;
            }
            if (Used + 1 >= KI_MAX_COMMAND_LINE) {
                reset(CommandLine);
                return STATUS_NAME_TOO_LONG;
            }
            if (*Text == '=' && Equals == NULL && !Quoted)
                Equals = &CommandLine->Storage[Used];
            CommandLine->Storage[Used++] = *Text++;
        }
        if (Quoted) {
            reset(CommandLine);
            return STATUS_INVALID_PARAMETER;
        }
        CommandLine->Storage[Used++] = '\0';

        if (FirstWord && Equals == NULL && contains(Word, '/')) {
            CommandLine->ImagePath = Word;
            FirstWord = FALSE;
            continue;
        }
        FirstWord = FALSE;
        if (Equals == Word || *Word == '\0' ||
            CommandLine->Count == KI_MAX_OPTIONS) {
            reset(CommandLine);
            return Equals == Word || *Word == '\0' ? STATUS_INVALID_PARAMETER
                                                   : STATUS_BUFFER_OVERFLOW;
        }
        if (Equals != NULL)
            *Equals = '\0';
        CommandLine->Options[CommandLine->Count].Name = Word;
        CommandLine->Options[CommandLine->Count].Value =
            Equals != NULL ? Equals + 1 : "";
        CommandLine->Count++;
    }
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
