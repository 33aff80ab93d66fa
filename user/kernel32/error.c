/*
 * The thread's last error (TEB.LastErrorValue), and the NT status it came
 * from (TEB.LastStatusValue), as NT's kernel32 keeps them.
 */
#include "kernel32p.h"

DWORD WINAPI GetLastError(VOID)
{
    return NtCurrentTeb()->LastErrorValue;
}

VOID WINAPI SetLastError(DWORD dwErrCode)
{
    NtCurrentTeb()->LastErrorValue = dwErrCode;
}

VOID BaseSetLastNTError(NTSTATUS Status)
{
    NtCurrentTeb()->LastStatusValue = Status;
    SetLastError(RtlNtStatusToDosError(Status));
}
