/*
 * The test interrupt sources (test_devices.h): the MC146818 RTC and the
 * i8042's "write output buffer" commands, which make the controller raise
 * IRQ 1 or IRQ 12 as if a key or the mouse had sent the byte.
 */
#include "tests/kernel/test_devices.h"
#include "kernel/x86.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_OFF 0x80
#define RTC_REGISTER_A 0x0A
#define RTC_REGISTER_B 0x0B
#define RTC_REGISTER_C 0x0C
#define RTC_RATE_1024_HZ 0x06
#define RTC_PERIODIC_ENABLE 0x40

#define I8042_DATA 0x60
#define I8042_STATUS 0x64
#define STATUS_OUTPUT_FULL 0x01
#define STATUS_INPUT_FULL 0x02
#define COMMAND_READ_CONFIG 0x20
#define COMMAND_WRITE_CONFIG 0x60
#define COMMAND_WRITE_KEYBOARD_BUFFER 0xD2
#define COMMAND_WRITE_AUX_BUFFER 0xD3
#define CONFIG_AUX_INTERRUPT 0x02
#define CONFIG_AUX_DISABLED 0x20

static UCHAR cmos_read(UCHAR Index)
{
    outb(CMOS_INDEX, CMOS_NMI_OFF | Index);
    return inb(CMOS_DATA);
}

static VOID cmos_write(UCHAR Index, UCHAR Value)
{
    outb(CMOS_INDEX, CMOS_NMI_OFF | Index);
    outb(CMOS_DATA, Value);
}

VOID KtRtcStart(VOID)
{
    ULONG Flags = save_and_disable_interrupts();

    cmos_write(RTC_REGISTER_A,
               (UCHAR)((cmos_read(RTC_REGISTER_A) & 0xF0) | RTC_RATE_1024_HZ));
    cmos_write(RTC_REGISTER_B,
               (UCHAR)(cmos_read(RTC_REGISTER_B) | RTC_PERIODIC_ENABLE));
    (void)cmos_read(RTC_REGISTER_C);
    restore_interrupts(Flags);
}

VOID KtRtcStop(VOID)
{
    ULONG Flags = save_and_disable_interrupts();

    cmos_write(RTC_REGISTER_B,
               (UCHAR)(cmos_read(RTC_REGISTER_B) & ~RTC_PERIODIC_ENABLE));
    (void)cmos_read(RTC_REGISTER_C);
    restore_interrupts(Flags);
}

VOID KtRtcAcknowledge(VOID)
{
    (void)cmos_read(RTC_REGISTER_C);
}

static VOID wait_input_empty(VOID)
{
    ULONG Spins = 100000;

    while ((inb(I8042_STATUS) & STATUS_INPUT_FULL) && --Spins != 0)
        cpu_pause();
}

static UCHAR read_config(VOID)
{
    ULONG Spins = 100000;

    wait_input_empty();
    outb(I8042_STATUS, COMMAND_READ_CONFIG);
    while (!(inb(I8042_STATUS) & STATUS_OUTPUT_FULL) && --Spins != 0)
        cpu_pause();
    return inb(I8042_DATA);
}

static VOID write_config(UCHAR Config)
{
    wait_input_empty();
    outb(I8042_STATUS, COMMAND_WRITE_CONFIG);
    wait_input_empty();
    outb(I8042_DATA, Config);
}

/* A byte injected while the last one is still unread would overrun the
 * controller (real 8042s drop it, Bochs stops): the ISR reads it first. */
static VOID wait_output_empty(VOID)
{
    ULONG Waited;

    for (Waited = 0; (inb(I8042_STATUS) & STATUS_OUTPUT_FULL) && Waited < 500;
         Waited++)
        KeStallExecutionProcessor(100);
}

static VOID write_buffer(UCHAR Command, UCHAR Byte)
{
    wait_output_empty();
    wait_input_empty();
    outb(I8042_STATUS, Command);
    wait_input_empty();
    outb(I8042_DATA, Byte);
}

static BOOLEAN aux_enabled;

/* Reading the configuration byte raises IRQ 1 for its answer (which the
 * keyboard's ISR then finds gone): done once, not per byte. */
VOID KtAuxEnable(VOID)
{
    ULONG Flags;

    if (aux_enabled)
        return;
    Flags = save_and_disable_interrupts();
    write_config(
        (UCHAR)((read_config() | CONFIG_AUX_INTERRUPT) & ~CONFIG_AUX_DISABLED));
    restore_interrupts(Flags);
    KeStallExecutionProcessor(1000); /* let that IRQ 1 go by */
    aux_enabled = TRUE;
}

VOID KtAuxInject(UCHAR Byte)
{
    KtAuxEnable();
    write_buffer(COMMAND_WRITE_AUX_BUFFER, Byte);
}

UCHAR KtAuxRead(VOID)
{
    return inb(I8042_DATA);
}

VOID KtKeyboardInject(UCHAR ScanCode)
{
    write_buffer(COMMAND_WRITE_KEYBOARD_BUFFER, ScanCode);
}

VOID KtAuxRestore(VOID)
{
    ULONG Flags = save_and_disable_interrupts();

    write_config((UCHAR)(read_config() & ~CONFIG_AUX_INTERRUPT));
    restore_interrupts(Flags);
    aux_enabled = FALSE;
}

BOOLEAN KtConnect(PKINTERRUPT Interrupt, ULONG Irq, PKSERVICE_ROUTINE Routine,
                  PVOID Context, KINTERRUPT_MODE Mode, BOOLEAN Share)
{
    KAFFINITY Affinity;
    KIRQL Irql;
    ULONG Vector = HalGetInterruptVector(Isa, 0, Irq, Irq, &Irql, &Affinity);

    KeInitializeInterrupt(Interrupt, Routine, Context, NULL, Vector, Irql, Irql,
                          Mode, Share, 0, FALSE);
    return KeConnectInterrupt(Interrupt);
}

VOID KtLogReset(KT_LOG *Log)
{
    RtlZeroMemory(Log, sizeof(*Log));
}

VOID KtLog(KT_LOG *Log, CHAR Event)
{
    ULONG Flags = save_and_disable_interrupts();

    if (Log->Count < KT_LOG_SIZE) {
        Log->Events[Log->Count] = Event;
        Log->Irqls[Log->Count] = KeGetCurrentIrql();
        Log->Count++;
    }
    restore_interrupts(Flags);
}

BOOLEAN KtWaitFor(volatile ULONG *Flag, ULONG Milliseconds)
{
    ULONGLONG Deadline =
        KeQueryInterruptTime() + (ULONGLONG)Milliseconds * 10000;

    while (*Flag == 0 && KeQueryInterruptTime() < Deadline)
        cpu_wait_for_interrupt();
    return *Flag != 0;
}

BOOLEAN KtSpinFor(volatile ULONG *Flag, ULONG Milliseconds)
{
    ULONG Waited;

    for (Waited = 0; *Flag == 0 && Waited < Milliseconds * 10; Waited++)
        KeStallExecutionProcessor(100);
    return *Flag != 0;
}
