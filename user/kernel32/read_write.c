/*
 * ReadFile and WriteFile over NtReadFile and NtWriteFile, as NT's
 * kernel32: without an OVERLAPPED the call waits (the I/O manager does,
 * for a file opened without FILE_FLAG_OVERLAPPED); with one, the request
 * starts at the OVERLAPPED's offset and either completes at once (TRUE,
 * the bytes given) or fails with ERROR_IO_PENDING and completes later
 * (GetOverlappedResult). A read at the end of a file is a success of no
 * bytes when synchronous, ERROR_HANDLE_EOF when not. ReadFileEx and
 * WriteFileEx run the caller's routine as an APC when the request is
 * done. The console's pseudo handles write through WriteConsoleA; the
 * console has no input yet, so reading one is ERROR_INVALID_HANDLE.
 */
#include "kernel32p.h"

typedef NTSTATUS(NTAPI *BASE_TRANSFER)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
                                       PIO_STATUS_BLOCK, PVOID, ULONG,
                                       PLARGE_INTEGER, PULONG);

static BOOL transfer(BASE_TRANSFER Transfer, HANDLE hFile, PVOID Buffer,
                     DWORD Length, LPDWORD Transferred,
                     LPOVERLAPPED lpOverlapped)
{
    IO_STATUS_BLOCK IoStatus;
    LARGE_INTEGER Offset;
    NTSTATUS Status;

    if (Transferred != NULL)
        *Transferred = 0;
    if (lpOverlapped != NULL) {
        PIO_STATUS_BLOCK Block = (PIO_STATUS_BLOCK)&lpOverlapped->Internal;

        lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
        Status = Transfer(hFile, BasepOverlappedEvent(lpOverlapped), NULL,
                          BasepOverlappedApcContext(lpOverlapped), Block,
                          Buffer, Length,
                          BasepOverlappedOffset(&Offset, lpOverlapped), NULL);
        if (NT_SUCCESS(Status) && Status != STATUS_PENDING) {
            if (Transferred != NULL)
                *Transferred = (DWORD)lpOverlapped->InternalHigh;
            return TRUE;
        }
        BaseSetLastNTError(Status);
        return FALSE;
    }
    IoStatus.Status = STATUS_SUCCESS;
    IoStatus.Information = 0;
    Status = Transfer(hFile, NULL, NULL, NULL, &IoStatus, Buffer, Length, NULL,
                      NULL);
    Status = BasepWaitForSynchronousIo(hFile, Status, &IoStatus);
    if (NT_SUCCESS(Status)) {
        if (Transferred != NULL)
            *Transferred = (DWORD)IoStatus.Information;
        return TRUE;
    }
    if (Status == STATUS_END_OF_FILE && Transfer == NtReadFile)
        return TRUE;
    /* A warning (STATUS_BUFFER_OVERFLOW) still moved bytes. */
    if (NT_WARNING(Status) && Transferred != NULL)
        *Transferred = (DWORD)IoStatus.Information;
    BaseSetLastNTError(Status);
    return FALSE;
}

BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                     LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped)
{
    if (BASE_IS_CONSOLE_HANDLE(hFile)) {
        if (lpNumberOfBytesRead != NULL)
            *lpNumberOfBytesRead = 0;
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return transfer(NtReadFile, hFile, lpBuffer, nNumberOfBytesToRead,
                    lpNumberOfBytesRead, lpOverlapped);
}

BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer,
                      DWORD nNumberOfBytesToWrite,
                      LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)
{
    if (BASE_IS_CONSOLE_HANDLE(hFile))
        return WriteConsoleA(hFile, lpBuffer, nNumberOfBytesToWrite,
                             lpNumberOfBytesWritten, NULL);
    return transfer(NtWriteFile, hFile, (PVOID)lpBuffer, nNumberOfBytesToWrite,
                    lpNumberOfBytesWritten, lpOverlapped);
}

/* The request runs on; only an error (not a warning, not pending) fails
 * the call, and then the routine is never called. */
static BOOL transfer_ex(BASE_TRANSFER Transfer, HANDLE hFile, PVOID Buffer,
                        DWORD Length, LPOVERLAPPED lpOverlapped,
                        LPOVERLAPPED_COMPLETION_ROUTINE Routine)
{
    LARGE_INTEGER Offset;
    NTSTATUS Status;

    lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
    Status = Transfer(hFile, NULL, BasepIoCompletion, (PVOID)Routine,
                      (PIO_STATUS_BLOCK)&lpOverlapped->Internal, Buffer, Length,
                      BasepOverlappedOffset(&Offset, lpOverlapped), NULL);
    if (NT_ERROR(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI ReadFileEx(HANDLE hFile, LPVOID lpBuffer,
                       DWORD nNumberOfBytesToRead, LPOVERLAPPED lpOverlapped,
                       LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    return transfer_ex(NtReadFile, hFile, lpBuffer, nNumberOfBytesToRead,
                       lpOverlapped, lpCompletionRoutine);
}

BOOL WINAPI WriteFileEx(HANDLE hFile, LPCVOID lpBuffer,
                        DWORD nNumberOfBytesToWrite, LPOVERLAPPED lpOverlapped,
                        LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    return transfer_ex(NtWriteFile, hFile, (PVOID)lpBuffer,
                       nNumberOfBytesToWrite, lpOverlapped,
                       lpCompletionRoutine);
}
