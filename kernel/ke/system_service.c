/*
 * The system-service dispatcher: the C half of int 0x2e and sysenter
 * (kernel/ke/system_service.asm). It finds the service by number in the
 * table generated from kernel/ps/services.tbl, copies its arguments from
 * the caller's stack (probed, under try/except, when the caller is user
 * mode), runs it with PreviousMode set to the caller's mode, and checks on
 * the way out that the service left the thread as it found it.
 */
#include "kernel/system_service.h"
#include "kernel/bugcheck.h"
#include "kernel/cpu.h"
#include "kernel/pte.h"
#include "kernel/seh.h"
#include "kernel/thread.h"
#include "kernel/x86.h"
#include "ntpeb.h"
#include "ntzw.h"

/* Each service by its symbol: the kernel is ELF, so a stdcall routine
 * has its plain name; no prototype is needed to take its address. */
#define SERVICE(Number, Name, Bytes)                                           \
    extern const UCHAR Name##_entry[] __asm__(#Name);
#include "service_table.h"
#undef SERVICE

/* The dispatch table and the argument bytes of each service, NT's
 * KiServiceTable and KiArgumentTable. */
static const PVOID service_table[KI_SERVICE_COUNT] = {
#define SERVICE(Number, Name, Bytes) [Number] = (PVOID)Name##_entry,
#include "service_table.h"
#undef SERVICE
};

static const UCHAR argument_table[KI_SERVICE_COUNT] = {
#define SERVICE(Number, Name, Bytes) [Number] = Bytes,
#include "service_table.h"
#undef SERVICE
};

#define MAXIMUM_ARGUMENT_BYTES 64 /* the most any service takes */
#define FROM_SYSENTER 1           /* KTRAP_FRAME.ErrCode of a sysenter */

#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176

/* Where sysenter lands before its first instruction loads the thread's
 * kernel stack: a single-step trap or an NMI can arrive there, and their
 * frames must not fall on the TSS (system_service.asm says more). */
UCHAR KiSysenterStack[KI_SYSENTER_STACK_SIZE] __attribute__((aligned(16)));

/* Where sysexit returns: ntdll's KiFastSystemCallRet once it is known. */
ULONG KiSystemCallReturn;

static NTSTATUS copy_arguments(const KTRAP_FRAME *TrapFrame, ULONG Bytes,
                               ULONG *Arguments)
{
    /* Past the stub's and its caller's return addresses for sysenter. */
    const ULONG Source =
        TrapFrame->Edx + (TrapFrame->ErrCode == FROM_SYSENTER ? 8 : 0);
    volatile NTSTATUS Status = STATUS_SUCCESS;

    if (!(TrapFrame->SegCs & MODE_MASK)) {
        RtlCopyMemory(Arguments, (PVOID)Source, Bytes);
        return STATUS_SUCCESS;
    }
    /* The user's stack is the user's: anything may be behind it. */
    if (Source + Bytes < Source || Source + Bytes > MM_USER_PROBE_ADDRESS)
        return STATUS_ACCESS_VIOLATION;
    SEH_TRY
    {
        RtlCopyMemory(Arguments, (PVOID)Source, Bytes);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}

/* A service must return at PASSIVE_LEVEL with every APC-disabling region
 * it entered left: else the thread would run user code with them held. */
static VOID check_service_exit(ULONG Number, PKTHREAD Thread)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql != PASSIVE_LEVEL)
        KeBugCheckEx(IRQL_GT_ZERO_AT_SYSTEM_SERVICE,
                     (ULONG_PTR)service_table[Number], Irql, 0, 0);
    if (Thread->KernelApcDisable != 0 || Thread->SpecialApcDisable != 0)
        KeBugCheckEx(APC_INDEX_MISMATCH, (ULONG_PTR)service_table[Number],
                     Thread->ApcStateIndex,
                     (ULONG)(LONG)Thread->KernelApcDisable, 0);
}

VOID KiSystemServiceDispatch(PKTRAP_FRAME TrapFrame)
{
    PKTHREAD Thread = KiCurrentThread();
    ULONG Number = TrapFrame->Eax;
    ULONG Arguments[MAXIMUM_ARGUMENT_BYTES / sizeof(ULONG)];
    KPROCESSOR_MODE OldMode = Thread->PreviousMode;
    NTSTATUS Status;
    ULONG Bytes;

    if (Number >= KI_SERVICE_COUNT) {
        TrapFrame->Eax = (ULONG)STATUS_INVALID_SYSTEM_SERVICE;
        KiExitToUserMode(TrapFrame);
        return;
    }
    Bytes = argument_table[Number];
    Status = Bytes != 0 ? copy_arguments(TrapFrame, Bytes, Arguments)
                        : STATUS_SUCCESS;
    if (NT_SUCCESS(Status)) {
        Thread->PreviousMode =
            (TrapFrame->SegCs & MODE_MASK) ? UserMode : KernelMode;
        Status = KiCallService(service_table[Number], Arguments, Bytes);
        Thread->PreviousMode = OldMode;
        check_service_exit(Number, Thread);
    }
    if (TrapFrame->ErrCode != KI_FRAME_RESTORED)
        TrapFrame->Eax = (ULONG)Status;
    KiExitToUserMode(TrapFrame);
}

VOID KiInitializeSystemServices(VOID)
{
    KiSetServiceGate();
    if (!(KeFeatureBits & KF_FAST_SYSCALL))
        return;
    /* sysenter: CS and SS (CS + 8) from the first MSR; esp a stack of its
     * own, which the entry leaves at once for the TSS's Esp0. */
    wrmsr(MSR_SYSENTER_CS, KGDT_R0_CODE);
    wrmsr(MSR_SYSENTER_ESP, (ULONG)KiSysenterStack + sizeof(KiSysenterStack));
    wrmsr(MSR_SYSENTER_EIP, (ULONG)KiFastCallEntry);
}
