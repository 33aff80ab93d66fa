/* Helpers the paging tests share (kt_paging.h). */
#include "kt_paging.h"

VOID KtTrimEverything(VOID)
{
    MiTrimWorkingSets(0xFFFFFFFF);
    MiFlushEntireTb();
}

VOID KtTrimUserPages(VOID)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);

    MiTrimPass(TRUE, FALSE, 0xFFFFFFFF);
    KfLowerIrql(OldIrql);
    MiFlushEntireTb();
}

BOOLEAN KtWaitForWriter(VOID)
{
    LARGE_INTEGER Delay = {.QuadPart = -10 * 10000LL};
    ULONG Round;

    KeSetEvent(&MiModifiedPageWriterEvent, 0, FALSE);
    for (Round = 0;
         Round < 500 && (MiModifiedList.Total != 0 || MiPagesBeingWritten != 0);
         Round++)
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    return MiModifiedList.Total == 0 && MiPagesBeingWritten == 0;
}

VOID KtStealStandby(ULONG Count)
{
    KIRQL OldIrql = MiAcquirePfnLock();
    PFN_NUMBER Frame;

    while (Count-- > 0 &&
           (Frame = MiTakeStandbyPage(MI_CONSTRAINT_ANY)) != MI_NO_PAGE)
        MiFreePageLocked(Frame);
    MiReleasePfnLock(OldIrql);
}
