/*
 * ntdll's half of exception dispatch (the shared half is kernel/rtl/, see
 * rtlp_seh.h): the stack a frame must lie in, and what follows a dispatch
 * in ring 3: NtContinue, or the kernel's second chance.
 */
#include "ntdll.h"
#include "rtlp_seh.h"

/* From the bottom of the reservation (the stack may have grown past
 * StackLimit through its guard page since the TEB was last written) to
 * StackBase. */
VOID NTAPI RtlpGetStackLimits(PULONG_PTR Low, PULONG_PTR High)
{
    PTEB Teb = NtCurrentTeb();

    *High = (ULONG_PTR)Teb->NtTib.StackBase;
    *Low = (ULONG_PTR)Teb->NtTib.StackLimit;
    if (Teb->DeallocationStack != NULL &&
        (ULONG_PTR)Teb->DeallocationStack < *Low)
        *Low = (ULONG_PTR)Teb->DeallocationStack;
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
