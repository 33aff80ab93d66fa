/*
 * Processes, as far as the memory manager needs them: an address space
 * (a page directory whose kernel half is shared by all) and the regions
 * committed in its user half. The kernel part (KPROCESS) holds what the
 * CPU loads; the executive part (EPROCESS) the memory manager's books.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include "kernel/pte.h"
#include "ntddk.h"

typedef struct _KPROCESS {
    ULONG DirectoryTableBase; /* physical address of the directory: CR3 */
} KPROCESS, *PKPROCESS, *PRKPROCESS;

/* A committed user region: pages in it are made on first touch (demand
 * zero), as NT's virtual address descriptors say. Page numbers, end
 * inclusive, as NT's StartingVpn / EndingVpn. */
typedef struct _MMVAD {
    ULONG StartingVpn;
    ULONG EndingVpn;
    ULONG Protection; /* PAGE_READONLY, PAGE_READWRITE, ... */
} MMVAD, *PMMVAD;

#define MI_MAXIMUM_VADS 16

#define PS_PROCESS_SIGNATURE 0x636f7250 /* 'corP': reads "Proc" */

typedef struct _EPROCESS {
    KPROCESS Pcb;
    ULONG Signature; /* PS_PROCESS_SIGNATURE: a pointer to a process */
    /* Pool quota, indexed by base pool type: what is charged, the most
     * ever charged, and the limit. */
    SIZE_T QuotaUsage[2];
    SIZE_T QuotaPeak[2];
    SIZE_T QuotaLimit[2];
    LIST_ENTRY MmProcessLinks; /* every address space: kernel PDE updates */
    PMMPTE PageDirectory;      /* the directory, through the direct map */
    ULONG VadCount;
    MMVAD Vad[MI_MAXIMUM_VADS]; /* sorted by address, never overlapping */
} EPROCESS, *PEPROCESS;

/* What KeStackAttachProcess saved, for KeUnstackDetachProcess. */
typedef struct _KAPC_STATE {
    PKPROCESS Process; /* the process the thread was in */
    BOOLEAN Attached;
} KAPC_STATE, *PKAPC_STATE, *PRKAPC_STATE;

/* The system process: the boot directory, the kernel's own space. */
extern PEPROCESS PsInitialSystemProcess;

PEPROCESS PsGetCurrentProcess(VOID);
#define IoGetCurrentProcess PsGetCurrentProcess

/* Runs the caller in Process's address space until the matching
 * KeUnstackDetachProcess; attaches nest, each with its own KAPC_STATE. */
VOID KeStackAttachProcess(PRKPROCESS Process, PRKAPC_STATE ApcState);
VOID KeUnstackDetachProcess(PRKAPC_STATE ApcState);

/* Quota (kernel/ps/quota.c). The limits start unlimited. */
VOID PsInitializeQuota(PEPROCESS Process);
/* STATUS_QUOTA_EXCEEDED when Amount would pass the limit. */
NTSTATUS NTAPI PsChargeProcessPoolQuota(PEPROCESS Process, POOL_TYPE PoolType,
                                        SIZE_T Amount);
/* More than is charged: QUOTA_UNDERFLOW (process, type, charged, amount). */
VOID NTAPI PsReturnPoolQuota(PEPROCESS Process, POOL_TYPE PoolType,
                             SIZE_T Amount);

/* Loads Process's directory into CR3 and makes it current. */
VOID KiSwapProcess(PKPROCESS Process);

#endif
