/*
 * Into ring 3 and back out: the frame a new user thread starts from, the
 * first entry, and the last look on every return to user mode.
 */
#include "kernel/gdt.h"
#include "kernel/system_service.h"
#include "kernel/thread.h"
#include "kernel/x86.h"

#define EFLAGS_RESERVED 0x002 /* bit 1 always reads as one */

VOID KiInitializeUserTrapFrame(PKTRAP_FRAME TrapFrame, ULONG Eip, ULONG Esp)
{
    RtlZeroMemory(TrapFrame, sizeof(*TrapFrame));
    TrapFrame->SegCs = KGDT_R3_CODE | 3;
    TrapFrame->HardwareSegSs = KGDT_R3_DATA | 3;
    TrapFrame->SegDs = TrapFrame->SegEs = KGDT_R3_DATA | 3;
    TrapFrame->SegFs = KGDT_R3_TEB | 3; /* fs:[0] is the TEB, as NT's */
    TrapFrame->SegGs = 0;
    TrapFrame->EFlags = EFLAGS_IF | EFLAGS_RESERVED; /* IOPL 0: no port I/O */
    TrapFrame->Eip = Eip;
    TrapFrame->HardwareEsp = Esp;
    TrapFrame->TrapNumber = KI_SERVICE_VECTOR;
}

VOID KiExitToUserMode(PKTRAP_FRAME TrapFrame)
{
    PKTHREAD Thread = KiCurrentThread();

    for (;;) {
        cpu_disable_interrupts();
        if (!Thread->ApcState.UserApcPending)
            return; /* with interrupts off, until iretd or sysexit */
        cpu_enable_interrupts();
        KiDeliverUserApc(TrapFrame);
    }
}

VOID KiEnterUserMode(PKTRAP_FRAME TrapFrame)
{
    KiExitToUserMode(TrapFrame);
    __asm__ volatile("movl %0, %%esp\n\t"
                     "jmp KiServiceExit"
                     :
                     : "r"(TrapFrame)
                     : "memory");
    __builtin_unreachable();
}
