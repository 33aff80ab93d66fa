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

/* A zero-byte allocation. */
__declspec(dllexport) PVOID __cdecl VfBrokenZeroBytes(VOID)
{
    return ExAllocatePoolWithTag(NonPagedPool, 0, VFBROKEN_TAG);
}
