/*
 * The 8259 PIC pair as an IRQL controller, NT's lazy way. Device IRQL is
 * 27 - IRQ (IRQ 0, the clock, is CLOCK_LEVEL). Raising the IRQL touches
 * nothing here. When an interrupt arrives at or below the current IRQL it
 * is acknowledged, remembered (KPCR.IRR and the deferred lines), and the
 * PIC is masked for the current IRQL; the IRQL's slow path replays it
 * once the level drops, and puts the mask back. Every interrupt gets its
 * EOI on arrival, so the PIC's own fixed priorities never override the
 * IRQL order.
 */
#include "kernel/hal.h"
#include "kernel/irql.h"
#include "kernel/x86.h"

#define PIC1_COMMAND 0x20
#define PIC1_DATA 0x21
#define PIC2_COMMAND 0xA0
#define PIC2_DATA 0xA1
#define ICW1_INIT_WITH_ICW4 0x11 /* edge triggered, cascaded */
#define ICW4_8086 0x01
#define OCW2_SPECIFIC_EOI 0x60
#define OCW3_READ_ISR 0x0B
#define CASCADE_IRQ 2
#define PIC_LINES 16

static ULONG vector_base = PIC_VECTOR_BASE;
static USHORT connected_lines;         /* lines with an interrupt object */
static volatile USHORT deferred_lines; /* taken while the IRQL was too high */
static USHORT level_mask[HIGH_LEVEL + 1]; /* lines at or below each IRQL */
static KIRQL programmed_level;            /* the IRQL whose mask is loaded */

static KIRQL irq_irql(ULONG Irq)
{
    return Irq == 0 ? CLOCK_LEVEL : (KIRQL)(27 - Irq);
}

/* Old PCs need a moment between 8259 commands; port 0x80 gives it. */
static void io_delay(void)
{
    outb(0x80, 0);
}

VOID HalpRemapPic(ULONG VectorBase)
{
    outb(PIC1_COMMAND, ICW1_INIT_WITH_ICW4);
    io_delay();
    outb(PIC2_COMMAND, ICW1_INIT_WITH_ICW4);
    io_delay();
    outb(PIC1_DATA, (UCHAR)VectorBase);
    io_delay();
    outb(PIC2_DATA, (UCHAR)(VectorBase + 8));
    io_delay();
    outb(PIC1_DATA, 1 << CASCADE_IRQ); /* the slave hangs off IRQ 2 */
    io_delay();
    outb(PIC2_DATA, CASCADE_IRQ);
    io_delay();
    outb(PIC1_DATA, ICW4_8086);
    io_delay();
    outb(PIC2_DATA, ICW4_8086);
    io_delay();
    outb(PIC1_DATA, 0xFF);
    outb(PIC2_DATA, 0xFF);
}

static void program(KIRQL Level)
{
    USHORT Mask = (USHORT)(~connected_lines | level_mask[Level]);

    Mask &= (USHORT) ~(1 << CASCADE_IRQ); /* the slave's lines need it */
    programmed_level = Level;
    outb(PIC1_DATA, (UCHAR)(Mask & 0xFF));
    outb(PIC2_DATA, (UCHAR)(Mask >> 8));
}

static UCHAR read_in_service(ULONG Irq)
{
    USHORT Port = Irq < 8 ? PIC1_COMMAND : PIC2_COMMAND;

    outb(Port, OCW3_READ_ISR);
    return inb(Port);
}

static void end_of_interrupt(ULONG Irq)
{
    if (Irq >= 8) {
        outb(PIC2_COMMAND, (UCHAR)(OCW2_SPECIFIC_EOI | (Irq - 8)));
        Irq = CASCADE_IRQ;
    }
    outb(PIC1_COMMAND, (UCHAR)(OCW2_SPECIFIC_EOI | Irq));
}

static BOOLEAN pic_initialize(VOID)
{
    ULONG Level, Irq;

    for (Level = 0; Level <= HIGH_LEVEL; Level++) {
        level_mask[Level] = 0;
        for (Irq = 0; Irq < PIC_LINES; Irq++) {
            if (Irq != CASCADE_IRQ && irq_irql(Irq) <= Level)
                level_mask[Level] |= (USHORT)(1 << Irq);
        }
    }
    HalpRemapPic(PIC_VECTOR_BASE);
    vector_base = PIC_VECTOR_BASE;
    connected_lines = 0;
    program(PASSIVE_LEVEL);
    return TRUE;
}

static VOID pic_describe(VOID)
{
    DbgPrint("HAL: 8259 PIC pair, IRQs 0-15 on vectors %02lx-%02lx, "
             "device IRQL = 27 - IRQ, lazy IRQL through interrupt masks\n",
             vector_base, vector_base + PIC_LINES - 1);
}

/* Lazy: a raise does nothing; a lower only takes off a mask that a
 * deferred interrupt put on above the new level. */
static VOID pic_set_irql(KIRQL Irql)
{
    if (programmed_level > Irql)
        program(Irql);
}

static BOOLEAN pic_begin_interrupt(ULONG Vector, PKIRQL Irql)
{
    PKPCR Pcr = KeGetPcr();
    ULONG Irq = Vector - vector_base;
    KIRQL Level;

    if (Vector < vector_base || Irq >= PIC_LINES) {
        KiUnexpectedInterruptCount++;
        return FALSE;
    }
    /* A line that dropped before the CPU acknowledged it shows up as IRQ
     * 7 (or 15) with nothing in service: no EOI for it, but the master
     * did see the slave's cascade line. */
    if ((Irq == 7 || Irq == 15) &&
        (read_in_service(Irq) & (1 << (Irq & 7))) == 0) {
        HalpSpuriousInterruptCount++;
        if (Irq == 15)
            outb(PIC1_COMMAND, OCW2_SPECIFIC_EOI | CASCADE_IRQ);
        return FALSE;
    }
    end_of_interrupt(Irq);
    Level = irq_irql(Irq);
    if (Level <= Pcr->Irql) {
        deferred_lines |= (USHORT)(1 << Irq);
        Pcr->IRR |= (1UL << Level) | (1UL << Pcr->Irql);
        program(Pcr->Irql);
        return FALSE;
    }
    *Irql = Level;
    return TRUE;
}

static VOID pic_end_interrupt(ULONG Vector)
{
    UNREFERENCED_PARAMETER(Vector); /* the EOI went out on arrival */
}

/* Called by the IRQL slow path, interrupts off, the IRQL at Irql. */
static VOID pic_replay_deferred(KIRQL Irql)
{
    ULONG Irq;

    for (Irq = 0; Irq < PIC_LINES; Irq++) {
        if ((deferred_lines & (1 << Irq)) && irq_irql(Irq) == Irql) {
            deferred_lines &= (USHORT) ~(1 << Irq);
            KiRunInterrupt(vector_base + Irq, Irql);
        }
    }
}

static BOOLEAN pic_map_irq(ULONG Irq, PULONG Vector, PKIRQL Irql)
{
    if (Irq >= PIC_LINES || Irq == CASCADE_IRQ)
        return FALSE;
    *Vector = vector_base + Irq;
    *Irql = irq_irql(Irq);
    return TRUE;
}

static VOID pic_enable_vector(ULONG Vector, BOOLEAN Enable)
{
    ULONG Irq = Vector - vector_base;
    ULONG Flags;

    if (Vector < vector_base || Irq >= PIC_LINES)
        return;
    Flags = save_and_disable_interrupts();
    if (Enable)
        connected_lines |= (USHORT)(1 << Irq);
    else
        connected_lines &= (USHORT) ~(1 << Irq);
    program(programmed_level);
    restore_interrupts(Flags);
}

static ULONG pic_start_clock(ULONG Hz)
{
    HalpStartPitClock(Hz);
    return vector_base; /* IRQ 0 */
}

/* INT n through the trap stubs; the specific EOI it gets is harmless. */
static VOID pic_trigger_interrupt(ULONG Vector)
{
    KiSoftwareInterrupt(Vector);
}

const HAL_INTERRUPT_CONTROLLER HalpPic = {
    .Name = "PIC",
    .Initialize = pic_initialize,
    .Describe = pic_describe,
    .SetIrql = pic_set_irql,
    .BeginInterrupt = pic_begin_interrupt,
    .EndInterrupt = pic_end_interrupt,
    .ReplayDeferred = pic_replay_deferred,
    .MapIrq = pic_map_irq,
    .EnableVector = pic_enable_vector,
    .StartClock = pic_start_clock,
    .TriggerInterrupt = pic_trigger_interrupt,
};
