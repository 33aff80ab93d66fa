/*
 * Choosing the HAL at boot: `hal=pic` or `hal=apic` on the command line,
 * otherwise the APIC when CPUID reports one. Until then a controller that
 * does nothing stands in, so the IRQL code never needs to ask.
 */
#include "kernel/hal.h"
#include "kernel/irql.h"
#include "kernel/sections.h"
#include "kernel/x86.h"

static BOOLEAN no_initialize(VOID)
{
    return TRUE;
}
static VOID no_describe(VOID) {}
static VOID no_set_irql(KIRQL Irql)
{
    UNREFERENCED_PARAMETER(Irql);
}
static BOOLEAN no_begin_interrupt(ULONG Vector, PKIRQL Irql)
{
    UNREFERENCED_PARAMETER(Vector);
    UNREFERENCED_PARAMETER(Irql);
    KiUnexpectedInterruptCount++;
    return FALSE;
}

/* Before the HAL: interrupts are off, and nothing can be connected. */
static const HAL_INTERRUPT_CONTROLLER boot_controller = {
    .Name = "none",
    .Initialize = no_initialize,
    .Describe = no_describe,
    .SetIrql = no_set_irql,
    .BeginInterrupt = no_begin_interrupt,
};

const HAL_INTERRUPT_CONTROLLER *HalpController = &boot_controller;
BOOLEAN HalpInterruptsReady;
ULONG HalpSpuriousInterruptCount;
HAL_ISA_ROUTE HalpIsaRoutes[HAL_ISA_IRQS];

ALLOC_TEXT(INIT) static VOID record_isa_routes(VOID)
{
    ULONG Irq;

    for (Irq = 0; Irq < HAL_ISA_IRQS; Irq++) {
        HAL_ISA_ROUTE *Route = &HalpIsaRoutes[Irq];

        if (!HalpController->MapIrq(Irq, &Route->Vector, &Route->Irql))
            Route->Vector = 0;
    }
}

ALLOC_TEXT(INIT)
static const HAL_INTERRUPT_CONTROLLER *choose_controller(PCSTR Option)
{
    BOOLEAN HasApic = HalpCpuHasApic();

    if (Option == NULL)
        return HasApic ? &HalpApic : &HalpPic;
    if (strcmp(Option, "pic") == 0)
        return &HalpPic;
    if (strcmp(Option, "apic") == 0) {
        if (HasApic)
            return &HalpApic;
        DbgPrint("HAL: hal=apic, but this CPU reports no local APIC; using "
                 "the PIC\n");
        return &HalpPic;
    }
    DbgPrint("HAL: unknown hal=%s (pic or apic); using the default\n", Option);
    return HasApic ? &HalpApic : &HalpPic;
}

ALLOC_TEXT(INIT) VOID KiInitializeInterrupts(PCSTR HalOption)
{
    const HAL_INTERRUPT_CONTROLLER *Controller = choose_controller(HalOption);

    HalpInitializePerformanceCounter();
    if (!Controller->Initialize()) {
        DbgPrint("HAL: the %s does not answer; using the PIC\n",
                 Controller->Name);
        Controller = &HalpPic;
        Controller->Initialize();
    }
    HalpController = Controller;
    record_isa_routes();
    Controller->SetIrql(KeGetCurrentIrql());
    HalpInterruptsReady = TRUE;
    KiInitializeClock();
    Controller->Describe();
    cpu_enable_interrupts();
}
