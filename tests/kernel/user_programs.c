/*
 * Real programs in ring 3: hello.exe, the usertests.exe suite and the
 * system-call fuzzer (user/),
 * started from the boot files under \SystemRoot as the shell's `run`
 * starts them, with ntdll.dll and kernel32.dll. External: the boot must
 * carry the user images (tools/test.sh passes them), so only naming the
 * test runs it. usertests prints a PASS or FAIL line per test of its own
 * and exits with its failure count.
 */
#include "kernel/buddy.h"
#include "kernel/ktest.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "tests/kernel/kt_ring3.h"

static NTSTATUS run_program(PCSTR Image, PCSTR CommandLine,
                            PNTSTATUS ExitStatus)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * 600}; /* 10 m */
    PEPROCESS Process;
    PETHREAD Thread;
    NTSTATUS Status;

    Status =
        PspCreateUserProcess(Image, CommandLine, NULL, NULL, &Process, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    PspStartThread(Thread);
    ObDereferenceObject(Thread);
    Status =
        KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, &Timeout);
    if (Status == STATUS_TIMEOUT)
        PspTerminateProcess(Process, STATUS_TIMEOUT);
    *ExitStatus = Process->ExitStatus;
    ObDereferenceObject(Process);
    return Status;
}

KTEST_EXTERNAL(user_programs_hello_and_usertests)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    NTSTATUS ExitStatus = STATUS_PENDING;

    KT_ASSERT_EQ(run_program("hello.exe", "hello one two", &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(run_program("usertests.exe", "usertests", &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_MSG(ExitStatus == 0, "usertests: %lu failed", (ULONG)ExitStatus);
    /* 100,000 random services from ring 3 (fuzz prints its seed): no
     * stop, and the page allocator's books still balance. */
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(run_program("fuzz.exe", "fuzz 100000", &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
    {
        MI_BUDDY_CHECK Check;
        KIRQL OldIrql;
        BOOLEAN Sound;

        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        Sound = MiBuddyCheck(&MiBuddy, &Check);
        KeLowerIrql(OldIrql);
        KT_ASSERT_MSG(Sound, "buddy check: %s at frame %lx",
                      MiBuddyProblemName(Check.Problem), (ULONG)Check.Frame);
    }
    /* A missing program and a DLL are refused with NT's statuses. */
    KT_ASSERT_EQ(run_program("nosuch.exe", "nosuch", &ExitStatus),
                 STATUS_DLL_NOT_FOUND);
    KT_ASSERT_EQ(run_program("kernel32.dll", "kernel32", &ExitStatus),
                 STATUS_INVALID_IMAGE_FORMAT);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
