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
/* Call's status, made with PreviousMode UserMode. */
#define KT_FROM_USER(Call)                                                     \
    ({                                                                         \
        NTSTATUS Status_;                                                      \
        ExpSetPreviousMode(UserMode);                                          \
        Status_ = (Call);                                                      \
        ExpSetPreviousMode(KernelMode);                                        \
        Status_;                                                               \
    })

/* Runs Call with PreviousMode UserMode (the test attached to Process): it
 * must return Expected and leave Process's handles and regions, and the
 * count Objects() gives, as they were. Bad names the pointer tried. */
#define KT_EXPECT_FROM_USER(Process, Objects, Call, Bad, Expected)             \
    do {                                                                       \
        ULONG Handles_ = (Process)->ObjectTable->HandleCount;                  \
        ULONG Vads_ = (Process)->VadRoot.NumberGenericTableElements;           \
        LONG Objects_ = Objects();                                             \
        NTSTATUS Got_ = KT_FROM_USER(Call);                                    \
        KT_ASSERT_MSG(Got_ == (NTSTATUS)(Expected),                            \
                      "%s with %lx: %lx, expected %lx", #Call, (ULONG)(Bad),   \
                      (ULONG)Got_, (ULONG)(Expected));                         \
        KT_ASSERT_MSG((Process)->ObjectTable->HandleCount == Handles_,         \
                      "%s with %lx made a handle", #Call, (ULONG)(Bad));       \
        KT_ASSERT_MSG((Process)->VadRoot.NumberGenericTableElements == Vads_,  \
                      "%s with %lx mapped a view", #Call, (ULONG)(Bad));       \
        KT_ASSERT_MSG(Objects() == Objects_, "%s with %lx made an object",     \
                      #Call, (ULONG)(Bad));                                    \
    } while (0)

/* Reads (Write FALSE) or writes *Value as a ULONG at Address in Process's
 * user half, attached for the moment: the fault's status, or success. */
NTSTATUS KtAccessInProcess(PEPROCESS Process, ULONG_PTR Address, BOOLEAN Write,
                           PULONG Value);
VOID KtUnmapUserPage(PVOID Address);

#endif
