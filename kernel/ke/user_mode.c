/*
 * Into ring 3 and back out: the frame a new user thread starts from, the
 * first entry, and the last look on every return to user mode.
 */
#include "kernel/gdt.h"
#include "kernel/process.h"
#include "kernel/system_service.h"
#include "kernel/thread.h"
#include "kernel/x86.h"

#define SELECTOR_TI 0x4 /* the selector names an LDT entry */

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

/* An LDT selector (TI set) is usable while its slot in the process's LDT
 * holds a present ring-3 segment of the kind the register needs. */
static BOOLEAN usable_ldt_selector(ULONG Selector, BOOLEAN Code, BOOLEAN Stack)
{
    PEPROCESS Process = PsGetCurrentProcess();
    ULONG Index = (Selector & 0xFFFF) >> 3, Type;
    const KGDTENTRY *Entry;

    if ((Selector & 3) != 3 || Index >= Process->LdtCount)
        return FALSE;
    Entry = &Process->LdtEntries[Index];
    Type = KiDescriptorType(Entry);
    if (!KiDescriptorPresent(Entry) || KiDescriptorDpl(Entry) != 3 ||
        !(Type & 0x10))
        return FALSE;
    if (Code)
        return (Type & 0x08) != 0;
    if (Stack)
        return (Type & 0x0A) == 0x02;       /* writable data */
    return !(Type & 0x08) || (Type & 0x02); /* data, or readable code */
}

static ULONG checked(ULONG Selector, ULONG Default, BOOLEAN Code, BOOLEAN Stack)
{
    if (!(Selector & SELECTOR_TI) || usable_ldt_selector(Selector, Code, Stack))
        return Selector;
    return Default;
}

/* A selector of the process's LDT the process has since emptied or
 * changed would fault the kernel's own iretd or segment pops: it becomes
 * the flat one of its kind instead. */
static VOID check_ldt_selectors(PKTRAP_FRAME TrapFrame)
{
    TrapFrame->SegCs = checked(TrapFrame->SegCs, KGDT_R3_CODE | 3, TRUE, FALSE);
    TrapFrame->HardwareSegSs =
        checked(TrapFrame->HardwareSegSs, KGDT_R3_DATA | 3, FALSE, TRUE);
    TrapFrame->SegDs =
        checked(TrapFrame->SegDs, KGDT_R3_DATA | 3, FALSE, FALSE);
    TrapFrame->SegEs =
        checked(TrapFrame->SegEs, KGDT_R3_DATA | 3, FALSE, FALSE);
    TrapFrame->SegFs = checked(TrapFrame->SegFs, KGDT_R3_TEB | 3, FALSE, FALSE);
    TrapFrame->SegGs = checked(TrapFrame->SegGs, 0, FALSE, FALSE);
}

VOID KiExitToUserMode(PKTRAP_FRAME TrapFrame)
{
    PKTHREAD Thread = KiCurrentThread();

    for (;;) {
        cpu_disable_interrupts();
        if (!Thread->ApcState.UserApcPending)
            break; /* with interrupts off, until iretd or sysexit */
        cpu_enable_interrupts();
        KiDeliverUserApc(TrapFrame);
    }
    if ((TrapFrame->SegCs | TrapFrame->HardwareSegSs | TrapFrame->SegDs |
         TrapFrame->SegEs | TrapFrame->SegFs | TrapFrame->SegGs) &
        SELECTOR_TI)
        check_ldt_selectors(TrapFrame);
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
