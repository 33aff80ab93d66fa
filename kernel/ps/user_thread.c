/*
 * Threads that run in ring 3: each has a TEB in its process's user half
 * (fs points at it there, selector 0x3B), and starts by leaving the kernel
 * through the frame reserved at the top of its kernel stack, as if it
 * returned from a system service into the context its creator gave.
 */
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/seh.h"
#include "kernel/system_service.h"
#include "kernel/thread.h"
#include "ntpeb.h"

/* TEBs take pages from just below the PEB downwards, as NT's do. */
#define PSP_TEB_HIGHEST 0x7FFDE000UL
#define PSP_TEB_LOWEST 0x7FFB0000UL

/* The user half of Process must be current (attached). */
typedef struct _TEB_REQUEST {
    PEPROCESS Process;
    PETHREAD Thread;
    const INITIAL_TEB *Stack;
    PTEB Teb;
} TEB_REQUEST;

/* Guarded: the TEB's page may find no frame. */
static NTSTATUS create_teb(PVOID Context)
{
    TEB_REQUEST *Request = Context;
    PEPROCESS Process = Request->Process;
    const INITIAL_TEB *Stack = Request->Stack;
    ULONG Va;
    PTEB Teb;

    for (Va = PSP_TEB_HIGHEST; Va >= PSP_TEB_LOWEST; Va -= PAGE_SIZE) {
        if (MiLocateAddress(Process, (PVOID)Va) == NULL &&
            NT_SUCCESS(MiCommitVirtualMemory(Process, (PVOID)Va, PAGE_SIZE,
                                             PAGE_READWRITE)))
            break;
    }
    if (Va < PSP_TEB_LOWEST)
        return STATUS_NO_MEMORY;
    Teb = (PTEB)Va; /* demand-zero: reads as zeroes until written */
    Teb->NtTib.ExceptionList = (PVOID)~0UL; /* the end of the SEH chain */
    Teb->NtTib.StackBase = Stack->StackBase;
    Teb->NtTib.StackLimit = Stack->StackLimit;
    Teb->NtTib.Self = &Teb->NtTib;
    Teb->ClientId = Request->Thread->Cid;
    Teb->ProcessEnvironmentBlock = Process->Peb;
    Teb->DeallocationStack = Stack->AllocatedStackBase;
    Teb->StaticUnicodeString.Buffer = Teb->StaticUnicodeBuffer;
    Teb->StaticUnicodeString.MaximumLength = sizeof(Teb->StaticUnicodeBuffer);
    Request->Teb = Teb;
    return STATUS_SUCCESS;
}

static VOID NTAPI PspUserThreadStartup(PKSTART_ROUTINE StartRoutine,
                                       PVOID StartContext)
{
    UNREFERENCED_PARAMETER(StartRoutine);
    UNREFERENCED_PARAMETER(StartContext);
    KiEnterUserMode(KiUserTrapFrame(KiCurrentThread()));
}

NTSTATUS PspCreateUserThread(PEPROCESS Process, const PSP_USER_CONTEXT *Context,
                             const INITIAL_TEB *Stack, ULONG Attributes,
                             PETHREAD *NewThread)
{
    PKTRAP_FRAME TrapFrame;
    TEB_REQUEST Request = {0};
    KAPC_STATE ApcState;
    PETHREAD Thread;
    NTSTATUS Status;
    PTEB Teb;

    Status = PspCreateThreadObject(Process, PspUserThreadStartup, NULL, NULL,
                                   Attributes, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    Request.Process = Process;
    Request.Thread = Thread;
    Request.Stack = Stack;
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Status = KiCallGuarded(create_teb, &Request);
    KeUnstackDetachProcess(&ApcState);
    Teb = Request.Teb;
    if (!NT_SUCCESS(Status)) {
        ObfDereferenceObject(Thread);
        return Status;
    }
    Thread->Tcb.Teb = Teb;
    Thread->StartAddress = (PKSTART_ROUTINE)Context->Eip;
    TrapFrame = KiUserTrapFrame(&Thread->Tcb);
    KiInitializeUserTrapFrame(TrapFrame, Context->Eip, Context->Esp);
    TrapFrame->Eax = Context->Eax;
    TrapFrame->Ebx = Context->Ebx;
    TrapFrame->Ecx = Context->Ecx;
    TrapFrame->Edx = Context->Edx;
    TrapFrame->Esi = Context->Esi;
    TrapFrame->Edi = Context->Edi;
    TrapFrame->Ebp = Context->Ebp;
    *NewThread = Thread;
    return STATUS_SUCCESS;
}

VOID PspDeleteTeb(PEPROCESS Process, PVOID Teb)
{
    MiDecommitVirtualMemory(Process, Teb);
}
