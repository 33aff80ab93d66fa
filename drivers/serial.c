/*
 * 16550 UART on COM1, 115200 baud 8N1, polled. A machine without COM1 (many
 * new PCs) is found by the scratch register not keeping what we write, and
 * the kernel then runs with the screen alone.
 */
#include "kernel/console.h"
#include "kernel/x86.h"

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
#define STATUS_TRANSMIT_EMPTY 0x20
#define TRANSMIT_SPINS 100000

static BOOLEAN serial_present;

BOOLEAN HaliSerialInitialize(VOID)
{
    outb(COM1 + UART_SCRATCH, 0x5A);
    if (inb(COM1 + UART_SCRATCH) != 0x5A)
        return serial_present = FALSE;
    outb(COM1 + UART_SCRATCH, 0xA5);
    if (inb(COM1 + UART_SCRATCH) != 0xA5)
        return serial_present = FALSE;

    outb(COM1 + UART_INTERRUPT_ENABLE, 0x00);
    outb(COM1 + UART_LINE_CONTROL, LINE_DLAB);
    outb(COM1 + UART_DATA, 1); /* divisor 1: 115200 baud */
    outb(COM1 + UART_INTERRUPT_ENABLE, 0);
    outb(COM1 + UART_LINE_CONTROL, LINE_8N1);
    outb(COM1 + UART_FIFO_CONTROL, 0xC7);  /* enable and clear FIFOs */
    outb(COM1 + UART_MODEM_CONTROL, 0x03); /* DTR, RTS */
    return serial_present = TRUE;
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
    if (!serial_present)
        return;
    if (Character == '\n')
        transmit('\r');
    transmit(Character);
}
