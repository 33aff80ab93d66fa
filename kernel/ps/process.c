/*
 * The current process: the one whose address space the current thread
 * runs in (its own, or the one it is attached to); the Process and Thread
 * object types.
 */
#include "kernel/process.h"
#include "kernel/object.h"
#include "kernel/thread.h"

PEPROCESS NTAPI PsGetCurrentProcess(VOID)
{
    PKPROCESS Process = KiCurrentThread()->ApcState.Process;

    return CONTAINING_RECORD(Process, EPROCESS, Pcb);
}

POBJECT_TYPE PspProcessType;
POBJECT_TYPE *PsProcessType = &PspProcessType;
extern POBJECT_TYPE PspThreadType;

/* The Process and Thread types (ObInitSystem calls this). Processes are
 * not objects yet: the type is there for the namespace and for callers
 * that name it. */
VOID PspInitializeObjectTypes(VOID)
{
    ObpCreateType(u"Process", PROCESS_VM_READ | PROCESS_QUERY_INFORMATION,
                  PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION |
                      PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
                      PROCESS_CREATE_PROCESS | PROCESS_SET_QUOTA |
                      PROCESS_SET_INFORMATION | PROCESS_SUSPEND_RESUME,
                  SYNCHRONIZE, PROCESS_ALL_ACCESS, TRUE, NULL, &PspProcessType);
    ObpCreateType(u"Thread", THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION,
                  THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_ALERT |
                      THREAD_SET_CONTEXT | THREAD_SET_INFORMATION,
                  SYNCHRONIZE, THREAD_ALL_ACCESS, TRUE, NULL, &PspThreadType);
}
