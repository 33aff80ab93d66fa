/* The processor's tables are loaded as designed (segment.h, gdt.h). */
#include "kernel/gdt.h"
#include "kernel/ktest.h"
#include "kernel/seh.h"
#include "kernel/trap.h"

KTEST(gdt_loaded)
{
    KDESCRIPTOR_REGISTER Gdtr;

    store_gdt(&Gdtr);
    KT_ASSERT_EQ(Gdtr.Base, (ULONG)KiGdt);
    KT_ASSERT_EQ(Gdtr.Limit, sizeof(KGDTENTRY) * KGDT_ENTRIES - 1);
    KT_ASSERT_EQ(read_cs(), KGDT_R0_CODE);
    KT_ASSERT_EQ(read_ds(), KGDT_R0_DATA);
    KT_ASSERT_EQ(read_fs(), KGDT_R0_PCR);
}

KTEST(gdt_flat_segments)
{
    static const struct {
        ULONG Index, Type, Dpl;
    } Expected[] = {
        {KGDT_INDEX_R0_CODE, SEGMENT_TYPE_CODE_READ, 0},
        {KGDT_INDEX_R0_DATA, SEGMENT_TYPE_DATA_WRITE, 0},
        {KGDT_INDEX_R3_CODE, SEGMENT_TYPE_CODE_READ, 3},
        {KGDT_INDEX_R3_DATA, SEGMENT_TYPE_DATA_WRITE, 3},
    };
    ULONG Index;

    KT_ASSERT(!KiDescriptorPresent(&KiGdt[KGDT_INDEX_NULL]));
    for (Index = 0; Index < ARRAYSIZE(Expected); Index++) {
        const KGDTENTRY *Entry = &KiGdt[Expected[Index].Index];
        KT_ASSERT_EQ(KiDescriptorBase(Entry), 0);
        KT_ASSERT_EQ(KiDescriptorLimit(Entry), 0xFFFFFFFF);
        /* The CPU sets the accessed bit (type bit 0) on first use. */
        KT_ASSERT_EQ(KiDescriptorType(Entry) & ~1UL, Expected[Index].Type);
        KT_ASSERT_EQ(KiDescriptorDpl(Entry), Expected[Index].Dpl);
    }
}

KTEST(tss_loaded)
{
    const KGDTENTRY *Tss = &KiGdt[KGDT_INDEX_TSS];
    const KGDTENTRY *DfTss = &KiGdt[KGDT_INDEX_DF_TSS];

    KT_ASSERT_EQ(store_task_register(), KGDT_TSS);
    /* ltr marks the TSS busy; the double-fault one waits, available. */
    KT_ASSERT_EQ(KiDescriptorType(Tss), SEGMENT_TYPE_TSS_BUSY);
    KT_ASSERT_EQ(KiDescriptorBase(Tss), (ULONG)&KiTss);
    KT_ASSERT_EQ(KiDescriptorType(DfTss), SEGMENT_TYPE_TSS);
    KT_ASSERT_EQ(KiDescriptorBase(DfTss), (ULONG)&KiDoubleFaultTss);
    KT_ASSERT_EQ(KiTss.Ss0, KGDT_R0_DATA);
    KT_ASSERT_EQ(KiDoubleFaultTss.Cs, KGDT_R0_CODE);
    KT_ASSERT_EQ(KiDoubleFaultTss.CR3, read_cr3());
}

KTEST(pcr_through_fs)
{
    const KGDTENTRY *Pcr = &KiGdt[KGDT_INDEX_R0_PCR];

    KT_ASSERT_EQ(KiDescriptorBase(Pcr), (ULONG)&KiPcr);
    KT_ASSERT_EQ(KiDescriptorLimit(Pcr), sizeof(KPCR) - 1);
    KT_ASSERT(KeGetPcr() == &KiPcr);
    KT_ASSERT_EQ(read_fs_ulong(KPCR_EXCEPTION_LIST),
                 (ULONG)KiPcr.ExceptionList);
}

KTEST(idt_double_fault_is_task_gate)
{
    KDESCRIPTOR_REGISTER Idtr;
    const UCHAR *Gate;

    store_idt(&Idtr);
    KT_ASSERT_EQ(Idtr.Limit, KI_IDT_ENTRIES * 8 - 1);
    Gate = (const UCHAR *)Idtr.Base + EXCEPTION_DOUBLE_FAULT * 8;
    KT_ASSERT_EQ(*(const USHORT *)(Gate + 2), KGDT_DF_TSS);
    KT_ASSERT_EQ(Gate[5], 0x80 | SEGMENT_TYPE_TASK_GATE);
    Gate = (const UCHAR *)Idtr.Base + EXCEPTION_PAGE_FAULT * 8;
    KT_ASSERT_EQ(*(const USHORT *)(Gate + 2), KGDT_R0_CODE);
    KT_ASSERT_EQ(Gate[5], 0x80 | SEGMENT_TYPE_INTERRUPT_GATE);
    Gate = (const UCHAR *)Idtr.Base + EXCEPTION_BREAKPOINT * 8;
    KT_ASSERT_EQ(Gate[5], 0x80 | (3 << 5) | SEGMENT_TYPE_INTERRUPT_GATE);
}

/* boot/layout.inc repeats selectors for the trap stubs: a trap taken with
 * fs cleared must come back with the PCR selector the C side defines. */
KTEST(trap_entry_selectors_match)
{
    volatile NTSTATUS Code = STATUS_SUCCESS;

    SEH_TRY
    {
        write_fs(0); /* inside: SEH_TRY itself needs fs */
        raise_breakpoint();
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(read_fs(), KGDT_R0_PCR);
    KT_ASSERT_EQ(read_ds(), KGDT_R0_DATA);
    KT_ASSERT_EQ(Code, STATUS_BREAKPOINT);
}
