/*
 * Threads: CreateThread builds the stack and start context (ntdll's
 * RtlCreateUserStack and RtlInitializeContext) and starts the thread in
 * BaseThreadStartThunk, which calls the routine and passes its result to
 * ExitThread. The kernel frees the stack of a thread that has ended.
 * GetExitCodeThread reads the exit status the kernel keeps (STATUS_PENDING,
 * which is STILL_ACTIVE, while it runs).
 */
#include "kernel32p.h"

/* thread_start.asm */
VOID BaseThreadStartThunk(VOID);

/* What NT's kernel32 commits of a new stack when the caller gives only a
 * size to reserve, or nothing. */
#define BASE_DEFAULT_COMMIT 0x1000

DECLSPEC_NORETURN VOID WINAPI BaseThreadStart(LPTHREAD_START_ROUTINE Routine,
                                              LPVOID Parameter)
{
    ExitThread(Routine(Parameter));
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes,
                           SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress,
                           LPVOID lpParameter, DWORD dwCreationFlags,
                           LPDWORD lpThreadId)
{
    SIZE_T Reserve = 0, Commit = BASE_DEFAULT_COMMIT;
    OBJECT_ATTRIBUTES Attributes;
    INITIAL_TEB InitialTeb;
    CLIENT_ID ClientId;
    CONTEXT Context;
    HANDLE Thread;
    NTSTATUS Status;

    if (lpStartAddress == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* dwStackSize commits that much (the reservation grows to hold it),
     * or with the flag reserves it. */
    if (dwCreationFlags & STACK_SIZE_PARAM_IS_A_RESERVATION)
        Reserve = dwStackSize;
    else if (dwStackSize != 0)
        Commit = dwStackSize;
    if (Reserve != 0 && Reserve < Commit)
        Reserve = Commit;
    if (Reserve == 0 && Commit > 0x100000)
        Reserve = Commit;
    Status =
        RtlCreateUserStack(NtCurrentProcess(), Reserve, Commit, 0, &InitialTeb);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    RtlInitializeContext(NtCurrentProcess(), &Context, lpParameter,
                         (PVOID)BaseThreadStartThunk, InitialTeb.StackBase);
    Context.Eax = (ULONG)(ULONG_PTR)lpStartAddress;
    Context.Ebx = (ULONG)(ULONG_PTR)lpParameter;

    InitializeObjectAttributes(
        &Attributes, NULL,
        (lpThreadAttributes && lpThreadAttributes->bInheritHandle) ? OBJ_INHERIT
                                                                   : 0,
        NULL,
        lpThreadAttributes ? lpThreadAttributes->lpSecurityDescriptor : NULL);
    Status =
        NtCreateThread(&Thread, THREAD_ALL_ACCESS, &Attributes,
                       NtCurrentProcess(), &ClientId, &Context, &InitialTeb,
                       (BOOLEAN)((dwCreationFlags & CREATE_SUSPENDED) != 0));
    if (!NT_SUCCESS(Status)) {
        RtlFreeUserStack(NtCurrentProcess(), &InitialTeb);
        BaseSetLastNTError(Status);
        return NULL;
    }
    if (lpThreadId != NULL)
        *lpThreadId = (DWORD)(ULONG_PTR)ClientId.UniqueThread;
    return Thread;
}

DECLSPEC_NORETURN VOID WINAPI ExitThread(DWORD dwExitCode)
{
    for (;;)
        NtTerminateThread(NtCurrentThread(), (NTSTATUS)dwExitCode);
}

HANDLE WINAPI GetCurrentThread(VOID)
{
    return NtCurrentThread();
}

DWORD WINAPI GetCurrentThreadId(VOID)
{
    return (DWORD)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread;
}

BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
    THREAD_BASIC_INFORMATION Basic;
    NTSTATUS Status;

    Status = NtQueryInformationThread(hThread, ThreadBasicInformation, &Basic,
                                      sizeof(Basic), NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    *lpExitCode = (DWORD)Basic.ExitStatus;
    return TRUE;
}
