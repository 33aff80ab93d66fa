/*
 * The console input queue: characters from every input device (the PS/2
 * keyboard and the serial line), in arrival order, for the shell to read.
 * Devices put characters in from their DPCs, at DISPATCH_LEVEL; readers
 * take them out at or below DISPATCH_LEVEL. The queue holds a few KiB
 * pasted at once while the shell is busy; a full queue drops new input
 * and counts it, with what the devices lost, for the shell to report.
 */
#include "kernel/byte_ring.h"
#include "kernel/console.h"
#include "kernel/x86.h"
#include "ntddk.h"

static UCHAR queue_bytes[KI_CONSOLE_INPUT_QUEUE_SIZE];
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

VOID KiConsoleInputCountLost(ULONG Count)
{
    KeAcquireSpinLockAtDpcLevel(&queue_lock);
    KiConsoleInputDropped += Count;
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
