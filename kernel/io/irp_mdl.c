/*
 * The MDLs an IRP carries (direct I/O, and any a driver chained with
 * IoAllocateMdl): the I/O manager locks the requester's pages when it
 * builds the IRP, unlocks them as soon as the IRP completes, and frees
 * the MDLs once the requester has been told.
 */
#include "kernel/io.h"
#include "kernel/seh.h"

NTSTATUS IopLockUserBuffer(PIRP Irp, PVOID Buffer, ULONG Length,
                           BOOLEAN DeviceWrites)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    PMDL Mdl = IoAllocateMdl(Buffer, Length, FALSE, TRUE, Irp);

    if (Mdl == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    SEH_TRY
    {
        MmProbeAndLockPages(Mdl, Irp->RequestorMode,
                            DeviceWrites ? IoWriteAccess : IoReadAccess);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    if (!NT_SUCCESS(Status)) {
        Irp->MdlAddress = NULL;
        IoFreeMdl(Mdl);
    }
    return Status;
}

VOID IopUnlockIrpMdls(PIRP Irp)
{
    PMDL Mdl;

    for (Mdl = Irp->MdlAddress; Mdl != NULL; Mdl = Mdl->Next)
        if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Mdl);
}

VOID IopFreeIrpMdls(PIRP Irp)
{
    PMDL Mdl = Irp->MdlAddress;

    while (Mdl != NULL) {
        PMDL Next = Mdl->Next;

        IoFreeMdl(Mdl);
        Mdl = Next;
    }
    Irp->MdlAddress = NULL;
}
