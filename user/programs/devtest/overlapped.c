/*
 * Overlapped requests on a handle opened with FILE_FLAG_OVERLAPPED: the
 * OVERLAPPED is the request's status block; DeviceIoControl either
 * completes at once (TRUE, the bytes given) or fails with
 * ERROR_IO_PENDING; either way the event (or, without one, the file) is
 * signalled at completion and GetOverlappedResult gives the bytes.
 */
#include "devtests.h"

static HANDLE open_overlapped(void)
{
    return CreateFileA(DEVTEST_DEVICE_NAME, GENERIC_READ | GENERIC_WRITE, 0,
                       NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
}

#define CHECK_OPENED(Device)                                                   \
    do {                                                                       \
        if ((Device) == INVALID_HANDLE_VALUE) {                                \
            char Why_[80];                                                     \
                                                                               \
            snprintf(Why_, sizeof(Why_),                                       \
                     "CreateFile for overlapped I/O failed with error %lu",    \
                     GetLastError());                                          \
            dt_fail(__FILE__, __LINE__, Why_);                                 \
            return;                                                            \
        }                                                                      \
    } while (0)

/* One overlapped request of method dt_method through Overlapped (its
 * hEvent set by the caller), checked to the end. */
static const char *overlapped_reverse(HANDLE Device, LPOVERLAPPED Overlapped,
                                      HANDLE Event)
{
    static char why[128];
    UCHAR In[48], Out[40];
    DWORD Returned = 0xDEADBEEF, Bytes = 0;
    ULONG Index;

    for (Index = 0; Index < sizeof(In); Index++)
        In[Index] = dt_pattern(Index);
    memset(Out, DT_CANARY, sizeof(Out));
    Overlapped->Internal = Overlapped->InternalHigh = 0xDEADBEEF;
    Overlapped->Offset = Overlapped->OffsetHigh = 0;
    if (Event != NULL && !ResetEvent(Event))
        return "ResetEvent failed";
    if (DeviceIoControl(Device, IOCTL_NTMINI_REVERSE((ULONG)dt_method), In, 48,
                        Out, 40, &Returned, Overlapped)) {
        if (Returned != 40)
            return "completed at once with the wrong byte count";
    } else if (GetLastError() != ERROR_IO_PENDING) {
        snprintf(why, sizeof(why), "error %lu", GetLastError());
        return why;
    }
    if (!GetOverlappedResult(Device, Overlapped, &Bytes, TRUE)) {
        snprintf(why, sizeof(why), "GetOverlappedResult: error %lu",
                 GetLastError());
        return why;
    }
    if (Bytes != 40 || Overlapped->InternalHigh != 40)
        return "wrong byte count";
    if (Overlapped->Internal != (ULONG_PTR)STATUS_SUCCESS)
        return "Internal is not STATUS_SUCCESS";
    if (Event != NULL && WaitForSingleObject(Event, 0) != WAIT_OBJECT_0)
        return "the event was not set";
    for (Index = 0; Index < 40; Index++)
        if (Out[Index] != dt_pattern(39 - Index))
            return "the output is not the input reversed";
    return NULL;
}

#define CHECK_OVERLAPPED(Device, Overlapped, Event)                            \
    do {                                                                       \
        const char *Why_ = overlapped_reverse(Device, Overlapped, Event);      \
        if (Why_ != NULL) {                                                    \
            dt_fail(__FILE__, __LINE__, Why_);                                 \
            return;                                                            \
        }                                                                      \
    } while (0)

void overlapped_request_with_an_event(void)
{
    HANDLE Device = open_overlapped();
    HANDLE Event = CreateEventA(NULL, TRUE, FALSE, NULL);
    OVERLAPPED Overlapped;
    PUCHAR Page;
    UCHAR In[8] = {0};
    DWORD Old, Returned;

    CHECK_OPENED(Device);
    CHECK(Event != NULL);
    memset(&Overlapped, 0, sizeof(Overlapped));
    for (dt_method = 0; dt_method < 4; dt_method++) {
        Overlapped.hEvent = Event;
        CHECK_OVERLAPPED(Device, &Overlapped, Event);
        /* The low bit only says "no completion port". */
        Overlapped.hEvent = (HANDLE)((ULONG_PTR)Event | 1);
        CHECK_OVERLAPPED(Device, &Overlapped, Event);
    }
    /* A buffer refused before any IRP: the call itself fails. */
    dt_method = METHOD_BUFFERED;
    Page = VirtualAlloc(NULL, PAGE_SIZE_BYTES, MEM_RESERVE | MEM_COMMIT,
                        PAGE_READWRITE);
    CHECK(Page != NULL);
    CHECK(VirtualProtect(Page, PAGE_SIZE_BYTES, PAGE_READONLY, &Old));
    Overlapped.hEvent = Event;
    CHECK(!DeviceIoControl(Device, IOCTL_NTMINI_BUFFERED, In, 8, Page, 8,
                           &Returned, &Overlapped));
    CHECK_EQ(GetLastError(), ERROR_NOACCESS);
    dt_method = -1;
    CHECK(VirtualFree(Page, 0, MEM_RELEASE));
    CHECK(CloseHandle(Event));
    CHECK(CloseHandle(Device));
}

/* No event: GetOverlappedResult waits for the file object itself. */
void overlapped_request_without_an_event(void)
{
    HANDLE Device = open_overlapped();
    OVERLAPPED Overlapped;

    CHECK_OPENED(Device);
    memset(&Overlapped, 0, sizeof(Overlapped));
    for (dt_method = 0; dt_method < 4; dt_method++)
        CHECK_OVERLAPPED(Device, &Overlapped, NULL);
    dt_method = -1;
    CHECK(CloseHandle(Device));
}
