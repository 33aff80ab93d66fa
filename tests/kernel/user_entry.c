/*
 * The ways into the kernel from ring 3 with whatever flags and segments
 * ring 3 can set: a single step through sysenter or int 0x2e runs the
 * service and then gives the program its STATUS_SINGLE_STEP, never a
 * kernel-mode trap on the sysenter stack; NT, DF and AC reach no kernel
 * code; an iretd with NT set costs the program nothing; the entry reads
 * nothing through the user's ds. The line the kernel prints for an
 * unhandled exception is checked here too.
 */
#include "kernel/cpu.h"
#include "kernel/gdt.h"
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/system_service.h"
#include "kernel/x86.h"
#include "ntstrsafe.h"
#include "tests/kernel/kt_console.h"
#include "tests/kernel/kt_ring3.h"

#define SNIPPET(Name) extern const UCHAR KtUser##Name[], KtUser##Name##End[];
SNIPPET(SingleStep)
SNIPPET(NestedIret)
SNIPPET(SysenterDs)
SNIPPET(NullWrite)
SNIPPET(IoplCli)
SNIPPET(VmIret)
#undef SNIPPET
extern const UCHAR KtUserSingleStepReturn[], KtUserSingleStepEntry[];
extern const UCHAR KtUserSysenterDsReturn[];
#define RUN_SNIPPET(Name, Context, ExitStatus)                                 \
    KtRunUserCode(KtUser##Name, (ULONG)(KtUser##Name##End - KtUser##Name),     \
                  Context, ExitStatus)
/* The user address of Label in snippet Name. */
#define USER_ADDRESS(Name, Label)                                              \
    (KT_CODE_BASE + (ULONG)(KtUser##Label - KtUser##Name))

#define MSR_SYSENTER_ESP 0x175
#define NO_SUCH_SERVICE 0xFFF
#define SNIPPET_DONE_NESTED_IRET 0x7A5
#define SNIPPET_DONE_SYSENTER_DS 0x5D
#define SNIPPET_DONE_VM_IRET 0x86

typedef struct _SINGLE_STEP_CASE {
    PCSTR Name;
    BOOLEAN Sysenter;
    ULONG Service, Expected; /* the service and its status */
    ULONG Flags;             /* set with TF */
} SINGLE_STEP_CASE;

/* Runs the SingleStep snippet for Case with its exception dispatcher
 * known: the process's exit status (STATUS_SINGLE_STEP when all held). */
static NTSTATUS run_single_step(const SINGLE_STEP_CASE *Case,
                                PNTSTATUS ExitStatus)
{
    PSP_USER_CONTEXT Context = {0};

    Context.Ebx = Case->Service;
    Context.Ebp = Case->Expected;
    Context.Ecx = Case->Sysenter;
    Context.Edi = Case->Flags;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    *ExitStatus = STATUS_PENDING;
    return RUN_SNIPPET(SingleStep, &Context, ExitStatus);
}

/* A program single stepping into a service, by sysenter or int 0x2e (and
 * with NT, DF and AC set as well): the service runs with its arguments
 * and returns its status in eax, the flags come back, and the single
 * step is the program's, reported past the instruction after the return.
 * The sysenter's trap frame lands on the sysenter stack, not below the
 * TSS, and the TSS is as it was. */
KTEST(user_single_step_into_a_system_service)
{
    static const SINGLE_STEP_CASE Cases[] = {
        {"sysenter", TRUE, NO_SUCH_SERVICE, STATUS_INVALID_SYSTEM_SERVICE, 0},
        {"sysenter NtClose", TRUE, KT_SERVICE_NtClose, STATUS_INVALID_HANDLE,
         0},
        {"sysenter NT", TRUE, KT_SERVICE_NtClose, STATUS_INVALID_HANDLE,
         EFLAGS_NT},
        {"sysenter DF AC", TRUE, KT_SERVICE_NtClose, STATUS_INVALID_HANDLE,
         0x400 | EFLAGS_AC},
        {"int 0x2e", FALSE, NO_SUCH_SERVICE, STATUS_INVALID_SYSTEM_SERVICE, 0},
        {"int 0x2e NtClose", FALSE, KT_SERVICE_NtClose, STATUS_INVALID_HANDLE,
         0},
        {"int 0x2e NT DF", FALSE, KT_SERVICE_NtClose, STATUS_INVALID_HANDLE,
         EFLAGS_NT | 0x400},
    };
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    ULONG OldDispatcher = KiUserExceptionDispatcherAddress;
    ULONG OldReturn = KiSystemCallReturn;
    ULONG StackTop = (ULONG)KiSysenterStack + sizeof(KiSysenterStack);
    BOOLEAN Fast = (KeFeatureBits & KF_FAST_SYSCALL) != 0;
    static KTSS Tss;
    ULONG Index;
    KT_CLEANUP_SECTION;

    RtlCopyMemory(&Tss, &KiTss, sizeof(Tss));
    KiUserExceptionDispatcherAddress =
        USER_ADDRESS(SingleStep, SingleStepEntry);
    KiSystemCallReturn = USER_ADDRESS(SingleStep, SingleStepReturn);
    if (Fast)
        KT_ASSERT_EQ((ULONG)rdmsr(MSR_SYSENTER_ESP), StackTop);
    for (Index = 0; Index < ARRAYSIZE(Cases); Index++) {
        NTSTATUS ExitStatus;

        if (Cases[Index].Sysenter && !Fast)
            continue;
        RtlZeroMemory(KiSysenterStack, sizeof(KiSysenterStack));
        KT_ASSERT_EQ(run_single_step(&Cases[Index], &ExitStatus),
                     STATUS_SUCCESS);
        KT_ASSERT_MSG(ExitStatus == STATUS_SINGLE_STEP,
                      "%s: the program ended with %08lx", Cases[Index].Name,
                      (ULONG)ExitStatus);
        /* The #DB frame (eip, cs, eflags), its eip turned to the restart. */
        if (Cases[Index].Sysenter)
            KT_ASSERT_EQ(((PULONG)StackTop)[-3],
                         (ULONG)KiFastCallEntryWithSingleStep);
    }
    KT_ASSERT(RtlCompareMemory(&Tss, &KiTss, sizeof(Tss)) == sizeof(Tss));
    KT_CLEANUP;
    KiUserExceptionDispatcherAddress = OldDispatcher;
    KiSystemCallReturn = OldReturn;
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
}

/* Runs Code in a new process to its end with the console captured: the
 * process's exit status, and the line the kernel printed for it (empty
 * when none) in Line; Expected gets the line an unhandled Code at Address
 * must have printed. */
static NTSTATUS run_and_capture(const UCHAR *Code, ULONG Size,
                                PSP_USER_CONTEXT *Context, NTSTATUS Code_,
                                ULONG Address, PNTSTATUS ExitStatus, PCHAR Line,
                                PCHAR Expected, ULONG LineSize)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10 * 1000 * 1000 * 10LL}; /* 10 s */
    PEPROCESS Process;
    PETHREAD Thread;
    NTSTATUS Status;

    Line[0] = Expected[0] = '\0';
    Status = KtCreateUserProcess(Code, Size, Context, &Process, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlStringCbPrintfA(Expected, LineSize,
                       "kt-user (process %lu, thread %lu): unhandled "
                       "exception %08lx at %08lx; the process ends with that "
                       "status",
                       (ULONG)(ULONG_PTR)Process->UniqueProcessId,
                       (ULONG)(ULONG_PTR)Thread->Cid.UniqueThread, (ULONG)Code_,
                       Address);
    KtConsoleCaptureStart();
    PspStartThread(Thread);
    Status =
        KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, &Timeout);
    KtConsoleFindLine(KtConsoleCaptureStop(), "kt-user (process ", Line,
                      LineSize);
    *ExitStatus = Process->ExitStatus;
    ObfDereferenceObject(Thread);
    ObfDereferenceObject(Process);
    return Status;
}

/* An exception no handler in ring 3 takes (here with no exception
 * dispatcher known, as in a process without ntdll) ends the process with
 * its code, and the kernel prints one line: which process and thread,
 * what code, where. The brief's sysenter single step is one such: the
 * machine goes on, the program ends with STATUS_SINGLE_STEP. */
KTEST(user_unhandled_exception_prints_one_line)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    ULONG OldDispatcher = KiUserExceptionDispatcherAddress;
    ULONG OldReturn = KiSystemCallReturn;
    static CHAR Line[160], Expected[160];
    PSP_USER_CONTEXT Context = {0};
    NTSTATUS ExitStatus = STATUS_PENDING;
    KT_CLEANUP_SECTION;

    KiUserExceptionDispatcherAddress = 0;
    KT_ASSERT_EQ(run_and_capture(KtUserNullWrite,
                                 (ULONG)(KtUserNullWriteEnd - KtUserNullWrite),
                                 &Context, STATUS_ACCESS_VIOLATION,
                                 KT_CODE_BASE, &ExitStatus, Line, Expected,
                                 sizeof(Line)),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_ACCESS_VIOLATION);
    KT_ASSERT_MSG(strcmp(Line, Expected) == 0, "printed \"%s\", not \"%s\"",
                  Line, Expected);

    if (KeFeatureBits & KF_FAST_SYSCALL) {
        RtlZeroMemory(&Context, sizeof(Context));
        KiSystemCallReturn = USER_ADDRESS(SingleStep, SingleStepReturn);
        Context.Ebx = NO_SUCH_SERVICE;
        Context.Ecx = TRUE; /* sysenter */
        Context.Esi = KT_SERVICE_NtTerminateProcess;
        ExitStatus = STATUS_PENDING;
        KT_ASSERT_EQ(
            run_and_capture(KtUserSingleStep,
                            (ULONG)(KtUserSingleStepEnd - KtUserSingleStep),
                            &Context, STATUS_SINGLE_STEP,
                            USER_ADDRESS(SingleStep, SingleStepReturn) + 1,
                            &ExitStatus, Line, Expected, sizeof(Line)),
            STATUS_SUCCESS);
        KT_ASSERT_EQ(ExitStatus, STATUS_SINGLE_STEP);
        KT_ASSERT_MSG(strcmp(Line, Expected) == 0, "printed \"%s\", not \"%s\"",
                      Line, Expected);
    }
    KT_CLEANUP;
    KtConsoleCaptureStop();
    KiUserExceptionDispatcherAddress = OldDispatcher;
    KiSystemCallReturn = OldReturn;
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
}

/* Ring 3's iretd with NT set is a task return through the TSS's empty
 * back link (#TS from ring 3): the kernel clears NT and the iretd goes on
 * as a plain return, as NT's does; the machine never stops for it. */
KTEST(user_iretd_with_nested_task_flag)
{
    PSP_USER_CONTEXT Context = {0};
    NTSTATUS ExitStatus = STATUS_PENDING;

    Context.Esi = KT_SERVICE_NtTerminateProcess;
    KT_ASSERT_EQ(RUN_SNIPPET(NestedIret, &Context, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ((ULONG)ExitStatus, SNIPPET_DONE_NESTED_IRET);
}

/* sysenter leaves the user's ds loaded: with an LDT segment whose base is
 * not zero in ds, the entry still finds where to return, and the program
 * gets its ds back. */
KTEST(user_sysenter_with_an_ldt_data_segment)
{
    ULONG OldReturn = KiSystemCallReturn;
    PSP_USER_CONTEXT Context = {0};
    NTSTATUS ExitStatus = STATUS_PENDING;
    KGDTENTRY Entry;

    if (!(KeFeatureBits & KF_FAST_SYSCALL))
        KT_SKIP("the CPU has no sysenter");
    KT_ASSERT_EQ(KiBuildDescriptor(KT_CODE_BASE + 0xF00, 0xFF,
                                   SEGMENT_TYPE_DATA_WRITE, 3, &Entry),
                 STATUS_SUCCESS);
    Context.Ebx = KT_SERVICE_NtSetLdtEntries;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    Context.Edi = ((PULONG)&Entry)[0];
    Context.Ebp = ((PULONG)&Entry)[1];
    KiSystemCallReturn = USER_ADDRESS(SysenterDs, SysenterDsReturn);
    KT_ASSERT_EQ(RUN_SNIPPET(SysenterDs, &Context, &ExitStatus),
                 STATUS_SUCCESS);
    KiSystemCallReturn = OldReturn;
    KT_ASSERT_EQ((ULONG)ExitStatus, SNIPPET_DONE_SYSENTER_DS);
}

/* Flags ring 3 cannot have (IOPL, VM): each ends the program the way NT
 * ends it, or lets it go on; none stops the machine. */
KTEST(user_flag_tricks_end_the_program_not_the_machine)
{
    static const struct {
        PCSTR Name;
        const UCHAR *Code, *End;
        NTSTATUS Expected;
    } Cases[] = {
#define CASE(Name, Status) {#Name, KtUser##Name, KtUser##Name##End, Status}
        CASE(IoplCli, STATUS_PRIVILEGED_INSTRUCTION),
#undef CASE
    };
    ULONG OldDispatcher = KiUserExceptionDispatcherAddress;
    ULONG Index;
    KT_CLEANUP_SECTION;

    KiUserExceptionDispatcherAddress = 0; /* the kernel ends them */
    for (Index = 0; Index < ARRAYSIZE(Cases); Index++) {
        PSP_USER_CONTEXT Context = {0};
        NTSTATUS ExitStatus = STATUS_PENDING;

        Context.Esi = KT_SERVICE_NtTerminateProcess;
        KT_ASSERT_EQ(
            KtRunUserCode(Cases[Index].Code,
                          (ULONG)(Cases[Index].End - Cases[Index].Code),
                          &Context, &ExitStatus),
            STATUS_SUCCESS);
        KT_ASSERT_MSG(ExitStatus == Cases[Index].Expected,
                      "%s ended with %08lx, not %08lx", Cases[Index].Name,
                      (ULONG)ExitStatus, (ULONG)Cases[Index].Expected);
    }
    /* VM in ring 3's iretd: ignored by a CPU, refused by QEMU. */
    {
        PSP_USER_CONTEXT Context = {0};
        NTSTATUS ExitStatus = STATUS_PENDING;

        Context.Esi = KT_SERVICE_NtTerminateProcess;
        KT_ASSERT_EQ(RUN_SNIPPET(VmIret, &Context, &ExitStatus),
                     STATUS_SUCCESS);
        KT_ASSERT_MSG(ExitStatus == SNIPPET_DONE_VM_IRET ||
                          ExitStatus == STATUS_ACCESS_VIOLATION,
                      "VmIret ended with %08lx", (ULONG)ExitStatus);
    }
    KT_CLEANUP;
    KiUserExceptionDispatcherAddress = OldDispatcher;
}
