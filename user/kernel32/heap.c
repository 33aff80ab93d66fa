/*
 * Win32 heaps over ntdll's RtlHeap. HeapCreate with no maximum makes a
 * growable heap; with one, a heap of that much reserved. HeapAlloc,
 * HeapReAlloc and HeapSize set no last error (MSDN); HeapFree and
 * HeapDestroy do when they refuse.
 */
#include "kernel32p.h"

#define HEAP_CREATE_VALID_FLAGS (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS)

HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize,
                         SIZE_T dwMaximumSize)
{
    ULONG Flags = flOptions & HEAP_CREATE_VALID_FLAGS;
    HANDLE Heap;

    if (dwMaximumSize == 0)
        Flags |= HEAP_GROWABLE;
    else if (dwInitialSize > dwMaximumSize)
        dwMaximumSize = dwInitialSize;
    Heap = RtlCreateHeap(Flags, NULL, dwMaximumSize, dwInitialSize, NULL, NULL);
    if (Heap == NULL)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return Heap;
}

BOOL WINAPI HeapDestroy(HANDLE hHeap)
{
    if (RtlDestroyHeap(hHeap) != NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return TRUE;
}

LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    return RtlAllocateHeap(hHeap, dwFlags, dwBytes);
}

LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem,
                          SIZE_T dwBytes)
{
    return RtlReAllocateHeap(hHeap, dwFlags, lpMem, dwBytes);
}

BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    if (!RtlFreeHeap(hHeap, dwFlags, lpMem)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    return RtlSizeHeap(hHeap, dwFlags, (PVOID)lpMem);
}

HANDLE WINAPI GetProcessHeap(VOID)
{
    return NtCurrentPeb()->ProcessHeap;
}
