/*
 * A user stack grows through its guard page, as NT's does: the stack is a
 * reservation with its top pages committed and a PAGE_GUARD page below
 * them. When that guard fires, the page is the stack's and the next one
 * down becomes the guard, until the next one would be the reservation's
 * last page: that page stays uncommitted and the thread gets
 * STATUS_STACK_OVERFLOW, with the page that fired as room to handle it.
 */
#include "kernel/mm.h"

NTSTATUS MiCheckForUserStackOverflow(PVOID FaultingAddress,
                                     PVOID DeallocationStack, PVOID *StackLimit)
{
    ULONG Page = (ULONG)FaultingAddress & ~(PAGE_SIZE - 1);
    ULONG Bottom = (ULONG)DeallocationStack;
    SIZE_T Size = PAGE_SIZE;
    PVOID Next;

    if (Page < Bottom || Page >= (ULONG)*StackLimit)
        return STATUS_GUARD_PAGE_VIOLATION; /* not this stack's guard */
    *StackLimit = (PVOID)Page;
    if (Page - PAGE_SIZE <= Bottom)
        return STATUS_STACK_OVERFLOW;
    Next = (PVOID)(Page - PAGE_SIZE);
    return ZwAllocateVirtualMemory(NtCurrentProcess(), &Next, 0, &Size,
                                   MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
}
