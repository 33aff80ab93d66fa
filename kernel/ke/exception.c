/*
 * The kernel's half of exception dispatch (the shared half is kernel/rtl/,
 * see rtlp_seh.h): the stack a frame must lie in, and what follows a
 * dispatch in kernel mode, where there is no second chance to give.
 */
#include "kernel/gdt.h"
#include "kernel/rtl/rtlp_seh.h"
#include "kernel/seh.h"
#include "kernel/thread.h"

/* The current thread's kernel stack, as NT's RtlpGetStackLimits reads it;
 * before the boot flow is a thread, the boot stack the PCR names. */
VOID NTAPI RtlpGetStackLimits(PULONG_PTR Low, PULONG_PTR High)
{
    PKTHREAD Thread = KiCurrentThread();

    if (Thread != NULL && Thread->InitialStack != NULL) {
        *Low = (ULONG_PTR)Thread->StackLimit;
        *High = (ULONG_PTR)Thread->InitialStack;
    } else {
        *Low = KeGetPcr()->StackLimit;
        *High = KeGetPcr()->StackBase;
    }
}

/* A handler that continues has the context resumed; an exception nobody
 * handles stops the machine, with the parameters NT gives 0x1E. */
DECLSPEC_NORETURN VOID NTAPI RtlpContinueOrRaise(PEXCEPTION_RECORD Record,
                                                 PCONTEXT Context,
                                                 BOOLEAN SetAddress)
{
    if (SetAddress)
        Record->ExceptionAddress = (PVOID)Context->Eip;
    if (RtlDispatchException(Record, Context))
        KiContinueContext(Context);
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)Record->ExceptionCode,
                 (ULONG_PTR)Record->ExceptionAddress,
                 Record->ExceptionInformation[0],
                 Record->ExceptionInformation[1]);
}
