/*
 * Driver Verifier's test driver (tests/kernel/verifier.c,
 * docs/verifier.md): exported routines that each make one pool mistake
 * the verifier catches, and one that makes none. Exports are cdecl.
 */
#include "ntddk.h"

#define VFBROKEN_TAG 'kBfV'

NTSTATUS NTAPI DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}

/* Correct: Count blocks of Size bytes, each filled and given back. */
__declspec(dllexport) ULONG __cdecl VfBrokenRoundTrip(ULONG Count, ULONG Size)
{
    ULONG Made = 0;

    while (Made < Count) {
        PUCHAR Block = ExAllocatePoolWithTag(NonPagedPool, Size, VFBROKEN_TAG);
        PVOID Untagged = ExAllocatePool(PagedPool, Size);

        if (Block == NULL || Untagged == NULL) {
            if (Block != NULL)
                ExFreePoolWithTag(Block, VFBROKEN_TAG);
            if (Untagged != NULL)
                ExFreePool(Untagged);
            break;
        }
        RtlFillMemory(Block, Size, (UCHAR)Made);
        ExFreePool(Untagged);
        ExFreePoolWithTag(Block, VFBROKEN_TAG);
        Made++;
    }
    return Made;
}

/* The leak: a block nobody frees (the caller may, by address). */
__declspec(dllexport) PVOID __cdecl VfBrokenLeak(ULONG Size)
{
    return ExAllocatePoolWithTag(NonPagedPool, Size, VFBROKEN_TAG);
}

/* The double free: the same block given back twice. */
__declspec(dllexport) VOID __cdecl VfBrokenDoubleFree(VOID)
{
    PVOID Block = ExAllocatePoolWithTag(NonPagedPool, 24, VFBROKEN_TAG);

    if (Block == NULL)
        return;
    ExFreePoolWithTag(Block, VFBROKEN_TAG);
    ExFreePoolWithTag(Block, VFBROKEN_TAG);
}

/* Freeing a block someone else allocated. */
__declspec(dllexport) VOID __cdecl VfBrokenFreeForeign(PVOID Block)
{
    ExFreePool(Block);
}

/* A tag of zero (no letter, no digit: nothing to find the block by). */
__declspec(dllexport) PVOID __cdecl VfBrokenZeroTag(VOID)
{
    return ExAllocatePoolWithTag(NonPagedPool, 16, 0);
}

/* A zero-byte allocation. */
__declspec(dllexport) PVOID __cdecl VfBrokenZeroBytes(VOID)
{
    return ExAllocatePoolWithTag(NonPagedPool, 0, VFBROKEN_TAG);
}

/* The overrun: one byte past a block of 24 (a multiple of 8, so on
 * special pool the next byte is the guard page's first). */
__declspec(dllexport) VOID __cdecl VfBrokenOverrun(VOID)
{
    PUCHAR Block = ExAllocatePoolWithTag(NonPagedPool, 24, VFBROKEN_TAG);

    if (Block == NULL)
        return;
    Block[24] = 0x55;
    ExFreePoolWithTag(Block, VFBROKEN_TAG);
}

/* An overrun into the rounding: byte 20 of a block of 20 (the block ends
 * at 24, so nothing faults; the free finds the pattern damaged). */
__declspec(dllexport) VOID __cdecl VfBrokenOverrunSlack(VOID)
{
    PUCHAR Block = ExAllocatePoolWithTag(NonPagedPool, 20, VFBROKEN_TAG);

    if (Block == NULL)
        return;
    Block[20] = 0x55;
    ExFreePoolWithTag(Block, VFBROKEN_TAG);
}

/* The underrun: the byte before the block, in the page's unused start. */
__declspec(dllexport) VOID __cdecl VfBrokenUnderrun(VOID)
{
    PUCHAR Block = ExAllocatePoolWithTag(NonPagedPool, 24, VFBROKEN_TAG);

    if (Block == NULL)
        return;
    Block[-1] = 0x55;
    ExFreePoolWithTag(Block, VFBROKEN_TAG);
}

/* The use after free: a read of a block given back. */
__declspec(dllexport) ULONG __cdecl VfBrokenUseAfterFree(VOID)
{
    volatile ULONG *Block =
        ExAllocatePoolWithTag(NonPagedPool, 16, VFBROKEN_TAG);

    if (Block == NULL)
        return 0;
    *Block = 7;
    ExFreePoolWithTag((PVOID)Block, VFBROKEN_TAG);
    return *Block;
}
