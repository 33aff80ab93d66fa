/*
 * The console input queue: characters from every input device (the PS/2
 * keyboard and the serial line), in arrival order, for the shell to read.
 * Devices put characters in from their DPCs, at DISPATCH_LEVEL; readers
 * take them out at or below DISPATCH_LEVEL. A full queue drops new input
 * and counts it, as a terminal would.
 */
#include "kernel/byte_ring.h"
#include "kernel/console.h"
#include "kernel/x86.h"
#include "ntddk.h"

#define INPUT_QUEUE_SIZE 256

static UCHAR queue_bytes[INPUT_QUEUE_SIZE];
static BYTE_RING queue = BYTE_RING_INITIALIZER(queue_bytes);
static KSPIN_LOCK queue_lock;
ULONG KiConsoleInputDropped;

VOID KiConsoleInputPut(CHAR Character)
{
    KeAcquireSpinLockAtDpcLevel(&queue_lock);
    if (!KiByteRingPut(&queue, (UCHAR)Character))
        KiConsoleInputDropped++;
    KeReleaseSpinLockFromDpcLevel(&queue_lock);
}

BOOLEAN KiConsoleInputGet(PCHAR Character)
{
    BOOLEAN Got;
    KIRQL OldIrql;

    KeAcquireSpinLock(&queue_lock, &OldIrql);
    Got = KiByteRingTake(&queue, (PUCHAR)Character);
    KeReleaseSpinLock(&queue_lock, OldIrql);
    return Got;
}

/* Waits (halting between interrupts) up to TimeoutMs for a character;
 * PASSIVE_LEVEL only, since it sleeps until the next interrupt. */
BOOLEAN KiConsoleInputWait(PCHAR Character, ULONG TimeoutMs)
{
    ULONGLONG Deadline = KeQueryInterruptTime() + (ULONGLONG)TimeoutMs * 10000;

    while (!KiConsoleInputGet(Character)) {
        if (KeQueryInterruptTime() >= Deadline)
            return FALSE;
        cpu_wait_for_interrupt();
    }
    return TRUE;
}
