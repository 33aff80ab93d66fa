/*
 * The process: its pseudo handle and id, its command line (copied at
 * start-up, terminated, in UTF-16 and in ANSI: dllmain.c), its end, and
 * its exit code (STILL_ACTIVE, NT's STATUS_PENDING, while it runs).
 */
#include "kernel32p.h"

/* dllmain.c */
extern LPWSTR BaseUnicodeCommandLine;
extern LPSTR BaseAnsiCommandLine;

/* As NT's: the other threads end first, then each DLL hears
 * DLL_PROCESS_DETACH, then the process ends with the code. */
DECLSPEC_NORETURN VOID WINAPI ExitProcess(UINT uExitCode)
{
    NtTerminateProcess(NULL, (NTSTATUS)uExitCode);
    LdrShutdownProcess();
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)uExitCode);
}

HANDLE WINAPI GetCurrentProcess(VOID)
{
    return NtCurrentProcess();
}

DWORD WINAPI GetCurrentProcessId(VOID)
{
    return (DWORD)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess;
}

LPWSTR WINAPI GetCommandLineW(VOID)
{
    return BaseUnicodeCommandLine;
}

LPSTR WINAPI GetCommandLineA(VOID)
{
    return BaseAnsiCommandLine;
}

BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode)
{
    PROCESS_BASIC_INFORMATION Basic;
    NTSTATUS Status;

    Status = NtQueryInformationProcess(hProcess, ProcessBasicInformation,
                                       &Basic, sizeof(Basic), NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    *lpExitCode = (DWORD)Basic.ExitStatus;
    return TRUE;
}
