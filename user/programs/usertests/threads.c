/*
 * CreateThread: the routine runs on its own stack with its parameter, in
 * this process, and a wait on the thread's handle ends when it has
 * returned. NtQueryInformationProcess describes the process it runs in.
 */
#include "usertests.h"

typedef struct _THREAD_DATA {
    HANDLE Started;
    volatile DWORD ThreadId;
    volatile DWORD ProcessId;
    volatile ULONG_PTR StackAddress;
} THREAD_DATA;

static DWORD WINAPI worker(LPVOID Parameter)
{
    THREAD_DATA *Data = Parameter;
    char Local = 0;

    Data->ThreadId = GetCurrentThreadId();
    Data->ProcessId = GetCurrentProcessId();
    Data->StackAddress = (ULONG_PTR)&Local;
    SetEvent(Data->Started);
    return 0x1234;
}

void threads_run_on_their_own_stacks(void)
{
    THREAD_DATA Data;
    PROCESS_BASIC_INFORMATION Basic;
    DWORD ThreadId = 0;
    HANDLE Thread;
    char Local = 0;

    memset(&Data, 0, sizeof(Data));
    Data.Started = CreateEventA(NULL, TRUE, FALSE, NULL);
    CHECK(Data.Started != NULL);
    Thread = CreateThread(NULL, 0, worker, &Data, 0, &ThreadId);
    CHECK(Thread != NULL);
    CHECK_EQ(WaitForSingleObject(Data.Started, 5000), WAIT_OBJECT_0);
    CHECK_EQ(WaitForSingleObject(Thread, 5000), WAIT_OBJECT_0);
    CHECK_EQ(Data.ThreadId, ThreadId);
    CHECK(Data.ThreadId != GetCurrentThreadId());
    CHECK_EQ(Data.ProcessId, GetCurrentProcessId());
    /* Its own stack, far from this one. */
    CHECK(Data.StackAddress - (ULONG_PTR)&Local > 0x10000 &&
          (ULONG_PTR)&Local - Data.StackAddress > 0x10000);
    CHECK(CloseHandle(Thread));
    CHECK(CloseHandle(Data.Started));
    CHECK_EQ(NtQueryInformationProcess(NtCurrentProcess(),
                                       ProcessBasicInformation, &Basic,
                                       sizeof(Basic), NULL),
             STATUS_SUCCESS);
    CHECK_EQ(Basic.UniqueProcessId, GetCurrentProcessId());
    CHECK(Basic.PebBaseAddress == NtCurrentPeb());
    CHECK_EQ(Basic.ExitStatus, STATUS_PENDING);
    SetLastError(0);
    CHECK(CreateThread(NULL, 0, NULL, NULL, 0, NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
}
