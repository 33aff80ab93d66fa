/*
 * Threads' ends: the exit code a thread returns is kept for
 * GetExitCodeThread (STILL_ACTIVE while it runs) and
 * NtQueryInformationThread; another thread is ended through a handle only
 * with THREAD_TERMINATE, whether it sleeps in a wait or spins in ring 3;
 * NtTerminateThread(NULL) ends the caller while it is not the last
 * thread. GetExitCodeProcess reads STILL_ACTIVE for a running process.
 */
#include "usertests.h"

static DWORD WINAPI return_after_event(LPVOID Parameter)
{
    WaitForSingleObject((HANDLE)Parameter, INFINITE);
    return 0x1234;
}

void thread_exit_codes_are_kept(void)
{
    THREAD_BASIC_INFORMATION Basic;
    HANDLE Go, Thread;
    DWORD Code = 0;
    ULONG Length = 0;

    Go = CreateEventA(NULL, TRUE, FALSE, NULL);
    CHECK(Go != NULL);
    Thread = CreateThread(NULL, 0, return_after_event, Go, 0, NULL);
    CHECK(Thread != NULL);
    CHECK(GetExitCodeThread(Thread, &Code));
    CHECK_EQ(Code, STILL_ACTIVE);
    CHECK(SetEvent(Go));
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(Thread, &Code));
    CHECK_EQ(Code, 0x1234);
    CHECK_EQ(NtQueryInformationThread(Thread, ThreadBasicInformation, &Basic,
                                      sizeof(Basic), &Length),
             STATUS_SUCCESS);
    CHECK_EQ(Basic.ExitStatus, 0x1234);
    CHECK_EQ(Length, 28);
    CHECK(CloseHandle(Thread));
    CHECK(CloseHandle(Go));
    /* This thread and this process run. */
    CHECK(GetExitCodeProcess(GetCurrentProcess(), &Code));
    CHECK_EQ(Code, STILL_ACTIVE);
    CHECK(GetExitCodeThread(GetCurrentThread(), &Code));
    CHECK_EQ(Code, STILL_ACTIVE);
    CHECK_EQ(NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation,
                                      &Basic, sizeof(Basic), NULL),
             STATUS_SUCCESS);
    CHECK(Basic.TebBaseAddress == NtCurrentTeb());
    CHECK_EQ((ULONG_PTR)Basic.ClientId.UniqueThread, GetCurrentThreadId());
    CHECK_EQ((ULONG_PTR)Basic.ClientId.UniqueProcess, GetCurrentProcessId());
    CHECK_EQ(Basic.AffinityMask, 1);
    /* NT's size exactly, and its one class here. */
    CHECK_EQ(NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation,
                                      &Basic, sizeof(Basic) + 4, NULL),
             STATUS_INFO_LENGTH_MISMATCH);
    CHECK_EQ(NtQueryInformationThread(NtCurrentThread(), (THREADINFOCLASS)1,
                                      &Basic, sizeof(Basic), NULL),
             STATUS_INVALID_INFO_CLASS);
    CHECK_EQ(NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation,
                                      KERNEL_ADDRESS, sizeof(Basic), NULL),
             STATUS_ACCESS_VIOLATION);
    SetLastError(0);
    CHECK(!GetExitCodeThread((HANDLE)(ULONG_PTR)0x7FF0, &Code));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK(!GetExitCodeProcess(GetCurrentThread(), &Code)); /* not a process */
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
}

static volatile LONG spinning;

static DWORD WINAPI spin(LPVOID Parameter)
{
    UNREFERENCED_PARAMETER(Parameter);
    spinning = 1;
    for (;;)
        ;
}

static DWORD WINAPI end_self_by_null(LPVOID Parameter)
{
    UNREFERENCED_PARAMETER(Parameter);
    NtTerminateThread(NULL, 0x777);
    return 0xBAD;
}

void threads_are_terminated_through_handles(void)
{
    HANDLE Never, Sleeper, Spinner, Weak = NULL, Self;
    DWORD Code = 0;

    Never = CreateEventA(NULL, TRUE, FALSE, NULL);
    CHECK(Never != NULL);
    Sleeper = CreateThread(NULL, 0, return_after_event, Never, 0, NULL);
    CHECK(Sleeper != NULL);
    /* Without THREAD_TERMINATE: refused, and the thread goes on. */
    CHECK_EQ(NtDuplicateObject(NtCurrentProcess(), Sleeper, NtCurrentProcess(),
                               &Weak, SYNCHRONIZE | THREAD_QUERY_INFORMATION, 0,
                               0),
             STATUS_SUCCESS);
    CHECK_EQ(NtTerminateThread(Weak, 0xC0DE), STATUS_ACCESS_DENIED);
    CHECK_EQ(WaitForSingleObject(Weak, 50), WAIT_TIMEOUT);
    CHECK(GetExitCodeThread(Weak, &Code));
    CHECK_EQ(Code, STILL_ACTIVE);
    /* With it: ended in its wait, with the status given. */
    CHECK_EQ(NtTerminateThread(Sleeper, 0xC0DE), STATUS_SUCCESS);
    CHECK_EQ(WaitForSingleObject(Weak, 5000), WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(Weak, &Code));
    CHECK_EQ(Code, 0xC0DE);
    CHECK(CloseHandle(Weak));
    CHECK(CloseHandle(Sleeper));
    CHECK(CloseHandle(Never));
    /* One spinning in ring 3, never entering the kernel. */
    spinning = 0;
    Spinner = CreateThread(NULL, 0, spin, NULL, 0, NULL);
    CHECK(Spinner != NULL);
    while (!spinning)
        Sleep(1);
    CHECK_EQ(NtTerminateThread(Spinner, 0x5917), STATUS_SUCCESS);
    CHECK_EQ(WaitForSingleObject(Spinner, 5000), WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(Spinner, &Code));
    CHECK_EQ(Code, 0x5917);
    CHECK(CloseHandle(Spinner));
    /* NULL ends the caller when another thread (this one) remains. */
    Self = CreateThread(NULL, 0, end_self_by_null, NULL, 0, NULL);
    CHECK(Self != NULL);
    CHECK_EQ(WaitForSingleObject(Self, 5000), WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(Self, &Code));
    CHECK_EQ(Code, 0x777);
    CHECK(CloseHandle(Self));
}

static DWORD WINAPI count_up(LPVOID Parameter)
{
    *(volatile LONG *)Parameter += 1;
    return 0;
}

/* CREATE_SUSPENDED and NT's counts: each call returns the count before
 * it; the thread runs once the count is back to zero. */
void suspended_threads_count_suspensions(void)
{
    volatile LONG Ran = 0;
    ULONG Previous = 0xFFFFFFFF;
    HANDLE Thread;

    Thread =
        CreateThread(NULL, 0, count_up, (LPVOID)&Ran, CREATE_SUSPENDED, NULL);
    CHECK(Thread != NULL);
    CHECK_EQ(NtSuspendThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_EQ(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 2);
    CHECK_EQ(WaitForSingleObject(Thread, 50), WAIT_TIMEOUT);
    CHECK_EQ(Ran, 0);
    CHECK_EQ(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 1);
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK_EQ(Ran, 1);
    CHECK_EQ(NtResumeThread(Thread, &Previous), STATUS_SUCCESS);
    CHECK_EQ(Previous, 0);
    CHECK_EQ(NtSuspendThread(Thread, NULL), STATUS_THREAD_IS_TERMINATING);
    CHECK(CloseHandle(Thread));
}
