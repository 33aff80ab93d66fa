/*
 * The kernel's SEH_TRY frames on NT's fs:[0] chain (include/kernel/seh.h).
 * The chain head lives in the processor control region, as NT's does, and
 * each thread's is swapped in on a context switch. Dispatch and unwinding
 * are NT's own (kernel/rtl/exception.c, unwind.c); a frame's handler
 * turns NT's callback into the setjmp-style resumption SEH_EXCEPT expects.
 */
#include "kernel/seh.h"
#include "kernel/gdt.h"
#include "kernel/rtl/rtlp_seh.h"

PEXCEPTION_REGISTRATION_RECORD KiSehHead(VOID)
{
    return RtlpGetExceptionList();
}

static EXCEPTION_DISPOSITION __cdecl KiSehHandler(
    PEXCEPTION_RECORD Record, PEXCEPTION_REGISTRATION_RECORD Registration,
    PCONTEXT Context, PVOID DispatcherContext)
{
    PKSEH_FRAME Frame =
        CONTAINING_RECORD(Registration, KSEH_FRAME, Registration);

    UNREFERENCED_PARAMETER(DispatcherContext);
    /* A setjmp frame holds nothing to clean up. */
    if (Record->ExceptionFlags & EXCEPTION_UNWIND)
        return ExceptionContinueSearch;
    /* A live frame lies above the stack of the code that raised; one
     * below it has been returned from without unlinking, and jumping
     * there would resume dead code. */
    if ((ULONG_PTR)Frame < Context->Esp)
        KeBugCheckEx(EXCEPTION_CHAIN_CORRUPT, (ULONG_PTR)Frame, Context->Esp,
                     (ULONG_PTR)Record->ExceptionCode,
                     (ULONG_PTR)Record->ExceptionAddress);
    RtlCopyMemory(&Frame->Record, Record, sizeof(Frame->Record));
    RtlCopyMemory(&Frame->Context, Context, sizeof(Frame->Context));
    Frame->Pointers.ExceptionRecord = &Frame->Record;
    Frame->Pointers.ContextRecord = &Frame->Context;
    /* Frames newer than this one are done with: their handlers see the
     * unwind (a driver's __finally runs), then this frame goes too. */
    RtlUnwind(Registration, NULL, NULL, NULL);
    RtlpSetExceptionList(Registration->Next);
    KiLongJump(&Frame->Jump, 1);
}

VOID KiSehPush(PKSEH_FRAME Frame)
{
    Frame->Registration.Handler = KiSehHandler;
    Frame->Registration.Next = RtlpGetExceptionList();
    RtlpSetExceptionList(&Frame->Registration);
}

VOID KiSehPop(PKSEH_FRAME Frame)
{
    PEXCEPTION_REGISTRATION_RECORD Head = RtlpGetExceptionList();

    /* Somebody left a try body early and their frame is still linked. */
    if (Head != &Frame->Registration)
        KeBugCheckEx(EXCEPTION_CHAIN_CORRUPT, (ULONG_PTR)Frame, (ULONG_PTR)Head,
                     0, 0);
    RtlpSetExceptionList(Frame->Registration.Next);
}

BOOLEAN KiSehFilter(PKSEH_FRAME Frame, LONG Disposition)
{
    if (Disposition == EXCEPTION_EXECUTE_HANDLER)
        return TRUE;
    /* On to the frames outside this one, from here: the stack of the code
     * that raised is gone, so nothing can continue it. */
    if (Disposition != EXCEPTION_CONTINUE_SEARCH)
        Frame->Record.ExceptionCode = STATUS_NONCONTINUABLE_EXCEPTION;
    Frame->Record.ExceptionFlags |= EXCEPTION_NONCONTINUABLE;
    RtlpContinueOrRaise(&Frame->Record, &Frame->Context, FALSE);
}

/* Routine(Context) inside a try block: its status, or the status of the
 * exception that ended it (the kernel touching user memory, which the
 * user may unmap, or which may find no frame to fault in). */
NTSTATUS KiCallGuarded(NTSTATUS (*Routine)(PVOID Context), PVOID Context)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    SEH_TRY
    {
        Status = Routine(Context);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}
