/*
 * User-mode exception dispatch as NT x86 does it: the handlers on the
 * fs:[0] chain, newest first, each checked to lie in the thread's stack.
 */
#include "ntdllp.h"

BOOLEAN NTAPI RtlDispatchException(PEXCEPTION_RECORD ExceptionRecord,
                                   PCONTEXT Context)
{
    PEXCEPTION_REGISTRATION_RECORD Frame, NestedFrame = NULL;
    PVOID DispatcherContext;
    ULONG_PTR Low, High;

    RtlpGetStackLimits(&Low, &High);
    for (Frame = NtCurrentTeb()->NtTib.ExceptionList;
         Frame != EXCEPTION_CHAIN_END; Frame = Frame->Next) {
        EXCEPTION_DISPOSITION Disposition;

        if (!RtlpIsFrameInStack(Frame, Low, High)) {
            ExceptionRecord->ExceptionFlags |= EXCEPTION_STACK_INVALID;
            return FALSE;
        }
        DispatcherContext = NULL;
        Disposition =
            RtlpExecuteHandlerForException(ExceptionRecord, Frame, Context,
                                           &DispatcherContext, Frame->Handler);
        /* Past the frame whose handler raised the nested exception, the
         * exception is an ordinary one again. */
        if (Frame == NestedFrame) {
            ExceptionRecord->ExceptionFlags &= ~EXCEPTION_NESTED_CALL;
            NestedFrame = NULL;
        }
        switch (Disposition) {
        case ExceptionContinueExecution:
            if (ExceptionRecord->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
                RtlpRaiseNested(STATUS_NONCONTINUABLE_EXCEPTION,
                                ExceptionRecord);
            return TRUE;
        case ExceptionContinueSearch:
            if (ExceptionRecord->ExceptionFlags & EXCEPTION_STACK_INVALID)
                return FALSE;
            break;
        case ExceptionNestedException:
            ExceptionRecord->ExceptionFlags |= EXCEPTION_NESTED_CALL;
            if ((ULONG_PTR)DispatcherContext > (ULONG_PTR)NestedFrame)
                NestedFrame = DispatcherContext;
            break;
        default:
            RtlpRaiseNested(STATUS_INVALID_DISPOSITION, ExceptionRecord);
            break;
        }
    }
    return FALSE;
}

DECLSPEC_NORETURN VOID NTAPI RtlpContinueOrRaise(PEXCEPTION_RECORD Record,
                                                 PCONTEXT Context,
                                                 BOOLEAN SetAddress)
{
    NTSTATUS Status;

    if (SetAddress)
        Record->ExceptionAddress = (PVOID)Context->Eip;
    if (RtlDispatchException(Record, Context))
        Status = NtContinue(Context, FALSE);
    else
        Status = NtRaiseException(Record, Context, FALSE);
    /* Either returns only when it could not do its work. */
    RtlpRaiseNested(Status, Record);
    NtTerminateProcess(NtCurrentProcess(), Status);
    for (;;)
        NtYieldExecution();
}

DECLSPEC_NORETURN VOID NTAPI RtlRaiseStatus(NTSTATUS Status)
{
    RtlpRaiseNested(Status, NULL);
    /* A noncontinuable exception never resumes its raiser. */
    NtTerminateProcess(NtCurrentProcess(), STATUS_NONCONTINUABLE_EXCEPTION);
    for (;;)
        NtYieldExecution();
}
