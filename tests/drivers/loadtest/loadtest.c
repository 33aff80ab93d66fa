/*
 * The system-image loader's test driver (tests/kernel/sysldr.c): a
 * global the loader must relocate, an INIT section (DriverEntry) it frees
 * and a PAGE section it records, and exported routines the test calls,
 * which call ntoskrnl.exe and hal.dll (stdcall and fastcall imports).
 * Exports are cdecl, so their names are undecorated.
 */
#include "ntddk.h"

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath);
/* Not inlined into its callers: they must call into PAGE. */
__declspec(dllexport) __declspec(noinline) ULONG
    __cdecl LoadTestPaged(ULONG Value);
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

__declspec(dllexport) __declspec(noinline) ULONG
    __cdecl LoadTestPaged(ULONG Value)
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

/* Paging (tests/kernel/paging_drivers.c): the PAGE routine called and a
 * word read at DISPATCH_LEVEL, which a paged-out page must not be; and the
 * DDK's controls over the driver's own paging. */
__declspec(dllexport) ULONG __cdecl LoadTestPagedAtDispatch(ULONG Value)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);

    Value = LoadTestPaged(Value);
    KfLowerIrql(OldIrql);
    return Value;
}

__declspec(dllexport) ULONG __cdecl LoadTestReadAtDispatch(ULONG *Address)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    ULONG Value = *(volatile ULONG *)Address;

    KfLowerIrql(OldIrql);
    return Value;
}

/* Count allocate-and-free pairs of Size bytes of nonpaged pool through
 * the driver's imports (bench=verifier: verified or not); the pairs that
 * got a block. */
__declspec(dllexport) ULONG __cdecl LoadTestPoolPairs(ULONG Count, ULONG Size)
{
    ULONG Made = 0;

    while (Count-- > 0) {
        PVOID Block = ExAllocatePoolWithTag(NonPagedPool, Size, 'pPdL');

        if (Block != NULL) {
            ExFreePoolWithTag(Block, 'pPdL');
            Made++;
        }
    }
    return Made;
}

/* Paged pool as a driver uses it: Blocks blocks of 64 KiB allocated,
 * written, then all read back (more than the machine's memory, at 16 MiB).
 * The number of blocks found wrong, or ~0 when an allocation failed. */
__declspec(dllexport) ULONG __cdecl LoadTestPagedPoolRoundTrip(ULONG Blocks)
{
    PULONG *Block =
        ExAllocatePoolWithTag(NonPagedPool, Blocks * sizeof(PULONG), 'tLdS');
    ULONG Index, Word, Made, Bad = 0;

    if (Block == NULL)
        return ~0UL;
    for (Made = 0; Made < Blocks; Made++) {
        Block[Made] = ExAllocatePoolWithTag(PagedPool, 0x10000, 'gPdS');
        if (Block[Made] == NULL)
            break;
        for (Word = 0; Word < 0x10000 / sizeof(ULONG); Word += 256)
            Block[Made][Word] = Made * 0x10000 + Word;
    }
    for (Index = 0; Index < Made; Index++)
        for (Word = 0; Word < 0x10000 / sizeof(ULONG); Word += 256)
            if (Block[Index][Word] != Index * 0x10000 + Word) {
                Bad++;
                break;
            }
    if (Made < Blocks)
        Bad = ~0UL;
    while (Made > 0)
        ExFreePoolWithTag(Block[--Made], 'gPdS');
    ExFreePoolWithTag(Block, 'tLdS');
    return Bad;
}

__declspec(dllexport) PVOID __cdecl LoadTestLockPaged(VOID)
{
    return MmLockPagableCodeSection((PVOID)LoadTestPaged);
}

__declspec(dllexport) VOID __cdecl LoadTestUnlockPaged(PVOID Handle)
{
    MmUnlockPagableImageSection(Handle);
}

__declspec(dllexport) PVOID __cdecl LoadTestPageEntireDriver(VOID)
{
    return MmPageEntireDriver((PVOID)LoadTestPaged);
}

__declspec(dllexport) VOID __cdecl LoadTestResetDriverPaging(VOID)
{
    MmResetDriverPaging((PVOID)LoadTestPaged);
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

/* hal.dll's port I/O on ports that keep what is written: COM1's scratch
 * register (bytes), the Bochs VBE index and ID (words), the PCI
 * configuration address latch (doublewords). One bit per size and form
 * that read back what it should: 0x3F for all. */
__declspec(dllexport) ULONG __cdecl LoadTestPorts(UCHAR Value)
{
    UCHAR Bytes[3] = {(UCHAR)(Value + 1), (UCHAR)(Value + 2), Value}, Read[2];
    USHORT Index = 0, Words[2];
    ULONG Saved, Address = 0x80000800, Longs[1];
    ULONG Result = 0;

    WRITE_PORT_BUFFER_UCHAR((PUCHAR)0x3FF, Bytes, 3);
    READ_PORT_BUFFER_UCHAR((PUCHAR)0x3FF, Read, 2);
    if (Read[0] == Value && Read[1] == Value)
        Result |= 0x1;
    WRITE_PORT_UCHAR((PUCHAR)0x3FF, (UCHAR)~Value);
    if (READ_PORT_UCHAR((PUCHAR)0x3FF) == (UCHAR)~Value)
        Result |= 0x2;
    WRITE_PORT_UCHAR((PUCHAR)0x3FF, Value); /* the test reads it back */

    WRITE_PORT_BUFFER_USHORT((PUSHORT)0x1CE, &Index,
                             1); /* VBE_DISPI_INDEX_ID */
    READ_PORT_BUFFER_USHORT((PUSHORT)0x1CF, Words, 2);
    if ((Words[0] & 0xFFF0) == 0xB0C0 && Words[1] == Words[0])
        Result |= 0x4;
    WRITE_PORT_USHORT((PUSHORT)0x1CE, 0);
    if (READ_PORT_USHORT((PUSHORT)0x1CF) == Words[0])
        Result |= 0x8;

    Saved = READ_PORT_ULONG((PULONG)0xCF8);
    WRITE_PORT_BUFFER_ULONG((PULONG)0xCF8, &Address, 1);
    READ_PORT_BUFFER_ULONG((PULONG)0xCF8, Longs, 1);
    if (Longs[0] == Address)
        Result |= 0x10;
    WRITE_PORT_ULONG((PULONG)0xCF8, 0x80000000);
    if (READ_PORT_ULONG((PULONG)0xCF8) == 0x80000000)
        Result |= 0x20;
    WRITE_PORT_ULONG((PULONG)0xCF8, Saved);
    return Result;
}
