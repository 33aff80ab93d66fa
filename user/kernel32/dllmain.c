/*
 * kernel32's entry: at DLL_PROCESS_ATTACH it copies the process's command
 * line (RTL_USER_PROCESS_PARAMETERS.CommandLine, counted, maybe without a
 * terminator) into terminated UTF-16 and ANSI strings on the process
 * heap, which GetCommandLineW/A return for the life of the process.
 * A character beyond Latin-1 is '?' in the ANSI copy.
 */
#include "kernel32p.h"

LPWSTR BaseUnicodeCommandLine;
LPSTR BaseAnsiCommandLine;

static BOOL copy_command_line(VOID)
{
    PRTL_USER_PROCESS_PARAMETERS Parameters = NtCurrentPeb()->ProcessParameters;
    HANDLE Heap = NtCurrentPeb()->ProcessHeap;
    ULONG Length = 0, Index;
    PCWSTR Source = NULL;

    if (Parameters != NULL && Parameters->CommandLine.Buffer != NULL) {
        Source = Parameters->CommandLine.Buffer;
        Length = Parameters->CommandLine.Length / sizeof(WCHAR);
    }
    BaseUnicodeCommandLine =
        RtlAllocateHeap(Heap, 0, (Length + 1) * sizeof(WCHAR));
    BaseAnsiCommandLine = RtlAllocateHeap(Heap, 0, Length + 1);
    if (BaseUnicodeCommandLine == NULL || BaseAnsiCommandLine == NULL)
        return FALSE;
    for (Index = 0; Index < Length; Index++) {
        BaseUnicodeCommandLine[Index] = Source[Index];
        BaseAnsiCommandLine[Index] =
            Source[Index] <= 0xFF ? (CHAR)Source[Index] : '?';
    }
    BaseUnicodeCommandLine[Length] = 0;
    BaseAnsiCommandLine[Length] = 0;
    return TRUE;
}

BOOL WINAPI BaseDllInitialize(HINSTANCE hInstance, DWORD dwReason,
                              LPVOID lpReserved)
{
    UNREFERENCED_PARAMETER(hInstance);
    UNREFERENCED_PARAMETER(lpReserved);
    if (dwReason == DLL_PROCESS_ATTACH)
        return copy_command_line();
    return TRUE;
}
