/*
 * Command-line splitting as the MSVC runtime does it, so a program here
 * sees the argv a Windows program would:
 *   - arguments are separated by spaces and tabs outside double quotes;
 *   - a double quote starts or ends a quoted part and is not kept;
 *   - 2n backslashes before a double quote are n backslashes, and the
 *     quote acts as above; 2n+1 are n backslashes and a literal quote;
 *   - backslashes before anything else are kept as they are;
 *   - the program's name (argv[0]) ends at the first space outside quotes
 *     and keeps its backslashes.
 */
#include "crt.h"

static int is_blank(char Character)
{
    return Character == ' ' || Character == '\t';
}

static void emit(char *Text, size_t *Chars, char Character)
{
    if (Text != NULL)
        Text[*Chars] = Character;
    (*Chars)++;
}

int _parse_cmdline(const char *Line, char **Argv, char *Text, size_t *Chars)
{
    int Count = 0, Quoted = 0;

    *Chars = 0;
    if (Line == NULL)
        Line = "";
    /* The program's name. */
    if (*Line != 0) {
        if (Argv != NULL)
            Argv[Count] = Text + *Chars;
        Count++;
        for (; *Line != 0 && (Quoted || !is_blank(*Line)); Line++) {
            if (*Line == '"')
                Quoted = !Quoted;
            else
                emit(Text, Chars, *Line);
        }
        emit(Text, Chars, 0);
    }
    for (;;) {
        while (is_blank(*Line))
            Line++;
        if (*Line == 0)
            break;
        if (Argv != NULL)
            Argv[Count] = Text + *Chars;
        Count++;
        Quoted = 0;
        while (*Line != 0 && (Quoted || !is_blank(*Line))) {
            size_t Backslashes = 0;

            while (*Line == '\\') {
                Backslashes++;
                Line++;
            }
            if (*Line == '"') {
                for (; Backslashes >= 2; Backslashes -= 2)
                    emit(Text, Chars, '\\');
                if (Backslashes == 1)
                    emit(Text, Chars, '"');
                else
                    Quoted = !Quoted;
                Line++;
                continue;
            }
            for (; Backslashes != 0; Backslashes--)
                emit(Text, Chars, '\\');
            if (*Line != 0 && (Quoted || !is_blank(*Line)))
                emit(Text, Chars, *Line++);
        }
        emit(Text, Chars, 0);
    }
    if (Argv != NULL)
        Argv[Count] = NULL;
    return Count;
}
