/* Transient: replaced when the MDL routines land (same session). */
#include "kernel/io.h"

VOID IopUnlockIrpMdls(PIRP Irp)
{
    if (Irp->MdlAddress != NULL)
        KeBugCheckEx(PFN_LIST_CORRUPT, (ULONG_PTR)Irp, 0, 0, 0);
}

VOID IopFreeIrpMdls(PIRP Irp)
{
    UNREFERENCED_PARAMETER(Irp);
}

NTSTATUS IopLockUserBuffer(PIRP Irp, PVOID Buffer, ULONG Length,
                           BOOLEAN DeviceWrites)
{
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Buffer);
    UNREFERENCED_PARAMETER(Length);
    UNREFERENCED_PARAMETER(DeviceWrites);
    return STATUS_NOT_IMPLEMENTED;
}
