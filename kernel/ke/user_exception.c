/*
 * Exceptions raised by ring-3 code. NT hands them to the program's own
 * handlers through ntdll's KiUserExceptionDispatcher; what no handler
 * takes ends the process with the exception's code, and the kernel says
 * in one line which process, what and where. Nothing ring 3 does stops the
 * machine.
 */
#include "kernel/mm.h"
#include "kernel/process.h"
#include "kernel/seh.h"
#include "kernel/system_service.h"
#include "kernel/thread.h"
#include "kernel/trap.h"
#include "ntpeb.h"

/* A #GP from ring 3 at an instruction only ring 0 may run (or only with
 * IOPL, which ring 3 never has) is NT's STATUS_PRIVILEGED_INSTRUCTION;
 * any other #GP an access violation. The bytes are the user's: read them
 * under try/except. */
static BOOLEAN is_privileged_instruction(ULONG Eip)
{
    volatile UCHAR Bytes[3] = {0, 0, 0};
    volatile BOOLEAN Readable = TRUE;
    UCHAR Reg;

    SEH_TRY
    {
        ULONG Index;

        for (Index = 0; Index < 3; Index++) {
            if (Eip + Index >= MM_USER_PROBE_ADDRESS)
                break;
            Bytes[Index] = *(volatile UCHAR *)(Eip + Index);
        }
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Readable = FALSE;
    }
    SEH_END;
    if (!Readable)
        return FALSE;
    switch (Bytes[0]) {
    case 0xFA: /* cli */
    case 0xFB: /* sti */
    case 0xF4: /* hlt */
    case 0xE4:
    case 0xE5:
    case 0xE6:
    case 0xE7: /* in/out imm8 */
    case 0xEC:
    case 0xED:
    case 0xEE:
    case 0xEF: /* in/out dx */
    case 0x6C:
    case 0x6D:
    case 0x6E:
    case 0x6F: /* ins/outs */
        return TRUE;
    case 0x0F:
        Reg = (UCHAR)((Bytes[2] >> 3) & 7);
        switch (Bytes[1]) {
        case 0x00: /* lldt, ltr */
            return Reg == 2 || Reg == 3;
        case 0x01: /* lgdt, lidt, lmsw, invlpg */
            return Reg == 2 || Reg == 3 || Reg == 6 || Reg == 7;
        case 0x06: /* clts */
        case 0x08: /* invd */
        case 0x09: /* wbinvd */
        case 0x20:
        case 0x21:
        case 0x22:
        case 0x23: /* mov cr, dr */
        case 0x30: /* wrmsr */
        case 0x32: /* rdmsr */
            return TRUE;
        default:
            return FALSE;
        }
    default:
        return FALSE;
    }
}

NTSTATUS KiUserExceptionCode(const KTRAP_FRAME *TrapFrame, NTSTATUS Code)
{
    if (TrapFrame->TrapNumber == EXCEPTION_GP_FAULT &&
        is_privileged_instruction(TrapFrame->Eip))
        return STATUS_PRIVILEGED_INSTRUCTION;
    return Code;
}

typedef struct _STACK_LIMITS {
    PTEB Teb;
    PVOID DeallocationStack;
    PVOID StackLimit;
    BOOLEAN Write;
} STACK_LIMITS;

/* Guarded: the TEB is user memory. */
static NTSTATUS access_stack_limits(PVOID Context)
{
    STACK_LIMITS *Limits = Context;

    if (Limits->Write) {
        Limits->Teb->NtTib.StackLimit = Limits->StackLimit;
    } else {
        Limits->DeallocationStack = Limits->Teb->DeallocationStack;
        Limits->StackLimit = Limits->Teb->NtTib.StackLimit;
    }
    return STATUS_SUCCESS;
}

NTSTATUS KiResolveGuardPage(PVOID Address)
{
    STACK_LIMITS Limits = {KiCurrentThread()->Teb, NULL, NULL, FALSE};
    NTSTATUS Status;

    if (Limits.Teb == NULL ||
        !NT_SUCCESS(KiCallGuarded(access_stack_limits, &Limits)))
        return STATUS_GUARD_PAGE_VIOLATION;
    Status = MiCheckForUserStackOverflow(Address, Limits.DeallocationStack,
                                         &Limits.StackLimit);
    if (Status != STATUS_GUARD_PAGE_VIOLATION) {
        Limits.Write = TRUE;
        KiCallGuarded(access_stack_limits, &Limits);
    }
    return Status;
}
