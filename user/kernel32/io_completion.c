/*
 * An OVERLAPPED as NT's kernel32 hands it to the I/O manager (pure: the
 * host tests run it): its first two fields are the request's
 * IO_STATUS_BLOCK (Internal the status, InternalHigh the bytes), so the
 * result is written straight into it; Offset/OffsetHigh are the byte
 * offset; hEvent is the event, its low bit a "no completion port" tag
 * that is not part of the handle. And the APC routine that turns an
 * IO_STATUS_BLOCK back into a ReadFileEx/WriteFileEx routine's call.
 */
#include "kernel32p.h"

/* The layouts Win32 and the I/O manager share, as on NT x86. */
_Static_assert(FIELD_OFFSET(OVERLAPPED, Internal) ==
                   FIELD_OFFSET(IO_STATUS_BLOCK, Status),
               "OVERLAPPED.Internal is the status");
_Static_assert(FIELD_OFFSET(OVERLAPPED, InternalHigh) ==
                   FIELD_OFFSET(IO_STATUS_BLOCK, Information),
               "OVERLAPPED.InternalHigh is the information");
#if defined(_M_IX86)
_Static_assert(sizeof(OVERLAPPED) == 20 && sizeof(IO_STATUS_BLOCK) == 8 &&
                   FIELD_OFFSET(OVERLAPPED, Offset) == 8 &&
                   FIELD_OFFSET(OVERLAPPED, hEvent) == 16,
               "NT x86's OVERLAPPED and IO_STATUS_BLOCK");
#endif

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
