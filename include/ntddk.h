/*
 * The driver's view of the kernel: the DDK-style public header. Driver code
 * includes this one file, as it includes ntddk.h under the WDK.
 */
#ifndef NTDDK_H
#define NTDDK_H

#include "bugcodes.h"
#include "ntdef.h"
#include "ntdisp.h"
#include "ntex.h"
#include "ntexcept.h"
#include "ntexsync.h"
#include "ntinterlocked.h"
#include "ntke.h"
#include "ntlist.h"
#include "ntmm.h"
#include "ntob.h"
#include "ntps.h"
#include "ntrtl.h"
#include "ntstatus.h"
#include "ntworkitem.h"
#include "ntzw.h"

/* Stops the machine: a stop screen on VGA and serial, then halt. */
DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(ULONG BugCheckCode,
                                          ULONG_PTR BugCheckParameter1,
                                          ULONG_PTR BugCheckParameter2,
                                          ULONG_PTR BugCheckParameter3,
                                          ULONG_PTR BugCheckParameter4);
DECLSPEC_NORETURN VOID NTAPI KeBugCheck(ULONG BugCheckCode);

/* Raise Status (or the record) through the fs:[0] chain: the innermost
 * SEH_TRY or __try frame first. Noncontinuable, except ExRaiseException's
 * record when its flags allow (kernel/ex/raise.c). */
DECLSPEC_NORETURN VOID NTAPI ExRaiseStatus(NTSTATUS Status);
DECLSPEC_NORETURN VOID NTAPI ExRaiseAccessViolation(VOID);
DECLSPEC_NORETURN VOID NTAPI ExRaiseDatatypeMisalignment(VOID);
VOID NTAPI ExRaiseException(PEXCEPTION_RECORD ExceptionRecord);

/* Checks that [Address, + Length) lies in the user half, as a system
 * service must before touching a caller's buffer, and raises (inside the
 * caller's SEH_TRY) STATUS_DATATYPE_MISALIGNMENT when Address is not a
 * multiple of Alignment (1, 2, 4, 8 or 16) or STATUS_ACCESS_VIOLATION when
 * the range wraps or ends past MM_USER_PROBE_ADDRESS. Length 0 checks
 * nothing. ProbeForWrite also touches each page for writing, so a
 * read-only or unmapped page raises too. */
VOID NTAPI ProbeForRead(PVOID Address, SIZE_T Length, ULONG Alignment);
VOID NTAPI ProbeForWrite(PVOID Address, SIZE_T Length, ULONG Alignment);

/* Physically contiguous, nonpaged memory at or below
 * HighestAcceptableAddress, mapped in system space; NULL when there is
 * none. MmFreeContiguousMemory takes back exactly what was allocated. */
PVOID NTAPI MmAllocateContiguousMemory(
    SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress);
VOID NTAPI MmFreeContiguousMemory(PVOID BaseAddress);

/* TRUE when a read of VirtualAddress would not fault. */
BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress);
/* The physical address behind a mapped virtual one; 0 when unmapped. */
PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(PVOID BaseAddress);

typedef enum _MEMORY_CACHING_TYPE {
    MmNonCached = 0,
    MmCached = 1,
    MmWriteCombined = 2,
} MEMORY_CACHING_TYPE;

/* Device memory (or any physical range) mapped into system PTE space;
 * NULL when the range is invalid or no space is left. */
PVOID NTAPI MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
                         MEMORY_CACHING_TYPE CacheType);
VOID NTAPI MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes);

#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12
#define BYTES_TO_PAGES(Size)                                                   \
    (((Size) >> PAGE_SHIFT) + (((Size) & (PAGE_SIZE - 1)) != 0))
#define ROUND_TO_PAGES(Size)                                                   \
    (((ULONG_PTR)(Size) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ALIGN(Va) ((PVOID)((ULONG_PTR)(Va) & ~(PAGE_SIZE - 1)))
#define BYTE_OFFSET(Va) ((ULONG)((LONG_PTR)(Va) & (PAGE_SIZE - 1)))

/* Debug output to the serial line and the console; returns STATUS_SUCCESS. */
ULONG DbgPrint(PCSTR Format, ...);

/* Checked builds (the default) keep KdPrint and ASSERT; RELEASE=1 drops them,
 * as NT's free build does. */
#if DBG
#define KdPrint(_x_) DbgPrint _x_
#define ASSERT(exp)                                                            \
    ((!(exp))                                                                  \
         ? (RtlAssert((PVOID) #exp, (PVOID)__FILE__, __LINE__, NULL), FALSE)   \
         : TRUE)
#else
#define KdPrint(_x_)
#define ASSERT(exp) ((void)0)
#endif

DECLSPEC_NORETURN VOID NTAPI RtlAssert(PVOID FailedAssertion, PVOID FileName,
                                       ULONG LineNumber, PCHAR Message);

#endif
