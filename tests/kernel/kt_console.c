/*
 * Capturing the console for tests (tests/kernel/kt_console.h). Whatever
 * prints meanwhile (another thread, an interrupt) lands in the buffer as
 * well: a test looks for its own line, never at the whole text.
 */
#include "tests/kernel/kt_console.h"
#include "kernel/console.h"
#include "ntddk.h"

static CHAR captured[KT_CONSOLE_CAPTURE_SIZE];
static volatile LONG captured_length;

static VOID capture_character(CHAR Character)
{
    LONG Index = InterlockedIncrement(&captured_length) - 1;

    if (Index < KT_CONSOLE_CAPTURE_SIZE - 1)
        captured[Index] = Character;
}

VOID KtConsoleCaptureStart(VOID)
{
    RtlZeroMemory(captured, sizeof(captured));
    captured_length = 0;
    KiConsoleTap = capture_character;
}

PCSTR KtConsoleCaptureStop(VOID)
{
    KiConsoleTap = NULL;
    captured[KT_CONSOLE_CAPTURE_SIZE - 1] = '\0';
    return captured;
}

BOOLEAN KtConsoleFindLine(PCSTR Text, PCSTR Prefix, PCHAR Line, ULONG Size)
{
    SIZE_T PrefixLength = strlen(Prefix);
    PCSTR Start = Text;

    while (*Start != '\0') {
        PCSTR End = Start;

        while (*End != '\0' && *End != '\n')
            End++;
        if ((SIZE_T)(End - Start) >= PrefixLength &&
            RtlCompareMemory(Start, Prefix, PrefixLength) == PrefixLength) {
            ULONG Length = (ULONG)(End - Start);

            if (Length >= Size)
                Length = Size - 1;
            RtlCopyMemory(Line, Start, Length);
            Line[Length] = '\0';
            return TRUE;
        }
        Start = *End == '\n' ? End + 1 : End;
    }
    return FALSE;
}
