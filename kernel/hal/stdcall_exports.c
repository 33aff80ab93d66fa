/*
 * The stdcall routines NT's x86 HAL exports beside its FASTCALL Kf* ones:
 * KeRaiseIrql, KeLowerIrql, KeAcquireSpinLock and KeReleaseSpinLock as
 * functions, for drivers that call them rather than the WDK's macros
 * (which call the Kf* routines). The names are parenthesised so that the
 * macros of the same names leave them alone.
 */
#include "ntddk.h"

VOID NTAPI(KeRaiseIrql)(KIRQL NewIrql, PKIRQL OldIrql)
{
    *OldIrql = KfRaiseIrql(NewIrql);
}

VOID NTAPI(KeLowerIrql)(KIRQL NewIrql)
{
    KfLowerIrql(NewIrql);
}

VOID NTAPI(KeAcquireSpinLock)(PKSPIN_LOCK SpinLock, PKIRQL OldIrql)
{
    *OldIrql = KfAcquireSpinLock(SpinLock);
}

VOID NTAPI(KeReleaseSpinLock)(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    KfReleaseSpinLock(SpinLock, NewIrql);
}
