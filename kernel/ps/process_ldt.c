/*
 * NtSetLdtEntries: NT's x86 service for a process's own local descriptor
 * table. Each entry is checked (kernel/ke/segment.c: ring-3 code or data
 * inside the user half, or a free slot); the table grows to the highest
 * selector asked for and is loaded whenever the process is switched to.
 * A selector that names a slot the process has since emptied is replaced
 * on the way back to ring 3 (kernel/ke/user_mode.c), so no LDT change can
 * make the kernel's own return fault.
 */
#include "kernel/process.h"

#define LDT_TAG 'tdLP' /* "PLdt" */
#define MAXIMUM_LDT_ENTRIES 8192

/* Makes the table hold Index; STATUS_SUCCESS or no memory. */
static NTSTATUS grow(PEPROCESS Process, ULONG Index)
{
    ULONG Count = Process->LdtCount != 0 ? Process->LdtCount : 16;
    PKGDTENTRY Larger;

    while (Count <= Index)
        Count *= 2;
    if (Count > MAXIMUM_LDT_ENTRIES)
        Count = MAXIMUM_LDT_ENTRIES;
    if (Count == Process->LdtCount)
        return STATUS_SUCCESS;
    Larger =
        ExAllocatePoolWithTag(NonPagedPool, Count * sizeof(KGDTENTRY), LDT_TAG);
    if (Larger == NULL)
        return STATUS_NO_MEMORY;
    RtlZeroMemory(Larger, Count * sizeof(KGDTENTRY));
    if (Process->LdtEntries != NULL)
        RtlCopyMemory(Larger, Process->LdtEntries,
                      Process->LdtCount * sizeof(KGDTENTRY));
    /* The old table may be loaded: swap at DISPATCH_LEVEL, reload. */
    {
        PKGDTENTRY Old = Process->LdtEntries;
        KIRQL OldIrql;

        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        Process->LdtEntries = Larger;
        Process->LdtCount = Count;
        KiBuildDescriptor((ULONG)Larger, Count * sizeof(KGDTENTRY) - 1,
                          SEGMENT_TYPE_LDT, 0, &Process->Pcb.LdtDescriptor);
        if (Process == PsGetCurrentProcess())
            KiLoadProcessLdt(KeGetPcr(), &Process->Pcb.LdtDescriptor);
        KeLowerIrql(OldIrql);
        if (Old != NULL)
            ExFreePoolWithTag(Old, LDT_TAG);
    }
    return STATUS_SUCCESS;
}

/* NT's selector rules: the TI and RPL bits say nothing (index 0 is "no
 * entry"), and a selector past 16 bits is STATUS_INVALID_LDT_DESCRIPTOR,
 * as an entry NT would not install is. */
static NTSTATUS check(ULONG Selector, const KGDTENTRY *Entry)
{
    if (Selector & 0xFFFF0000UL)
        return STATUS_INVALID_LDT_DESCRIPTOR;
    if ((Selector >> 3) == 0)
        return STATUS_SUCCESS; /* nothing to set */
    return KiValidateUserDescriptor(Entry);
}

NTSTATUS NTAPI NtSetLdtEntries(ULONG Selector1, KGDTENTRY LdtEntry1,
                               ULONG Selector2, KGDTENTRY LdtEntry2)
{
    PEPROCESS Process = PsGetCurrentProcess();
    NTSTATUS Status;
    KIRQL OldIrql;
    ULONG Index1, Index2, Highest;

    /* Both are checked before either is set: all or nothing. */
    Status = check(Selector1, &LdtEntry1);
    if (NT_SUCCESS(Status))
        Status = check(Selector2, &LdtEntry2);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Process == PsInitialSystemProcess)
        return STATUS_ACCESS_DENIED;
    Index1 = Selector1 >> 3;
    Index2 = Selector2 >> 3;
    Highest = Index1 > Index2 ? Index1 : Index2;
    if (Highest == 0)
        return STATUS_SUCCESS;
    Status = grow(Process, Highest);
    if (!NT_SUCCESS(Status))
        return Status;
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    if (Index1 != 0)
        Process->LdtEntries[Index1] = LdtEntry1;
    if (Index2 != 0)
        Process->LdtEntries[Index2] = LdtEntry2;
    KeLowerIrql(OldIrql);
    return STATUS_SUCCESS;
}

VOID PspDeleteLdt(PEPROCESS Process)
{
    if (Process->LdtEntries != NULL)
        ExFreePoolWithTag(Process->LdtEntries, LDT_TAG);
    Process->LdtEntries = NULL;
    Process->LdtCount = 0;
    RtlZeroMemory(&Process->Pcb.LdtDescriptor, sizeof(KGDTENTRY));
}
