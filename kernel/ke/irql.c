/*
 * IRQL: who may interrupt whom. The current level lives in the PCR.
 * Raising writes it. Lowering writes it and, when KPCR.IRR holds anything
 * above the new level, takes the slow path that delivers it, highest
 * level first. Both HALs are lazy, so a raise/lower pair is a few memory
 * accesses and compares: the controller is touched only when an interrupt
 * arrives at or below the current level, and then the HAL defers it
 * (kernel/hal/pic.c, kernel/hal/apic.c).
 */
#include "kernel/irql.h"
#include "kernel/bugcheck.h"
#include "kernel/gdt.h"
#include "kernel/hal.h"
#include "kernel/thread.h"

/* Anything waiting above Irql? (Two shifts: Irql may be 31.) */
FORCEINLINE BOOLEAN pending_above(const KPCR *Pcr, KIRQL Irql)
{
    return ((Pcr->IRR >> Irql) >> 1) != 0;
}

KIRQL NTAPI KeGetCurrentIrql(VOID)
{
    return KeGetPcr()->Irql;
}

/*
 * KfRaiseIrql and KfLowerIrql are in kernel/ke/irql_hot_path.asm, as NT's HAL
 * has them: on the lazy path a raise is a load, a compare and a store.
 * These are their slow paths, in C.
 */
VOID FASTCALL KiIrqlRaiseViolation(KIRQL NewIrql)
{
    KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, KeGetCurrentIrql(), NewIrql, 0, 0);
}

VOID FASTCALL KiIrqlLowerViolation(KIRQL NewIrql)
{
    KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, KeGetCurrentIrql(), NewIrql, 0, 0);
}

KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID)
{
    return KfRaiseIrql(DISPATCH_LEVEL);
}

KIRQL NTAPI KeRaiseIrqlToSynchLevel(VOID)
{
    return KfRaiseIrql(SYNCH_LEVEL);
}

VOID FASTCALL KiRequestSoftwareInterrupt(KIRQL Level)
{
    PKPCR Pcr = KeGetPcr();
    ULONG Flags = save_and_disable_interrupts();

    Pcr->IRR |= 1UL << Level;
    restore_interrupts(Flags);
    if (Level > Pcr->Irql)
        KiDeliverPendingInterrupts(Pcr->Irql);
}

/*
 * The slow path. Interrupts stay off while IRR is examined; each pending
 * level is run at that level, software interrupts with interrupts on, so
 * that anything higher still preempts them.
 */
VOID FASTCALL KiDeliverPendingInterrupts(KIRQL NewIrql)
{
    PKPCR Pcr = KeGetPcr();
    ULONG Flags = save_and_disable_interrupts();

    while (pending_above(Pcr, NewIrql)) {
        KIRQL Level =
            (KIRQL)(bit_scan_reverse((Pcr->IRR >> NewIrql) >> 1) + NewIrql + 1);

        Pcr->IRR &= ~(1UL << Level);
        Pcr->Irql = Level;
        HalpController->SetIrql(Level);
        if (Level == DISPATCH_LEVEL || Level == APC_LEVEL) {
            if (HalpInterruptsReady)
                cpu_enable_interrupts();
            if (Level == DISPATCH_LEVEL) {
                KiRetireDpcList();
                KiDispatchInterrupt(); /* preemption, quantum end */
            } else
                KiDeliverApc();
            cpu_disable_interrupts();
        } else if (HalpController->ReplayDeferred != NULL) {
            HalpController->ReplayDeferred(Level);
        }
    }
    Pcr->Irql = NewIrql;
    HalpController->SetIrql(NewIrql);
    restore_interrupts(Flags);
}

/* Out of line, so its return address lies inside the pageable caller. */
__attribute__((noinline)) VOID NTAPI KiCheckPagedCode(VOID)
{
    KIRQL Irql = KeGetCurrentIrql();
    ULONG_PTR Caller = (ULONG_PTR)__builtin_return_address(0);

    if (Irql > APC_LEVEL) {
        DbgPrint("EX: Pageable code called at IRQL %u\n", Irql);
        /* What a fetch from a paged-out page would have caused. */
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, Caller, Irql, 8, Caller);
    }
}
