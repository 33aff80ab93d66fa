/*
 * Whole programs' lives: exitnow.exe (user/programs/exitnow), a PE image
 * with ntdll and kernel32 bound, a PEB, TEB, heap and handles, made, run
 * and deleted over and over, ends with exactly the free frames and pool
 * bytes it began with. (user_thousand_process_lives_give_everything_back
 * does the same with a one-page program and no image.) External: the boot
 * must carry the user images.
 *
 * The count starts after one warm-up life, as NT's would: the first
 * run may keep what later runs share and NT keeps too (an image's section
 * pages once laid out, a pool tag's tracker entry, the kernel page table
 * that maps a new kernel stack), and those stay for good.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "tests/kernel/kt_ring3.h"

#define LIVES 1000

KTEST_EXTERNAL(user_pe_program_lives_give_everything_back)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    NTSTATUS ExitStatus = STATUS_PENDING;
    ULONGLONG Start, Milliseconds;
    PFN_NUMBER Frames;
    SIZE_T Bytes;
    ULONG Life;

    KT_ASSERT_EQ(KtRunProgram("exitnow.exe", "exitnow", 60, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    Frames = KtUserFreeFrames();
    Bytes = KtUserPoolBytes();
    Start = KeQueryInterruptTime();
    for (Life = 0; Life < LIVES; Life++) {
        ExitStatus = STATUS_PENDING;
        KT_ASSERT_EQ(KtRunProgram("exitnow.exe", "exitnow", 60, &ExitStatus),
                     STATUS_SUCCESS);
        KT_ASSERT_MSG(ExitStatus == STATUS_SUCCESS, "life %lu: exit %lx", Life,
                      (ULONG)ExitStatus);
        if (Life % 100 == 99) /* objects go on the worker: let it keep up */
            KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    }
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    Milliseconds = (KeQueryInterruptTime() - Start) / 10000;
    DbgPrint("user_pe_program_lives: %lu lives of exitnow.exe in %lu ms\n",
             (ULONG)LIVES, (ULONG)Milliseconds);
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
