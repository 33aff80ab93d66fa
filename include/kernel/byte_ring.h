/*
 * A ring of bytes: what an input ISR hands its DPC, and the console input
 * queue. No locking of its own; the users say what protects it. Bytes a
 * full ring refuses are counted, so that nothing is lost unseen.
 */
#ifndef KERNEL_BYTE_RING_H
#define KERNEL_BYTE_RING_H

#include "ntddk.h"

typedef struct _BYTE_RING {
    PUCHAR Bytes;
    ULONG Size;
    ULONG Head;  /* the next byte to take */
    ULONG Count; /* bytes held */
    ULONG Lost;  /* bytes refused (or lost before, as the owner counts) */
} BYTE_RING;

#define BYTE_RING_INITIALIZER(Array)                                           \
    {                                                                          \
        (Array), sizeof(Array), 0, 0, 0                                        \
    }

FORCEINLINE BOOLEAN KiByteRingFull(const BYTE_RING *Ring)
{
    return Ring->Count == Ring->Size;
}

/* FALSE, and the byte is lost (and counted in Lost), when the ring is
 * full. */
FORCEINLINE BOOLEAN KiByteRingPut(BYTE_RING *Ring, UCHAR Byte)
{
    if (KiByteRingFull(Ring)) {
        Ring->Lost++;
        return FALSE;
    }
    Ring->Bytes[(Ring->Head + Ring->Count++) % Ring->Size] = Byte;
    return TRUE;
}

FORCEINLINE BOOLEAN KiByteRingTake(BYTE_RING *Ring, PUCHAR Byte)
{
    if (Ring->Count == 0)
        return FALSE;
    *Byte = Ring->Bytes[Ring->Head];
    Ring->Head = (Ring->Head + 1) % Ring->Size;
    Ring->Count--;
    return TRUE;
}

/* A DPC's side of an ISR's ring: one byte, under the interrupt's lock. */
FORCEINLINE BOOLEAN KiTakeInterruptByte(PKINTERRUPT Interrupt, BYTE_RING *Ring,
                                        PUCHAR Byte)
{
    KIRQL OldIrql = KeAcquireInterruptSpinLock(Interrupt);
    BOOLEAN Got = KiByteRingTake(Ring, Byte);

    KeReleaseInterruptSpinLock(Interrupt, OldIrql);
    return Got;
}

/* ... and what the ISR lost since the last call, under the same lock. */
FORCEINLINE ULONG KiTakeInterruptLost(PKINTERRUPT Interrupt, BYTE_RING *Ring)
{
    KIRQL OldIrql = KeAcquireInterruptSpinLock(Interrupt);
    ULONG Lost = Ring->Lost;

    Ring->Lost = 0;
    KeReleaseInterruptSpinLock(Interrupt, OldIrql);
    return Lost;
}

#endif
