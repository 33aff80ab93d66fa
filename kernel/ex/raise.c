/*
 * Raising statuses in the kernel, as NT's ExRaiseStatus and RtlRaiseStatus
 * do: a noncontinuable exception whose address is the caller's, through
 * the same dispatcher as a trap (kernel/rtl/exception.c). Nobody resumes a
 * noncontinuable exception, so the context is the raiser's own, with the
 * caller's eip.
 */
#include "kernel/rtl/rtlp_seh.h"
#include "kernel/seh.h"

static DECLSPEC_NORETURN VOID raise_status(NTSTATUS Status, PVOID Address)
{
    EXCEPTION_RECORD Record;
    CONTEXT Context;

    RtlZeroMemory(&Record, sizeof(Record));
    Record.ExceptionCode = Status;
    Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    Record.ExceptionAddress = Address;
    RtlCaptureContext(&Context);
    Context.Eip = (ULONG)Address;
    RtlpContinueOrRaise(&Record, &Context, FALSE);
}

/* noipa: each keeps its own body, so that its return address is its
 * caller's (GCC would make one of these two a call to the other). */
__attribute__((noipa)) VOID NTAPI ExRaiseStatus(NTSTATUS Status)
{
    raise_status(Status, __builtin_return_address(0));
}

__attribute__((noipa)) VOID NTAPI RtlRaiseStatus(NTSTATUS Status)
{
    raise_status(Status, __builtin_return_address(0));
}

VOID NTAPI ExRaiseAccessViolation(VOID)
{
    raise_status(STATUS_ACCESS_VIOLATION, __builtin_return_address(0));
}

VOID NTAPI ExRaiseDatatypeMisalignment(VOID)
{
    raise_status(STATUS_DATATYPE_MISALIGNMENT, __builtin_return_address(0));
}

VOID NTAPI ExRaiseException(PEXCEPTION_RECORD ExceptionRecord)
{
    RtlRaiseException(ExceptionRecord);
}
