/*
 * The console until the I/O manager gives it a device: text goes to the
 * kernel's console through NtDisplayString, NT's service for boot-time
 * text. The standard handles are the process parameters' when the
 * creator set them, else the console's pseudo handles (3, 7 and 11 as NT
 * numbered them: low two bits set), which WriteConsole accepts.
 */
#include "kernel32p.h"

#define CONSOLE_INPUT_HANDLE ((HANDLE)3)
#define CONSOLE_OUTPUT_HANDLE ((HANDLE)7)
#define CONSOLE_ERROR_HANDLE ((HANDLE)11)
/* Characters per NtDisplayString: a UNICODE_STRING's length is 16 bits. */
#define CONSOLE_CHUNK 256

HANDLE WINAPI GetStdHandle(DWORD nStdHandle)
{
    PRTL_USER_PROCESS_PARAMETERS Parameters = NtCurrentPeb()->ProcessParameters;
    HANDLE Given = NULL, Console;

    switch (nStdHandle) {
    case STD_INPUT_HANDLE:
        Given = Parameters ? Parameters->StandardInput : NULL;
        Console = CONSOLE_INPUT_HANDLE;
        break;
    case STD_OUTPUT_HANDLE:
        Given = Parameters ? Parameters->StandardOutput : NULL;
        Console = CONSOLE_OUTPUT_HANDLE;
        break;
    case STD_ERROR_HANDLE:
        Given = Parameters ? Parameters->StandardError : NULL;
        Console = CONSOLE_ERROR_HANDLE;
        break;
    default:
        SetLastError(ERROR_INVALID_HANDLE);
        return INVALID_HANDLE_VALUE;
    }
    return Given != NULL ? Given : Console;
}

static BOOL display(PWCHAR Text, ULONG Count)
{
    UNICODE_STRING String;
    NTSTATUS Status;

    String.Buffer = Text;
    String.Length = String.MaximumLength = (USHORT)(Count * sizeof(WCHAR));
    Status = NtDisplayString(&String);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

static BOOL check_output(HANDLE Handle, const VOID *Buffer, LPDWORD Written)
{
    if (Written != NULL)
        *Written = 0;
    if (!BASE_IS_CONSOLE_HANDLE(Handle) || Handle == CONSOLE_INPUT_HANDLE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (Buffer == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI WriteConsoleW(HANDLE hConsoleOutput, const VOID *lpBuffer,
                          DWORD nNumberOfCharsToWrite,
                          LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved)
{
    const WCHAR *Text = lpBuffer;
    WCHAR Chunk[CONSOLE_CHUNK];
    DWORD Done = 0;

    UNREFERENCED_PARAMETER(lpReserved);
    if (!check_output(hConsoleOutput, lpBuffer, lpNumberOfCharsWritten))
        return FALSE;
    /* Copied, so the kernel reads a buffer of ours whatever the caller's. */
    while (Done < nNumberOfCharsToWrite) {
        DWORD Count = nNumberOfCharsToWrite - Done, Index;

        if (Count > CONSOLE_CHUNK)
            Count = CONSOLE_CHUNK;
        for (Index = 0; Index < Count; Index++)
            Chunk[Index] = Text[Done + Index];
        if (!display(Chunk, Count))
            return FALSE;
        Done += Count;
        if (lpNumberOfCharsWritten != NULL)
            *lpNumberOfCharsWritten = Done;
    }
    return TRUE;
}

BOOL WINAPI WriteConsoleA(HANDLE hConsoleOutput, const VOID *lpBuffer,
                          DWORD nNumberOfCharsToWrite,
                          LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved)
{
    const UCHAR *Text = lpBuffer;
    WCHAR Chunk[CONSOLE_CHUNK];
    DWORD Done = 0;

    UNREFERENCED_PARAMETER(lpReserved);
    if (!check_output(hConsoleOutput, lpBuffer, lpNumberOfCharsWritten))
        return FALSE;
    while (Done < nNumberOfCharsToWrite) {
        DWORD Count = nNumberOfCharsToWrite - Done, Index;

        if (Count > CONSOLE_CHUNK)
            Count = CONSOLE_CHUNK;
        for (Index = 0; Index < Count; Index++)
            Chunk[Index] = Text[Done + Index]; /* Latin-1 */
        if (!display(Chunk, Count))
            return FALSE;
        Done += Count;
        if (lpNumberOfCharsWritten != NULL)
            *lpNumberOfCharsWritten = Done;
    }
    return TRUE;
}
