/*
 * The sample drivers with their programs, as a user would run them: each
 * driver loaded through NtLoadDriver from its boot file, its program run
 * in ring 3, the driver unloaded; a process killed while it waits inside
 * a driver (its request cancelled, nothing of it left); 1,000 loads and
 * unloads that leave no pool, frame, object or name behind. External: the boot
 * must carry the drivers and the user images (tools/test.sh passes them).
 */
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "tests/kernel/kt_image.h"
#include "tests/kernel/kt_ring3.h"

/* Starts devtest waiting inside the driver, then ends the process. */
static NTSTATUS kill_mid_ioctl(VOID)
{
    LARGE_INTEGER Delay = {.QuadPart = -10LL * 1000 * 500};
    PEPROCESS Process;
    PETHREAD Thread;
    NTSTATUS Status;

    Status = PspCreateUserProcess("devtest.exe", "devtest hang_in_a_wait", NULL,
                                  NULL, &Process, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    PspStartThread(Thread);
    ObDereferenceObject(Thread);
    KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    PspTerminateProcess(Process, STATUS_UNSUCCESSFUL);
    Status = KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Process);
    return Status;
}

KTEST_EXTERNAL(driver_samples_with_their_programs)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    LONG Irps = IopCounters.IrpsAllocated, Files = IopCounters.FileObjects;
    LONG Drivers = IopDriverObjectType->TotalNumberOfObjects;
    LONG Devices = IopDeviceObjectType->TotalNumberOfObjects;
    PFN_NUMBER Frames;
    SIZE_T Bytes;
    NTSTATUS ExitStatus = STATUS_PENDING;
    ULONG Round;

    KT_ASSERT_EQ(KtLoadDriverService(u"ioctl", FALSE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtLoadDriverService(u"ioctl", FALSE),
                 STATUS_IMAGE_ALREADY_LOADED);
    KT_ASSERT_EQ(KtRunProgram("devtest.exe", "devtest", 120, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_MSG(ExitStatus == 0, "devtest: %lu failed", (ULONG)ExitStatus);
    KT_ASSERT_EQ(KtLoadDriverService(u"filter", FALSE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtRunProgram("devtest.exe",
                              "devtest filter_counts_what_passes "
                              "each_method_reverses_the_input "
                              "refused_requests_never_reach_the_driver",
                              120, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_MSG(ExitStatus == 0, "devtest with the filter: %lu failed",
                  (ULONG)ExitStatus);
    KT_ASSERT_EQ(KtLoadDriverService(u"filter", TRUE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtLoadDriverService(u"shared", FALSE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtRunProgram("sharedtest.exe", "sharedtest", 120, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_MSG(ExitStatus == 0, "sharedtest: %lu failed", (ULONG)ExitStatus);
    KT_ASSERT_EQ(KtLoadDriverService(u"shared", TRUE), STATUS_SUCCESS);
    /* Killed while its request waits in the driver: the request is
     * cancelled, and nothing of it stays. */
    Frames = KtUserFreeFrames();
    Bytes = KtUserPoolBytes();
    KT_ASSERT_EQ(kill_mid_ioctl(), STATUS_SUCCESS);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(IopCounters.IrpsAllocated, Irps);
    KT_ASSERT_EQ(IopCounters.FileObjects, Files);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtLoadDriverService(u"ioctl", TRUE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtLoadDriverService(u"ioctl", TRUE),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtLoadDriverService(u"nosuchdriver", FALSE),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtLoadDriverService(u"Console", TRUE),
                 STATUS_INVALID_DEVICE_REQUEST);
    /* Pool and frames across the rounds alone. */
    Frames = KtUserFreeFrames();
    Bytes = KtUserPoolBytes();
    for (Round = 0; Round < 1000; Round++) {
        NTSTATUS Loaded = KtLoadDriverService(u"ioctl", FALSE),
                 Unloaded = KtLoadDriverService(u"ioctl", TRUE);

        KT_ASSERT_MSG(Loaded == STATUS_SUCCESS && Unloaded == STATUS_SUCCESS,
                      "round %lu: load %08lx, unload %08lx", Round,
                      (ULONG)Loaded, (ULONG)Unloaded);
    }
    KT_ASSERT_EQ(IopDriverObjectType->TotalNumberOfObjects, Drivers);
    KT_ASSERT_EQ(IopDeviceObjectType->TotalNumberOfObjects, Devices);
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
