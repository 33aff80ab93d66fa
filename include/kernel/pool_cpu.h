/*
 * What the pool's per-processor front (kernel/pool_front.h) needs from the
 * processor: this processor's front, a way to keep interrupts (and with
 * them a thread switch) out while a list changes, and a cheap test that an
 * address may be pool's before its header is read. The kernel's are here;
 * the host's front is one global (tests/host/pool_host.c), single-threaded.
 */
#ifndef KERNEL_POOL_CPU_H
#define KERNEL_POOL_CPU_H

#include "kernel/pool_front.h"

#if defined(__i386__)
#include "kernel/gdt.h"
#include "kernel/memory_layout.h"

/* Where mm/pool_hot_path.asm finds the front through fs. */
#define KPCR_POOL_FRONT 0x244
_Static_assert(offsetof(KPCR, PrcbData) + offsetof(KPRCB, PoolFront) ==
                   KPCR_POOL_FRONT,
               "mm/pool_hot_path.asm's KPCR_POOL_FRONT");

FORCEINLINE MI_POOL_FRONT *MiPoolCurrentFront(VOID)
{
    return &KeGetCurrentPrcb()->PoolFront;
}

/* A table's slot is an offset in the processor's front. */
#define MI_POOL_FRONT_SLOT_ORIGIN 0UL
FORCEINLINE MI_POOL_FRONT_LIST *MiPoolFrontListAt(ULONG_PTR Slot)
{
    return (MI_POOL_FRONT_LIST *)((PUCHAR)MiPoolCurrentFront() + Slot);
}

/* The list operations are a few instructions: cheaper with interrupts off
 * than with an IRQL raise, and they keep out this processor's other
 * threads as well as its interrupts. */
FORCEINLINE ULONG MiPoolExcludeInterrupts(VOID)
{
    return save_and_disable_interrupts();
}

/* popfl puts the interrupt flag back as it was: two instructions where
 * a test and sti are three. */
FORCEINLINE VOID MiPoolAllowInterrupts(ULONG Flags)
{
    __asm__ volatile("pushl %0\n\tpopfl" : : "g"(Flags) : "memory", "cc");
}

/* System space: a user address never reaches the front (its header
 * could be anyone's). A wild system address faults on the header read,
 * as NT's free does; the drain's checks catch a mapped one. */
FORCEINLINE BOOLEAN MiPoolFrontMayHold(PVOID Address)
{
    return (ULONG)Address >= KI_KERNEL_VIRTUAL_BASE;
}
#else
extern MI_POOL_FRONT MiHostPoolFront;
extern PUCHAR MiHostArena;
extern ULONG_PTR MiHostArenaPages;
extern ULONG_PTR MiHostArenaBytes; /* MiHostArenaPages << PAGE_SHIFT */

FORCEINLINE MI_POOL_FRONT *MiPoolCurrentFront(VOID)
{
    return &MiHostPoolFront;
}

/* A table's slot is the list's address: one load finds it. */
#define MI_POOL_FRONT_SLOT_ORIGIN ((ULONG_PTR)&MiHostPoolFront)
FORCEINLINE MI_POOL_FRONT_LIST *MiPoolFrontListAt(ULONG_PTR Slot)
{
    return (MI_POOL_FRONT_LIST *)Slot;
}

FORCEINLINE ULONG MiPoolExcludeInterrupts(VOID)
{
    return 0;
}

FORCEINLINE VOID MiPoolAllowInterrupts(ULONG Flags)
{
    (VOID) Flags;
}

FORCEINLINE BOOLEAN MiPoolFrontMayHold(PVOID Address)
{
    return (ULONG_PTR)((PUCHAR)Address - MiHostArena) < MiHostArenaBytes;
}
#endif

#endif
