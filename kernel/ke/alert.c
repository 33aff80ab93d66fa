/*
 * Alerts: a flag per processor mode that ends an alertable wait in that
 * mode with STATUS_ALERTED, or waits for the next one.
 */
#include "kernel/dispatcher.h"
#include "kernel/thread.h"

BOOLEAN NTAPI KeAlertThread(PKTHREAD Thread, KPROCESSOR_MODE AlertMode)
{
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN Previous = Thread->Alerted[(UCHAR)AlertMode];

    if (!Previous) {
        if (Thread->State == Waiting && Thread->Alertable &&
            AlertMode <= Thread->WaitMode)
            KiUnwaitThread(Thread, STATUS_ALERTED, 0);
        else
            Thread->Alerted[(UCHAR)AlertMode] = TRUE;
    }
    KiReleaseDispatcherLock(OldIrql);
    return Previous;
}

BOOLEAN NTAPI KeTestAlertThread(KPROCESSOR_MODE AlertMode)
{
    PKTHREAD Thread = KiCurrentThread();
    KIRQL OldIrql = KiAcquireDispatcherLock();
    BOOLEAN Alerted = Thread->Alerted[(UCHAR)AlertMode];

    Thread->Alerted[(UCHAR)AlertMode] = FALSE;
    if (!Alerted && AlertMode == UserMode &&
        !IsListEmpty(&Thread->ApcState.ApcListHead[UserMode]))
        Thread->ApcState.UserApcPending = TRUE;
    KiReleaseDispatcherLock(OldIrql);
    return Alerted;
}
