/*
 * HalReturnToFirmware: leaving the kernel. A reset is asked of three
 * pieces of hardware in turn, as Linux's reboot=kbd,pci,triple order
 * does: the keyboard controller's reset line, the chipset's reset
 * control register, and finally a triple fault, which every x86 turns
 * into a reset.
 */
#include "kernel/bugcheck.h"
#include "kernel/hal.h"
#include "kernel/x86.h"

#define I8042_STATUS 0x64
#define I8042_INPUT_FULL 0x02
#define I8042_PULSE_RESET 0xFE
#define PCI_RESET_CONTROL 0xCF9
#define PCI_RESET_SYSTEM 0x02
#define PCI_RESET_NOW 0x04

static void wait_a_moment(void)
{
    ULONG Count;

    for (Count = 0; Count < 100000; Count++)
        inb(0x80); /* the POST port: about a microsecond per read */
}

static DECLSPEC_NORETURN void reset(void)
{
    static const KDESCRIPTOR_REGISTER NoIdt = {0, 0};
    ULONG Tries;

    for (Tries = 0; Tries < 100000 && (inb(I8042_STATUS) & I8042_INPUT_FULL);
         Tries++)
        ;
    outb(I8042_STATUS, I8042_PULSE_RESET);
    wait_a_moment();
    outb(PCI_RESET_CONTROL, PCI_RESET_SYSTEM);
    outb(PCI_RESET_CONTROL, PCI_RESET_SYSTEM | PCI_RESET_NOW);
    wait_a_moment();
    /* No IDT: the breakpoint cannot be delivered, nor the double fault. */
    load_idt(&NoIdt);
    __asm__ volatile("int3");
    KiHaltProcessor();
}

VOID HalReturnToFirmware(FIRMWARE_REENTRY Routine)
{
    cpu_disable_interrupts();
    if (Routine == HalRestartRoutine || Routine == HalRebootRoutine)
        reset();
    KiHaltProcessor();
}
