/*
 * The virtual-memory API over NtAllocate/Free/Protect/QueryVirtualMemory
 * in this process: the kernel applies NT's rounding and rules; a failure
 * is its status as a Win32 error.
 */
#include "kernel32p.h"

LPVOID WINAPI VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize,
                           DWORD flAllocationType, DWORD flProtect)
{
    NTSTATUS Status =
        NtAllocateVirtualMemory(NtCurrentProcess(), &lpAddress, 0, &dwSize,
                                flAllocationType, flProtect);

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    return lpAddress;
}

BOOL WINAPI VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)
{
    NTSTATUS Status;

    /* MSDN: a release takes the whole region, so its size must be 0. */
    if ((dwFreeType & MEM_RELEASE) && dwSize != 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    Status = NtFreeVirtualMemory(NtCurrentProcess(), &lpAddress, &dwSize,
                                 dwFreeType);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect,
                           PDWORD lpflOldProtect)
{
    NTSTATUS Status = NtProtectVirtualMemory(
        NtCurrentProcess(), &lpAddress, &dwSize, flNewProtect, lpflOldProtect);

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/* The bytes of lpBuffer filled: 0 on failure. */
SIZE_T WINAPI VirtualQuery(LPCVOID lpAddress,
                           PMEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength)
{
    SIZE_T Returned = 0;
    NTSTATUS Status = NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)lpAddress,
                                           MemoryBasicInformation, lpBuffer,
                                           dwLength, &Returned);

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return 0;
    }
    return Returned;
}
