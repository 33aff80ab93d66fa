/*
 * The 8254 programmable interval timer. Channel 2, gated on through port
 * 0x61 with the speaker off, counts down from 65536 for ever and never
 * interrupts: read often enough (the clock tick does, every 10 ms; a wrap
 * takes 55 ms) it extends to a 64-bit performance counter at 1.193182 MHz
 * on every PC, 486 included. Channel 0 is the PIC HAL's clock.
 */
#include "kernel/hal.h"
#include "kernel/x86.h"

#define PIT_CHANNEL0 0x40
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND 0x43
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define COMMAND_CHANNEL0 0x00
#define COMMAND_CHANNEL2 0x80
#define COMMAND_LATCH 0x00
#define COMMAND_LOW_HIGH 0x30
#define COMMAND_RATE_GENERATOR 0x04 /* mode 2 */

static USHORT last_count;
static ULONGLONG counter;

static USHORT read_channel2(VOID)
{
    UCHAR Low, High;

    outb(PIT_COMMAND, COMMAND_CHANNEL2 | COMMAND_LATCH);
    Low = inb(PIT_CHANNEL2);
    High = inb(PIT_CHANNEL2);
    return (USHORT)(((USHORT)High << 8) | Low);
}

VOID HalpInitializePerformanceCounter(VOID)
{
    outb(PORT_B, (UCHAR)((inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2));
    outb(PIT_COMMAND,
         COMMAND_CHANNEL2 | COMMAND_LOW_HIGH | COMMAND_RATE_GENERATOR);
    outb(PIT_CHANNEL2, 0); /* 0 means 65536 */
    outb(PIT_CHANNEL2, 0);
    last_count = read_channel2();
}

ULONGLONG HalpReadPerformanceCounter(VOID)
{
    ULONG Flags = save_and_disable_interrupts();
    USHORT Now = read_channel2();
    ULONGLONG Value;

    counter += (USHORT)(last_count - Now); /* it counts down, modulo 2^16 */
    last_count = Now;
    Value = counter;
    restore_interrupts(Flags);
    return Value;
}

VOID HalpStartPitClock(ULONG Hz)
{
    ULONG Divisor = (PIT_FREQUENCY + Hz / 2) / Hz;

    outb(PIT_COMMAND,
         COMMAND_CHANNEL0 | COMMAND_LOW_HIGH | COMMAND_RATE_GENERATOR);
    outb(PIT_CHANNEL0, (UCHAR)(Divisor & 0xFF));
    outb(PIT_CHANNEL0, (UCHAR)(Divisor >> 8));
}
