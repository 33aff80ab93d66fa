/*
 * The thread services as ring 3 calls them (PreviousMode UserMode, the
 * arguments in a test process's user page): NtCreateThread in another
 * process through a handle, with its access, argument and suspension
 * rules; NtSuspendThread/NtResumeThread counts; NtTerminateThread on
 * another thread and on the caller; NtQueryInformationThread's exit
 * status; and waits on thread and process handles. The threads run
 * tests/kernel/user_code.asm's Threads snippet.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/system_service.h"
#include "ntcontext.h"
#include "ntpeb.h"
#include "tests/kernel/kt_ring3.h"
#include "tests/kernel/kt_user.h"

extern const UCHAR KtUserThreads[], KtUserThreadsEnd[];

/* The caller's user page and what it holds. */
#define ARGS_PAGE 0x00200000UL
typedef struct _THREAD_ARGUMENTS {
    CONTEXT Context;
    INITIAL_TEB InitialTeb;
    HANDLE Handle;
    CLIENT_ID ClientId;
    ULONG Count;
    THREAD_BASIC_INFORMATION Basic;
    ULONG ReturnLength;
    HANDLE Handles[2];
    LARGE_INTEGER Timeout;
} THREAD_ARGUMENTS;

#define EXIT_CREATED 0x2222
#define EXIT_TERMINATED 0x3333

/* A thread of the target at its code, ending itself with ExitStatus. */
static VOID thread_context(PCONTEXT Context, ULONG ExitStatus)
{
    RtlZeroMemory(Context, sizeof(*Context));
    Context->ContextFlags = CONTEXT_FULL;
    Context->Eip = KT_CODE_BASE;
    Context->Esp = KT_STACK_BASE + KT_STACK_SIZE / 2; /* below the first's */
    Context->EFlags = 0x202;
    Context->SegDs = Context->SegEs = 0x23;
    Context->SegFs = 0x3B;
    Context->Eax = ExitStatus;
    Context->Edi = KT_SERVICE_NtTerminateThread;
}

static NTSTATUS user_create_thread(HANDLE Process, PHANDLE Handle,
                                   PCLIENT_ID ClientId, PCONTEXT Context,
                                   PINITIAL_TEB InitialTeb, BOOLEAN Suspended)
{
    KPROCESSOR_MODE Mode = ExpSetPreviousMode(UserMode);
    NTSTATUS Status;

    Status = NtCreateThread(Handle, THREAD_ALL_ACCESS, NULL, Process, ClientId,
                            Context, InitialTeb, Suspended);
    ExpSetPreviousMode(Mode);
    return Status;
}

/* NtSuspendThread or NtResumeThread from ring 3: the previous count. */
static NTSTATUS user_suspend(THREAD_ARGUMENTS *Args, HANDLE Thread,
                             BOOLEAN Suspend, PULONG Previous)
{
    KPROCESSOR_MODE Mode = ExpSetPreviousMode(UserMode);
    NTSTATUS Status;

    Args->Count = 0xFFFFFFFF;
    Status = Suspend ? NtSuspendThread(Thread, &Args->Count)
                     : NtResumeThread(Thread, &Args->Count);
    ExpSetPreviousMode(Mode);
    *Previous = Args->Count;
    return Status;
}

static NTSTATUS user_terminate(HANDLE Thread, NTSTATUS ExitStatus)
{
    KPROCESSOR_MODE Mode = ExpSetPreviousMode(UserMode);
    NTSTATUS Status = NtTerminateThread(Thread, ExitStatus);

    ExpSetPreviousMode(Mode);
    return Status;
}

/* The thread's exit status through NtQueryInformationThread. */
static NTSTATUS user_exit_status(THREAD_ARGUMENTS *Args, HANDLE Thread,
                                 PNTSTATUS ExitStatus)
{
    KPROCESSOR_MODE Mode = ExpSetPreviousMode(UserMode);
    NTSTATUS Status;

    Status =
        NtQueryInformationThread(Thread, ThreadBasicInformation, &Args->Basic,
                                 sizeof(Args->Basic), &Args->ReturnLength);
    ExpSetPreviousMode(Mode);
    *ExitStatus = Args->Basic.ExitStatus;
    return Status;
}

/* NtWaitForSingleObject from ring 3 with a timeout of Milliseconds. */
static NTSTATUS user_wait(THREAD_ARGUMENTS *Args, HANDLE Handle,
                          ULONG Milliseconds)
{
    KPROCESSOR_MODE Mode = ExpSetPreviousMode(UserMode);
    NTSTATUS Status;

    Args->Timeout.QuadPart = -10000LL * Milliseconds;
    Status = NtWaitForSingleObject(Handle, FALSE, &Args->Timeout);
    ExpSetPreviousMode(Mode);
    return Status;
}

static NTSTATUS user_wait_both(THREAD_ARGUMENTS *Args, HANDLE First,
                               HANDLE Second, WAIT_TYPE WaitType,
                               ULONG Milliseconds)
{
    KPROCESSOR_MODE Mode = ExpSetPreviousMode(UserMode);
    NTSTATUS Status;

    Args->Handles[0] = First;
    Args->Handles[1] = Second;
    Args->Timeout.QuadPart = -10000LL * Milliseconds;
    Status = NtWaitForMultipleObjects(2, Args->Handles, WaitType, FALSE,
                                      &Args->Timeout);
    ExpSetPreviousMode(Mode);
    return Status;
}

/* A handle in the current (attached) process's table. */
static HANDLE open_object(PVOID Object, POBJECT_TYPE Type, ACCESS_MASK Access)
{
    HANDLE Handle = NULL;

    if (!NT_SUCCESS(ObOpenObjectByPointer(Object, 0, NULL, Access, Type,
                                          KernelMode, &Handle)))
        return NULL;
    return Handle;
}

/* A target process whose first thread sleeps in NtDelayExecution until
 * ended; a caller process, attached, whose handles reach it. A thread
 * made in the target through NtCreateThread runs, ends with the status
 * its CONTEXT gave, and the process outlives it; the first thread ended
 * through a handle ends the process with its status. */
KTEST(ps_create_thread_in_another_process_through_a_handle)
{
    static KT_PROCESS Caller;
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    THREAD_ARGUMENTS *Args = (THREAD_ARGUMENTS *)ARGS_PAGE;
    PSP_USER_CONTEXT First = {0};
    PEPROCESS Target = NULL;
    PETHREAD FirstThread = NULL;
    HANDLE Create = NULL, NoCreate = NULL, Terminate = NULL, NoTerminate = NULL;
    HANDLE Thread = NULL, Kernel = NULL;
    NTSTATUS ExitStatus;
    ULONG Previous;
    LONG Made;
    KT_CLEANUP_SECTION;

    First.Eax = 0xBAD;
    First.Ebx = KT_SERVICE_NtDelayExecution;
    First.Edi = KT_SERVICE_NtTerminateThread;
    KT_ASSERT_EQ(KtCreateUserProcess(KtUserThreads,
                                     (ULONG)(KtUserThreadsEnd - KtUserThreads),
                                     &First, &Target, &FirstThread),
                 STATUS_SUCCESS);
    PspStartThread(FirstThread);
    KT_ASSERT_EQ(KtCreateProcess(&Caller), STATUS_SUCCESS);
    KtAttachProcess(&Caller);
    KT_ASSERT_EQ(KtMapUserPage(Args, PAGE_READWRITE), STATUS_SUCCESS);
    Create = open_object(Target, *PsProcessType,
                         PROCESS_CREATE_THREAD | SYNCHRONIZE);
    NoCreate = open_object(Target, *PsProcessType,
                           PROCESS_QUERY_INFORMATION | SYNCHRONIZE);
    KT_ASSERT(Create != NULL && NoCreate != NULL);
    thread_context(&Args->Context, EXIT_CREATED);
    Args->InitialTeb.StackBase = (PVOID)(KT_STACK_BASE + KT_STACK_SIZE / 2);
    Args->InitialTeb.StackLimit = (PVOID)KT_STACK_BASE;
    Made = PspThreadType->TotalNumberOfObjects;

    /* Without PROCESS_CREATE_THREAD, or with bad pointers: nothing made. */
    KT_ASSERT_EQ(user_create_thread(NoCreate, &Args->Handle, &Args->ClientId,
                                    &Args->Context, &Args->InitialTeb, FALSE),
                 STATUS_ACCESS_DENIED);
    KT_ASSERT_EQ(user_create_thread(Create, &Args->Handle, &Args->ClientId,
                                    NULL, &Args->InitialTeb, FALSE),
                 STATUS_INVALID_PARAMETER);
    KT_ASSERT_EQ(user_create_thread(Create, &Args->Handle, &Args->ClientId,
                                    (PCONTEXT)0x80000000, &Args->InitialTeb,
                                    FALSE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(user_create_thread(Create, &Args->Handle, &Args->ClientId,
                                    &Args->Context, NULL, FALSE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(user_create_thread(Create, &Args->Handle, &Args->ClientId,
                                    &Args->Context, (PINITIAL_TEB)0x7FFEFFFC,
                                    FALSE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(user_create_thread(Create, &Args->Handle,
                                    (PCLIENT_ID)0x80000000, &Args->Context,
                                    &Args->InitialTeb, FALSE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(user_create_thread(Create, (PHANDLE)0xC0000000,
                                    &Args->ClientId, &Args->Context,
                                    &Args->InitialTeb, FALSE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(PspThreadType->TotalNumberOfObjects, Made);
    KT_ASSERT_EQ(Caller.Process->ObjectTable->HandleCount, 2);

    /* Made suspended: each suspension counts, NT's previous count comes
     * back, and the thread runs once the count is back to zero. */
    KT_ASSERT_EQ(user_create_thread(Create, &Args->Handle, &Args->ClientId,
                                    &Args->Context, &Args->InitialTeb, TRUE),
                 STATUS_SUCCESS);
    Thread = Args->Handle;
    KT_ASSERT_EQ(PspThreadType->TotalNumberOfObjects, Made + 1);
    KT_ASSERT(Args->ClientId.UniqueProcess == PsGetProcessId(Target));
    KT_ASSERT(Args->ClientId.UniqueThread != NULL);
    KT_ASSERT_EQ(user_wait(Args, Thread, 50), STATUS_TIMEOUT);
    KT_ASSERT_EQ(user_exit_status(Args, Thread, &ExitStatus), STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_PENDING);
    KT_ASSERT_EQ(Args->ReturnLength, sizeof(THREAD_BASIC_INFORMATION));
    KT_ASSERT_EQ(sizeof(THREAD_BASIC_INFORMATION), 28);
    KT_ASSERT(Args->Basic.ClientId.UniqueThread == Args->ClientId.UniqueThread);
    KT_ASSERT(Args->Basic.TebBaseAddress != NULL);
    KT_ASSERT_EQ(user_suspend(Args, Thread, TRUE, &Previous), STATUS_SUCCESS);
    KT_ASSERT_EQ(Previous, 1);
    KT_ASSERT_EQ(user_suspend(Args, Thread, FALSE, &Previous), STATUS_SUCCESS);
    KT_ASSERT_EQ(Previous, 2);
    KT_ASSERT_EQ(user_wait(Args, Thread, 50), STATUS_TIMEOUT);
    KT_ASSERT_EQ(user_suspend(Args, Thread, FALSE, &Previous), STATUS_SUCCESS);
    KT_ASSERT_EQ(Previous, 1);
    /* It ran and ended itself; its process goes on. */
    KT_ASSERT_EQ(user_wait(Args, Thread, 5000), STATUS_WAIT_0);
    KT_ASSERT_EQ(user_exit_status(Args, Thread, &ExitStatus), STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, EXIT_CREATED);
    KT_ASSERT_EQ(user_suspend(Args, Thread, FALSE, &Previous), STATUS_SUCCESS);
    KT_ASSERT_EQ(Previous, 0);
    KT_ASSERT_EQ(user_wait(Args, Create, 50), STATUS_TIMEOUT);
    KT_ASSERT_EQ(user_wait_both(Args, Thread, Create, WaitAll, 50),
                 STATUS_TIMEOUT);
    KT_ASSERT_EQ(user_wait_both(Args, Create, Thread, WaitAny, 5000),
                 STATUS_WAIT_0 + 1);

    /* The first thread, ended through a handle: only with
     * THREAD_TERMINATE; the last thread's status is the process's. */
    NoTerminate = open_object(FirstThread, *PsThreadType,
                              THREAD_QUERY_INFORMATION | SYNCHRONIZE);
    Terminate =
        open_object(FirstThread, *PsThreadType, THREAD_TERMINATE | SYNCHRONIZE);
    KT_ASSERT(NoTerminate != NULL && Terminate != NULL);
    KT_ASSERT_EQ(user_terminate(NoTerminate, EXIT_TERMINATED),
                 STATUS_ACCESS_DENIED);
    KT_ASSERT_EQ(user_wait(Args, NoTerminate, 50), STATUS_TIMEOUT);
    KT_ASSERT_EQ(user_exit_status(Args, NoTerminate, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_PENDING);
    /* No THREAD_QUERY_INFORMATION, no query. */
    KT_ASSERT_EQ(user_exit_status(Args, Terminate, &ExitStatus),
                 STATUS_ACCESS_DENIED);
    KT_ASSERT_EQ(user_terminate(Terminate, EXIT_TERMINATED), STATUS_SUCCESS);
    KT_ASSERT_EQ(user_wait_both(Args, Terminate, Create, WaitAll, 5000),
                 STATUS_WAIT_0);
    KT_ASSERT_EQ(user_exit_status(Args, NoTerminate, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, EXIT_TERMINATED);
    KT_ASSERT_EQ(PsGetProcessExitStatus(Target), EXIT_TERMINATED);
    /* Through Zw with a kernel handle too: signalled for good. */
    KT_ASSERT_EQ(ObOpenObjectByPointer(Target, OBJ_KERNEL_HANDLE, NULL,
                                       SYNCHRONIZE, *PsProcessType, KernelMode,
                                       &Kernel),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Kernel, FALSE, NULL), STATUS_WAIT_0);
    /* A thread in an ended process cannot be made. */
    KT_ASSERT_EQ(user_create_thread(Create, &Args->Handle, &Args->ClientId,
                                    &Args->Context, &Args->InitialTeb, FALSE),
                 STATUS_PROCESS_IS_TERMINATING);
    KT_CLEANUP;
    if (Kernel != NULL)
        ZwClose(Kernel);
    KtDeleteProcess(&Caller); /* detaches; closes the handles it holds */
    if (Target != NULL && Target->ActiveThreads != 0)
        PspTerminateProcess(Target, STATUS_UNSUCCESSFUL);
    if (FirstThread != NULL)
        ObfDereferenceObject(FirstThread);
    if (Target != NULL) {
        LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * 5};

        KeWaitForSingleObject(Target, Executive, KernelMode, FALSE, &Timeout);
        ObfDereferenceObject(Target);
    }
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
}

/* NtTerminateThread(NULL) is refused to the last thread of a process
 * (STATUS_CANT_TERMINATE_SELF, as NT: ExitProcess must end it);
 * NtTerminateThread(NtCurrentThread()) ends it, and with it the process,
 * whose exit status is the thread's. */
KTEST(ps_terminate_current_thread_ends_the_last_threads_process)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PSP_USER_CONTEXT Context = {0};
    NTSTATUS ExitStatus = STATUS_PENDING;

    Context.Eax = 0x600DDEAD;
    Context.Ecx = 1; /* NULL first */
    Context.Edi = KT_SERVICE_NtTerminateThread;
    KT_ASSERT_EQ(KtRunUserCode(KtUserThreads,
                               (ULONG)(KtUserThreadsEnd - KtUserThreads),
                               &Context, &ExitStatus),
                 STATUS_WAIT_0);
    KT_ASSERT_EQ((ULONG)ExitStatus, 0x600DDEAD);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
}
