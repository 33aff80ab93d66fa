/*
 * bench=io: a DeviceIoControl round trip from ring 3 against the sample
 * IOCTL driver, next to the null service, counted by iobench.exe itself
 * (rdtsc under -icount shift=0 counts instructions). The boot must carry
 * ntdll.dll, kernel32.dll, iobench.exe and ioctl.sys (tools/bench.sh).
 */
#include "kernel/io.h"
#include "tests/kernel/kt_ring3.h"

#define IOCTL_SERVICE                                                          \
    u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ioctl"

VOID KtBenchIo(VOID)
{
    UNICODE_STRING Service;
    NTSTATUS Status, ExitStatus;

    RtlInitUnicodeString(&Service, IOCTL_SERVICE);
    Status = NtLoadDriver(&Service);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("bench io: ioctl.sys did not load (%08lx)\n", (ULONG)Status);
        return;
    }
    Status = KtRunProgram("iobench.exe", "iobench", 600, &ExitStatus);
    if (!NT_SUCCESS(Status))
        DbgPrint("bench io: iobench.exe did not run (%08lx)\n", (ULONG)Status);
    NtUnloadDriver(&Service);
}
