/*
 * Every instruction C cannot express, as one tiny inline function each. No
 * other C file writes inline assembly: the memory manager and the trap code
 * read like the textbook and call these by name.
 */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include "ntdef.h"

#define CR0_PG 0x80000000
#define CR0_CD 0x40000000 /* caches off */
#define CR0_NW 0x20000000 /* write-through off */
#define CR0_AM 0x00040000 /* alignment checks (with EFLAGS.AC, ring 3) */
#define CR0_WP 0x00010000 /* ring 0 honours read-only pages */
#define CR0_NE 0x00000020 /* x87 errors as #MF, not IRQ 13 */
#define CR0_TS 0x00000008 /* task switched: x87 traps once */
#define CR0_EM 0x00000004 /* no FPU: x87 instructions trap (#NM) */
#define CR0_MP 0x00000002
#define CR4_PGE 0x00000080
#define CR4_MCE 0x00000040
#define EFLAGS_ID 0x00200000 /* toggles only where CPUID exists */
#define EFLAGS_AC 0x00040000 /* toggles only on a 486 or later */
#define CPUID_FEATURE_FPU (1UL << 0)
#define CPUID_FEATURE_VME (1UL << 1)
#define CPUID_FEATURE_DE (1UL << 2)
#define CPUID_FEATURE_PSE (1UL << 3)
#define CPUID_FEATURE_TSC (1UL << 4)
#define CPUID_FEATURE_MSR (1UL << 5)
#define CPUID_FEATURE_CX8 (1UL << 8)
#define CPUID_FEATURE_SEP (1UL << 11)
#define CPUID_FEATURE_APIC (1UL << 9)
#define CPUID_FEATURE_PGE (1UL << 13)
#define CPUID_FEATURE_CLFSH (1UL << 19)
#define CPUID_FEATURE_FXSR (1UL << 24)
#define CPUID_FEATURE_SSE (1UL << 25)
#define EFLAGS_IF 0x00000200 /* maskable interrupts enabled */
#define EFLAGS_TF 0x00000100 /* single step: #DB after each instruction */
#define EFLAGS_NT 0x00004000 /* nested task: iretd returns by task switch */

typedef struct __attribute__((packed)) _KDESCRIPTOR_REGISTER {
    USHORT Limit;
    ULONG Base;
} KDESCRIPTOR_REGISTER;

static inline UCHAR inb(USHORT Port)
{
    UCHAR Value;
    __asm__ volatile("inb %1, %0" : "=a"(Value) : "Nd"(Port));
    return Value;
}

static inline void outb(USHORT Port, UCHAR Value)
{
    __asm__ volatile("outb %0, %1" : : "a"(Value), "Nd"(Port));
}

static inline void outl(USHORT Port, ULONG Value)
{
    __asm__ volatile("outl %0, %1" : : "a"(Value), "Nd"(Port));
}

static inline USHORT inw(USHORT Port)
{
    USHORT Value;
    __asm__ volatile("inw %1, %0" : "=a"(Value) : "Nd"(Port));
    return Value;
}

static inline void outw(USHORT Port, USHORT Value)
{
    __asm__ volatile("outw %0, %1" : : "a"(Value), "Nd"(Port));
}

static inline ULONG inl(USHORT Port)
{
    ULONG Value;
    __asm__ volatile("inl %1, %0" : "=a"(Value) : "Nd"(Port));
    return Value;
}

/* rep ins / rep outs: Count items of Size (1, 2 or 4) bytes between the
 * port and Buffer. */
static inline void insb(USHORT Port, PVOID Buffer, ULONG Count)
{
    __asm__ volatile("rep insb"
                     : "+D"(Buffer), "+c"(Count)
                     : "d"(Port)
                     : "memory");
}
static inline void insw(USHORT Port, PVOID Buffer, ULONG Count)
{
    __asm__ volatile("rep insw"
                     : "+D"(Buffer), "+c"(Count)
                     : "d"(Port)
                     : "memory");
}
static inline void insl(USHORT Port, PVOID Buffer, ULONG Count)
{
    __asm__ volatile("rep insl"
                     : "+D"(Buffer), "+c"(Count)
                     : "d"(Port)
                     : "memory");
}
static inline void outsb(USHORT Port, PCVOID Buffer, ULONG Count)
{
    __asm__ volatile("rep outsb"
                     : "+S"(Buffer), "+c"(Count)
                     : "d"(Port)
                     : "memory");
}
static inline void outsw(USHORT Port, PCVOID Buffer, ULONG Count)
{
    __asm__ volatile("rep outsw"
                     : "+S"(Buffer), "+c"(Count)
                     : "d"(Port)
                     : "memory");
}
static inline void outsl(USHORT Port, PCVOID Buffer, ULONG Count)
{
    __asm__ volatile("rep outsl"
                     : "+S"(Buffer), "+c"(Count)
                     : "d"(Port)
                     : "memory");
}

static inline void cpu_disable_interrupts(void)
{
    __asm__ volatile("cli" : : : "memory");
}

static inline void cpu_enable_interrupts(void)
{
    __asm__ volatile("sti" : : : "memory");
}

/* Interrupts off; returns EFLAGS as it was, for restore_interrupts. */
static inline ULONG save_and_disable_interrupts(void)
{
    ULONG Flags;
    __asm__ volatile("pushfl\n\tpopl %0\n\tcli" : "=r"(Flags) : : "memory");
    return Flags;
}

static inline void restore_interrupts(ULONG Flags)
{
    if (Flags & EFLAGS_IF)
        cpu_enable_interrupts();
}

/* Enables interrupts for exactly one instruction window and halts until
 * one arrives: sti's one-instruction shadow makes the pair atomic. */
static inline void cpu_wait_for_interrupt(void)
{
    __asm__ volatile("sti\n\thlt" : : : "memory");
}

/* Index of the highest set bit; Value must not be 0. */
static inline ULONG bit_scan_reverse(ULONG Value)
{
    ULONG Index;
    __asm__("bsrl %1, %0" : "=r"(Index) : "rm"(Value) : "cc");
    return Index;
}

/* lock cmpxchg8b (Pentium and later, CPUID's CX8): stores New when
 * *Target equals *Expected; else *Expected receives what *Target holds.
 * TRUE when it stored. */
static inline BOOLEAN compare_exchange_8(volatile ULONGLONG *Target,
                                         ULONGLONG *Expected, ULONGLONG New)
{
    BOOLEAN Stored;
    __asm__ volatile("lock cmpxchg8b %1"
                     : "=@ccz"(Stored), "+m"(*Target), "+A"(*Expected)
                     : "b"((ULONG)New), "c"((ULONG)(New >> 32))
                     : "memory");
    return Stored;
}

/* Model-specific registers (CPUID says whether there are any). */
static inline ULONGLONG rdmsr(ULONG Register)
{
    ULONG Low, High;
    __asm__ volatile("rdmsr" : "=a"(Low), "=d"(High) : "c"(Register));
    return ((ULONGLONG)High << 32) | Low;
}

static inline void wrmsr(ULONG Register, ULONGLONG Value)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(Register), "a"((ULONG)Value),
                       "d"((ULONG)(Value >> 32))
                     : "memory");
}

/* Device registers mapped into memory: every access really happens. */
static inline ULONG mmio_read(const volatile void *Register)
{
    return *(const volatile ULONG *)Register;
}

static inline void mmio_write(volatile void *Register, ULONG Value)
{
    *(volatile ULONG *)Register = Value;
}
static inline void cpu_halt(void)
{
    __asm__ volatile("hlt");
}
static inline void cpu_pause(void)
{
    __asm__ volatile("pause");
}

static inline ULONG read_cr0(void)
{
    ULONG Value;
    __asm__ volatile("movl %%cr0, %0" : "=r"(Value));
    return Value;
}

static inline void write_cr0(ULONG Value)
{
    __asm__ volatile("movl %0, %%cr0" : : "r"(Value) : "memory");
}

/* Only on CPUs that have CR4 (CPUID says so). */
static inline ULONG read_cr4(void)
{
    ULONG Value;
    __asm__ volatile("movl %%cr4, %0" : "=r"(Value));
    return Value;
}

static inline void write_cr4(ULONG Value)
{
    __asm__ volatile("movl %0, %%cr4" : : "r"(Value) : "memory");
}

/* Drops the TLB entry for the page holding Address, global or not. */
static inline void invlpg(ULONG Address)
{
    __asm__ volatile("invlpg (%0)" : : "r"(Address) : "memory");
}

static inline ULONG read_eflags(void)
{
    ULONG Value;
    __asm__ volatile("pushfl\n\tpopl %0" : "=r"(Value));
    return Value;
}

static inline void write_eflags(ULONG Value)
{
    __asm__ volatile("pushl %0\n\tpopfl" : : "r"(Value) : "memory", "cc");
}

/* Whether an EFLAGS bit can be flipped: ID where CPUID exists (late 486s
 * and later), AC on a 486 or later (a 386 keeps it 0). */
static inline BOOLEAN eflags_bit_toggles(ULONG Bit)
{
    ULONG Before = read_eflags(), After;

    write_eflags(Before ^ Bit);
    After = read_eflags();
    write_eflags(Before);
    return ((Before ^ After) & Bit) != 0;
}

static inline BOOLEAN cpu_has_cpuid(void)
{
    return eflags_bit_toggles(EFLAGS_ID);
}

/* Writes back and invalidates the caches (486 and later). */
static inline void cpu_write_back_caches(void)
{
    __asm__ volatile("wbinvd" : : : "memory");
}

static inline void cpuid(ULONG Leaf, ULONG *Eax, ULONG *Ebx, ULONG *Ecx,
                         ULONG *Edx)
{
    __asm__ volatile("cpuid"
                     : "=a"(*Eax), "=b"(*Ebx), "=c"(*Ecx), "=d"(*Edx)
                     : "a"(Leaf), "c"(0));
}

static inline ULONG read_cr2(void)
{
    ULONG Value;
    __asm__ volatile("movl %%cr2, %0" : "=r"(Value));
    return Value;
}

static inline ULONG read_cr3(void)
{
    ULONG Value;
    __asm__ volatile("movl %%cr3, %0" : "=r"(Value));
    return Value;
}

static inline void write_cr3(ULONG Value)
{
    __asm__ volatile("movl %0, %%cr3" : : "r"(Value) : "memory");
}

/* Drops every non-global TLB entry. */
static inline void flush_tlb(void)
{
    write_cr3(read_cr3());
}

/* The time-stamp counter (Pentium and later). */
static inline ULONGLONG read_tsc(void)
{
    ULONGLONG Value;
    __asm__ volatile("rdtsc" : "=A"(Value));
    return Value;
}

/* Exactly 2 * Iterations instructions (dec, jnz): a ruler for rdtsc. */
static inline void cpu_count_down(ULONG Iterations)
{
    __asm__ volatile("1: decl %0\n\tjnz 1b" : "+r"(Iterations) : : "cc");
}

static inline ULONG read_esp(void)
{
    ULONG Value;
    __asm__ volatile("movl %%esp, %0" : "=r"(Value));
    return Value;
}

static inline ULONG read_ebp(void)
{
    ULONG Value;
    __asm__ volatile("movl %%ebp, %0" : "=r"(Value));
    return Value;
}

static inline void load_gdt(const KDESCRIPTOR_REGISTER *Gdtr)
{
    __asm__ volatile("lgdt %0" : : "m"(*Gdtr) : "memory");
}

static inline void store_gdt(KDESCRIPTOR_REGISTER *Gdtr)
{
    __asm__ volatile("sgdt %0" : "=m"(*Gdtr));
}

static inline void load_idt(const KDESCRIPTOR_REGISTER *Idtr)
{
    __asm__ volatile("lidt %0" : : "m"(*Idtr) : "memory");
}

static inline void store_idt(KDESCRIPTOR_REGISTER *Idtr)
{
    __asm__ volatile("sidt %0" : "=m"(*Idtr));
}

static inline void load_task_register(USHORT Selector)
{
    __asm__ volatile("ltr %0" : : "r"(Selector) : "memory");
}

static inline USHORT store_task_register(void)
{
    USHORT Selector;
    __asm__ volatile("str %0" : "=r"(Selector));
    return Selector;
}

static inline void load_ldt_register(USHORT Selector)
{
    __asm__ volatile("lldt %0" : : "r"(Selector) : "memory");
}

static inline USHORT store_ldt_register(void)
{
    USHORT Selector;
    __asm__ volatile("sldt %0" : "=r"(Selector));
    return Selector;
}

/* Reloads CS with a far return and the data segments with Data. */
static inline void load_segments(USHORT Code, USHORT Data)
{
    __asm__ volatile("pushl %0\n\t"
                     "pushl $1f\n\t"
                     "lretl\n"
                     "1:\n\t"
                     "movw %w1, %%ds\n\t"
                     "movw %w1, %%es\n\t"
                     "movw %w1, %%ss\n\t"
                     "movw %w1, %%gs"
                     :
                     : "r"((ULONG)Code), "r"((ULONG)Data)
                     : "memory");
}

static inline USHORT read_cs(void)
{
    USHORT Selector;
    __asm__ volatile("movw %%cs, %0" : "=r"(Selector));
    return Selector;
}

static inline USHORT read_ds(void)
{
    USHORT Selector;
    __asm__ volatile("movw %%ds, %0" : "=r"(Selector));
    return Selector;
}

static inline USHORT read_fs(void)
{
    USHORT Selector;
    __asm__ volatile("movw %%fs, %0" : "=r"(Selector));
    return Selector;
}

static inline void write_fs(USHORT Selector)
{
    __asm__ volatile("movw %0, %%fs" : : "r"(Selector) : "memory");
}

static inline USHORT read_gs(void)
{
    USHORT Selector;
    __asm__ volatile("movw %%gs, %0" : "=r"(Selector));
    return Selector;
}

static inline void write_gs(USHORT Selector)
{
    __asm__ volatile("movw %0, %%gs" : : "r"(Selector) : "memory");
}

/* fs-relative access: the processor control region in kernel mode. */
static inline ULONG read_fs_ulong(ULONG Offset)
{
    ULONG Value;
    __asm__ volatile("movl %%fs:(%1), %0" : "=r"(Value) : "r"(Offset));
    return Value;
}

static inline void write_fs_ulong(ULONG Offset, ULONG Value)
{
    __asm__ volatile("movl %0, %%fs:(%1)"
                     :
                     : "r"(Value), "r"(Offset)
                     : "memory");
}

/* gs-relative byte read: the tests reach an LDT segment this way. */
static inline UCHAR read_gs_uchar(ULONG Offset)
{
    UCHAR Value;
    __asm__ volatile("movb %%gs:(%1), %0"
                     : "=q"(Value)
                     : "r"(Offset)
                     : "memory");
    return Value;
}

/* Far jump through a selector: the CPU checks the target against the code
 * segment's limit before it goes anywhere. */
static inline void far_jump(ULONG Offset, USHORT Selector)
{
    struct __attribute__((packed)) {
        ULONG Offset;
        USHORT Selector;
    } Target = {Offset, Selector};
    __asm__ volatile("ljmp *%0" : : "m"(Target) : "memory");
}

/* The byte limit the CPU holds for Selector (lsl), or 0 if unusable. */
static inline ULONG segment_limit(USHORT Selector)
{
    ULONG Limit = 0;
    __asm__ volatile("lsl %1, %0" : "+r"(Limit) : "r"((ULONG)Selector) : "cc");
    return Limit;
}

/* Deliberate faults for the tests: each instruction raises its exception. */
static inline void raise_breakpoint(void)
{
    __asm__ volatile("int3");
}
static inline void raise_invalid_opcode(void)
{
    __asm__ volatile("ud2");
}

/* One x87 instruction: the kernel runs with CR0.EM set, so it traps. */
static inline void execute_x87_instruction(void)
{
    __asm__ volatile("fninit");
}

static inline ULONG divide(ULONG Dividend, ULONG Divisor)
{
    ULONG Quotient;
    __asm__ volatile("xorl %%edx, %%edx; divl %2"
                     : "=a"(Quotient)
                     : "a"(Dividend), "r"(Divisor)
                     : "edx");
    return Quotient;
}

#endif
