/*
 * Processes, as far as the memory manager needs them: an address space
 * (a page directory whose kernel half is shared by all) and the regions
 * committed in its user half. The kernel part (KPROCESS) holds what the
 * CPU loads; the executive part (EPROCESS) the memory manager's books.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include "kernel/pte.h"
#include "kernel/vad_tree.h"
#include "ntddk.h"

typedef struct _KPROCESS {
    DISPATCHER_HEADER Header; /* signalled when the process ends */
    ULONG DirectoryTableBase; /* physical address of the directory: CR3 */
    LIST_ENTRY ThreadListHead;
    SCHAR BasePriority; /* its threads' bases are relative to this */
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
    LIST_ENTRY MmProcessLinks; /* every address space: kernel PDE updates */
    PMMPTE PageDirectory;      /* the directory, through the direct map */
    /* The reservations of the user half (NT's balanced VAD tree), changed
     * under AddressCreationLock. */
    MM_AVL_TABLE VadRoot;
    KGUARDED_MUTEX AddressCreationLock;
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

#endif
