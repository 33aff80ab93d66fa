/*
 * DeviceIoControl over NtDeviceIoControlFile, as NT's kernel32 sends it.
 * Where the buffers go (copied, locked by an MDL, or passed raw) is the
 * control code's method, the I/O manager's business. Without an
 * OVERLAPPED the call waits and gives the bytes the driver returned, also
 * when it fails with a warning (STATUS_BUFFER_OVERFLOW: ERROR_MORE_DATA
 * with the part that fitted); with one, the OVERLAPPED is the request's
 * status block and a request still running fails with ERROR_IO_PENDING.
 * File-system control codes go the same way: there is no NtFsControlFile.
 */
#include "kernel32p.h"

BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode,
                            LPVOID lpInBuffer, DWORD nInBufferSize,
                            LPVOID lpOutBuffer, DWORD nOutBufferSize,
                            LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status;

    if (lpOverlapped != NULL) {
        lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
        Status = NtDeviceIoControlFile(
            hDevice, BasepOverlappedEvent(lpOverlapped), NULL,
            BasepOverlappedApcContext(lpOverlapped),
            (PIO_STATUS_BLOCK)&lpOverlapped->Internal, dwIoControlCode,
            lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize);
        if (NT_SUCCESS(Status) && Status != STATUS_PENDING) {
            if (lpBytesReturned != NULL)
                *lpBytesReturned = (DWORD)lpOverlapped->InternalHigh;
            return TRUE;
        }
        BaseSetLastNTError(Status);
        return FALSE;
    }
    IoStatus.Status = STATUS_SUCCESS;
    IoStatus.Information = 0;
    Status = NtDeviceIoControlFile(hDevice, NULL, NULL, NULL, &IoStatus,
                                   dwIoControlCode, lpInBuffer, nInBufferSize,
                                   lpOutBuffer, nOutBufferSize);
    Status = BasepWaitForSynchronousIo(hDevice, Status, &IoStatus);
    if (lpBytesReturned != NULL)
        *lpBytesReturned = NT_ERROR(Status) ? 0 : (DWORD)IoStatus.Information;
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
