/*
 * The WDM driver's header: what a driver for the Windows Driver Model
 * needs (Ke, Ex, Rtl, Mm, Ob, Ps, Zw as the WDK's wdm.h declares them).
 * ntddk.h includes this one and adds the rest, as the WDK arranges them.
 *
 * Who reads it decides some forms (ntdef.h, NT_DRIVER_BUILD): the kernel,
 * built by GCC, sees its internal forms (PAGED_CODE over KiCheckPagedCode,
 * the Interlocked* inlines); a driver, clang in MSVC mode, sees the
 * WDK's, which reach only names NT's ntoskrnl.exe and hal.dll export
 * (docs/ddk.md).
 */
#ifndef _WDMDDK_
#define _WDMDDK_
#define NT_WDM_H

#include "bugcodes.h"
#include "ntdef.h"
#include "ntdisp.h"
#include "ntex.h"
#include "ntexcept.h"
#include "ntexsync.h"
#include "ntinterlocked.h"
#include "ntio.h"
#include "ntke.h"
#include "ntlist.h"
#include "ntmdl.h"
#include "ntmm.h"
#include "ntob.h"
#include "ntport.h"
#include "ntps.h"
#include "ntrtl.h"
#include "ntstatus.h"
#include "ntworkitem.h"
#include "ntzw.h"

#ifdef __cplusplus
extern "C" {
#endif

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
 * as NT's free build does. A driver's DBG is its own (0 when unset). */
#if DBG
#define KdPrint(_x_) DbgPrint _x_
#define ASSERT(exp)                                                            \
    ((!(exp))                                                                  \
         ? (RtlAssert((PVOID) #exp, (PVOID)__FILE__, __LINE__, NULL), FALSE)   \
         : TRUE)
#define ASSERTMSG(msg, exp)                                                    \
    ((!(exp))                                                                  \
         ? (RtlAssert((PVOID) #exp, (PVOID)__FILE__, __LINE__, (PCHAR)msg),    \
            FALSE)                                                             \
         : TRUE)
#else
#define KdPrint(_x_)
#define ASSERT(exp) ((void)0)
#define ASSERTMSG(msg, exp) ((void)0)
#endif
/* The WDK's NT_ASSERT raises int 0x2c under a debugger; here it is
 * ASSERT, through the exported RtlAssert (a bug check with
 * ASSERTION_FAILURE). */
#define NT_ASSERT(exp) ASSERT(exp)
#define NT_ASSERTMSG(msg, exp) ASSERTMSG(msg, exp)

/* This kernel's RtlAssert stops the machine (no debugger to continue). */
DECLSPEC_NORETURN VOID NTAPI RtlAssert(PVOID FailedAssertion, PVOID FileName,
                                       ULONG LineNumber, PCHAR Message);

#if defined(NT_DRIVER_BUILD)
/* The WDK's PAGED_CODE: nothing in a free build; a checked one asks the
 * HAL's KeGetCurrentIrql and asserts, over exports only. */
#if DBG
#define PAGED_CODE()                                                           \
    {                                                                          \
        if (KeGetCurrentIrql() > APC_LEVEL) {                                  \
            KdPrint(("EX: Pageable code called at IRQL %d\n",                  \
                     KeGetCurrentIrql()));                                     \
            ASSERT(FALSE);                                                     \
        }                                                                      \
    }
#else
#define PAGED_CODE()
#endif
#define PAGED_CODE_LOCKED()
#endif

#ifdef __cplusplus
}
#endif

#endif
