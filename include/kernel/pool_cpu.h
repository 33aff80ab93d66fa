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
#include "kernel/pool_pages.h"

FORCEINLINE MI_POOL_FRONT *MiPoolCurrentFront(VOID)
{
    return &KeGetCurrentPrcb()->PoolFront;
}

/* The list operations are a few instructions: cheaper with interrupts off
 * than with an IRQL raise, and they keep out this processor's other
 * threads as well as its interrupts. */
FORCEINLINE ULONG MiPoolExcludeInterrupts(VOID)
{
    return save_and_disable_interrupts();
}

FORCEINLINE VOID MiPoolAllowInterrupts(ULONG Flags)
{
    restore_interrupts(Flags);
}

/* The direct map (nonpaged pool) or the paged-pool range: a user address
 * never reaches the front, and a header is read only where the pool could
 * have a page (a paged-pool guard page can still fault: a wild pointer). */
FORCEINLINE BOOLEAN MiPoolFrontMayHold(PVOID Address)
{
    ULONG Va = (ULONG)Address;

    return Va - KI_KERNEL_VIRTUAL_BASE < (MiDirectMapEndPage << PAGE_SHIFT) ||
           Va - MI_PAGED_POOL_START < MI_PAGED_POOL_END - MI_PAGED_POOL_START;
}
#else
extern MI_POOL_FRONT MiHostPoolFront;
extern PUCHAR MiHostArena;
extern ULONG_PTR MiHostArenaPages;

FORCEINLINE MI_POOL_FRONT *MiPoolCurrentFront(VOID)
{
    return &MiHostPoolFront;
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
    return (ULONG_PTR)((PUCHAR)Address - MiHostArena) <
           (MiHostArenaPages << PAGE_SHIFT);
}
#endif

#endif
