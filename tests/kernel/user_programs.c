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

/* The frame behind Va in Process, or MI_NO_PAGE. */
static PFN_NUMBER frame_in(PEPROCESS Process, ULONG Va)
{
    PFN_NUMBER Frame = MI_NO_PAGE;
    KAPC_STATE ApcState;
    ULONG Protection;

    KeStackAttachProcess(&Process->Pcb, &ApcState);
    if (!MiQueryPage((PVOID)Va, &Frame, &Protection))
        Frame = MI_NO_PAGE;
    KeUnstackDetachProcess(&ApcState);
    return Frame;
}

/* Two processes running one program share its code and ntdll's: the same
 * frames behind the same addresses (image sections). */
static VOID check_shared_images(KTEST_CONTEXT *KtContext_)
{
    PEPROCESS First = NULL, Second = NULL;
    PETHREAD FirstThread = NULL, SecondThread = NULL;
    ULONG Code = 0x400000 + PAGE_SIZE, NtdllCode = 0x7C900000 + PAGE_SIZE;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateUserProcess("hello.exe", "hello", NULL, NULL, &First,
                                      &FirstThread),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(PspCreateUserProcess("hello.exe", "hello", NULL, NULL, &Second,
                                      &SecondThread),
                 STATUS_SUCCESS);
    KT_ASSERT(frame_in(First, Code) != MI_NO_PAGE);
    KT_ASSERT_EQ(frame_in(First, Code), frame_in(Second, Code));
    KT_ASSERT_EQ(frame_in(First, NtdllCode), frame_in(Second, NtdllCode));
    KT_CLEANUP;
    /* Never started: their objects go with the references. */
    if (FirstThread != NULL)
        ObDereferenceObject(FirstThread);
    if (SecondThread != NULL)
        ObDereferenceObject(SecondThread);
    if (First != NULL)
        ObDereferenceObject(First);
    if (Second != NULL)
        ObDereferenceObject(Second);
}

KTEST_EXTERNAL(user_programs_hello_and_usertests)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    NTSTATUS ExitStatus = STATUS_PENDING;

    check_shared_images(KtContext_);
    KT_ASSERT_EQ(KtRunProgram("hello.exe", "hello one two", 600, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(KtRunProgram("usertests.exe", "usertests", 600, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_MSG(ExitStatus == 0, "usertests: %lu failed", (ULONG)ExitStatus);
    /* 100,000 random services from ring 3 (fuzz prints its seed): no
     * stop, and the page allocator's books still balance. */
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(KtRunProgram("fuzz.exe", "fuzz 100000", 600, &ExitStatus),
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
    KT_ASSERT_EQ(KtRunProgram("nosuch.exe", "nosuch", 600, &ExitStatus),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtRunProgram("kernel32.dll", "kernel32", 600, &ExitStatus),
                 STATUS_INVALID_IMAGE_FORMAT);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
