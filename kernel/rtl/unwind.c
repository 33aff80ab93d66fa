/*
 * The C half of RtlUnwind (unwind.asm): every frame newer than the target
 * gets its handler called with EXCEPTION_UNWINDING and is unlinked from
 * fs:[0], newest first, as NT's RtlUnwind does.
 */
#include "rtlp_seh.h"

VOID NTAPI RtlpUnwindFrames(PEXCEPTION_REGISTRATION_RECORD TargetFrame,
                            PEXCEPTION_RECORD ExceptionRecord, PCONTEXT Context)
{
    EXCEPTION_RECORD LocalRecord = {0};
    PEXCEPTION_REGISTRATION_RECORD Frame;
    ULONG_PTR Low, High;

    if (ExceptionRecord == NULL) {
        LocalRecord.ExceptionCode = STATUS_UNWIND;
        LocalRecord.ExceptionAddress = (PVOID)Context->Eip;
        ExceptionRecord = &LocalRecord;
    }
    ExceptionRecord->ExceptionFlags |= EXCEPTION_UNWINDING;
    if (TargetFrame == NULL)
        ExceptionRecord->ExceptionFlags |= EXCEPTION_EXIT_UNWIND;

    RtlpGetStackLimits(&Low, &High);
    Frame = RtlpGetExceptionList();
    while (Frame != EXCEPTION_CHAIN_END && Frame != TargetFrame) {
        PVOID DispatcherContext = NULL;
        EXCEPTION_DISPOSITION Disposition;

        /* The chain runs from newer to older frames, up the stack: a
         * target below this frame has already been passed. */
        if (TargetFrame != NULL && (ULONG_PTR)TargetFrame < (ULONG_PTR)Frame)
            RtlpRaiseNested(STATUS_INVALID_UNWIND_TARGET, ExceptionRecord);
        if (!RtlpIsFrameInStack(Frame, Low, High))
            RtlpRaiseNested(STATUS_BAD_STACK, ExceptionRecord);
        Disposition =
            RtlpExecuteHandlerForUnwind(ExceptionRecord, Frame, Context,
                                        &DispatcherContext, Frame->Handler);
        switch (Disposition) {
        case ExceptionContinueSearch:
            break;
        case ExceptionCollidedUnwind:
            /* Another unwind got here first: go on from the frame it was
             * unwinding, whose handlers have run. */
            Frame = DispatcherContext;
            break;
        default:
            RtlpRaiseNested(STATUS_INVALID_DISPOSITION, ExceptionRecord);
            break;
        }
        RtlpSetExceptionList(Frame->Next);
        Frame = Frame->Next;
    }
    if (TargetFrame != NULL && Frame != TargetFrame)
        RtlpRaiseNested(STATUS_INVALID_UNWIND_TARGET, ExceptionRecord);
}
