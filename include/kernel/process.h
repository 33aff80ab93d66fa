/*
 * Processes, as far as the memory manager needs them: an address space
 * (a page directory whose kernel half is shared by all) and the regions
 * committed in its user half. The kernel part (KPROCESS) holds what the
 * CPU loads; the executive part (EPROCESS) the memory manager's books.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include "kernel/pte.h"
#include "kernel/thread.h"
#include "kernel/vad_tree.h"
#include "ntddk.h"

/* Where a process's page tables are (mm/process_swap.c); NT's values. */
typedef enum _KPROCESS_STATE {
    ProcessInMemory,
    ProcessOutOfMemory, /* some of its user page tables left memory */
    ProcessInTransition,
    ProcessOutTransition,
    ProcessInSwap,
    ProcessOutSwap,
} KPROCESS_STATE;

typedef struct _KPROCESS {
    DISPATCHER_HEADER Header; /* signalled when the process ends */
    ULONG DirectoryTableBase; /* physical address of the directory: CR3 */
    LIST_ENTRY ThreadListHead;
    SCHAR BasePriority; /* its threads' bases are relative to this */
    UCHAR State;        /* KPROCESS_STATE */
    /* Its LDT's descriptor for the GDT slot, loaded with it; all zero when
     * it has none (kernel/ps/process_ldt.c). */
    KGDTENTRY LdtDescriptor;
} KPROCESS, *PKPROCESS, *PRKPROCESS;

#define PS_PROCESS_SIGNATURE 0x636f7250 /* 'corP': reads "Proc" */

typedef struct _EPROCESS {
    KPROCESS Pcb;
    ULONG Signature; /* PS_PROCESS_SIGNATURE: a pointer to a process */
    /* Pool quota, indexed by base pool type: what is charged, the most
     * ever charged, and the limit. */
    SIZE_T QuotaUsage[2];
    SIZE_T QuotaPeak[2];
    SIZE_T QuotaLimit[2];
    struct _HANDLE_TABLE *ObjectTable; /* its handles; NULL: none yet */
    /* The executive's books (kernel/ps/): ids, lists, the image, exit. */
    HANDLE UniqueProcessId;
    HANDLE InheritedFromUniqueProcessId;
    LIST_ENTRY ActiveProcessLinks; /* PsActiveProcessHead */
    LARGE_INTEGER CreateTime;      /* system time, as NT's */
    LARGE_INTEGER ExitTime;
    NTSTATUS ExitStatus;      /* STATUS_PENDING while it runs */
    ULONG ActiveThreads;      /* threads that have not ended */
    BOOLEAN ProcessExiting;   /* NtTerminateProcess or the last thread */
    BOOLEAN ProcessDelete;    /* the address space is gone */
    PVOID SectionBaseAddress; /* where the program's image is */
    struct _PEB *Peb;         /* in its user half */
    UCHAR ImageFileName[16];  /* the program's name, NUL-terminated */
    PKGDTENTRY LdtEntries;    /* NtSetLdtEntries's table, or NULL */
    ULONG LdtCount;
    ULONG ImageSize;
    LIST_ENTRY MmProcessLinks; /* every address space: kernel PDE updates */
    PMMPTE PageDirectory;      /* the directory, through the direct map */
    /* The reservations of the user half (NT's balanced VAD tree), changed
     * under AddressCreationLock. */
    MM_AVL_TABLE VadRoot;
    KGUARDED_MUTEX AddressCreationLock;
    /* While Pcb.State is ProcessOutOfMemory: what the PTEs of its tables
     * out of memory hold (page-file slots, committed private pages), for
     * the invariant checker and `ws`, which cannot read them there. */
    ULONG OutSwappedSlots;
    ULONG OutSwappedCommitted;
} EPROCESS, *PEPROCESS;

/* The system process: the boot directory, the kernel's own space. */
extern PEPROCESS PsInitialSystemProcess;

/* The kernel half of a process: its dispatcher header, no threads. */
VOID KeInitializeProcess(PKPROCESS Process, KPRIORITY BasePriority,
                         ULONG DirectoryTableBase);

/* Quota (kernel/ps/quota.c). The limits start unlimited. */
VOID PsInitializeQuota(PEPROCESS Process);
/* STATUS_QUOTA_EXCEEDED when Amount would pass the limit. */
NTSTATUS NTAPI PsChargeProcessPoolQuota(PEPROCESS Process, POOL_TYPE PoolType,
                                        SIZE_T Amount);
/* More than is charged: QUOTA_UNDERFLOW (process, type, charged, amount). */
VOID NTAPI PsReturnPoolQuota(PEPROCESS Process, POOL_TYPE PoolType,
                             SIZE_T Amount);

/* kernel/ps/thread.c: every thread alive (ETHREAD.ThreadListEntry),
 * under its lock; the boot flow's thread joins it at boot. */
extern LIST_ENTRY PspActiveThreads;
extern KSPIN_LOCK PspActiveThreadsLock;
VOID PspInitializeInitialThread(VOID);

/* Loads Process's directory into CR3 and makes it the current thread's
 * address space. */
VOID KiSwapProcess(PKPROCESS Process);

/* mm/process_swap.c: an idle process's page tables leave memory (at
 * DISPATCH_LEVEL, by the working-set manager) and come back before
 * anything reads its PTEs (below DISPATCH_LEVEL; it may wait for the
 * disk). */
BOOLEAN MiIsProcessIdle(PEPROCESS Process);
ULONG MiOutSwapPageTables(PEPROCESS Process);
VOID MmInSwapProcess(PKPROCESS Process);
VOID MiInitializeProcessSwap(VOID);

/* kernel/ps/process.c: every process, ids, the types, creation. */
extern LIST_ENTRY PsActiveProcessHead;
extern KSPIN_LOCK PspActiveProcessLock;
extern POBJECT_TYPE PspProcessType;
extern POBJECT_TYPE PspThreadType;
HANDLE PspAllocateClientId(VOID);
/* A process object with an address space, a handle table and an id, on
 * the process list; no image, no thread. One reference, the caller's. */
NTSTATUS PspCreateProcess(PCSTR ImageFileName, PEPROCESS *NewProcess);
VOID PspInitializeSystemProcessObject(VOID);
/* kernel/ps/thread.c */
VOID PspDeleteThread(PVOID Object); /* the Thread type's delete procedure */
/* A thread object in Process, with its kernel stack and id, holding a
 * reference to Process; not started. Attributes: OBJ_* for its handle. */
NTSTATUS PspCreateThreadObject(PEPROCESS Process,
                               PKSYSTEM_ROUTINE SystemRoutine,
                               PKSTART_ROUTINE StartRoutine, PVOID StartContext,
                               ULONG Attributes, PETHREAD *NewThread);
/* Counts it in its process, lists it, makes it ready. */
VOID PspStartThread(PETHREAD Thread);

/* kernel/ps/user_thread.c: the registers a user thread starts with. */
typedef struct _PSP_USER_CONTEXT {
    ULONG Eip, Esp, Eax, Ebx, Ecx, Edx, Esi, Edi, Ebp;
} PSP_USER_CONTEXT, *PPSP_USER_CONTEXT;
struct _INITIAL_TEB;
/* A thread of Process that will enter ring 3 with Context, with a TEB
 * describing Stack; not started (PspStartThread). */
NTSTATUS PspCreateUserThread(PEPROCESS Process, const PSP_USER_CONTEXT *Context,
                             const struct _INITIAL_TEB *Stack, ULONG Attributes,
                             PETHREAD *NewThread);
VOID PspDeleteTeb(PEPROCESS Process, PVOID Teb);

/* kernel/ps/process_ldt.c: the LDT goes with the process. */
VOID PspDeleteLdt(PEPROCESS Process);

/* kernel/ps/exit.c */
/* Ends the current thread, and its process when it is the last. */
DECLSPEC_NORETURN VOID PspExitThread(NTSTATUS ExitStatus);
NTSTATUS PspTerminateThreadByPointer(PETHREAD Thread, NTSTATUS ExitStatus);
NTSTATUS PspTerminateProcess(PEPROCESS Process, NTSTATUS ExitStatus);

/* kernel/ps/query_process.c: what NtQueryInformationProcess and
 * NtQueryInformationThread share. The class must be the one they answer
 * (KnownClass), the length exactly Needed, and from user mode both
 * buffers are probed for writing first. */
NTSTATUS PspCheckQueryBuffers(BOOLEAN KnownClass, PVOID Buffer, ULONG Length,
                              ULONG Needed, PULONG ReturnLength,
                              KPROCESSOR_MODE Mode);
/* The answer and its length back to the caller (probed already). */
VOID PspReturnQuery(PVOID Buffer, const VOID *Answer, ULONG Size,
                    PULONG ReturnLength);

/* The process and thread services (kernel/ps/services.tbl), for the
 * kernel's callers and tests; ntdll declares them for ring 3. */
struct _CONTEXT;
NTSTATUS NTAPI NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              HANDLE ProcessHandle, PCLIENT_ID ClientId,
                              struct _CONTEXT *ThreadContext,
                              struct _INITIAL_TEB *InitialTeb,
                              BOOLEAN CreateSuspended);
NTSTATUS NTAPI NtSuspendThread(HANDLE ThreadHandle,
                               PULONG PreviousSuspendCount);
NTSTATUS NTAPI NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount);
NTSTATUS NTAPI NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus);
NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
NTSTATUS NTAPI NtQueryInformationThread(HANDLE ThreadHandle,
                                        THREADINFOCLASS ThreadInformationClass,
                                        PVOID ThreadInformation,
                                        ULONG ThreadInformationLength,
                                        PULONG ReturnLength);

#endif
