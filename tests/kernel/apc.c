/*
 * APCs: where and at which IRQL each kind runs, their order, the regions
 * that hold them off, a wait they interrupt resuming with the time it had
 * left, user APCs ending alertable user-mode waits, rundown at exit.
 */
#include "kernel/irql.h"
#include "kernel/ktest.h"
#include "tests/kernel/kt_thread.h"

typedef struct _APC_TARGET {
    KEVENT Go;    /* the target waits on it */
    KEVENT Ready; /* set by the target when it is where the test wants */
    LONG Milliseconds;
    ULONGLONG WaitTime; /* 100 ns units the target's wait took */
    NTSTATUS Status;
    ULONG Region; /* 0 none, 1 critical, 2 guarded, while it waits */
} APC_TARGET;

typedef struct _APC_RECORD {
    KAPC Apc;
    PKTHREAD Thread;
    KIRQL KernelIrql, NormalIrql;
    CHAR Name;
} APC_RECORD;

static CHAR order[8];
static volatile ULONG order_count;

static VOID NTAPI normal_routine(PVOID Context, PVOID A1, PVOID A2)
{
    APC_RECORD *Record = Context;

    UNREFERENCED_PARAMETER(A1);
    UNREFERENCED_PARAMETER(A2);
    Record->NormalIrql = KeGetCurrentIrql();
    order[order_count++] = (CHAR)(Record->Name + ('a' - 'A'));
}

static VOID NTAPI kernel_routine(PKAPC Apc, PKNORMAL_ROUTINE *Normal,
                                 PVOID *Context, PVOID *A1, PVOID *A2)
{
    APC_RECORD *Record = CONTAINING_RECORD(Apc, APC_RECORD, Apc);

    UNREFERENCED_PARAMETER(Normal);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(A1);
    UNREFERENCED_PARAMETER(A2);
    Record->KernelIrql = KeGetCurrentIrql();
    Record->Thread = KeGetCurrentThread();
    order[order_count++] = Record->Name;
}

static VOID NTAPI rundown_routine(PKAPC Apc)
{
    CONTAINING_RECORD(Apc, APC_RECORD, Apc)->Name = 'R';
}

static VOID make_apc(APC_RECORD *Record, PKTHREAD Thread, CHAR Name,
                     BOOLEAN Special, KPROCESSOR_MODE Mode)
{
    RtlZeroMemory(Record, sizeof(*Record));
    Record->Name = Name;
    Record->KernelIrql = Record->NormalIrql = 0xFF;
    KeInitializeApc(&Record->Apc, Thread, OriginalApcEnvironment,
                    kernel_routine, rundown_routine,
                    Special ? NULL : normal_routine, Mode, Record);
}

/* Waits on Go for Milliseconds, in the region asked for, and times it. */
static VOID NTAPI apc_target(PVOID Context)
{
    APC_TARGET *Target = Context;
    LARGE_INTEGER Timeout = KtMilliseconds(Target->Milliseconds);
    ULONGLONG Start;

    if (Target->Region == 1)
        KeEnterCriticalRegion();
    if (Target->Region == 2)
        KeEnterGuardedRegion();
    KeSetEvent(&Target->Ready, 0, FALSE);
    Start = KeQueryInterruptTime();
    Target->Status = KeWaitForSingleObject(&Target->Go, Executive, KernelMode,
                                           FALSE, &Timeout);
    Target->WaitTime = KeQueryInterruptTime() - Start;
    if (Target->Region == 1)
        KeLeaveCriticalRegion(); /* held-off APCs run here */
    if (Target->Region == 2)
        KeLeaveGuardedRegion();
}

static PKTHREAD start_target(APC_TARGET *Target, LONG Milliseconds,
                             ULONG Region)
{
    PKTHREAD Thread;

    KeInitializeEvent(&Target->Go, NotificationEvent, FALSE);
    KeInitializeEvent(&Target->Ready, NotificationEvent, FALSE);
    Target->Milliseconds = Milliseconds;
    Target->Region = Region;
    Target->Status = STATUS_PENDING;
    order_count = 0;
    Thread = KtStartThread(apc_target, Target, 12);
    if (Thread != NULL)
        KeWaitForSingleObject(&Target->Ready, Executive, KernelMode, FALSE,
                              NULL);
    return Thread;
}

KTEST(apc_special_interrupts_a_wait_which_resumes_with_the_time_left)
{
    APC_TARGET Target;
    APC_RECORD Special;
    LARGE_INTEGER Pause = KtMilliseconds(100);
    PKTHREAD Thread = start_target(&Target, 300, 0);

    KT_ASSERT(Thread != NULL);
    make_apc(&Special, Thread, 'S', TRUE, KernelMode);
    KeDelayExecutionThread(KernelMode, FALSE, &Pause);
    KT_ASSERT(KeInsertQueueApc(&Special.Apc, NULL, NULL, 0));
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT(Special.Thread == Thread);
    KT_ASSERT_EQ(Special.KernelIrql, APC_LEVEL);
    KT_ASSERT_EQ(Target.Status, STATUS_TIMEOUT); /* not STATUS_KERNEL_APC */
    /* 300 ms in all, not 100 + 300: the wait went on to its due time. */
    KT_ASSERT_MSG(Target.WaitTime >= 3000000 && Target.WaitTime < 3800000,
                  "the wait took %llu", Target.WaitTime);
}

KTEST(apc_normal_runs_its_kernel_routine_then_the_normal_one_at_passive)
{
    APC_TARGET Target;
    APC_RECORD Normal;
    PKTHREAD Thread = start_target(&Target, 2000, 0);

    KT_ASSERT(Thread != NULL);
    make_apc(&Normal, Thread, 'N', FALSE, KernelMode);
    KT_ASSERT(KeInsertQueueApc(&Normal.Apc, NULL, NULL, 0));
    KeSetEvent(&Target.Go, 0, FALSE);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT(Normal.Thread == Thread);
    KT_ASSERT_EQ(Normal.KernelIrql, APC_LEVEL);
    KT_ASSERT_EQ(Normal.NormalIrql, PASSIVE_LEVEL);
    KT_ASSERT_EQ(Target.Status, STATUS_WAIT_0);
    KT_ASSERT_EQ(order_count, 2);
    KT_ASSERT(order[0] == 'N' && order[1] == 'n');
}

KTEST(apc_critical_region_holds_normal_apcs_but_not_special_ones)
{
    APC_TARGET Target;
    APC_RECORD Normal, Special;
    LARGE_INTEGER Pause = KtMilliseconds(30);
    PKTHREAD Thread = start_target(&Target, 2000, 1);
    ULONG SeenBeforeGo;

    KT_ASSERT(Thread != NULL);
    make_apc(&Normal, Thread, 'N', FALSE, KernelMode);
    make_apc(&Special, Thread, 'S', TRUE, KernelMode);
    KeInsertQueueApc(&Normal.Apc, NULL, NULL, 0);
    KeDelayExecutionThread(KernelMode, FALSE, &Pause);
    KeInsertQueueApc(&Special.Apc, NULL, NULL, 0);
    KeDelayExecutionThread(KernelMode, FALSE, &Pause);
    SeenBeforeGo = order_count;
    KeSetEvent(&Target.Go, 0, FALSE);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(SeenBeforeGo, 1); /* the special one only */
    KT_ASSERT_EQ(order_count, 3);
    KT_ASSERT(order[0] == 'S' && order[1] == 'N' && order[2] == 'n');
    KT_ASSERT_EQ(Target.Status, STATUS_WAIT_0);
}

KTEST(apc_guarded_region_holds_all_and_special_ones_go_first)
{
    APC_TARGET Target;
    APC_RECORD Records[4];
    static const CHAR Names[4] = {'A', 'B', 'C', 'D'};
    LARGE_INTEGER Pause = KtMilliseconds(30);
    PKTHREAD Thread = start_target(&Target, 2000, 2);
    ULONG Index, SeenBeforeGo;

    KT_ASSERT(Thread != NULL);
    for (Index = 0; Index < 4; Index++) { /* A, C normal; B, D special */
        make_apc(&Records[Index], Thread, Names[Index], Index % 2 == 1,
                 KernelMode);
        KeInsertQueueApc(&Records[Index].Apc, NULL, NULL, 0);
    }
    KeDelayExecutionThread(KernelMode, FALSE, &Pause);
    SeenBeforeGo = order_count;
    KeSetEvent(&Target.Go, 0, FALSE);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(SeenBeforeGo, 0);
    KT_ASSERT_EQ(order_count, 6);
    KT_ASSERT(order[0] == 'B' && order[1] == 'D' && order[2] == 'A' &&
              order[3] == 'a' && order[4] == 'C' && order[5] == 'c');
}

KTEST(apc_removed_from_the_queue_never_runs)
{
    APC_TARGET Target;
    APC_RECORD Special;
    PKTHREAD Thread = start_target(&Target, 2000, 2);

    KT_ASSERT(Thread != NULL);
    make_apc(&Special, Thread, 'S', TRUE, KernelMode);
    KT_ASSERT(KeInsertQueueApc(&Special.Apc, NULL, NULL, 0));
    KT_ASSERT(!KeInsertQueueApc(&Special.Apc, NULL, NULL, 0)); /* queued */
    KT_ASSERT(KeRemoveQueueApc(&Special.Apc));
    KT_ASSERT(!KeRemoveQueueApc(&Special.Apc));
    KeSetEvent(&Target.Go, 0, FALSE);
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(order_count, 0);
    KT_ASSERT(Special.Thread == NULL);
}

KTEST(apc_to_the_current_thread_runs_before_the_insert_returns)
{
    APC_RECORD Special, Normal;
    PKTHREAD Me = KeGetCurrentThread();

    order_count = 0;
    make_apc(&Special, Me, 'S', TRUE, KernelMode);
    make_apc(&Normal, Me, 'N', FALSE, KernelMode);
    KeEnterCriticalRegion();
    KT_ASSERT(KeAreApcsDisabled());
    KT_ASSERT(KeInsertQueueApc(&Normal.Apc, NULL, NULL, 0));
    KT_ASSERT(KeInsertQueueApc(&Special.Apc, NULL, NULL, 0));
    KT_ASSERT_EQ(order_count, 1); /* the special one ran */
    KeLeaveCriticalRegion();
    KT_ASSERT_EQ(order_count, 3);
    KT_ASSERT(order[0] == 'S' && order[1] == 'N' && order[2] == 'n');
    KT_ASSERT(Special.Thread == Me && Normal.NormalIrql == PASSIVE_LEVEL);
    KeEnterGuardedRegion();
    KT_ASSERT(KeAreAllApcsDisabled());
    KeLeaveGuardedRegion();
    KT_ASSERT(!KeAreAllApcsDisabled());
}

/* A user APC ends an alertable user-mode wait; a thread that ends with
 * user APCs queued runs their rundown routines. */
static VOID NTAPI wait_user_mode(PVOID Context)
{
    APC_TARGET *Target = Context;
    LARGE_INTEGER Timeout = KtMilliseconds(2000);

    KeSetEvent(&Target->Ready, 0, FALSE);
    Target->Status = KeWaitForSingleObject(&Target->Go, UserRequest, UserMode,
                                           TRUE, &Timeout);
}

KTEST(apc_user_ends_an_alertable_user_wait_and_runs_down_at_exit)
{
    APC_TARGET Target;
    APC_RECORD User;
    PKTHREAD Thread;

    KeInitializeEvent(&Target.Go, NotificationEvent, FALSE);
    KeInitializeEvent(&Target.Ready, NotificationEvent, FALSE);
    Target.Status = STATUS_PENDING;
    Thread = KtStartThread(wait_user_mode, &Target, 12);
    KT_ASSERT(Thread != NULL);
    make_apc(&User, Thread, 'U', FALSE, UserMode);
    KT_ASSERT(KeInsertQueueApc(&User.Apc, NULL, NULL, 0));
    KT_ASSERT(KtJoinThread(Thread));
    KT_ASSERT_EQ(Target.Status, STATUS_USER_APC);
    KT_ASSERT_EQ(User.Name, 'R'); /* rundown, never run in kernel mode */
    KT_ASSERT(User.Thread == NULL);
    KT_ASSERT(!User.Apc.Inserted);
}
