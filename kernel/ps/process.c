/*
 * The current process: the one whose address space the current thread
 * runs in (its own, or the one it is attached to).
 */
#include "kernel/process.h"
#include "kernel/thread.h"

PEPROCESS NTAPI PsGetCurrentProcess(VOID)
{
    PKPROCESS Process = KiCurrentThread()->ApcState.Process;

    return CONTAINING_RECORD(Process, EPROCESS, Pcb);
}
