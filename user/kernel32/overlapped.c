/*
 * Asynchronous requests as NT's kernel32 makes them: an OVERLAPPED is
 * the request's IO_STATUS_BLOCK (Internal the status, InternalHigh the
 * bytes) with the file offset and the event after it, so the I/O manager
 * writes the result straight into it. GetOverlappedResult waits for the
 * event, or for the file itself when there is none (the I/O manager sets
 * the file object's event when a request on it completes), then reads
 * the result; CancelIo cancels this thread's requests on the file.
 */
#include "kernel32p.h"

/* The "no completion port" tag is not part of the handle. */
#define BASE_NO_PORT_TAG ((ULONG_PTR)1)

HANDLE BasepOverlappedEvent(LPOVERLAPPED lpOverlapped)
{
    return (HANDLE)((ULONG_PTR)lpOverlapped->hEvent & ~BASE_NO_PORT_TAG);
}

/* What a completion port would be told: the OVERLAPPED, unless tagged. */
PVOID BasepOverlappedApcContext(LPOVERLAPPED lpOverlapped)
{
    return ((ULONG_PTR)lpOverlapped->hEvent & BASE_NO_PORT_TAG) ? NULL
                                                                : lpOverlapped;
}

PLARGE_INTEGER BasepOverlappedOffset(PLARGE_INTEGER Offset,
                                     LPOVERLAPPED lpOverlapped)
{
    Offset->LowPart = lpOverlapped->Offset;
    Offset->HighPart = (LONG)lpOverlapped->OffsetHigh;
    return Offset;
}

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

/* The APC routine of ReadFileEx and WriteFileEx: ApcContext is the
 * caller's routine, the status block the OVERLAPPED's first two fields.
 * A failure reports its error and no bytes, as NT's BasepIoCompletion. */
VOID NTAPI BasepIoCompletion(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                             ULONG Reserved)
{
    LPOVERLAPPED_COMPLETION_ROUTINE Routine =
        (LPOVERLAPPED_COMPLETION_ROUTINE)ApcContext;
    DWORD Error = 0, Bytes = 0;

    UNREFERENCED_PARAMETER(Reserved);
    if (NT_ERROR(IoStatusBlock->Status))
        Error = RtlNtStatusToDosError(IoStatusBlock->Status);
    else
        Bytes = (DWORD)IoStatusBlock->Information;
    Routine(Error, Bytes,
            CONTAINING_RECORD(IoStatusBlock, OVERLAPPED, Internal));
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
