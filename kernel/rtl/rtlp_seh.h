/*
 * The exception dispatcher's private interface. NT's RTL is one source for
 * ntoskrnl and ntdll, and so is this one: kernel/rtl/exception.c,
 * unwind.c, eh3.c and the assembly beside them build into the kernel (GCC,
 * ELF) and into ntdll.dll (clang, PE). What differs by side lives in each
 * side's own file: RtlpGetStackLimits and RtlpContinueOrRaise
 * (kernel/ke/exception.c; user/ntdll/exception.c).
 */
#ifndef RTLP_SEH_H
#define RTLP_SEH_H

#include "ntexcept.h"
#include "ntstatus.h"

/* handler_call.asm: calls Handler with a registration of the dispatcher's
 * own around it, which reports an exception raised inside the handler as
 * nested (ForException) or an unwind that reaches an unwind in progress as
 * collided (ForUnwind), putting the frame concerned in *DispatcherContext. */
EXCEPTION_DISPOSITION NTAPI RtlpExecuteHandlerForException(
    PEXCEPTION_RECORD Record, PEXCEPTION_REGISTRATION_RECORD Frame,
    PCONTEXT Context, PVOID DispatcherContext, PEXCEPTION_ROUTINE Handler);
EXCEPTION_DISPOSITION NTAPI RtlpExecuteHandlerForUnwind(
    PEXCEPTION_RECORD Record, PEXCEPTION_REGISTRATION_RECORD Frame,
    PCONTEXT Context, PVOID DispatcherContext, PEXCEPTION_ROUTINE Handler);

/* unwind.c, called by RtlUnwind (unwind.asm) */
VOID NTAPI RtlpUnwindFrames(PEXCEPTION_REGISTRATION_RECORD TargetFrame,
                            PEXCEPTION_RECORD ExceptionRecord,
                            PCONTEXT Context);

/* After a raise (raise.asm, ntdll's KiUserExceptionDispatcher): resume
 * Context if a handler says so; else ntdll gives the kernel the second
 * chance and the kernel stops the machine. Each side has its own. */
DECLSPEC_NORETURN VOID NTAPI RtlpContinueOrRaise(PEXCEPTION_RECORD Record,
                                                 PCONTEXT Context,
                                                 BOOLEAN SetAddress);

/* The stack a registration record must lie in: the current thread's
 * (ring 3: the TEB's; the kernel: the thread's kernel stack). */
VOID NTAPI RtlpGetStackLimits(PULONG_PTR Low, PULONG_PTR High);

/* The head of the chain: fs:[0] is the TEB's ExceptionList in ring 3 and
 * the processor control region's in the kernel, the same word to both. */
static __inline PEXCEPTION_REGISTRATION_RECORD RtlpGetExceptionList(VOID)
{
    PEXCEPTION_REGISTRATION_RECORD Head;

    __asm__ volatile("movl %%fs:0, %0" : "=r"(Head));
    return Head;
}

static __inline VOID RtlpSetExceptionList(PEXCEPTION_REGISTRATION_RECORD Head)
{
    __asm__ volatile("movl %0, %%fs:0" : : "r"(Head) : "memory");
}

static __inline BOOLEAN RtlpIsFrameInStack(PEXCEPTION_REGISTRATION_RECORD Frame,
                                           ULONG_PTR Low, ULONG_PTR High)
{
    ULONG_PTR Address = (ULONG_PTR)Frame;

    return (BOOLEAN)(Address >= Low && Address + sizeof(*Frame) <= High &&
                     (Address & 3) == 0);
}

/*
 * MSVC's EH3 frame, which clang emits for __try in MSVC mode. The
 * function's frame holds, around its fs:[0] registration:
 *
 *     registration - 8    the esp the __except block restores
 *     registration - 4    EXCEPTION_POINTERS *, for GetExceptionInformation
 *     registration + 0    Next, Handler (_except_handler3)
 *     registration + 8    the scope table
 *     registration + 12   the try level: the innermost __try it is in
 *     registration + 16   the ebp its filters, __finally and __except
 *                         blocks run with (the function's own)
 *
 * Each scope table entry names the enclosing level; a filter of NULL marks
 * a __finally, whose block is then the handler. A filter is called with
 * that ebp and returns EXCEPTION_EXECUTE_HANDLER (1), CONTINUE_SEARCH (0)
 * or CONTINUE_EXECUTION (-1); an __except block is jumped to with it.
 */
#define EH3_TOP_LEVEL (-1)

typedef struct _EH3_SCOPE_TABLE_ENTRY {
    LONG EnclosingLevel;
    PVOID FilterFunc;
    PVOID HandlerFunc;
} EH3_SCOPE_TABLE_ENTRY, *PEH3_SCOPE_TABLE_ENTRY;

typedef struct _EH3_REGISTRATION {
    EXCEPTION_REGISTRATION_RECORD Record;
    PEH3_SCOPE_TABLE_ENTRY ScopeTable;
    LONG TryLevel;
} EH3_REGISTRATION, *PEH3_REGISTRATION;

/* eh3.c: exported by ntdll and the kernel under these names (cdecl). */
EXCEPTION_DISPOSITION __cdecl _except_handler3(
    PEXCEPTION_RECORD ExceptionRecord, PEH3_REGISTRATION Frame,
    PCONTEXT Context, PVOID DispatcherContext);
VOID __cdecl _local_unwind2(PEH3_REGISTRATION Frame, LONG StopLevel);
VOID __cdecl _global_unwind2(PEH3_REGISTRATION Frame);

/* A failure of the dispatcher itself, raised as NT raises it: a
 * noncontinuable exception whose record points at the one being handled. */
static __inline VOID RtlpRaiseNested(NTSTATUS Status, PEXCEPTION_RECORD Inner)
{
    EXCEPTION_RECORD Record = {0};

    Record.ExceptionCode = Status;
    Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    Record.ExceptionRecord = Inner;
    RtlRaiseException(&Record);
}

#endif
