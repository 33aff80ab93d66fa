/*
 * ntdll's private declarations: the helpers its files share and the
 * assembly routines the C files call.
 */
#ifndef USER_NTDLLP_H
#define USER_NTDLLP_H

#include "ntdll.h"

/* handler_call.asm */
EXCEPTION_DISPOSITION NTAPI RtlpExecuteHandlerForException(
    PEXCEPTION_RECORD Record, PEXCEPTION_REGISTRATION_RECORD Frame,
    PCONTEXT Context, PVOID DispatcherContext, PEXCEPTION_ROUTINE Handler);
EXCEPTION_DISPOSITION NTAPI RtlpExecuteHandlerForUnwind(
    PEXCEPTION_RECORD Record, PEXCEPTION_REGISTRATION_RECORD Frame,
    PCONTEXT Context, PVOID DispatcherContext, PEXCEPTION_ROUTINE Handler);

/* exception.c: after a raise (RtlRaiseException, KiUserExceptionDispatcher),
 * resume the context if a handler says so, else give the kernel the second
 * chance; a failure of either is raised as a noncontinuable exception. */
DECLSPEC_NORETURN VOID NTAPI RtlpContinueOrRaise(PEXCEPTION_RECORD Record,
                                                 PCONTEXT Context,
                                                 BOOLEAN SetAddress);

/* unwind.c, called by RtlUnwind (unwind.asm) */
VOID NTAPI RtlpUnwindFrames(PEXCEPTION_REGISTRATION_RECORD TargetFrame,
                            PEXCEPTION_RECORD ExceptionRecord,
                            PCONTEXT Context);

/* The stack a registration record must lie in: from the bottom of the
 * reservation (the stack may have grown past StackLimit through its guard
 * page since the TEB was last written) to StackBase. */
static __inline VOID RtlpGetStackLimits(PULONG_PTR Low, PULONG_PTR High)
{
    PTEB Teb = NtCurrentTeb();

    *High = (ULONG_PTR)Teb->NtTib.StackBase;
    *Low = (ULONG_PTR)Teb->NtTib.StackLimit;
    if (Teb->DeallocationStack != NULL &&
        (ULONG_PTR)Teb->DeallocationStack < *Low)
        *Low = (ULONG_PTR)Teb->DeallocationStack;
}

static __inline BOOLEAN RtlpIsFrameInStack(PEXCEPTION_REGISTRATION_RECORD Frame,
                                           ULONG_PTR Low, ULONG_PTR High)
{
    ULONG_PTR Address = (ULONG_PTR)Frame;

    return (BOOLEAN)(Address >= Low && Address + sizeof(*Frame) <= High &&
                     (Address & 3) == 0);
}

static __inline VOID RtlpRaiseNested(NTSTATUS Status, PEXCEPTION_RECORD Inner)
{
    EXCEPTION_RECORD Record = {0};

    Record.ExceptionCode = Status;
    Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    Record.ExceptionRecord = Inner;
    RtlRaiseException(&Record);
}

#endif
