/*
 * The PS/2 keyboard behind the i8042 controller, IRQ 1. The ISR, at the
 * keyboard's DIRQL, only moves scan codes from the controller into a small
 * ring and queues a DPC; the DPC translates them (drivers/scancode.c) into
 * the console input queue. The ring is shared with the ISR, so the DPC
 * empties it under the interrupt's spin lock.
 */
#include "kernel/byte_ring.h"
#include "kernel/console.h"
#include "kernel/sections.h"
#include "kernel/x86.h"
#include "ntddk.h"

#define I8042_DATA 0x60
#define I8042_STATUS 0x64
#define I8042_COMMAND 0x64
#define STATUS_OUTPUT_FULL 0x01
#define STATUS_INPUT_FULL 0x02
#define STATUS_AUX_DATA 0x20
#define COMMAND_READ_CONFIG 0x20
#define COMMAND_WRITE_CONFIG 0x60
#define CONFIG_KEYBOARD_INTERRUPT 0x01
#define CONFIG_TRANSLATE 0x40
#define KEYBOARD_IRQ 1
#define RING_SIZE 64
#define CONTROLLER_SPINS 100000

static UCHAR ring_bytes[RING_SIZE];
static BYTE_RING ring = BYTE_RING_INITIALIZER(ring_bytes);
static PKINTERRUPT keyboard_interrupt;
static KDPC keyboard_dpc;
static KEYBOARD_STATE keyboard_state;

static BOOLEAN NTAPI keyboard_service(PKINTERRUPT Interrupt, PVOID Context)
{
    BOOLEAN Mine = FALSE;
    UCHAR Status;

    UNREFERENCED_PARAMETER(Interrupt);
    UNREFERENCED_PARAMETER(Context);
    while (((Status = inb(I8042_STATUS)) & STATUS_OUTPUT_FULL) &&
           !(Status & STATUS_AUX_DATA)) {
        KiByteRingPut(&ring, inb(I8042_DATA)); /* full: lost, counted */
        Mine = TRUE;
    }
    if (Mine)
        KeInsertQueueDpc(&keyboard_dpc, NULL, NULL);
    return Mine;
}

static VOID NTAPI keyboard_deferred(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                    PVOID Argument2)
{
    UCHAR Code;
    ULONG Lost;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    while (KiTakeInterruptByte(keyboard_interrupt, &ring, &Code))
        HaliTranslateScanCode(&keyboard_state, Code, KiConsoleInputPut);
    Lost = KiTakeInterruptLost(keyboard_interrupt, &ring);
    if (Lost != 0)
        KiConsoleInputCountLost(Lost);
}

/* Bounded waits: a missing controller must not hang the boot. */
static BOOLEAN wait_input_empty(VOID)
{
    ULONG Spins = CONTROLLER_SPINS;

    while ((inb(I8042_STATUS) & STATUS_INPUT_FULL) && --Spins != 0)
        cpu_pause();
    return Spins != 0;
}

static BOOLEAN wait_output_full(VOID)
{
    ULONG Spins = CONTROLLER_SPINS;

    while (!(inb(I8042_STATUS) & STATUS_OUTPUT_FULL) && --Spins != 0)
        cpu_pause();
    return Spins != 0;
}

ALLOC_TEXT(INIT) VOID HaliKeyboardInitialize(VOID)
{
    ULONG Vector;
    KIRQL Irql;
    KAFFINITY Affinity;
    NTSTATUS Status;
    UCHAR Config;

    if (inb(I8042_STATUS) == 0xFF) {
        DbgPrint("keyboard: no i8042 controller\n");
        return;
    }
    while (inb(I8042_STATUS) & STATUS_OUTPUT_FULL)
        (void)inb(I8042_DATA); /* what the firmware left behind */
    if (!wait_input_empty())
        return;
    outb(I8042_COMMAND, COMMAND_READ_CONFIG);
    if (!wait_output_full())
        return;
    Config = inb(I8042_DATA);

    KeInitializeDpc(&keyboard_dpc, keyboard_deferred, NULL);
    Vector = HalGetInterruptVector(Isa, 0, KEYBOARD_IRQ, KEYBOARD_IRQ, &Irql,
                                   &Affinity);
    Status =
        IoConnectInterrupt(&keyboard_interrupt, keyboard_service, NULL, NULL,
                           Vector, Irql, Irql, Latched, TRUE, Affinity, FALSE);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("keyboard: cannot connect IRQ 1 (status %08lx)\n",
                 (ULONG)Status);
        return;
    }
    if (!wait_input_empty())
        return;
    outb(I8042_COMMAND, COMMAND_WRITE_CONFIG);
    if (!wait_input_empty())
        return;
    outb(I8042_DATA, Config | CONFIG_KEYBOARD_INTERRUPT | CONFIG_TRANSLATE);
    DbgPrint("keyboard: PS/2 on IRQ 1, vector %02lx, IRQL %u\n", Vector, Irql);
}
