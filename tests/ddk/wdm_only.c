/*
 * A WDM driver's translation unit: wdm.h alone must be enough for the
 * core (the kitchen sink covers ntddk.h), and pull in nothing a WDM
 * driver could not import.
 */
#include <wdm.h>

KDEFERRED_ROUTINE WdmDpc;

static KDPC Dpc;
static KSPIN_LOCK Lock;

_Use_decl_annotations_ VOID NTAPI WdmDpc(PKDPC ThisDpc, PVOID Context,
                                         PVOID Argument1, PVOID Argument2)
{
    KIRQL OldIrql;
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\Wdm");
    PVOID Block;

    UNREFERENCED_PARAMETER(ThisDpc);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeAcquireSpinLock(&Lock, &OldIrql);
    Block = ExAllocatePoolWithTag(NonPagedPool, Name.Length, 'mdWW');
    if (Block != NULL) {
        RtlCopyMemory(Block, Name.Buffer, Name.Length);
        ExFreePoolWithTag(Block, 'mdWW');
    }
    KeReleaseSpinLock(&Lock, OldIrql);
    InterlockedIncrement((LONG volatile *)Context);
}

NTSTATUS WdmEntry(PVOID Context)
{
    PAGED_CODE();
    KeInitializeSpinLock(&Lock);
    KeInitializeDpc(&Dpc, WdmDpc, Context);
    return KeInsertQueueDpc(&Dpc, NULL, NULL) ? STATUS_SUCCESS
                                              : STATUS_UNSUCCESSFUL;
}
