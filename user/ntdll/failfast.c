/*
 * RtlFailFast: a broken invariant in ntdll's own lists (ntlist.h's
 * checks). The process ends at once with NT's fail-fast status; no
 * handler of the program runs over corrupt state.
 */
#include "ntdll.h"

DECLSPEC_NORETURN VOID RtlFailFast(ULONG Code)
{
    UNREFERENCED_PARAMETER(Code);
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), STATUS_STACK_BUFFER_OVERRUN);
}
