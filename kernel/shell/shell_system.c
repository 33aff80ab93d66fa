/*
 * The shell's system commands: `irql` (the interrupt system's state),
 * `test` (the kernel suite from the prompt), `bugcheck`, `reboot`, `halt`.
 */
#include "kernel/bugcheck.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/format.h"
#include "kernel/gdt.h"
#include "kernel/hal.h"
#include "kernel/irql.h"
#include "kernel/ktest.h"
#include "kernel/shell.h"

static PCSTR irql_name(KIRQL Irql)
{
    switch (Irql) {
    case PASSIVE_LEVEL:
        return "PASSIVE_LEVEL";
    case APC_LEVEL:
        return "APC_LEVEL";
    case DISPATCH_LEVEL:
        return "DISPATCH_LEVEL";
    case PROFILE_LEVEL:
        return "PROFILE_LEVEL";
    case CLOCK_LEVEL:
        return "CLOCK_LEVEL";
    case IPI_LEVEL:
        return "IPI_LEVEL";
    case POWER_LEVEL:
        return "POWER_LEVEL";
    case HIGH_LEVEL:
        return "HIGH_LEVEL";
    default:
        return "a device's DIRQL";
    }
}

/* What a vector is: the clock, an ISA line, or the controllers' own
 * (gdb's lk-irql says it alike, from the same data). */
static void describe_vector(ULONG Vector, PCHAR Text, SIZE_T Size)
{
    ULONG Irq;

    if (Vector == KiClockVector) {
        KiFormatString(Text, Size, "clock, IRQL %u", CLOCK_LEVEL);
        return;
    }
    for (Irq = 0; Irq < HAL_ISA_IRQS; Irq++) {
        if (HalpIsaRoutes[Irq].Vector == Vector && Vector != 0) {
            KiFormatString(Text, Size, "IRQ %lu, IRQL %u", Irq,
                           HalpIsaRoutes[Irq].Irql);
            return;
        }
    }
    KiFormatString(Text, Size, "%s",
                   Vector == APIC_SPURIOUS_VECTOR ? "APIC spurious"
                   : Vector < 0x20                ? "exception"
                                                  : "other");
}

BOOLEAN KiShellVer(ULONG Argc, PCHAR Argv[])
{
    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    KiPrintBanner();
    KiDescribeCpu();
    KiConsoleDescribe();
    return TRUE;
}

BOOLEAN KiShellIrql(ULONG Argc, PCHAR Argv[])
{
    KIRQL Irql = KeGetCurrentIrql();
    LARGE_INTEGER Ticks;
    ULONGLONG Time = KeQueryInterruptTime();
    ULONG Vector;
    CHAR Text[40];

    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    KeQueryTickCount(&Ticks);
    DbgPrint("IRQL %u (%s); HAL: %s, lazy: the controller is told only when "
             "an interrupt comes too early\n",
             Irql, irql_name(Irql), HalpController->Name);
    DbgPrint("Pending (PCR IRR): %08lx; DPCs queued %lu, run %lu\n", KiPcr.IRR,
             KiDpcQueueDepth, KiDpcCount);
    DbgPrint("Ticks: %llu of %lu x 100 ns; interrupt time %llu.%03llu s\n",
             (ULONGLONG)Ticks.QuadPart, KeQueryTimeIncrement(), Time / 10000000,
             Time / 10000 % 1000);
    DbgPrint("Interrupts per vector (unexpected %lu, spurious %lu):\n",
             KiUnexpectedInterruptCount, HalpSpuriousInterruptCount);
    for (Vector = 0; Vector < ARRAYSIZE(KiInterruptCount); Vector++) {
        if (KiInterruptCount[Vector] == 0)
            continue;
        describe_vector(Vector, Text, sizeof(Text));
        DbgPrint("  vector %02lx %10lu  %s\n", Vector, KiInterruptCount[Vector],
                 Text);
    }
    return TRUE;
}

BOOLEAN KiShellTest(ULONG Argc, PCHAR Argv[])
{
    ULONG Passed;

    if (Argc > 2)
        return FALSE;
    KtRunTestSelection(Argc == 2 ? Argv[1] : "all", &Passed);
    return TRUE;
}

BOOLEAN KiShellBugCheck(ULONG Argc, PCHAR Argv[])
{
    ULONG Values[5] = {0, 0, 0, 0, 0}, Index;

    if (Argc < 2)
        return FALSE;
    for (Index = 1; Index < Argc; Index++) {
        if (Index > 5 ||
            !KiShellParseNumber(Argv[Index], 16, &Values[Index - 1]))
            return FALSE;
    }
    KeBugCheckEx(Values[0], Values[1], Values[2], Values[3], Values[4]);
}

BOOLEAN KiShellReboot(ULONG Argc, PCHAR Argv[])
{
    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    DbgPrint("Rebooting.\n");
    HalReturnToFirmware(HalRebootRoutine);
}

BOOLEAN KiShellHalt(ULONG Argc, PCHAR Argv[])
{
    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    DbgPrint("System halted; the machine may be turned off.\n");
    HalReturnToFirmware(HalHaltRoutine);
}
