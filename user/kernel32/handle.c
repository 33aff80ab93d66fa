/* CloseHandle: NtClose, except for the console's pseudo handles, which
 * have no object behind them. */
#include "kernel32p.h"

BOOL WINAPI CloseHandle(HANDLE hObject)
{
    NTSTATUS Status;

    if (BASE_IS_CONSOLE_HANDLE(hObject))
        return TRUE;
    Status = NtClose(hObject);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
