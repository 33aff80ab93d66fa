/*
 * The exception list and ExRaiseStatus. The list head lives at fs:[0] (the
 * processor control region), so that it follows the processor, as NT's
 * does; threads will swap it on a context switch.
 */
#include "kernel/seh.h"
#include "kernel/gdt.h"

PKSEH_FRAME KiSehHead(VOID)
{
    return (PKSEH_FRAME)read_fs_ulong(KPCR_EXCEPTION_LIST);
}

static void set_head(PKSEH_FRAME Frame)
{
    write_fs_ulong(KPCR_EXCEPTION_LIST, (ULONG)Frame);
}

VOID KiSehPush(PKSEH_FRAME Frame)
{
    Frame->Next = KiSehHead();
    set_head(Frame);
}

VOID KiSehPop(PKSEH_FRAME Frame)
{
    PKSEH_FRAME Head = KiSehHead();

    /* Somebody left a try body early and their frame is still linked. */
    if (Head != Frame)
        KeBugCheckEx(EXCEPTION_CHAIN_CORRUPT, (ULONG_PTR)Frame, (ULONG_PTR)Head,
                     0, 0);
    set_head(Frame->Next);
}

VOID KiDispatchException(const EXCEPTION_RECORD *Record)
{
    PKSEH_FRAME Frame = KiSehHead();

    if (Frame == NULL)
        return;
    /* A live frame is above us on the stack; one below has been returned
     * from without unlinking, and jumping there would resume dead code. */
    if ((ULONG_PTR)Frame < read_esp())
        KeBugCheckEx(EXCEPTION_CHAIN_CORRUPT, (ULONG_PTR)Frame, read_esp(),
                     (ULONG_PTR)Record->ExceptionCode,
                     (ULONG_PTR)Record->ExceptionAddress);
    set_head(Frame->Next);
    RtlCopyMemory(&Frame->Record, Record, sizeof(*Record));
    KiLongJump(&Frame->Jump, 1);
}

BOOLEAN KiSehFilter(PKSEH_FRAME Frame, LONG Disposition)
{
    EXCEPTION_RECORD Record;

    if (Disposition == EXCEPTION_EXECUTE_HANDLER)
        return TRUE;
    RtlCopyMemory(&Record, &Frame->Record, sizeof(Record));
    if (Disposition != EXCEPTION_CONTINUE_SEARCH) {
        /* The faulting instruction's stack is gone: it cannot resume. */
        Record.ExceptionCode = STATUS_NONCONTINUABLE_EXCEPTION;
        Record.ExceptionFlags |= EXCEPTION_NONCONTINUABLE;
    }
    KiDispatchException(&Record);
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)Record.ExceptionCode,
                 (ULONG_PTR)Record.ExceptionAddress,
                 Record.ExceptionInformation[0],
                 Record.ExceptionInformation[1]);
}

VOID NTAPI ExRaiseStatus(NTSTATUS Status)
{
    EXCEPTION_RECORD Record;

    RtlZeroMemory(&Record, sizeof(Record));
    Record.ExceptionCode = Status;
    Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    Record.ExceptionAddress = __builtin_return_address(0);
    KiDispatchException(&Record);
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)Status,
                 (ULONG_PTR)Record.ExceptionAddress, 0, 0);
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
