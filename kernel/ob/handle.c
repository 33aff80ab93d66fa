/*
 * The kernel's handle table: small numbers that stand for a referenced
 * object. Kernel handles have the top bit set, as NT's do, and are
 * multiples of 4 otherwise; the table grows by doubling. NtCurrentThread()
 * and NtCurrentProcess() stand for the caller's own without an entry.
 */
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/thread.h"

#define KERNEL_HANDLE_BIT 0x80000000UL
#define HANDLE_TABLE_TAG 'btbO' /* "Obtb" */

typedef struct _HANDLE_TABLE_ENTRY {
    PVOID Object; /* NULL: free */
    ACCESS_MASK GrantedAccess;
} HANDLE_TABLE_ENTRY;

static HANDLE_TABLE_ENTRY *table;
static ULONG table_size;
static ULONG open_handles;
static KSPIN_LOCK table_lock;

static HANDLE index_to_handle(ULONG Index)
{
    return (HANDLE)(KERNEL_HANDLE_BIT | ((Index + 1) << 2));
}

/* The entry's index, or table_size when Handle names none. */
static ULONG handle_to_index(HANDLE Handle)
{
    ULONG Value = (ULONG)(ULONG_PTR)Handle;
    ULONG Index = ((Value & ~KERNEL_HANDLE_BIT) >> 2) - 1;

    if (!(Value & KERNEL_HANDLE_BIT) || (Value & 3) != 0 ||
        Index >= table_size || table[Index].Object == NULL)
        return table_size;
    return Index;
}

/* Doubles the table; called without the lock (the pool may be paged). */
static BOOLEAN grow(ULONG Seen)
{
    ULONG Size = Seen == 0 ? 32 : Seen * 2;
    HANDLE_TABLE_ENTRY *Larger = ExAllocatePoolWithTag(
        NonPagedPool, Size * sizeof(HANDLE_TABLE_ENTRY), HANDLE_TABLE_TAG);
    HANDLE_TABLE_ENTRY *Old = NULL;
    KIRQL OldIrql;

    if (Larger == NULL)
        return FALSE;
    RtlZeroMemory(Larger, Size * sizeof(HANDLE_TABLE_ENTRY));
    KeAcquireSpinLock(&table_lock, &OldIrql);
    if (table_size == Seen) {
        if (Seen != 0)
            RtlCopyMemory(Larger, table, Seen * sizeof(HANDLE_TABLE_ENTRY));
        Old = table;
        table = Larger;
        table_size = Size;
        Larger = NULL;
    }
    KeReleaseSpinLock(&table_lock, OldIrql);
    if (Old != NULL)
        ExFreePoolWithTag(Old, HANDLE_TABLE_TAG);
    if (Larger != NULL) /* somebody else grew it meanwhile */
        ExFreePoolWithTag(Larger, HANDLE_TABLE_TAG);
    return TRUE;
}

NTSTATUS ObpCreateHandle(PVOID Object, ACCESS_MASK Access, PHANDLE Handle)
{
    for (;;) {
        KIRQL OldIrql;
        ULONG Index, Seen;

        KeAcquireSpinLock(&table_lock, &OldIrql);
        for (Index = 0; Index < table_size; Index++) {
            if (table[Index].Object == NULL)
                break;
        }
        Seen = table_size;
        if (Index < table_size) {
            POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);

            table[Index].Object = Object;
            table[Index].GrantedAccess = Access;
            open_handles++;
            ObfReferenceObject(Object);
            Header->HandleCount++;
            __atomic_add_fetch(&Header->Type->TotalNumberOfHandles, 1,
                               __ATOMIC_RELAXED);
            KeReleaseSpinLock(&table_lock, OldIrql);
            *Handle = index_to_handle(Index);
            return STATUS_SUCCESS;
        }
        KeReleaseSpinLock(&table_lock, OldIrql);
        if (!grow(Seen))
            return STATUS_INSUFFICIENT_RESOURCES;
    }
}

NTSTATUS NTAPI ObReferenceObjectByHandle(
    HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
    KPROCESSOR_MODE AccessMode, PVOID *Object,
    POBJECT_HANDLE_INFORMATION HandleInformation)
{
    extern POBJECT_TYPE PspThreadType;
    PVOID Found = NULL;
    ACCESS_MASK Granted = 0x001FFFFF;
    KIRQL OldIrql;
    ULONG Index;

    UNREFERENCED_PARAMETER(DesiredAccess);
    UNREFERENCED_PARAMETER(AccessMode);
    *Object = NULL;
    if (Handle == NtCurrentThread()) {
        if (ObjectType != NULL && ObjectType != PspThreadType)
            return STATUS_OBJECT_TYPE_MISMATCH;
        Found = PsGetCurrentThread();
    } else if (Handle == NtCurrentProcess()) {
        return STATUS_OBJECT_TYPE_MISMATCH; /* processes are no objects yet */
    }
    KeAcquireSpinLock(&table_lock, &OldIrql);
    if (Found == NULL) {
        Index = handle_to_index(Handle);
        if (Index == table_size) {
            KeReleaseSpinLock(&table_lock, OldIrql);
            return STATUS_INVALID_HANDLE;
        }
        Found = table[Index].Object;
        Granted = table[Index].GrantedAccess;
        if (ObjectType != NULL &&
            OBJECT_TO_OBJECT_HEADER(Found)->Type != ObjectType) {
            KeReleaseSpinLock(&table_lock, OldIrql);
            return STATUS_OBJECT_TYPE_MISMATCH;
        }
    }
    ObfReferenceObject(Found);
    KeReleaseSpinLock(&table_lock, OldIrql);
    if (HandleInformation != NULL) {
        HandleInformation->HandleAttributes = OBJ_KERNEL_HANDLE;
        HandleInformation->GrantedAccess = Granted;
    }
    *Object = Found;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwClose(HANDLE Handle)
{
    PVOID Object;
    KIRQL OldIrql;
    ULONG Index;

    KeAcquireSpinLock(&table_lock, &OldIrql);
    Index = handle_to_index(Handle);
    if (Index == table_size) {
        KeReleaseSpinLock(&table_lock, OldIrql);
        return STATUS_INVALID_HANDLE;
    }
    Object = table[Index].Object;
    table[Index].Object = NULL;
    open_handles--;
    OBJECT_TO_OBJECT_HEADER(Object)->HandleCount--;
    __atomic_sub_fetch(
        &OBJECT_TO_OBJECT_HEADER(Object)->Type->TotalNumberOfHandles, 1,
        __ATOMIC_RELAXED);
    KeReleaseSpinLock(&table_lock, OldIrql);
    ObfDereferenceObject(Object);
    return STATUS_SUCCESS;
}

ULONG ObpHandleCount(VOID)
{
    return open_handles;
}
