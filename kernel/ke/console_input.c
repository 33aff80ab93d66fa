/*
 * The console input queue: characters from every input device (the PS/2
 * keyboard and the serial line), in arrival order, for the shell to read.
 * Devices put characters in from their DPCs, at DISPATCH_LEVEL, and set
 * an event; readers take them out at or below DISPATCH_LEVEL, and a
 * reader with nothing to read sleeps on the event. The queue holds a few
 * KiB pasted at once while the shell is busy; a full queue drops new input
 * and counts it, with what the devices lost, for the shell to report.
 */
#include "kernel/byte_ring.h"
#include "kernel/console.h"
#include "kernel/x86.h"
#include "ntddk.h"

static UCHAR queue_bytes[KI_CONSOLE_INPUT_QUEUE_SIZE];
static BYTE_RING queue = BYTE_RING_INITIALIZER(queue_bytes);
static KSPIN_LOCK queue_lock;
/* A synchronization event (one reader wakes per batch of input), ready
 * before any device can call: what KeInitializeEvent would write. */
static KEVENT input_arrived = {
    .Header = {.Type = EventSynchronizationObject,
               .Size = sizeof(KEVENT) / sizeof(ULONG),
               .WaitListHead = {&input_arrived.Header.WaitListHead,
                                &input_arrived.Header.WaitListHead}}};
ULONG KiConsoleInputDropped;
/* Told at DISPATCH_LEVEL that input arrived: the console drivers' pending
 * reads (drivers/input_reads.c). */
VOID (*KiConsoleInputNotify)(VOID);

VOID KiConsoleInputPut(CHAR Character)
{
    KeAcquireSpinLockAtDpcLevel(&queue_lock);
    if (!KiByteRingPut(&queue, (UCHAR)Character))
        KiConsoleInputDropped++;
    KeReleaseSpinLockFromDpcLevel(&queue_lock);
    KeSetEvent(&input_arrived, IO_KEYBOARD_INCREMENT, FALSE);
    if (KiConsoleInputNotify != NULL)
        KiConsoleInputNotify();
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

/* Waits up to TimeoutMs for a character, asleep on the input event;
 * PASSIVE_LEVEL only. */
BOOLEAN KiConsoleInputWait(PCHAR Character, ULONG TimeoutMs)
{
    LARGE_INTEGER Deadline;

    /* An absolute due time is a system time: one deadline for every
     * wakeup that brings nothing. */
    KeQuerySystemTime(&Deadline);
    Deadline.QuadPart += (LONGLONG)TimeoutMs * 10000;
    while (!KiConsoleInputGet(Character)) {
        if (KeWaitForSingleObject(&input_arrived, Executive, KernelMode, FALSE,
                                  &Deadline) == STATUS_TIMEOUT)
            return KiConsoleInputGet(Character);
    }
    return TRUE;
}
