/*
 * Waiting for requests: a synchronous call's request still pending,
 * GetOverlappedResult, which waits for the OVERLAPPED's event, or for the
 * file itself when there is none (the I/O manager sets the file object's
 * event when a request on it completes), then reads the result from the
 * OVERLAPPED (io_completion.c); and CancelIo, which cancels this thread's
 * requests on the file.
 */
#include "kernel32p.h"

NTSTATUS BasepWaitForSynchronousIo(HANDLE hFile, NTSTATUS Status,
                                   PIO_STATUS_BLOCK IoStatus)
{
    if (Status == STATUS_PENDING) {
        Status = NtWaitForSingleObject(hFile, FALSE, NULL);
        if (NT_SUCCESS(Status))
            Status = IoStatus->Status;
    }
    return Status;
}

BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                LPDWORD lpNumberOfBytesTransferred, BOOL bWait)
{
    NTSTATUS Status;

    if (lpOverlapped->Internal == (ULONG_PTR)STATUS_PENDING) {
        HANDLE Event = BasepOverlappedEvent(lpOverlapped);
        DWORD Result = WAIT_TIMEOUT;

        if (bWait)
            Result =
                WaitForSingleObject(Event != NULL ? Event : hFile, INFINITE);
        if (Result == WAIT_TIMEOUT) {
            SetLastError(ERROR_IO_INCOMPLETE);
            return FALSE;
        }
        if (Result != WAIT_OBJECT_0)
            return FALSE; /* the wait's own error is set */
    }
    *lpNumberOfBytesTransferred = (DWORD)lpOverlapped->InternalHigh;
    Status = (NTSTATUS)lpOverlapped->Internal;
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI CancelIo(HANDLE hFile)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status = NtCancelIoFile(hFile, &IoStatus);

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
