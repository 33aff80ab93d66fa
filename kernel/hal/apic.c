/*
 * The local APIC and the IO-APIC as an IRQL controller, NT's lazy way, as
 * the PIC HAL does it: a raise or a lower touches only the PCR. The Task
 * Priority Register holds back every vector whose priority class
 * (vector / 16) is at or below its own, and vectors are handed out so
 * that the class follows the IRQL: ISA IRQ n gets class 12 - n/2 and the
 * DIRQL 2 * class + 2 (IRQ 1 -> 26 as on the PIC), the clock class 14
 * (CLOCK_LEVEL); TPR(IRQL) is the highest class whose level is at or
 * below it. The TPR is written only when an interrupt arrives at or below
 * the current IRQL: it is left in service (no EOI yet, so a level-
 * triggered line stays quiet), remembered, and the TPR goes up to the
 * current IRQL so nothing else at or below it interrupts again. The
 * IRQL's slow path replays it once the level drops, highest vector
 * first, which is the order the APIC's in-service bits must be cleared
 * in, and takes the TPR back down.
 */
#include "kernel/bugcheck.h"
#include "kernel/cpu.h"
#include "kernel/hal.h"
#include "kernel/irql.h"
#include "kernel/madt.h"
#include "kernel/x86.h"

#define IA32_APIC_BASE 0x1B
#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_BASE_ADDRESS_MASK 0xFFFFF000UL
#define DEFAULT_IO_APIC 0xFEC00000UL

/* Local APIC registers (offsets in its 4 KiB page). */
#define LAPIC_ID 0x020
#define LAPIC_VERSION 0x030
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0B0
#define LAPIC_SVR 0x0F0
#define LAPIC_ISR 0x100 /* eight 32-bit words, 16 bytes apart */
#define LAPIC_ICR_LOW 0x300
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3E0
#define SVR_ENABLE 0x100
#define LVT_MASKED (1UL << 16)
#define LVT_PERIODIC (1UL << 17)
#define TIMER_DIVIDE_BY_16 0x3
#define CALIBRATION_US 10000
#define ICR_TO_SELF (1UL << 18)
#define ICR_PENDING (1UL << 12)

/* IO-APIC: an index register and a window. */
#define IOAPIC_SELECT 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_VERSION 0x01
#define IOAPIC_REDIRECTION 0x10
#define REDIRECTION_MASKED (1UL << 16)
#define REDIRECTION_LEVEL (1UL << 15)
#define REDIRECTION_ACTIVE_LOW (1UL << 13)

#define DEVICE_CLASS_HIGHEST 12
#define DEVICE_CLASS_LOWEST 3
#define PROFILE_CLASS 13
#define CLOCK_CLASS 14
#define TOP_CLASS 15

static volatile UCHAR *local_apic;
static volatile UCHAR *io_apic;
static ULONG io_apic_physical, io_apic_pins, local_apic_physical;
static MADT_INFORMATION madt;
static BOOLEAN madt_found;
static UCHAR tpr_for_irql[HIGH_LEVEL + 1];
static ULONG timer_counts_per_tick;
static KIRQL programmed_level;             /* the IRQL the TPR holds */
static volatile ULONG deferred_vectors[8]; /* in service, not yet run */

static ULONG lapic_read(ULONG Register)
{
    return mmio_read(local_apic + Register);
}

static VOID lapic_write(ULONG Register, ULONG Value)
{
    mmio_write(local_apic + Register, Value);
}

static ULONG ioapic_read(ULONG Register)
{
    mmio_write(io_apic + IOAPIC_SELECT, Register);
    return mmio_read(io_apic + IOAPIC_WINDOW);
}

static VOID ioapic_write(ULONG Register, ULONG Value)
{
    mmio_write(io_apic + IOAPIC_SELECT, Register);
    mmio_write(io_apic + IOAPIC_WINDOW, Value);
}

BOOLEAN HalpCpuHasApic(VOID)
{
    return (KeFeatureBits & KF_LOCAL_APIC) && (KeFeatureBits & KF_MSR);
}

static ULONG device_class(ULONG Irq)
{
    ULONG Class = DEVICE_CLASS_HIGHEST - Irq / 2;

    return Class < DEVICE_CLASS_LOWEST ? DEVICE_CLASS_LOWEST : Class;
}

static KIRQL class_irql(ULONG Class)
{
    if (Class >= TOP_CLASS)
        return HIGH_LEVEL;
    if (Class == CLOCK_CLASS)
        return CLOCK_LEVEL;
    if (Class == PROFILE_CLASS)
        return PROFILE_LEVEL;
    return (KIRQL)(2 * Class + 2);
}

static VOID build_tpr_table(VOID)
{
    ULONG Irql, Class;

    for (Irql = 0; Irql <= HIGH_LEVEL; Irql++) {
        tpr_for_irql[Irql] = 0;
        for (Class = DEVICE_CLASS_LOWEST; Class <= TOP_CLASS; Class++) {
            if (Irql > DISPATCH_LEVEL && class_irql(Class) <= Irql)
                tpr_for_irql[Irql] = (UCHAR)(Class << 4);
        }
    }
}

static BOOLEAN apic_initialize(VOID)
{
    PHYSICAL_ADDRESS Address;
    ULONGLONG Base;
    ULONG Pin;

    if (!HalpCpuHasApic())
        return FALSE;
    Base = rdmsr(IA32_APIC_BASE);
    madt_found = HalpReadMadt(&madt);
    local_apic_physical = (ULONG)Base & APIC_BASE_ADDRESS_MASK;
    io_apic_physical =
        madt.IoApicAddress != 0 ? madt.IoApicAddress : DEFAULT_IO_APIC;
    Address.QuadPart = local_apic_physical;
    local_apic = MmMapIoSpace(Address, PAGE_SIZE, MmNonCached);
    Address.QuadPart = io_apic_physical;
    io_apic = MmMapIoSpace(Address, PAGE_SIZE, MmNonCached);
    if (local_apic == NULL || io_apic == NULL)
        return FALSE;
    wrmsr(IA32_APIC_BASE, Base | APIC_BASE_ENABLE);

    /* The 8259s stay silent, parked on vectors nothing else uses. */
    HalpRemapPic(PIC_PARKED_VECTOR_BASE);
    io_apic_pins = ((ioapic_read(IOAPIC_VERSION) >> 16) & 0xFF) + 1;
    for (Pin = 0; Pin < io_apic_pins; Pin++) {
        ioapic_write(IOAPIC_REDIRECTION + 2 * Pin + 1, 0);
        ioapic_write(IOAPIC_REDIRECTION + 2 * Pin, REDIRECTION_MASKED);
    }
    build_tpr_table();
    programmed_level = KeGetCurrentIrql();
    lapic_write(LAPIC_TPR, tpr_for_irql[programmed_level]);
    lapic_write(LAPIC_LVT_LINT0, LVT_MASKED); /* the 8259's virtual wire */
    lapic_write(LAPIC_LVT_ERROR, LVT_MASKED | APIC_SPURIOUS_VECTOR);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | APIC_CLOCK_VECTOR);
    lapic_write(LAPIC_SVR, SVR_ENABLE | APIC_SPURIOUS_VECTOR);
    return TRUE;
}

static VOID apic_describe(VOID)
{
    DbgPrint("HAL: local APIC %lu at %08lx (version %02lx), IO-APIC at %08lx "
             "with %lu pins (%s), lazy IRQL through the TPR; clock: local "
             "APIC "
             "timer, %lu counts per tick\n",
             lapic_read(LAPIC_ID) >> 24, local_apic_physical,
             lapic_read(LAPIC_VERSION) & 0xFF, io_apic_physical, io_apic_pins,
             madt_found ? "from ACPI's MADT" : "no MADT: PC defaults",
             timer_counts_per_tick);
}

static VOID program(KIRQL Level)
{
    programmed_level = Level;
    lapic_write(LAPIC_TPR, tpr_for_irql[Level]);
}

/* Lazy: called only by the IRQL's slow path; a lower takes off the TPR
 * that a deferred interrupt put on above the new level. */
static VOID apic_set_irql(KIRQL Irql)
{
    if (programmed_level > Irql)
        program(Irql);
}

ULONG HalpApicTaskPriority(VOID)
{
    return lapic_read(LAPIC_TPR);
}

static BOOLEAN in_service(ULONG Vector)
{
    return (lapic_read(LAPIC_ISR + (Vector / 32) * 0x10) >> (Vector % 32)) & 1;
}

static BOOLEAN apic_begin_interrupt(ULONG Vector, PKIRQL Irql)
{
    PKPCR Pcr = KeGetPcr();
    KIRQL Level = class_irql(Vector >> 4);

    /* The APIC's spurious vector and the parked 8259s' IRQ 7 and 15 need
     * no EOI; a vector the APIC has not put in service came from an INT
     * instruction, not from a device. */
    if (Vector == APIC_SPURIOUS_VECTOR ||
        (Vector >= PIC_PARKED_VECTOR_BASE &&
         Vector < PIC_PARKED_VECTOR_BASE + 16)) {
        HalpSpuriousInterruptCount++;
        return FALSE;
    }
    if (!in_service(Vector)) {
        KiUnexpectedInterruptCount++;
        return FALSE;
    }
    if (Level <= Pcr->Irql) {
        deferred_vectors[Vector / 32] |= 1UL << (Vector % 32);
        Pcr->IRR |= (1UL << Level) | (1UL << Pcr->Irql);
        program(Pcr->Irql);
        return FALSE;
    }
    *Irql = Level;
    return TRUE;
}

/* Called by the IRQL slow path, interrupts off, the IRQL at Irql: the
 * vectors deferred at that level, highest first; KiRunInterrupt sends
 * each one's EOI. */
static VOID apic_replay_deferred(KIRQL Irql)
{
    LONG Vector;

    for (Vector = 255; Vector >= 0; Vector--) {
        ULONG Bit = 1UL << (Vector % 32);

        if ((deferred_vectors[Vector / 32] & Bit) &&
            class_irql((ULONG)Vector >> 4) == Irql) {
            deferred_vectors[Vector / 32] &= ~Bit;
            KiRunInterrupt((ULONG)Vector, Irql);
        }
    }
}

static VOID apic_end_interrupt(ULONG Vector)
{
    UNREFERENCED_PARAMETER(Vector);
    lapic_write(LAPIC_EOI, 0);
}

static BOOLEAN apic_map_irq(ULONG Irq, PULONG Vector, PKIRQL Irql)
{
    ULONG Class;

    if (Irq >= MADT_ISA_IRQS ||
        madt.IsaRoute[Irq].Gsi - madt.IoApicGsiBase >= io_apic_pins)
        return FALSE;
    Class = device_class(Irq);
    *Vector = (Class << 4) | Irq;
    *Irql = class_irql(Class);
    return TRUE;
}

static VOID apic_enable_vector(ULONG Vector, BOOLEAN Enable)
{
    ULONG Irq = Vector & 0xF, Pin, Low;
    USHORT Flags;

    if ((Vector >> 4) != device_class(Irq) ||
        (Vector >> 4) < DEVICE_CLASS_LOWEST)
        return; /* not an IO-APIC vector (the clock's, for one) */
    Pin = madt.IsaRoute[Irq].Gsi - madt.IoApicGsiBase;
    Flags = madt.IsaRoute[Irq].Flags;
    Low = Vector; /* fixed delivery, physical destination */
    if ((Flags & MADT_POLARITY_MASK) == MADT_POLARITY_LOW)
        Low |= REDIRECTION_ACTIVE_LOW;
    if ((Flags & MADT_TRIGGER_MASK) == MADT_TRIGGER_LEVEL)
        Low |= REDIRECTION_LEVEL;
    if (!Enable)
        Low |= REDIRECTION_MASKED;
    ioapic_write(IOAPIC_REDIRECTION + 2 * Pin + 1,
                 lapic_read(LAPIC_ID) & 0xFF000000UL);
    ioapic_write(IOAPIC_REDIRECTION + 2 * Pin, Low);
}

/* The timer's counts in CALIBRATION_US of PIT time. Each sample reads
 * the PIT and the timer side by side at both ends of the window, with
 * interrupts off, and scales by the PIT counts that really passed; a
 * host that stalls the guest between two of those reads can only make a
 * sample too large, so the smallest of three is kept. (Timing the whole
 * of a stall from the moment the timer was loaded took every such gap in
 * as timer counts: on a busy host the clock came out 1.6 times slow.) */
static ULONG timer_counts_in_calibration(VOID)
{
    ULONGLONG Window = (ULONGLONG)CALIBRATION_US * PIT_FREQUENCY / 1000000;
    ULONG Best = 0xFFFFFFFF, Sample;

    for (Sample = 0; Sample < 3; Sample++) {
        ULONG Flags = save_and_disable_interrupts();
        ULONGLONG PitStart, PitEnd;
        ULONG TimerStart, TimerEnd, Counts;

        lapic_write(LAPIC_TIMER_INITIAL, 0xFFFFFFFF);
        PitStart = HalpReadPerformanceCounter();
        TimerStart = lapic_read(LAPIC_TIMER_CURRENT);
        do {
            PitEnd = HalpReadPerformanceCounter();
            TimerEnd = lapic_read(LAPIC_TIMER_CURRENT);
        } while (PitEnd - PitStart < Window);
        restore_interrupts(Flags);
        Counts = (ULONG)((ULONGLONG)(TimerStart - TimerEnd) * Window /
                         (PitEnd - PitStart));
        if (Counts < Best)
            Best = Counts;
    }
    return Best;
}

/* The timer's rate is the bus clock's, unknown: count it against the
 * PIT, then run it periodic at Hz. */
static ULONG apic_start_clock(ULONG Hz)
{
    ULONG Elapsed;

    lapic_write(LAPIC_TIMER_DIVIDE, TIMER_DIVIDE_BY_16);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | APIC_CLOCK_VECTOR);
    Elapsed = timer_counts_in_calibration();
    timer_counts_per_tick =
        (ULONG)((ULONGLONG)Elapsed * (1000000 / CALIBRATION_US) / Hz);
    if (timer_counts_per_tick == 0)
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, 1, Elapsed, 0, 0);
    lapic_write(LAPIC_TIMER_INITIAL, timer_counts_per_tick);
    lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | APIC_CLOCK_VECTOR);
    return APIC_CLOCK_VECTOR;
}

static VOID apic_trigger_interrupt(ULONG Vector)
{
    lapic_write(LAPIC_ICR_LOW, ICR_TO_SELF | Vector);
    while (lapic_read(LAPIC_ICR_LOW) & ICR_PENDING)
        cpu_pause();
}

const HAL_INTERRUPT_CONTROLLER HalpApic = {
    .Name = "APIC",
    .Initialize = apic_initialize,
    .Describe = apic_describe,
    .SetIrql = apic_set_irql,
    .BeginInterrupt = apic_begin_interrupt,
    .EndInterrupt = apic_end_interrupt,
    .ReplayDeferred = apic_replay_deferred,
    .MapIrq = apic_map_irq,
    .EnableVector = apic_enable_vector,
    .StartClock = apic_start_clock,
    .TriggerInterrupt = apic_trigger_interrupt,
};
