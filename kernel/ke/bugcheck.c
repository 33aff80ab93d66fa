/*
 * KeBugCheckEx: NT's way of stopping. Interrupts off, a blue stop screen on
 * VGA and the same text on the serial line (code with its name, the four
 * parameters, the registers, a backtrace with symbol names), then halt; or,
 * under the test runner, leave QEMU with a status that says "bug check".
 */
#include "kernel/bugcheck.h"
#include "kernel/console.h"
#include "kernel/gdt.h"
#include "kernel/symbols.h"
#include "kernel/sysldr.h"
#include "kernel/thread.h"

#define BACKTRACE_DEPTH 16

BOOLEAN KiExitOnBugCheck;
/* The code and four parameters of the stop, as NT keeps them for a
 * debugger (gdb's lk-bugcheck reads them). */
ULONG_PTR KiBugCheckData[5];
static ULONG bugcheck_depth;

static const struct {
    ULONG Code;
    PCSTR Name;
} bugcheck_names[] = {
    {APC_INDEX_MISMATCH, "APC_INDEX_MISMATCH"},
    {IRQL_GT_ZERO_AT_SYSTEM_SERVICE, "IRQL_GT_ZERO_AT_SYSTEM_SERVICE"},
    {INVALID_PROCESS_ATTACH_ATTEMPT, "INVALID_PROCESS_ATTACH_ATTEMPT"},
    {INVALID_PROCESS_DETACH_ATTEMPT, "INVALID_PROCESS_DETACH_ATTEMPT"},
    {MAXIMUM_WAIT_OBJECTS_EXCEEDED, "MAXIMUM_WAIT_OBJECTS_EXCEEDED"},
    {REFERENCE_BY_POINTER, "REFERENCE_BY_POINTER"},
    {OBJECT_INITIALIZATION_FAILED, "OBJECT_INITIALIZATION_FAILED"},
    {KERNEL_APC_PENDING_DURING_EXIT, "KERNEL_APC_PENDING_DURING_EXIT"},
    {SYSTEM_EXIT_OWNED_MUTEX, "SYSTEM_EXIT_OWNED_MUTEX"},
    {THREAD_TERMINATE_HELD_MUTEX, "THREAD_TERMINATE_HELD_MUTEX"},
    {INVALID_KERNEL_HANDLE, "INVALID_KERNEL_HANDLE"},
    {WORKER_THREAD_RETURNED_AT_BAD_IRQL, "WORKER_THREAD_RETURNED_AT_BAD_IRQL"},
    {WORKER_INVALID, "WORKER_INVALID"},
    {IRQL_NOT_GREATER_OR_EQUAL, "IRQL_NOT_GREATER_OR_EQUAL"},
    {IRQL_NOT_LESS_OR_EQUAL, "IRQL_NOT_LESS_OR_EQUAL"},
    {DRIVER_IRQL_NOT_LESS_OR_EQUAL, "DRIVER_IRQL_NOT_LESS_OR_EQUAL"},
    {DRIVER_PORTION_MUST_BE_NONPAGED, "DRIVER_PORTION_MUST_BE_NONPAGED"},
    {SPIN_LOCK_ALREADY_OWNED, "SPIN_LOCK_ALREADY_OWNED"},
    {SPIN_LOCK_NOT_OWNED, "SPIN_LOCK_NOT_OWNED"},
    {TRAP_CAUSE_UNKNOWN, "TRAP_CAUSE_UNKNOWN"},
    {BAD_POOL_HEADER, "BAD_POOL_HEADER"},
    {MEMORY_MANAGEMENT, "MEMORY_MANAGEMENT"},
    {KMODE_EXCEPTION_NOT_HANDLED, "KMODE_EXCEPTION_NOT_HANDLED"},
    {MUST_SUCCEED_POOL_EMPTY, "MUST_SUCCEED_POOL_EMPTY"},
    {PFN_LIST_CORRUPT, "PFN_LIST_CORRUPT"},
    {INSTALL_MORE_MEMORY, "INSTALL_MORE_MEMORY"},
    {PHASE1_INITIALIZATION_FAILED, "PHASE1_INITIALIZATION_FAILED"},
    {PAGE_FAULT_IN_NONPAGED_AREA, "PAGE_FAULT_IN_NONPAGED_AREA"},
    {UNEXPECTED_KERNEL_MODE_TRAP, "UNEXPECTED_KERNEL_MODE_TRAP"},
    {NMI_HARDWARE_FAILURE, "NMI_HARDWARE_FAILURE"},
    {MACHINE_CHECK_EXCEPTION, "MACHINE_CHECK_EXCEPTION"},
    {ATTEMPTED_WRITE_TO_READONLY_MEMORY, "ATTEMPTED_WRITE_TO_READONLY_MEMORY"},
    {MUTEX_ALREADY_OWNED, "MUTEX_ALREADY_OWNED"},
    {HAL_INITIALIZATION_FAILED, "HAL_INITIALIZATION_FAILED"},
    {BAD_POOL_CALLER, "BAD_POOL_CALLER"},
    {DRIVER_VERIFIER_DETECTED_VIOLATION, "DRIVER_VERIFIER_DETECTED_VIOLATION"},
    {DRIVER_VERIFIER_IOMANAGER_VIOLATION,
     "DRIVER_VERIFIER_IOMANAGER_VIOLATION"},
    {MULTIPLE_IRP_COMPLETE_REQUESTS, "MULTIPLE_IRP_COMPLETE_REQUESTS"},
    {SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION,
     "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION"},
    {PAGE_FAULT_IN_FREED_SPECIAL_POOL, "PAGE_FAULT_IN_FREED_SPECIAL_POOL"},
    {PAGE_FAULT_BEYOND_END_OF_ALLOCATION,
     "PAGE_FAULT_BEYOND_END_OF_ALLOCATION"},
    {IRQL_UNEXPECTED_VALUE, "IRQL_UNEXPECTED_VALUE"},
    {SYSTEM_PTE_MISUSE, "SYSTEM_PTE_MISUSE"},
    {MANUALLY_INITIATED_CRASH, "MANUALLY_INITIATED_CRASH"},
    {RESOURCE_NOT_OWNED, "RESOURCE_NOT_OWNED"},
    {LOADER_BLOCK_MISMATCH, "LOADER_BLOCK_MISMATCH"},
    {KERNEL_SECURITY_CHECK_FAILURE, "KERNEL_SECURITY_CHECK_FAILURE"},
    {FAST_ERESOURCE_PRECONDITION_VIOLATION,
     "FAST_ERESOURCE_PRECONDITION_VIOLATION"},
    {ASSERTION_FAILURE, "ASSERTION_FAILURE"},
    {EXCEPTION_CHAIN_CORRUPT, "EXCEPTION_CHAIN_CORRUPT"},
};

PCSTR KiBugCheckName(ULONG Code)
{
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(bugcheck_names); Index++) {
        if (bugcheck_names[Index].Code == Code)
            return bugcheck_names[Index].Name;
    }
    return "";
}

static BOOLEAN within(ULONG Address, const UCHAR *Low, const UCHAR *High)
{
    return Address >= (ULONG)Low && Address + 8 <= (ULONG)High;
}

/* Frames are followed only while they lie on a known stack, so a broken
 * chain ends the walk instead of faulting inside the bug check. */
static BOOLEAN frame_is_readable(ULONG Ebp)
{
    const KPCR *Pcr = KeGetPcr();

    return (Ebp & 3) == 0 &&
           (within(Ebp, KiBootStack, KiBootStackTop) ||
            within(Ebp, (const UCHAR *)Pcr->StackLimit,
                   (const UCHAR *)Pcr->StackBase) ||
            within(Ebp, KiDoubleFaultStack,
                   KiDoubleFaultStack + sizeof(KiDoubleFaultStack)));
}

/*
 * A return address is looked up one byte back: after a call to a noreturn
 * routine it may already point at the next function.
 */
static void print_location(ULONG Address, BOOLEAN IsReturn)
{
    ULONG_PTR Offset;
    PCSTR Name = KiLookupSymbol(Address - IsReturn, &Offset);

    PKLDR_DATA_TABLE_ENTRY Driver;
    CHAR Module[32];

    if (Name != NULL)
        DbgPrint("  %08lx  %s+0x%lx\n", Address, Name, Offset + IsReturn);
    else if (MiLookupDriverSymbol(Address - IsReturn, &Driver, &Name, &Offset))
        DbgPrint("  %08lx  %s%s%s+0x%lx\n", Address,
                 MiAsciiName(&Driver->BaseDllName, Module, sizeof(Module)),
                 Name != NULL ? "!" : "", Name != NULL ? Name : "",
                 Offset + IsReturn);
    else
        DbgPrint("  %08lx  ?\n", Address);
}

/* Caller is the return address of a call into unmapped code (0 if none):
 * the callee never ran, so the frame chain skips its caller. */
static void print_backtrace(ULONG Eip, ULONG Caller, ULONG Ebp)
{
    ULONG Depth;

    DbgPrint("Stack backtrace:\n");
    print_location(Eip, FALSE);
    if (Caller != 0)
        print_location(Caller, TRUE);
    for (Depth = 0; Depth < BACKTRACE_DEPTH && frame_is_readable(Ebp);
         Depth++) {
        ULONG Next = ((ULONG *)Ebp)[0];
        ULONG Return = ((ULONG *)Ebp)[1];

        if (Return == 0)
            break;
        print_location(Return, TRUE);
        if (Next <= Ebp) /* the chain must climb the stack */
            break;
        Ebp = Next;
    }
}

static void print_registers(const KTRAP_FRAME *Frame)
{
    DbgPrint("eax=%08lx ebx=%08lx ecx=%08lx edx=%08lx esi=%08lx edi=%08lx\n",
             Frame->Eax, Frame->Ebx, Frame->Ecx, Frame->Edx, Frame->Esi,
             Frame->Edi);
    DbgPrint("eip=%08lx esp=%08lx ebp=%08lx efl=%08lx err=%08lx trap=%02lx\n",
             Frame->Eip, KiTrapFrameEsp(Frame), Frame->Ebp, Frame->EFlags,
             Frame->ErrCode, Frame->TrapNumber);
    DbgPrint("cs=%04lx ds=%04lx es=%04lx fs=%04lx gs=%04lx cr0=%08lx "
             "cr2=%08lx cr3=%08lx\n",
             Frame->SegCs, Frame->SegDs, Frame->SegEs, Frame->SegFs,
             Frame->SegGs, read_cr0(), Frame->Cr2, read_cr3());
}

/* The thread that stopped, and whether its stack pointer had run into the
 * guard page below its stack (Esp 0 when unknown). */
static void print_thread(ULONG Esp)
{
    const KTHREAD *Tcb = KeGetCurrentPrcb()->CurrentThread;
    const ETHREAD *Thread = CONTAINING_RECORD(Tcb, ETHREAD, Tcb);
    ULONG Limit, Start;
    ULONG_PTR Offset;
    PCSTR Name;

    if (Tcb == NULL)
        return;
    Limit = (ULONG)Tcb->StackLimit;
    Start = (ULONG)Thread->StartAddress;
    Name = Start != 0 ? KiLookupSymbol(Start, &Offset) : "the boot flow";
    DbgPrint("Thread %08lx (id %lu, start %s), stack %08lx-%08lx\n", (ULONG)Tcb,
             (ULONG)(ULONG_PTR)Thread->Cid.UniqueThread,
             Name != NULL ? Name : "?", Limit, (ULONG)Tcb->InitialStack);
    if (Esp != 0 && Esp < Limit && Esp + PAGE_SIZE >= Limit)
        DbgPrint("The thread overflowed its kernel stack (esp %08lx).\n", Esp);
}

VOID KiHaltProcessor(VOID)
{
    for (;;) {
        cpu_disable_interrupts();
        cpu_halt();
    }
}

VOID KiBugCheckWithTrapFrame(PKTRAP_FRAME TrapFrame, ULONG Code, ULONG_PTR P1,
                             ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    cpu_disable_interrupts();
    if (++bugcheck_depth > 1) {
        /* Stopping failed; say so as plainly as possible and stop. */
        DbgPrint("\n*** STOP: 0x%08lX during a bug check\n", Code);
        if (KiExitOnBugCheck)
            HaliQemuExit(KI_EXIT_BUGCHECK);
        KiHaltProcessor();
    }

    KiBugCheckData[0] = Code;
    KiBugCheckData[1] = P1;
    KiBugCheckData[2] = P2;
    KiBugCheckData[3] = P3;
    KiBugCheckData[4] = P4;
    KiConsoleStopScreen();
    DbgPrint("\n*** STOP: 0x%08lX (0x%08lX,0x%08lX,0x%08lX,0x%08lX)\n", Code,
             P1, P2, P3, P4);
    DbgPrint("%s\n\n", KiBugCheckName(Code));
    print_thread(TrapFrame != NULL ? KiTrapFrameEsp(TrapFrame) : 0);
    if (TrapFrame != NULL) {
        print_registers(TrapFrame);
        ULONG Esp = KiTrapFrameEsp(TrapFrame), Caller = 0;

        /* A fetch that faulted at EIP itself: a call into an unmapped
         * page (a freed INIT routine, a bad pointer); [esp] is the
         * return address. */
        if (TrapFrame->TrapNumber == EXCEPTION_PAGE_FAULT &&
            TrapFrame->Cr2 == TrapFrame->Eip && frame_is_readable(Esp))
            Caller = *(ULONG *)Esp;
        print_backtrace(TrapFrame->Eip, Caller, TrapFrame->Ebp);
    } else {
        /* Start at our caller: KeBugCheckEx or whoever called us. */
        print_backtrace((ULONG)__builtin_return_address(0) - 1, 0,
                        ((ULONG *)read_ebp())[0]);
    }
    DbgPrint("\nThe system has been halted.\n");

    if (KiExitOnBugCheck)
        HaliQemuExit(KI_EXIT_BUGCHECK);
    KiHaltProcessor();
}

VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
                        ULONG_PTR BugCheckParameter2,
                        ULONG_PTR BugCheckParameter3,
                        ULONG_PTR BugCheckParameter4)
{
    KiBugCheckWithTrapFrame(NULL, BugCheckCode, BugCheckParameter1,
                            BugCheckParameter2, BugCheckParameter3,
                            BugCheckParameter4);
}

VOID NTAPI KeBugCheck(ULONG BugCheckCode)
{
    KiBugCheckWithTrapFrame(NULL, BugCheckCode, 0, 0, 0, 0);
}

VOID NTAPI RtlAssert(PVOID FailedAssertion, PVOID FileName, ULONG LineNumber,
                     PCHAR Message)
{
    DbgPrint("*** Assertion failed: %s%s%s\n***   Source: %s:%lu\n",
             (PCSTR)FailedAssertion, Message ? " - " : "",
             Message ? Message : "", (PCSTR)FileName, LineNumber);
    KeBugCheckEx(ASSERTION_FAILURE, (ULONG_PTR)FailedAssertion,
                 (ULONG_PTR)FileName, LineNumber, (ULONG_PTR)Message);
}

VOID RtlFailFast(ULONG Code)
{
    KeBugCheckEx(KERNEL_SECURITY_CHECK_FAILURE, Code, 0, 0, 0);
}
