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
 * SEH_TRY links a frame onto the exception list at fs:[0], the one chain
 * NT's RtlDispatchException walks (kernel/rtl/exception.c): the frame
 * begins with an EXCEPTION_REGISTRATION_RECORD whose handler is the
 * kernel's KiSehHandler, so clang's __try frames (_except_handler3) and
 * hand-made frames live on the same chain. When a trap or a raise reaches
 * the frame, its handler keeps the record and context, unwinds the newer
 * frames (their handlers see EXCEPTION_UNWINDING), unlinks the frame and
 * resumes at its SEH_EXCEPT, where the filter decides:
 * EXCEPTION_EXECUTE_HANDLER runs the handler, EXCEPTION_CONTINUE_SEARCH
 * passes the exception to the next frame out. The filter runs after the
 * stack has unwound to the SEH_TRY, so EXCEPTION_CONTINUE_EXECUTION cannot
 * resume the faulting instruction; it is turned into
 * STATUS_NONCONTINUABLE_EXCEPTION for the next frame, as NT does for an
 * exception that cannot continue, and an exception passed on is marked
 * EXCEPTION_NONCONTINUABLE for the same reason.
 *
 * Rules, as with setjmp: locals changed in the body and read in the handler
 * must be volatile; leave the body only by falling off its end (no return,
 * goto or break), or the frame stays linked and the next unlink stops the
 * machine with EXCEPTION_CHAIN_CORRUPT.
 */
#ifndef KERNEL_SEH_H
#define KERNEL_SEH_H

#include "ntddk.h"
#include "ntexcept.h"

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

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
    EXCEPTION_REGISTRATION_RECORD Registration; /* first, as NT's frames */
    KI_JUMP_BUFFER Jump;
    EXCEPTION_POINTERS Pointers; /* GetExceptionInformation() */
    EXCEPTION_RECORD Record;
    CONTEXT Context;
} KSEH_FRAME, *PKSEH_FRAME;

int __attribute__((returns_twice)) KiSetJump(KI_JUMP_BUFFER *Buffer);
DECLSPEC_NORETURN void KiLongJump(const KI_JUMP_BUFFER *Buffer, int Value);

VOID KiSehPush(PKSEH_FRAME Frame);
VOID KiSehPop(PKSEH_FRAME Frame);
BOOLEAN KiSehFilter(PKSEH_FRAME Frame, LONG Disposition);
PEXCEPTION_REGISTRATION_RECORD KiSehHead(VOID);

/* Resumes a kernel-mode CONTEXT (kernel/ke/continue_context.asm): its
 * registers, flags, esp and eip; the target stack must lie above the
 * caller's frame. */
DECLSPEC_NORETURN VOID NTAPI KiContinueContext(const CONTEXT *Context);

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
#define GetExceptionInformation() (&SehFrame_.Pointers)

#endif
