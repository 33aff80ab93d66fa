/*
 * The hardware abstraction layer: one small interface, two interrupt
 * controllers behind it (the 8259 PIC pair and the local APIC with the
 * IO-APIC), and the 8254 timer both use.
 */
#ifndef KERNEL_HAL_H
#define KERNEL_HAL_H

#include "ntddk.h"

typedef struct _HAL_INTERRUPT_CONTROLLER {
    PCSTR Name;
    /* Takes over the controller, every line masked; FALSE if it cannot. */
    BOOLEAN (*Initialize)(VOID);
    /* One boot-log line: what was found and how it is used. */
    VOID (*Describe)(VOID);
    /* Both controllers are lazy (NT's scheme): raising and lowering touch
     * only the PCR, and the controller is told the IRQL only on the slow
     * path, after an interrupt came at or below it and was deferred. */
    VOID (*SetIrql)(KIRQL Irql);
    /* An interrupt arrived on Vector. FALSE: nothing to run now (spurious,
     * not from this controller, or deferred because the IRQL is too
     * high). TRUE: *Irql is the level its ISRs run at. */
    BOOLEAN (*BeginInterrupt)(ULONG Vector, PKIRQL Irql);
    VOID (*EndInterrupt)(ULONG Vector);
    /* Lazy controllers: runs the interrupts deferred at Irql. */
    VOID (*ReplayDeferred)(KIRQL Irql);
    /* ISA IRQ -> vector and DIRQL; FALSE for an IRQ it cannot route. */
    BOOLEAN (*MapIrq)(ULONG Irq, PULONG Vector, PKIRQL Irql);
    /* Unmasks (or masks again) the line behind a vector. */
    VOID (*EnableVector)(ULONG Vector, BOOLEAN Enable);
    /* Starts the periodic clock interrupt at Hz; returns its vector. */
    ULONG (*StartClock)(ULONG Hz);
    /* Makes Vector arrive as the controller would deliver it (APIC: a
     * self-IPI; PIC: an INT instruction, which it cannot tell apart). */
    VOID (*TriggerInterrupt)(ULONG Vector);
} HAL_INTERRUPT_CONTROLLER;

extern const HAL_INTERRUPT_CONTROLLER HalpPic;
extern const HAL_INTERRUPT_CONTROLLER HalpApic;
/* The controller in use, chosen once at boot. */
extern const HAL_INTERRUPT_CONTROLLER *HalpController;
#define HalpTriggerInterrupt(Vector) HalpController->TriggerInterrupt(Vector)
/* Set once the controller is programmed and interrupts may be enabled. */
extern BOOLEAN HalpInterruptsReady;

/* kernel/hal/pic.c: the 8259 pair remapped to VectorBase, every line
 * masked (also used to park them under the APIC). */
VOID HalpRemapPic(ULONG VectorBase);
/* kernel/hal/apic.c: CPUID reports a local APIC (and MSRs to find it). */
BOOLEAN HalpCpuHasApic(VOID);
/* The local APIC's Task Priority Register as it is now (tests). */
ULONG HalpApicTaskPriority(VOID);

/* kernel/hal/pit.c: the 8254. Channel 2 runs free as the performance
 * counter's source; channel 0 gives the PIC's clock interrupt. */
#define PIT_FREQUENCY 1193182
VOID HalpInitializePerformanceCounter(VOID);
ULONGLONG HalpReadPerformanceCounter(VOID);
VOID HalpStartPitClock(ULONG Hz);

/* PIC vectors: NT's PRIMARY_VECTOR_BASE. */
#define PIC_VECTOR_BASE 0x30
/* Under the APIC HAL the 8259s are parked here, masked: a spurious IRQ 7
 * or 15 from them lands on vectors nothing else uses. */
#define PIC_PARKED_VECTOR_BASE 0x20
#define APIC_SPURIOUS_VECTOR 0xFF
#define APIC_CLOCK_VECTOR 0xE0

/* kernel/hal/firmware.c: NT's way out of the kernel. Halt and power down
 * stop the processor (there is no ACPI here); restart and reboot reset
 * the machine. Does not return. */
typedef enum _FIRMWARE_REENTRY {
    HalHaltRoutine,
    HalPowerDownRoutine,
    HalRestartRoutine,
    HalRebootRoutine,
    HalInteractiveModeRoutine,
    HalMaximumRoutine
} FIRMWARE_REENTRY;
DECLSPEC_NORETURN VOID HalReturnToFirmware(FIRMWARE_REENTRY Routine);

/* Spurious interrupts recognised (PIC IRQ 7/15, APIC vector 0xFF). */
extern ULONG HalpSpuriousInterruptCount;

/* What each ISA IRQ became once the HAL was chosen (MapIrq's answer;
 * Vector 0: the controller cannot route it). Data, so that the shell's
 * `irql` and gdb's lk-irql name the vectors from the same table. */
#define HAL_ISA_IRQS 16
typedef struct _HAL_ISA_ROUTE {
    ULONG Vector;
    KIRQL Irql;
} HAL_ISA_ROUTE;
extern HAL_ISA_ROUTE HalpIsaRoutes[HAL_ISA_IRQS];

/* kernel/hal/cmos.c: the CMOS real-time clock's date and time (taken as
 * UTC); FALSE when it cannot be read. TimeFields may still name a day
 * that does not exist (RtlTimeFieldsToTime refuses it). */
BOOLEAN NTAPI HalQueryRealTimeClock(PTIME_FIELDS TimeFields);

#endif
