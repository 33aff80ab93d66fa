/*
 * 16550 UART on COM1, 115200 baud 8N1. Output is polled (it must work in a
 * bug check); input arrives by interrupt on IRQ 4, whose ISR moves bytes
 * into a ring and queues a DPC that feeds the console input queue. The
 * ISR takes no more than the ring holds: with the ring full it turns the
 * receive interrupt off and leaves the rest in the UART, whose FIFO (and
 * QEMU, or a sender that honours flow control) holds it until the DPC has
 * made room and turns the interrupt on again. Bytes the UART itself lost
 * (an overrun) are counted with the console's lost input. A
 * machine without COM1 (many new PCs) is found by the scratch register not
 * keeping what we write, and the kernel then runs with the screen alone.
 */
#include "kernel/byte_ring.h"
#include "kernel/console.h"
#include "kernel/sections.h"
#include "kernel/x86.h"
#include "ntddk.h"

#define COM1 0x3F8
#define UART_DATA 0
#define UART_INTERRUPT_ENABLE 1
#define UART_FIFO_CONTROL 2
#define UART_LINE_CONTROL 3
#define UART_MODEM_CONTROL 4
#define UART_LINE_STATUS 5
#define UART_SCRATCH 7
#define LINE_DLAB 0x80
#define LINE_8N1 0x03
#define UART_INTERRUPT_ID 2
#define STATUS_DATA_READY 0x01
#define STATUS_OVERRUN 0x02 /* the FIFO was full: a byte was lost */
#define STATUS_TRANSMIT_EMPTY 0x20
#define TRANSMIT_SPINS 100000
#define INTERRUPT_RECEIVED_DATA 0x01
#define INTERRUPT_ID_NONE_PENDING 0x01
#define MODEM_OUT2 0x08 /* gates the UART's interrupt onto the ISA line */
#define SERIAL_IRQ 4
#define RING_SIZE 64

BOOLEAN HaliSerialPresent;

/* Where there is no UART the bus reads back 0xFF (or garbage) whatever
 * was written; the scratch register keeps both patterns. Nothing else in
 * the UART is touched, so a live line is not disturbed. */
BOOLEAN HaliSerialProbe(VOID)
{
    UCHAR Saved = inb(COM1 + UART_SCRATCH);
    BOOLEAN Present;

    outb(COM1 + UART_SCRATCH, 0x5A);
    Present = inb(COM1 + UART_SCRATCH) == 0x5A;
    outb(COM1 + UART_SCRATCH, 0xA5);
    Present = Present && inb(COM1 + UART_SCRATCH) == 0xA5;
    outb(COM1 + UART_SCRATCH, Saved);
    return Present;
}

BOOLEAN HaliSerialInitialize(VOID)
{
    if (!HaliSerialProbe())
        return HaliSerialPresent = FALSE;

    outb(COM1 + UART_INTERRUPT_ENABLE, 0x00);
    outb(COM1 + UART_LINE_CONTROL, LINE_DLAB);
    outb(COM1 + UART_DATA, 1); /* divisor 1: 115200 baud */
    outb(COM1 + UART_INTERRUPT_ENABLE, 0);
    outb(COM1 + UART_LINE_CONTROL, LINE_8N1);
    outb(COM1 + UART_FIFO_CONTROL, 0xC7);  /* enable and clear FIFOs */
    outb(COM1 + UART_MODEM_CONTROL, 0x03); /* DTR, RTS */
    return HaliSerialPresent = TRUE;
}

static void transmit(CHAR Character)
{
    ULONG Spins = TRANSMIT_SPINS;

    /* Bounded: a wedged UART must not hang a bug check. */
    while ((inb(COM1 + UART_LINE_STATUS) & STATUS_TRANSMIT_EMPTY) == 0 &&
           --Spins != 0)
        cpu_pause();
    outb(COM1 + UART_DATA, (UCHAR)Character);
}

VOID HaliSerialPutChar(CHAR Character)
{
    if (!HaliSerialPresent)
        return;
    if (Character == '\n')
        transmit('\r');
    transmit(Character);
}

static UCHAR ring_bytes[RING_SIZE];
static BYTE_RING ring = BYTE_RING_INITIALIZER(ring_bytes);
static PKINTERRUPT serial_interrupt;
static KDPC serial_dpc;
static BOOLEAN last_was_return;
static BOOLEAN receive_paused; /* the ring was full: interrupt off */

static BOOLEAN NTAPI serial_service(PKINTERRUPT Interrupt, PVOID Context)
{
    BOOLEAN Mine = FALSE;
    UCHAR Status;

    UNREFERENCED_PARAMETER(Interrupt);
    UNREFERENCED_PARAMETER(Context);
    if (inb(COM1 + UART_INTERRUPT_ID) & INTERRUPT_ID_NONE_PENDING)
        return FALSE;
    while ((Status = inb(COM1 + UART_LINE_STATUS)) & STATUS_DATA_READY) {
        if (Status & STATUS_OVERRUN)
            ring.Lost++; /* at least one; the UART does not say more */
        if (KiByteRingFull(&ring)) {
            outb(COM1 + UART_INTERRUPT_ENABLE, 0);
            receive_paused = TRUE;
            Mine = TRUE;
            break;
        }
        KiByteRingPut(&ring, inb(COM1 + UART_DATA));
        Mine = TRUE;
    }
    if (Mine)
        KeInsertQueueDpc(&serial_dpc, NULL, NULL);
    return Mine;
}

/* With the ring emptied, the bytes left waiting in the UART may come:
 * turning the interrupt on with data ready raises it again. */
static BOOLEAN NTAPI resume_receive(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    if (receive_paused) {
        receive_paused = FALSE;
        outb(COM1 + UART_INTERRUPT_ENABLE, INTERRUPT_RECEIVED_DATA);
    }
    return TRUE;
}

/* Terminals end a line with CR, or CR LF: both become one '\n'. */
static VOID NTAPI serial_deferred(PKDPC Dpc, PVOID Context, PVOID Argument1,
                                  PVOID Argument2)
{
    UCHAR Byte;
    ULONG Lost;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    while (KiTakeInterruptByte(serial_interrupt, &ring, &Byte)) {
        BOOLEAN Return = Byte == '\r';

        if (!(Byte == '\n' && last_was_return))
            KiConsoleInputPut(Return ? '\n' : (CHAR)Byte);
        last_was_return = Return;
    }
    Lost = KiTakeInterruptLost(serial_interrupt, &ring);
    if (Lost != 0)
        KiConsoleInputCountLost(Lost);
    KeSynchronizeExecution(serial_interrupt, resume_receive, NULL);
}

ALLOC_TEXT(INIT) VOID HaliSerialStartInput(VOID)
{
    ULONG Vector;
    KIRQL Irql;
    KAFFINITY Affinity;
    NTSTATUS Status;

    if (!HaliSerialPresent)
        return;
    KeInitializeDpc(&serial_dpc, serial_deferred, NULL);
    Vector =
        HalGetInterruptVector(Isa, 0, SERIAL_IRQ, SERIAL_IRQ, &Irql, &Affinity);
    Status =
        IoConnectInterrupt(&serial_interrupt, serial_service, NULL, NULL,
                           Vector, Irql, Irql, Latched, TRUE, Affinity, FALSE);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("serial: cannot connect IRQ 4 (status %08lx)\n",
                 (ULONG)Status);
        return;
    }
    while (inb(COM1 + UART_LINE_STATUS) & STATUS_DATA_READY)
        (void)inb(COM1 + UART_DATA);
    outb(COM1 + UART_MODEM_CONTROL, 0x03 | MODEM_OUT2);
    outb(COM1 + UART_INTERRUPT_ENABLE, INTERRUPT_RECEIVED_DATA);
    DbgPrint("serial: COM1 input on IRQ 4, vector %02lx, IRQL %u\n", Vector,
             Irql);
}
