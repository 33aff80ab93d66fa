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
