/*
 * Ring 3: a process whose thread runs tests/kernel/user_code.asm in user
 * mode, calls system services through int 0x2e and sysenter, and ends the
 * process with a status the test reads. Every process gives back what it
 * took once its last reference goes.
 */
#include "kernel/buddy.h"
#include "kernel/cpu.h"
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/pool.h"
#include "kernel/process.h"
#include "kernel/seh.h"
#include "kernel/system_service.h"
#include "ntpeb.h"
#include "tests/kernel/kt_ring3.h"

#define ALL_CHECKS_HELD 0x12345678
extern const UCHAR KtUserCode[], KtUserSysexitReturn[], KtUserCodeEnd[];

KTEST(user_services_through_int_2e_and_sysenter)
{
    PSP_USER_CONTEXT Context = {0};
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    ULONG OldReturn = KiSystemCallReturn;
    NTSTATUS ExitStatus = STATUS_PENDING;

    Context.Ebx = KT_SERVICE_NtTerminateProcess;
    Context.Ecx = (KeFeatureBits & KF_FAST_SYSCALL) != 0;
    KiSystemCallReturn =
        KT_CODE_BASE + (ULONG)(KtUserSysexitReturn - KtUserCode);
    KT_ASSERT_EQ(KtRunUserCode(KtUserCode, (ULONG)(KtUserCodeEnd - KtUserCode),
                               &Context, &ExitStatus),
                 STATUS_SUCCESS);
    KiSystemCallReturn = OldReturn;
    KT_ASSERT_EQ((ULONG)ExitStatus, ALL_CHECKS_HELD);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}

#define SNIPPET(Name) extern const UCHAR KtUser##Name[], KtUser##Name##End[];
SNIPPET(Cli)
SNIPPET(PortIn)
SNIPPET(Hlt)
SNIPPET(Lgdt)
SNIPPET(NullWrite)
SNIPPET(KernelRead)
SNIPPET(Ud2)
SNIPPET(Fpu)
SNIPPET(Int3)
SNIPPET(DivideByZero)
SNIPPET(KernelGate)
SNIPPET(Spin)
SNIPPET(Delay)
#undef SNIPPET
#define RUN_SNIPPET(Name, Context, ExitStatus)                                 \
    KtRunUserCode(KtUser##Name, (ULONG)(KtUser##Name##End - KtUser##Name),     \
                  Context, ExitStatus)

/* What ring 3 must not do ends its process with NT's status, never the
 * machine. */
KTEST(user_faults_end_the_process_with_their_status)
{
    static const struct {
        PCSTR Name;
        const UCHAR *Code, *End;
        NTSTATUS Expected;
    } Cases[] = {
#define CASE(Name, Status) {#Name, KtUser##Name, KtUser##Name##End, Status}
        CASE(Cli, STATUS_PRIVILEGED_INSTRUCTION),
        CASE(PortIn, STATUS_PRIVILEGED_INSTRUCTION),
        CASE(Hlt, STATUS_PRIVILEGED_INSTRUCTION),
        CASE(Lgdt, STATUS_PRIVILEGED_INSTRUCTION),
        CASE(NullWrite, STATUS_ACCESS_VIOLATION),
        CASE(KernelRead, STATUS_ACCESS_VIOLATION),
        CASE(Ud2, STATUS_ILLEGAL_INSTRUCTION),
        CASE(Fpu, STATUS_ILLEGAL_INSTRUCTION),
        CASE(Int3, STATUS_BREAKPOINT),
        CASE(DivideByZero, STATUS_INTEGER_DIVIDE_BY_ZERO),
        CASE(KernelGate, STATUS_ACCESS_VIOLATION),
#undef CASE
    };
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    /* These processes have no ntdll: with none known (a program the shell
     * ran may have made one known), the kernel ends them itself. */
    ULONG OldDispatcher = KiUserExceptionDispatcherAddress;
    ULONG Index;
    KT_CLEANUP_SECTION;

    KiUserExceptionDispatcherAddress = 0;
    for (Index = 0; Index < ARRAYSIZE(Cases); Index++) {
        PSP_USER_CONTEXT Context = {0};
        NTSTATUS ExitStatus = STATUS_PENDING;

        KT_ASSERT_EQ(
            KtRunUserCode(Cases[Index].Code,
                          (ULONG)(Cases[Index].End - Cases[Index].Code),
                          &Context, &ExitStatus),
            STATUS_SUCCESS);
        KT_ASSERT_MSG(ExitStatus == Cases[Index].Expected,
                      "%s ended with %08lx, not %08lx", Cases[Index].Name,
                      (ULONG)ExitStatus, (ULONG)Cases[Index].Expected);
    }
    KT_CLEANUP;
    KiUserExceptionDispatcherAddress = OldDispatcher;
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}

/* Starts Code, lets it run for a while, ends it from outside. */
static NTSTATUS terminate_running(const UCHAR *Code, ULONG Size,
                                  PSP_USER_CONTEXT *Context,
                                  PNTSTATUS ExitStatus)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10 * 1000 * 1000 * 10LL}; /* 10 s */
    LARGE_INTEGER Run = {.QuadPart = -10 * 1000 * 50};              /* 50 ms */
    PEPROCESS Process;
    PETHREAD Thread;
    NTSTATUS Status;

    Status = KtCreateUserProcess(Code, Size, Context, &Process, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    PspStartThread(Thread);
    KeDelayExecutionThread(KernelMode, FALSE, &Run);
    Status = PspTerminateProcess(Process, STATUS_CONTROL_C_EXIT);
    if (NT_SUCCESS(Status))
        Status = KeWaitForSingleObject(Process, Executive, KernelMode, FALSE,
                                       &Timeout);
    *ExitStatus = Process->ExitStatus;
    ObfDereferenceObject(Thread);
    ObfDereferenceObject(Process);
    return Status;
}

/* A thread spinning in ring 3 and one asleep in a system service both
 * end when their process is terminated, with the status it was given. */
KTEST(user_process_terminated_while_running_or_waiting)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    PSP_USER_CONTEXT Context = {0};
    NTSTATUS ExitStatus = STATUS_PENDING;

    KT_ASSERT_EQ(terminate_running(KtUserSpin,
                                   (ULONG)(KtUserSpinEnd - KtUserSpin),
                                   &Context, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)ExitStatus, (ULONG)STATUS_CONTROL_C_EXIT);
    Context.Ebx = KT_SERVICE_NtDelayExecution;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(terminate_running(KtUserDelay,
                                   (ULONG)(KtUserDelayEnd - KtUserDelay),
                                   &Context, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)ExitStatus, (ULONG)STATUS_CONTROL_C_EXIT);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}

extern const UCHAR KtUserException[], KtUserExceptionEnd[];
extern const UCHAR KtUserExceptionEntry[];
extern const UCHAR KtUserAlertable[], KtUserAlertableEnd[];
extern const UCHAR KtUserApcEntry[];

/* A fault in ring 3 enters the process's exception dispatcher with the
 * record and context on its stack; NtContinue resumes the program where
 * the handler said, and NtRaiseException's second chance ends the
 * process with the exception's code. */
KTEST(user_exceptions_reach_the_dispatcher_and_continue)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    ULONG OldDispatcher = KiUserExceptionDispatcherAddress;
    PSP_USER_CONTEXT Context = {0};
    NTSTATUS ExitStatus = STATUS_PENDING;

    KiUserExceptionDispatcherAddress =
        KT_CODE_BASE + (ULONG)(KtUserExceptionEntry - KtUserException);
    Context.Ebx = KT_SERVICE_NtContinue;
    Context.Ebp = KT_SERVICE_NtRaiseException;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    Context.Edi = 1; /* resume */
    KT_ASSERT_EQ(RUN_SNIPPET(Exception, &Context, &ExitStatus), STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)ExitStatus, 0x600DF00DUL);
    Context.Edi = 0; /* decline */
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(RUN_SNIPPET(Exception, &Context, &ExitStatus), STATUS_SUCCESS);
    KiUserExceptionDispatcherAddress = OldDispatcher;
    KT_ASSERT_EQ(ExitStatus, STATUS_ACCESS_VIOLATION);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}

static VOID NTAPI free_nothing(PKAPC Apc, PKNORMAL_ROUTINE *NormalRoutine,
                               PVOID *NormalContext, PVOID *SystemArgument1,
                               PVOID *SystemArgument2)
{
    UNREFERENCED_PARAMETER(Apc);
    UNREFERENCED_PARAMETER(NormalRoutine);
    UNREFERENCED_PARAMETER(NormalContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
}

/* A user APC queued to a thread in an alertable wait in a service: the
 * wait ends with STATUS_USER_APC, the APC's routine is entered in ring 3
 * through the APC dispatcher with its context, and NtContinue brings the
 * thread back to where the service returned, with the service's status. */
KTEST(user_apc_runs_in_ring_3_after_an_alertable_wait)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10 * 1000 * 1000 * 10LL};
    LARGE_INTEGER Settle = {.QuadPart = -10 * 1000 * 50};
    ULONG OldDispatcher = KiUserApcDispatcherAddress;
    PSP_USER_CONTEXT Context = {0};
    PEPROCESS Process = NULL;
    PETHREAD Thread = NULL;
    static KAPC Apc;
    KT_CLEANUP_SECTION;

    KiUserApcDispatcherAddress =
        KT_CODE_BASE + (ULONG)(KtUserApcEntry - KtUserAlertable);
    Context.Ebx = KT_SERVICE_NtDelayExecution;
    Context.Ebp = KT_SERVICE_NtContinue;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    Context.Edi = KT_STACK_BASE; /* the stack's last page: a free cell */
    KT_ASSERT_EQ(
        KtCreateUserProcess(KtUserAlertable,
                            (ULONG)(KtUserAlertableEnd - KtUserAlertable),
                            &Context, &Process, &Thread),
        STATUS_SUCCESS);
    PspStartThread(Thread);
    KeDelayExecutionThread(KernelMode, FALSE, &Settle);
    KeInitializeApc(&Apc, &Thread->Tcb, OriginalApcEnvironment, free_nothing,
                    NULL, (PKNORMAL_ROUTINE)(KT_CODE_BASE + 1), UserMode,
                    (PVOID)0x5EED);
    KT_ASSERT(KeInsertQueueApc(&Apc, NULL, NULL, 0));
    KT_ASSERT_EQ(
        KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, &Timeout),
        STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)Process->ExitStatus, (ULONG)STATUS_USER_APC);
    KT_CLEANUP;
    KiUserApcDispatcherAddress = OldDispatcher;
    if (Process != NULL)
        PspTerminateProcess(Process, STATUS_UNSUCCESSFUL);
    if (Thread != NULL)
        ObfDereferenceObject(Thread);
    if (Process != NULL)
        ObfDereferenceObject(Process);
}

extern const UCHAR KtUserLdt[], KtUserLdtEnd[];

/* A process installs a descriptor in its own LDT and reads through it;
 * a ring-0 one is refused; emptying the slot under a loaded selector
 * costs the program the selector, never the machine. */
KTEST(user_ldt_entries_from_ring_3)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PSP_USER_CONTEXT Context = {0};
    NTSTATUS ExitStatus = STATUS_PENDING;
    ULONG Cell = KT_CODE_BASE + 0xF00; /* in the code page, past the code */
    KGDTENTRY Entry;

    KT_ASSERT(KtUserLdtEnd - KtUserLdt < 0xF00);
    KT_ASSERT_EQ(KiBuildDescriptor(Cell, 3, SEGMENT_TYPE_DATA_READ, 3, &Entry),
                 STATUS_SUCCESS);
    Context.Ebx = KT_SERVICE_NtSetLdtEntries;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    Context.Edi = ((PULONG)&Entry)[0];
    Context.Ebp = ((PULONG)&Entry)[1];
    KtUserSetCell(0xF00, 0x01D7C0DE);
    KT_ASSERT_EQ(RUN_SNIPPET(Ldt, &Context, &ExitStatus), STATUS_SUCCESS);
    KtUserSetCell(0, 0);
    KT_ASSERT_EQ((ULONG)ExitStatus, 0x1DUL);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    /* Switching back to the system process unloaded the LDT. */
    KT_ASSERT(!KiDescriptorPresent(&KeGetPcr()->GDT[KGDT_INDEX_LDT]));
}

extern const UCHAR KtUserExitNow[], KtUserExitNowEnd[];

/* A thousand processes made, run and deleted end with exactly the frames
 * and pool bytes they began with. */
KTEST(user_thousand_process_lives_give_everything_back)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    ULONG Life;

    for (Life = 0; Life < 1000; Life++) {
        PSP_USER_CONTEXT Context = {0};
        NTSTATUS ExitStatus = STATUS_PENDING;

        Context.Esi = KT_SERVICE_NtTerminateProcess;
        KT_ASSERT_EQ(KtRunUserCode(KtUserExitNow,
                                   (ULONG)(KtUserExitNowEnd - KtUserExitNow),
                                   &Context, &ExitStatus),
                     STATUS_SUCCESS);
        KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
        if (Life % 100 == 99) /* objects go on the worker: let it keep up */
            KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    }
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}

/* A process's memory goes when it ends, not when the last reference to it
 * does: only its page directory (and the table that maps the shared data
 * page) wait for the object. */
KTEST(user_process_memory_goes_at_exit)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * 10};
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PSP_USER_CONTEXT Context = {0};
    PFN_NUMBER Frames = KtUserFreeFrames();
    PEPROCESS Process = NULL;
    PETHREAD Thread = NULL;
    KT_CLEANUP_SECTION;

    Context.Esi = KT_SERVICE_NtTerminateProcess;
    KT_ASSERT_EQ(KtCreateUserProcess(KtUserExitNow,
                                     (ULONG)(KtUserExitNowEnd - KtUserExitNow),
                                     &Context, &Process, &Thread),
                 STATUS_SUCCESS);
    KT_ASSERT(Process->VadRoot.NumberGenericTableElements >= 3);
    PspStartThread(Thread);
    KT_ASSERT_EQ(
        KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, &Timeout),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Process->VadRoot.NumberGenericTableElements, 0);
    KT_ASSERT_MSG(Frames - KtUserFreeFrames() <= 2,
                  "%lu frames still held by an ended process",
                  (ULONG)(Frames - KtUserFreeFrames()));
    KT_CLEANUP;
    if (Thread != NULL)
        ObDereferenceObject(Thread);
    if (Process != NULL) {
        PspTerminateProcess(Process, STATUS_UNSUCCESSFUL);
        ObDereferenceObject(Process);
    }
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
}
