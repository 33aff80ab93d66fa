/*
 * Process objects: the Process and Thread types, the list of every
 * process, ids, and the life of an EPROCESS from creation to the delete
 * procedure that gives its address space back. The system process is an
 * object too, made from the static EPROCESS the boot flow runs in.
 */
#include "kernel/process.h"
#include "kernel/bugcheck.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/thread.h"

POBJECT_TYPE PspProcessType;
POBJECT_TYPE *PsProcessType = &PspProcessType;
extern POBJECT_TYPE PspThreadType;

/* Every process alive (EPROCESS.ActiveProcessLinks), under its lock. */
LIST_ENTRY PsActiveProcessHead = {&PsActiveProcessHead, &PsActiveProcessHead};
KSPIN_LOCK PspActiveProcessLock;

/* Process and thread ids come from one counter, as NT's come from one
 * table: multiples of 4, never 0 (idle) or 4 (System). */
static volatile LONG next_client_id = 4;

HANDLE PspAllocateClientId(VOID)
{
    return (HANDLE)(ULONG_PTR)__atomic_add_fetch(&next_client_id, 4,
                                                 __ATOMIC_RELAXED);
}

PEPROCESS NTAPI PsGetCurrentProcess(VOID)
{
    PKPROCESS Process = KiCurrentThread()->ApcState.Process;

    return CONTAINING_RECORD(Process, EPROCESS, Pcb);
}

/* The name the WDK's drivers call (PsGetCurrentProcess is their macro
 * over it); NT exports both. */
PEPROCESS NTAPI IoGetCurrentProcess(VOID)
{
    return PsGetCurrentProcess();
}

HANDLE NTAPI PsGetCurrentProcessId(VOID)
{
    return PsGetCurrentProcess()->UniqueProcessId;
}

HANDLE NTAPI PsGetProcessId(PEPROCESS Process)
{
    return Process->UniqueProcessId;
}

NTSTATUS NTAPI PsGetProcessExitStatus(PEPROCESS Process)
{
    return Process->ExitStatus;
}

NTSTATUS NTAPI PsLookupProcessByProcessId(HANDLE ProcessId, PEPROCESS *Process)
{
    NTSTATUS Status = STATUS_INVALID_CID;
    PLIST_ENTRY Entry;
    KIRQL OldIrql;

    KeAcquireSpinLock(&PspActiveProcessLock, &OldIrql);
    for (Entry = PsActiveProcessHead.Flink; Entry != &PsActiveProcessHead;
         Entry = Entry->Flink) {
        PEPROCESS Candidate =
            CONTAINING_RECORD(Entry, EPROCESS, ActiveProcessLinks);

        if (Candidate->UniqueProcessId == ProcessId &&
            !Candidate->ProcessDelete) {
            ObfReferenceObject(Candidate);
            *Process = Candidate;
            Status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&PspActiveProcessLock, OldIrql);
    return Status;
}

/* The last reference is gone: every thread has ended and been reaped,
 * every handle is closed. Runs at PASSIVE_LEVEL (the object manager defers
 * a deletion that comes at raised IRQL), in the system process. */
static VOID PspDeleteProcess(PVOID Object)
{
    PEPROCESS Process = Object;
    KIRQL OldIrql;

    if (Process == PsInitialSystemProcess)
        KeBugCheckEx(CRITICAL_PROCESS_DIED, (ULONG_PTR)Process, 0, 0, 0);
    KeAcquireSpinLock(&PspActiveProcessLock, &OldIrql);
    if (Process->ActiveProcessLinks.Flink != NULL)
        RemoveEntryList(&Process->ActiveProcessLinks);
    KeReleaseSpinLock(&PspActiveProcessLock, OldIrql);
    if (Process->ObjectTable != NULL) /* never ran a thread */
        ObpDestroyHandleTable(Process->ObjectTable);
    if (Process->PageDirectory != NULL)
        MmDeleteProcessAddressSpace(Process);
    PspDeleteLdt(Process);
}

/* The Process and Thread types (ObInitSystem calls this), and the system
 * process becomes an object of the first. */
VOID PspInitializeObjectTypes(VOID)
{
    ObpCreateType(u"Process", PROCESS_VM_READ | PROCESS_QUERY_INFORMATION,
                  PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION |
                      PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
                      PROCESS_CREATE_PROCESS | PROCESS_SET_QUOTA |
                      PROCESS_SET_INFORMATION | PROCESS_SUSPEND_RESUME,
                  SYNCHRONIZE, PROCESS_ALL_ACCESS, TRUE, PspDeleteProcess,
                  &PspProcessType);
    ObpCreateType(u"Thread", THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION,
                  THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_ALERT |
                      THREAD_SET_CONTEXT | THREAD_SET_INFORMATION,
                  SYNCHRONIZE, THREAD_ALL_ACCESS, TRUE, PspDeleteThread,
                  &PspThreadType);
    PspInitializeSystemProcessObject();
    PspInitializeProcessCreation();
}

/* A new process: an object with its own address space and handle table,
 * an id, on the process list; no image and no thread yet. The caller
 * holds the one reference. */
NTSTATUS PspCreateProcess(PCSTR ImageFileName, PEPROCESS *NewProcess)
{
    PEPROCESS Parent = PsGetCurrentProcess();
    OBJECT_ATTRIBUTES Attributes;
    PEPROCESS Process;
    NTSTATUS Status;
    KIRQL OldIrql;
    ULONG Index;

    InitializeObjectAttributes(&Attributes, NULL, 0, NULL, NULL);
    Status = ObCreateObject(KernelMode, PspProcessType, &Attributes, KernelMode,
                            NULL, sizeof(EPROCESS), 0, 0, (PVOID *)&Process);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = MmCreateProcessAddressSpace(Process); /* zeroes the body */
    if (!NT_SUCCESS(Status)) {
        ObfDereferenceObject(Process);
        return Status;
    }
    KeInitializeProcess(&Process->Pcb, 8, Process->Pcb.DirectoryTableBase);
    Process->ObjectTable = ObpCreateHandleTable();
    if (Process->ObjectTable == NULL) {
        ObfDereferenceObject(Process);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Process->UniqueProcessId = PspAllocateClientId();
    Process->InheritedFromUniqueProcessId = Parent->UniqueProcessId;
    KeQuerySystemTime(&Process->CreateTime);
    Process->ExitStatus = STATUS_PENDING;
    for (Index = 0; Index < sizeof(Process->ImageFileName) - 1 &&
                    ImageFileName[Index] != '\0';
         Index++)
        Process->ImageFileName[Index] = (UCHAR)ImageFileName[Index];
    KeAcquireSpinLock(&PspActiveProcessLock, &OldIrql);
    InsertTailList(&PsActiveProcessHead, &Process->ActiveProcessLinks);
    KeReleaseSpinLock(&PspActiveProcessLock, OldIrql);
    *NewProcess = Process;
    return STATUS_SUCCESS;
}
