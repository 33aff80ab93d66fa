/*
 * Handle tables, one per process (EPROCESS.ObjectTable): an array of
 * entries (object, granted access, attributes) that doubles when full. A
 * handle is (index + 1) * 4, as NT's, so the first is 4 and a freed value
 * is the next one given (lowest first). Kernel handles are the system
 * process's entries with the top bit set; a kernel handle is refused to
 * user mode. NtCurrentProcess() and NtCurrentThread() need no entry.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/process.h"

#define HANDLE_TABLE_TAG 'btbO' /* "Obtb" */

PHANDLE_TABLE ObpKernelHandleTable;

PHANDLE_TABLE ObpCreateHandleTable(VOID)
{
    PHANDLE_TABLE Table =
        ExAllocatePoolWithTag(NonPagedPool, sizeof(*Table), HANDLE_TABLE_TAG);

    if (Table != NULL) {
        RtlZeroMemory(Table, sizeof(*Table));
        KeInitializeSpinLock(&Table->Lock);
    }
    return Table;
}

static HANDLE index_to_handle(ULONG Index)
{
    return (HANDLE)(ULONG_PTR)((Index + 1) << 2);
}

/* The entry's index, or Table->Size when Handle names none; lock held. */
static ULONG handle_to_index(PHANDLE_TABLE Table, HANDLE Handle)
{
    ULONG Value = (ULONG)(ULONG_PTR)Handle & ~KERNEL_HANDLE_FLAG;
    ULONG Index = (Value >> 2) - 1;

    if ((Value & 3) != 0 || Value == 0 || Index >= Table->Size ||
        Table->Table[Index].Object == NULL)
        return Table->Size;
    return Index;
}

PHANDLE_TABLE ObpTableForHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode)
{
    if ((ULONG_PTR)Handle & KERNEL_HANDLE_FLAG)
        return AccessMode == KernelMode ? ObpKernelHandleTable : NULL;
    return PsGetCurrentProcess()->ObjectTable;
}

/* Doubles the table; called without the lock (the pool may be paged). */
static BOOLEAN grow(PHANDLE_TABLE Table, ULONG Seen)
{
    ULONG Size = Seen == 0 ? 32 : Seen * 2;
    PHANDLE_TABLE_ENTRY Larger = ExAllocatePoolWithTag(
        NonPagedPool, Size * sizeof(HANDLE_TABLE_ENTRY), HANDLE_TABLE_TAG);
    PHANDLE_TABLE_ENTRY Old = NULL;
    KIRQL OldIrql;

    if (Larger == NULL)
        return FALSE;
    RtlZeroMemory(Larger, Size * sizeof(HANDLE_TABLE_ENTRY));
    KeAcquireSpinLock(&Table->Lock, &OldIrql);
    if (Table->Size == Seen) {
        if (Seen != 0)
            RtlCopyMemory(Larger, Table->Table,
                          Seen * sizeof(HANDLE_TABLE_ENTRY));
        Old = Table->Table;
        Table->Table = Larger;
        Table->Size = Size;
        Larger = NULL;
    }
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    if (Old != NULL)
        ExFreePoolWithTag(Old, HANDLE_TABLE_TAG);
    if (Larger != NULL) /* somebody else grew it meanwhile */
        ExFreePoolWithTag(Larger, HANDLE_TABLE_TAG);
    return TRUE;
}

NTSTATUS ObpCreateHandleInTable(PHANDLE_TABLE Table, PVOID Object,
                                ACCESS_MASK GrantedAccess, ULONG Attributes,
                                PHANDLE Handle)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);

    for (;;) {
        KIRQL OldIrql;
        ULONG Index, Seen;

        KeAcquireSpinLock(&Table->Lock, &OldIrql);
        for (Index = Table->FirstFree; Index < Table->Size; Index++) {
            if (Table->Table[Index].Object == NULL)
                break;
        }
        Seen = Table->Size;
        if (Index < Table->Size) {
            LONG Count;

            Table->Table[Index].Object = Object;
            Table->Table[Index].GrantedAccess = GrantedAccess;
            Table->Table[Index].Attributes =
                Attributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE);
            Table->FirstFree = Index + 1;
            Table->HandleCount++;
            ObfReferenceObject(Object);
            __atomic_add_fetch(&Header->HandleCount, 1, __ATOMIC_RELAXED);
            Count = __atomic_add_fetch(&Header->Type->TotalNumberOfHandles, 1,
                                       __ATOMIC_RELAXED);
            if (Count > Header->Type->HighWaterNumberOfHandles)
                Header->Type->HighWaterNumberOfHandles = Count;
            KeReleaseSpinLock(&Table->Lock, OldIrql);
            *Handle = index_to_handle(Index);
            return STATUS_SUCCESS;
        }
        KeReleaseSpinLock(&Table->Lock, OldIrql);
        if (!grow(Table, Seen))
            return STATUS_INSUFFICIENT_RESOURCES;
    }
}

NTSTATUS ObpCreateHandle(PVOID Object, ACCESS_MASK DesiredAccess,
                         ULONG Attributes, KPROCESSOR_MODE AccessMode,
                         PHANDLE Handle)
{
    BOOLEAN Kernel =
        (Attributes & OBJ_KERNEL_HANDLE) && AccessMode == KernelMode;
    PHANDLE_TABLE Table =
        Kernel ? ObpKernelHandleTable : PsGetCurrentProcess()->ObjectTable;
    NTSTATUS Status;

    *Handle = NULL;
    if (Table == NULL) /* a process whose table is not made yet */
        return STATUS_INVALID_PARAMETER;
    Status = ObpCreateHandleInTable(
        Table, Object,
        ObpGrantedAccess(OBJECT_TO_OBJECT_HEADER(Object)->Type, DesiredAccess),
        Attributes, Handle);
    if (NT_SUCCESS(Status) && Kernel)
        *Handle = (HANDLE)((ULONG_PTR)*Handle | KERNEL_HANDLE_FLAG);
    return Status;
}

BOOLEAN ObpReferenceHandleEntry(PHANDLE_TABLE Table, HANDLE Handle,
                                PHANDLE_TABLE_ENTRY Entry)
{
    KIRQL OldIrql;
    ULONG Index;

    KeAcquireSpinLock(&Table->Lock, &OldIrql);
    Index = handle_to_index(Table, Handle);
    if (Index == Table->Size) {
        KeReleaseSpinLock(&Table->Lock, OldIrql);
        return FALSE;
    }
    *Entry = Table->Table[Index];
    ObfReferenceObject(Entry->Object);
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    return TRUE;
}

BOOLEAN ObpSetHandleAttributes(PHANDLE_TABLE Table, HANDLE Handle,
                               ULONG Attributes)
{
    KIRQL OldIrql;
    ULONG Index;

    KeAcquireSpinLock(&Table->Lock, &OldIrql);
    Index = handle_to_index(Table, Handle);
    if (Index < Table->Size)
        Table->Table[Index].Attributes =
            Attributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE);
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    return Index < Table->Size;
}

NTSTATUS ObpCloseHandleInTable(PHANDLE_TABLE Table, HANDLE Handle,
                               BOOLEAN IgnoreProtection)
{
    POBJECT_HEADER Header;
    PVOID Object;
    KIRQL OldIrql;
    ULONG Index;

    KeAcquireSpinLock(&Table->Lock, &OldIrql);
    Index = handle_to_index(Table, Handle);
    if (Index == Table->Size) {
        KeReleaseSpinLock(&Table->Lock, OldIrql);
        return STATUS_INVALID_HANDLE;
    }
    if ((Table->Table[Index].Attributes & OBJ_PROTECT_CLOSE) &&
        !IgnoreProtection) {
        KeReleaseSpinLock(&Table->Lock, OldIrql);
        return STATUS_HANDLE_NOT_CLOSABLE;
    }
    Object = Table->Table[Index].Object;
    Table->Table[Index].Object = NULL;
    if (Index < Table->FirstFree)
        Table->FirstFree = Index;
    Table->HandleCount--;
    KeReleaseSpinLock(&Table->Lock, OldIrql);
    Header = OBJECT_TO_OBJECT_HEADER(Object);
    if (Header->Type->TypeInfo.CloseProcedure != NULL)
        Header->Type->TypeInfo.CloseProcedure(Object,
                                              (ULONG)Header->HandleCount);
    __atomic_sub_fetch(&Header->Type->TotalNumberOfHandles, 1,
                       __ATOMIC_RELAXED);
    if (__atomic_sub_fetch(&Header->HandleCount, 1, __ATOMIC_RELAXED) == 0)
        ObpDeleteNameCheck(Object);
    ObfDereferenceObject(Object);
    return STATUS_SUCCESS;
}

VOID ObpDestroyHandleTable(PHANDLE_TABLE Table)
{
    ULONG Index;

    for (Index = 0; Index < Table->Size; Index++)
        if (Table->Table[Index].Object != NULL)
            ObpCloseHandleInTable(Table, index_to_handle(Index), TRUE);
    if (Table->Table != NULL)
        ExFreePoolWithTag(Table->Table, HANDLE_TABLE_TAG);
    ExFreePoolWithTag(Table, HANDLE_TABLE_TAG);
}

VOID ObpEnumerateHandles(PHANDLE_TABLE Table, OBP_HANDLE_ROUTINE Callback,
                         PVOID Context)
{
    ULONG Index;

    for (Index = 0;; Index++) {
        HANDLE_TABLE_ENTRY Entry;
        KIRQL OldIrql;

        KeAcquireSpinLock(&Table->Lock, &OldIrql);
        if (Index >= Table->Size) {
            KeReleaseSpinLock(&Table->Lock, OldIrql);
            return;
        }
        Entry = Table->Table[Index];
        if (Entry.Object != NULL)
            ObfReferenceObject(Entry.Object);
        KeReleaseSpinLock(&Table->Lock, OldIrql);
        if (Entry.Object != NULL) {
            Callback(index_to_handle(Index), &Entry, Context);
            ObfDereferenceObject(Entry.Object);
        }
    }
}

ULONG ObpHandleCount(VOID)
{
    return ObpKernelHandleTable->HandleCount;
}

NTSTATUS NTAPI NtClose(HANDLE Handle)
{
    PHANDLE_TABLE Table = ObpTableForHandle(Handle, ExGetPreviousMode());

    if (Table == NULL)
        return STATUS_INVALID_HANDLE;
    return ObpCloseHandleInTable(Table, Handle, FALSE);
}

/* A process handle for duplication: referenced, PROCESS_DUP_HANDLE. */
static NTSTATUS reference_process(HANDLE Handle, KPROCESSOR_MODE Mode,
                                  PEPROCESS *Process)
{
    return ObReferenceObjectByHandle(Handle, PROCESS_DUP_HANDLE, *PsProcessType,
                                     Mode, (PVOID *)Process, NULL);
}

/* The object SourceHandle names in Source's table (the caller's own
 * handles, pseudo-handles included, when Source is the current process). */
static NTSTATUS reference_source(PEPROCESS Source, HANDLE SourceHandle,
                                 KPROCESSOR_MODE Mode, PVOID *Object,
                                 POBJECT_HANDLE_INFORMATION Information,
                                 PHANDLE_TABLE *SourceTable)
{
    HANDLE_TABLE_ENTRY Entry;

    if (Source == PsGetCurrentProcess()) {
        *SourceTable = ObpTableForHandle(SourceHandle, Mode);
        return ObReferenceObjectByHandle(SourceHandle, 0, NULL, Mode, Object,
                                         Information);
    }
    *SourceTable = Source->ObjectTable;
    if ((ULONG_PTR)SourceHandle & KERNEL_HANDLE_FLAG || *SourceTable == NULL ||
        !ObpReferenceHandleEntry(*SourceTable, SourceHandle, &Entry))
        return STATUS_INVALID_HANDLE;
    *Object = Entry.Object;
    Information->GrantedAccess = Entry.GrantedAccess;
    Information->HandleAttributes = Entry.Attributes;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtDuplicateObject(HANDLE SourceProcessHandle,
                                 HANDLE SourceHandle,
                                 HANDLE TargetProcessHandle,
                                 PHANDLE TargetHandle,
                                 ACCESS_MASK DesiredAccess,
                                 ULONG HandleAttributes, ULONG Options)
{
    KPROCESSOR_MODE PreviousMode = ExGetPreviousMode();
    OBJECT_HANDLE_INFORMATION Information;
    PEPROCESS Source, Target = NULL;
    PHANDLE_TABLE SourceTable;
    ACCESS_MASK Access;
    NTSTATUS Status;
    PVOID Object;
    HANDLE Duplicate = NULL;

    if (TargetHandle != NULL) { /* probed before anything changes */
        Status = ExpProbeHandleOut(TargetHandle, PreviousMode);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (Options & ~(DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS |
                    DUPLICATE_SAME_ATTRIBUTES))
        return STATUS_INVALID_PARAMETER;
    Status = reference_process(SourceProcessHandle, PreviousMode, &Source);
    if (!NT_SUCCESS(Status))
        return Status;
    if (TargetProcessHandle != NULL) {
        Status = reference_process(TargetProcessHandle, PreviousMode, &Target);
        if (!NT_SUCCESS(Status)) {
            ObfDereferenceObject(Source);
            return Status;
        }
    }
    Status = reference_source(Source, SourceHandle, PreviousMode, &Object,
                              &Information, &SourceTable);
    if (!NT_SUCCESS(Status))
        goto out;
    if (TargetHandle == NULL || Target == NULL) {
        Status = STATUS_SUCCESS; /* only closing the source */
    } else {
        Access = Options & DUPLICATE_SAME_ACCESS ? Information.GrantedAccess
                                                 : DesiredAccess;
        if (Options & DUPLICATE_SAME_ATTRIBUTES)
            HandleAttributes = (HandleAttributes & OBJ_KERNEL_HANDLE) |
                               Information.HandleAttributes;
        if (Target == PsGetCurrentProcess())
            Status = ObpCreateHandle(Object, Access, HandleAttributes,
                                     PreviousMode, &Duplicate);
        else if (Target->ObjectTable == NULL)
            Status = STATUS_PROCESS_IS_TERMINATING;
        else
            Status = ObpCreateHandleInTable(
                Target->ObjectTable, Object,
                ObpGrantedAccess(OBJECT_TO_OBJECT_HEADER(Object)->Type, Access),
                HandleAttributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE),
                &Duplicate);
        if (NT_SUCCESS(Status))
            ExpWriteBack(TargetHandle, &Duplicate, sizeof(Duplicate));
    }
    ObfDereferenceObject(Object);
    if (Options & DUPLICATE_CLOSE_SOURCE && SourceTable != NULL)
        ObpCloseHandleInTable(SourceTable, SourceHandle, TRUE);
out:
    if (Target != NULL)
        ObfDereferenceObject(Target);
    ObfDereferenceObject(Source);
    return Status;
}
