/* Helpers shared by the virtual-memory service tests (vm_api_test.c). */
#ifndef VM_API_TEST_H
#define VM_API_TEST_H

#include "kernel/mm.h"
#include "kernel/process.h"
#include "kernel/seh.h"

/* A test's address space, made and attached to by KtVmEnterSpace, and
 * detached from and deleted by KtVmLeaveSpace (which knows what
 * happened, for cleanup sections). */
typedef struct _KT_VM_SPACE {
    EPROCESS Process;
    KAPC_STATE Apc;
    BOOLEAN Created;
    BOOLEAN Attached;
} KT_VM_SPACE;

NTSTATUS KtVmEnterSpace(KT_VM_SPACE *Space);
VOID KtVmLeaveSpace(KT_VM_SPACE *Space);
PFN_NUMBER KtVmFreeFrames(VOID);
/* Bytes of nonpaged pool under the VAD tag. */
SIZE_T KtVmPoolBytes(VOID);

/* The Zw* services on NtCurrentProcess(); the base and size they give
 * back land in KtVmOutBase / KtVmOutSize, a query's answer in KtVmInfo. */
extern ULONG KtVmOutBase, KtVmOutSize;
extern MEMORY_BASIC_INFORMATION KtVmInfo;
NTSTATUS KtVmAllocate(ULONG Base, ULONG Size, ULONG Type, ULONG Protect);
NTSTATUS KtVmRelease(ULONG Base, ULONG Size, ULONG Type);
NTSTATUS KtVmProtect(ULONG Base, ULONG Size, ULONG Protect, PULONG Old);
NTSTATUS KtVmQuery(ULONG Address);

/* Reads (Write FALSE) or writes a ULONG inside a try block: the
 * exception code, or STATUS_SUCCESS; the record in KtVmCaught. */
extern EXCEPTION_RECORD KtVmCaught;
NTSTATUS KtVmTouch(ULONG Address, BOOLEAN Write, ULONG *Value);

/* Every field of KtVmInfo. */
#define KT_ASSERT_INFO(Base_, AllocBase_, AllocProtect_, Size_, State_,        \
                       Protect_, Type_)                                        \
    do {                                                                       \
        KT_ASSERT_EQ((ULONG)KtVmInfo.BaseAddress, (Base_));                    \
        KT_ASSERT_EQ((ULONG)KtVmInfo.AllocationBase, (AllocBase_));            \
        KT_ASSERT_EQ(KtVmInfo.AllocationProtect, (AllocProtect_));             \
        KT_ASSERT_EQ(KtVmInfo.RegionSize, (Size_));                            \
        KT_ASSERT_EQ(KtVmInfo.State, (State_));                                \
        KT_ASSERT_EQ(KtVmInfo.Protect, (Protect_));                            \
        KT_ASSERT_EQ(KtVmInfo.Type, (Type_));                                  \
    } while (0)

#endif
