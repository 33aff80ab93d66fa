/*
 * The processor: which one it is and what it offers (CPUID), and control
 * registers put in a known state whatever the firmware left. A UEFI
 * firmware or a boot loader may leave caches disabled (CR0.CD), SSE
 * enabled, or SMEP/SMAP on; none of it is assumed here.
 */
#include "kernel/cpu.h"
#include "kernel/bugcheck.h"
#include "kernel/console.h"
#include "kernel/multiboot.h"
#include "kernel/sections.h"
#include "kernel/x86.h"
#include "ntddk.h"

#define DEFAULT_CACHE_LINE 64

ULONG KeFeatureBits;
KI_CPU_INFORMATION KiCpuInformation;

static VOID copy_registers(PCHAR Destination, ULONG Count, const ULONG *Words)
{
    RtlCopyMemory(Destination, Words, Count * sizeof(ULONG));
    Destination[Count * sizeof(ULONG)] = '\0';
}

ALLOC_TEXT(INIT) static VOID read_brand(KI_CPU_INFORMATION *Cpu)
{
    ULONG Words[12], MaxExtended, Ignored, Leaf;
    PCHAR Start = Cpu->Brand;

    cpuid(0x80000000, &MaxExtended, &Ignored, &Ignored, &Ignored);
    if (MaxExtended < 0x80000004 || MaxExtended > 0x8000FFFF)
        return;
    for (Leaf = 0; Leaf < 3; Leaf++)
        cpuid(0x80000002 + Leaf, &Words[Leaf * 4], &Words[Leaf * 4 + 1],
              &Words[Leaf * 4 + 2], &Words[Leaf * 4 + 3]);
    copy_registers(Cpu->Brand, 12, Words);
    while (*Start == ' ') /* Intel pads the brand on the left */
        Start++;
    RtlMoveMemory(Cpu->Brand, Start, strlen(Start) + 1);
}

ALLOC_TEXT(INIT) static ULONG detect(KI_CPU_INFORMATION *Cpu)
{
    ULONG MaxLeaf, Signature, Misc, Ecx, Edx, Vendor[3], Line, Bits = 0;

    Cpu->Family = 4; /* a 486 without CPUID */
    Cpu->CacheLineSize = DEFAULT_CACHE_LINE;
    if (!cpu_has_cpuid())
        return 0;
    Bits |= KF_CPUID;
    cpuid(0, &MaxLeaf, &Vendor[0], &Vendor[2], &Vendor[1]);
    copy_registers(Cpu->Vendor, 3, Vendor);
    if (MaxLeaf < 1)
        return Bits;
    cpuid(1, &Signature, &Misc, &Ecx, &Edx);
    Cpu->Family = (Signature >> 8) & 0xF;
    Cpu->Model = (Signature >> 4) & 0xF;
    Cpu->Stepping = Signature & 0xF;
    if (Cpu->Family == 0xF)
        Cpu->Family += (Signature >> 20) & 0xFF;
    if (Cpu->Family >= 6)
        Cpu->Model |= ((Signature >> 16) & 0xF) << 4;
    if (Edx & CPUID_FEATURE_FPU)
        Bits |= KF_X87;
    if (Edx & CPUID_FEATURE_TSC)
        Bits |= KF_RDTSC;
    if (Edx & CPUID_FEATURE_PSE)
        Bits |= KF_LARGE_PAGE;
    if (Edx & CPUID_FEATURE_PGE)
        Bits |= KF_GLOBAL_PAGE;
    if (Edx & CPUID_FEATURE_MSR)
        Bits |= KF_MSR;
    if (Edx & CPUID_FEATURE_APIC)
        Bits |= KF_LOCAL_APIC;
    if (Edx & CPUID_FEATURE_CX8)
        Bits |= KF_CMPXCHG8B;
    if (Edx & CPUID_FEATURE_FXSR)
        Bits |= KF_FXSR;
    if (Edx & CPUID_FEATURE_SSE)
        Bits |= KF_XMMI;
    /* The Pentium Pro reports SEP without having it (Intel AP-485). */
    if ((Edx & CPUID_FEATURE_SEP) &&
        !(Cpu->Family == 6 && Cpu->Model < 3 && Cpu->Stepping < 3))
        Bits |= KF_FAST_SYSCALL;
    /* CR4 came with the Pentium; the 486s that have it say so by one of
     * the features it controls. */
    if (Cpu->Family >= 5 || (Edx & (CPUID_FEATURE_VME | CPUID_FEATURE_DE |
                                    CPUID_FEATURE_PSE | CPUID_FEATURE_PGE)))
        Bits |= KF_CR4;
    Line = ((Misc >> 8) & 0xFF) * 8;
    if ((Edx & CPUID_FEATURE_CLFSH) && Line >= 16 && (Line & (Line - 1)) == 0) {
        Bits |= KF_CLFLUSH;
        Cpu->CacheLineSize = Line;
    }
    read_brand(Cpu);
    return Bits;
}

VOID KiSanitizeControlRegisters(VOID)
{
    ULONG Cr0 = read_cr0();

    if (Cr0 & (CR0_CD | CR0_NW)) {
        write_cr0(Cr0 & ~(CR0_CD | CR0_NW));
        cpu_write_back_caches();
    }
    Cr0 = read_cr0() & ~(CR0_CD | CR0_NW | CR0_TS | CR0_MP | CR0_AM);
    write_cr0(Cr0 | CR0_EM | CR0_NE);
    if (KeFeatureBits & KF_CR4)
        write_cr4(read_cr4() & (CR4_MCE | CR4_PGE));
}

ALLOC_TEXT(INIT) VOID KiInitializeCpu(VOID)
{
    if (!eflags_bit_toggles(EFLAGS_AC)) {
        KiConsoleSelectScreen(); /* VGA text, most likely */
        DbgPrint("This kernel needs a 486 or later (it uses INVLPG); this "
                 "processor is a 386. Halted.\n");
        KiHaltProcessor();
    }
    KeFeatureBits = detect(&KiCpuInformation);
    KiSanitizeControlRegisters();
}

VOID KiDescribeCpu(VOID)
{
    static const struct {
        ULONG Bit;
        PCSTR Name;
    } Names[] = {
        {KF_CPUID, "cpuid"},      {KF_X87, "fpu"},
        {KF_RDTSC, "tsc"},        {KF_CR4, "cr4"},
        {KF_LARGE_PAGE, "pse"},   {KF_GLOBAL_PAGE, "pge"},
        {KF_MSR, "msr"},          {KF_LOCAL_APIC, "apic"},
        {KF_CMPXCHG8B, "cx8"},    {KF_FXSR, "fxsr"},
        {KF_XMMI, "sse"},         {KF_CLFLUSH, "clflush"},
        {KF_FAST_SYSCALL, "sep"},
    };
    const KI_CPU_INFORMATION *Cpu = &KiCpuInformation;
    ULONG Index;

    DbgPrint("CPU: %s family %lu model %lu stepping %lu%s%s%s\n",
             Cpu->Vendor[0] ? Cpu->Vendor : "486 without CPUID", Cpu->Family,
             Cpu->Model, Cpu->Stepping, Cpu->Brand[0] ? " (" : "", Cpu->Brand,
             Cpu->Brand[0] ? ")" : "");
    DbgPrint("CPU features:");
    for (Index = 0; Index < ARRAYSIZE(Names); Index++) {
        if (KeFeatureBits & Names[Index].Bit)
            DbgPrint(" %s", Names[Index].Name);
    }
    DbgPrint("; cache line %lu; CR0 %08lx%s\n", Cpu->CacheLineSize, read_cr0(),
             (KeFeatureBits & KF_X87) ? " (x87 unused: EM set)" : "");
}
