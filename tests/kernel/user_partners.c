/*
 * Two real programs in ring 3 at once, meeting by name: partner.exe
 * (user/programs/partner) "first" makes a named section and two named
 * events, "second" opens them; a value goes one way through the shared
 * view and its complement comes back, each side woken by the other's
 * event. The second is started first, so it also finds the names absent
 * and waits for them. The second pair, after the first warmed the image
 * cache, gives back every frame and pool byte. External: the boot must
 * carry the user images.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "tests/kernel/kt_ring3.h"

KTEST_EXTERNAL(user_two_programs_share_a_section_and_events_by_name)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = 0;
    SIZE_T Bytes = 0;
    NTSTATUS FirstExit = STATUS_PENDING, SecondExit = STATUS_PENDING;
    PEPROCESS First = NULL, Second = NULL;
    ULONG Round;

    /* Twice: the names are gone with the last handle, so a second pair
     * with the same tag starts from nothing again. */
    for (Round = 0; Round < 2; Round++) {
        KT_ASSERT_EQ(KtStartProgram("partner.exe", "partner second kt 5EC7104A",
                                    &Second),
                     STATUS_SUCCESS);
        KT_ASSERT_EQ(
            KtStartProgram("partner.exe", "partner first kt 5EC7104A", &First),
            STATUS_SUCCESS);
        KT_ASSERT_EQ(KtWaitForProgram(First, 60, &FirstExit), STATUS_SUCCESS);
        KT_ASSERT_EQ(KtWaitForProgram(Second, 60, &SecondExit), STATUS_SUCCESS);
        KT_ASSERT_MSG(FirstExit == 0x11, "first: exit %lu", (ULONG)FirstExit);
        KT_ASSERT_MSG(SecondExit == 0x22, "second: exit %lu",
                      (ULONG)SecondExit);
        KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
        if (Round == 0) {
            Frames = KtUserFreeFrames();
            Bytes = KtUserPoolBytes();
        }
    }
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
