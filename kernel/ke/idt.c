/*
 * The interrupt descriptor table. Every vector points at its stub in
 * trap_entry.asm through an interrupt gate (interrupts stay off until the
 * dispatcher decides otherwise), except the double fault, which is a task
 * gate to the double-fault TSS. Breakpoint and overflow may be raised from
 * ring 3 (int3, into), as in NT.
 */
#include "kernel/gdt.h"
#include "kernel/sections.h"
#include "kernel/system_service.h"
#include "kernel/trap.h"

#define TRAP_STUB_SIZE 16

typedef struct _KIDTENTRY {
    USHORT Offset;
    USHORT Selector;
    UCHAR Reserved;
    UCHAR Access; /* P:1 DPL:2 0:1 Type:4 */
    USHORT ExtendedOffset;
} KIDTENTRY;

static KIDTENTRY KiIdt[KI_IDT_ENTRIES] __attribute__((aligned(8)));
extern UCHAR KiTrapStubs[]; /* trap_entry.asm: 256 stubs of 16 bytes */

static void set_gate(ULONG Vector, ULONG Offset, USHORT Selector, ULONG Type,
                     ULONG Dpl)
{
    KiIdt[Vector].Offset = (USHORT)(Offset & 0xFFFF);
    KiIdt[Vector].Selector = Selector;
    KiIdt[Vector].Reserved = 0;
    KiIdt[Vector].Access = (UCHAR)(0x80 | (Dpl << 5) | Type);
    KiIdt[Vector].ExtendedOffset = (USHORT)(Offset >> 16);
}

ALLOC_TEXT(INIT) VOID KiInitializeIdt(VOID)
{
    KDESCRIPTOR_REGISTER Idtr;
    ULONG Vector;

    for (Vector = 0; Vector < KI_IDT_ENTRIES; Vector++) {
        ULONG Dpl =
            (Vector == EXCEPTION_BREAKPOINT || Vector == EXCEPTION_OVERFLOW)
                ? 3
                : 0;
        set_gate(Vector, (ULONG)&KiTrapStubs[Vector * TRAP_STUB_SIZE],
                 KGDT_R0_CODE, SEGMENT_TYPE_INTERRUPT_GATE, Dpl);
    }
    set_gate(EXCEPTION_DOUBLE_FAULT, 0, KGDT_DF_TSS, SEGMENT_TYPE_TASK_GATE, 0);

    Idtr.Limit = sizeof(KiIdt) - 1;
    Idtr.Base = (ULONG)KiIdt;
    load_idt(&Idtr);
}

/* int 0x2e from ring 3 enters the system-service dispatcher; an
 * interrupt gate, so the entry decides when interrupts come back. */
VOID KiSetServiceGate(VOID)
{
    set_gate(KI_SERVICE_VECTOR, (ULONG)KiSystemService, KGDT_R0_CODE,
             SEGMENT_TYPE_INTERRUPT_GATE, 3);
}
