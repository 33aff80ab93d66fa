/*
 * The sample drivers (drivers/samples/ioctl, filter) under full
 * verification with low-resources simulation, seed after seed: booted
 * with verifier_flags=3F (every check: special pool, forced IRQL
 * checking, low resources, pool tracking, I/O checks, deadlock
 * detection) by tools/test.sh, with the boot files (KTEST_EXTERNAL).
 * Each round loads both drivers verified, drives them from kernel
 * handles (the four methods, the inverted call, a cleanup that cancels),
 * and unloads them: every request ends with its result or a failure
 * status, no check stops the machine, and nothing stays behind.
 */
#include "drivers/samples/ioctl/ntmini_ioctl.h"
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "kernel/verifier.h"
#include "kernel/verifier_fault.h"
#include "tests/kernel/kt_image.h"
#include "tests/kernel/kt_io_driver.h"
#include "tests/kernel/kt_ring3.h"

#define ROUNDS 8
#define FAULT_RATE 3000 /* in 10,000: most rounds see several failures */

static NTSTATUS ioctl(HANDLE Handle, ULONG Code, PVOID In, ULONG InLength,
                      PVOID Out, ULONG OutLength, PIO_STATUS_BLOCK Iosb)
{
    return ZwDeviceIoControlFile(Handle, NULL, NULL, NULL, Iosb, Code, In,
                                 InLength, Out, OutLength);
}

/* The four methods: reversed, or refused for want of resources. */
static BOOLEAN reverse_each_method(HANDLE Handle, PULONG Succeeded,
                                   PULONG Failed)
{
    static const CHAR Input[] = "verifier";
    ULONG Method;

    for (Method = METHOD_BUFFERED; Method <= METHOD_NEITHER; Method++) {
        CHAR Output[8];
        IO_STATUS_BLOCK Iosb;
        NTSTATUS Status;
        ULONG Index;

        RtlFillMemory(Output, sizeof(Output), '?');
        Status = ioctl(Handle, IOCTL_NTMINI_REVERSE(Method), (PVOID)Input, 8,
                       Output, sizeof(Output), &Iosb);
        if (Status == STATUS_INSUFFICIENT_RESOURCES) {
            (*Failed)++;
            continue;
        }
        if (Status != STATUS_SUCCESS || Iosb.Information != 8) {
            DbgPrint("method %lu: status %08lx, %lu bytes\n", Method,
                     (ULONG)Status, (ULONG)Iosb.Information);
            return FALSE;
        }
        for (Index = 0; Index < 8; Index++)
            if (Output[Index] != Input[7 - Index])
                return FALSE;
        (*Succeeded)++;
    }
    return TRUE;
}

/* The inverted call through the filter: a WAIT pends (marked at both
 * locations), a SEND completes it; a second WAIT ends with the handle's
 * cleanup, cancelled. */
static BOOLEAN inverted_call(HANDLE Sync)
{
    CHAR Message[NTMINI_MESSAGE_SIZE];
    IO_STATUS_BLOCK WaitIosb, SendIosb;
    HANDLE Async, Event;
    NTSTATUS Status;
    BOOLEAN Ok = FALSE;

    if (!NT_SUCCESS(KtIoOpen(u"\\Device\\NtMiniIoctl", 0, &Async)))
        return FALSE;
    if (!NT_SUCCESS(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, NULL,
                                  NotificationEvent, FALSE))) {
        ZwClose(Async);
        return FALSE;
    }
    Status = ZwDeviceIoControlFile(Async, Event, NULL, NULL, &WaitIosb,
                                   IOCTL_NTMINI_WAIT, NULL, 0, Message,
                                   sizeof(Message));
    if (Status == STATUS_PENDING &&
        ioctl(Sync, IOCTL_NTMINI_SEND, "hello", 5, NULL, 0, &SendIosb) ==
            STATUS_SUCCESS &&
        ZwWaitForSingleObject(Event, FALSE, NULL) == STATUS_SUCCESS &&
        WaitIosb.Status == STATUS_SUCCESS && WaitIosb.Information == 5 &&
        RtlCompareMemory(Message, "hello", 5) == 5) {
        ZwClearEvent(Event);
        Status = ZwDeviceIoControlFile(Async, Event, NULL, NULL, &WaitIosb,
                                       IOCTL_NTMINI_WAIT, NULL, 0, Message,
                                       sizeof(Message));
        ZwClose(Async);
        Async = NULL;
        Ok = Status == STATUS_PENDING &&
             ZwWaitForSingleObject(Event, FALSE, NULL) == STATUS_SUCCESS &&
             WaitIosb.Status == STATUS_CANCELLED;
    }
    if (Async != NULL)
        ZwClose(Async);
    ZwClose(Event);
    return Ok;
}

static BOOLEAN outstanding_none(PCSTR Name)
{
    VF_DRIVER_INFORMATION Information;
    ULONG Index;

    for (Index = 0; VfQueryDriver(Index, &Information); Index++)
        if (strcmp(Information.Name, Name) == 0)
            return Information.Outstanding == 0;
    return FALSE;
}

KTEST_EXTERNAL(verifier_samples_fail_gracefully_under_low_resources)
{
    KT_CLEANUP_SECTION;
    LONG Irps = IopCounters.IrpsAllocated, Files = IopCounters.FileObjects;
    SIZE_T Bytes = 0;
    ULONG Seed = (ULONG)KeQueryInterruptTime() | 1, Round;
    ULONG Succeeded = 0, Failed = 0;
    BOOLEAN Ioctl = FALSE, Filter = FALSE;
    HANDLE Handle = NULL;
    VF_FAULT_INFORMATION Faults;

    KT_ASSERT_EQ(VfGetFlags(), DRIVER_VERIFIER_SPECIAL_POOLING |
                                   DRIVER_VERIFIER_FORCE_IRQL_CHECKING |
                                   DRIVER_VERIFIER_INJECT_ALLOCATION_FAILURES |
                                   DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS |
                                   DRIVER_VERIFIER_IO_CHECKING |
                                   DRIVER_VERIFIER_DEADLOCK_DETECTION);
    KT_ASSERT_EQ(VfAddDriver("ioctl.sys"), STATUS_SUCCESS);
    KT_ASSERT_EQ(VfAddDriver("filter.sys"), STATUS_SUCCESS);
    for (Round = 0; Round < ROUNDS; Round++, Seed = Seed * 1103515245 + 12345) {
        ULONG Index;

        DbgPrint("round %lu: verifier_seed=%lx\n", Round, Seed);
        VfSetFaultInjection(Seed, FAULT_RATE, 0);
        KT_ASSERT_EQ(KtLoadDriverService(u"ioctl", FALSE), STATUS_SUCCESS);
        Ioctl = TRUE;
        KT_ASSERT_EQ(KtLoadDriverService(u"filter", FALSE), STATUS_SUCCESS);
        Filter = TRUE;
        KT_ASSERT_EQ(KtIoOpen(u"\\Device\\NtMiniIoctl",
                              FILE_SYNCHRONOUS_IO_NONALERT, &Handle),
                     STATUS_SUCCESS);
        for (Index = 0; Index < 4; Index++)
            KT_ASSERT_MSG(reverse_each_method(Handle, &Succeeded, &Failed),
                          "seed %lx: a reversal went wrong", Seed);
        KT_ASSERT_MSG(inverted_call(Handle), "seed %lx: the inverted call",
                      Seed);
        ZwClose(Handle);
        Handle = NULL;
        VfQueryFaultInjection(&Faults);
        DbgPrint("  pool: %lu attempts, %lu failed; mappings: %lu, %lu\n",
                 Faults.Routines[ViFaultPool].Attempts,
                 Faults.Routines[ViFaultPool].Failures,
                 Faults.Routines[ViFaultMapLockedPages].Attempts,
                 Faults.Routines[ViFaultMapLockedPages].Failures);
        KT_ASSERT(outstanding_none("ioctl.sys"));
        KT_ASSERT(outstanding_none("filter.sys"));
        KT_ASSERT_EQ(KtLoadDriverService(u"filter", TRUE), STATUS_SUCCESS);
        Filter = FALSE;
        KT_ASSERT_EQ(KtLoadDriverService(u"ioctl", TRUE), STATUS_SUCCESS);
        Ioctl = FALSE;
        KT_ASSERT_EQ(IopCounters.IrpsAllocated, Irps);
        KT_ASSERT_EQ(IopCounters.FileObjects, Files);
        /* The first round leaves what the first use of each path keeps
         * (names, caches); from there each round leaves nothing. */
        if (Round == 0)
            Bytes = KtUserPoolBytes();
        KT_ASSERT_MSG(KtUserPoolBytes() == Bytes,
                      "seed %lx: %lu bytes of pool left", Seed,
                      (ULONG)(KtUserPoolBytes() - Bytes));
    }
    /* The simulation did fail requests, and not all of them. */
    DbgPrint("%lu requests done, %lu refused for want of resources\n",
             Succeeded, Failed);
    KT_ASSERT(Failed != 0);
    KT_ASSERT(Succeeded != 0);
    KT_CLEANUP;
    if (Handle != NULL)
        ZwClose(Handle);
    if (Filter)
        KtLoadDriverService(u"filter", TRUE);
    if (Ioctl)
        KtLoadDriverService(u"ioctl", TRUE);
    VfRemoveDriver("filter.sys");
    VfRemoveDriver("ioctl.sys");
    VfSetFaultInjection(1, 0, 0);
}
