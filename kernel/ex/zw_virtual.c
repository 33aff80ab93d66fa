/*
 * The virtual-memory services as kernel code calls them (ZwXxx runs NtXxx
 * with PreviousMode KernelMode: the pointers are trusted, the handle needs
 * no granted access), as kernel/ex/zw.c does for the object services.
 */
#include "kernel/object.h"

NTSTATUS NTAPI ZwAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                       ULONG_PTR ZeroBits, PSIZE_T RegionSize,
                                       ULONG AllocationType, ULONG Protect)
{
    return EXP_ZW_CALL(NtAllocateVirtualMemory(ProcessHandle, BaseAddress,
                                               ZeroBits, RegionSize,
                                               AllocationType, Protect));
}

NTSTATUS NTAPI ZwFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                   PSIZE_T RegionSize, ULONG FreeType)
{
    return EXP_ZW_CALL(
        NtFreeVirtualMemory(ProcessHandle, BaseAddress, RegionSize, FreeType));
}

NTSTATUS NTAPI ZwProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                      PSIZE_T RegionSize, ULONG NewProtect,
                                      PULONG OldProtect)
{
    return EXP_ZW_CALL(NtProtectVirtualMemory(
        ProcessHandle, BaseAddress, RegionSize, NewProtect, OldProtect));
}

NTSTATUS NTAPI ZwQueryVirtualMemory(
    HANDLE ProcessHandle, PVOID BaseAddress,
    MEMORY_INFORMATION_CLASS MemoryInformationClass, PVOID MemoryInformation,
    SIZE_T MemoryInformationLength, PSIZE_T ReturnLength)
{
    return EXP_ZW_CALL(NtQueryVirtualMemory(
        ProcessHandle, BaseAddress, MemoryInformationClass, MemoryInformation,
        MemoryInformationLength, ReturnLength));
}
