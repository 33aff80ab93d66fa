/*
 * The current process and attaching to another one. There is one
 * processor and no threads yet, so "current" is one variable; switching
 * is loading CR3, which keeps global (kernel) TLB entries and drops the
 * user half's.
 */
#include "kernel/process.h"
#include "kernel/mm.h"
#include "kernel/x86.h"

static PKPROCESS current_process;

PEPROCESS PsGetCurrentProcess(VOID)
{
    if (current_process == NULL)
        return PsInitialSystemProcess;
    return CONTAINING_RECORD(current_process, EPROCESS, Pcb);
}

VOID KiSwapProcess(PKPROCESS Process)
{
    current_process = Process;
    if (read_cr3() != Process->DirectoryTableBase)
        write_cr3(Process->DirectoryTableBase);
}

VOID KeStackAttachProcess(PRKPROCESS Process, PRKAPC_STATE ApcState)
{
    PKPROCESS Current = &PsGetCurrentProcess()->Pcb;

    ApcState->Process = Current;
    ApcState->Attached = Process != Current;
    if (ApcState->Attached)
        KiSwapProcess(Process);
}

VOID KeUnstackDetachProcess(PRKAPC_STATE ApcState)
{
    if (ApcState->Attached)
        KiSwapProcess(ApcState->Process);
    ApcState->Attached = FALSE;
}
