/* Test processes and user pages (kt_user.h). */
#include "kt_user.h"
#include "kernel/paging.h"
#include "kernel/seh.h"

NTSTATUS KtCreateProcess(KT_PROCESS *Process)
{
    NTSTATUS Status = PspCreateProcess("kt-user", &Process->Process);

    Process->Attached = FALSE;
    Process->Created = NT_SUCCESS(Status);
    return Status;
}

VOID KtAttachProcess(KT_PROCESS *Process)
{
    KeStackAttachProcess(&Process->Process->Pcb, &Process->Apc);
    Process->Attached = TRUE;
}

VOID KtDeleteProcess(KT_PROCESS *Process)
{
    if (Process->Attached)
        KeUnstackDetachProcess(&Process->Apc);
    Process->Attached = FALSE;
    if (!Process->Created)
        return;
    ObfDereferenceObject(Process->Process); /* its table and space go */
    Process->Process = NULL;
    Process->Created = FALSE;
}

NTSTATUS KtMapUserPage(PVOID Address, ULONG Protection)
{
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    NTSTATUS Status;

    if (Frame == MI_NO_PAGE)
        return STATUS_INSUFFICIENT_RESOURCES;
    MiZeroPhysicalPage(Frame);
    Status = MiMapPage(Address, Frame, Protection);
    if (!NT_SUCCESS(Status)) {
        MiFreePages(Frame, 0);
        return Status;
    }
    MiGetPfnEntry(Frame)->Usage = MiUsageProcess;
    return STATUS_SUCCESS;
}

VOID KtUnmapUserPage(PVOID Address)
{
    PFN_NUMBER Frame = MiUnmapPage(Address);

    if (Frame != MI_NO_PAGE)
        MiReleasePageableFrame(Frame, MiUsageProcess);
}

typedef struct _KT_ACCESS {
    PULONG Address;
    ULONG Value;
    BOOLEAN Write;
} KT_ACCESS;

static NTSTATUS touch(PVOID Context)
{
    KT_ACCESS *Access = Context;

    if (Access->Write)
        *(volatile ULONG *)Access->Address = Access->Value;
    else
        Access->Value = *(volatile ULONG *)Access->Address;
    return STATUS_SUCCESS;
}

NTSTATUS KtAccessInProcess(PEPROCESS Process, ULONG_PTR Address, BOOLEAN Write,
                           PULONG Value)
{
    KT_ACCESS Access = {(PULONG)Address, *Value, Write};
    KAPC_STATE ApcState;
    NTSTATUS Status;

    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Status = KiCallGuarded(touch, &Access);
    KeUnstackDetachProcess(&ApcState);
    *Value = Access.Value;
    return Status;
}
