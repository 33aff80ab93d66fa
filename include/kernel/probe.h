/*
 * Probing and capturing what a caller from user mode passed to a system
 * service (docs/user-mode.md): NT's internal helpers beside the DDK's
 * ProbeForRead and ProbeForWrite. Each raises STATUS_ACCESS_VIOLATION
 * (or STATUS_DATATYPE_MISALIGNMENT) and so belongs inside SEH_TRY.
 *
 * As on NT's x86 kernel, the one-value helpers check the address range
 * only: the processor reads and writes a misaligned ULONG or HANDLE
 * without complaint, so NT never refused one. Structures and buffers go
 * through ProbeForRead/ProbeForWrite with their alignment.
 */
#ifndef KERNEL_PROBE_H
#define KERNEL_PROBE_H

#include "kernel/pte.h"
#include "ntddk.h"

/* An address at or past the probe address raises as NT's read of
 * MM_USER_PROBE_ADDRESS (the never-mapped guard) does. */
static inline VOID ExpProbeValue(const volatile VOID *Address, SIZE_T Size)
{
    ULONG_PTR Start = (ULONG_PTR)Address;

    if (Start >= MM_USER_PROBE_ADDRESS || MM_USER_PROBE_ADDRESS - Start < Size)
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
}

/* Touches the location for writing, so a read-only page faults now. */
static inline VOID ProbeForWriteHandle(PHANDLE Address)
{
    ExpProbeValue(Address, sizeof(HANDLE));
    *(volatile HANDLE *)Address = *(volatile HANDLE *)Address;
}

static inline VOID ProbeForWriteUlong(PULONG Address)
{
    ExpProbeValue(Address, sizeof(ULONG));
    *(volatile ULONG *)Address = *(volatile ULONG *)Address;
}

static inline VOID ProbeForWriteLong(PLONG Address)
{
    ProbeForWriteUlong((PULONG)Address);
}

/* Reads the value once: the service goes on with its copy, so the
 * caller cannot change it under the service's feet. */
static inline LARGE_INTEGER ProbeAndReadLargeInteger(PLARGE_INTEGER Source)
{
    LARGE_INTEGER Value;

    ExpProbeValue(Source, sizeof(LARGE_INTEGER));
    Value.QuadPart = ((volatile LARGE_INTEGER *)Source)->QuadPart;
    return Value;
}

static inline UNICODE_STRING ProbeAndReadUnicodeString(PCUNICODE_STRING Source)
{
    UNICODE_STRING Value;

    ExpProbeValue(Source, sizeof(UNICODE_STRING));
    Value = *(volatile UNICODE_STRING *)Source;
    return Value;
}

/*
 * A copy of *Source in nonpaged pool (tag Tag), its buffer probed first
 * when Mode is UserMode: Length even and at most MaximumLength, a buffer
 * when Length is not 0. STATUS_OBJECT_NAME_INVALID for a malformed
 * string, STATUS_ACCESS_VIOLATION (or misalignment) for a bad pointer,
 * STATUS_INSUFFICIENT_RESOURCES. Length 0 gives an empty string with no
 * buffer. Does not raise. Free with ExpReleaseCapturedUnicodeString.
 */
NTSTATUS ExpCaptureUnicodeString(PCUNICODE_STRING Source, KPROCESSOR_MODE Mode,
                                 ULONG Tag, PUNICODE_STRING Captured);
VOID ExpReleaseCapturedUnicodeString(PUNICODE_STRING Captured, ULONG Tag);

/*
 * The same, as statuses, for services that probe before they change
 * anything (kernel/ex/capture.c). None raises.
 */
NTSTATUS ExpProbeForWrite(PVOID Address, SIZE_T Length, ULONG Alignment);
NTSTATUS ExpProbeForRead(PVOID Address, SIZE_T Length, ULONG Alignment);
/* Where a service will write a new handle: probed from user mode (range
 * only, as ProbeForWriteHandle); from kernel mode a NULL location is
 * STATUS_INVALID_PARAMETER and the handle starts as NULL. */
NTSTATUS ExpProbeHandleOut(PHANDLE Handle, KPROCESSOR_MODE Mode);
/*
 * Writes a result to a location probed earlier. A fault (the caller
 * unmapped or protected the page in between, from another thread) is
 * ignored, as NT's services ignore it: what the service did stays done,
 * and a handle it made stays in the caller's table until the caller
 * closes it or ends.
 */
VOID ExpWriteBack(PVOID Target, const VOID *Source, SIZE_T Length);
/* Copies Length bytes from a probed user buffer: STATUS_SUCCESS, or the
 * fault's status with *Target partly written. */
NTSTATUS ExpCopyIn(PVOID Target, const VOID *Source, SIZE_T Length);
/* *Source read once (probed from user mode) into *Captured. */
NTSTATUS ExpCaptureLargeInteger(PLARGE_INTEGER Source, KPROCESSOR_MODE Mode,
                                PLARGE_INTEGER Captured);

#endif
