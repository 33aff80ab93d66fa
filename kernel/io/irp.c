/*
 * IRPs: allocated with their stack locations in one block, from one of two
 * lookaside lists when they fit (one location, or up to eight), as NT.
 * An IRP a thread issues sits on the thread's IrpList until it completes,
 * so the thread's exit can cancel what it still has outstanding.
 */
#include "kernel/io.h"
#include "kernel/thread.h"

static NPAGED_LOOKASIDE_LIST small_irps; /* one stack location */
static NPAGED_LOOKASIDE_LIST large_irps; /* up to eight */
/* Every thread's IrpList: one lock is enough on one processor. */
static KSPIN_LOCK irp_list_lock;

VOID IopInitializeIrpLookasides(VOID)
{
    KeInitializeSpinLock(&irp_list_lock);
    ExInitializeNPagedLookasideList(&small_irps, NULL, NULL, 0, IoSizeOfIrp(1),
                                    IO_IRP_TAG, 0);
    ExInitializeNPagedLookasideList(&large_irps, NULL, NULL, 0,
                                    IoSizeOfIrp(IOP_LARGE_IRP_STACK_LOCATIONS),
                                    IO_IRP_TAG, 0);
}

VOID NTAPI IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
    RtlZeroMemory(Irp, PacketSize);
    Irp->Type = IO_TYPE_IRP;
    Irp->Size = PacketSize;
    Irp->StackCount = StackSize;
    Irp->CurrentLocation = (CHAR)(StackSize + 1);
    Irp->ApcEnvironment = (CCHAR)KeGetCurrentThread()->ApcStateIndex;
    InitializeListHead(&Irp->ThreadListEntry);
    Irp->Tail.Overlay.CurrentStackLocation =
        (PIO_STACK_LOCATION)(Irp + 1) + StackSize;
}

PIRP NTAPI IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
    PNPAGED_LOOKASIDE_LIST List = NULL;
    UCHAR Flags = 0;
    USHORT Size;
    PIRP Irp;

    if (StackSize <= 0)
        return NULL;
    if (StackSize == 1)
        List = &small_irps;
    else if (StackSize <= IOP_LARGE_IRP_STACK_LOCATIONS)
        List = &large_irps;
    if (List != NULL) {
        /* The list's block fits any smaller stack; the IRP is sized by
         * the list so it goes back to the same one. */
        Size = StackSize == 1 ? IoSizeOfIrp(1)
                              : IoSizeOfIrp(IOP_LARGE_IRP_STACK_LOCATIONS);
        Irp = ExAllocateFromNPagedLookasideList(List);
        Flags = IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION;
    } else {
        Size = IoSizeOfIrp(StackSize);
        Irp = ExAllocatePoolWithTag(NonPagedPool, Size, IO_IRP_TAG);
    }
    if (Irp == NULL)
        return NULL;
    IoInitializeIrp(Irp, Size, StackSize);
    if (ChargeQuota)
        Flags |= IRP_QUOTA_CHARGED;
    Irp->AllocationFlags = Flags;
    __atomic_add_fetch(&IopCounters.IrpsAllocated, 1, __ATOMIC_RELAXED);
    return Irp;
}

VOID NTAPI IoFreeIrp(PIRP Irp)
{
    /* A freed IRP carries no type: freeing it again, or completing it,
     * is caught. */
    if (Irp->Type != IO_TYPE_IRP || !IsListEmpty(&Irp->ThreadListEntry))
        KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, Irp->Type,
                     0, 0);
    Irp->Type = 0;
    __atomic_sub_fetch(&IopCounters.IrpsAllocated, 1, __ATOMIC_RELAXED);
    if (!(Irp->AllocationFlags & IRP_LOOKASIDE_ALLOCATION))
        ExFreePoolWithTag(Irp, IO_IRP_TAG);
    else if (Irp->StackCount == 1)
        ExFreeToNPagedLookasideList(&small_irps, Irp);
    else
        ExFreeToNPagedLookasideList(&large_irps, Irp);
}

VOID NTAPI IoReuseIrp(PIRP Irp, NTSTATUS Status)
{
    UCHAR AllocationFlags = Irp->AllocationFlags;

    IoInitializeIrp(Irp, Irp->Size, Irp->StackCount);
    Irp->IoStatus.Status = Status;
    Irp->AllocationFlags = AllocationFlags;
}

VOID IopQueueThreadIrp(PIRP Irp)
{
    PETHREAD Thread = PsGetCurrentThread();
    KIRQL OldIrql;

    Irp->Tail.Overlay.Thread = Thread;
    KeAcquireSpinLock(&irp_list_lock, &OldIrql);
    InsertHeadList(&Thread->IrpList, &Irp->ThreadListEntry);
    KeReleaseSpinLock(&irp_list_lock, OldIrql);
}

VOID IopDequeueThreadIrp(PIRP Irp)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&irp_list_lock, &OldIrql);
    RemoveEntryList(&Irp->ThreadListEntry);
    InitializeListHead(&Irp->ThreadListEntry);
    KeReleaseSpinLock(&irp_list_lock, OldIrql);
}

/* The first IRP on Thread's list that Match accepts and that was not yet
 * asked to cancel, marked as asked; NULL when none is left. */
PIRP IopNextIrpToCancel(PETHREAD Thread, PFILE_OBJECT FileObject)
{
    PLIST_ENTRY Entry;
    PIRP Found = NULL;
    KIRQL OldIrql;

    KeAcquireSpinLock(&irp_list_lock, &OldIrql);
    for (Entry = Thread->IrpList.Flink; Entry != &Thread->IrpList;
         Entry = Entry->Flink) {
        PIRP Irp = CONTAINING_RECORD(Entry, IRP, ThreadListEntry);

        if (Irp->Cancel || (FileObject != NULL &&
                            Irp->Tail.Overlay.OriginalFileObject != FileObject))
            continue;
        Irp->Cancel = TRUE; /* IoCancelIrp sets it again, harmlessly */
        Found = Irp;
        break;
    }
    KeReleaseSpinLock(&irp_list_lock, OldIrql);
    return Found;
}

/* TRUE while Thread has IRPs of FileObject (any, when NULL) outstanding. */
BOOLEAN IopThreadHasIrps(PETHREAD Thread, PFILE_OBJECT FileObject)
{
    PLIST_ENTRY Entry;
    BOOLEAN Found = FALSE;
    KIRQL OldIrql;

    KeAcquireSpinLock(&irp_list_lock, &OldIrql);
    for (Entry = Thread->IrpList.Flink; Entry != &Thread->IrpList;
         Entry = Entry->Flink) {
        PIRP Irp = CONTAINING_RECORD(Entry, IRP, ThreadListEntry);

        if (FileObject == NULL ||
            Irp->Tail.Overlay.OriginalFileObject == FileObject) {
            Found = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&irp_list_lock, OldIrql);
    return Found;
}

/* Thread is going and these IRPs would not let go: they complete later
 * with nobody to tell (IopCompleteRequest frees them where they finish). */
VOID IopDisassociateThreadIrps(PETHREAD Thread)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&irp_list_lock, &OldIrql);
    while (!IsListEmpty(&Thread->IrpList)) {
        PIRP Irp = CONTAINING_RECORD(RemoveHeadList(&Thread->IrpList), IRP,
                                     ThreadListEntry);

        InitializeListHead(&Irp->ThreadListEntry);
        Irp->Tail.Overlay.Thread = NULL;
    }
    KeReleaseSpinLock(&irp_list_lock, OldIrql);
}
