/*
 * bench=io: a DeviceIoControl round trip from ring 3 against the sample
 * IOCTL driver, next to the null service, counted by iobench.exe itself
 * (rdtsc under -icount shift=0 counts instructions). The boot must carry
 * ntdll.dll, kernel32.dll, iobench.exe and ioctl.sys (tools/bench.sh).
 */
#include "kernel/io.h"
#include "kernel/loader.h"
#include "kernel/object.h"
#include "tests/kernel/kt_ring3.h"

#define IOCTL_SERVICE                                                          \
    u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ioctl"

VOID KtBenchIo(VOID)
{
    UNICODE_STRING Service;
    PEPROCESS Process;
    PETHREAD Thread;
    NTSTATUS Status;

    RtlInitUnicodeString(&Service, IOCTL_SERVICE);
    Status = NtLoadDriver(&Service);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("bench io: ioctl.sys did not load (%08lx)\n", (ULONG)Status);
        return;
    }
    Status = PspCreateUserProcess("iobench.exe", "iobench", NULL, NULL,
                                  &Process, &Thread);
    if (NT_SUCCESS(Status)) {
        PspStartThread(Thread);
        ObDereferenceObject(Thread);
        KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(Process);
    } else {
        DbgPrint("bench io: iobench.exe did not start (%08lx)\n",
                 (ULONG)Status);
    }
    NtUnloadDriver(&Service);
}
