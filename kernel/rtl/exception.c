/*
 * Exception dispatch as NT x86 does it, in the kernel and in ntdll alike
 * (rtlp_seh.h): the handlers on the fs:[0] chain, newest first, each frame
 * checked to lie in the current thread's stack.
 */
#include "rtlp_seh.h"

BOOLEAN NTAPI RtlDispatchException(PEXCEPTION_RECORD ExceptionRecord,
                                   PCONTEXT Context)
{
    PEXCEPTION_REGISTRATION_RECORD Frame, NestedFrame = NULL;
    PVOID DispatcherContext;
    ULONG_PTR Low, High;

    RtlpGetStackLimits(&Low, &High);
    for (Frame = RtlpGetExceptionList(); Frame != EXCEPTION_CHAIN_END;
         Frame = Frame->Next) {
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
