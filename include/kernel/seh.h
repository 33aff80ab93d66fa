/*
 * Structured exception handling for kernel C code, NT's __try/__except made
 * from setjmp-style frames:
 *
 *     SEH_TRY {
 *         ...code that may fault or call ExRaiseStatus...
 *     } SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER) {
 *         status = GetExceptionCode();
 *     } SEH_END;
 *
 * SEH_TRY links a frame onto the processor's exception list (fs:[0], as in
 * NT). A trap or ExRaiseStatus inside the body unlinks the innermost frame,
 * records the exception in it and resumes at its SEH_EXCEPT, where the
 * filter decides: EXCEPTION_EXECUTE_HANDLER runs the handler,
 * EXCEPTION_CONTINUE_SEARCH passes the exception to the next frame out.
 * The filter runs after the stack has unwound to the SEH_TRY, so
 * EXCEPTION_CONTINUE_EXECUTION cannot resume the faulting instruction; it is
 * turned into STATUS_NONCONTINUABLE_EXCEPTION for the next frame, as NT does
 * for an exception that cannot continue.
 *
 * Rules, as with setjmp: locals changed in the body and read in the handler
 * must be volatile; leave the body only by falling off its end (no return,
 * goto or break), or the frame stays linked and the next unlink stops the
 * machine with EXCEPTION_CHAIN_CORRUPT.
 */
#ifndef KERNEL_SEH_H
#define KERNEL_SEH_H

#include "ntddk.h"

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)
#define EXCEPTION_MAXIMUM_PARAMETERS 15
#define EXCEPTION_NONCONTINUABLE 0x1

typedef struct _EXCEPTION_RECORD {
    NTSTATUS ExceptionCode;
    ULONG ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;
    PVOID ExceptionAddress;
    ULONG NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;

/* Callee-saved registers, stack, resume address and flags. */
typedef struct _KI_JUMP_BUFFER {
    ULONG Ebx;
    ULONG Esi;
    ULONG Edi;
    ULONG Ebp;
    ULONG Esp;
    ULONG Eip;
    ULONG EFlags;
} KI_JUMP_BUFFER;

typedef struct _KSEH_FRAME {
    struct _KSEH_FRAME *Next;
    KI_JUMP_BUFFER Jump;
    EXCEPTION_RECORD Record;
} KSEH_FRAME, *PKSEH_FRAME;

int __attribute__((returns_twice)) KiSetJump(KI_JUMP_BUFFER *Buffer);
DECLSPEC_NORETURN void KiLongJump(const KI_JUMP_BUFFER *Buffer, int Value);

VOID KiSehPush(PKSEH_FRAME Frame);
VOID KiSehPop(PKSEH_FRAME Frame);
BOOLEAN KiSehFilter(PKSEH_FRAME Frame, LONG Disposition);
PKSEH_FRAME KiSehHead(VOID);

/*
 * Hands Record to the innermost frame; returns only when no frame is
 * linked, and the caller then stops the machine.
 */
VOID KiDispatchException(const EXCEPTION_RECORD *Record);

/* Routine(Context) inside a try block: its status, or the code of the
 * exception that cut it short (kernel/ke/seh.c). */
NTSTATUS KiCallGuarded(NTSTATUS (*Routine)(PVOID Context), PVOID Context);

#define SEH_TRY                                                                \
    {                                                                          \
        KSEH_FRAME SehFrame_;                                                  \
        KiSehPush(&SehFrame_);                                                 \
        if (KiSetJump(&SehFrame_.Jump) == 0) {

#define SEH_EXCEPT(Filter)                                                     \
    KiSehPop(&SehFrame_);                                                      \
    }                                                                          \
    else if (KiSehFilter(&SehFrame_, (Filter)))                                \
    {

#define SEH_END                                                                \
    }                                                                          \
    }

#define GetExceptionCode() (SehFrame_.Record.ExceptionCode)
#define GetExceptionAddress() (SehFrame_.Record.ExceptionAddress)
#define GetExceptionRecord() (&SehFrame_.Record)

#endif
