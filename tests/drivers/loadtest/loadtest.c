/*
 * The system-image loader's test driver (tests/kernel/sysldr.c): a
 * global the loader must relocate, an INIT section (DriverEntry) it frees
 * and a PAGE section it records, and exported routines the test calls,
 * which call ntoskrnl.exe and hal.dll (stdcall and fastcall imports).
 * Exports are cdecl, so their names are undecorated.
 */
#include "ntddk.h"

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath);
__declspec(dllexport) ULONG __cdecl LoadTestPaged(ULONG Value);
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LoadTestPaged)

static ULONG counter = 41;
/* Holds an address: a HIGHLOW fixup the loader applies. */
__declspec(dllexport) ULONG *LoadTestCounterPointer = &counter;

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    counter++;
    return STATUS_SUCCESS;
}

__declspec(dllexport) ULONG __cdecl LoadTestPaged(ULONG Value)
{
    return Value * 2;
}

/* ntoskrnl.exe (stdcall) and hal.dll (stdcall and fastcall): the
 * caller's IRQL, DISPATCH_LEVEL while raised, back; pool with a tag. */
__declspec(dllexport) ULONG __cdecl LoadTestRun(ULONG Value)
{
    KIRQL Before = KeGetCurrentIrql(), Raised, OldIrql;
    PULONG Block = ExAllocatePoolWithTag(NonPagedPool, sizeof(ULONG), 'tLdS');

    if (Block == NULL)
        return 0;
    *Block = Value;
    OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    Raised = KeGetCurrentIrql();
    KfLowerIrql(OldIrql);
    Value = *Block + *LoadTestCounterPointer;
    ExFreePoolWithTag(Block, 'tLdS');
    if (Raised != DISPATCH_LEVEL || KeGetCurrentIrql() != Before)
        return 0;
    return Value + LoadTestPaged(KeQueryTimeIncrement()) * 0;
}

__declspec(dllexport) ULONG __cdecl LoadTestTimeIncrement(VOID)
{
    return KeQueryTimeIncrement();
}

/* Stops the machine from inside the driver: the stop screen's backtrace
 * must name this routine as loadtest.sys!LoadTestCrash (the crash test
 * crash_in_driver). */
__declspec(dllexport) VOID __cdecl LoadTestCrash(ULONG Parameter)
{
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, Parameter, 0, 0, 0);
}

/* Routines returning an 8-byte structure, in EDX:EAX as MSVC returns it:
 * the counter and frequency KeQueryPerformanceCounter (hal.dll) gives,
 * and the physical address MmGetPhysicalAddress (ntoskrnl.exe) gives for
 * the driver's global. */
__declspec(dllexport) LONGLONG
    __cdecl LoadTestPerformanceCounter(PLARGE_INTEGER Frequency)
{
    return KeQueryPerformanceCounter(Frequency).QuadPart;
}

__declspec(dllexport) LONGLONG __cdecl LoadTestPhysicalAddress(VOID)
{
    return MmGetPhysicalAddress(&counter).QuadPart;
}
