/*
 * The inverted call: IOCTL_NTMINI_WAIT requests wait in the driver until
 * an IOCTL_NTMINI_SEND brings them data, the way a driver with events to
 * report hands them to a program that keeps requests outstanding. And,
 * with the filter sample loaded, the filter's counts of what went
 * through it.
 */
#include "devtests.h"
#include "ntdll.h"

static HANDLE open_overlapped(void)
{
    return CreateFileA(DEVTEST_DEVICE_NAME, GENERIC_READ | GENERIC_WRITE, 0,
                       NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
}

/* A WAIT on Device, pending; FALSE when it did not pend. */
static BOOL start_wait(HANDLE Device, OVERLAPPED *Overlapped, PCHAR Buffer,
                       DWORD Size)
{
    memset(Overlapped, 0, sizeof(*Overlapped));
    Overlapped->hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    return Overlapped->hEvent != NULL &&
           !DeviceIoControl(Device, IOCTL_NTMINI_WAIT, NULL, 0, Buffer, Size,
                            NULL, Overlapped) &&
           GetLastError() == ERROR_IO_PENDING;
}

void inverted_call_completes_a_waiting_request(void)
{
    char Message[NTMINI_MESSAGE_SIZE] = {0};
    OVERLAPPED Overlapped;
    HANDLE Waiter;
    DWORD Bytes = 0;

    CHECK_DEVICE();
    Waiter = open_overlapped();
    CHECK(Waiter != INVALID_HANDLE_VALUE);
    CHECK(start_wait(Waiter, &Overlapped, Message, sizeof(Message)));
    CHECK_EQ(WaitForSingleObject(Overlapped.hEvent, 0), WAIT_TIMEOUT);
    CHECK(DeviceIoControl(dt_device, IOCTL_NTMINI_SEND, "hello", 5, NULL, 0,
                          &Bytes, NULL));
    CHECK_EQ(Bytes, 5);
    CHECK(GetOverlappedResult(Waiter, &Overlapped, &Bytes, TRUE));
    CHECK_EQ(Bytes, 5);
    CHECK(memcmp(Message, "hello", 5) == 0);
    CloseHandle(Overlapped.hEvent);
    CloseHandle(Waiter);
}

void inverted_call_with_nobody_waiting_is_not_ready(void)
{
    DWORD Bytes;

    CHECK_DEVICE();
    CHECK(!DeviceIoControl(dt_device, IOCTL_NTMINI_SEND, "x", 1, NULL, 0,
                           &Bytes, NULL));
    CHECK_EQ(GetLastError(), ERROR_NOT_READY);
}

void inverted_call_waits_end_when_their_handle_closes(void)
{
    char Message[8];
    OVERLAPPED Overlapped;
    HANDLE Waiter, Event;
    DWORD Bytes;

    CHECK_DEVICE();
    Waiter = open_overlapped();
    CHECK(Waiter != INVALID_HANDLE_VALUE);
    CHECK(start_wait(Waiter, &Overlapped, Message, sizeof(Message)));
    Event = Overlapped.hEvent;
    CloseHandle(Waiter);
    CHECK_EQ(WaitForSingleObject(Event, 1000), WAIT_OBJECT_0);
    CHECK_EQ(Overlapped.Internal, (ULONG_PTR)STATUS_CANCELLED);
    /* Nothing is left waiting: a send finds nobody. */
    CHECK(!DeviceIoControl(dt_device, IOCTL_NTMINI_SEND, "x", 1, NULL, 0,
                           &Bytes, NULL));
    CloseHandle(Event);
}

void filter_counts_what_passes(void)
{
    LONG Before[2], After[2];
    UCHAR In[4] = {1, 2, 3, 4}, Out[4];
    DWORD Bytes;

    CHECK_DEVICE();
    CHECK(DeviceIoControl(dt_device, IOCTL_NTMINI_FILTER_COUNT, NULL, 0, Before,
                          sizeof(Before), &Bytes, NULL));
    CHECK_EQ(Bytes, sizeof(Before));
    CHECK(DeviceIoControl(dt_device, IOCTL_NTMINI_BUFFERED, In, 4, Out, 4,
                          &Bytes, NULL));
    CHECK_EQ(Out[0], 4);
    CHECK(DeviceIoControl(dt_device, IOCTL_NTMINI_FILTER_COUNT, NULL, 0, After,
                          sizeof(After), &Bytes, NULL));
    CHECK_EQ(After[0], Before[0] + 1);
    CHECK_EQ(After[1], Before[1] + 1);
}

/* Blocks in the driver until the process is ended from outside: the
 * kernel's test kills it mid-IOCTL and counts what comes back. */
void hang_in_a_wait(void)
{
    char Message[8];
    DWORD Bytes;

    CHECK_DEVICE();
    printf("devtest: waiting in the driver\n");
    DeviceIoControl(dt_device, IOCTL_NTMINI_WAIT, NULL, 0, Message,
                    sizeof(Message), &Bytes, NULL);
    dt_fail(__FILE__, __LINE__, "the wait ended without a sender");
}

static volatile LONG apc_runs;
static PIO_STATUS_BLOCK apc_iosb;
static PVOID apc_context;

static VOID NTAPI note_apc(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                           ULONG Reserved)
{
    (void)Reserved;
    apc_context = ApcContext;
    apc_iosb = IoStatusBlock;
    apc_runs++;
}

/* NtDeviceIoControlFile's ApcRoutine: queued to this thread when the
 * request completes, run by the next alertable wait, with the request's
 * status block. */
void apc_routine_runs_when_the_request_completes(void)
{
    static IO_STATUS_BLOCK Iosb;
    char Message[8] = {0};
    HANDLE Waiter;
    DWORD Bytes;
    NTSTATUS Status;

    CHECK_DEVICE();
    Waiter = CreateFileA(DEVTEST_DEVICE_NAME, GENERIC_READ | GENERIC_WRITE, 0,
                         NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    CHECK(Waiter != INVALID_HANDLE_VALUE);
    apc_runs = 0;
    Status = NtDeviceIoControlFile(Waiter, NULL, note_apc, (PVOID)0x1234, &Iosb,
                                   IOCTL_NTMINI_WAIT, NULL, 0, Message,
                                   sizeof(Message));
    CHECK_EQ(Status, STATUS_PENDING);
    CHECK(DeviceIoControl(dt_device, IOCTL_NTMINI_SEND, "apc", 3, NULL, 0,
                          &Bytes, NULL));
    /* Not before an alertable wait. */
    CHECK_EQ(apc_runs, 0);
    CHECK_EQ(SleepEx(1000, TRUE), WAIT_IO_COMPLETION);
    CHECK_EQ(apc_runs, 1);
    CHECK(apc_context == (PVOID)0x1234);
    CHECK(apc_iosb == &Iosb);
    CHECK_EQ(Iosb.Status, STATUS_SUCCESS);
    CHECK_EQ(Iosb.Information, 3);
    CHECK(memcmp(Message, "apc", 3) == 0);
    CloseHandle(Waiter);
}
