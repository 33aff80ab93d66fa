/*
 * DeviceIoControl over NtDeviceIoControlFile, as NT's kernel32 sends it,
 * or over NtFsControlFile for a file-system code (device type
 * FILE_DEVICE_FILE_SYSTEM: an FSCTL_*), as NT's kernel32 tells them apart.
 * Where the buffers go (copied, locked by an MDL, or passed raw) is the
 * control code's method, the I/O manager's business. Without an
 * OVERLAPPED the call waits and gives the bytes the driver returned, also
 * when it fails with a warning (STATUS_BUFFER_OVERFLOW: ERROR_MORE_DATA
 * with the part that fitted); with one, the OVERLAPPED is the request's
 * status block and a request still running fails with ERROR_IO_PENDING.
 */
#include "kernel32p.h"
#include "winioctl.h"

typedef NTSTATUS(NTAPI *BASE_CONTROL)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
                                      PIO_STATUS_BLOCK, ULONG, PVOID, ULONG,
                                      PVOID, ULONG);

BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode,
                            LPVOID lpInBuffer, DWORD nInBufferSize,
                            LPVOID lpOutBuffer, DWORD nOutBufferSize,
                            LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped)
{
    BASE_CONTROL Control = (dwIoControlCode >> 16) == FILE_DEVICE_FILE_SYSTEM
                               ? NtFsControlFile
                               : NtDeviceIoControlFile;
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status;

    if (lpOverlapped != NULL) {
        lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
        Status =
            Control(hDevice, BasepOverlappedEvent(lpOverlapped), NULL,
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
    Status = Control(hDevice, NULL, NULL, NULL, &IoStatus, dwIoControlCode,
                     lpInBuffer, nInBufferSize, lpOutBuffer, nOutBufferSize);
    Status = BasepWaitForSynchronousIo(hDevice, Status, &IoStatus);
    if (lpBytesReturned != NULL)
        *lpBytesReturned = NT_ERROR(Status) ? 0 : (DWORD)IoStatus.Information;
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
