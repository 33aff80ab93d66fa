/*
 * ProbeForRead and ProbeForWrite, with the DDK's semantics: a system
 * service calls them inside SEH_TRY before it touches a buffer a caller
 * from user mode passed, so a pointer into the kernel half (or one that
 * wraps) raises instead of reaching kernel memory. An unmapped user page
 * raises when the service touches it, inside the same SEH_TRY.
 */
#include "kernel/probe.h"

/* Alignment is the caller's constant, not user input: a bad one is a
 * bug in the caller, as the DDK's ASSERT says. */
static VOID check_alignment(PVOID Address, ULONG Alignment)
{
    ASSERT(Alignment == 1 || Alignment == 2 || Alignment == 4 ||
           Alignment == 8 || Alignment == 16);
    if ((ULONG_PTR)Address & (Alignment - 1))
        ExRaiseStatus(STATUS_DATATYPE_MISALIGNMENT);
}

VOID NTAPI ProbeForRead(PVOID Address, SIZE_T Length, ULONG Alignment)
{
    ULONG_PTR End = (ULONG_PTR)Address + Length;

    if (Length == 0)
        return;
    check_alignment(Address, Alignment);
    if (End > MM_USER_PROBE_ADDRESS || End < (ULONG_PTR)Address)
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
}

VOID NTAPI ProbeForWrite(PVOID Address, SIZE_T Length, ULONG Alignment)
{
    ULONG_PTR Page = (ULONG_PTR)Address;
    ULONG_PTR Last = Page + Length - 1;

    if (Length == 0)
        return;
    check_alignment(Address, Alignment);
    if (Last < Page || Last >= MM_USER_PROBE_ADDRESS)
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
    /* Each page written with what it holds, as NT's does: a read-only
     * page faults now, before the service has changed anything. */
    for (;;) {
        *(volatile UCHAR *)Page = *(volatile UCHAR *)Page;
        if ((Page & ~(PAGE_SIZE - 1)) == (Last & ~(PAGE_SIZE - 1)))
            break;
        Page = (Page & ~(PAGE_SIZE - 1)) + PAGE_SIZE;
    }
}
