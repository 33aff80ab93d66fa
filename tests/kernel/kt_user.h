/* A user address space for the kernel tests: a process with its own
 * directory and handle table, attached to by the test thread, and user
 * pages mapped in it, so system services can be called as from user
 * mode (ExpSetPreviousMode(UserMode)) with pointers into it. */
#ifndef KT_USER_H
#define KT_USER_H

#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/process.h"

typedef struct _KT_PROCESS {
    PEPROCESS Process; /* a process object; the test holds its reference */
    KAPC_STATE Apc;
    BOOLEAN Created;
    BOOLEAN Attached;
} KT_PROCESS;

/* An address space and an empty handle table; not attached yet. */
NTSTATUS KtCreateProcess(KT_PROCESS *Process);
VOID KtAttachProcess(KT_PROCESS *Process);
/* Detaches if attached, closes what the table holds, deletes the space
 * with its pages. Safe on one never created. */
VOID KtDeleteProcess(KT_PROCESS *Process);

/* A zeroed page of the current address space at Address (user half),
 * Protection PAGE_READWRITE or PAGE_READONLY; the space owns the frame
 * (it goes with the space, or with KtUnmapUserPage). */
NTSTATUS KtMapUserPage(PVOID Address, ULONG Protection);
/* Reads (Write FALSE) or writes *Value as a ULONG at Address in Process's
 * user half, attached for the moment: the fault's status, or success. */
NTSTATUS KtAccessInProcess(PEPROCESS Process, ULONG_PTR Address, BOOLEAN Write,
                           PULONG Value);
VOID KtUnmapUserPage(PVOID Address);

#endif
