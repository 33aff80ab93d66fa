/*
 * iobench: what a DeviceIoControl round trip costs from ring 3, against
 * the sample IOCTL driver, next to the null system service (the floor),
 * and a page reserved, committed and released through the two virtual
 * memory services, the whole trip from ring 3 included.
 * Under `make bench` QEMU runs with -icount shift=0, so the time stamp
 * counter counts guest instructions; the figures are per round trip.
 * The 64 KiB OUT_DIRECT request sends no input, so the driver completes
 * it without touching the buffer: what is counted is the I/O manager's
 * probing, locking and unlocking of sixteen pages around the IRP.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <winioctl.h>

#include "../../../drivers/samples/ioctl/ntmini_ioctl.h"
#include "ntdll.h"

#define ROUNDS 2000
#define LARGE (64 * 1024)

static unsigned long long tsc(void)
{
    unsigned long long Value;

    __asm__ volatile("rdtsc" : "=A"(Value));
    return Value;
}

static void report(const char *What, unsigned long long Ticks)
{
    printf("bench io %-42s %8llu instructions per round trip\n", What,
           Ticks / ROUNDS);
}

int main(void)
{
    static UCHAR In[LARGE], Out[LARGE];
    unsigned long long Start;
    HANDLE Device;
    DWORD Bytes;
    int Round;

    Device = CreateFileA(NTMINI_USER_NAME, GENERIC_READ | GENERIC_WRITE, 0,
                         NULL, OPEN_EXISTING, 0, NULL);
    if (Device == INVALID_HANDLE_VALUE) {
        printf("iobench: \\\\.\\NtMiniIoctl did not open (error %lu)\n",
               GetLastError());
        return 1;
    }
    /* Touch everything once, so no first-use fault is counted. */
    memset(In, 1, sizeof(In));
    memset(Out, 0, sizeof(Out));
    DeviceIoControl(Device, IOCTL_NTMINI_REVERSE(METHOD_OUT_DIRECT), In, LARGE,
                    Out, LARGE, &Bytes, NULL);
    Start = tsc();
    for (Round = 0; Round < ROUNDS; Round++)
        NtTestAlert();
    report("null service (NtTestAlert):", tsc() - Start);
    Start = tsc();
    for (Round = 0; Round < ROUNDS; Round++) {
        PVOID Base = NULL;
        SIZE_T Size = 4096;

        NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size,
                                MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        Size = 0;
        NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_RELEASE);
    }
    report("NtAllocate+NtFreeVirtualMemory (a page):", tsc() - Start);
    Start = tsc();
    for (Round = 0; Round < ROUNDS; Round++)
        DeviceIoControl(Device, IOCTL_NTMINI_REVERSE(METHOD_BUFFERED), In, 64,
                        Out, 64, &Bytes, NULL);
    report("DeviceIoControl METHOD_BUFFERED 64 B:", tsc() - Start);
    Start = tsc();
    for (Round = 0; Round < ROUNDS; Round++)
        DeviceIoControl(Device, IOCTL_NTMINI_REVERSE(METHOD_OUT_DIRECT), NULL,
                        0, Out, LARGE, &Bytes, NULL);
    report("DeviceIoControl METHOD_OUT_DIRECT 64 KiB:", tsc() - Start);
    CloseHandle(Device);
    return 0;
}
