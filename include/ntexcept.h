/*
 * x86 structured exception handling as NT defines it, for the kernel (GCC)
 * and ring 3 (clang in MSVC mode) alike: the fs:[0] registration chain and
 * the Rtl routines that raise, dispatch and unwind through it. The kernel's
 * SEH_TRY frames (include/kernel/seh.h), clang's __try frames
 * (_except_handler3) and ntdll's frames all begin with the same record.
 */
#ifndef NTEXCEPT_H
#define NTEXCEPT_H

#include "ntcontext.h"
#include "ntdef.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A driver has these from excpt.h (include/crt), which ntdef.h brought. */
#if !defined(NT_CRT_EXCPT_H)
typedef enum _EXCEPTION_DISPOSITION {
    ExceptionContinueExecution,
    ExceptionContinueSearch,
    ExceptionNestedException,
    ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;
#endif

struct _EXCEPTION_REGISTRATION_RECORD;
typedef EXCEPTION_DISPOSITION(__cdecl EXCEPTION_ROUTINE)(
    PEXCEPTION_RECORD ExceptionRecord,
    struct _EXCEPTION_REGISTRATION_RECORD *EstablisherFrame,
    PCONTEXT ContextRecord, PVOID DispatcherContext);
typedef EXCEPTION_ROUTINE *PEXCEPTION_ROUTINE;

/* One link of the fs:[0] chain, newest first; EXCEPTION_CHAIN_END ends it. */
typedef struct _EXCEPTION_REGISTRATION_RECORD {
    struct _EXCEPTION_REGISTRATION_RECORD *Next;
    PEXCEPTION_ROUTINE Handler;
} EXCEPTION_REGISTRATION_RECORD, *PEXCEPTION_REGISTRATION_RECORD;
#define EXCEPTION_CHAIN_END ((PEXCEPTION_REGISTRATION_RECORD)(LONG_PTR)-1)

/* TRUE when a handler said ExceptionContinueExecution (Context may have
 * been changed for that); FALSE when none took the exception. */
BOOLEAN NTAPI RtlDispatchException(PEXCEPTION_RECORD ExceptionRecord,
                                   PCONTEXT Context);
/* Calls the handler of every frame newer than TargetFrame with
 * EXCEPTION_UNWINDING (all of them, and EXCEPTION_EXIT_UNWIND, when it is
 * NULL) and unlinks it; then continues at TargetIp with eax = ReturnValue,
 * or returns when TargetIp is NULL. */
VOID NTAPI RtlUnwind(PVOID TargetFrame, PVOID TargetIp,
                     PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue);
VOID NTAPI RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord);
DECLSPEC_NORETURN VOID NTAPI RtlRaiseStatus(NTSTATUS Status);
VOID NTAPI RtlCaptureContext(PCONTEXT Context);

#if defined(__i386__) || defined(_M_IX86)
_Static_assert(sizeof(EXCEPTION_REGISTRATION_RECORD) == 8,
               "EXCEPTION_REGISTRATION_RECORD size");
#endif

#ifdef __cplusplus
}
#endif

#endif
