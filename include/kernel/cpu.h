/*
 * What the processor offers, found with CPUID once at boot (kernel/ke/cpu.c).
 * Code that uses an optional feature asks KeFeatureBits; the names follow
 * NT's KF_ flags where NT has one. The oldest processor the kernel runs
 * on is a 486 (INVLPG, and CPUID on the later ones); a 386 is refused.
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include "ntdef.h"

#define KF_CPUID 0x00000001       /* the CPUID instruction */
#define KF_RDTSC 0x00000002       /* time-stamp counter */
#define KF_CR4 0x00000004         /* CR4 exists */
#define KF_X87 0x00000008         /* an FPU (the kernel never uses it) */
#define KF_GLOBAL_PAGE 0x00000010 /* PGE: global TLB entries */
#define KF_LARGE_PAGE 0x00000020  /* PSE: 4 MiB pages */
#define KF_MSR 0x00000040         /* RDMSR/WRMSR */
#define KF_LOCAL_APIC 0x00000080  /* an on-chip local APIC */
#define KF_CMPXCHG8B 0x00000100
#define KF_FXSR 0x00000200
#define KF_XMMI 0x00000400 /* SSE (the kernel never uses it) */
#define KF_CLFLUSH 0x00000800
#define KF_FAST_SYSCALL 0x00001000 /* SYSENTER/SYSEXIT (SEP) */

extern ULONG KeFeatureBits;

typedef struct _KI_CPU_INFORMATION {
    CHAR Vendor[13]; /* "GenuineIntel", or "" without CPUID */
    CHAR Brand[49];  /* CPUID's brand string, or "" */
    ULONG Family, Model, Stepping;
    ULONG CacheLineSize; /* CLFLUSH's line, else 64 */
} KI_CPU_INFORMATION;

extern KI_CPU_INFORMATION KiCpuInformation;

/* Detects the processor and puts CR0 and CR4 in the state the kernel
 * expects; halts with a message on a 386. */
VOID KiInitializeCpu(VOID);
/* CR0: caches on (CD, NW clear), x87 instructions trap (EM set, MP and TS
 * clear), FPU errors native (NE). CR4: everything but machine checks off
 * (no SSE, no SMEP/SMAP, no PAE, RDTSC allowed); paging adds PGE. */
VOID KiSanitizeControlRegisters(VOID);
VOID KiDescribeCpu(VOID);

#endif
