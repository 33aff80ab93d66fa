/*
 * Waiting: Win32's milliseconds become NT's relative timeouts (negative,
 * in 100 ns units; INFINITE is no timeout), NT's wait statuses are
 * Win32's WAIT_ values already, and an APC delivered during an alertable
 * wait is WAIT_IO_COMPLETION.
 */
#include "kernel32p.h"

PLARGE_INTEGER BaseFormatTimeOut(PLARGE_INTEGER TimeOut, DWORD Milliseconds)
{
    if (Milliseconds == INFINITE)
        return NULL;
    TimeOut->QuadPart = -(LONGLONG)Milliseconds * 10000;
    return TimeOut;
}

static DWORD wait_result(NTSTATUS Status)
{
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return WAIT_FAILED;
    }
    return Status == STATUS_USER_APC ? WAIT_IO_COMPLETION : (DWORD)Status;
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds,
                                   BOOL bAlertable)
{
    LARGE_INTEGER TimeOut;
    NTSTATUS Status;

    do
        Status =
            NtWaitForSingleObject(hHandle, (BOOLEAN)(bAlertable != FALSE),
                                  BaseFormatTimeOut(&TimeOut, dwMilliseconds));
    while (bAlertable && Status == STATUS_ALERTED);
    return wait_result(Status);
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return WaitForSingleObjectEx(hHandle, dwMilliseconds, FALSE);
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles,
                                      BOOL bWaitAll, DWORD dwMilliseconds,
                                      BOOL bAlertable)
{
    HANDLE Handles[MAXIMUM_WAIT_OBJECTS];
    LARGE_INTEGER TimeOut;
    NTSTATUS Status;
    DWORD Index;

    if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    /* The kernel reads its own copy; the caller's array may be anywhere. */
    for (Index = 0; Index < nCount; Index++)
        Handles[Index] = lpHandles[Index];
    do
        Status = NtWaitForMultipleObjects(
            nCount, Handles, bWaitAll ? WaitAll : WaitAny,
            (BOOLEAN)(bAlertable != FALSE),
            BaseFormatTimeOut(&TimeOut, dwMilliseconds));
    while (bAlertable && Status == STATUS_ALERTED);
    return wait_result(Status);
}

DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles,
                                    BOOL bWaitAll, DWORD dwMilliseconds)
{
    return WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds,
                                    FALSE);
}

DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    LARGE_INTEGER Interval;
    NTSTATUS Status;

    /* INFINITE: the longest relative interval there is. */
    if (dwMilliseconds == INFINITE)
        Interval.QuadPart = (LONGLONG)0x8000000000000000ULL;
    else
        Interval.QuadPart = -(LONGLONG)dwMilliseconds * 10000;
    do
        Status = NtDelayExecution((BOOLEAN)(bAlertable != FALSE), &Interval);
    while (bAlertable && Status == STATUS_ALERTED);
    return Status == STATUS_USER_APC ? WAIT_IO_COMPLETION : 0;
}

VOID WINAPI Sleep(DWORD dwMilliseconds)
{
    SleepEx(dwMilliseconds, FALSE);
}
