/*
 * The global descriptor table, the task-state segments and the processor
 * control region. NT's x86 layout: flat ring-0 and ring-3 code and data, a
 * TSS for ring transitions, fs -> KPCR in kernel mode, a TEB slot for user
 * mode, an LDT slot rewritten per task, and a second TSS that the double
 * fault's task gate switches to, so that a fault on a broken stack still
 * reaches the bug check on a stack of its own.
 */
#include "kernel/gdt.h"
#include "kernel/sections.h"
#include "kernel/trap.h"

KGDTENTRY KiGdt[KGDT_ENTRIES] __attribute__((aligned(8)));
KTSS KiTss __attribute__((aligned(128)));
KTSS KiDoubleFaultTss __attribute__((aligned(128)));
KPCR KiPcr;
UCHAR KiDoubleFaultStack[KI_DOUBLE_FAULT_STACK_SIZE]
    __attribute__((aligned(16)));
extern VOID KiDoubleFaultEntry(VOID); /* trap_entry.asm */

static void set_entry(ULONG Index, ULONG Base, ULONG Limit, ULONG Type,
                      ULONG Dpl)
{
    NTSTATUS Status = KiBuildDescriptor(Base, Limit, Type, Dpl, &KiGdt[Index]);

    if (!NT_SUCCESS(Status))
        KeBugCheckEx(UNEXPECTED_KERNEL_MODE_TRAP, EXCEPTION_INVALID_TSS, Index,
                     Base, Limit);
}

static void initialize_double_fault_task(void)
{
    KTSS *Tss = &KiDoubleFaultTss;

    RtlZeroMemory(Tss, sizeof(*Tss));
    Tss->CR3 = read_cr3();
    Tss->Eip = (ULONG)KiDoubleFaultEntry;
    Tss->EFlags = 0x2; /* interrupts off, reserved bit 1 set */
    Tss->Esp = Tss->Esp0 =
        (ULONG)KiDoubleFaultStack + sizeof(KiDoubleFaultStack);
    Tss->Cs = KGDT_R0_CODE;
    Tss->Ds = Tss->Es = Tss->Ss = Tss->Ss0 = Tss->Gs = KGDT_R0_DATA;
    Tss->Fs = KGDT_R0_PCR;
    Tss->IoMapBase = sizeof(KTSS);
}

ALLOC_TEXT(INIT) VOID KiInitializeGdt(VOID)
{
    KDESCRIPTOR_REGISTER Gdtr;

    RtlZeroMemory(KiGdt, sizeof(KiGdt));
    set_entry(KGDT_INDEX_R0_CODE, 0, SEGMENT_LIMIT_4G, SEGMENT_TYPE_CODE_READ,
              0);
    set_entry(KGDT_INDEX_R0_DATA, 0, SEGMENT_LIMIT_4G, SEGMENT_TYPE_DATA_WRITE,
              0);
    set_entry(KGDT_INDEX_R3_CODE, 0, SEGMENT_LIMIT_4G, SEGMENT_TYPE_CODE_READ,
              3);
    set_entry(KGDT_INDEX_R3_DATA, 0, SEGMENT_LIMIT_4G, SEGMENT_TYPE_DATA_WRITE,
              3);
    set_entry(KGDT_INDEX_TSS, (ULONG)&KiTss, sizeof(KTSS) - 1, SEGMENT_TYPE_TSS,
              0);
    set_entry(KGDT_INDEX_R0_PCR, (ULONG)&KiPcr, sizeof(KPCR) - 1,
              SEGMENT_TYPE_DATA_WRITE, 0);
    /* The TEB slot gets a base per thread once user threads exist. */
    set_entry(KGDT_INDEX_R3_TEB, 0, 0xFFF, SEGMENT_TYPE_DATA_WRITE, 3);
    set_entry(KGDT_INDEX_DF_TSS, (ULONG)&KiDoubleFaultTss, sizeof(KTSS) - 1,
              SEGMENT_TYPE_TSS, 0);

    RtlZeroMemory(&KiTss, sizeof(KiTss));
    KiTss.Ss0 = KGDT_R0_DATA;
    KiTss.Esp0 = (ULONG)KiBootStackTop;
    KiTss.IoMapBase = sizeof(KTSS); /* no I/O permission map */
    initialize_double_fault_task();

    RtlZeroMemory(&KiPcr, sizeof(KiPcr));
    KiPcr.ExceptionList = EXCEPTION_CHAIN_END; /* no frame yet, as NT ends it */
    KiPcr.SelfPcr = &KiPcr;
    KiPcr.Prcb = &KiPcr.PrcbData;
    KiPcr.MajorVersion = KiPcr.PrcbData.MajorVersion = 1;
    KiPcr.MinorVersion = KiPcr.PrcbData.MinorVersion = 1;
    KiPcr.StackBase = (ULONG)KiBootStackTop;
    KiPcr.StackLimit = (ULONG)KiBootStack;
    KiPcr.GDT = KiGdt;
    KiPcr.TSS = &KiTss;

    Gdtr.Limit = sizeof(KiGdt) - 1;
    Gdtr.Base = (ULONG)KiGdt;
    load_gdt(&Gdtr);
    load_segments(KGDT_R0_CODE, KGDT_R0_DATA);
    write_fs(KGDT_R0_PCR);
    load_task_register(KGDT_TSS);
    load_ldt_register(0);
}
