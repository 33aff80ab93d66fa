/*
 * A user thread's registers as NT hands them to ring 3: the trap frame
 * turned into a CONTEXT and back, and the frames the kernel builds on the
 * user stack to enter ntdll's KiUserExceptionDispatcher and
 * KiUserApcDispatcher, which come back with NtContinue or NtRaiseException.
 * A CONTEXT from ring 3 is never trusted: the frame it becomes always
 * returns to ring 3 with interrupts on, IOPL 0 and selectors ring 3 may
 * hold, so no context can fault the kernel's own way out.
 */
#include "kernel/process.h"
#include "kernel/seh.h"
#include "kernel/system_service.h"
#include "kernel/thread.h"
#include "ntcontext.h"

#define SELECTOR_TI 0x4 /* the selector names an LDT entry */

/* ntdll's entry points for the kernel (PspLookupSystemDllEntryPoints). */
ULONG KiUserExceptionDispatcherAddress;
ULONG KiUserApcDispatcherAddress;

/* The flags ring 3 may set: CF PF AF ZF SF TF DF OF, AC, ID. */
#define EFLAGS_USER_SETTABLE 0x00244DD5UL
#define EFLAGS_ALWAYS 0x00000202UL /* IF, and bit 1 */

VOID KiTrapFrameToContext(const KTRAP_FRAME *TrapFrame, PCONTEXT Context)
{
    Context->ContextFlags = CONTEXT_FULL;
    Context->SegGs = TrapFrame->SegGs & 0xFFFF;
    Context->SegFs = TrapFrame->SegFs & 0xFFFF;
    Context->SegEs = TrapFrame->SegEs & 0xFFFF;
    Context->SegDs = TrapFrame->SegDs & 0xFFFF;
    Context->Edi = TrapFrame->Edi;
    Context->Esi = TrapFrame->Esi;
    Context->Ebx = TrapFrame->Ebx;
    Context->Edx = TrapFrame->Edx;
    Context->Ecx = TrapFrame->Ecx;
    Context->Eax = TrapFrame->Eax;
    Context->Ebp = TrapFrame->Ebp;
    Context->Eip = TrapFrame->Eip;
    Context->SegCs = TrapFrame->SegCs & 0xFFFF;
    Context->EFlags = TrapFrame->EFlags;
    Context->Esp = TrapFrame->HardwareEsp;
    Context->SegSs = TrapFrame->HardwareSegSs & 0xFFFF;
}

/* A data selector ring 3 may load: the flat data segment or the TEB's,
 * the null selector, or one of its LDT's; anything else becomes Default. */
static ULONG sane_selector(ULONG Selector, ULONG Default)
{
    Selector &= 0xFFFF;
    if (Selector == (KGDT_R3_DATA | 3) || Selector == (KGDT_R3_TEB | 3) ||
        Selector == 0)
        return Selector;
    if ((Selector & (SELECTOR_TI | 3)) == (SELECTOR_TI | 3))
        return Selector; /* checked against the LDT on the way out */
    return Default;
}

VOID KiContextToTrapFrame(const CONTEXT *Context, PKTRAP_FRAME TrapFrame)
{
    ULONG Flags = Context->ContextFlags;

    if ((Flags & CONTEXT_CONTROL) == CONTEXT_CONTROL) {
        TrapFrame->Ebp = Context->Ebp;
        TrapFrame->Eip = Context->Eip;
        TrapFrame->EFlags =
            (Context->EFlags & EFLAGS_USER_SETTABLE) | EFLAGS_ALWAYS;
        TrapFrame->HardwareEsp = Context->Esp;
    }
    if ((Flags & CONTEXT_INTEGER) == CONTEXT_INTEGER) {
        TrapFrame->Edi = Context->Edi;
        TrapFrame->Esi = Context->Esi;
        TrapFrame->Ebx = Context->Ebx;
        TrapFrame->Edx = Context->Edx;
        TrapFrame->Ecx = Context->Ecx;
        TrapFrame->Eax = Context->Eax;
    }
    if ((Flags & CONTEXT_SEGMENTS) == CONTEXT_SEGMENTS) {
        TrapFrame->SegGs = sane_selector(Context->SegGs, 0);
        TrapFrame->SegFs = sane_selector(Context->SegFs, KGDT_R3_TEB | 3);
        TrapFrame->SegEs = sane_selector(Context->SegEs, KGDT_R3_DATA | 3);
        TrapFrame->SegDs = sane_selector(Context->SegDs, KGDT_R3_DATA | 3);
    }
    /* Ring 3 it came from, ring 3 it goes back to. */
    TrapFrame->SegCs = KGDT_R3_CODE | 3;
    TrapFrame->HardwareSegSs = KGDT_R3_DATA | 3;
    TrapFrame->ErrCode = KI_FRAME_RESTORED; /* iretd, and keep its eax */
}

/* Copies Length bytes to the user stack below Esp (Esp moves down past
 * them, 4-aligned); FALSE when the stack cannot take them. */
static BOOLEAN push_user(PULONG Esp, PCVOID Data, ULONG Length)
{
    ULONG Target = (*Esp - Length) & ~3UL;
    volatile BOOLEAN Done = TRUE;

    if (Target >= *Esp || Target < MM_LOWEST_USER_ADDRESS ||
        *Esp > MM_USER_PROBE_ADDRESS)
        return FALSE;
    SEH_TRY
    {
        RtlCopyMemory((PVOID)Target, Data, Length);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Done = FALSE;
    }
    SEH_END;
    *Esp = Target;
    return Done;
}

/* Enters KiUserExceptionDispatcher with esp -> [&Record, &Context], both
 * copied to the user stack below the faulting esp. */
static BOOLEAN enter_exception_dispatcher(const EXCEPTION_RECORD *Record,
                                          const CONTEXT *Context,
                                          PKTRAP_FRAME TrapFrame)
{
    ULONG Esp = Context->Esp, Pointers[2];

    if (KiUserExceptionDispatcherAddress == 0 ||
        !push_user(&Esp, Context, sizeof(*Context)))
        return FALSE;
    Pointers[1] = Esp;
    if (!push_user(&Esp, Record, sizeof(*Record)))
        return FALSE;
    Pointers[0] = Esp;
    if (!push_user(&Esp, Pointers, sizeof(Pointers)))
        return FALSE;
    TrapFrame->HardwareEsp = Esp;
    TrapFrame->Eip = KiUserExceptionDispatcherAddress;
    TrapFrame->EFlags &= ~EFLAGS_TF;
    TrapFrame->SegCs = KGDT_R3_CODE | 3;
    TrapFrame->HardwareSegSs = TrapFrame->SegDs = TrapFrame->SegEs =
        KGDT_R3_DATA | 3;
    TrapFrame->SegFs = KGDT_R3_TEB | 3;
    TrapFrame->SegGs = 0;
    TrapFrame->ErrCode = KI_FRAME_RESTORED;
    return TRUE;
}

/* Nobody in ring 3 took it: one line, and the process ends with it. */
static DECLSPEC_NORETURN VOID end_process(const EXCEPTION_RECORD *Record)
{
    PEPROCESS Process = PsGetCurrentProcess();

    DbgPrint("%s (process %lu, thread %lu): unhandled exception %08lx at "
             "%08lx; the process ends with that status\n",
             Process->ImageFileName, (ULONG)(ULONG_PTR)Process->UniqueProcessId,
             (ULONG)(ULONG_PTR)PsGetCurrentThreadId(),
             (ULONG)Record->ExceptionCode, (ULONG)Record->ExceptionAddress);
    cpu_enable_interrupts();
    PspTerminateProcess(Process, Record->ExceptionCode);
    PspExitThread(Record->ExceptionCode); /* the process was already ending */
}

VOID KiDispatchUserException(PEXCEPTION_RECORD Record, PKTRAP_FRAME TrapFrame)
{
    CONTEXT Context;

    KiTrapFrameToContext(TrapFrame, &Context);
    if (!enter_exception_dispatcher(Record, &Context, TrapFrame))
        end_process(Record);
}

VOID KiInitializeUserApc(PKTRAP_FRAME TrapFrame, PKNORMAL_ROUTINE Normal,
                         PVOID NormalContext, PVOID Argument1, PVOID Argument2)
{
    ULONG Frame[4] = {(ULONG)Normal, (ULONG)NormalContext, (ULONG)Argument1,
                      (ULONG)Argument2};
    CONTEXT Context;
    ULONG Esp;

    KiTrapFrameToContext(TrapFrame, &Context);
    Esp = Context.Esp;
    if (KiUserApcDispatcherAddress == 0 ||
        !push_user(&Esp, &Context, sizeof(Context)) ||
        !push_user(&Esp, Frame, sizeof(Frame))) {
        EXCEPTION_RECORD Record = {.ExceptionCode = STATUS_STACK_OVERFLOW,
                                   .ExceptionAddress = (PVOID)TrapFrame->Eip};

        end_process(&Record); /* NT raises on a stack it cannot use */
    }
    TrapFrame->HardwareEsp = Esp;
    TrapFrame->Eip = KiUserApcDispatcherAddress;
    TrapFrame->ErrCode = KI_FRAME_RESTORED;
}

/* Reads Length bytes of the service's caller at Source into Target: a
 * user caller's must be 4-byte aligned and in the user half. */
static NTSTATUS capture(PVOID Target, PCVOID Source, ULONG Length)
{
    ULONG Address = (ULONG)Source;
    volatile NTSTATUS Status = STATUS_SUCCESS;

    if (ExGetPreviousMode() == KernelMode) {
        RtlCopyMemory(Target, Source, Length);
        return STATUS_SUCCESS;
    }
    if (Address & 3)
        return STATUS_DATATYPE_MISALIGNMENT;
    if (Address + Length < Address || Address + Length > MM_USER_PROBE_ADDRESS)
        return STATUS_ACCESS_VIOLATION;
    SEH_TRY
    {
        RtlCopyMemory(Target, Source, Length);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}

/* Captures a CONTEXT from the caller of a service. */
static NTSTATUS capture_context(const CONTEXT *Source, PCONTEXT Context)
{
    return capture(Context, Source, sizeof(*Context));
}

NTSTATUS NTAPI NtContinue(PCONTEXT ContextRecord, BOOLEAN TestAlert)
{
    PKTHREAD Thread = KiCurrentThread();
    CONTEXT Context;
    NTSTATUS Status;

    if (Thread->Teb == NULL || ExGetPreviousMode() != UserMode)
        return STATUS_INVALID_PARAMETER; /* only a user thread's own frame */
    Status = capture_context(ContextRecord, &Context);
    if (!NT_SUCCESS(Status))
        return Status;
    KiContextToTrapFrame(&Context, KiUserTrapFrame(Thread));
    if (TestAlert)
        KeTestAlertThread(UserMode);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtRaiseException(PEXCEPTION_RECORD ExceptionRecord,
                                PCONTEXT ContextRecord, BOOLEAN FirstChance)
{
    PKTHREAD Thread = KiCurrentThread();
    EXCEPTION_RECORD Record;
    NTSTATUS Status;
    CONTEXT Context;

    if (Thread->Teb == NULL || ExGetPreviousMode() != UserMode)
        return STATUS_INVALID_PARAMETER;
    Status = capture(&Record, ExceptionRecord, sizeof(Record));
    if (!NT_SUCCESS(Status))
        return Status;
    if (Record.NumberParameters > EXCEPTION_MAXIMUM_PARAMETERS)
        return STATUS_INVALID_PARAMETER;
    Status = capture_context(ContextRecord, &Context);
    if (!NT_SUCCESS(Status))
        return Status;
    Record.ExceptionRecord = NULL;
    /* The second chance: the program's handlers all declined. */
    if (!FirstChance ||
        !enter_exception_dispatcher(&Record, &Context, KiUserTrapFrame(Thread)))
        end_process(&Record);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtTestAlert(VOID)
{
    return KeTestAlertThread(ExGetPreviousMode()) ? STATUS_ALERTED
                                                  : STATUS_SUCCESS;
}
