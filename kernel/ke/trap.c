/*
 * Turning CPU exceptions into NT exceptions. Each trap becomes an
 * EXCEPTION_RECORD with NT's status code and, with the trap's CONTEXT, is
 * offered to the frames on fs:[0] (RtlDispatchException); what nobody
 * handles stops the machine with NT's bug check for it.
 */
#include "kernel/bugcheck.h"
#include "kernel/gdt.h"
#include "kernel/irql.h"
#include "kernel/mm.h"
#include "kernel/seh.h"
#include "kernel/system_service.h"

/* Traps with no NTSTATUS: the machine cannot go on after them. */
static BOOLEAN is_fatal(ULONG Vector)
{
    switch (Vector) {
    case EXCEPTION_NMI:
    case EXCEPTION_NPX_NOT_AVAILABLE:
    case EXCEPTION_DOUBLE_FAULT:
    case EXCEPTION_NPX_OVERRUN:
    case EXCEPTION_INVALID_TSS:
    case EXCEPTION_MACHINE_CHECK:
        return TRUE;
    default:
        return Vector == 15 || Vector >= 20;
    }
}

static NTSTATUS status_for_vector(ULONG Vector)
{
    switch (Vector) {
    case EXCEPTION_DIVIDE_ERROR:
        return STATUS_INTEGER_DIVIDE_BY_ZERO;
    case EXCEPTION_DEBUG:
        return STATUS_SINGLE_STEP;
    case EXCEPTION_BREAKPOINT:
        return STATUS_BREAKPOINT;
    case EXCEPTION_OVERFLOW:
        return STATUS_INTEGER_OVERFLOW;
    case EXCEPTION_BOUND:
        return STATUS_ARRAY_BOUNDS_EXCEEDED;
    case EXCEPTION_INVALID_OPCODE:
        return STATUS_ILLEGAL_INSTRUCTION;
    case EXCEPTION_NPX_ERROR:
        return STATUS_FLOAT_INVALID_OPERATION;
    case EXCEPTION_ALIGNMENT_CHECK:
        return STATUS_DATATYPE_MISALIGNMENT;
    case EXCEPTION_SIMD_ERROR:
        return STATUS_FLOAT_MULTIPLE_TRAPS;
    case EXCEPTION_NPX_NOT_AVAILABLE: /* user threads get no FPU (EM set) */
        return STATUS_ILLEGAL_INSTRUCTION;
    default: /* #NP, #SS, #GP, #PF */
        return STATUS_ACCESS_VIOLATION;
    }
}

ULONG KiTrapFrameEsp(const KTRAP_FRAME *TrapFrame)
{
    /* A double fault's frame is built from the TSS, which saved esp. */
    if ((TrapFrame->SegCs & 3) != 0 ||
        TrapFrame->TrapNumber == EXCEPTION_DOUBLE_FAULT)
        return TrapFrame->HardwareEsp;
    /* Same ring: the CPU pushed no stack, the old one ends at the frame. */
    return (ULONG)&TrapFrame->HardwareEsp;
}

static DECLSPEC_NORETURN void stop_for_trap(PKTRAP_FRAME TrapFrame)
{
    ULONG Vector = TrapFrame->TrapNumber;

    if (Vector == EXCEPTION_NMI)
        KiBugCheckWithTrapFrame(TrapFrame, NMI_HARDWARE_FAILURE, 0, 0, 0, 0);
    if (Vector == EXCEPTION_MACHINE_CHECK)
        KiBugCheckWithTrapFrame(TrapFrame, MACHINE_CHECK_EXCEPTION, 0, 0, 0, 0);
    if (Vector >= 20) /* reserved by Intel */
        KiBugCheckWithTrapFrame(TrapFrame, TRAP_CAUSE_UNKNOWN, Vector,
                                TrapFrame->Eip, 0, 0);
    KiBugCheckWithTrapFrame(TrapFrame, UNEXPECTED_KERNEL_MODE_TRAP, Vector,
                            TrapFrame->ErrCode, TrapFrame->Eip, 0);
}

/* An instruction fetch: the error code says so only with NX (PAE), but a
 * fault at EIP itself is one on any CPU. */
static BOOLEAN is_fetch(const KTRAP_FRAME *TrapFrame)
{
    return (TrapFrame->ErrCode & PF_INSTRUCTION) ||
           TrapFrame->Cr2 == TrapFrame->Eip;
}

/* NT's second page-fault parameter: 0 read, 1 write, 10 execute. */
static ULONG access_kind(const KTRAP_FRAME *TrapFrame)
{
    if (is_fetch(TrapFrame))
        return 10;
    return (TrapFrame->ErrCode & PF_WRITE) ? 1 : 0;
}

/* NT's stops for a page fault nobody handled: a write to a read-only
 * system page is 0xBE (address, its PTE, EIP), anything else 0x50. */
static DECLSPEC_NORETURN void stop_for_page_fault(PKTRAP_FRAME TrapFrame)
{
    ULONG Address = TrapFrame->Cr2, ErrCode = TrapFrame->ErrCode;

    if ((ErrCode & (PF_PRESENT | PF_WRITE)) == (PF_PRESENT | PF_WRITE) &&
        !MiIsUserAddress(Address))
        KiBugCheckWithTrapFrame(TrapFrame, ATTEMPTED_WRITE_TO_READONLY_MEMORY,
                                Address, MiReadPte((PVOID)Address),
                                TrapFrame->Eip, 0);
    if (Address < MM_LOWEST_USER_ADDRESS)
        DbgPrint("NULL pointer dereference: address %08lx is in the "
                 "no-access region 00000000-0000ffff\n",
                 Address);
    KiBugCheckWithTrapFrame(TrapFrame, PAGE_FAULT_IN_NONPAGED_AREA, Address,
                            access_kind(TrapFrame), TrapFrame->Eip, ErrCode);
}

/* sysenter leaves TF as it was: a ring-3 program single stepping through
 * it traps on KiFastCallEntry's first instruction, in ring 0, on the
 * sysenter stack (kernel/ke/system_service.asm). As NT's KiTrap01 does,
 * the kernel steps no further: the entry restarts with TF clear, at the
 * label that remembers the user's TF for the way out. */
static BOOLEAN is_sysenter_single_step(PKTRAP_FRAME TrapFrame)
{
    if ((TrapFrame->SegCs & MODE_MASK) ||
        TrapFrame->Eip != (ULONG)KiFastCallEntry)
        return FALSE;
    TrapFrame->EFlags &= ~EFLAGS_TF;
    TrapFrame->Eip = (ULONG)KiFastCallEntryWithSingleStep;
    return TRUE;
}

VOID KiTrapDispatch(PKTRAP_FRAME TrapFrame)
{
    ULONG Vector = TrapFrame->TrapNumber;
    EXCEPTION_RECORD Record;
    CONTEXT Context;

    if (Vector >= KI_EXCEPTION_VECTORS) {
        KiInterruptDispatch(TrapFrame); /* a device, or an INT n */
        return;
    }
    if (Vector == EXCEPTION_DEBUG && is_sysenter_single_step(TrapFrame))
        return;
    if (Vector == EXCEPTION_INVALID_TSS && (TrapFrame->SegCs & MODE_MASK)) {
        /* Ring 3's iretd with NT set (popfd sets it at any CPL) is a task
         * return through the TSS's empty back link: NT's KiTrap0A clears
         * NT and restarts the iretd as the plain return it meant. */
        if (TrapFrame->EFlags & EFLAGS_NT) {
            TrapFrame->EFlags &= ~EFLAGS_NT;
            return;
        }
    } else if (is_fatal(Vector) && !(Vector == EXCEPTION_NPX_NOT_AVAILABLE &&
                                     (TrapFrame->SegCs & MODE_MASK)))
        stop_for_trap(TrapFrame);

    RtlZeroMemory(&Record, sizeof(Record));
    Record.ExceptionCode = status_for_vector(Vector);
    if (Vector == EXCEPTION_PAGE_FAULT) {
        /* The memory manager first: a demand-zero page is no error. */
        NTSTATUS Status =
            MmAccessFault(TrapFrame->ErrCode, (PVOID)TrapFrame->Cr2, TrapFrame);
        /* A stack's guard page: the stack grows, as NT's does, where the
         * interrupted code could have waited. */
        if (Status == STATUS_GUARD_PAGE_VIOLATION &&
            (TrapFrame->EFlags & EFLAGS_IF) &&
            KeGetCurrentIrql() == PASSIVE_LEVEL) {
            cpu_enable_interrupts();
            Status = KiResolveGuardPage((PVOID)TrapFrame->Cr2);
            cpu_disable_interrupts();
        }
        if (NT_SUCCESS(Status))
            return;
        Record.ExceptionCode = Status;
    }
    Record.ExceptionAddress = (PVOID)TrapFrame->Eip;
    if (Vector == EXCEPTION_BREAKPOINT)
        Record.ExceptionAddress = (PVOID)(TrapFrame->Eip - 1); /* at int3 */
    if (Vector == EXCEPTION_PAGE_FAULT) {
        /* NT's access-violation parameters: kind of access, address. */
        Record.NumberParameters = 2;
        Record.ExceptionInformation[0] =
            is_fetch(TrapFrame) ? 8 : ((TrapFrame->ErrCode & PF_WRITE) ? 1 : 0);
        Record.ExceptionInformation[1] = TrapFrame->Cr2;
    } else if (Record.ExceptionCode == STATUS_ACCESS_VIOLATION) {
        /* #GP and friends: no address; the selector error code instead. */
        Record.NumberParameters = 2;
        Record.ExceptionInformation[0] = 0;
        Record.ExceptionInformation[1] = TrapFrame->ErrCode;
    }
    if (TrapFrame->SegCs & MODE_MASK) {
        Record.ExceptionCode =
            KiUserExceptionCode(TrapFrame, Record.ExceptionCode);
        KiDispatchUserException(&Record, TrapFrame);
        return;
    }

    /* The frames on fs:[0] decide; one that continues has its context
     * resumed (which may differ from the trap's in any register). They
     * run with interrupts on if the trapped code had them on, as NT's trap
     * handlers enable them: an __except block is jumped to from in here
     * and keeps the flag it finds. */
    if (TrapFrame->EFlags & EFLAGS_IF)
        cpu_enable_interrupts();
    KiTrapFrameToContext(TrapFrame, &Context);
    Context.Esp = KiTrapFrameEsp(TrapFrame);
    Context.SegSs = KGDT_R0_DATA;
    if (RtlDispatchException(&Record, &Context))
        KiContinueContext(&Context);

    /* Nobody handled it. */
    if (Vector == EXCEPTION_PAGE_FAULT)
        stop_for_page_fault(TrapFrame);
    KiBugCheckWithTrapFrame(TrapFrame, KMODE_EXCEPTION_NOT_HANDLED,
                            (ULONG)Record.ExceptionCode, TrapFrame->Eip,
                            Record.ExceptionInformation[0],
                            Record.ExceptionInformation[1]);
}

/*
 * The double fault arrived through a task switch: the state at the fault
 * is what the CPU saved into the main TSS on the way out.
 */
VOID KiDoubleFault(VOID)
{
    static KTRAP_FRAME Frame;
    const KTSS *Tss = &KiTss;

    Frame.TrapNumber = EXCEPTION_DOUBLE_FAULT;
    Frame.Cr2 = read_cr2();
    Frame.Eax = Tss->Eax;
    Frame.Ebx = Tss->Ebx;
    Frame.Ecx = Tss->Ecx;
    Frame.Edx = Tss->Edx;
    Frame.Esi = Tss->Esi;
    Frame.Edi = Tss->Edi;
    Frame.Ebp = Tss->Ebp;
    Frame.TempEsp = Tss->Esp;
    Frame.Eip = Tss->Eip;
    Frame.SegCs = Tss->Cs;
    Frame.SegDs = Tss->Ds;
    Frame.SegEs = Tss->Es;
    Frame.SegFs = Tss->Fs;
    Frame.SegGs = Tss->Gs;
    Frame.EFlags = Tss->EFlags;
    Frame.HardwareEsp = Tss->Esp;
    Frame.HardwareSegSs = Tss->Ss;
    KiBugCheckWithTrapFrame(&Frame, UNEXPECTED_KERNEL_MODE_TRAP,
                            EXCEPTION_DOUBLE_FAULT, Tss->Eip, Tss->Esp, 0);
}
