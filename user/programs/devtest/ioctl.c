/*
 * The four methods, synchronously: the driver's answer (devtest.h) for
 * buffers of every shape, and the statuses the I/O manager gives the
 * caller, not the driver, for buffers it cannot use: an output the caller
 * may not write (BUFFERED: the I/O manager writes it; OUT_DIRECT: the MDL
 * is probed for write; NEITHER: the driver's own probe), and buffers
 * that are not mapped at all (any method, either buffer).
 */
#include "devtests.h"
#include "ntdll.h"

#define METHODS 4

HANDLE dt_device;
static DWORD open_error;

HANDLE dt_open(void)
{
    HANDLE Handle;

    if (dt_device != NULL)
        return dt_device;
    Handle = CreateFileA(DEVTEST_DEVICE_NAME, GENERIC_READ | GENERIC_WRITE, 0,
                         NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (Handle != INVALID_HANDLE_VALUE)
        dt_device = Handle;
    else
        open_error = GetLastError();
    return dt_device;
}

const char *dt_open_failure(void)
{
    static char why[96];

    snprintf(why, sizeof(why), "CreateFile(%s) failed with error %lu",
             DEVTEST_DEVICE_NAME, open_error);
    return why;
}

/* "ping", "ping", ... with the group number added, so that no stretch
 * reads the same reversed. */
UCHAR dt_pattern(ULONG Index)
{
    return (UCHAR)("ping"[Index % 4] + Index / 4);
}

const char *dt_reverse(ULONG Method, PUCHAR In, ULONG InLength, PUCHAR Out,
                       ULONG OutLength)
{
    static char why[160];
    ULONG Count = InLength < OutLength ? InLength : OutLength, Index;
    DWORD Returned = 0xDEADBEEF;

    for (Index = 0; Index < InLength; Index++)
        In[Index] = dt_pattern(Index);
    for (Index = 0; Index < OutLength; Index++)
        Out[Index] = DT_CANARY;
    SetLastError(ERROR_SUCCESS);
    if (!DeviceIoControl(dt_device, IOCTL_NTMINI_REVERSE(Method), In, InLength,
                         Out, OutLength, &Returned, NULL)) {
        snprintf(why, sizeof(why), "in %lu, out %lu: error %lu", InLength,
                 OutLength, GetLastError());
        return why;
    }
    if (Returned != Count) {
        snprintf(why, sizeof(why), "in %lu, out %lu: %lu bytes returned",
                 InLength, OutLength, Returned);
        return why;
    }
    for (Index = 0; Index < OutLength; Index++) {
        UCHAR Expected =
            Index < Count ? dt_pattern(Count - 1 - Index) : DT_CANARY;

        if (Out[Index] != Expected) {
            snprintf(why, sizeof(why),
                     "in %lu, out %lu: output byte %lu is %02x, expected %02x",
                     InLength, OutLength, Index, Out[Index], Expected);
            return why;
        }
    }
    for (Index = 0; Index < InLength; Index++)
        if (In[Index] != dt_pattern(Index)) {
            snprintf(why, sizeof(why), "in %lu: input byte %lu changed",
                     InLength, Index);
            return why;
        }
    return NULL;
}

void missing_device_is_file_not_found(void)
{
    HANDLE Handle = CreateFileA(DEVTEST_MISSING_DEVICE_NAME, GENERIC_READ, 0,
                                NULL, OPEN_EXISTING, 0, NULL);

    CHECK(Handle == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
}

void open_the_device(void)
{
    HANDLE Wide;

    CHECK_DEVICE();
    /* The UTF-16 entry and the //./ spelling reach the same device. */
    Wide = CreateFileW(L"//./NtMiniIoctl", GENERIC_READ, 0, NULL, OPEN_EXISTING,
                       0, NULL);
    CHECK(Wide != INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_SUCCESS);
    CHECK(CloseHandle(Wide));
}

void each_method_reverses_the_input(void)
{
    UCHAR In[16], Out[16];

    CHECK_DEVICE();
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        CHECK_REVERSE(In, 16, Out, 16);
        CHECK_REVERSE(In, 1, Out, 1);
        CHECK_REVERSE(In, 3, Out, 3);
    }
}

void zero_length_buffers(void)
{
    UCHAR In[8], Out[8];

    CHECK_DEVICE();
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        CHECK_REVERSE(NULL, 0, NULL, 0);
        CHECK_REVERSE(In, 4, NULL, 0);
        CHECK_REVERSE(NULL, 0, Out, 8);
        CHECK_REVERSE(In, 0, Out, 8);
        CHECK_REVERSE(In, 8, Out, 0);
    }
}

void unequal_lengths_return_the_shorter(void)
{
    UCHAR In[64], Out[64];

    CHECK_DEVICE();
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        CHECK_REVERSE(In, 16, Out, 8);
        CHECK_REVERSE(In, 8, Out, 16);
        CHECK_REVERSE(In, 1, Out, 64);
        CHECK_REVERSE(In, 64, Out, 1);
        CHECK_REVERSE(In, 63, Out, 61);
    }
}

/* Buffers across a page boundary, in two pages committed together: an
 * MDL of two pages, a copy across the boundary. */
void page_straddling_buffers(void)
{
    PUCHAR Region = VirtualAlloc(NULL, 4 * PAGE_SIZE_BYTES,
                                 MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    PUCHAR In, Out;

    CHECK_DEVICE();
    CHECK(Region != NULL);
    In = Region + PAGE_SIZE_BYTES - 37;
    Out = Region + 3 * PAGE_SIZE_BYTES - 50;
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        CHECK_REVERSE(In, 100, Out, 100);
        CHECK_REVERSE(In, 37, Out, 51);
        CHECK_REVERSE(In, 38, Out, 50);
        CHECK_REVERSE(Region + PAGE_SIZE_BYTES - 1, 2, Out, 100);
    }
    dt_method = -1;
    CHECK(VirtualFree(Region, 0, MEM_RELEASE));
}

void large_buffers(void)
{
    ULONG Size = 0x10000 + 3;
    PUCHAR In =
        VirtualAlloc(NULL, Size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    PUCHAR Out =
        VirtualAlloc(NULL, Size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    CHECK_DEVICE();
    CHECK(In != NULL && Out != NULL);
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        CHECK_REVERSE(In, Size, Out, Size);
        CHECK_REVERSE(In + 5, 3 * PAGE_SIZE_BYTES, Out + 7,
                      2 * PAGE_SIZE_BYTES + 5);
    }
    dt_method = -1;
    CHECK(VirtualFree(In, 0, MEM_RELEASE));
    CHECK(VirtualFree(Out, 0, MEM_RELEASE));
}

/* One request that must fail with Error before the driver writes
 * anything: Out keeps Fill. */
static const char *refused(ULONG Method, PUCHAR In, ULONG InLength, PUCHAR Out,
                           ULONG OutLength, DWORD Error, BOOL OutReadable,
                           UCHAR Fill)
{
    static char why[128];
    DWORD Returned = 0xDEADBEEF;
    ULONG Index;

    SetLastError(ERROR_SUCCESS);
    if (DeviceIoControl(dt_device, IOCTL_NTMINI_REVERSE(Method), In, InLength,
                        Out, OutLength, &Returned, NULL))
        return "the request succeeded";
    if (GetLastError() != Error) {
        snprintf(why, sizeof(why), "error %lu, expected %lu", GetLastError(),
                 Error);
        return why;
    }
    for (Index = 0; OutReadable && Index < OutLength; Index++)
        if (Out[Index] != Fill)
            return "the output changed";
    return NULL;
}

#define CHECK_REFUSED(In, InLength, Out, OutLength, Error, OutReadable, Fill)  \
    do {                                                                       \
        const char *Why_ = refused((ULONG)dt_method, In, InLength, Out,        \
                                   OutLength, Error, OutReadable, Fill);       \
        if (Why_ != NULL) {                                                    \
            dt_fail(__FILE__, __LINE__, Why_);                                 \
            return;                                                            \
        }                                                                      \
    } while (0)

/* A read-only output: BUFFERED (the I/O manager's probe or copy back),
 * OUT_DIRECT (the MDL probed for write) and NEITHER (the driver's probe)
 * fail with ERROR_NOACCESS and the page keeps its zeros. IN_DIRECT's
 * output is probed for read only, as NT does (it is the driver's second
 * input), so the request goes through and the driver's writes land
 * through the MDL's system address. */
void read_only_output_buffer(void)
{
    PUCHAR Page = VirtualAlloc(NULL, PAGE_SIZE_BYTES, MEM_RESERVE | MEM_COMMIT,
                               PAGE_READWRITE);
    UCHAR In[32];
    DWORD Old, Returned = 0;
    ULONG Index;

    CHECK_DEVICE();
    CHECK(Page != NULL);
    CHECK(VirtualProtect(Page, PAGE_SIZE_BYTES, PAGE_READONLY, &Old));
    for (Index = 0; Index < sizeof(In); Index++)
        In[Index] = dt_pattern(Index);
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        if (dt_method == METHOD_IN_DIRECT)
            continue;
        CHECK_REFUSED(In, 32, Page + 100, 32, ERROR_NOACCESS, TRUE, 0);
        CHECK_REFUSED(In, 32, Page + PAGE_SIZE_BYTES - 8, 8, ERROR_NOACCESS,
                      TRUE, 0);
    }
    dt_method = METHOD_IN_DIRECT;
    CHECK(DeviceIoControl(dt_device, IOCTL_NTMINI_IN_DIRECT, In, 32, Page, 32,
                          &Returned, NULL));
    CHECK_EQ(Returned, 32);
    CHECK_EQ(Page[0], dt_pattern(31));
    dt_method = -1;
    CHECK(VirtualFree(Page, 0, MEM_RELEASE));
}

/* An address with nothing behind it: a released region. */
static PUCHAR unmapped_address(void)
{
    PUCHAR Region = VirtualAlloc(NULL, PAGE_SIZE_BYTES,
                                 MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    if (Region != NULL && !VirtualFree(Region, 0, MEM_RELEASE))
        return NULL;
    return Region;
}

/* Two pages reserved, the first committed: a buffer from its last 8
 * bytes on runs into a page with nothing behind it. */
static PUCHAR half_mapped_region(void)
{
    PUCHAR Region =
        VirtualAlloc(NULL, 2 * PAGE_SIZE_BYTES, MEM_RESERVE, PAGE_READWRITE);

    if (Region == NULL || VirtualAlloc(Region, PAGE_SIZE_BYTES, MEM_COMMIT,
                                       PAGE_READWRITE) == NULL)
        return NULL;
    return Region;
}

void unmapped_input_buffer(void)
{
    /* Half first: a region reserved after Gone was released could take
     * its address and put memory back behind it. */
    PUCHAR Half = half_mapped_region(), Gone = unmapped_address();
    UCHAR Out[16];

    CHECK_DEVICE();
    CHECK(Gone != NULL && Half != NULL);
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        memset(Out, DT_CANARY, sizeof(Out));
        CHECK_REFUSED(Gone, 16, Out, 16, ERROR_NOACCESS, TRUE, DT_CANARY);
        CHECK_REFUSED((PUCHAR)0x80000000, 16, Out, 16, ERROR_NOACCESS, TRUE,
                      DT_CANARY);
        CHECK_REFUSED(Half + PAGE_SIZE_BYTES - 8, 16, Out, 16, ERROR_NOACCESS,
                      TRUE, DT_CANARY);
    }
    dt_method = -1;
    CHECK(VirtualFree(Half, 0, MEM_RELEASE));
}

void unmapped_output_buffer(void)
{
    /* Half first: a region reserved after Gone was released could take
     * its address and put memory back behind it. */
    PUCHAR Half = half_mapped_region(), Gone = unmapped_address();
    UCHAR In[16];
    ULONG Index;

    CHECK_DEVICE();
    CHECK(Gone != NULL && Half != NULL);
    for (Index = 0; Index < sizeof(In); Index++)
        In[Index] = dt_pattern(Index);
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        CHECK_REFUSED(In, 16, Gone, 16, ERROR_NOACCESS, FALSE, 0);
        CHECK_REFUSED(In, 16, (PUCHAR)0x80000000, 16, ERROR_NOACCESS, FALSE, 0);
        CHECK_REFUSED(In, 16, (PUCHAR)0x7FFFFFF8, 16, ERROR_NOACCESS, FALSE, 0);
        CHECK_REFUSED(In, 16, Half + PAGE_SIZE_BYTES - 8, 16, ERROR_NOACCESS,
                      FALSE, 0);
    }
    dt_method = -1;
    CHECK(VirtualFree(Half, 0, MEM_RELEASE));
}

/* The filter above the device counts what passes down to the driver: a
 * request the I/O manager refuses for its buffers (unmapped input,
 * unmapped or read-only output) never gets there. METHOD_NEITHER's
 * buffers are the driver's to probe, and IN_DIRECT's output is only read,
 * so those are left out. */
void refused_requests_never_reach_the_driver(void)
{
    /* Gone last: a region reserved after it was released could take its
     * address and put memory back behind it. */
    PUCHAR Page = VirtualAlloc(NULL, PAGE_SIZE_BYTES, MEM_RESERVE | MEM_COMMIT,
                               PAGE_READWRITE);
    PUCHAR Half = half_mapped_region(), Gone = unmapped_address();
    LONG Before[2], After[2];
    UCHAR In[16], Out[16];
    DWORD Bytes, Old;

    CHECK_DEVICE();
    CHECK(Gone != NULL && Half != NULL && Page != NULL);
    CHECK(VirtualProtect(Page, PAGE_SIZE_BYTES, PAGE_READONLY, &Old));
    memset(In, 1, sizeof(In));
    memset(Out, DT_CANARY, sizeof(Out));
    CHECK(DeviceIoControl(dt_device, IOCTL_NTMINI_FILTER_COUNT, NULL, 0, Before,
                          sizeof(Before), &Bytes, NULL));
    for (dt_method = 0; dt_method < METHOD_NEITHER; dt_method++) {
        CHECK_REFUSED(Gone, 16, Out, 16, ERROR_NOACCESS, TRUE, DT_CANARY);
        CHECK_REFUSED(Half + PAGE_SIZE_BYTES - 8, 16, Out, 16, ERROR_NOACCESS,
                      TRUE, DT_CANARY);
        CHECK_REFUSED(In, 16, Gone, 16, ERROR_NOACCESS, FALSE, 0);
        CHECK_REFUSED(In, 16, Half + PAGE_SIZE_BYTES - 8, 16, ERROR_NOACCESS,
                      FALSE, 0);
        if (dt_method != METHOD_IN_DIRECT)
            CHECK_REFUSED(In, 16, Page, 16, ERROR_NOACCESS, TRUE, 0);
    }
    dt_method = -1;
    CHECK(DeviceIoControl(dt_device, IOCTL_NTMINI_FILTER_COUNT, NULL, 0, After,
                          sizeof(After), &Bytes, NULL));
    CHECK_EQ(After[0], Before[0]);
    CHECK_EQ(After[1], Before[1]);
    CHECK(VirtualFree(Half, 0, MEM_RELEASE));
    CHECK(VirtualFree(Page, 0, MEM_RELEASE));
}

void unknown_code_is_invalid_function(void)
{
    UCHAR In[4] = {1, 2, 3, 4}, Out[4];
    DWORD Returned = 0xDEADBEEF;

    CHECK_DEVICE();
    CHECK(!DeviceIoControl(dt_device, IOCTL_NTMINI_UNKNOWN, In, 4, Out, 4,
                           &Returned, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_FUNCTION);
    CHECK_EQ(Returned, 0);
}

/* A file-system code (FILE_DEVICE_FILE_SYSTEM) goes through
 * NtFsControlFile: the driver reverses FSCTL_NTMINI_REVERSE only as
 * IRP_MJ_FILE_SYSTEM_CONTROL, so a reversal proves the route, for each
 * method's buffers; the same code sent as a device control is refused. */
void file_system_codes_travel_as_fsctl(void)
{
    UCHAR In[24], Out[24];
    IO_STATUS_BLOCK Iosb;
    DWORD Returned;
    ULONG Index;

    CHECK_DEVICE();
    for (dt_method = 0; dt_method < METHODS; dt_method++) {
        for (Index = 0; Index < sizeof(In); Index++) {
            In[Index] = dt_pattern(Index);
            Out[Index] = DT_CANARY;
        }
        Returned = 0xDEADBEEF;
        CHECK(DeviceIoControl(dt_device, FSCTL_NTMINI_REVERSE(dt_method), In,
                              20, Out, sizeof(Out), &Returned, NULL));
        CHECK_EQ(Returned, 20);
        CHECK_EQ(Out[0], dt_pattern(19));
        CHECK_EQ(Out[19], dt_pattern(0));
        CHECK_EQ(Out[20], DT_CANARY);
        CHECK_EQ(NtDeviceIoControlFile(dt_device, NULL, NULL, NULL, &Iosb,
                                       FSCTL_NTMINI_REVERSE(dt_method), In, 4,
                                       Out, 4),
                 STATUS_INVALID_DEVICE_REQUEST);
        CHECK_EQ(NtFsControlFile(dt_device, NULL, NULL, NULL, &Iosb,
                                 IOCTL_NTMINI_REVERSE(dt_method), In, 4, Out,
                                 4),
                 STATUS_INVALID_DEVICE_REQUEST);
    }
    dt_method = -1;
}

void cancel_io_with_nothing_pending(void)
{
    CHECK_DEVICE();
    CHECK(CancelIo(dt_device));
}

void close_the_device(void)
{
    HANDLE Device;
    UCHAR Buffer[4];
    DWORD Returned;

    CHECK_DEVICE();
    Device = dt_device;
    dt_device = NULL;
    CHECK(CloseHandle(Device));
    CHECK(!DeviceIoControl(Device, IOCTL_NTMINI_BUFFERED, Buffer, 4, Buffer, 4,
                           &Returned, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
}
