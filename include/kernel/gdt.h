/*
 * The processor's tables: GDT, the two TSSs, the processor control region
 * that fs points at in kernel mode, and per-task LDTs.
 */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include "kernel/pool_front.h"
#include "kernel/segment.h"
#include "kernel/x86.h"
#include "ntddk.h"
#include "ntexcept.h"

/* The hardware 32-bit task-state segment (Intel SDM vol. 3A, 8.2.1). */
typedef struct _KTSS {
    USHORT Backlink, Reserved0;
    ULONG Esp0;
    USHORT Ss0, Reserved1;
    ULONG Esp1;
    USHORT Ss1, Reserved2;
    ULONG Esp2;
    USHORT Ss2, Reserved3;
    ULONG CR3, Eip, EFlags, Eax, Ecx, Edx, Ebx, Esp, Ebp, Esi, Edi;
    USHORT Es, Reserved4, Cs, Reserved5, Ss, Reserved6;
    USHORT Ds, Reserved7, Fs, Reserved8, Gs, Reserved9;
    USHORT LDT, Reserved10;
    USHORT Flags, IoMapBase;
} KTSS, *PKTSS;

/*
 * The processor's own block (NT's KPRCB): the thread it runs, the one
 * chosen to run next, its idle thread, the ready queues, and the DPC
 * queue. The first fields sit where NT's do, so fs:[0x124] is the
 * current thread for any driver that reads it there.
 */
struct _KTHREAD;
typedef struct _KPRCB {
    USHORT MinorVersion;
    USHORT MajorVersion;
    struct _KTHREAD *CurrentThread; /* 0x04 */
    struct _KTHREAD *NextThread;    /* 0x08: standby, chosen to preempt */
    struct _KTHREAD *IdleThread;    /* 0x0C */
    UCHAR Number;
    BOOLEAN QuantumEnd; /* the clock ran the current thread's quantum out */
    BOOLEAN DpcRoutineActive;
    UCHAR Reserved;
    /* Bit n: DispatcherReadyListHead[n] holds a ready thread. */
    ULONG ReadySummary;
    LIST_ENTRY DispatcherReadyListHead[32];
    LIST_ENTRY DpcListHead;
    ULONG ContextSwitches;
    /* The kernel's own from here on (no NT offsets): the pool's
     * per-processor front for small blocks (kernel/pool_front.h). */
    MI_POOL_FRONT PoolFront;
} KPRCB, *PKPRCB;

/*
 * Processor control region, NT's x86 layout: the exception list is its
 * first field, so the innermost SEH frame is at fs:[0]; SelfPcr lets code
 * find the region's linear address through fs; the KPRCB is embedded at
 * 0x120.
 */
typedef struct _KPCR {
    PEXCEPTION_REGISTRATION_RECORD ExceptionList; /* fs:[0x00] */
    ULONG StackBase;  /* fs:[0x04]: top of the current stack */
    ULONG StackLimit; /* fs:[0x08]: its lowest byte */
    ULONG Reserved[4];
    struct _KPCR *SelfPcr; /* fs:[0x1C] */
    PKPRCB Prcb;           /* fs:[0x20] */
    volatile KIRQL Irql;   /* fs:[0x24] */
    UCHAR Reserved1[3];
    /* Bit n: something waits to run at IRQL n (a software interrupt, or
     * a hardware one the lazy PIC deferred); see kernel/ke/irql.c. */
    volatile ULONG IRR; /* fs:[0x28] */
    ULONG Reserved2[4];
    PKGDTENTRY GDT; /* fs:[0x3C] */
    PKTSS TSS;      /* fs:[0x40] */
    USHORT MajorVersion;
    USHORT MinorVersion;
    ULONG Reserved3[2];
    UCHAR Reserved4;
    UCHAR Number; /* fs:[0x51] */
    UCHAR Reserved5[0x120 - 0x52];
    KPRCB PrcbData; /* fs:[0x120] */
} KPCR, *PKPCR;

#define KPCR_EXCEPTION_LIST 0x00
#define KPCR_STACK_BASE 0x04
#define KPCR_STACK_LIMIT 0x08
#define KPCR_SELF 0x1C
#define KPCR_IRQL 0x24
#define KPCR_IRR 0x28
#define KPCR_CURRENT_THREAD 0x124
#if defined(__i386__) /* the host tests see other pointer sizes */
_Static_assert(offsetof(KPCR, Irql) == KPCR_IRQL, "KPCR_IRQL");
_Static_assert(offsetof(KPCR, IRR) == KPCR_IRR, "KPCR_IRR");
_Static_assert(offsetof(KPCR, GDT) == 0x3C, "KPCR.GDT");
_Static_assert(offsetof(KPCR, Number) == 0x51, "KPCR.Number");
_Static_assert(offsetof(KPCR, PrcbData) + offsetof(KPRCB, CurrentThread) ==
                   KPCR_CURRENT_THREAD,
               "fs:[0x124] is the current thread");
#endif

extern KPCR KiPcr;
extern KTSS KiTss;
extern KTSS KiDoubleFaultTss;
extern KGDTENTRY KiGdt[KGDT_ENTRIES];

/* Loads GDT, segments, TSS and fs; builds the double-fault task. */
VOID KiInitializeGdt(VOID);

/* The IRQL's hot path reaches its two fields straight through fs. */
FORCEINLINE KIRQL KiReadPcrIrql(VOID)
{
    ULONG Irql;
    __asm__ volatile("movzbl %%fs:%c1, %0" : "=r"(Irql) : "i"(KPCR_IRQL));
    return (KIRQL)Irql;
}

FORCEINLINE VOID KiWritePcrIrql(KIRQL Irql)
{
    __asm__ volatile("movb %0, %%fs:%c1"
                     :
                     : "q"(Irql), "i"(KPCR_IRQL)
                     : "memory");
}

FORCEINLINE ULONG KiReadPcrIrr(VOID)
{
    ULONG Irr;
    __asm__ volatile("movl %%fs:%c1, %0" : "=r"(Irr) : "i"(KPCR_IRR));
    return Irr;
}

/* Points the TEB descriptor (selector 0x3B) at a user thread's TEB, as
 * NT's context switch does: ring 3 reloads fs from it on the way out. */
FORCEINLINE VOID KiSetTebDescriptor(PKPCR Pcr, ULONG Teb)
{
    PKGDTENTRY Entry = &Pcr->GDT[KGDT_INDEX_R3_TEB];

    Entry->BaseLow = (USHORT)Teb;
    Entry->BaseMid = (UCHAR)(Teb >> 16);
    Entry->BaseHi = (UCHAR)(Teb >> 24);
}

/* Loads a process's LDT (a zero descriptor: none) when the GDT's LDT slot
 * holds another: a process switch with no LDT on either side costs one
 * compare (kernel/ke/ldt.c). */
VOID KiReloadLdt(PKPCR Pcr, const KGDTENTRY *Descriptor);
FORCEINLINE VOID KiLoadProcessLdt(PKPCR Pcr, const KGDTENTRY *Descriptor)
{
    const ULONGLONG *New = (const ULONGLONG *)Descriptor;
    const ULONGLONG *Loaded = (const ULONGLONG *)&Pcr->GDT[KGDT_INDEX_LDT];

    if (*New != *Loaded)
        KiReloadLdt(Pcr, Descriptor);
}

/* This processor's control region, found through fs as NT does. */
FORCEINLINE PKPCR KeGetPcr(VOID)
{
    PKPCR Pcr;
    __asm__ volatile("movl %%fs:%c1, %0" : "=r"(Pcr) : "i"(KPCR_SELF));
    return Pcr;
}

FORCEINLINE PKPRCB KeGetCurrentPrcb(VOID)
{
    return &KeGetPcr()->PrcbData;
}

/*
 * A local descriptor table: Count descriptors in caller memory. Entry 0 is
 * as unusable as the GDT's null entry. KeLdtLoad points the GDT's LDT slot
 * at the table and loads LDTR, after which TI=1 selectors reach it.
 */
typedef struct _KLDT {
    PKGDTENTRY Entries;
    ULONG Count;
} KLDT, *PKLDT;

NTSTATUS KeLdtInitialize(PKLDT Ldt, PKGDTENTRY Entries, ULONG Count);
NTSTATUS KeLdtSetEntry(PKLDT Ldt, ULONG Index, ULONG Base, ULONG Limit,
                       ULONG Type, ULONG Dpl);
VOID KeLdtLoad(const KLDT *Ldt);
VOID KeLdtUnload(VOID);

/* Boot stacks, bounds for the backtrace walker. */
extern UCHAR KiBootStack[], KiBootStackTop[];
#define KI_DOUBLE_FAULT_STACK_SIZE 8192
extern UCHAR KiDoubleFaultStack[KI_DOUBLE_FAULT_STACK_SIZE];

#endif
