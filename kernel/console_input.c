/*
 * The console input queue: characters from every input device (the PS/2
 * keyboard and the serial line), in arrival order, for the shell to read.
 * Devices put characters in from their DPCs, at DISPATCH_LEVEL; readers
 * take them out at or below DISPATCH_LEVEL. A full queue drops new input
 * and counts it, as a terminal would.
 */
#include "kernel/console.h"
#include "kernel/x86.h"
#include "ntddk.h"

#define INPUT_QUEUE_SIZE 256

static CHAR queue[INPUT_QUEUE_SIZE];
static ULONG head, count; /* next to read; characters held */
static KSPIN_LOCK queue_lock;
ULONG KiConsoleInputDropped;

VOID KiConsoleInputPut(CHAR Character)
{
    KeAcquireSpinLockAtDpcLevel(&queue_lock);
    if (count == INPUT_QUEUE_SIZE)
        KiConsoleInputDropped++;
    else
        queue[(head + count++) % INPUT_QUEUE_SIZE] = Character;
    KeReleaseSpinLockFromDpcLevel(&queue_lock);
}

BOOLEAN KiConsoleInputGet(PCHAR Character)
{
    BOOLEAN Got = FALSE;
    KIRQL OldIrql;

    KeAcquireSpinLock(&queue_lock, &OldIrql);
    if (count != 0) {
        *Character = queue[head];
        head = (head + 1) % INPUT_QUEUE_SIZE;
        count--;
        Got = TRUE;
    }
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
